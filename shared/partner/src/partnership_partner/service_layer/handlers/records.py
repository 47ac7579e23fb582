"""The work done for clients: services, activities, jobs, payments and contracts.

Each kind of record has one `check_…` that holds every rule it must meet; a new record and a
corrected one are checked the same way (a record being corrected is left out of its own duplicate
and capacity counts).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from partnership_partner.domain import rules
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import (
    Activity,
    Contract,
    ContractTerm,
    Employment,
    Payment,
    RetentionCheck,
    Service,
)
from partnership_partner.domain.programmes import check_participation
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.common import (
    client_of,
    enrolled_client,
    enrolled_clients,
    found,
    new_id,
)
from partnership_partner.service_layer.unit_of_work import UnitOfWork, total_hours
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import ContractKind, ContractType, Party, ServiceMode

# --- services ------------------------------------------------------------------------------------


async def check_service(
    uow: UnitOfWork, ctx: NodeContext, service: Service, confirmation: str | None
) -> list[str]:
    """The service's rules; returns the pseudonyms of its clients, in order."""
    ctx.check_day("delivered_on", service.delivered_on)
    if len(set(service.client_ids)) != len(service.client_ids):
        raise Rejected("client_ids", "service.client_twice")
    rules.check_service_shape(service.mode, len(service.client_ids), service.participants)
    clients = await enrolled_clients(
        uow, list(service.client_ids), "client_ids", service.delivered_on, "delivered_on"
    )
    rules.check_session_hours(service.hours, ctx.limits, confirmation)
    same_day = [
        other
        for other in await uow.services.given_to(service.client_ids, service.delivered_on)
        if other.id != service.id
    ]
    rules.check_daily_hours(
        total_hours(same_day, service.client_ids),
        service.hours,
        service.delivered_on,
        ctx.limits,
        confirmation,
    )
    identical = next(
        (
            other.id
            for other in same_day
            if (other.role, other.mode, other.hours) == (service.role, service.mode, service.hours)
            and set(other.client_ids) == set(service.client_ids)
        ),
        None,
    )
    rules.check_not_duplicate(identical, "confirmation", "service.duplicate", confirmation)
    return [client.pseudonym for client, _ in clients]


def service_payload(service: Service, pseudonyms: list[str]) -> ev.ServiceDeliveredPayload:
    individual = service.mode is ServiceMode.INDIVIDUAL
    return ev.ServiceDeliveredPayload(
        service_id=UUID(service.id),
        role=service.role,
        mode=service.mode,
        hours=service.hours,
        delivered_on=service.delivered_on,
        participants=service.participants,
        attendees=() if individual else tuple(pseudonyms),
    )


async def record_service(uow: UnitOfWork, ctx: NodeContext, command: cmd.RecordService) -> Service:
    service = Service(
        id=new_id(),
        role=command.role,
        mode=command.mode,
        hours=command.hours,
        delivered_on=command.delivered_on,
        participants=command.participants or len(command.client_ids),
        client_ids=tuple(str(client_id) for client_id in command.client_ids),
        event_id="",
        recorded_at=datetime.now(UTC),
        note=command.note,
        confirmation=command.confirmation,
    )
    pseudonyms = await check_service(uow, ctx, service, command.confirmation)
    service.event_id = uow.announce(
        ev.ServiceDelivered,
        service_payload(service, pseudonyms),
        client=pseudonyms[0] if service.mode is ServiceMode.INDIVIDUAL else None,
        occurred_at=moment(service.delivered_on),
    )
    await uow.services.add(service)
    return service


# --- activities ----------------------------------------------------------------------------------


async def check_activity(uow: UnitOfWork, ctx: NodeContext, activity: Activity) -> str:
    """The activity's rules; returns its client's pseudonym."""
    if activity.kind not in ctx.scope.activity_kinds:
        runs = ", ".join(sorted(kind.value for kind in ctx.scope.activity_kinds))
        raise Rejected(
            "kind", "activity.not_run", kind=activity.kind, partner=ctx.scope.name, runs=runs
        )
    ctx.check_day("started_on", activity.started_on)
    if activity.outcome == "abandoned" and activity.qualification_gained:
        raise Rejected("qualification_gained", "activity.abandoned_qualification")
    client, _ = await enrolled_client(
        uow, activity.client_id, "client_id", activity.started_on, "started_on"
    )
    if activity.programme_id is not None:
        await found(uow.programmes, activity.programme_id, "programme_id", "programme")
    if activity.edition_id is not None:
        edition = await found(uow.editions, activity.edition_id, "edition_id", "edition")
        if activity.programme_id not in (None, edition.programme_id):
            raise Rejected("edition_id", "edition.other_programme")
        taken = [
            other
            for other in await uow.activities.find(edition_id=edition.id, withdrawn=False)
            if other.id != activity.id
        ]
        check_participation(edition, activity.kind, activity.started_on, ctx.partner_id, len(taken))
    if activity.ended_on is not None:
        ctx.check_day("ended_on", activity.ended_on)
        if activity.ended_on < activity.started_on:
            raise Rejected("ended_on", "date.before_start", start_date=activity.started_on)
    return client.pseudonym


