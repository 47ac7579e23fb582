""" "My day": what needs the caseworker's attention, and the node's recent records.

The node's own attention items (clients enrolled who have no record this month, records kept
beyond a plausibility limit or as a duplicate today) come first among equals; a service and the
coordination module add theirs (`Workspace.attention`), each with a rank (overdue first).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import orjson
from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import or_, select, union

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.entrypoints.web.card import record_link
from partnership_partner.entrypoints.web.extension import AttentionItem
from partnership_partner.entrypoints.web.page import View, ViewDep, render, workspace_of
from partnership_partner.service_layer.context import POLAND

router = APIRouter(include_in_schema=False)

RECENT = 15
LISTED = 30

RECORDS = {
    "ServiceDelivered": ("service", db.services),
    "ActivityStarted": ("activity", db.activities),
    "EmploymentStarted": ("employment", db.employments),
    "BenefitPaid": ("payment", db.payments),
    "ContractSigned": ("contract", db.contracts),
}
"""Events that announce a new record, and where the record is kept."""
OWN_CLIENT = {kind: table for kind, table in RECORDS.values() if kind != "service"}
"""Records of one client each, by kind (a service's clients are a table of their own)."""


@router.get("/")
async def my_day(v: ViewDep) -> Response:
    today = v.node.context.today()
    items: list[AttentionItem] = []
    async with v.uow() as uow:
        items += await without_records(v, uow, today)
        items += await confirmed_today(v, uow, today)
        for contribute in workspace_of(v.request).attention:
            items += await contribute(v, uow)
        recent = await recent_records(v, uow)
    items.sort(key=lambda item: item.rank)
    await v.shown(
        [*(c for i in items for c in i.clients), *(c for r in recent for c in r["clients"])]
    )
    return render(v, "day.html", items=items, recent=recent, today=today)


async def without_records(v: View, uow: SqlUnitOfWork, today: date) -> list[AttentionItem]:
    """Clients enrolled and not gone whose card has nothing dated this month."""
    first = today.replace(day=1)
    c = db
    dated = union(
        select(c.service_clients.c.client_id)
        .join(c.services, c.services.c.id == c.service_clients.c.service_id)
        .where(c.services.c.delivered_on >= first, c.services.c.withdrawn.is_(False)),
        select(c.activities.c.client_id).where(
            or_(c.activities.c.started_on >= first, c.activities.c.ended_on >= first)
        ),
        select(c.payments.c.client_id).where(c.payments.c.paid_on >= first),
        select(c.employments.c.client_id).where(c.employments.c.started_on >= first),
        select(c.contracts.c.client_id).where(c.contracts.c.signed_on >= first),
    )
    query = (
        select(c.clients.c.id, c.clients.c.first_name, c.clients.c.last_name)
        .join(c.enrolments, c.enrolments.c.client_id == c.clients.c.id)
        .where(
            c.enrolments.c.withdrawn.is_(False),
            c.enrolments.c.exited_on.is_(None),
            c.clients.c.id.not_in(dated),
        )
        .order_by(c.clients.c.last_name, c.clients.c.first_name)
        .limit(LISTED)
    )
    rows = (await uow.session.execute(query)).all()
    month = v.fmt.month(f"{today:%Y-%m}")
    return [
        AttentionItem(
            "quiet",
            v.t("day.no_record", name=f"{r.first_name} {r.last_name}", month=month),
            f"/clients/{r.id}",
            rank=60,
            clients=(r.id,),
        )
        for r in rows
    ]


async def confirmed_today(v: View, uow: SqlUnitOfWork, today: date) -> list[AttentionItem]:
    """Records kept today beyond a plausibility limit or as a duplicate, with the reason given."""
    start = datetime.combine(today, time(), POLAND).astimezone(UTC)
    items = []
    for kind, table in (("service", db.services), ("payment", db.payments)):
        rows = (
            await uow.session.execute(
                select(table.c.id, table.c.confirmation)
                .join(db.outbox, db.outbox.c.event_id == table.c.event_id)
                .where(table.c.confirmation.is_not(None), db.outbox.c.recorded_at >= start)
                .limit(LISTED)
            )
        ).all()
        items += [
            AttentionItem(
                "confirmed",
                v.t("day.confirmed", what=v.label("record", kind), reason=row.confirmation),
                record_link(kind, row.id),
                rank=40,
            )
            for row in rows
        ]
    return items


async def recent_records(v: View, uow: SqlUnitOfWork) -> list[dict[str, Any]]:
    """The node's newest records, newest first, each with its clients and its page."""
    rows = (
        await uow.session.execute(
            select(
                db.outbox.c.event_id,
                db.outbox.c.event_type,
                db.outbox.c.recorded_at,
                db.outbox.c.body,
            )
            .where(db.outbox.c.event_type.in_(list(RECORDS)))
            .order_by(db.outbox.c.seq.desc())
            .limit(RECENT)
        )
    ).all()
    found: list[dict[str, Any]] = []
    for row in rows:
        kind, table = RECORDS[row.event_type]
        record = (
            await uow.session.execute(select(table.c.id).where(table.c.event_id == row.event_id))
        ).first()
        if record is None:
            continue
        clients = await _clients_of(uow, kind, record.id)
        payload = orjson.loads(row.body).get("payload", {})
        found.append(
            {
                "when": v.fmt.datetime(_aware(row.recorded_at).astimezone(POLAND)),
                "what": v.label("event", row.event_type),
                "detail": _detail(v, kind, payload),
                "href": record_link(kind, record.id),
                "clients": [c[0] for c in clients],
                "names": [(f"{c[1]} {c[2]}", f"/clients/{c[0]}") for c in clients],
            }
        )
    return found


async def _clients_of(uow: SqlUnitOfWork, kind: str, record_id: str) -> list[Any]:
    c = db.clients.c
    if kind == "service":
        ids = select(db.service_clients.c.client_id).where(
            db.service_clients.c.service_id == record_id
        )
    else:
        table = OWN_CLIENT[kind]
        ids = select(table.c.client_id).where(table.c.id == record_id)
    rows = await uow.session.execute(
        select(c.id, c.first_name, c.last_name).where(c.id.in_(ids)).order_by(c.last_name)
    )
    return list(rows.all())


def _detail(v: View, kind: str, payload: dict[str, Any]) -> str:
    if kind == "service":
        return f"{v.label('role', payload.get('role'))}, {v.hours(payload.get('hours', '0'))}"
    if kind == "payment":
        return f"{v.label('basis', payload.get('basis'))}, {v.money(payload.get('amount', '0'))}"
    if kind == "activity":
        return v.label("activity", payload.get("kind"))
    if kind == "employment":
        return v.label("contract_type", payload.get("contract_type"))
    return v.label("contract_kind", payload.get("kind"))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
