"""One batch of stream entries, taken in one transaction (the ack comes after its commit).

A partner's stream holds its events and the checkpoints that sign their chain. With a chain check
(the running node always has one) only the events a signed checkpoint vouches for are stored and
projected; the others wait in the database or are refused with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events import parse_stream_message
from partnership_shared.events.control import ChainCheckpoint
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

if TYPE_CHECKING:
    from reporting_node.ingest.chain import ChainCheck

STREAM_PREFIX = "stream:"


@dataclass(frozen=True, slots=True)
class Entry:
    """A stream entry as delivered: `body` is its `__data__` field (None when it has none)."""

    stream: str
    entry_id: str
    body: bytes | None


@dataclass(frozen=True, slots=True)
class Signed:
    """A checkpoint as read from a partner's stream."""

    stream: str
    entry_id: str
    body: bytes
    checkpoint: ChainCheckpoint


@dataclass(slots=True)
class BatchOutcome:
    accepted: int = 0
    duplicates: int = 0
    waiting: int = 0
    """Events left waiting for a checkpoint to vouch for them."""
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


def read_entry(entry: Entry, partnership_id: str) -> Candidate | Signed | DeadLetter:
    """Validate one entry: a candidate for the event store, a checkpoint, or a dead letter
    saying why it is neither."""
    if entry.body is None:
        return DeadLetter(entry.stream, entry.entry_id, "entry has no __data__ field", b"")
    try:
        event = parse_stream_message(entry.body)
    except ValidationError as error:
        return DeadLetter(entry.stream, entry.entry_id, describe_error(error), entry.body)
    if isinstance(event, ChainCheckpoint):
        return Signed(entry.stream, entry.entry_id, entry.body, event)
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
    return Candidate(
        entry.stream,
        entry.entry_id,
        entry.body,
        envelope_of(event, event_id),
        facts,
        event.prev_hash,
    )


@dataclass(slots=True)
class ReadBatch:
    """A batch after validation (done before taking the writer's turn: it needs no database)."""

    candidates: list[Candidate] = field(default_factory=list)
    letters: list[DeadLetter] = field(default_factory=list)
    checkpoints: list[Signed] = field(default_factory=list)

    def extend(self, other: ReadBatch) -> None:
        self.candidates.extend(other.candidates)
        self.letters.extend(other.letters)
        self.checkpoints.extend(other.checkpoints)


def read_batch(
    entries: Sequence[Entry], partnership_id: str, read: ReadBatch | None = None
) -> ReadBatch:
    read = read if read is not None else ReadBatch()
    for entry in entries:
        found = read_entry(entry, partnership_id)
        if isinstance(found, Candidate):
            read.candidates.append(found)
        elif isinstance(found, Signed):
            read.checkpoints.append(found)
        else:
            read.letters.append(found)
    return read


async def take_batch(
    session: AsyncSession, read: ReadBatch, chains: ChainCheck | None = None
) -> BatchOutcome:
    """Verify, store, dead-letter and project one validated batch inside the caller's
    transaction (without `chains`, every valid event is taken as it comes)."""
    outcome = BatchOutcome()
    await take_writer_lock(session)
    candidates, letters = read.candidates, read.letters
    if chains is not None:
        checked = await chains.check(session, read)
        candidates, letters = checked.accepted, [*letters, *checked.letters]
        outcome.duplicates, outcome.waiting = checked.copies, checked.waiting
    stored = await store_events(session, candidates)
    # Corrections are stored like any event; one refused is a dead letter besides.
    corrected = await apply_corrections(session, stored.accepted)
    outcome.dead_letters = await record_dead_letters(
        session, [*letters, *stored.conflicts, *corrected.refused]
    )
    outcome.duplicates += stored.duplicates
    outcome.accepted = len(stored.accepted)
    await project(session, corrected.batch, corrected.amendments)
    outcome.gaps = await advance(session, [c.envelope for c in stored.accepted])
    return outcome


async def commit_batch(
    sessions: async_sessionmaker[AsyncSession], read: ReadBatch, chains: ChainCheck | None = None
) -> BatchOutcome:
    """Take one validated batch and commit it (the caller acknowledges the entries afterwards)."""
    async with sessions.begin() as session:
        return await take_batch(session, read, chains)


async def ingest_batch(
    sessions: async_sessionmaker[AsyncSession],
    entries: Sequence[Entry],
    partnership_id: str,
    chains: ChainCheck | None = None,
) -> BatchOutcome:
    """Validate, take and commit one batch."""
    return await commit_batch(sessions, read_batch(entries, partnership_id), chains)
