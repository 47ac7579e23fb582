"""The HTTP API partner staff use: thin routes over the handlers, with idempotent writes.

Every write may carry an `Idempotency-Key` header: repeating a request with the same key (a double
click, a retried upload, a demo loaded twice) returns the first answer and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic_core import to_jsonable_python
from sqlalchemy import Select, func, insert, select
from sqlalchemy.exc import IntegrityError

from partnership_partner import commands as cmd
from partnership_partner import handlers
from partnership_partner import schema as db
from partnership_partner.errors import Conflict, RequestRejected
from partnership_partner.node import PartnerNode
from partnership_shared.events.vocabulary import ActivityKind, PaymentBasis
from partnership_shared.kernel.unit_of_work import UnitOfWork


def get_node(request: Request) -> PartnerNode:
    node: PartnerNode = request.app.state.node
    return node


NodeDep = Annotated[PartnerNode, Depends(get_node)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a write safely: the same key returns the first answer",
    ),
]


@dataclass(frozen=True)
class Page:
    """Which slice of a list to return."""

    limit: int
    offset: int


def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many items")] = 100,
    offset: Annotated[int, Query(ge=0, description="Skip this many items")] = 0,
) -> Page:
    return Page(limit, offset)


PageDep = Annotated[Page, Depends(page_params)]

router = APIRouter(prefix="/api/v1")


def json_response(content: Any, status_code: int = 200, **headers: str) -> Response:
    """JSON with decimals as strings: money and hours never pass through a float."""
    return Response(
        orjson.dumps(to_jsonable_python(content)),
        status_code=status_code,
        media_type="application/json",
        headers=headers or None,
    )


async def run_command(
    node: PartnerNode,
    key: str | None,
    request: Request,
    action: Callable[[UnitOfWork], Awaitable[dict[str, Any]]],
    status_code: int = 201,
) -> Response:
    """Run one command in one transaction: records, events and the idempotency record together."""
    fingerprint = (
        hashlib.sha256(
            request.method.encode() + request.url.path.encode() + await request.body()
        ).hexdigest()
        if key is not None
        else ""
    )
    async with node.unit_of_work() as uow:
        if key is not None:
            stored = (
                await uow.session.execute(
                    select(db.idempotency_keys).where(db.idempotency_keys.c.key == key)
                )
            ).first()
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise Conflict("Idempotency-Key", "was already used for a different request")
                return Response(
                    stored.response,
                    status_code=stored.status_code,
                    media_type="application/json",
                    headers={"Idempotent-Replayed": "true"},
                )
        result = await action(uow)
        body = orjson.dumps(to_jsonable_python(result))
        if key is not None:
            await uow.session.execute(
                insert(db.idempotency_keys).values(
                    key=key,
                    fingerprint=fingerprint,
                    status_code=status_code,
                    response=body,
                    created_at=datetime.now(UTC),
                )
            )
        try:
            await uow.commit()
        except IntegrityError:
            # Another request committed the same thing first: its key, or a unique value
            # such as a PESEL. Nothing of this one was kept; the caller may look and retry.
            raise Conflict(
                "Idempotency-Key" if key is not None else "request",
                "conflicts with a request committed at the same moment; nothing was changed",
            ) from None
    return Response(body, status_code=status_code, media_type="application/json")


# --- clients -------------------------------------------------------------------------------------


@router.post("/clients", status_code=201, tags=["clients"])
async def register_client(
    command: cmd.RegisterClient, node: NodeDep, request: Request, key: IdempotencyKey = None
) -> Response:
    """Register a person served by this institution. Personal data stays in this node."""
    return await run_command(
        node, key, request, lambda uow: handlers.register_client(uow, node.context, command)
    )


@router.get("/clients", tags=["clients"])
async def list_clients(
    node: NodeDep,
    page: PageDep,
    q: Annotated[str | None, Query(description="Part of a name or PESEL")] = None,
    enrolled: bool | None = None,
) -> Response:
    query = (
        select(db.clients, db.enrolments)
        .join(db.enrolments, db.enrolments.c.client_id == db.clients.c.id, isouter=True)
        .order_by(db.clients.c.last_name, db.clients.c.first_name, db.clients.c.id)
    )
    if q:
        pattern = f"%{q.strip()}%"
        query = query.where(
            db.clients.c.last_name.ilike(pattern)
            | db.clients.c.first_name.ilike(pattern)
            | db.clients.c.pesel.like(pattern)
        )
    if enrolled is not None:
        query = query.where(
            db.enrolments.c.client_id.is_not(None)
            if enrolled
            else db.enrolments.c.client_id.is_(None)
        )
    return json_response(await _page(node, query, page, _client_row))


@router.get("/clients/{client_id}", tags=["clients"])
async def read_client(client_id: UUID, node: NodeDep) -> Response:
    async with node.unit_of_work() as uow:
        return json_response(await handlers.client_view(uow, str(client_id)))


@router.post("/clients/{client_id}/enrolment", status_code=201, tags=["clients"])
async def enrol_client(
    client_id: UUID,
    command: cmd.EnrolClient,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Enrol the client in the partnership with the reference of their consent."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.enrol_client(uow, node.context, client_id, command),
    )


@router.post("/clients/{client_id}/exit", tags=["clients"])
async def exit_client(
    client_id: UUID,
    command: cmd.ExitClient,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.exit_client(uow, node.context, client_id, command),
        status_code=200,
    )


# --- services ------------------------------------------------------------------------------------


@router.post("/services", status_code=201, tags=["services"])
async def record_service(
    command: cmd.RecordService, node: NodeDep, request: Request, key: IdempotencyKey = None
) -> Response:
    """Record hours of a specialist's service for one client or a group."""
    return await run_command(
        node, key, request, lambda uow: handlers.record_service(uow, node.context, command)
    )


