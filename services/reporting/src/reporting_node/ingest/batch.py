"""One batch of stream entries, taken in one transaction (the ack comes after its commit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events import parse_event
from reporting_node.domain.facts import describe, envelope_of
from reporting_node.store.corrections import apply_corrections
from reporting_node.store.events import (
    Candidate,
    DeadLetter,
    record_dead_letters,
    store_events,
)
from reporting_node.store.progress import SourceGap, advance
from reporting_node.store.projector import project
from reporting_node.store.sql import take_writer_lock

STREAM_PREFIX = "stream:"


@dataclass(frozen=True, slots=True)
class Entry:
    """A stream entry as delivered: `body` is its `__data__` field (None when it has none)."""

    stream: str
    entry_id: str
    body: bytes | None


@dataclass(slots=True)
class BatchOutcome:
    accepted: int = 0
    duplicates: int = 0
    dead_letters: list[DeadLetter] = field(default_factory=list)
    gaps: list[SourceGap] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.accepted > 0


def describe_error(error: ValidationError) -> str:
    """A one-line reason naming each wrong field."""
    problems = []
    for problem in error.errors(include_url=False):
        if problem["type"] == "union_tag_invalid":
            tag = str(problem.get("ctx", {}).get("tag", "?"))
            problems.append(f"unknown event type and version {tag!r}")
            continue
        where = ".".join(str(part) for part in problem["loc"])
        problems.append(f"{where}: {problem['msg']}" if where else problem["msg"])
    return "invalid event: " + "; ".join(problems)


def read_entry(entry: Entry, partnership_id: str) -> Candidate | DeadLetter:
    """Validate one entry: a candidate for the event store, or a dead letter saying why not."""
    if entry.body is None:
        return DeadLetter(entry.stream, entry.entry_id, "entry has no __data__ field", b"")
    try:
        event = parse_event(entry.body)
    except ValidationError as error:
        return DeadLetter(entry.stream, entry.entry_id, describe_error(error), entry.body)
    facts = describe(event)
    event_id = facts.event_id
    if event.partnership_id != partnership_id:
        reason = (
            f"event of partnership {event.partnership_id!r}, this node serves {partnership_id!r}"
        )
        return DeadLetter(entry.stream, entry.entry_id, reason, entry.body, event_id)
    publisher = entry.stream.removeprefix(STREAM_PREFIX)
    if event.source.partner_id != publisher:
        reason = f"event of source {event.source.partner_id!r} on the stream of {publisher!r}"
        return DeadLetter(entry.stream, entry.entry_id, reason, entry.body, event_id)
    return Candidate(entry.stream, entry.entry_id, entry.body, envelope_of(event, event_id), facts)


@dataclass(slots=True)
class ReadBatch:
    """A batch after validation (done before taking the writer's turn: it needs no database)."""

    candidates: list[Candidate] = field(default_factory=list)
    letters: list[DeadLetter] = field(default_factory=list)


def read_batch(
    entries: Sequence[Entry], partnership_id: str, read: ReadBatch | None = None
) -> ReadBatch:
    read = read if read is not None else ReadBatch()
    for entry in entries:
        found = read_entry(entry, partnership_id)
        if isinstance(found, Candidate):
            read.candidates.append(found)
        else:
            read.letters.append(found)
    return read


async def take_batch(session: AsyncSession, read: ReadBatch) -> BatchOutcome:
    """Store, dead-letter and project one validated batch inside the caller's transaction."""
    outcome = BatchOutcome()
    await take_writer_lock(session)
    stored = await store_events(session, read.candidates)
    # Corrections are stored like any event; one refused is a dead letter besides.
    corrected = await apply_corrections(session, stored.accepted)
    outcome.dead_letters = await record_dead_letters(
        session, [*read.letters, *stored.conflicts, *corrected.refused]
    )
    outcome.duplicates = stored.duplicates
    outcome.accepted = len(stored.accepted)
    await project(session, corrected.batch, corrected.amendments)
    outcome.gaps = await advance(session, [c.envelope for c in stored.accepted])
    return outcome


async def commit_batch(sessions: async_sessionmaker[AsyncSession], read: ReadBatch) -> BatchOutcome:
    """Take one validated batch and commit it (the caller acknowledges the entries afterwards)."""
    async with sessions.begin() as session:
        return await take_batch(session, read)


async def ingest_batch(
    sessions: async_sessionmaker[AsyncSession], entries: Sequence[Entry], partnership_id: str
) -> BatchOutcome:
    """Validate, take and commit one batch."""
    return await commit_batch(sessions, read_batch(entries, partnership_id))