async def start_activity(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.StartActivity
) -> Activity:
    activity = Activity(
        id=new_id(),
        client_id=str(client_id),
        kind=command.kind,
        started_on=command.started_on,
        event_id="",
        programme_id=str(command.programme_id) if command.programme_id else None,
        edition_id=str(command.edition_id) if command.edition_id else None,
    )
    await client_of(uow, client_id)
    pseudonym = await check_activity(uow, ctx, activity)
    if activity.edition_id is not None and activity.programme_id is None:
        edition = await found(uow.editions, activity.edition_id, "edition_id", "edition")
        activity.programme_id = edition.programme_id
    activity.event_id = uow.announce(
        ev.ActivityStarted,
        ev.ActivityStartedPayload(
            activity_id=UUID(activity.id),
            kind=activity.kind,
            started_on=activity.started_on,
            programme_id=UUID(activity.programme_id) if activity.programme_id else None,
            edition_id=UUID(activity.edition_id) if activity.edition_id else None,
        ),
        client=pseudonym,
        occurred_at=moment(activity.started_on),
    )
    await uow.activities.add(activity)
    return activity


async def end_activity(
    uow: UnitOfWork, ctx: NodeContext, activity_id: object, command: cmd.EndActivity
) -> Activity:
    activity = await found(uow.activities, activity_id, "activity_id", "activity")
    if activity.withdrawn:
        raise Conflict("activity_id", "record.withdrawn")
    if activity.ended_on is not None:
        raise Conflict("activity_id", "activity.already_ended", end_date=activity.ended_on)
    activity.ended_on = command.ended_on
    activity.outcome = command.outcome.value
    activity.qualification_gained = command.qualification_gained
    pseudonym = await check_activity(uow, ctx, activity)
    completed = command.outcome is cmd.ActivityOutcome.COMPLETED
    ended = {"activity_id": UUID(activity.id), "kind": activity.kind, "ended_on": command.ended_on}
    activity.end_event_id = uow.announce(
        ev.ActivityCompleted if completed else ev.ActivityAbandoned,
        ev.ActivityCompletedPayload(**ended, qualification_gained=activity.qualification_gained)
        if completed
        else ev.ActivityEndedPayload(**ended),
        client=pseudonym,
        occurred_at=moment(command.ended_on),
    )
    await uow.activities.update(activity)
    return activity


# --- employment ----------------------------------------------------------------------------------


async def check_employment(uow: UnitOfWork, ctx: NodeContext, job: Employment) -> str:
    if not ctx.scope.records_employment:
        raise Rejected("contract_type", "employment.not_recorded", partner=ctx.scope.name)
    ctx.check_day("started_on", job.started_on)
    client, _ = await enrolled_client(uow, job.client_id, "client_id", job.started_on, "started_on")
    if job.ends_on is not None:
        if job.contract_type is ContractType.EMPLOYMENT_INDEFINITE:
            raise Rejected("ends_on", "employment.indefinite_has_end")
        rules.check_period("started_on", job.started_on, "ends_on", job.ends_on)
    if job.ended_on is not None:
        ctx.check_day("ended_on", job.ended_on)
        if job.ended_on < job.started_on:
            raise Rejected("ended_on", "date.before_start", start_date=job.started_on)
    return client.pseudonym


