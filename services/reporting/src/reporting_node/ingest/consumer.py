"""Reading the partner streams with FastStream: batches through consumer group `reporting`.

For each partner stream two subscribers share one consumer name:

* a batch reader (`XREADGROUP … >`, up to `batch_size` entries) for new entries;
* a claimer (`XAUTOCLAIM`, `min_idle_time=claim_idle_ms`) for entries a consumer took and never
  acknowledged — a crash, or a batch whose transaction failed — so nothing stays pending.

Both hand their entries to the one `BatchWriter` (batches waiting together are committed
together) and acknowledge them only after the commit that holds them. FastStream's own JSON
decoding is skipped (the raw entries go to pydantic once); the groups it would create start at
`$`, so they are created at `0` first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import cast

from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisBatchStreamMessage
from faststream.redis.message import BatchStreamMessage, ConsumerProtocol
from faststream.redis.message import RedisBatchStreamMessage as BatchMessage
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.kernel.streams import (
    DATA_FIELD,
    DEAD_LETTER_STREAM,
    ensure_group_from_start,
    partner_stream,
)
from reporting_node.changes import ProjectionChanges
from reporting_node.ingest.batch import BatchOutcome, Entry
from reporting_node.ingest.chain import ChainCheck
from reporting_node.ingest.replay import ReplayRequests
from reporting_node.ingest.writer import BatchWriter
from reporting_node.settings import ReportingSettings
from reporting_node.store.progress import SourceGap, missing_ranges, open_gaps

log = logging.getLogger(__name__)

DATA_KEY = DATA_FIELD.encode()


class StreamIngest:
    """The running consumer of every partner stream (started and stopped by the app)."""

    def __init__(
        self,
        settings: ReportingSettings,
        sessions: async_sessionmaker[AsyncSession],
        redis: Redis,
        changes: ProjectionChanges,
    ) -> None:
        self.settings = settings
        self.streams = [partner_stream(partner) for partner in settings.partner_ids]
        self._sessions = sessions
        self._redis = redis
        self._changes = changes
        chains = ChainCheck(settings.key_registry(), settings.partnership_id)
        self.writer = BatchWriter(sessions, settings.partnership_id, chains=chains)
        self._replays = ReplayRequests(redis, settings.replay_request_interval_s)
        self._gap_watch: asyncio.Task[None] | None = None
        # Per-batch "Received"/"Processed" lines at DEBUG: a quiet node polls many times a second.
        self.broker = RedisBroker(
            settings.redis_url, graceful_timeout=10.0, log_level=logging.DEBUG
        )
        self.batches = 0
        self.last_error: str | None = None
        for stream in self.streams:
            self._subscribe(stream)

    def _subscribe(self, stream: str) -> None:
        group, consumer = self.settings.consumer_group, self.settings.consumer_name
        reader = StreamSub(
            stream,
            group=group,
            consumer=consumer,
            batch=True,
            max_records=self.settings.batch_size,
            polling_interval=self.settings.polling_interval_ms,
        )
        claimer = StreamSub(
            stream,
            group=group,
            consumer=consumer,
            batch=True,
            min_idle_time=self.settings.claim_idle_ms,
            polling_interval=max(self.settings.polling_interval_ms, 200),
        )
        for sub, title in ((reader, "new entries"), (claimer, "entries left pending")):
            subscriber = self.broker.subscriber(
                stream=sub,
                ack_policy=AckPolicy.MANUAL,
                parser=self._raw_batch,
                title=f"{stream}: {title}",
                description=f"The reporting node ingests the {title} of `{stream}` in batches.",
            )
            subscriber(self._handler())

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
        for stream in self.streams:
            await ensure_group_from_start(self._redis, stream, self.settings.consumer_group)
        await self.broker.start()
        self._gap_watch = asyncio.create_task(self._watch_gaps(), name="reporting-gap-watch")

    async def stop(self) -> None:
        if self._gap_watch is not None:
            self._gap_watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._gap_watch
        await self.broker.stop()

    async def take(self, message: BatchMessage) -> BatchOutcome:
        """Ingest one delivered batch, then acknowledge it and do what follows a commit."""
        raw = message.raw_message
        stream = raw["channel"]
        ids = raw["message_ids"]
        entries = [
            Entry(stream, entry_id.decode(), fields.get(DATA_KEY))
            for entry_id, fields in zip(ids, raw["data"], strict=True)
        ]
        try:
            written = await self.writer.write(entries)
        except Exception as error:
            # Not acknowledged: the entries stay pending and the claimer brings them back.
            self.last_error = f"{type(error).__name__}: {error}"
            log.exception("batch of %s entries from %s not ingested", len(entries), stream)
            raise
        self.last_error = None
        await message.ack()
        if written.first:
            self.batches += 1
            await self._after_commit(written.outcome)
        return written.outcome

    async def _after_commit(self, outcome: BatchOutcome) -> None:
        if outcome.changed:
            await self._changes.changed()
        try:
            if outcome.dead_letters:
                pipe = self._redis.pipeline(transaction=False)
                for letter in outcome.dead_letters:
                    pipe.xadd(
                        DEAD_LETTER_STREAM,
                        {
                            "stream": letter.stream,
                            "entry_id": letter.entry_id,
                            "reason": letter.reason,
                            DATA_FIELD: letter.body,
                        },
                    )
                await pipe.execute()
            if outcome.gaps:
                await self.request_replays(outcome.gaps)
        except RedisError as error:
            log.warning("could not publish dead letters or replay requests: %s", error)

    async def request_replays(self, gaps: list[SourceGap]) -> int:
        """Ask each source with a gap to publish the missing ranges again."""
        sent = 0
        for gap in gaps:
            async with self._sessions() as session:
                ranges = await missing_ranges(
                    session, gap.source_id, gap.contiguous_seq, gap.highest_seq
                )
            sent += await self._replays.ask(gap.source_id, ranges)
        return sent

    async def _watch_gaps(self) -> None:
        """Ask again for gaps that stay open (a replay request, too, can be lost)."""
        while True:
            await asyncio.sleep(self.settings.replay_request_interval_s)
            try:
                async with self._sessions() as session:
                    gaps = await open_gaps(session)
                if gaps:
                    await self.request_replays(gaps)
            except Exception as error:  # keep watching whatever went wrong this time
                log.warning("gap watch failed: %s", error)
