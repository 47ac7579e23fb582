"""Refused entries, kept within bounds, and re-driven once a fix makes them acceptable.

A refused body can be anything a broker delivered, a megabyte or more. Each dead letter keeps its
reason, its SHA-256 and its size for good; the body itself only

* when it is at most `MOST_BODY_BYTES` (an event of the catalogue is well under a kilobyte), and
* for the newest `BODIES_KEPT` dead letters (older ones lose their body, not their row).

So the table holds at most `BODIES_KEPT × MOST_BODY_BYTES` (640 MB) of bodies, usually far less,
and the notices on the broker's dead-letter stream carry no body at all (`DeadLettered`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.store.schema import dead_letter, event

MOST_BODY_BYTES = 64 * 1024
BODIES_KEPT = 10_000


def digest_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def kept_body(body: bytes) -> bytes:
    """The body as stored: whole, or nothing when it is over the bound."""
    return body if len(body) <= MOST_BODY_BYTES else b""


async def forget_old_bodies(session: AsyncSession, keep: int = BODIES_KEPT) -> int:
    """Drop the bodies of all but the newest `keep` dead letters; return how many were dropped."""
    newest_kept = await session.scalar(
        select(dead_letter.c.id).order_by(dead_letter.c.id.desc()).offset(keep - 1).limit(1)
    )
    if newest_kept is None:
        return 0
    result = await session.execute(
        update(dead_letter)
        .where(dead_letter.c.id < newest_kept, func.length(dead_letter.c.body) > 0)
        .values(body=b"")
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True, slots=True)
class Kept:
    id: int
    stream: str
    entry_id: str
    body: bytes


async def redrivable(session: AsyncSession, ids: Sequence[int] | None) -> tuple[list[Kept], int]:
    """Dead letters not yet re-driven whose whole body is kept (all of them, or those of `ids`),
    and how many of those asked for have no body to re-drive."""
    c = dead_letter.c
    statement = select(c.id, c.stream, c.entry_id, c.body, c.size).where(c.redriven_at.is_(None))
    if ids is not None:
        statement = statement.where(c.id.in_(list(ids)))
    kept: list[Kept] = []
    without_body = 0
    for row in await session.execute(statement.order_by(c.id)):
        if row.body and len(row.body) == row.size:
            kept.append(Kept(row.id, row.stream, row.entry_id, bytes(row.body)))
        else:
            without_body += 1
    return kept, without_body


async def mark_redriven(session: AsyncSession, event_of_letter: dict[int, str]) -> int:
    """Mark as re-driven the letters (id → the event id they carry) whose event is now held."""
    if not event_of_letter:
        return 0
    held = set(
        (
            await session.scalars(
                select(event.c.event_id).where(event.c.event_id.in_(set(event_of_letter.values())))
            )
        ).all()
    )
    done = [letter for letter, event_id in event_of_letter.items() if event_id in held]
    if done:
        await session.execute(
            update(dead_letter)
            .where(dead_letter.c.id.in_(done))
            .values(redriven_at=datetime.now(UTC))
        )
    return len(done)