async def start_employment(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.StartEmployment
) -> Employment:
    await client_of(uow, client_id)
    job = Employment(
        id=new_id(),
        client_id=str(client_id),
        contract_type=command.contract_type,
        employer_kind=command.employer_kind,
        open_labour_market=command.open_labour_market,
        working_time=command.working_time,
        started_on=command.started_on,
        event_id="",
        employer_name=command.employer_name,
        ends_on=command.ends_on,
    )
    pseudonym = await check_employment(uow, ctx, job)
    job.event_id = uow.announce(
        ev.EmploymentStarted,
        ev.EmploymentStartedPayload(
            employment_id=UUID(job.id),
            contract_type=job.contract_type,
            employer_kind=job.employer_kind,
            open_labour_market=job.open_labour_market,
            working_time=job.working_time,
            started_on=job.started_on,
            ends_on=job.ends_on,
        ),
        client=pseudonym,
        occurred_at=moment(job.started_on),
    )
    await uow.employments.add(job)
    return job


async def end_employment(
    uow: UnitOfWork, ctx: NodeContext, employment_id: object, command: cmd.EndEmployment
) -> Employment:
    job = await found(uow.employments, employment_id, "employment_id", "employment")
    if job.withdrawn:
        raise Conflict("employment_id", "record.withdrawn")
    if job.ended_on is not None:
        raise Conflict("employment_id", "employment.already_ended", end_date=job.ended_on)
    job.ended_on = command.ended_on
    pseudonym = await check_employment(uow, ctx, job)
    job.end_event_id = uow.announce(
        ev.EmploymentEnded,
        ev.EmploymentEndedPayload(
            employment_id=UUID(job.id), contract_type=job.contract_type, ended_on=job.ended_on
        ),
        client=pseudonym,
        occurred_at=moment(command.ended_on),
    )
    await uow.employments.update(job)
    return job


async def check_retention_check(
    uow: UnitOfWork, ctx: NodeContext, check: RetentionCheck
) -> tuple[Employment, str]:
    ctx.check_day("checked_on", check.checked_on)
    job = await found(uow.employments, check.employment_id, "employment_id", "employment")
    if job.withdrawn:
        raise Conflict("employment_id", "record.withdrawn")
    if check.checked_on < job.started_on:
        raise Rejected("checked_on", "date.before_start", start_date=job.started_on)
    if job.ended_on is not None and check.checked_on > job.ended_on:
        raise Conflict("checked_on", "employment.ended", end_date=job.ended_on)
    client = await client_of(uow, job.client_id)
    check.months_since_start = rules.months_between(job.started_on, check.checked_on)
    return job, client.pseudonym


async def check_retention(
    uow: UnitOfWork, ctx: NodeContext, employment_id: object, command: cmd.CheckRetention
) -> RetentionCheck:
    check = RetentionCheck(
        id=new_id(),
        employment_id=str(employment_id),
        checked_on=command.checked_on,
        months_since_start=0,
        event_id="",
    )
    job, pseudonym = await check_retention_check(uow, ctx, check)
    check.event_id = uow.announce(
        ev.EmploymentRetained,
        ev.EmploymentRetainedPayload(
            employment_id=UUID(job.id),
            contract_type=job.contract_type,
            checked_on=check.checked_on,
            months_since_start=check.months_since_start,
        ),
        client=pseudonym,
        occurred_at=moment(check.checked_on),
    )
    await uow.retention_checks.add(check)
    return check


# --- money ---------------------------------------------------------------------------------------


async def check_payment(
    uow: UnitOfWork, ctx: NodeContext, payment: Payment, confirmation: str | None
) -> str:
    if payment.basis not in ctx.scope.payment_bases:
        bases = ", ".join(sorted(basis.value for basis in ctx.scope.payment_bases))
        raise Rejected(
            "basis",
            "payment.basis_not_paid",
            basis=payment.basis,
            partner=ctx.scope.name,
            bases=bases,
        )
    ctx.check_day("paid_on", payment.paid_on)
    rules.check_period("period_from", payment.period_from, "period_to", payment.period_to)
    client, _ = await enrolled_client(
        uow, payment.client_id, "client_id", payment.paid_on, "paid_on"
    )
    rules.check_payment_amount(payment.basis, payment.amount, ctx.limits, confirmation)
    identical = await uow.payments.find(
        client_id=payment.client_id,
        basis=payment.basis,
        amount=payment.amount,
        paid_on=payment.paid_on,
        withdrawn=False,
    )
    rules.check_not_duplicate(
        next((other.id for other in identical if other.id != payment.id), None),
        "confirmation",
        "payment.duplicate",
        confirmation,
    )
    return client.pseudonym


