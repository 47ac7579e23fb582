"""Asking a partner to publish a range of its events again (gap healing), at a measured pace."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime

from redis.asyncio import Redis

from partnership_shared.events.control import ReplayRequested
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    REPLAY_REQUESTS_KEPT,
    replay_request_stream,
)

REQUESTED_BY = "reporting"


class ReplayRequests:
    """Sends `ReplayRequested` to a partner's replay stream, each range at most once per
    `interval` seconds (a gap seen in every batch is not asked for a thousand times)."""

    def __init__(self, redis: Redis, interval: float, partnership_id: str = "partnership") -> None:
        self._redis = redis
        self._interval = interval
        self._partnership_id = partnership_id
        self._sent: dict[tuple[str, int, int], float] = {}
        self.sent = 0

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
            request = ReplayRequested(
                partnership_id=self._partnership_id,
                source=source_id,
                from_seq=first,
                to_seq=last,
                requested_by=REQUESTED_BY,
                requested_at=datetime.now(UTC),
            )
            pipe.xadd(
                replay_request_stream(source_id),
                {DATA_FIELD: request.model_dump_json()},
                maxlen=REPLAY_REQUESTS_KEPT,
                approximate=True,
            )
            self._sent[(source_id, first, last)] = now
        await pipe.execute()
        self.sent += len(due)
        self._forget_older_than(now - 10 * self._interval)
        return len(due)

    def _forget_older_than(self, moment: float) -> None:
        for key in [key for key, sent in self._sent.items() if sent < moment]:
            del self._sent[key]
