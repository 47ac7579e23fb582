"""The test harness's servers (root conftest.py) are real and isolate tests from each other."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine


@pytest.mark.redis
async def test_redis_streams_with_consumer_groups(redis_url: str) -> None:
    assert redis_url.startswith("redis://127.0.0.1:")
    assert redis_url.endswith("/0")
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    try:
        first = await client.xadd("stream:test", {"n": "1"})
        await client.xadd("stream:test", {"n": "2"})
        entries = await client.xread({"stream:test": "0"})
        assert [fields["n"] for _id, fields in entries[0][1]] == ["1", "2"]

        # A group created at 0 sees history; XACK empties the pending list.
        await client.xgroup_create("stream:test", "reporting", id="0")
        delivered = await client.xreadgroup("reporting", "c1", {"stream:test": ">"}, count=10)
        ids = [entry_id for entry_id, _fields in delivered[0][1]]
        assert ids[0] == first
        assert await client.xack("stream:test", "reporting", *ids) == 2
        assert (await client.xpending("stream:test", "reporting"))["pending"] == 0
    finally:
        await client.aclose()


@pytest.mark.redis
@pytest.mark.parametrize("attempt", [1, 2])
def test_redis_url_starts_empty(redis_url: str, attempt: int) -> None:
    # Whichever attempt runs second proves that the first one's key was flushed.
    with redis.Redis.from_url(redis_url) as client:
        assert client.dbsize() == 0
        client.set(f"leftover:{attempt}", "x")


def test_sqlite_url_is_in_tmp_path(sqlite_url: str, tmp_path: Path) -> None:
    url = make_url(sqlite_url)
    assert url.drivername == "sqlite+aiosqlite"
    assert url.database == str(tmp_path / "node.db")


async def test_database_url_works_with_sqlalchemy(database_url: str) -> None:
    url = make_url(database_url)
    assert url.drivername in {"sqlite+aiosqlite", "postgresql+asyncpg"}
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))"))
            await conn.execute(
                text("INSERT INTO t (id, name) VALUES (:id, :name)"),
                [{"id": 1, "name": "Łódź"}, {"id": 2, "name": "Kraków"}],
            )
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(row) for row in rows] == [(1, "Łódź"), (2, "Kraków")]
    finally:
        await engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("attempt", [1, 2])
async def test_postgres_url_is_a_fresh_database(postgres_url: str, attempt: int) -> None:
    url = make_url(postgres_url)
    assert url.drivername == "postgresql+asyncpg"
    engine = create_async_engine(postgres_url)
    try:
        async with engine.begin() as conn:
            assert (await conn.execute(text("SELECT current_database()"))).scalar() == url.database
            # Fails on the second attempt if the database were reused.
            await conn.execute(text("CREATE TABLE only_once (attempt INTEGER)"))
            await conn.execute(text("INSERT INTO only_once VALUES (:a)"), {"a": attempt})
    finally:
        await engine.dispose()