def payment_payload(payment: Payment) -> ev.BenefitPaidPayload:
    return ev.BenefitPaidPayload(
        payment_id=UUID(payment.id),
        basis=payment.basis,
        amount=payment.amount,
        paid_on=payment.paid_on,
        period_from=payment.period_from,
        period_to=payment.period_to,
        decision_id=UUID(payment.decision_id) if payment.decision_id else None,
    )


async def pay(
    uow: UnitOfWork, ctx: NodeContext, payment: Payment, confirmation: str | None
) -> Payment:
    """Check, announce and keep a payment (the common path of every kind of payment)."""
    pseudonym = await check_payment(uow, ctx, payment, confirmation)
    payment.event_id = uow.announce(
        ev.BenefitPaid,
        payment_payload(payment),
        client=pseudonym,
        occurred_at=moment(payment.paid_on),
    )
    await uow.payments.add(payment)
    return payment


async def record_payment(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.RecordPayment
) -> Payment:
    await client_of(uow, client_id)
    payment = Payment(
        id=new_id(),
        client_id=str(client_id),
        basis=command.basis,
        amount=command.amount,
        paid_on=command.paid_on,
        event_id="",
        period_from=command.period_from,
        period_to=command.period_to,
        confirmation=command.confirmation,
    )
    return await pay(uow, ctx, payment, command.confirmation)


# --- contracts -----------------------------------------------------------------------------------

DEFAULT_PARTIES = {
    ContractKind.TRIPARTITE_FAMILY_CONTRACT: (Party.FAMILY, Party.PUP, Party.OPS),
}


async def check_contract(
    uow: UnitOfWork, ctx: NodeContext, contract: Contract
) -> tuple[str, str | None]:
    """The contract's rules; returns the client's pseudonym and the family's, if any."""
    if contract.kind not in ctx.scope.contract_kinds:
        raise Rejected("kind", "contract.not_signed", kind=contract.kind, partner=ctx.scope.name)
    ctx.check_day("signed_on", contract.signed_on)
    rules.check_period("signed_on", contract.signed_on, "ends_on", contract.ends_on)
    client, _ = await enrolled_client(
        uow, contract.client_id, "client_id", contract.signed_on, "signed_on"
    )
    family_pseudonym: str | None = None
    if contract.family_id is not None:
        family = await found(uow.families, contract.family_id, "family_id", "family")
        if contract.client_id not in family.member_ids:
            raise Rejected("family_id", "contract.client_not_in_family")
        family_pseudonym = family.pseudonym
    parties = set(contract.parties)
    if len(parties) != len(contract.parties):
        raise Rejected("parties", "contract.party_twice")
    if contract.kind is ContractKind.TRIPARTITE_FAMILY_CONTRACT:
        if family_pseudonym is None:
            raise Rejected("family_id", "contract.family_required")
        if not {Party.FAMILY, Party.PUP, Party.OPS} <= parties:
            raise Rejected("parties", "contract.tripartite_parties")
    elif Party.CLIENT not in parties:
        raise Rejected("parties", "contract.client_party")
    for term in contract.obligations:
        if term.party not in parties:
            raise Rejected("obligations", "contract.obligation_of_non_party", party=term.party)
    ctx.hooks.check_contract(contract)
    return client.pseudonym, family_pseudonym


async def sign_contract(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.SignContract
) -> Contract:
    await client_of(uow, client_id)
    own = Party(ctx.scope.kind.value)
    parties = command.parties or list(DEFAULT_PARTIES.get(command.kind, (Party.CLIENT, own)))
    contract = Contract(
        id=new_id(),
        client_id=str(client_id),
        kind=command.kind,
        signed_on=command.signed_on,
        parties=tuple(parties),
        event_id="",
        ends_on=command.ends_on,
        family_id=str(command.family_id) if command.family_id else None,
        obligations=tuple(
            ContractTerm(term.party, term.obligation, term.description)
            for term in command.obligations
        ),
    )
    pseudonym, family = await check_contract(uow, ctx, contract)
    contract.event_id = uow.announce(
        ev.ContractSigned,
        ev.ContractSignedPayload(
            contract_id=UUID(contract.id),
            kind=contract.kind,
            signed_on=contract.signed_on,
            ends_on=contract.ends_on,
            family=family,
            parties=contract.parties,
            obligations=tuple(
                ev.ContractObligation(party=term.party, obligation=term.obligation)
                for term in contract.obligations
            ),
        ),
        client=pseudonym,
        occurred_at=moment(contract.signed_on),
    )
    await uow.contracts.add(contract)
    return contract
