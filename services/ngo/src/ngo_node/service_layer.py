"""The NGO's own commands and handlers: volunteering agreements, their start and their end."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

from pydantic import Field as Described

from ngo_node.domain.volunteering import (
    Field,
    VolunteeringAgreement,
    check_agreement,
    check_end,
)
from partnership_partner.domain.model import Activity
from partnership_partner.service_layer.commands import (
    ActivityOutcome,
    Command,
    Confirmation,
    EndActivity,
    StartActivity,
)
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import records
from partnership_partner.service_layer.handlers.common import found, new_id
from partnership_partner.service_layer.unit_of_work import Key, Repository, UnitOfWork
from partnership_shared.events.models import ShortText
from partnership_shared.events.vocabulary import ActivityKind


class Agreements(Repository[VolunteeringAgreement], Protocol):
    """Volunteering agreements, by id."""


AGREEMENTS: Key[Agreements] = Key("ngo.agreements")


class Conclude(Command):
    """A volunteering agreement: the host, the field of work, hours a week and the period."""

    host: ShortText = Described(description="The organisation the client volunteers with")
    field: Field
    weekly_hours: Decimal = Described(gt=0, le=40, max_digits=4, decimal_places=1)
    starts_on: date
    planned_end: date
    confirmation: Confirmation = None


class Finish(Command):
    ended_on: date
    realised: bool = Described(description="Realised as agreed (or broken off)")


async def conclude(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: Conclude
) -> tuple[VolunteeringAgreement, Activity]:
    """The agreement is concluded and the client's volunteering (an activity) begins."""
    activity = await records.start_activity(
        uow,
        ctx,
        client_id,
        StartActivity(kind=ActivityKind.VOLUNTEERING, started_on=command.starts_on),
    )
    enrolment = await uow.enrolments.get(activity.client_id)
    agreement = VolunteeringAgreement(
        id=new_id(),
        client_id=activity.client_id,
        activity_id=activity.id,
        host=command.host,
        field=command.field,
        weekly_hours=command.weekly_hours,
        starts_on=command.starts_on,
        planned_end=command.planned_end,
        confirmation=command.confirmation,
    )
    check_agreement(
        agreement, bool(enrolment and enrolment.registered_unemployed), command.confirmation
    )
    await uow.extension(AGREEMENTS).add(agreement)
    return agreement, activity


async def finish(
    uow: UnitOfWork, ctx: NodeContext, agreement_id: object, command: Finish
) -> tuple[VolunteeringAgreement, Activity]:
    """The agreement is realised or broken off: the volunteering completes or is abandoned."""
    agreements = uow.extension(AGREEMENTS)
    agreement = await found(agreements, agreement_id, "agreement_id", "agreement")
    check_end(agreement, command.ended_on)
    outcome = ActivityOutcome.COMPLETED if command.realised else ActivityOutcome.ABANDONED
    activity = await records.end_activity(
        uow, ctx, agreement.activity_id, EndActivity(outcome=outcome, ended_on=command.ended_on)
    )
    agreement.ended_on = command.ended_on
    agreement.realised = command.realised
    await agreements.update(agreement)
    return agreement, activity
