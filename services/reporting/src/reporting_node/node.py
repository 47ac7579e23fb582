"""The running reporting node, wired in one place: settings, database, broker, consumer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from partnership_shared.access.audit import AuditLog
from partnership_shared.access.bootstrap import start_access
from partnership_shared.access.roles import REPORTING_ROLES, Role
from partnership_shared.access.service import AccessService
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.health import Readiness, broker_check, database_check
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.migrations import upgrade_to_head
from reporting_node.changes import ProjectionChanges
from reporting_node.domain.coordination import Terms
from reporting_node.ingest.consumer import StreamIngest
from reporting_node.rebuilding import Rebuilds
from reporting_node.settings import ReportingSettings
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.schema import access as access_tables
from reporting_node.store.sqlite_wal import Checkpointer, tune_writer
from reporting_node.store.versions import ensure_current

log = logging.getLogger(__name__)

MIGRATIONS = "reporting_node:migrations"


@dataclass
class ReportingNode:
    settings: ReportingSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    changes: ProjectionChanges
    ingest: StreamIngest
    checkpointer: Checkpointer
    access: AccessService
    audit: AuditLog
    rebuilds: Rebuilds
    terms: Terms
    """What the figures take from the partnership agreement (read once, at start)."""
    consuming: bool = False

    @classmethod
    async def start(
        cls,
        settings: ReportingSettings,
        *,
        consume: bool = True,
        metrics: NodeMetrics | None = None,
    ) -> ReportingNode:
        """Migrate the database, connect, and start consuming the partner streams."""
        await asyncio.to_thread(upgrade_to_head, settings.database_url, MIGRATIONS)
        engine = create_engine(settings.database_url)
        tune_writer(engine)
        sessions = session_factory(engine)
        if await ensure_current(sessions):
            log.info("projections rebuilt from the event store (new projection rules)")
        # Its service account reads the figures for `partnership report`: a coordinator.
        access, audit = await start_access(
            sessions, access_tables, REPORTING_ROLES, settings, Role.COORDINATOR
        )
        checkpointer = Checkpointer(settings.database_url)
        checkpointer.start()
        redis = Redis.from_url(settings.redis_url)
        changes = ProjectionChanges()
        ingest = StreamIngest(settings, sessions, redis, changes, metrics)
        rebuilds = Rebuilds(sessions, ingest.writer.lock, changes)
        node = cls(
            settings,
            engine,
            sessions,
            redis,
            changes,
            ingest,
            checkpointer,
            access,
            audit,
            rebuilds,
            settings.coordination_terms(),
        )
        if consume:
            try:
                await ingest.start()
            except BaseException:
                await node._close()
                raise
            node.consuming = True
        return node

    async def readiness(self) -> Readiness:
        """Ready while it keeps up with the partner streams: its database and the broker answer,
        every subscriber runs, and the backlog is not growing. Lost seqs are reported, not a
        reason to be taken out of service (nothing more can be done about them)."""
        checks = {
            "database": await database_check(self.sessions),
            "broker": await broker_check(self.redis),
        }
        if self.consuming:
            checks.update(self.ingest.supervisor.problems())
            checks.setdefault("subscribers", "ok")
            checks.setdefault("lag", "ok")
        return Readiness(
            ready=all(value == "ok" for value in checks.values()),
            checks=checks,
            details=await self.ingest_details(),
        )

    async def ingest_details(self) -> dict[str, object]:
        from reporting_node.store.progress import lost_ranges, open_gaps

        async with self.sessions() as session:
            gaps = await open_gaps(session)
            lost = await lost_ranges(session)
        return {
            "gaps": [
                {"source": g.source_id, "after_seq": g.contiguous_seq, "up_to_seq": g.highest_seq}
                for g in gaps
            ],
            "lost": [{"source": s, "from_seq": a, "to_seq": b} for s, a, b in lost],
            "backlog": sum(self.ingest.supervisor.lag.values()) if self.consuming else None,
        }

    async def rebuild(self) -> int:
        """Derive the projections again from the event store, ingest paused meanwhile."""
        count = await rebuild_projections(self.sessions, self.ingest.writer.lock)
        await self.changes.changed()
        return count

    async def stop(self) -> None:
        await self.rebuilds.stop()
        with contextlib.suppress(Exception):
            await self.ingest.stop()
        await self._close()

    async def _close(self) -> None:
        await self.checkpointer.stop()
        await self.redis.aclose()
        await self.engine.dispose()
