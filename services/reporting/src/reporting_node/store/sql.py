"""SQL that differs by dialect: `INSERT … ON CONFLICT` exists in SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import Table
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
