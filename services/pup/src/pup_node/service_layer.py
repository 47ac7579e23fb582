"""The PUP's own commands and handlers: registering the unemployed, internships and stipends."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Protocol
from uuid import UUID

from pydantic import Field

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import Activity, Payment
from partnership_partner.domain.rules import check_day
from partnership_partner.service_layer.commands import Command, Confirmation, StartActivity
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import records
from partnership_partner.service_layer.handlers.common import client_of, found, new_id
from partnership_partner.service_layer.hooks import Hooks
from partnership_partner.service_layer.unit_of_work import Key, Repository, UnitOfWork
from partnership_shared.events.models import Money, ShortText
from partnership_shared.events.vocabulary import ActivityKind, PaymentBasis
from pup_node.domain import registration as reg
from pup_node.domain.stipends import InternshipTerms, parse_month, stipend_for

# --- what the handlers need of storage -----------------------------------------------------------


class Registrations(Repository[reg.Registration], Protocol):
    """Registrations at the office, by id."""


REGISTRATIONS: Key[Registrations] = Key("pup.registrations")


class Internships(Repository[InternshipTerms], Protocol):
    """Internship terms by the id of their activity."""


INTERNSHIPS: Key[Internships] = Key("pup.internships")


# --- commands ------------------------------------------------------------------------------------


class Register(Command):
    """Registration at the labour office as unemployed or as a job seeker."""

    status: reg.RegistrationStatus = reg.RegistrationStatus.UNEMPLOYED
    registered_on: date


class Deregister(Command):
    deregistered_on: date
    reason: reg.DeregistrationReason


class StartInternship(Command):
    """A staż: the host, its dates and the monthly stipend agreed (umowa o staż)."""

    started_on: date
    planned_end: date
    host: ShortText = Field(description="The employer hosting the internship (stays here)")
    monthly_stipend: Money
    programme_id: UUID | None = None


class PayStipend(Command):
    month: str = Field(pattern=r"^\d{4}-\d{2}$", examples=["2013-03"])
    paid_on: date
    confirmation: Confirmation = None


# --- handlers ------------------------------------------------------------------------------------


async def register(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: Register
) -> reg.Registration:
    # A registration may well predate the partnership; it may not lie in the future.
    check_day("registered_on", command.registered_on, starts_on=date.min, today=ctx.today())
    client = await client_of(uow, client_id)
    registrations = uow.extension(REGISTRATIONS)
    reg.check_new(await registrations.find(client_id=client.id))
    registration = reg.Registration(
        id=new_id(),
        client_id=client.id,
        status=command.status,
        registered_on=command.registered_on,
    )
    await registrations.add(registration)
    return registration


async def deregister(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: Deregister
) -> reg.Registration:
    ctx.check_day("deregistered_on", command.deregistered_on)
    client = await client_of(uow, client_id)
    registrations = uow.extension(REGISTRATIONS)
    open_ = [r for r in await registrations.find(client_id=client.id) if r.deregistered_on is None]
    if not open_:
        raise Conflict("client_id", "registration.none")
    (registration,) = open_
    reg.check_end(registration, command.deregistered_on)
    registration.deregistered_on = command.deregistered_on
    registration.reason = command.reason
    await registrations.update(registration)
    return registration


async def start_internship(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: StartInternship
) -> tuple[Activity, InternshipTerms]:
    if command.planned_end < command.started_on:
        raise Rejected("planned_end", "period.reversed", other="started_on")
    activity = await records.start_activity(
        uow,
        ctx,
        client_id,
        StartActivity(
            kind=ActivityKind.INTERNSHIP,
            started_on=command.started_on,
            programme_id=command.programme_id,
        ),
    )
    terms = InternshipTerms(
        activity_id=activity.id,
        client_id=activity.client_id,
        host=command.host,
        starts_on=command.started_on,
        planned_end=command.planned_end,
        monthly_stipend=command.monthly_stipend,
    )
    await uow.extension(INTERNSHIPS).add(terms)
    return activity, terms


async def pay_stipend(
    uow: UnitOfWork, ctx: NodeContext, activity_id: object, command: PayStipend
) -> Payment:
    """The stipend of one month of an internship, reckoned by the rules, paid once."""
    internships = uow.extension(INTERNSHIPS)
    terms = await found(internships, activity_id, "activity_id", "internship")
    activity = await found(uow.activities, activity_id, "activity_id", "activity")
    if activity.withdrawn:
        raise Conflict("activity_id", "record.withdrawn")
    amount = stipend_for(terms, command.month, activity.ended_on)
    year, month = parse_month(command.month)
    first = max(date(year, month, 1), terms.starts_on)
    last = min(date(year, month, calendar.monthrange(year, month)[1]), terms.planned_end)
    paid = await uow.payments.find(
        client_id=terms.client_id,
        basis=PaymentBasis.INTERNSHIP_STIPEND,
        period_from=first,
        withdrawn=False,
    )
    if paid:
        raise Conflict("month", "stipend.paid", month=command.month)
    payment = Payment(
        id=new_id(),
        client_id=terms.client_id,
        basis=PaymentBasis.INTERNSHIP_STIPEND,
        amount=amount,
        paid_on=command.paid_on,
        event_id="",
        period_from=first,
        period_to=last,
        confirmation=command.confirmation,
    )
    return await records.pay(uow, ctx, payment, command.confirmation)


class PupHooks(Hooks):
    async def registered_unemployed(self, uow: UnitOfWork, client_id: str, on: date) -> bool:
        """Registered as unemployed on that day, by the PUP's own records."""
        return any(
            r.status is reg.RegistrationStatus.UNEMPLOYED and r.open_on(on)
            for r in await uow.extension(REGISTRATIONS).find(client_id=client_id)
        )
