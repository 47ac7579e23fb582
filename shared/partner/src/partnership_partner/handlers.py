"""What a partner node does with each command: change its records and announce the change.

Handlers are plain functions over a unit of work. They never commit and never publish: the caller
commits once, which writes the records and their events (the outbox) in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from stdnum.pl import pesel as stdnum_pesel

from partnership_partner import commands as cmd
from partnership_partner import schema as db
from partnership_partner.errors import Conflict, NotFound, RequestRejected
from partnership_partner.profile import PartnerProfile
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import (
    ActivityKind,
    Gender,
    Party,
    ServiceMode,
)
from partnership_shared.kernel.pseudonym import pseudonym_for
from partnership_shared.kernel.unit_of_work import UnitOfWork

POLAND = ZoneInfo("Europe/Warsaw")


@dataclass(frozen=True)
class NodeContext:
    """What handlers need to know about the node they run in."""

    profile: PartnerProfile
    partnership_starts_on: date
    secret: bytes

    def today(self) -> date:
        return datetime.now(POLAND).date()

    def check_date(self, field: str, value: date) -> None:
        """Dates of the partnership's records lie between its start and today."""
        if value > self.today():
            raise RequestRejected(field, f"{value.isoformat()} is in the future")
        if value < self.partnership_starts_on:
            raise RequestRejected(
                field,
                f"{value.isoformat()} is before the partnership began "
                f"({self.partnership_starts_on.isoformat()})",
            )


def _moment(day: date) -> datetime:
    """The instant an event dated `day` occurred, for the envelope's `occurred_at`."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=POLAND).astimezone(UTC)


async def _insert(uow: UnitOfWork, table: Any, **values: Any) -> dict[str, Any]:
    """Add a record and return it as staff read it back (no second round trip to re-read it)."""
    await uow.session.execute(insert(table).values(values))
    return values


async def _end(
    uow: UnitOfWork,
    table: Any,
    record_id: uuid.UUID,
    field: str,
    what: str,
    ended_on: date,
    **more: Any,
) -> tuple[dict[str, Any], RowMapping]:
    """End an open record (an activity, a job) on `ended_on`; the record as ended and its client."""
    record = await _record(uow, table, record_id, field)
    if record["ended_on"] is not None:
        raise Conflict(field, f"{what} {record_id} already ended on {record['ended_on']}")
    if ended_on < record["started_on"]:
        raise RequestRejected("ended_on", f"is before the {what} started")
    client = await _client(uow, record["client_id"], "client_id")
    changes = {"ended_on": ended_on, **more}
    await uow.session.execute(update(table).where(table.c.id == str(record_id)).values(changes))
    return {**_plain(record), **changes}, client


# --- clients -------------------------------------------------------------------------------------


async def register_client(
    uow: UnitOfWork, ctx: NodeContext, command: cmd.RegisterClient
) -> dict[str, Any]:
    """Record a person's personal data in this node only; nothing is announced yet."""
    pesel_birth = stdnum_pesel.get_birth_date(command.pesel)
    pesel_gender = Gender.MALE if stdnum_pesel.get_gender(command.pesel) == "M" else Gender.FEMALE
    if command.birth_date is not None and command.birth_date != pesel_birth:
        raise RequestRejected(
            "birth_date", f"does not match the PESEL, which gives {pesel_birth.isoformat()}"
        )
    if command.gender is not None and command.gender != pesel_gender:
        raise RequestRejected("gender", f"does not match the PESEL, which gives {pesel_gender}")
    existing = await uow.session.scalar(
        select(db.clients.c.id).where(db.clients.c.pesel == command.pesel)
    )
    if existing is not None:
        raise Conflict("pesel", f"a client with this PESEL is already registered (id {existing})")
    client_id = str(uuid.uuid4())
    await uow.session.execute(
        insert(db.clients).values(
            id=client_id,
            pesel=command.pesel,
            pseudonym=pseudonym_for(command.pesel, ctx.secret),
            first_name=command.first_name,
            last_name=command.last_name,
            gender=pesel_gender.value,
            birth_date=pesel_birth,
            disability_degree=command.disability_degree.value,
            address=command.address,
            phone=command.phone,
            registered_at=datetime.now(UTC),
        )
    )
    return await client_view(uow, client_id)


