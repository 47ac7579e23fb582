"""Individual support plans (IPW): agreed and revised by the partner that made them, seen with
their progress on every node that knows the client."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from partnership_partner.domain.plans import Plan
from partnership_partner.entrypoints.coordination_views import PlanOut, overlap_out, plan_out
from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import duplication, plans
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.i18n import Lang

router = APIRouter(prefix="/api/v1", tags=["coordination"], responses=ERROR_RESPONSES)


async def _answer(
    uow: UnitOfWork, ctx: NodeContext, lang: Lang, plan: Plan, client_id: str, warn: bool = False
) -> PlanOut:
    warnings = []
    if warn:
        found = await duplication.plan_overlaps(uow, ctx, plan)
        warnings = [overlap_out(ctx, lang, overlap, number) for number, overlap in found]
    states = await plans.plan_progress(uow, ctx, plan)
    return plan_out(ctx, lang, plan, client_id, states, warnings)


@router.post("/clients/{client_id}/plans", status_code=201, response_model=PlanOut)
async def agree_plan(
    client_id: UUID,
    command: cmd.AgreePlan,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A plan agreed by the team of specialists for a client of this node: actions, each for one
    partner, with a kind and a target date. This node keeps it; every partner sees it. Where an
    action assigns what another partner already gives the client, the answer warns."""
    lang = request_lang(request)

    async def action(uow: Any) -> PlanOut:
        plan = await plans.agree_plan(uow, ctx, client_id, command)
        return await _answer(uow, ctx, lang, plan, str(client_id), warn=True)

    return await write(node, key, request, action)


@router.post("/plans/{plan_id}/revisions", status_code=201, response_model=PlanOut)
async def revise_plan(
    plan_id: UUID,
    command: cmd.RevisePlan,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The team agreed the plan anew (only the partner that made it revises it); the earlier
    revisions stay in its history. Actions that stay give their `action_id`."""
    lang = request_lang(request)

    async def action(uow: Any) -> PlanOut:
        plan = await plans.revise_plan(uow, ctx, plan_id, command)
        _, client = await plans.read_plan(uow, plan.id)
        return await _answer(uow, ctx, lang, plan, client.id, warn=True)

    return await write(node, key, request, action)


@router.get("/plans/{plan_id}", response_model=PlanOut)
async def read_plan(plan_id: UUID, node: NodeDep, ctx: ContextDep, request: Request) -> PlanOut:
    """A plan of a client this node knows, whoever made it, with each action's progress."""
    async with node.unit_of_work() as uow:
        plan, client = await plans.read_plan(uow, plan_id)
        return await _answer(uow, ctx, request_lang(request), plan, client.id)


@router.get("/clients/{client_id}/plans", response_model=list[PlanOut])
async def client_plans(
    client_id: UUID, node: NodeDep, ctx: ContextDep, request: Request
) -> list[PlanOut]:
    """The client's plans, made by any partner, with their progress."""
    lang = request_lang(request)
    async with node.unit_of_work() as uow:
        client, found = await plans.plans_of(uow, client_id)
        return [await _answer(uow, ctx, lang, plan, client.id) for plan in found]