@router.get("/services", tags=["services"])
async def list_services(
    node: NodeDep,
    page: PageDep,
    client_id: UUID | None = None,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: date | None = None,
) -> Response:
    query = select(db.services).order_by(db.services.c.delivered_on, db.services.c.id)
    if client_id is not None:
        query = query.where(
            db.services.c.id.in_(
                select(db.service_clients.c.service_id).where(
                    db.service_clients.c.client_id == str(client_id)
                )
            )
        )
    if from_ is not None:
        query = query.where(db.services.c.delivered_on >= from_)
    if to is not None:
        query = query.where(db.services.c.delivered_on <= to)
    return json_response(await _page(node, query, page, dict))


# --- client records: activities, employment, payments, contracts ---------------------------------


@router.post("/clients/{client_id}/activities", status_code=201, tags=["activities"])
async def start_activity(
    client_id: UUID,
    command: cmd.StartActivity,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client begins an activity this institution runs (staż, szkolenie, PSU, KIS…)."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.start_activity(uow, node.context, client_id, command),
    )


@router.post("/activities/{activity_id}/end", tags=["activities"])
async def end_activity(
    activity_id: UUID,
    command: cmd.EndActivity,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.end_activity(uow, node.context, activity_id, command),
        status_code=200,
    )


@router.get("/activities", tags=["activities"])
async def list_activities(
    node: NodeDep,
    page: PageDep,
    client_id: UUID | None = None,
    kind: ActivityKind | None = None,
) -> Response:
    query = _client_records(db.activities, client_id).order_by(
        db.activities.c.started_on, db.activities.c.id
    )
    if kind is not None:
        query = query.where(db.activities.c.kind == kind.value)
    return json_response(await _page(node, query, page, dict))


@router.post("/clients/{client_id}/employments", status_code=201, tags=["employment"])
async def start_employment(
    client_id: UUID,
    command: cmd.StartEmployment,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client took a job: record the contract type and the employer."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.start_employment(uow, node.context, client_id, command),
    )


@router.post("/employments/{employment_id}/end", tags=["employment"])
async def end_employment(
    employment_id: UUID,
    command: cmd.EndEmployment,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.end_employment(uow, node.context, employment_id, command),
        status_code=200,
    )


@router.post("/employments/{employment_id}/retention", status_code=201, tags=["employment"])
async def check_retention(
    employment_id: UUID,
    command: cmd.CheckRetention,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The client still holds the job on the checkpoint date."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.check_retention(uow, node.context, employment_id, command),
    )


@router.get("/employments", tags=["employment"])
async def list_employments(
    node: NodeDep,
    page: PageDep,
    client_id: UUID | None = None,
) -> Response:
    query = _client_records(db.employments, client_id).order_by(
        db.employments.c.started_on, db.employments.c.id
    )
    return json_response(await _page(node, query, page, dict))


