"""The transactional outbox: events are rows in the node's own database until the relay publishes.

A state change and the event announcing it commit in one transaction. Each event gets the node's
next per-source `seq` when its row is written, once and for all, so consumers can see gaps and
duplicates, and the hash of the event before it (`prev_hash`): the head of the chain is kept beside
the last `seq`, under the same row lock, so concurrent writers chain in `seq` order and a range
published again is byte for byte what was published first. Published rows stay for a retention
period, so a range can be published again when a consumer finds a gap (a broker's acknowledgement
is not durability).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    insert,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.events.catalogue import encode_event
from partnership_shared.events.models import EventBase, Source
from partnership_shared.kernel.chain import body_hash


class OutboxState(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"


def define_outbox(metadata: MetaData) -> Table:
    """The outbox table, in the metadata of the node that writes events."""
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(60), nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("state", String(16), nullable=False, server_default=OutboxState.PENDING.value),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text),
        Index(
            "ix_outbox_pending",
            "seq",
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
    )


def define_source_sequence(metadata: MetaData) -> Table:
    """One row per source: the last `seq` handed out and the hash of its event (the head of the
    chain). Its row lock orders concurrent writers."""
    return Table(
        "source_sequence",
        metadata,
        Column("source", String(40), primary_key=True),
        Column("last_seq", BigInteger, nullable=False, server_default="0"),
        Column("last_hash", String(64)),
    )


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event as a handler announces it (with the id it was given); the outbox completes the
    envelope."""

    event_class: type[EventBase]
    payload: BaseModel
    client: str | None
    occurred_at: datetime
    event_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Outbox:
    """Writes a node's events into its outbox inside the caller's transaction."""

    table: Table
    sequence: Table
    source: Source
    partnership_id: str

    async def ensure_source(self, session: AsyncSession) -> None:
        row = await session.execute(
            self.sequence.select().where(self.sequence.c.source == self.source.partner_id)
        )
        if row.first() is None:
            await session.execute(
                insert(self.sequence).values(source=self.source.partner_id, last_seq=0)
            )

    async def _reserve(self, session: AsyncSession, count: int) -> tuple[int, str | None]:
        """Take `count` seqs; return the first and the hash of the event before it."""
        result = await session.execute(
            update(self.sequence)
            .where(self.sequence.c.source == self.source.partner_id)
            .values(last_seq=self.sequence.c.last_seq + count)
            .returning(self.sequence.c.last_seq, self.sequence.c.last_hash)
        )
        row = result.one_or_none()
        if row is None:
            raise RuntimeError(f"no sequence row for source {self.source.partner_id!r}")
        return int(row.last_seq) - count + 1, row.last_hash

    async def write(self, session: AsyncSession, drafts: Sequence[EventDraft]) -> list[EventBase]:
        """Give the drafts their ids and seqs and add them to the transaction; return the events."""
        if not drafts:
            return []
        first, head = await self._reserve(session, len(drafts))
        recorded_at = datetime.now(UTC)
        events = []
        rows = []
        for offset, draft in enumerate(drafts):
            event = draft.event_class(  # type: ignore[call-arg]  # each subclass has its payload
                event_id=draft.event_id,
                partnership_id=self.partnership_id,
                source=self.source,
                seq=first + offset,
                prev_hash=head,
                occurred_at=draft.occurred_at,
                recorded_at=recorded_at,
                client=draft.client,
                payload=draft.payload,
            )
            body = encode_event(event)
            head = body_hash(body)
            events.append(event)
            rows.append(
                {
                    "seq": event.seq,
                    "event_id": str(event.event_id),
                    "event_type": event.type,
                    "body": body,
                    "recorded_at": recorded_at,
                }
            )
        await session.execute(insert(self.table), rows)
        await session.execute(
            update(self.sequence)
            .where(self.sequence.c.source == self.source.partner_id)
            .values(last_hash=head)
        )
        return events
