"""Many rows in one round trip, straight through the driver (positional parameters).

SQLAlchemy's Core `insert()` with a list of dicts processes every parameter of every row in
Python; for the hot path of ingest (thousands of rows per batch) that costs more than the
database work itself. Here rows are plain tuples and the SQL is written once per dialect: the
placeholders are `?` for SQLite and `$1…` for PostgreSQL; `INSERT … ON CONFLICT` reads the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from itertools import chain
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

MAX_PARAMETERS = 30_000
"""Bound parameters in one statement: under SQLite's 32 766 and PostgreSQL's 32 767."""

MOST_ROWS = 512
"""Rows in one statement. Statements have a power-of-two number of rows, so that the drivers'
caches of prepared statements hold a handful of shapes (each keeps its last parameters)."""


def statement_sizes(rows: int, width: int) -> list[int]:
    """Split `rows` into power-of-two parts, as large as the limits allow."""
    most = min(MOST_ROWS, max(1, MAX_PARAMETERS // width))
    sizes = []
    while rows:
        size = 1 << (min(rows, most).bit_length() - 1)
        sizes.append(size)
        rows -= size
    return sizes


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


@cache
def values_clause(dialect: str, columns: int, rows: int = 1) -> str:
    """`(?, ?), (?, ?)` or `($1, $2), ($3, $4)` for `rows` rows of `columns` values."""
    if dialect == "postgresql":
        return ", ".join(
            "(" + ", ".join(f"${row * columns + col + 1}" for col in range(columns)) + ")"
            for row in range(rows)
        )
    return ", ".join(["(" + ", ".join(["?"] * columns) + ")"] * rows)


def moment(dialect: str, value: datetime) -> Any:
    """A timestamp as the driver takes it (SQLite: the text SQLAlchemy writes and reads back)."""
    if dialect == "postgresql":
        return value
    if value.utcoffset():  # events carry UTC already; anything else is converted first
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


async def insert_many(
    session: AsyncSession, head: str, rows: Sequence[tuple[Any, ...]], tail: str = ""
) -> None:
    """`{head} VALUES (…), (…) {tail}`: as few multi-row statements as the limits allow.

    One statement for many rows, rather than executemany: the driver binds them all at once and
    SQLite then works without holding Python's GIL, so validation of the next batch runs on.
    """
    await insert_returning(session, head, rows, tail)


async def insert_returning(
    session: AsyncSession, head: str, rows: Sequence[tuple[Any, ...]], tail: str
) -> list[Any]:
    """`{head} VALUES (…), (…) {tail}` as multi-row statements; the rows each one returns."""
    if not rows:
        return []
    dialect = dialect_of(session)
    width = len(rows[0])
    connection = await session.connection()
    returned: list[Any] = []
    start = 0
    for size in statement_sizes(len(rows), width):
        part = rows[start : start + size]
        start += size
        sql = f"{head} VALUES {values_clause(dialect, width, len(part))} {tail}"
        flat = tuple(chain.from_iterable(part))
        result = await connection.exec_driver_sql(sql, flat)
        if result.returns_rows:
            returned.extend(result.all())
    return returned
