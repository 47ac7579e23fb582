"""Keeps ingest whole, once a second: groups, subscribers, heartbeats, gaps, metrics.

* A consumer group the broker lost (restarted empty, a stream deleted) is created again at `0`,
  and a subscriber that stopped (FastStream stops one for good on NOGROUP) is started again.
* Each partner's latest `RelayHeartbeat` is read. When the group has every entry of the stream
  delivered and acknowledged, the partner's published mark is kept: anything below it not
  received is a gap, even at the very end of the stream. Seqs missing below the lowest the
  partner still keeps are recorded once as lost (`settle_lost`) and no longer asked for.
* Open gaps are asked for again (`ReplayRequests` paces each range).
* The metrics that live in the broker and the database are sampled, and readiness decided: not
  ready while a subscriber is down, the broker does not answer, or the backlog keeps growing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events.control import RelayHeartbeat
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    ensure_group_from_start,
    heartbeat_stream,
)
from reporting_node.store.dead_letters import forget_old_bodies
from reporting_node.store.progress import (
    lost_ranges,
    missing_ranges,
    open_gaps,
    record_heartbeat,
    settle_lost,
)

if TYPE_CHECKING:
    from reporting_node.ingest.consumer import StreamIngest

log = logging.getLogger(__name__)

DATA_KEY = DATA_FIELD.encode()
LAG_WINDOW_S = 15.0
"""Readiness: a backlog larger than a batch that grew over this whole window is falling behind."""


class IngestSupervisor:
    def __init__(
        self,
        ingest: StreamIngest,
        sessions: async_sessionmaker[AsyncSession],
        redis: Redis,
        interval: float = 1.0,
    ) -> None:
        self._ingest = ingest
        self._settings = ingest.settings
        self._sessions = sessions
        self._redis = redis
        self._interval = interval
        self.down: set[str] = set()
        self.broker_error: str | None = None
        self.lag: dict[str, int] = {}
        self._lag_history: deque[tuple[float, int]] = deque()
        self._last_pruned = 0.0
        self._warned: set[str] = set()
        self._recorded: dict[str, tuple[int | None, int | None, float]] = {}
        self.ticks = 0
        self.stopping = False

    async def run(self) -> None:
        # The flag ends the loop even where a library swallowed the task's cancellation.
        while not self.stopping:
            await self.tick()
            await asyncio.sleep(self._interval)

    async def tick(self) -> None:
        try:
            await self.keep_consuming()
            await self.watch_sources()
            await self.sample()
            if self.broker_error is not None:
                log.info("broker answers again")
            self.broker_error = None
        except (RedisError, OSError) as error:
            if self.broker_error is None:
                log.warning("broker unavailable, ingest waits for it: %s", error)
            self.broker_error = f"{type(error).__name__}: {error}"
        except Exception:  # the database: keep supervising once it answers again
            log.exception("ingest supervision failed this time")
        if time.monotonic() - self._last_pruned > 60:
            self._last_pruned = time.monotonic()
            await self._prune_dead_letter_bodies()
        self.ticks += 1

    async def keep_consuming(self) -> None:
        """Groups at `0` where missing, subscribers running."""
        group = self._settings.consumer_group
        for stream, reader in self._ingest.readers.items():
            if await ensure_group_from_start(self._redis, stream, group):
                log.warning(
                    "consumer group %s on %s was missing (the broker lost it): created again at 0",
                    group,
                    stream,
                )
            if not reader.running:
                try:
                    await reader.start()
                except Exception as error:  # it is tried again next time
                    log.warning("the subscriber of %s did not start: %s", stream, error)
                    self.down.add(stream)
                    continue
                log.info("the subscriber of %s runs again", stream)
            self.down.discard(stream)

    async def watch_sources(self) -> None:
        """Heartbeats → marks, lost ranges; open gaps → replay requests."""
        for partner in self._settings.partner_ids:
            beat = await self._latest_heartbeat(partner)
            if beat is None:
                continue
            caught_up = await self._caught_up(self._stream_of(partner))
            announced = beat.published_seq if caught_up else None
            marks = (announced, beat.kept_from_seq)
            recorded = self._recorded.get(partner)
            if recorded and recorded[:2] == marks and time.monotonic() - recorded[2] < 10:
                continue  # nothing new: no write (it would hold the writer's turn) this time
            async with self._ingest.writer.lock, self._sessions.begin() as session:
                await record_heartbeat(
                    session,
                    partner,
                    announced_seq=announced,
                    kept_from_seq=beat.kept_from_seq,
                    at=beat.at,
                )
                lost = await settle_lost(session, partner)
            self._recorded[partner] = (*marks, time.monotonic())
            for first, last in lost:
                log.warning(
                    "seq %s..%s of %s cannot be had any more: the partner keeps its events from "
                    "seq %s on; they are counted as lost",
                    first,
                    last,
                    partner,
                    beat.kept_from_seq,
                )
        async with self._sessions() as session:
            gaps = await open_gaps(session)
        if gaps:
            await self._ingest.request_replays(gaps)

    async def sample(self) -> None:
        """Lag per stream, gaps and losses, subscribers down; the backlog's recent history."""
        sampled = self._ingest.metrics.sampled
        total = 0
        for stream in self._ingest.streams:
            lag, pending = await self._backlog(stream)
            self.lag[stream] = lag + pending
            total += lag + pending
            sampled.set("partnership_consumer_lag", lag, stream=stream)
            sampled.set("partnership_consumer_pending", pending, stream=stream)
        sampled.set("partnership_subscribers_down", len(self.down))
        now = time.monotonic()
        self._lag_history.append((now, total))
        while self._lag_history and now - self._lag_history[0][0] > LAG_WINDOW_S:
            self._lag_history.popleft()
        async with self._sessions() as session:
            gaps = await open_gaps(session)
            missing = 0
            for gap in gaps:
                ranges = await missing_ranges(
                    session, gap.source_id, gap.contiguous_seq, gap.highest_seq, limit=10_000
                )
                missing += sum(last - first + 1 for first, last in ranges)
            lost = await lost_ranges(session)
        sampled.set("partnership_gaps_open", len(gaps))
        sampled.set("partnership_seqs_missing", missing)
        sampled.set("partnership_seqs_lost_total", sum(b - a + 1 for _, a, b in lost))
        sampled.set("partnership_replay_requests_total", self._ingest.replays.sent)

    def falling_behind(self) -> bool:
        """The backlog is over a batch, never shrank in the last window and ends above its start."""
        history = list(self._lag_history)
        if len(history) < 3 or history[-1][0] - history[0][0] < LAG_WINDOW_S * 0.8:
            return False
        if history[-1][1] <= self._settings.batch_size:
            return False
        growing = all(later[1] >= earlier[1] for earlier, later in pairwise(history))
        return growing and history[-1][1] > history[0][1]

    def problems(self) -> dict[str, str]:
        """What keeps the node from being ready, by check; empty when it is ready."""
        found: dict[str, str] = {}
        if self.broker_error is not None:
            found["broker"] = f"error: {self.broker_error}"
        down = self.down | {s for s, reader in self._ingest.readers.items() if not reader.running}
        if down:
            found["subscribers"] = "down: " + ", ".join(sorted(down))
        if self.falling_behind():
            found["lag"] = f"growing: {sum(self.lag.values())} entries behind"
        return found

    def _stream_of(self, partner: str) -> str:
        return next(s for s in self._ingest.streams if s.removeprefix("stream:") == partner)

    async def _latest_heartbeat(self, partner: str) -> RelayHeartbeat | None:
        entries = await self._redis.xrevrange(heartbeat_stream(partner), count=1)
        if not entries:
            return None
        fields: dict[bytes, bytes] = cast(Any, entries)[0][1] or {}
        try:
            beat = RelayHeartbeat.model_validate_json(fields.get(DATA_KEY, b""))
        except ValidationError as error:
            self._warn_once(f"heartbeat:{partner}", "ignoring an invalid heartbeat: %s", error)
            return None
        if beat.source != partner or beat.partnership_id != self._settings.partnership_id:
            self._warn_once(
                f"foreign:{partner}",
                "ignoring a heartbeat of %s/%s on the heartbeat stream of %s",
                beat.partnership_id,
                beat.source,
                partner,
            )
            return None
        return beat

    async def _caught_up(self, stream: str) -> bool:
        """Every entry of the stream delivered to the group and acknowledged."""
        try:
            info: dict[str, Any] = await self._redis.xinfo_stream(stream)
        except ResponseError as error:
            if "no such key" in str(error).lower():
                return True
            raise
        groups = await self._redis.xinfo_groups(stream)
        ours = next((g for g in groups if _text(g["name"]) == self._settings.consumer_group), None)
        if ours is None:
            return False
        last = _text(info["last-generated-id"])
        return bool(ours["pending"] == 0 and _text(ours["last-delivered-id"]) == last)

    async def _backlog(self, stream: str) -> tuple[int, int]:
        """(entries not yet delivered to the group, entries delivered and not acknowledged)."""
        try:
            groups = await self._redis.xinfo_groups(stream)
        except ResponseError as error:
            if "no such key" in str(error).lower():
                return 0, 0
            raise
        ours = next((g for g in groups if _text(g["name"]) == self._settings.consumer_group), None)
        if ours is None:
            return 0, 0
        lag = ours.get("lag")
        if lag is None:  # unknown after deletions: count what follows the last delivered entry
            after = _text(ours["last-delivered-id"])
            following: Any = await self._redis.xrange(stream, min=f"({after}", count=100_000)
            lag = len(following or [])
        return int(lag), int(ours["pending"])

    async def _prune_dead_letter_bodies(self) -> None:
        try:
            async with self._ingest.writer.lock, self._sessions.begin() as session:
                dropped = await forget_old_bodies(session)
        except Exception as error:
            log.warning("old dead-letter bodies not dropped this time: %s", error)
            return
        if dropped:
            log.info(
                "dropped the bodies of %s old dead letters (reasons and digests kept)", dropped
            )

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning(message, *args)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
