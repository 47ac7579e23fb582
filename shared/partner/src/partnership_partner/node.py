"""A running partner node: its settings, database, outbox relay and handler context, wired once."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from partnership_partner import schema as db
from partnership_partner.handlers import NodeContext
from partnership_partner.profile import PartnerProfile
from partnership_shared.events.models import Source
from partnership_shared.kernel.database import WriteGate, create_engine, session_factory
from partnership_shared.kernel.health import Readiness, broker_check, database_check
from partnership_shared.kernel.heartbeat import OUTBOX_METRICS, RelayHeartbeatLoop
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.migrations import upgrade_to_head
from partnership_shared.kernel.outbox import Outbox, OutboxState
from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.replay import serve_replay_requests
from partnership_shared.kernel.settings import NodeSettings
from partnership_shared.kernel.streams import partner_stream
from partnership_shared.kernel.unit_of_work import UnitOfWork

MIGRATIONS = "partnership_partner:migrations"


class PartnerSettings(NodeSettings):
    """A partner node's settings; each service sets its own default `partner_id` and `port`."""

    partner_id: str = "partner"
    outbox_retention_days: int = 90


@dataclass
class PartnerNode:
    profile: PartnerProfile
    settings: PartnerSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    outbox: Outbox
    redis: Redis
    relay: OutboxRelay
    context: NodeContext
    gate: WriteGate
    metrics: NodeMetrics = field(default_factory=NodeMetrics)
    heartbeat: RelayHeartbeatLoop | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def start(
        cls,
        profile: PartnerProfile,
        settings: PartnerSettings,
        metrics: NodeMetrics | None = None,
    ) -> PartnerNode:
        await asyncio.to_thread(upgrade_to_head, settings.database_url, MIGRATIONS)
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine)
        source = Source(partner_id=settings.partner_id, kind=profile.kind)
        outbox = Outbox(db.outbox, db.source_sequence, source, settings.partnership_id)
        async with sessions.begin() as session:
            await outbox.ensure_source(session)
        redis = Redis.from_url(settings.redis_url)
        gate = WriteGate(settings.database_url)
        relay = OutboxRelay(
            sessions, db.outbox, redis, partner_stream(settings.partner_id), gate=gate
        )
        context = NodeContext(profile, settings.partnership_starts_on, settings.secret_bytes())
        node = cls(profile, settings, engine, sessions, outbox, redis, relay, context, gate)
        node.metrics = metrics or node.metrics
        node.heartbeat = RelayHeartbeatLoop(
            sessions,
            db.outbox,
            db.source_sequence,
            redis,
            partnership_id=settings.partnership_id,
            partner_id=settings.partner_id,
            interval=settings.heartbeat_interval_s,
            stream_max_len=settings.stream_max_len,
            metrics=node.metrics.sampled(OUTBOX_METRICS),
        )
        node._tasks = [
            asyncio.create_task(relay.run(), name="outbox-relay"),
            asyncio.create_task(
                serve_replay_requests(redis, relay, settings.partner_id, stop=node._stopping),
                name="replay-requests",
            ),
            asyncio.create_task(node._purge_daily(), name="outbox-retention"),
            asyncio.create_task(node.heartbeat.run(), name="relay-heartbeat"),
        ]
        return node

    async def readiness(self) -> Readiness:
        """Ready while writes can be accepted: the database answers. The broker may be down:
        events wait in the outbox meanwhile, so it is reported, never a reason to refuse."""
        database = await database_check(self.sessions)
        return Readiness(
            ready=database == "ok",
            checks={"database": database, "broker": await broker_check(self.redis)},
        )

    async def stop(self) -> None:
        self.relay.stop()
        relay_task, *others = self._tasks
        # On time-out wait_for cancels it: unpublished rows stay pending for the next start.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(relay_task, timeout=10)
        # Flags first: a loop whose cancellation a client library swallowed still ends.
        self._stopping.set()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        for task in others:
            task.cancel()
        for task in others:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=5)
        await self.redis.aclose()
        await self.engine.dispose()

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.outbox, on_commit=self.relay.wake, gate=self.gate)

    async def outbox_status(self) -> dict[str, object]:
        table = db.outbox
        async with self.sessions() as session:
            pending = await session.scalar(
                select(func.count()).where(table.c.state == OutboxState.PENDING.value)
            )
            last_seq = await session.scalar(select(func.max(table.c.seq)))
            last_published = await session.scalar(
                select(func.max(table.c.seq)).where(table.c.state == OutboxState.PUBLISHED.value)
            )
        return {
            "source": self.outbox.source.model_dump(),
            "pending": pending or 0,
            "last_seq": last_seq or 0,
            "last_published_seq": last_published or 0,
            "relay_error": self.relay.last_error,
        }

    async def _purge_daily(self) -> None:
        retention = timedelta(days=self.settings.outbox_retention_days)
        while True:
            await self.relay.purge_published(retention)
            await asyncio.sleep(24 * 3600)
