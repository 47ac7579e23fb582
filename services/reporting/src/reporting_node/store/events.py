"""The event store: accepted events whole, duplicates dropped, conflicting ones refused.

A duplicate is the same event again: the same `event_id` *and* the same body, byte for byte. An
`event_id` already held under another body is a conflict, never a silent duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.corrections import PENDING, RECORDED
from reporting_node.domain.facts import Envelope, EventFacts
from reporting_node.store.bulk import dialect_of, insert_returning, moment
from reporting_node.store.dead_letters import digest_of, kept_body
from reporting_node.store.schema import dead_letter, event
from reporting_node.store.sql import chunks, insert_for


@dataclass(frozen=True, slots=True)
class Candidate:
    """A valid event as read from a stream entry, waiting to be stored."""

    stream: str
    entry_id: str
    body: bytes
    envelope: Envelope
    facts: EventFacts
    prev_hash: str | None = None

    @property
    def event_id(self) -> str:
        return self.envelope.event_id


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A stream entry that cannot be accepted, and why (it is never projected)."""

    stream: str
    entry_id: str
    reason: str
    body: bytes
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    accepted: list[Candidate]
    duplicates: int
    conflicts: list[DeadLetter]


EVENT_INSERT = (
    "INSERT INTO event (event_id, source_id, seq, type, version, partner_kind, client, day, dim,"
    " amount, occurred_at, recorded_at, stream, entry_id, body, refers_to, standing)"
)


def _row(dialect: str, candidate: Candidate) -> tuple[Any, ...]:
    e, facts = candidate.envelope, candidate.facts
    return (
        e.event_id,
        e.source_id,
        e.seq,
        e.type,
        e.version,
        e.kind,
        e.client,
        facts.day,
        facts.dim,
        facts.amount,
        moment(dialect, e.occurred_at),
        moment(dialect, e.recorded_at),
        candidate.stream,
        candidate.entry_id,
        candidate.body,
        # A correction waits for its original until `store.corrections` judges it.
        facts.refers_to,
        PENDING if facts.refers_to else RECORDED,
    )


async def store_events(session: AsyncSession, candidates: Sequence[Candidate]) -> Stored:
    """Insert the new events in one statement; tell apart duplicates and (source, seq) conflicts.

    A duplicate (an `event_id` already stored, or twice in the batch) is dropped silently: the
    broker delivers at least once. Another event under a `(source, seq)` already held is a
    conflict: it goes to the dead letters and is never projected.
    """
    unique: dict[str, Candidate] = {}
    differing: list[DeadLetter] = []
    for candidate in candidates:
        first = unique.setdefault(candidate.event_id, candidate)
        if first is not candidate and first.body != candidate.body:
            differing.append(_differs(candidate, "in the same batch"))
    duplicates = len(candidates) - len(unique) - len(differing)
    if not unique:
        return Stored([], duplicates, differing)
    dialect = dialect_of(session)
    returned = await insert_returning(
        session,
        EVENT_INSERT,
        [_row(dialect, c) for c in unique.values()],
        "ON CONFLICT DO NOTHING RETURNING event_id",
    )
    inserted = {row[0] for row in returned}
    accepted = [c for c in unique.values() if c.event_id in inserted]
    refused = [c for c in unique.values() if c.event_id not in inserted]
    if not refused:
        return Stored(accepted, duplicates, differing)
    known: dict[str, bytes] = {}
    for part in chunks([c.event_id for c in refused]):
        rows = await session.execute(
            select(event.c.event_id, event.c.body).where(event.c.event_id.in_(part))
        )
        known.update({row.event_id: row.body for row in rows})
    for candidate in refused:
        held = known.get(candidate.event_id)
        if held is None:
            continue
        if held == candidate.body:
            duplicates += 1
        else:
            differing.append(_differs(candidate, "in the event store"))
    conflicting = [c for c in refused if c.event_id not in known]
    holders = await _holders(session, conflicting)
    conflicts = [
        DeadLetter(
            c.stream,
            c.entry_id,
            f"conflict: seq {c.envelope.seq} of source {c.envelope.source_id!r} is already "
            f"held by event {holders.get((c.envelope.source_id, c.envelope.seq), '?')}",
            c.body,
            c.event_id,
        )
        for c in conflicting
    ]
    return Stored(accepted, duplicates, [*differing, *conflicts])


def _differs(candidate: Candidate, where: str) -> DeadLetter:
    return DeadLetter(
        candidate.stream,
        candidate.entry_id,
        f"conflict: event {candidate.event_id} is already held {where} with another body",
        candidate.body,
        candidate.event_id,
    )


async def _holders(
    session: AsyncSession, conflicting: Sequence[Candidate]
) -> dict[tuple[str, int], str]:
    holders: dict[tuple[str, int], str] = {}
    for part in chunks(conflicting, 300):
        condition = or_(
            *(
                and_(event.c.source_id == c.envelope.source_id, event.c.seq == c.envelope.seq)
                for c in part
            )
        )
        rows = await session.execute(
            select(event.c.source_id, event.c.seq, event.c.event_id).where(condition)
        )
        holders.update({(row.source_id, row.seq): row.event_id for row in rows})
    return holders


async def record_dead_letters(
    session: AsyncSession, letters: Sequence[DeadLetter]
) -> list[DeadLetter]:
    """Keep the dead letters; return those new here (an entry delivered again is kept once)."""
    if not letters:
        return []
    now = datetime.now(UTC)
    statement = (
        insert_for(session, dead_letter)
        .on_conflict_do_nothing()
        .returning(dead_letter.c.stream, dead_letter.c.entry_id)
    )
    result = await session.execute(
        statement,
        [
            {
                "stream": letter.stream,
                "entry_id": letter.entry_id,
                "reason": letter.reason,
                "event_id": letter.event_id,
                "body": kept_body(letter.body),
                "digest": digest_of(letter.body),
                "size": len(letter.body),
                "received_at": now,
            }
            for letter in letters
        ],
    )
    new = {(row.stream, row.entry_id) for row in result}
    return [letter for letter in letters if (letter.stream, letter.entry_id) in new]
