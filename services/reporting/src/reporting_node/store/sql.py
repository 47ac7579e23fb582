"""SQL that differs by dialect: `INSERT … ON CONFLICT` exists in SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

CHUNK = 900
"""Values bound in one `IN (…)`: well under SQLite's and asyncpg's limits."""


def insert_for(session: AsyncSession, table: Table) -> Any:
    """An `insert()` of the session's dialect, so that `.on_conflict_…()` is available."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


WRITER_LOCK = 0x7265706F7274  # "report": one key for every reporting process on a database


async def take_writer_lock(session: AsyncSession) -> None:
    """Serialise writers across processes for this transaction (PostgreSQL's advisory lock).

    A person's marks are recomputed from what the database holds, so two transactions must not
    do it side by side. SQLite needs nothing: its single writer fails the second transaction
    (the batch is then delivered again), and one process serialises its own batches anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
