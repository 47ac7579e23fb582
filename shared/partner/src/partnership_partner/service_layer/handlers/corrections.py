"""Corrections and withdrawals of any record this node made, always with a reason.

A corrected record is checked by the same rules as a new one; the node keeps what it said before
(`RecordChange`, with who, when and why) and announces a `RecordCorrected` per event the change
touches, or a `RecordWithdrawn` per event of a withdrawn record, naming the original event.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from partnership_partner.domain.corrections import (
    ACTIVITY,
    CONTRACT,
    EMPLOYMENT,
    ENROLMENT,
    FAMILY,
    PAYMENT,
    RETENTION,
    SERVICE,
    Correctable,
    Diff,
    announced_changes,
    announced_events,
    corrected,
)
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import (
    Activity,
    Contract,
    Employment,
    Enrolment,
    Family,
    Payment,
    RecordChange,
    RetentionCheck,
    Service,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import records
from partnership_partner.service_layer.handlers.common import client_of, found, new_id
from partnership_partner.service_layer.unit_of_work import Repository, UnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import ServiceMode

Check = Callable[[UnitOfWork, NodeContext, Any, str | None], Awaitable[str | None]]
"""A kind's rules for a corrected record; returns the pseudonym its events name (or None)."""


@dataclass(frozen=True)
class Kind:
    """One kind of record as corrections see it."""

    spec: Correctable
    field: str
    repository: Callable[[UnitOfWork], Repository[Any]]
    check: Check
    client_id: Callable[[UnitOfWork, Any], Awaitable[str | None]]


async def _check_service(
    uow: UnitOfWork, ctx: NodeContext, service: Service, confirmation: str | None
) -> str | None:
    pseudonyms = await records.check_service(uow, ctx, service, confirmation)
    return pseudonyms[0] if service.mode is ServiceMode.INDIVIDUAL else None


async def _check_activity(
    uow: UnitOfWork, ctx: NodeContext, activity: Activity, _confirmation: str | None
) -> str | None:
    return await records.check_activity(uow, ctx, activity)


async def _check_employment(
    uow: UnitOfWork, ctx: NodeContext, job: Employment, _confirmation: str | None
) -> str | None:
    return await records.check_employment(uow, ctx, job)


async def _check_retention(
    uow: UnitOfWork, ctx: NodeContext, check: RetentionCheck, _confirmation: str | None
) -> str | None:
    _, pseudonym = await records.check_retention_check(uow, ctx, check)
    return pseudonym


async def _check_payment(
    uow: UnitOfWork, ctx: NodeContext, payment: Payment, confirmation: str | None
) -> str | None:
    return await records.check_payment(uow, ctx, payment, confirmation)


async def _check_contract(
    uow: UnitOfWork, ctx: NodeContext, contract: Contract, _confirmation: str | None
) -> str | None:
    pseudonym, _ = await records.check_contract(uow, ctx, contract)
    return pseudonym


async def _check_dates(
    uow: UnitOfWork,
    ctx: NodeContext,
    record: Enrolment | Family,
    programme_id: str,
) -> None:
    ctx.check_day("enrolled_on", record.enrolled_on)
    programme = await found(uow.programmes, programme_id, "programme_id", "programme")
    if not programme.covers(record.enrolled_on):
        raise Rejected(
            "enrolled_on",
            "enrolment.outside_programme",
            start_date=programme.starts_on,
            end_date=programme.ends_on,
        )
    if record.exited_on is not None:
        ctx.check_day("exited_on", record.exited_on)
        if record.exited_on < record.enrolled_on:
            raise Rejected(
                "exited_on",
                "date.before_enrolment",
                day_date=record.exited_on,
                enrolled_date=record.enrolled_on,
            )


async def _check_enrolment(
    uow: UnitOfWork, ctx: NodeContext, enrolment: Enrolment, _confirmation: str | None
) -> str | None:
    await _check_dates(uow, ctx, enrolment, enrolment.programme_id)
    return (await client_of(uow, enrolment.client_id)).pseudonym


async def _check_family(
    uow: UnitOfWork, ctx: NodeContext, family: Family, _confirmation: str | None
) -> str | None:
    await _check_dates(uow, ctx, family, family.programme_id)
    return (await client_of(uow, family.head_client_id)).pseudonym


async def _own_client(_uow: UnitOfWork, record: Any) -> str | None:
    return str(record.client_id)


async def _service_client(_uow: UnitOfWork, service: Service) -> str | None:
    return service.client_ids[0] if service.mode is ServiceMode.INDIVIDUAL else None


async def _job_client(uow: UnitOfWork, check: RetentionCheck) -> str | None:
    job = await found(uow.employments, check.employment_id, "employment_id", "employment")
    return job.client_id


async def _family_head(_uow: UnitOfWork, family: Family) -> str | None:
    return family.head_client_id


