"""Rebuilding every projection from the event store alone (after a change of the rules, or to
prove that the incremental projection and the events agree).

It runs in one transaction, so readers see the old figures until the new ones are complete. The
events are read once, grouped by client, so each person's marks are computed once from all their
facts, with the same functions the incremental projection uses; programme sets come first, from
the enrolments, so that every event lands under its final set straight away.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events import parse_event
from reporting_node.domain.facts import EventFacts, PersonFact, describe
from reporting_node.domain.persons import person_marks
from reporting_node.store.bulk import insert_many
from reporting_node.store.projector import (
    NO_PROGRAMME,
    Deltas,
    ProgrammeSets,
    bucket_of,
    write_attendees,
    write_deltas,
    write_person_facts,
)
from reporting_node.store.schema import (
    PROJECTIONS,
    event,
    programme_set,
)

FLUSH_EVERY = 50_000
"""Events between two writes of the accumulated sums (bounds the memory a rebuild takes)."""


async def rebuild_projections(
    sessions: async_sessionmaker[AsyncSession], writer: asyncio.Lock | None = None
) -> int:
    """Empty the projections and derive them again from the event store; return the events read.

    `writer` is the ingest's lock: holding it keeps batches out while the rebuild runs.
    """
    async with writer if writer is not None else nullcontext(), sessions.begin() as session:
        for table in reversed(PROJECTIONS):
            await session.execute(delete(table))
        buckets = await _programme_buckets(session)
        return await _project_all(session, buckets)


async def _programme_buckets(session: AsyncSession) -> dict[str, int]:
    """Each enrolled person's programme set, from the enrolments in the event store."""
    programmes: dict[str, set[str]] = defaultdict(set)
    rows = await session.stream(
        select(event.c.client, event.c.dim).where(event.c.type == "ClientEnrolled")
    )
    async for client, programme in rows:
        programmes[client].add(programme)
    sets = {bucket_of(names): frozenset(names) for names in programmes.values()}
    if sets:
        await session.execute(
            programme_set.insert(),
            [{"id": b, "programmes": "\n".join(sorted(names))} for b, names in sets.items()],
        )
    buckets = {client: bucket_of(names) for client, names in programmes.items()}
    await insert_many(session, "INSERT INTO person (client, bucket)", list(buckets.items()))
    return buckets


async def _project_all(session: AsyncSession, buckets: dict[str, int]) -> int:
    sets = ProgrammeSets(await _known_sets(session))
    deltas = Deltas()
    facts_rows: list[PersonFact] = []
    attendee_rows: list[tuple[str, str]] = []
    person_facts: list[PersonFact] = []
    current: str | None = None
    read = 0

    def close_person() -> None:
        if person_facts:
            deltas.add_marks(person_marks(person_facts), buckets.get(current or "", 0), +1)
            person_facts.clear()

    rows = await session.stream(
        select(event.c.client, event.c.body)
        .order_by(event.c.client)
        .execution_options(yield_per=2000)
    )
    async for client, body in rows:
        if client != current:
            close_person()
            current = client
        e = parse_event(body)
        facts: EventFacts = describe(e)
        participants = facts.participants(e.client)
        bucket = (
            sets.union(buckets.get(c, NO_PROGRAMME) for c in participants)
            if participants
            else NO_PROGRAMME
        )
        deltas.add_event(bucket, e.type, e.source.kind.value, facts.day, facts.dim, facts.amount, 1)
        person_facts.extend(facts.person_facts)
        facts_rows.extend(facts.person_facts)
        attendee_rows.extend((facts.event_id, c) for c in dict.fromkeys(facts.attendees))
        read += 1
        if read % FLUSH_EVERY == 0:
            await _flush(session, deltas, facts_rows, attendee_rows)
            deltas = Deltas()
    close_person()
    await _flush(session, deltas, facts_rows, attendee_rows)
    if sets.new:
        await session.execute(
            programme_set.insert(),
            [{"id": b, "programmes": "\n".join(sorted(n))} for b, n in sets.new.items()],
        )
    return read


async def _known_sets(session: AsyncSession) -> dict[int, frozenset[str]]:
    rows = await session.execute(select(programme_set.c.id, programme_set.c.programmes))
    return {bucket: frozenset(names.split("\n")) for bucket, names in rows}


async def _flush(
    session: AsyncSession,
    deltas: Deltas,
    facts_rows: list[PersonFact],
    attendee_rows: list[tuple[str, str]],
) -> None:
    await write_person_facts(session, facts_rows)
    await write_attendees(session, attendee_rows)
    facts_rows.clear()
    attendee_rows.clear()
    await write_deltas(session, deltas)


def _slices(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
