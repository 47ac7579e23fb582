"""The relay's heartbeat: how far the partner has published, said every few seconds.

A consumer sees a gap in a partner's `seq` only when a later `seq` arrives; events lost from the
end of a stream (deleted, or dropped by a broker restarted without its append-only file) would stay
missing until the partner happened to write again. The heartbeat closes that hole: it names the
highest `seq` published, and the lowest the partner still keeps, so a consumer can ask for what it
has not seen — and knows which part it can no longer get.

The same loop samples the outbox for the node's metrics, and keeps the partner's streams bounded
(`trim_acknowledged`): it runs beside the relay, never inside a publishing batch.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events.control import RelayHeartbeat
from partnership_shared.kernel.metrics import Sampled
from partnership_shared.kernel.outbox import OutboxState
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    heartbeat_stream,
    partner_stream,
    replay_request_stream,
    trim_acknowledged,
)

log = logging.getLogger(__name__)

HEARTBEATS_KEPT = 100
"""Heartbeats a stream keeps (only the latest matters to a consumer)."""

OUTBOX_METRICS = {
    "partnership_events_written_total": "Events written to the outbox (the partner's last seq)",
    "partnership_events_published_seq": "The highest seq the relay has published",
    "partnership_outbox_pending": "Outbox rows waiting for the relay (relay lag)",
    "partnership_outbox_kept_from_seq": "The lowest seq still kept for replays",
    "partnership_stream_entries_trimmed_total": "Stream entries trimmed once every group had them",
}


@dataclass(frozen=True, slots=True)
class OutboxMarks:
    last_seq: int
    published_seq: int
    pending: int
    kept_from_seq: int | None


async def read_marks(
    sessions: async_sessionmaker[AsyncSession], outbox: Table, sequence: Table, source: str
) -> OutboxMarks:
    """How far the outbox has got: written, published, waiting, kept."""
    c = outbox.c
    async with sessions() as session:
        last = await session.scalar(select(sequence.c.last_seq).where(sequence.c.source == source))
        published = await session.scalar(
            select(func.max(c.seq)).where(c.state == OutboxState.PUBLISHED.value)
        )
        pending = await session.scalar(
            select(func.count()).where(c.state == OutboxState.PENDING.value)
        )
        lowest = await session.scalar(select(func.min(c.seq)))
    last_seq = int(last or 0)
    if lowest is not None:
        kept_from: int | None = int(lowest)
    else:  # nothing kept: everything ever written was purged (or nothing was written)
        kept_from = last_seq + 1 if last_seq else None
    return OutboxMarks(last_seq, int(published or 0), int(pending or 0), kept_from)


class RelayHeartbeatLoop:
    """Every `interval` seconds: publish a `RelayHeartbeat`, sample the outbox, trim streams."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        sequence: Table,
        redis: Redis,
        *,
        partnership_id: str,
        partner_id: str,
        interval: float = 1.0,
        trim_every: float = 10.0,
        stream_max_len: int = 1_000_000,
        metrics: Sampled | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._sequence = sequence
        self._redis = redis
        self._partnership_id = partnership_id
        self._partner_id = partner_id
        self._interval = interval
        self._trim_every = trim_every
        self._stream_max_len = stream_max_len
        self.metrics = metrics
        self._trimmed = 0
        self.last_marks: OutboxMarks | None = None
        self.last_error: str | None = None
        self._stopping = False

    def stop(self) -> None:
        """End `run` after the beat in hand. (Cancelling alone is not enough: a timeout inside a
        client library may turn the cancellation into an error this loop retries.)"""
        self._stopping = True

    async def run(self) -> None:
        """Beat until stopped; a broker or database error is logged once and retried."""
        last_trim = 0.0
        while not self._stopping:
            try:
                await self.beat()
                if time.monotonic() - last_trim >= self._trim_every:
                    last_trim = time.monotonic()
                    await self.trim()
                if self.last_error is not None:
                    log.info("relay heartbeat published again")
                self.last_error = None
            except (RedisError, OSError) as error:
                if self.last_error is None:
                    log.warning("relay heartbeat not published, retrying: %s", error)
                self.last_error = f"{type(error).__name__}: {error}"
            except Exception as error:  # the database: keep beating once it answers again
                if self.last_error is None:
                    log.warning("relay heartbeat could not read the outbox: %s", error)
                self.last_error = f"{type(error).__name__}: {error}"
            await asyncio.sleep(self._interval)

    async def beat(self) -> RelayHeartbeat:
        marks = await read_marks(self._sessions, self._outbox, self._sequence, self._partner_id)
        self.last_marks = marks
        self._sample(marks)
        heartbeat = RelayHeartbeat(
            partnership_id=self._partnership_id,
            source=self._partner_id,
            published_seq=marks.published_seq,
            kept_from_seq=marks.kept_from_seq,
            at=datetime.now(UTC),
        )
        await self._redis.xadd(
            heartbeat_stream(self._partner_id),
            {DATA_FIELD: heartbeat.model_dump_json()},
            maxlen=HEARTBEATS_KEPT,
            approximate=True,
        )
        return heartbeat

    async def trim(self) -> int:
        """Trim the partner's stream and its replay requests below what every group has."""
        trimmed = 0
        for stream, cap in (
            (partner_stream(self._partner_id), self._stream_max_len),
            (replay_request_stream(self._partner_id), 10_000),
        ):
            trimmed += await trim_acknowledged(self._redis, stream, max_len=cap)
        self._trimmed += trimmed
        if self.metrics is not None:
            self.metrics.set("partnership_stream_entries_trimmed_total", self._trimmed)
        return trimmed

    def _sample(self, marks: OutboxMarks) -> None:
        if self.metrics is None:
            return
        self.metrics.set("partnership_events_written_total", marks.last_seq)
        self.metrics.set("partnership_events_published_seq", marks.published_seq)
        self.metrics.set("partnership_outbox_pending", marks.pending)
        if marks.kept_from_seq is not None:
            self.metrics.set("partnership_outbox_kept_from_seq", marks.kept_from_seq)
