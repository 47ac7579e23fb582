"""The consumer of the other partners' streams: what they announce, kept once and applied here.

Each partner node reads the other partners' streams through a consumer group of its own
(`partner:<its id>`), created at `0` so that it sees the history. Every new event is kept in
`received_events` (its id once: a redelivery changes nothing) and applied in the same transaction
(`service_layer.handlers.received`: programmes, editions, the clients' timeline, plans,
referrals, overlaps and conflicts, which this node may announce in turn); the entries are
acknowledged after the commit. Nothing personal arrives: events name clients by pseudonym only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import cast

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.repositories import insert_for
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.aside import KeptAside
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers.received import receive
from partnership_shared.events import models as ev
from partnership_shared.events import parse_stream_message
from partnership_shared.kernel.streams import DATA_FIELD, ensure_group_from_start, partner_stream

log = logging.getLogger(__name__)

DATA_KEY = DATA_FIELD.encode()
Entries = list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None


class PartnerFeed:
    def __init__(
        self,
        unit_of_work: Callable[[], SqlUnitOfWork],
        context: NodeContext,
        redis: Redis,
        others: Sequence[str],
        *,
        batch_size: int = 500,
        block_ms: int = 1000,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._context = context
        self._redis = redis
        partner_id = context.partner_id
        self.partner_id = partner_id
        self.group = f"partner:{partner_id}"
        self.consumer = f"{partner_id}-1"
        self.streams = [partner_stream(other) for other in others]
        self._batch_size = batch_size
        self._block_ms = block_ms
        self.received = 0
        self.last_error: str | None = None

    async def run(self) -> None:
        """Read the other partners' streams until cancelled (retrying while the broker is away)."""
        if not self.streams:
            return
        ready = False
        while True:
            try:
                if not ready:
                    for stream in self.streams:
                        await ensure_group_from_start(self._redis, stream, self.group)
                    await self._read("0")  # our own pending entries first (a crash mid-batch)
                    ready = True
                await self._read(">")
                self.last_error = None
            except (RedisError, OSError) as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.warning("the other partners' streams are unavailable, retrying: %s", error)
                ready = False
                await asyncio.sleep(1)

    async def _read(self, start: str) -> None:
        while True:
            reply = await self._redis.xreadgroup(
                self.group,
                self.consumer,
                dict.fromkeys(self.streams, start),
                count=self._batch_size,
                block=None if start == "0" else self._block_ms,
            )
            entries = cast(Entries, reply)
            taken = 0
            for stream, messages in entries or []:
                if messages:
                    await self.take(stream.decode(), messages)
                    taken += len(messages)
            if start == ">" or taken == 0:
                return

    async def take(self, stream: str, messages: list[tuple[bytes, dict[bytes, bytes]]]) -> int:
        """Keep and apply one batch of one stream, then acknowledge it; the number new here."""
        events = []
        for entry_id, fields in messages:
            try:
                message = parse_stream_message(fields[DATA_KEY])
            except (KeyError, ValidationError) as error:
                # The reporting node dead-letters what it cannot read; this node skips it.
                log.warning("skipping entry %s of %s: %s", entry_id.decode(), stream, error)
                continue
            if isinstance(message, ev.EventBase):  # checkpoints are the reporting node's to verify
                events.append(message)
        new = await self._keep_all(events) if events else 0
        await self._redis.xack(stream, self.group, *(entry_id for entry_id, _ in messages))
        self.received += new
        return new

    async def _keep_all(self, events: list[ev.EventBase]) -> int:
        try:
            return await self._keep(events)
        except Exception:  # a consumer goes on: see which event it was, and keep that one aside
            log.exception(
                "a batch of %s events could not be applied; applying one by one", len(events)
            )
        new = 0
        for event in events:
            try:
                new += await self._keep([event])
            except Exception as error:
                log.exception("event %s (%s) could not be applied", event.event_id, event.type)
                new += await self._keep([event], failed=f"{type(error).__name__}: {error}")
        return new

    async def _keep(self, events: list[ev.EventBase], failed: str | None = None) -> int:
        """Keep the batch's new events and apply them, in one transaction; a `failed` one is kept
        aside with the error instead (an operator sees it in `/api/v1/feed`)."""
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            statement = (
                insert_for(uow.session, db.received_events)
                .on_conflict_do_nothing()
                .returning(db.received_events.c.event_id)
            )
            kept = await uow.session.execute(
                statement,
                [
                    {
                        "event_id": str(event.event_id),
                        "source_id": event.source.partner_id,
                        "seq": event.seq,
                        "type": event.type,
                        "client": event.client,
                        "occurred_at": event.occurred_at,
                        "body": event.model_dump_json().encode(),
                        "received_at": now,
                    }
                    for event in events
                ],
            )
            new = {row[0] for row in kept}
            fresh = []
            for event in events:  # a batch may hold one event twice: applied once
                if str(event.event_id) in new:
                    new.discard(str(event.event_id))
                    fresh.append(event)
            if failed is None:
                await receive(uow, self._context, fresh)
            else:
                for event in fresh:
                    await uow.aside.add(
                        KeptAside(event, f"failure:{event.event_id}", "event.failed", now)
                    )
            await uow.commit()
        return len(fresh)
