"""SQLite's write-ahead log checkpointed beside the writer, not in its commits.

By default SQLite checkpoints the WAL inside the commit that makes it pass 1 000 pages, and a
checkpoint ends with an fsync: on an ordinary disk that makes every few batches wait for it.
The reporting node's writer turns automatic checkpoints off and a background thread runs a
PASSIVE checkpoint every second (it never blocks the writer or readers), so ingest keeps its pace
and the log stays small. Durability is that of `synchronous=NORMAL` in WAL mode either way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)


def tune_writer(engine: AsyncEngine) -> None:
    """No automatic checkpoints, and a page cache that holds the hot index pages (SQLite only)."""
    if engine.dialect.name != "sqlite":
        return

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    event.listen(engine.sync_engine, "connect", pragmas)


class Checkpointer:
    """Checkpoints the WAL of an SQLite database every `interval` seconds, from a thread."""

    def __init__(self, url: str, interval: float = 1.0) -> None:
        parsed = make_url(url)
        self.path = parsed.database if parsed.get_backend_name() == "sqlite" else None
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.path and self.path != ":memory:":
            self._task = asyncio.create_task(self._run(), name="sqlite-wal-checkpoint")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await asyncio.to_thread(self._checkpoint, "TRUNCATE")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self._checkpoint, "PASSIVE")
            except sqlite3.Error as error:  # a busy database now is a checkpoint next time
                log.debug("WAL checkpoint skipped: %s", error)

    def _checkpoint(self, mode: str) -> None:
        assert self.path is not None
        with contextlib.closing(sqlite3.connect(self.path, timeout=10)) as connection:
            connection.execute(f"PRAGMA wal_checkpoint({mode})")
