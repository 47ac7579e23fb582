"""A rebuild of the projections asked for by an operator, run beside ingest, with its progress.

Ingest pauses while it runs (the writer's lock is held); the projections are fingerprinted
before and after, so the answer says whether the rebuilt figures are identical to the live ones.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting_node.changes import ProjectionChanges
from reporting_node.store.fingerprint import projections_fingerprint
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.schema import event

log = logging.getLogger(__name__)


@dataclass
class RebuildState:
    state: str = "idle"
    """idle, running, done or failed"""
    events: int = 0
    read: int = 0
    identical: bool | None = None
    seconds: float | None = None
    started_at: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Rebuilds:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        writer: asyncio.Lock,
        changes: ProjectionChanges,
    ) -> None:
        self._sessions = sessions
        self._writer = writer
        self._changes = changes
        self.current = RebuildState()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> RebuildState:
        """Start a rebuild unless one is running; the state of the one that runs."""
        if self.current.state != "running":
            self.current = RebuildState(
                state="running", started_at=datetime.now(UTC).isoformat(timespec="seconds")
            )
            self._task = asyncio.create_task(self._run(self.current), name="projection-rebuild")
        return self.current

    async def wait(self) -> RebuildState:
        if self._task is not None:
            await asyncio.shield(self._task)
        return self.current

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def _run(self, state: RebuildState) -> None:
        started = time.perf_counter()
        try:
            async with self._writer:
                async with self._sessions() as session:
                    state.events = int(
                        await session.scalar(select(func.count()).select_from(event)) or 0
                    )
                    before = await projections_fingerprint(session)

                def progress(read: int) -> None:
                    state.read = read

                state.read = await rebuild_projections(self._sessions, None, progress)
                async with self._sessions() as session:
                    after = await projections_fingerprint(session)
            state.identical = before == after
            state.state = "done"
            await self._changes.changed()
            log.info(
                "projections rebuilt from %s events; %s",
                state.read,
                "identical to the live ones"
                if state.identical
                else "they differ from the live ones",
            )
        except Exception as error:  # reported to whoever asked, through the state
            state.state = "failed"
            state.error = f"{type(error).__name__}: {error}"
            log.exception("projection rebuild failed")
        finally:
            state.seconds = round(time.perf_counter() - started, 3)
