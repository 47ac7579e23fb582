"""The OPS's own routes: benefit decisions and the payments that follow them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from ops_node import service_layer as ops
from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.views import Cents, Out, PaymentOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer.handlers.common import client_of
from partnership_shared.events.vocabulary import PaymentBasis

router = APIRouter(prefix="/api/v1", tags=["OPS: benefit decisions"], responses=ERROR_RESPONSES)


class DecisionOut(Out):
    id: str
    client_id: str
    basis: PaymentBasis
    monthly_amount: Cents
    period_from: date
    period_to: date
    decided_on: date
    reference: str | None
    revoked_on: date | None


@router.post("/clients/{client_id}/benefit-decisions", status_code=201, response_model=DecisionOut)
async def decide(
    client_id: UUID,
    command: ops.Decide,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Record a benefit decision: its legal basis, monthly amount and period."""

    async def action(uow: Any) -> DecisionOut:
        return DecisionOut.model_validate(await ops.decide(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.get("/clients/{client_id}/benefit-decisions", response_model=list[DecisionOut])
async def decisions(client_id: UUID, node: NodeDep) -> list[DecisionOut]:
    async with node.unit_of_work() as uow:
        client = await client_of(uow, client_id)
        found = await uow.extension(ops.DECISIONS).find(client_id=client.id)
    found.sort(key=lambda d: (d.period_from, d.id))
    return [DecisionOut.model_validate(d) for d in found]


@router.post(
    "/benefit-decisions/{decision_id}/payments", status_code=201, response_model=PaymentOut
)
async def pay(
    decision_id: UUID,
    command: ops.PayUnderDecision,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Pay a month of a decision: its basis, by default its amount and the month paid in."""

    async def action(uow: Any) -> PaymentOut:
        return PaymentOut.model_validate(
            await ops.pay_under_decision(uow, ctx, decision_id, command)
        )

    return await write(node, key, request, action)
