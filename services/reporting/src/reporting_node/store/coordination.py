"""Reading coordination's figures: the facts whole, and the records that may fulfil plan actions
(for the clients who have a plan only), judged by `reporting_node.domain.coordination`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.coordination import (
    FULFILMENT_KIND,
    Fulfilment,
    Scope,
    Terms,
    Window,
    fulfilment_kind,
    judge_coordination,
    plan_clients,
)
from reporting_node.domain.days import FIRST_DAY, LAST_DAY, day_key
from reporting_node.domain.summary import Filters
from reporting_node.store.projector import COUNTS_IN_FIGURES
from reporting_node.store.register import load_coordination_facts
from reporting_node.store.schema import event, person, service_attendee
from reporting_node.store.sql import chunks

FULFILLING = sorted(FULFILMENT_KIND)


async def read_coordination(
    session: AsyncSession,
    filters: Filters,
    buckets: list[int] | None,
    terms: Terms,
    today: date,
) -> dict[str, Any]:
    """The summary's `referrals`, `plans`, `overlaps` and `conflicts` for these filters
    (`buckets`: the programme sets of the programme asked about, None for all)."""
    facts = await load_coordination_facts(session)
    last = day_key(filters.last) if filters.last else LAST_DAY
    window = Window(
        first=day_key(filters.first) if filters.first else FIRST_DAY,
        last=last,
        as_of=min(last, day_key(today)),
    )
    clients = None
    if buckets is not None:
        clients = await _clients_in(session, {f.client for f in facts if f.client}, buckets)
    scope = Scope(filters.partner, clients, terms.kind_of)
    fulfilments = await load_fulfilments(session, plan_clients(facts))
    return judge_coordination(facts, fulfilments, window, scope, terms.referral_answer_days)


async def _clients_in(
    session: AsyncSession, clients: Iterable[str], buckets: list[int]
) -> frozenset[str]:
    found: set[str] = set()
    for part in chunks(clients):
        rows = await session.execute(
            select(person.c.client).where(person.c.client.in_(part), person.c.bucket.in_(buckets))
        )
        found.update(client for (client,) in rows)
    return frozenset(found)


async def load_fulfilments(session: AsyncSession, clients: Iterable[str]) -> list[Fulfilment]:
    """The clients' records that may fulfil a plan action, as they stand (a group session once
    per attendee; withdrawn records are none)."""
    rows: dict[tuple[str, str], Fulfilment] = {}
    columns = (event.c.event_id, event.c.source_id, event.c.type, event.c.day, event.c.dim)
    for part in chunks(clients):
        own = await session.execute(
            select(*columns, event.c.client).where(
                event.c.client.in_(part), event.c.type.in_(FULFILLING), COUNTS_IN_FIGURES
            )
        )
        attended = await session.execute(
            select(*columns, service_attendee.c.client)
            .join(service_attendee, service_attendee.c.event_id == event.c.event_id)
            .where(service_attendee.c.client.in_(part), COUNTS_IN_FIGURES)
        )
        for event_id, partner, event_type, day, dim, client in [*own, *attended]:
            kind = fulfilment_kind(event_type, dim)
            rows[(event_id, client)] = Fulfilment(client, partner, kind, day)
    return list(rows.values())
