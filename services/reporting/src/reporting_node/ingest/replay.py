"""Asking a partner to publish a range of its events again (gap healing), at a measured pace."""

from __future__ import annotations

import time
from collections.abc import Iterable

from redis.asyncio import Redis

from partnership_shared.kernel.streams import replay_request_stream

REQUESTED_BY = "reporting"


class ReplayRequests:
    """Sends `{from_seq, to_seq, requested_by}` to a partner's replay stream, each range at most
    once per `interval` seconds (a gap seen in every batch is not asked for a thousand times)."""

    def __init__(self, redis: Redis, interval: float) -> None:
        self._redis = redis
        self._interval = interval
        self._sent: dict[tuple[str, int, int], float] = {}

    async def ask(self, source_id: str, ranges: Iterable[tuple[int, int]]) -> int:
        """Request the ranges not requested lately; return how many were sent."""
        now = time.monotonic()
        due = [
            (first, last)
            for first, last in ranges
            if now - self._sent.get((source_id, first, last), -self._interval) >= self._interval
        ]
        if not due:
            return 0
        pipe = self._redis.pipeline(transaction=False)
        for first, last in due:
            pipe.xadd(
                replay_request_stream(source_id),
                {"from_seq": str(first), "to_seq": str(last), "requested_by": REQUESTED_BY},
            )
            self._sent[(source_id, first, last)] = now
        await pipe.execute()
        self._forget_older_than(now - 10 * self._interval)
        return len(due)

    def _forget_older_than(self, moment: float) -> None:
        for key in [key for key, sent in self._sent.items() if sent < moment]:
            del self._sent[key]
