"""Entries left pending — by a crash, a failed commit or a failed acknowledgement — ingested again
at batch speed.

FastStream's claimer takes one entry per XAUTOCLAIM (about 100 a second) and starts only once an
entry has been idle for its `min_idle_time`. Here:

* at start, this consumer's own pending entries (what it held when it died) are read at once,
  `batch_size` at a time (`XREADGROUP … 0`): a restarted node recovers within its first second;
* then, every `interval`, entries idle longer than `claim_idle_ms` — whoever holds them, e.g. a
  consumer that died under another name — are claimed `batch_size` at a time (`XAUTOCLAIM COUNT`).

Entries deleted from the stream while pending come back without fields: they are acknowledged
and dropped (a lost entry is healed by the replay of its `seq`, not here).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from partnership_shared.kernel.streams import ensure_group_from_start

log = logging.getLogger(__name__)

RawEntry = tuple[bytes, dict[bytes, bytes] | None]
Take = Callable[[str, Sequence[tuple[bytes, dict[bytes, bytes]]]], Awaitable[Any]]


class PendingReclaimer:
    def __init__(
        self,
        redis: Redis,
        streams: Sequence[str],
        *,
        group: str,
        consumer: str,
        batch_size: int,
        claim_idle_ms: int,
        take: Take,
        interval: float = 1.0,
    ) -> None:
        self._redis = redis
        self._streams = list(streams)
        self._group = group
        self._consumer = consumer
        self._batch_size = batch_size
        self._claim_idle_ms = claim_idle_ms
        self._take = take
        self._interval = interval
        self.reclaimed = 0
        self.stopping = False

    async def run(self) -> None:
        """Own pending entries first, then idle ones of anyone, until stopped or cancelled."""
        own_drained = False
        while not self.stopping:
            try:
                if not own_drained:
                    # Side by side: the writer commits the streams' batches together, as it
                    # does for new entries, so recovery runs at the speed of normal ingest.
                    await asyncio.gather(*(self.drain_own(stream) for stream in self._streams))
                    own_drained = True
                claimed = 0
                for stream in self._streams:
                    claimed += await self.claim_idle(stream)
            except (RedisError, OSError) as error:
                log.debug("pending entries not reclaimed this time: %s", error)
                claimed = 0
            except Exception:  # a batch that cannot be written stays pending; try later
                log.exception("pending entries could not be ingested; retrying")
                claimed = 0
            if not claimed:
                await asyncio.sleep(self._interval)

    async def drain_own(self, stream: str) -> int:
        """Ingest every entry pending for this consumer (what it held when it stopped)."""
        after = "0"
        total = 0
        while True:
            try:
                reply = await self._redis.xreadgroup(
                    self._group, self._consumer, {stream: after}, count=self._batch_size
                )
            except ResponseError as error:
                if "NOGROUP" not in str(error):
                    raise
                await ensure_group_from_start(self._redis, stream, self._group)
                return total
            answer: Any = reply
            entries: list[RawEntry] = answer[0][1] if answer else []
            if not entries:
                return total
            await self._ingest(stream, entries)
            total += len(entries)
            after = entries[-1][0].decode()

    async def claim_idle(self, stream: str) -> int:
        """Claim and ingest entries idle longer than `claim_idle_ms`, whoever held them."""
        start = "0-0"
        total = 0
        while True:
            try:
                reply = await self._redis.xautoclaim(
                    stream,
                    self._group,
                    self._consumer,
                    min_idle_time=self._claim_idle_ms,
                    start_id=start,
                    count=self._batch_size,
                )
            except ResponseError as error:
                if "NOGROUP" in str(error) or "no such key" in str(error).lower():
                    return total
                raise
            next_start, entries = reply[0], reply[1]
            if entries:
                await self._ingest(stream, entries)
                total += len(entries)
            if next_start in (b"0-0", "0-0"):
                return total
            start = next_start.decode() if isinstance(next_start, bytes) else next_start

    async def _ingest(self, stream: str, entries: Sequence[RawEntry]) -> None:
        whole = [(entry_id, fields) for entry_id, fields in entries if fields]
        deleted = [entry_id for entry_id, fields in entries if not fields]
        if deleted:
            await self._redis.xack(stream, self._group, *deleted)
        if whole:
            await self._take(stream, whole)
            self.reclaimed += len(whole)
            log.info("ingested %s entries left pending on %s", len(whole), stream)
