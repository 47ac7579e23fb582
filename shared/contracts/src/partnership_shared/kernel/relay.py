"""The outbox relay: publishes committed outbox rows to the partner's stream, in batches.

Rows are read in `seq` order, sent with one pipelined round trip per batch and marked published
afterwards. With a signer, a signed checkpoint of the chain follows every `every` events and the
last event of each batch in the same pipeline, so a consumer can verify what it received at once;
a range published again gets its checkpoint too. A crash between the two publishes a batch
twice, never loses it; consumers drop the duplicates by event id. A broker error leaves the rows
pending and the relay retries with backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.kernel.database import WriteGate
from partnership_shared.kernel.keys import ChainSigner
from partnership_shared.kernel.outbox import OutboxState
from partnership_shared.kernel.streams import DATA_FIELD

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        redis: Redis,
        stream: str,
        *,
        batch_size: int = 2000,
        idle_wait: float = 0.5,
        max_backoff: float = 5.0,
        gate: WriteGate | None = None,
        signer: ChainSigner | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._redis = redis
        self._stream = stream
        self._batch_size = batch_size
        self._idle_wait = idle_wait
        self._max_backoff = max_backoff
        self._gate = gate or WriteGate("postgresql://")
        self._signer = signer
        self._wake = asyncio.Event()
        self._stopping = False
        self.last_error: str | None = None

    def wake(self) -> None:
        """Called after a commit that wrote events: publish now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the batch in hand, then return from `run` (nothing is cut off mid-write)."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        """Publish until stopped."""
        backoff = 0.1
        while not self._stopping:
            try:
                published = await self.publish_pending()
            except (RedisError, OSError) as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("outbox relay could not publish, retrying: %s", self.last_error)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            backoff = 0.1
            self.last_error = None
            if published < self._batch_size:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self._idle_wait)

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; return how many were published."""
        table = self._outbox
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(table.c.seq, table.c.body)
                    .where(table.c.state == OutboxState.PENDING.value)
                    .order_by(table.c.seq)
                    .limit(self._batch_size)
                )
            ).all()
        if not rows:
            return 0
        try:
            await self._send([(row.seq, row.body) for row in rows])
        except (RedisError, OSError) as error:
            await self._record_failure([row.seq for row in rows], error)
            raise
        async with self._gate, self._sessions.begin() as session:
            await session.execute(
                update(table)
                .where(table.c.seq.between(rows[0].seq, rows[-1].seq))
                .where(table.c.state == OutboxState.PENDING.value)
                .values(state=OutboxState.PUBLISHED.value, published_at=datetime.now(UTC))
            )
        return len(rows)

    async def republish(self, first_seq: int, last_seq: int) -> int:
        """Publish a range of already published rows again (a consumer found a gap)."""
        table = self._outbox
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(table.c.seq, table.c.body)
                    .where(table.c.seq.between(first_seq, last_seq))
                    .where(table.c.state == OutboxState.PUBLISHED.value)
                    .order_by(table.c.seq)
                )
            ).all()
        for start in range(0, len(rows), self._batch_size):
            part = rows[start : start + self._batch_size]
            await self._send([(row.seq, row.body) for row in part])
        return len(rows)

    async def purge_published(self, retention: timedelta) -> int:
        """Forget rows published longer ago than the retention period."""
        cutoff = datetime.now(UTC) - retention
        async with self._gate, self._sessions.begin() as session:
            result = await session.execute(
                delete(self._outbox)
                .where(self._outbox.c.state == OutboxState.PUBLISHED.value)
                .where(self._outbox.c.published_at < cutoff)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def _send(self, rows: list[tuple[int, bytes]]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        signer = self._signer
        for number, (seq, body) in enumerate(rows, start=1):
            pipe.xadd(self._stream, {DATA_FIELD: body})
            if signer is not None and (number % signer.every == 0 or number == len(rows)):
                pipe.xadd(self._stream, {DATA_FIELD: signer.checkpoint(seq, body)})
        await pipe.execute()

    async def _record_failure(self, seqs: list[int], error: BaseException) -> None:
        async with self._gate, self._sessions.begin() as session:
            await session.execute(
                update(self._outbox)
                .where(self._outbox.c.seq.in_(seqs))
                .values(attempts=self._outbox.c.attempts + 1, last_error=str(error)[:500])
            )
