"""Clients: registration, enrolment, exit; the register staff search."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.answers import drop_answers_naming
from partnership_partner.adapters.repositories import client_search
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.consent import Consent
from partnership_partner.domain.errors import NotFound
from partnership_partner.domain.model import Client, Enrolment
from partnership_partner.entrypoints.coordination_views import conflict_out
from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep, PageDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.entrypoints.routes.corrections import add_correction_routes
from partnership_partner.entrypoints.views import ClientOut, ConsentOut, EnrolmentOut, PageOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, consent, duplication
from partnership_partner.service_layer.handlers.common import client_of

router = APIRouter(prefix="/api/v1", tags=["clients"], responses=ERROR_RESPONSES)


def client_out(client: Client, enrolment: Enrolment | None) -> ClientOut:
    out = ClientOut.model_validate(client)
    out.enrolment = EnrolmentOut.model_validate(enrolment) if enrolment else None
    return out


async def _client_view(uow: SqlUnitOfWork, client_id: object) -> ClientOut:
    client = await client_of(uow, client_id)
    return client_out(client, await uow.enrolments.get(client.id))


@router.post("/clients", status_code=201, response_model=ClientOut)
async def register_client(
    command: cmd.RegisterClient,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Register a person served by this institution. Personal data stays in this node."""

    async def action(uow: Any) -> ClientOut:
        return client_out(await clients.register_client(uow, ctx, command), None)

    return await write(node, key, request, action)


SEARCH = "Parts of the names (Polish letters and case forgiven) or the beginning of a PESEL"


@router.get("/clients", response_model=PageOut[ClientOut])
async def list_clients(
    node: NodeDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100, description=SEARCH)] = None,
    enrolled: bool | None = None,
) -> PageOut[ClientOut]:
    conditions: list[Any] = []
    if q and q.strip():
        conditions.extend(client_search(q))
    if enrolled is not None:
        in_programme = db.clients.c.id.in_(
            db.enrolments.select().with_only_columns(db.enrolments.c.client_id)
        )
        conditions.append(in_programme if enrolled else ~in_programme)
    async with node.unit_of_work() as uow:
        total, found = await uow.clients.page(
            *conditions,
            order_by=(db.clients.c.last_name, db.clients.c.first_name, db.clients.c.id),
            limit=page.limit,
            offset=page.offset,
        )
        enrolments = await uow.enrolments.many(client.id for client in found)
    return PageOut[ClientOut](
        total=total,
        limit=page.limit,
        offset=page.offset,
        items=[client_out(client, enrolments.get(client.id)) for client in found],
    )


@router.get("/clients/{client_id}", response_model=ClientOut)
async def read_client(client_id: UUID, node: NodeDep) -> ClientOut:
    async with node.unit_of_work() as uow:
        return await _client_view(uow, client_id)


@router.post("/clients/{client_id}/enrolment", status_code=201, response_model=ClientOut)
async def enrol_client(
    client_id: UUID,
    command: cmd.EnrolClient,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Enrol the client in a programme of the partnership, with the reference of their consent.
    Where another partner enrolled the person with different facts, the answer warns."""
    lang = request_lang(request)

    async def action(uow: Any) -> ClientOut:
        enrolment = await clients.enrol_client(uow, ctx, client_id, command)
        out = await _client_view(uow, client_id)
        client = await client_of(uow, client_id)
        found = await duplication.enrolment_conflicts(uow, ctx, client, enrolment)
        out.warnings = [conflict_out(ctx, lang, conflict) for conflict in found]
        return out

    return await write(node, key, request, action)


@router.post("/clients/{client_id}/exit", response_model=ClientOut)
async def exit_client(
    client_id: UUID,
    command: cmd.ExitClient,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client leaves the partnership's support."""

    async def action(uow: Any) -> ClientOut:
        await clients.exit_client(uow, ctx, client_id, command)
        return await _client_view(uow, client_id)

    return await write(node, key, request, action, status_code=200)


add_correction_routes(
    router,
    "/clients/{record_id}/enrolment",
    "enrolment",
    cmd.CorrectEnrolment,
    EnrolmentOut.model_validate,
    EnrolmentOut,
    "enrolment",
)


# --- consent, its withdrawal, erasure (GDPR) -----------------------------------------------------


def consent_out(standing: Consent) -> ConsentOut:
    return ConsentOut(
        client_id=standing.client_id,
        given_on=standing.given_on,
        scope=sorted(standing.scope),
        legal_basis=standing.legal_basis,
        document_ref=standing.document_ref,
        withdrawn_on=standing.withdrawn_on,
    )


@router.get("/clients/{client_id}/consent", response_model=ConsentOut, tags=["consent"])
async def read_consent(client_id: UUID, node: NodeDep) -> ConsentOut:
    """The consent standing for the client: since when, for what, on what legal basis."""
    async with node.unit_of_work() as uow:
        client = await client_of(uow, client_id)
        standing = await uow.consents.get(client.id)
    if standing is None:
        raise NotFound("client_id", "consent.missing", client_id=client.id)
    return consent_out(standing)


@router.post(
    "/clients/{client_id}/consent", status_code=201, response_model=ConsentOut, tags=["consent"]
)
async def record_consent(
    client_id: UUID,
    command: cmd.RecordConsent,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Record the client's consent (GDPR art. 6 and 9): its date, scope and legal basis, and
    the reference of the signed document. Enrolment needs one covering sharing."""

    async def action(uow: Any) -> ConsentOut:
        return consent_out(await consent.record_consent(uow, ctx, client_id, command))

    return await write(node, key, request, action)


@router.post("/clients/{client_id}/consent/withdrawal", response_model=ConsentOut, tags=["consent"])
async def withdraw_consent(
    client_id: UUID,
    command: cmd.WithdrawConsent,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client withdrew consent: the partnership is told (`ConsentWithdrawn`) and nothing
    more about them is announced; new records for them are refused (409)."""

    async def action(uow: Any) -> ConsentOut:
        return consent_out(await consent.withdraw_consent(uow, ctx, client_id, command))

    return await write(node, key, request, action, status_code=200)


@router.post("/clients/{client_id}/erasure", response_model=ClientOut, tags=["consent"])
async def erase_client(
    client_id: UUID, node: NodeDep, ctx: ContextDep, request: Request, key: IdempotencyKey = None
) -> Response:
    """Erase the client's personal data (GDPR art. 17): PESEL, names, birth date, address,
    phone, what staff typed about them, and every kept answer naming them. The pseudonymous facts
    stay for the partnership's statistics; the partnership is told (`ClientErased`)."""

    async def action(uow: Any) -> ClientOut:
        return await erase(uow, ctx, client_id)

    return await write(node, key, request, action, status_code=200)


async def erase(uow: Any, ctx: NodeContext, client_id: object) -> ClientOut:
    """Erase the client, and forget every kept answer that named them (their id, their PESEL)."""
    before = await client_of(uow, client_id)
    await consent.erase_client(uow, ctx, client_id)
    await drop_answers_naming(uow.session, [before.id, before.pesel])
    return await _client_view(uow, client_id)
