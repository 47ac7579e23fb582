"""Loading what a drill-down needs: the facts of the persons a figure may count, or the events."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.drilldown import (
    FIGURES,
    EventFigure,
    FamilyFigure,
    Figure,
    Period,
    PersonFigure,
)
from reporting_node.domain.facts import PersonFact
from reporting_node.domain.families import judge_families
from reporting_node.store.projector import COUNTS_IN_FIGURES, fact_of
from reporting_node.store.queries import Reader, buckets_with
from reporting_node.store.register import load_family_facts
from reporting_node.store.schema import event, person, person_fact, service_attendee


async def pseudonyms_behind(reader: Reader, figure: Figure) -> list[str]:
    """The sorted pseudonyms of the persons (or families) behind `figure` under the reader's
    filters."""
    period = Period(reader.low, reader.high, reader.filters.partner)
    if isinstance(figure, FamilyFigure):
        families = judge_families(
            await load_family_facts(reader.session),
            period.first,
            period.last,
            period.partner,
            reader.filters.programme,
        )
        return sorted(getattr(families, figure.name))
    if reader.buckets == []:
        return []
    if isinstance(figure, PersonFigure):
        return await _persons(reader.session, figure, period, reader.buckets)
    if isinstance(figure, EventFigure):
        return await _concerned(reader.session, figure, period, reader.buckets)
    enrolled = await buckets_with(reader.session, figure.programme_id)
    assert enrolled is not None
    if reader.buckets is not None:
        enrolled = [bucket for bucket in enrolled if bucket in reader.buckets]
    clients = FIGURES["clients.total"]
    assert isinstance(clients, PersonFigure)
    return await _persons(reader.session, clients, period, enrolled) if enrolled else []


async def _persons(
    session: AsyncSession, figure: PersonFigure, period: Period, buckets: list[int] | None
) -> list[str]:
    c = person_fact.c
    statement = (
        select(
            c.event_id,
            c.client,
            c.what,
            c.partner_kind,
            c.day,
            c.ref,
            c.kind,
            c.label,
            c.extra,
            c.flag,
        )
        .where(c.what.in_(sorted(figure.whats)))
        .order_by(c.client)
    )
    if buckets is not None:
        statement = statement.where(
            c.client.in_(select(person.c.client).where(person.c.bucket.in_(buckets)))
        )
    found: list[str] = []
    current: str | None = None
    facts: list[PersonFact] = []
    rows = await session.stream(statement.execution_options(yield_per=5000))
    async for part in rows.partitions(5000):
        for row in part:
            if row.client != current:
                if facts and figure.test(facts, period):
                    found.append(facts[0].client)
                current, facts = row.client, []
            facts.append(fact_of(row))
    if facts and figure.test(facts, period):
        found.append(facts[0].client)
    return sorted(found)


async def _concerned(
    session: AsyncSession, figure: EventFigure, period: Period, buckets: list[int] | None
) -> list[str]:
    conditions = [
        event.c.type == figure.event_type,
        event.c.day.between(period.first, period.last),
        COUNTS_IN_FIGURES,
    ]
    kind = figure.kind or period.partner
    if figure.kind and period.partner and figure.kind != period.partner:
        return []
    if kind is not None:
        conditions.append(event.c.partner_kind == kind)
    if figure.dim is not None:
        conditions.append(event.c.dim == figure.dim)
    matching = select(event.c.event_id).where(*conditions)
    clients = set(
        (
            await session.scalars(
                select(event.c.client).where(*conditions, event.c.client.is_not(None))
            )
        ).all()
    )
    clients.update(
        (
            await session.scalars(
                select(service_attendee.c.client).where(service_attendee.c.event_id.in_(matching))
            )
        ).all()
    )
    if buckets is not None and clients:
        enrolled = await session.scalars(
            select(person.c.client).where(person.c.bucket.in_(buckets))
        )
        clients &= set(enrolled.all())
    return sorted(clients)