KINDS: dict[str, Kind] = {
    "service": Kind(SERVICE, "service_id", lambda u: u.services, _check_service, _service_client),
    "activity": Kind(ACTIVITY, "activity_id", lambda u: u.activities, _check_activity, _own_client),
    "employment": Kind(
        EMPLOYMENT, "employment_id", lambda u: u.employments, _check_employment, _own_client
    ),
    "retention_check": Kind(
        RETENTION, "check_id", lambda u: u.retention_checks, _check_retention, _job_client
    ),
    "payment": Kind(PAYMENT, "payment_id", lambda u: u.payments, _check_payment, _own_client),
    "contract": Kind(CONTRACT, "contract_id", lambda u: u.contracts, _check_contract, _own_client),
    "enrolment": Kind(
        ENROLMENT, "client_id", lambda u: u.enrolments, _check_enrolment, _own_client
    ),
    "family": Kind(FAMILY, "family_id", lambda u: u.families, _check_family, _family_head),
}


async def correct(
    uow: UnitOfWork, ctx: NodeContext, kind_name: str, record_id: object, command: cmd.Correction
) -> tuple[Any, RecordChange]:
    """Correct a record: the changed fields, checked like a new record, announced, remembered."""
    kind = KINDS[kind_name]
    record = await found(kind.repository(uow), record_id, kind.field, kind.spec.kind)
    changed, diff = corrected(record, kind.spec, command.changes())
    before = getattr(record, "months_since_start", None)
    pseudonym = await kind.check(uow, ctx, changed, command.confirmation)
    if before is not None and changed.months_since_start != before:
        diff["months_since_start"] = (before, changed.months_since_start)
    now = datetime.now(UTC)
    event_ids = tuple(
        uow.announce(
            ev.RecordCorrected,
            ev.RecordCorrectedPayload(
                original_event_id=UUID(original),
                original_type=original_type,
                changes=values,
                reason=command.reason_kind,
            ),
            client=pseudonym,
            occurred_at=now,
        )
        for original, original_type, values in announced_changes(changed, kind.spec, diff)
    )
    await kind.repository(uow).update(changed)
    change = _remember(ctx, kind, record_id, "corrected", diff, command.reason, command, event_ids)
    change.confirmation = command.confirmation
    await uow.changes.add(change)
    return changed, change


async def withdraw(
    uow: UnitOfWork, ctx: NodeContext, kind_name: str, record_id: object, command: cmd.Withdrawal
) -> tuple[Any, RecordChange]:
    """Withdraw a record made in error: it stays, marked, and its events are withdrawn."""
    kind = KINDS[kind_name]
    record = await found(kind.repository(uow), record_id, kind.field, kind.spec.kind)
    if record.withdrawn:
        raise Conflict(kind.field, "correction.withdrawn")
    if not record.event_id:
        raise Conflict(kind.field, "correction.not_announced")
    await _check_nothing_depends_on(uow, kind_name, record)
    client_id = await kind.client_id(uow, record)
    pseudonym = (await client_of(uow, client_id)).pseudonym if client_id else None
    now = datetime.now(UTC)
    event_ids = tuple(
        uow.announce(
            ev.RecordWithdrawn,
            ev.RecordWithdrawnPayload(
                original_event_id=UUID(original),
                original_type=original_type,
                reason=command.reason_kind,
            ),
            client=pseudonym,
            occurred_at=now,
        )
        for original, original_type in announced_events(record, kind.spec)
    )
    record.withdrawn = True
    await kind.repository(uow).update(record)
    change = _remember(
        ctx,
        kind,
        record_id,
        "withdrawn",
        {"withdrawn": (False, True)},
        command.reason,
        command,
        event_ids,
    )
    await uow.changes.add(change)
    return record, change


async def _check_nothing_depends_on(uow: UnitOfWork, kind_name: str, record: Any) -> None:
    """An enrolment with records standing, or a job with retention checks, is not withdrawn."""
    if kind_name == "enrolment":
        client_id = record.client_id
        for repository in (uow.activities, uow.employments, uow.payments, uow.contracts):
            if await repository.find(client_id=client_id, withdrawn=False):
                raise Conflict("client_id", "enrolment.has_records")
        if await uow.services.given_to([client_id]):
            raise Conflict("client_id", "enrolment.has_records")
    if kind_name == "employment" and await uow.retention_checks.find(
        employment_id=record.id, withdrawn=False
    ):
        raise Conflict("employment_id", "employment.has_checks")


def _remember(
    ctx: NodeContext,
    kind: Kind,
    record_id: object,
    action: str,
    diff: Diff,
    reason: str,
    command: cmd.Correction | cmd.Withdrawal,
    event_ids: tuple[str, ...],
) -> RecordChange:
    return RecordChange(
        id=new_id(),
        record_kind=kind.spec.kind,
        record_id=str(record_id),
        action=action,
        changes=diff,
        reason=reason,
        reason_kind=command.reason_kind,
        actor=ctx.actor,
        at=datetime.now(UTC),
        event_ids=event_ids,
    )
