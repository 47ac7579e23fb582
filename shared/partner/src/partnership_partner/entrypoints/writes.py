"""Every write in one transaction with its events and its idempotency record.

A write may carry an `Idempotency-Key`: repeating it (a double click, a retried upload, a demo
loaded twice) returns the first answer and changes nothing. Two requests that collide at the same
moment (one key sent twice at once, one PESEL registered twice at once) get one effect between
them: the other gets the first answer replayed, or a 409 naming the field, never a 500.

Each write enters the clients its answer names in the audit log in its own transaction: a change
is never committed without the entry saying who made it, when and from where.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.bootstrap import PartnerNode
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.entrypoints.errors import refusal
from partnership_shared.access import audit
from partnership_shared.kernel.problems import request_lang

Action = Callable[[SqlUnitOfWork], Awaitable[BaseModel]]

_COLLISIONS = (
    (("clients.pesel", "uq_clients_pesel", "clients.pseudonym", "uq_clients_pseudonym"), "pesel"),
    (("programmes.code", "uq_programmes_code"), "code"),
    (("enrolments.client_id", "pk_enrolments"), "client_id"),
    (("idempotency_keys.key", "pk_idempotency_keys"), "Idempotency-Key"),
)


def json_answer(body: bytes, status_code: int = 200, **headers: str) -> Response:
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)


async def write(
    node: PartnerNode,
    key: str | None,
    request: Request,
    action: Action,
    status_code: int = 201,
) -> Response:
    """Run one command in one transaction: records, events and the idempotency record together."""
    fingerprint = await _fingerprint(request) if key is not None else ""
    try:
        async with node.unit_of_work() as uow:
            if key is not None:
                replay = await _replay(uow, key, fingerprint, request)
                if replay is not None:
                    request.state.replayed = True  # the gate enters it as shown again
                    return replay
            body = (await action(uow)).model_dump_json().encode()
            await node.audit.add(uow.session, _entries(request, "change", status_code, body))
            if key is not None:
                await uow.session.execute(
                    insert(db.idempotency_keys).values(
                        key=key,
                        fingerprint=fingerprint,
                        status_code=status_code,
                        response=body,
                        created_at=datetime.now(UTC),
                        made_id=_made_id(body),
                    )
                )
            await uow.commit()
            request.state.audited = True
    except (IntegrityError, Rejected) as error:
        # Nothing of this request was kept. If the same request (its key) committed meanwhile,
        # its answer is this one's too: it was refused only because the first got there.
        if key is not None:
            async with node.unit_of_work() as uow:
                replay = await _replay(uow, key, fingerprint, request)
            if replay is not None:
                request.state.replayed = True
                return replay
        if isinstance(error, Rejected):
            raise
        raise Conflict(_collided_field(error), "request.concurrent") from None
    return json_answer(body, status_code)


async def _fingerprint(request: Request) -> str:
    return hashlib.sha256(
        request.method.encode() + request.url.path.encode() + await request.body()
    ).hexdigest()


async def _replay(
    uow: SqlUnitOfWork, key: str, fingerprint: str, request: Request
) -> Response | None:
    stored: Any = (
        await uow.session.execute(
            select(db.idempotency_keys).where(db.idempotency_keys.c.key == key)
        )
    ).first()
    if stored is None:
        return None
    if stored.fingerprint != fingerprint:
        raise Conflict("Idempotency-Key", "idempotency.key_reused")
    if stored.response is None:  # dropped after a day: say what was made, change nothing
        body = refusal(
            request_lang(request),
            "Idempotency-Key",
            "idempotency.expired",
            {"made_date": stored.created_at.date(), "record_id": stored.made_id or "—"},
            request.app.state.messages,
        )
        headers = {"Idempotent-Record": stored.made_id} if stored.made_id else {}
        return JSONResponse(body, status_code=409, headers=headers)
    return json_answer(stored.response, stored.status_code, **{"Idempotent-Replayed": "true"})


def _entries(request: Request, action: str, status: int, body: bytes) -> list[dict[str, Any]]:
    actor: audit.Actor | None = getattr(request.state, "actor", None)
    clients = audit.clients_named(orjson.loads(body))
    if actor is None or not clients:
        return []
    return audit.entries(actor, action, request.method, request.url.path, status, clients)


def _made_id(body: bytes) -> str | None:
    """The id of what a write made (a record, or the record a correction changed)."""
    try:
        answer = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if isinstance(answer, dict):
        record = answer.get("record")
        found = answer.get("id") or (record.get("id") if isinstance(record, dict) else None)
        return str(found) if found else None
    return None


def _collided_field(error: IntegrityError) -> str:
    text = str(error.orig)
    for names, field in _COLLISIONS:
        if any(name in text for name in names):
            return field
    return "request"
