"""Rebuilding every projection from the event store alone (after a change of the rules, or to
prove that the incremental projection and the events agree).

It runs in one transaction, so readers see the old figures until the new ones are complete.
Corrections come first: every chain of corrections is judged (they are few, and found on their
own index), so that every record is read as it stands. Programme sets come next, from the
enrolments not withdrawn, so that every event lands under its final set straight away; then the
events are read once in storage order (each body validated again) for the sums, the person and
family facts and the announcements, and each event row's standing and columns are set to what
the judgement says; then the person facts, in key order, give each person's marks once. The same
functions as the incremental projection do the work, so the two agree.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events import parse_event
from partnership_shared.events.models import CORRECTABLE
from reporting_node.domain.coordination import CoordinationFact
from reporting_node.domain.corrections import APPLIED, PENDING, RECORDED, WITHDRAWN, judge
from reporting_node.domain.facts import EventFacts, PersonFact, describe
from reporting_node.domain.families import FamilyFact
from reporting_node.domain.persons import person_marks
from reporting_node.domain.programmes import Announcement, latest
from reporting_node.store.bulk import insert_many
from reporting_node.store.corrections import ROW_COLUMNS, Standing, write_standings
from reporting_node.store.events import DeadLetter, record_dead_letters
from reporting_node.store.projector import (
    NO_PROGRAMME,
    PERSON_FACT_COLUMNS,
    Deltas,
    ProgrammeSets,
    bucket_of,
    fact_of,
    write_attendees,
    write_deltas,
    write_person_facts,
)
from reporting_node.store.register import (
    record_announcements,
    write_coordination_facts,
    write_family_facts,
)
from reporting_node.store.schema import (
    PROJECTIONS,
    event,
    person_fact,
    programme_set,
)
from reporting_node.store.sql import chunks, take_writer_lock

FLUSH_EVERY = 20_000
"""Events between two writes of the sums (bounds the memory a rebuild takes)."""

PERSONS_PER_FLUSH = 5_000
"""Persons between two writes of their marks (a person has a few dozen)."""


async def rebuild_projections(
    sessions: async_sessionmaker[AsyncSession],
    writer: asyncio.Lock | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Empty the projections and derive them again from the event store; return the events read.

    `writer` is the ingest's lock: holding it keeps batches out while the rebuild runs.
    `progress` is told how many events have been read so far, every few thousand.
    """
    async with writer if writer is not None else nullcontext(), sessions.begin() as session:
        await take_writer_lock(session)
        for table in reversed(PROJECTIONS):
            await session.execute(delete(table))
        judged = await _judge_corrections(session)
        buckets = await _programme_buckets(session, judged)
        return await _project_all(session, buckets, judged, progress or (lambda _read: None))


@dataclass(slots=True)
class Judged:
    """Every record with corrections as it stands (its facts, and whether it counts), and every
    correction's standing."""

    records: dict[str, tuple[EventFacts, str]] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)


async def _judge_corrections(session: AsyncSession) -> Judged:
    found = await session.execute(select(*ROW_COLUMNS).where(event.c.refers_to.is_not(None)))
    chains: dict[str, list[Any]] = defaultdict(list)
    for link in found:
        chains[link.refers_to].append(link)
    judged = Judged()
    originals: dict[str, Any] = {}
    for part in chunks(chains):
        rows = await session.execute(select(*ROW_COLUMNS).where(event.c.event_id.in_(part)))
        originals.update({row.event_id: row for row in rows})
    refused: list[DeadLetter] = []
    for original_id, links in chains.items():
        row = originals.get(original_id)
        if row is None:
            judged.links.update((link.event_id, PENDING) for link in links)
            continue
        judgement = judge(parse_event(row.body), [parse_event(link.body) for link in links])
        if row.type in CORRECTABLE:
            facts = describe(judgement.effective)
            if judgement.withdrawn:
                facts = EventFacts(
                    facts.event_id, facts.day, facts.dim, facts.amount, facts.attendees, ()
                )
            judged.records[original_id] = (facts, judgement.standing)
        for link in links:
            verdict = judgement.verdicts[link.event_id]
            judged.links[link.event_id] = verdict.standing
            if verdict.reason is not None:
                refused.append(
                    DeadLetter(link.stream, link.entry_id, verdict.reason, link.body, link.event_id)
                )
    await record_dead_letters(session, refused)  # those a migration brought (the rest are kept)
    return judged