async def _client(uow: UnitOfWork, client_id: uuid.UUID | str, field: str) -> RowMapping:
    row = (
        (await uow.session.execute(select(db.clients).where(db.clients.c.id == str(client_id))))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(field, f"no client with id {client_id} in this node")
    return row


async def _enrolment(uow: UnitOfWork, client_id: str) -> RowMapping | None:
    return (
        (
            await uow.session.execute(
                select(db.enrolments).where(db.enrolments.c.client_id == client_id)
            )
        )
        .mappings()
        .first()
    )


async def _enrolled_clients(
    uow: UnitOfWork, client_ids: list[uuid.UUID], field: str, on: date, on_field: str
) -> list[RowMapping]:
    """The clients (one query), who must all be enrolled and not yet gone on `on`."""
    wanted = [str(client_id) for client_id in client_ids]
    rows = (
        (
            await uow.session.execute(
                select(
                    db.clients.c.id,
                    db.clients.c.pseudonym,
                    db.enrolments.c.enrolled_on,
                    db.enrolments.c.exited_on,
                )
                .join(db.enrolments, db.enrolments.c.client_id == db.clients.c.id, isouter=True)
                .where(db.clients.c.id.in_(wanted))
            )
        )
        .mappings()
        .all()
    )
    found = {row["id"]: row for row in rows}
    for client_id in wanted:
        row = found.get(client_id)
        if row is None:
            raise NotFound(field, f"no client with id {client_id} in this node")
        if row["enrolled_on"] is None:
            raise Conflict(field, f"client {client_id} is not enrolled in the partnership")
        if on < row["enrolled_on"]:
            raise RequestRejected(
                on_field,
                f"{on.isoformat()} is before the client's enrolment "
                f"({row['enrolled_on'].isoformat()})",
            )
        if row["exited_on"] is not None and on > row["exited_on"]:
            raise Conflict(
                on_field,
                f"{on.isoformat()} is after the client left the partnership "
                f"({row['exited_on'].isoformat()})",
            )
    return [found[client_id] for client_id in wanted]


async def _enrolled_client(
    uow: UnitOfWork, client_id: uuid.UUID | str, field: str, on: date, on_field: str
) -> RowMapping:
    """The client, who must be enrolled and not yet gone on `on`."""
    (client,) = await _enrolled_clients(uow, [uuid.UUID(str(client_id))], field, on, on_field)
    return client


async def enrol_client(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.EnrolClient
) -> dict[str, Any]:
    ctx.check_date("enrolled_on", command.enrolled_on)
    client = await _client(uow, client_id, "client_id")
    if await _enrolment(uow, client["id"]) is not None:
        raise Conflict("client_id", f"client {client_id} is already enrolled")
    replaces: str | None = None
    if command.replaces_client_id is not None:
        replaced = await _client(uow, command.replaces_client_id, "replaces_client_id")
        replaced_enrolment = await _enrolment(uow, replaced["id"])
        if replaced_enrolment is None or replaced_enrolment["exited_on"] is None:
            raise Conflict(
                "replaces_client_id",
                f"client {command.replaces_client_id} has not left the partnership, "
                "so nobody can take their place",
            )
        replaces = replaced["pseudonym"]
    await uow.session.execute(
        insert(db.enrolments).values(
            client_id=client["id"],
            programme=str(command.programme_id),
            enrolled_on=command.enrolled_on,
            consent_ref=command.consent_ref,
            registered_unemployed=command.registered_unemployed,
            household_size=command.household_size,
            replaces_client_id=str(command.replaces_client_id)
            if command.replaces_client_id
            else None,
        )
    )
    uow.announce(
        ev.ClientEnrolled,
        ev.ClientEnrolledPayload(
            programme_id=command.programme_id,
            enrolled_on=command.enrolled_on,
            gender=Gender(client["gender"]),
            birth_year=client["birth_date"].year,
            disability_degree=client["disability_degree"],
            registered_unemployed=command.registered_unemployed,
            household_size=command.household_size,
            replaces=replaces,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.enrolled_on),
    )
    return await client_view(uow, client["id"])


async def exit_client(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.ExitClient
) -> dict[str, Any]:
    ctx.check_date("exited_on", command.exited_on)
    client = await _enrolled_client(uow, client_id, "client_id", command.exited_on, "exited_on")
    enrolment = await _enrolment(uow, client["id"])
    assert enrolment is not None
    if enrolment["exited_on"] is not None:
        raise Conflict("client_id", f"client {client_id} already left on {enrolment['exited_on']}")
    await uow.session.execute(
        update(db.enrolments)
        .where(db.enrolments.c.client_id == client["id"])
        .values(exited_on=command.exited_on, exit_reason=command.reason.value)
    )
    uow.announce(
        ev.ClientExited,
        ev.ClientExitedPayload(reason=command.reason, exited_on=command.exited_on),
        client=client["pseudonym"],
        occurred_at=_moment(command.exited_on),
    )
    return await client_view(uow, client["id"])


# --- services ------------------------------------------------------------------------------------


async def record_service(
    uow: UnitOfWork, ctx: NodeContext, command: cmd.RecordService
) -> dict[str, Any]:
    ctx.check_date("delivered_on", command.delivered_on)
    if len(set(command.client_ids)) != len(command.client_ids):
        raise RequestRejected("client_ids", "a client is listed twice")
    if command.mode is ServiceMode.INDIVIDUAL and len(command.client_ids) != 1:
        raise RequestRejected("client_ids", "an individual service is for exactly one client")
    participants = command.participants or len(command.client_ids)
    if participants < len(command.client_ids):
        raise RequestRejected("participants", "fewer participants than clients listed")
    if command.mode is ServiceMode.INDIVIDUAL and participants != 1:
        raise RequestRejected("participants", "an individual service has one participant")
    clients = await _enrolled_clients(
        uow, command.client_ids, "client_ids", command.delivered_on, "delivered_on"
    )
    service_id = uuid.uuid4()
    service = {
        "id": str(service_id),
        "role": command.role.value,
        "mode": command.mode.value,
        "hours": command.hours,
        "delivered_on": command.delivered_on,
        "participants": participants,
        "note": command.note,
        "recorded_at": datetime.now(UTC),
    }
    await uow.session.execute(insert(db.services).values(service))
    await uow.session.execute(
        insert(db.service_clients),
        [{"service_id": str(service_id), "client_id": client["id"]} for client in clients],
    )
    individual = command.mode is ServiceMode.INDIVIDUAL
    uow.announce(
        ev.ServiceDelivered,
        ev.ServiceDeliveredPayload(
            service_id=service_id,
            role=command.role,
            mode=command.mode,
            hours=command.hours,
            delivered_on=command.delivered_on,
            participants=participants,
            attendees=() if individual else tuple(c["pseudonym"] for c in clients),
        ),
        client=clients[0]["pseudonym"] if individual else None,
        occurred_at=_moment(command.delivered_on),
    )
    return {**service, "client_ids": sorted(client["id"] for client in clients)}


# --- activities ----------------------------------------------------------------------------------


def _check_activity_kind(ctx: NodeContext, kind: ActivityKind) -> None:
    if kind not in ctx.profile.activity_kinds:
        runs = ", ".join(sorted(k.value for k in ctx.profile.activity_kinds))
        raise RequestRejected(
            "kind", f"{kind.value!r} is not run by {ctx.profile.name}; it runs: {runs}"
        )


async def start_activity(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.StartActivity
) -> dict[str, Any]:
    _check_activity_kind(ctx, command.kind)
    ctx.check_date("started_on", command.started_on)
    client = await _enrolled_client(uow, client_id, "client_id", command.started_on, "started_on")
    activity_id = uuid.uuid4()
    activity = await _insert(
        uow,
        db.activities,
        id=str(activity_id),
        client_id=client["id"],
        kind=command.kind.value,
        started_on=command.started_on,
        edition=str(command.edition_id) if command.edition_id else None,
        trade=None,
        provider=None,
        ended_on=None,
        outcome=None,
    )
    uow.announce(
        ev.ActivityStarted,
        ev.ActivityStartedPayload(
            activity_id=activity_id,
            kind=command.kind,
            started_on=command.started_on,
            programme_id=command.programme_id,
            edition_id=command.edition_id,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.started_on),
    )
    return activity


async def end_activity(
    uow: UnitOfWork, ctx: NodeContext, activity_id: uuid.UUID, command: cmd.EndActivity
) -> dict[str, Any]:
    ctx.check_date("ended_on", command.ended_on)
    activity, client = await _end(
        uow,
        db.activities,
        activity_id,
        "activity_id",
        "activity",
        command.ended_on,
        outcome=command.outcome,
    )
    event_class = ev.ActivityCompleted if command.outcome == "completed" else ev.ActivityAbandoned
    uow.announce(
        event_class,
        (
            ev.ActivityCompletedPayload
            if command.outcome == "completed"
            else ev.ActivityEndedPayload
        )(activity_id=activity_id, kind=activity["kind"], ended_on=command.ended_on),
        client=client["pseudonym"],
        occurred_at=_moment(command.ended_on),
    )
    return activity


# --- employment ----------------------------------------------------------------------------------


def _check_records_employment(ctx: NodeContext) -> None:
    if not ctx.profile.records_employment:
        raise RequestRejected("contract_type", f"{ctx.profile.name} does not record employment")


async def start_employment(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.StartEmployment
) -> dict[str, Any]:
    _check_records_employment(ctx)
    ctx.check_date("started_on", command.started_on)
    client = await _enrolled_client(uow, client_id, "client_id", command.started_on, "started_on")
    employment_id = uuid.uuid4()
    job = await _insert(
        uow,
        db.employments,
        id=str(employment_id),
        client_id=client["id"],
        contract_type=command.contract_type.value,
        employer_kind=command.employer_kind.value,
        employer_name=command.employer_name,
        open_labour_market=command.open_labour_market,
        working_time=command.working_time,
        started_on=command.started_on,
        ended_on=None,
    )
    uow.announce(
        ev.EmploymentStarted,
        ev.EmploymentStartedPayload(
            employment_id=employment_id,
            contract_type=command.contract_type,
            employer_kind=command.employer_kind,
            open_labour_market=command.open_labour_market,
            working_time=command.working_time,
            started_on=command.started_on,
            ends_on=command.ends_on,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.started_on),
    )
    return job


async def end_employment(
    uow: UnitOfWork, ctx: NodeContext, employment_id: uuid.UUID, command: cmd.EndEmployment
) -> dict[str, Any]:
    ctx.check_date("ended_on", command.ended_on)
    job, client = await _end(
        uow, db.employments, employment_id, "employment_id", "employment", command.ended_on
    )
    uow.announce(
        ev.EmploymentEnded,
        ev.EmploymentEndedPayload(
            employment_id=employment_id,
            contract_type=job["contract_type"],
            ended_on=command.ended_on,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.ended_on),
    )
    return job


async def check_retention(
    uow: UnitOfWork, ctx: NodeContext, employment_id: uuid.UUID, command: cmd.CheckRetention
) -> dict[str, Any]:
    ctx.check_date("checked_on", command.checked_on)
    job = await _record(uow, db.employments, employment_id, "employment_id")
    if command.checked_on < job["started_on"]:
        raise RequestRejected("checked_on", "is before the employment started")
    if job["ended_on"] is not None and command.checked_on > job["ended_on"]:
        raise Conflict("checked_on", f"the employment ended on {job['ended_on']}")
    client = await _client(uow, job["client_id"], "client_id")
    check = await _insert(
        uow,
        db.retention_checks,
        id=str(uuid.uuid4()),
        employment_id=str(employment_id),
        checked_on=command.checked_on,
    )
    started: date = job["started_on"]
    months = (
        (command.checked_on.year - started.year) * 12 + command.checked_on.month - started.month
    )
    if command.checked_on.day < started.day:
        months -= 1
    uow.announce(
        ev.EmploymentRetained,
        ev.EmploymentRetainedPayload(
            employment_id=employment_id,
            contract_type=job["contract_type"],
            checked_on=command.checked_on,
            months_since_start=months,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.checked_on),
    )
    return check


# --- money and contracts -------------------------------------------------------------------------


async def record_payment(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.RecordPayment
) -> dict[str, Any]:
    if command.basis not in ctx.profile.payment_bases:
        bases = ", ".join(sorted(b.value for b in ctx.profile.payment_bases))
        raise RequestRejected(
            "basis", f"{command.basis.value!r} is not paid by {ctx.profile.name}; it pays: {bases}"
        )
    ctx.check_date("paid_on", command.paid_on)
    if command.period_from and command.period_to and command.period_to < command.period_from:
        raise RequestRejected("period_to", "is before period_from")
    client = await _enrolled_client(uow, client_id, "client_id", command.paid_on, "paid_on")
    payment_id = uuid.uuid4()
    payment = await _insert(
        uow,
        db.payments,
        id=str(payment_id),
        client_id=client["id"],
        basis=command.basis.value,
        amount=command.amount,
        paid_on=command.paid_on,
        period_from=command.period_from,
        period_to=command.period_to,
    )
    uow.announce(
        ev.BenefitPaid,
        ev.BenefitPaidPayload(
            payment_id=payment_id,
            basis=command.basis,
            amount=command.amount,
            paid_on=command.paid_on,
            period_from=command.period_from,
            period_to=command.period_to,
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.paid_on),
    )
    return payment


async def sign_contract(
    uow: UnitOfWork, ctx: NodeContext, client_id: uuid.UUID, command: cmd.SignContract
) -> dict[str, Any]:
    if command.kind not in ctx.profile.contract_kinds:
        raise RequestRejected("kind", f"{command.kind.value!r} is not signed by {ctx.profile.name}")
    ctx.check_date("signed_on", command.signed_on)
    client = await _enrolled_client(uow, client_id, "client_id", command.signed_on, "signed_on")
    contract_id = uuid.uuid4()
    contract = await _insert(
        uow,
        db.contracts,
        id=str(contract_id),
        client_id=client["id"],
        kind=command.kind.value,
        signed_on=command.signed_on,
    )
    uow.announce(
        ev.ContractSigned,
        ev.ContractSignedPayload(
            contract_id=contract_id,
            kind=command.kind,
            signed_on=command.signed_on,
            parties=(Party.CLIENT, Party(ctx.profile.kind.value)),
        ),
        client=client["pseudonym"],
        occurred_at=_moment(command.signed_on),
    )
    return contract


# --- views ---------------------------------------------------------------------------------------


async def _record(
    uow: UnitOfWork, table: Any, record_id: uuid.UUID | str, field: str
) -> RowMapping:
    row = (
        (await uow.session.execute(select(table).where(table.c.id == str(record_id))))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(field, f"no {table.name.rstrip('s').replace('_', ' ')} with id {record_id}")
    return row


def _plain(row: RowMapping) -> dict[str, Any]:
    return {str(key): value for key, value in row.items()}


async def client_view(uow: UnitOfWork, client_id: str) -> dict[str, Any]:
    client = _plain(await _client(uow, client_id, "client_id"))
    enrolment = await _enrolment(uow, client_id)
    client["enrolment"] = None if enrolment is None else _plain(enrolment)
    return client
