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
from partnership_shared.kernel.migrations import upgrade_to_head
from reporting_node.changes import ProjectionChanges
from reporting_node.ingest.consumer import StreamIngest
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

    @classmethod
    async def start(cls, settings: ReportingSettings, *, consume: bool = True) -> ReportingNode:
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
        ingest = StreamIngest(settings, sessions, redis, changes)
        node = cls(settings, engine, sessions, redis, changes, ingest, checkpointer, access, audit)
        if consume:
            try:
                await ingest.start()
            except BaseException:
                await node._close()
                raise
        return node

    async def rebuild(self) -> int:
        """Derive the projections again from the event store, ingest paused meanwhile."""
        count = await rebuild_projections(self.sessions, self.ingest.writer.lock)
        await self.changes.changed()
        return count

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.ingest.stop()
        await self._close()

    async def _close(self) -> None:
        await self.checkpointer.stop()
        await self.redis.aclose()
        await self.engine.dispose()