async def _programme_buckets(session: AsyncSession, judged: Judged) -> dict[str, int]:
    """Each enrolled person's programme set, from the enrolments in the event store."""
    programmes: dict[str, set[str]] = defaultdict(set)
    rows = await session.stream(
        select(event.c.event_id, event.c.client, event.c.dim).where(
            event.c.type == "ClientEnrolled"
        )
    )
    async for part in rows.partitions(5000):  # one hop into the driver per part, not per row
        for event_id, client, programme in part:
            record = judged.records.get(event_id)
            if record is None or record[1] != WITHDRAWN:
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


async def _project_all(
    session: AsyncSession,
    buckets: dict[str, int],
    judged: Judged,
    progress: Callable[[int], None],
) -> int:
    """The events in the order they are stored (a sequential read), then the persons."""
    sets = ProgrammeSets(await _known_sets(session))
    deltas = Deltas()
    facts_rows: list[PersonFact] = []
    attendee_rows: list[tuple[str, str]] = []
    families: list[FamilyFact] = []
    announced: list[Announcement] = []
    coordination: list[CoordinationFact] = []
    standings: list[Standing] = []
    read = 0
    rows = await session.stream(
        select(
            event.c.body, event.c.standing, event.c.day, event.c.dim, event.c.amount
        ).execution_options(yield_per=2000)
    )
    async for part in rows.partitions(2000):
        for body, stored, day, dim, amount in part:
            e = parse_event(body)
            event_id = str(e.event_id)
            record = judged.records.get(event_id)
            if record is not None:
                facts, standing = record
                counted = standing != WITHDRAWN
            else:
                facts = describe(e)
                standing = judged.links.get(event_id, PENDING) if facts.refers_to else RECORDED
                counted = standing in (RECORDED, APPLIED)
            if (stored, day, dim, amount) != (standing, facts.day, facts.dim, facts.amount):
                standings.append(Standing(event_id, standing, facts.day, facts.dim, facts.amount))
            if counted:
                if facts.attendees:
                    participants = facts.participants(e.client)
                    bucket = sets.union(buckets.get(c, NO_PROGRAMME) for c in participants)
                else:
                    bucket = buckets.get(e.client, NO_PROGRAMME) if e.client else NO_PROGRAMME
                deltas.add_event(
                    bucket, e.type, e.source.kind.value, facts.day, facts.dim, facts.amount, 1
                )
                facts_rows.extend(facts.person_facts)
                if facts.family is not None:
                    families.append(facts.family)
            if facts.announcement is not None:
                announced.append(facts.announcement)
            if facts.coordination is not None:
                coordination.append(facts.coordination)
            attendee_rows.extend((facts.event_id, c) for c in dict.fromkeys(facts.attendees))
            read += 1
            if read % FLUSH_EVERY == 0:
                await _flush(session, deltas, facts_rows, attendee_rows)
                deltas = Deltas()
        progress(read)
    await _flush(session, deltas, facts_rows, attendee_rows)
    if sets.new:
        await session.execute(
            programme_set.insert(),
            [{"id": b, "programmes": "\n".join(sorted(n))} for b, n in sets.new.items()],
        )
    await write_standings(session, standings)
    await write_family_facts(session, families)
    await record_announcements(session, latest(announced))
    await write_coordination_facts(session, coordination)
    await _mark_persons(session, buckets)
    return read


async def _mark_persons(session: AsyncSession, buckets: dict[str, int]) -> None:
    """Every person's marks, from their facts read in key order (one person after another)."""
    deltas = Deltas()
    person_facts: list[PersonFact] = []
    marked = 0
    rows = await session.stream(
        select(*PERSON_FACT_COLUMNS)
        .order_by(person_fact.c.client, person_fact.c.event_id)
        .execution_options(yield_per=5000)
    )
    async for part in rows.partitions(5000):
        for row in part:
            found = fact_of(row)
            if person_facts and found.client != person_facts[0].client:
                deltas.add_marks(
                    person_marks(person_facts), buckets.get(person_facts[0].client, 0), 1
                )
                person_facts.clear()
                marked += 1
                if marked % PERSONS_PER_FLUSH == 0:
                    await write_deltas(session, deltas)
                    deltas = Deltas()
            person_facts.append(found)
    if person_facts:
        deltas.add_marks(person_marks(person_facts), buckets.get(person_facts[0].client, 0), 1)
    await write_deltas(session, deltas)


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
