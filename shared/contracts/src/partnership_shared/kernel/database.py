"""Async SQLAlchemy engine and sessions for a node's own database (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def combined(*parts: MetaData) -> MetaData:
    """One metadata holding the tables of several (a node's common tables and its service's own),
    so that foreign keys between them resolve."""
    whole = new_metadata()
    for part in parts:
        for table in part.tables.values():
            table.to_metadata(whole)
    return whole


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """An engine for the node's database; SQLite gets WAL and foreign keys, its folder is made."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if "poolclass" not in options:
        options.setdefault("pool_size", 10)
        options.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **options)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the API read while the relay and writers commit; NORMAL is durable across a
    # process crash and loses at most the last commits on power loss, like Redis' everysec.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class WriteGate:
    """One writer at a time, where the database allows only one.

    SQLite lets a single connection write; others wait in its busy handler, which sleeps in steps
    of up to 100 ms. Queueing writers on an asyncio lock instead keeps a node fast under load.
    PostgreSQL needs no gate: it is opened for every writer at once.
    """

    def __init__(self, url: str) -> None:
        self._lock = asyncio.Lock() if is_sqlite(url) else None

    async def __aenter__(self) -> None:
        if self._lock is not None:
            await self._lock.acquire()

    async def __aexit__(self, *_exc: object) -> None:
        if self._lock is not None:
            self._lock.release()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