@router.post("/clients/{client_id}/payments", status_code=201, tags=["payments"])
async def record_payment(
    client_id: UUID,
    command: cmd.RecordPayment,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Money paid to the client: a benefit, a stipend or a covered cost, in PLN to the grosz."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.record_payment(uow, node.context, client_id, command),
    )


@router.get("/payments", tags=["payments"])
async def list_payments(
    node: NodeDep,
    page: PageDep,
    client_id: UUID | None = None,
    basis: PaymentBasis | None = None,
) -> Response:
    query = _client_records(db.payments, client_id).order_by(
        db.payments.c.paid_on, db.payments.c.id
    )
    if basis is not None:
        query = query.where(db.payments.c.basis == basis.value)
    return json_response(await _page(node, query, page, dict))


@router.post("/clients/{client_id}/contracts", status_code=201, tags=["contracts"])
async def sign_contract(
    client_id: UUID,
    command: cmd.SignContract,
    node: NodeDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A social contract, a tripartite family contract or an individual support plan signed."""
    return await run_command(
        node,
        key,
        request,
        lambda uow: handlers.sign_contract(uow, node.context, client_id, command),
    )


@router.get("/contracts", tags=["contracts"])
async def list_contracts(
    node: NodeDep,
    page: PageDep,
    client_id: UUID | None = None,
) -> Response:
    query = _client_records(db.contracts, client_id).order_by(
        db.contracts.c.signed_on, db.contracts.c.id
    )
    return json_response(await _page(node, query, page, dict))


# --- the node itself -----------------------------------------------------------------------------


@router.get("/outbox", tags=["node"])
async def outbox_status(node: NodeDep) -> Response:
    """Events written and published: what the relay still owes the broker."""
    return json_response(await node.outbox_status())


@router.get("/profile", tags=["node"])
async def profile(node: NodeDep) -> Response:
    """What this institution records: its activity kinds and payment bases."""
    p = node.profile
    return json_response(
        {
            "partner_id": node.settings.partner_id,
            "kind": p.kind,
            "title": p.title,
            "partnership_id": node.settings.partnership_id,
            "partnership_starts_on": node.settings.partnership_starts_on,
            "activity_kinds": sorted(p.activity_kinds),
            "payment_bases": sorted(p.payment_bases),
            "contract_kinds": sorted(p.contract_kinds),
            "records_employment": p.records_employment,
        }
    )


# --- helpers -------------------------------------------------------------------------------------


def _client_records(table: Any, client_id: UUID | None) -> Select[Any]:
    query = select(table)
    if client_id is not None:
        query = query.where(table.c.client_id == str(client_id))
    return query


def _client_row(row: Any) -> dict[str, Any]:
    data = dict(row)
    enrolment = {k: data.pop(k) for k in list(data) if k in db.enrolments.c and k != "client_id"}
    enrolled = data.pop("client_id", None) is not None
    data["enrolment"] = enrolment if enrolled else None
    return data


async def _page(
    node: PartnerNode,
    query: Select[Any],
    page: Page,
    shape: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    async with node.sessions() as session:
        total = await session.scalar(
            select(func.count()).select_from(query.order_by(None).subquery())
        )
        rows = (await session.execute(query.limit(page.limit).offset(page.offset))).mappings().all()
    return {
        "total": total or 0,
        "limit": page.limit,
        "offset": page.offset,
        "items": [shape(r) for r in rows],
    }


# --- errors --------------------------------------------------------------------------------------


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc[1:]) or str(loc[0]) if loc else "request"


async def rejected_handler(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestRejected)
    return JSONResponse(
        status_code=error.status_code,
        content={
            "message": f"{error.field}: {error.message}",
            "detail": [{"loc": [error.field], "msg": error.message, "type": type(error).__name__}],
        },
    )


async def validation_handler(_request: Request, error: Exception) -> JSONResponse:
    """422 naming each field and its problem; malformed JSON is said to be malformed JSON."""
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        loc = tuple(item.get("loc", ()))
        if item.get("type") == "json_invalid":
            problems.append({"loc": ["body"], "msg": "malformed JSON: " + str(item.get("msg"))})
            continue
        field = _location(loc)
        message = str(item.get("msg")).removeprefix("Value error, ")
        if item.get("type") == "missing":
            message = "is required"
        problems.append({"loc": [field], "msg": message})
    return JSONResponse(
        status_code=422,
        content={
            "message": "; ".join(f"{p['loc'][0]}: {p['msg']}" for p in problems),
            "detail": problems,
        },
    )
