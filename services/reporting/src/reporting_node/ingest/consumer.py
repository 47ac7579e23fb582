"""Reading the partner streams: batches through consumer group `reporting`.

For each partner stream a FastStream subscriber reads new entries (`XREADGROUP … >`, up to
`batch_size` at a time). Entries left pending — a crash, a failed commit, a failed
acknowledgement — are ingested again by the node's own `PendingReclaimer`, a batch at a time,
and `IngestSupervisor` keeps all of it running (see their modules).

Every batch goes to the one `BatchWriter` (batches waiting together are committed together) and
is acknowledged only after the commit that holds it; an acknowledgement the broker refuses is
tried again, and what follows a commit (dead-letter notices, replay requests, the dashboard's
wake-up) happens whether or not it succeeds. FastStream's own JSON decoding is skipped (the raw
entries go to pydantic once); the groups it would create start at `$`, so they are created at `0`
first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage
from faststream.redis.message import BatchStreamMessage, ConsumerProtocol
from faststream.redis.message import RedisBatchStreamMessage as BatchMessage
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events.control import DeadLettered
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    DEAD_LETTER_STREAM,
    DEAD_LETTERS_KEPT,
    ensure_group_from_start,
    partner_stream,
)
from reporting_node.changes import ProjectionChanges
from reporting_node.ingest.batch import BatchOutcome, Entry
from reporting_node.ingest.chain import ChainCheck
from reporting_node.ingest.metrics import IngestMetrics
from reporting_node.ingest.reclaim import PendingReclaimer
from reporting_node.ingest.replay import ReplayRequests
from reporting_node.ingest.writer import BatchWriter
from reporting_node.settings import ReportingSettings
from reporting_node.store.dead_letters import digest_of
from reporting_node.store.events import DeadLetter
from reporting_node.store.progress import SourceGap, missing_ranges

log = logging.getLogger(__name__)

DATA_KEY = DATA_FIELD.encode()
ACK_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
"""Waits between attempts to acknowledge a committed batch (about 3 s in all)."""


class StreamIngest:
    """The running consumer of every partner stream (started and stopped by the app)."""

    def __init__(
        self,
        settings: ReportingSettings,
        sessions: async_sessionmaker[AsyncSession],
        redis: Redis,
        changes: ProjectionChanges,
        metrics: NodeMetrics | None = None,
    ) -> None:
        self.settings = settings
        self.streams = [partner_stream(partner) for partner in settings.partner_ids]
        self._sessions = sessions
        self._redis = redis
        self._changes = changes
        self.metrics = IngestMetrics(metrics or NodeMetrics())
        chains = ChainCheck(settings.key_registry(), settings.partnership_id)
        self.writer = BatchWriter(
            sessions,
            settings.partnership_id,
            chains=chains,
            timed=self.metrics.commit_seconds.observe,
        )
        self.replays = ReplayRequests(
            redis, settings.replay_request_interval_s, settings.partnership_id
        )
        # Per-batch "Received"/"Processed" lines at DEBUG: a quiet node polls many times a second.
        # FastStream's own logger writes to stdout in a format of its own; this one goes through
        # the node's handler (timestamps, key=value) like every other line.
        self.broker = RedisBroker(
            settings.redis_url,
            graceful_timeout=10.0,
            log_level=logging.DEBUG,
            logger=logging.getLogger("faststream.reporting"),
        )
        self.readers: dict[str, Any] = {stream: self._subscribe(stream) for stream in self.streams}
        self.reclaimer = PendingReclaimer(
            redis,
            self.streams,
            group=settings.consumer_group,
            consumer=settings.consumer_name,
            batch_size=settings.batch_size,
            claim_idle_ms=settings.claim_idle_ms,
            take=self.take_entries,
        )
        self._tasks: list[asyncio.Task[None]] = []
        self.batches = 0
        self.last_error: str | None = None

    def _subscribe(self, stream: str) -> Any:
        sub = StreamSub(
            stream,
            group=self.settings.consumer_group,
            consumer=self.settings.consumer_name,
            batch=True,
            max_records=self.settings.batch_size,
            polling_interval=self.settings.polling_interval_ms,
        )
        subscriber = self.broker.subscriber(
            stream=sub,
            ack_policy=AckPolicy.MANUAL,
            parser=self._raw_batch,
            title=f"{stream}: new entries",
            description=f"The reporting node ingests the new entries of `{stream}` in batches.",
        )
        subscriber(self._handler())
        return subscriber

    async def _raw_batch(self, message: BatchStreamMessage) -> BatchMessage:
        # The entries stay raw: each `__data__` is validated by pydantic, once, in the batch.
        return BatchMessage(
            raw_message=message,
            body=b"",
            consumer=cast(ConsumerProtocol, self._redis),
            group=self.settings.consumer_group,
        )

    def _handler(self) -> Callable[[BatchMessage], Awaitable[None]]:
        async def ingest_entries(message: RedisBatchStreamMessage) -> None:
            await self.take(message)

        return ingest_entries

    async def start(self) -> None:
        from reporting_node.ingest.supervisor import IngestSupervisor

        for stream in self.streams:
            await ensure_group_from_start(self._redis, stream, self.settings.consumer_group)
        await self.broker.start()
        self.supervisor = IngestSupervisor(
            self, self._sessions, self._redis, self.settings.supervise_interval_s
        )
        self._tasks = [
            asyncio.create_task(self.reclaimer.run(), name="reporting-reclaim-pending"),
            asyncio.create_task(self.supervisor.run(), name="reporting-supervisor"),
        ]

    async def stop(self) -> None:
        self.reclaimer.stopping = True
        if self._tasks:
            self.supervisor.stopping = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            done, stuck = await asyncio.wait(self._tasks, timeout=10)
            for task in done:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    task.result()
            for task in stuck:
                log.warning("%s did not stop in time; left behind", task.get_name())
        await self.broker.stop()

    async def take(self, message: BatchMessage) -> BatchOutcome:
        """Ingest one batch delivered by a subscriber."""
        raw = message.raw_message
        return await self.take_entries(
            raw["channel"], list(zip(raw["message_ids"], raw["data"], strict=True))
        )

    async def take_entries(
        self, stream: str, delivered: Sequence[tuple[bytes, dict[bytes, bytes]]]
    ) -> BatchOutcome:
        """Commit the entries, acknowledge them, then do what follows a commit."""
        entries = [
            Entry(stream, entry_id.decode(), fields.get(DATA_KEY)) for entry_id, fields in delivered
        ]
        try:
            written = await self.writer.write(entries)
        except Exception as error:
            # Not acknowledged: the entries stay pending and the reclaimer brings them back.
            self.last_error = f"{type(error).__name__}: {error}"
            log.exception("batch of %s entries from %s not ingested", len(entries), stream)
            raise
        self.last_error = None
        try:
            await self._acknowledge(stream, [entry_id for entry_id, _ in delivered])
        finally:
            if written.first:
                self.batches += 1
                await self._after_commit(written.outcome)
        return written.outcome

    async def _acknowledge(self, stream: str, ids: list[bytes]) -> None:
        """XACK after the commit, tried again on failure; if all fail the entries stay pending
        and come back through the reclaimer as duplicates, which change nothing."""
        for delay in (*ACK_DELAYS, None):
            try:
                await self._redis.xack(stream, self.settings.consumer_group, *ids)
                return
            except (RedisError, OSError) as error:
                self.metrics.ack_failures.inc()
                if delay is None:
                    log.warning(
                        "%s committed entries of %s left pending (acknowledgement refused: %s)",
                        len(ids),
                        stream,
                        error,
                    )
                    return
                await asyncio.sleep(delay)

    async def _after_commit(self, outcome: BatchOutcome) -> None:
        self.metrics.consumed.inc(outcome.accepted)
        self.metrics.deduplicated.inc(outcome.duplicates)
        self.metrics.dead_lettered.inc(len(outcome.dead_letters))
        if outcome.changed:
            await self._changes.changed()
        try:
            if outcome.dead_letters:
                await self.announce_dead_letters(outcome.dead_letters)
            if outcome.gaps:
                await self.request_replays(outcome.gaps)
        except (RedisError, OSError) as error:
            log.warning("could not publish dead letters or replay requests: %s", error)

    async def announce_dead_letters(self, letters: Sequence[DeadLetter]) -> None:
        """`DeadLettered` notices on the dead-letter stream: the reason and a digest, no body."""
        now = datetime.now(UTC)
        pipe = self._redis.pipeline(transaction=False)
        for letter in letters:
            notice = DeadLettered(
                stream=letter.stream[:80],
                entry_id=letter.entry_id[:40],
                event_id=letter.event_id,
                reason=letter.reason[:2000],
                digest=digest_of(letter.body),
                size=len(letter.body),
                refused_by=self.settings.consumer_name[:80],
                refused_at=now,
            )
            pipe.xadd(
                DEAD_LETTER_STREAM,
                {DATA_FIELD: notice.model_dump_json()},
                maxlen=DEAD_LETTERS_KEPT,
                approximate=True,
            )
        await pipe.execute()

    async def request_replays(self, gaps: list[SourceGap]) -> int:
        """Ask each source with a gap to publish the missing ranges again."""
        sent = 0
        for gap in gaps:
            async with self._sessions() as session:
                ranges = await missing_ranges(
                    session, gap.source_id, gap.contiguous_seq, gap.highest_seq
                )
            sent += await self.replays.ask(gap.source_id, ranges)
        return sent
