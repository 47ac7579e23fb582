"""The NGO's own routes: volunteering agreements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from ngo_node import service_layer as ngo
from ngo_node.domain.volunteering import Field
from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.views import ActivityOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer.handlers.common import client_of

router = APIRouter(prefix="/api/v1", tags=["NGO: volunteering"], responses=ERROR_RESPONSES)


class AgreementOut(BaseModel):
    id: str
    client_id: str
    host: str
    field: Field
    weekly_hours: Decimal
    starts_on: date
    planned_end: date
    ended_on: date | None
    realised: bool | None
    confirmation: str | None
    activity: ActivityOut


def agreement_out(agreement: Any, activity: Any) -> AgreementOut:
    return AgreementOut(
        id=agreement.id,
        client_id=agreement.client_id,
        host=agreement.host,
        field=agreement.field,
        weekly_hours=agreement.weekly_hours,
        starts_on=agreement.starts_on,
        planned_end=agreement.planned_end,
        ended_on=agreement.ended_on,
        realised=agreement.realised,
        confirmation=agreement.confirmation,
        activity=ActivityOut.model_validate(activity),
    )


@router.post(
    "/clients/{client_id}/volunteering-agreements", status_code=201, response_model=AgreementOut
)
async def conclude(
    client_id: UUID,
    command: ngo.Conclude,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A volunteering agreement concluded: the client's volunteering begins."""

    async def action(uow: Any) -> AgreementOut:
        return agreement_out(*await ngo.conclude(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.post("/volunteering-agreements/{agreement_id}/end", response_model=AgreementOut)
async def finish(
    agreement_id: UUID,
    command: ngo.Finish,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The agreement was realised (the volunteering completed) or broken off (abandoned)."""

    async def action(uow: Any) -> AgreementOut:
        return agreement_out(*await ngo.finish(uow, ctx, agreement_id, command))

    return await write(node, key, request, action, status_code=200)


@router.get("/clients/{client_id}/volunteering-agreements", response_model=list[AgreementOut])
async def agreements(client_id: UUID, node: NodeDep) -> list[AgreementOut]:
    async with node.unit_of_work() as uow:
        client = await client_of(uow, client_id)
        found = await uow.extension(ngo.AGREEMENTS).find(client_id=client.id)
        activities = {a.id: a for a in await uow.activities.find(client_id=client.id)}
    found.sort(key=lambda a: (a.starts_on, a.id))
    return [agreement_out(agreement, activities[agreement.activity_id]) for agreement in found]
