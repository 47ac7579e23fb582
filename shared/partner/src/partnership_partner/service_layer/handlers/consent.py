"""Consent, its withdrawal, erasure and retention: the GDPR lifecycle of a client in this node.

Withdrawal and erasure are announced (`ConsentWithdrawn`, `ClientErased`) where the partnership
knows the client, i.e. once they were enrolled; after either, the unit of work refuses any event
that names the client (`partnership_partner.domain.consent.check_announceable`).
"""

from __future__ import annotations

from datetime import date

from partnership_partner.domain.consent import (
    FREE_TEXT_CHANGES,
    Consent,
    ConsentScope,
    LegalBasis,
    check_withdrawal,
    past_retention,
)
from partnership_partner.domain.errors import Conflict
from partnership_partner.domain.model import Client
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.common import client_of
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev


def consent_of(
    client_id: str, terms: cmd.ConsentTerms | None, document_ref: str, default_day: date
) -> Consent:
    """The consent `terms` describe (or, without terms, the one an enrolment always meant)."""
    terms = terms or cmd.ConsentTerms()
    return Consent(
        client_id=client_id,
        given_on=terms.given_on or default_day,
        scope=frozenset(terms.scope),
        legal_basis=terms.legal_basis,
        document_ref=document_ref,
    )


async def consent_for_enrolment(
    uow: UnitOfWork,
    client: Client,
    terms: cmd.ConsentTerms | None,
    document_ref: str,
    on: date,
) -> Consent:
    """The consent an enrolment rests on: the one given with it, or the one standing."""
    standing = await uow.consents.get(client.id)
    if standing is not None and standing.withdrawn_on is not None:
        raise Conflict("client_id", "consent.withdrawn", withdrawn_date=standing.withdrawn_on)
    if client.erased_on is not None:
        raise Conflict("client_id", "client.erased", erased_date=client.erased_on)
    if terms is None and standing is not None:
        return standing
    consent = consent_of(client.id, terms, document_ref, on)
    await uow.consents.save(consent)
    return consent


async def record_consent(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.RecordConsent
) -> Consent:
    given_on = command.given_on or ctx.today()
    ctx.check_day("given_on", given_on)
    client = await client_of(uow, client_id)
    standing = await uow.consents.get(client.id)
    if standing is not None and standing.withdrawn_on is not None:
        raise Conflict("client_id", "consent.withdrawn", withdrawn_date=standing.withdrawn_on)
    if client.erased_on is not None:
        raise Conflict("client_id", "client.erased", erased_date=client.erased_on)
    consent = consent_of(client.id, command, command.document_ref, given_on)
    await uow.consents.save(consent)
    return consent


async def withdraw_consent(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.WithdrawConsent
) -> Consent:
    ctx.check_day("withdrawn_on", command.withdrawn_on)
    client = await client_of(uow, client_id)
    consent = check_withdrawal(await uow.consents.get(client.id), client.id, command.withdrawn_on)
    consent.withdrawn_on = command.withdrawn_on
    if await uow.enrolments.get(client.id) is not None:
        consent.withdrawal_event_id = uow.announce(
            ev.ConsentWithdrawn,
            ev.ConsentWithdrawnPayload(withdrawn_on=command.withdrawn_on),
            client=client.pseudonym,
            occurred_at=moment(command.withdrawn_on),
        )
    await uow.consents.save(consent)
    return consent


async def erase_client(uow: UnitOfWork, ctx: NodeContext, client_id: object) -> Client:
    """Remove the client's personal data, and what staff typed about them, from this node."""
    client = await client_of(uow, client_id)
    if client.erased_on is not None:
        raise Conflict("client_id", "client.already_erased", erased_date=client.erased_on)
    today = ctx.today()
    client.erase(today)
    await uow.clients.update(client)
    await _forget_free_text(uow, client.id)
    if await uow.enrolments.get(client.id) is not None:
        uow.announce(
            ev.ClientErased,
            ev.ClientErasedPayload(erased_on=today),
            client=client.pseudonym,
            occurred_at=moment(today),
        )
    return client


async def _forget_free_text(uow: UnitOfWork, client_id: str) -> None:
    """What staff typed about the client may name or describe them: it goes with the data."""
    touched: list[str] = []
    for service in await uow.services.given_to([client_id]):
        service.note = service.confirmation = None
        await uow.services.update(service)
        touched.append(service.id)
    for job in await uow.employments.find(client_id=client_id):
        job.employer_name = None
        await uow.employments.update(job)
        touched.append(job.id)
        touched.extend(c.id for c in await uow.retention_checks.find(employment_id=job.id))
    for payment in await uow.payments.find(client_id=client_id):
        payment.confirmation = None
        await uow.payments.update(payment)
        touched.append(payment.id)
    for contract in await uow.contracts.find(client_id=client_id):
        contract.obligations = tuple(
            type(term)(term.party, term.obligation, None) for term in contract.obligations
        )
        await uow.contracts.update(contract)
        touched.append(contract.id)
    touched.extend(a.id for a in await uow.activities.find(client_id=client_id))
    await uow.changes.scrub([client_id, *touched], FREE_TEXT_CHANGES)


async def clients_past_retention(
    uow: UnitOfWork, ctx: NodeContext, retention_days: int
) -> list[str]:
    """The clients who left more than `retention_days` ago and whose data are still here."""
    exits = {
        enrolment.client_id: enrolment.exited_on
        for enrolment in await uow.enrolments.find()
        if enrolment.exited_on is not None and not enrolment.withdrawn
    }
    kept = await uow.clients.many(exits)
    left = {ident: day for ident, day in exits.items() if kept[ident].erased_on is None}
    return past_retention(left, ctx.today(), retention_days)


__all__ = [
    "ConsentScope",
    "LegalBasis",
    "clients_past_retention",
    "consent_for_enrolment",
    "erase_client",
    "record_consent",
    "withdraw_consent",
]
