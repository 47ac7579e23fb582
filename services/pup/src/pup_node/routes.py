"""The PUP's own routes: registration at the office, internships and their stipends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.views import ActivityOut, Cents, Out, PaymentOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer.handlers.common import client_of, found
from pup_node import service_layer as pup
from pup_node.domain.registration import DeregistrationReason, RegistrationStatus

router = APIRouter(
    prefix="/api/v1", tags=["PUP: registration and internships"], responses=ERROR_RESPONSES
)


class RegistrationOut(Out):
    id: str
    client_id: str
    status: RegistrationStatus
    registered_on: date
    deregistered_on: date | None
    reason: DeregistrationReason | None


class InternshipOut(BaseModel):
    activity: ActivityOut
    host: str
    planned_end: date
    monthly_stipend: Cents


def internship_out(activity: Any, terms: Any) -> InternshipOut:
    return InternshipOut(
        activity=ActivityOut.model_validate(activity),
        host=terms.host,
        planned_end=terms.planned_end,
        monthly_stipend=Decimal(terms.monthly_stipend),
    )


@router.post("/clients/{client_id}/registration", status_code=201, response_model=RegistrationOut)
async def register(
    client_id: UUID,
    command: pup.Register,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Register the client at the office, as unemployed or as a job seeker."""

    async def action(uow: Any) -> RegistrationOut:
        return RegistrationOut.model_validate(await pup.register(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.post("/clients/{client_id}/registration/end", response_model=RegistrationOut)
async def deregister(
    client_id: UUID,
    command: pup.Deregister,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Deregister the client (wyrejestrowanie), with the reason."""

    async def action(uow: Any) -> RegistrationOut:
        return RegistrationOut.model_validate(await pup.deregister(uow, ctx, client_id, command))

    return await write(node, key, request, action, status_code=200)


@router.get("/clients/{client_id}/registration", response_model=list[RegistrationOut])
async def registrations(client_id: UUID, node: NodeDep) -> list[RegistrationOut]:
    """The client's registrations at the office, oldest first."""
    async with node.unit_of_work() as uow:
        client = await client_of(uow, client_id)
        found_ = await uow.extension(pup.REGISTRATIONS).find(client_id=client.id)
    found_.sort(key=lambda r: r.registered_on)
    return [RegistrationOut.model_validate(r) for r in found_]


@router.post("/clients/{client_id}/internships", status_code=201, response_model=InternshipOut)
async def start_internship(
    client_id: UUID,
    command: pup.StartInternship,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A staż begins: the host, its dates and the monthly stipend agreed."""

    async def action(uow: Any) -> InternshipOut:
        return internship_out(*await pup.start_internship(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.get("/internships/{activity_id}", response_model=InternshipOut)
async def read_internship(activity_id: UUID, node: NodeDep) -> InternshipOut:
    async with node.unit_of_work() as uow:
        internships = uow.extension(pup.INTERNSHIPS)
        terms = await found(internships, activity_id, "activity_id", "internship")
        activity = await found(uow.activities, activity_id, "activity_id", "activity")
    return internship_out(activity, terms)


@router.post("/internships/{activity_id}/stipends", status_code=201, response_model=PaymentOut)
async def pay_stipend(
    activity_id: UUID,
    command: pup.PayStipend,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Pay the stipend of one month of the internship: the whole monthly amount for a whole
    month, a share by days (a month counting 30) for a month in part."""

    async def action(uow: Any) -> PaymentOut:
        return PaymentOut.model_validate(await pup.pay_stipend(uow, ctx, activity_id, command))

    return await write(node, key, request, action)
