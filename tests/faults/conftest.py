"""The fault suite's fixtures: a partnership of real processes, at the scale asked for.

`make test` runs the quick fault tests at a small scale (`Scale.QUICK`); `make faults`
(PARTNERSHIP_FAULTS=full) runs every fault test, those marked `faults` too, at the scale the
issue sets (≥ 5 000 writes, ≥ 20 000 events, …). Partner nodes run on SQLite or PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults.harness import PARTNERS, Partnership, Scale
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

FULL = os.environ.get("PARTNERSHIP_FAULTS") == "full"


QUICK = Scale(writes=450, events=1_500, examples=4)
WHOLE = Scale(writes=5_400, events=20_100, examples=25)


@pytest.fixture(scope="session")
def scale() -> Scale:
    return WHOLE if FULL else QUICK


QUICK_TESTS = frozenset(
    {
        "test_broker_losing_acknowledged_writes_in_the_middle_and_at_the_tail[sqlite]",
        "test_broker_restarted_empty_while_everything_runs[sqlite]",
        "test_partner_killed_between_commit_and_publish[postgres]",
        "test_random_histories_live_with_duplicates_and_reordering_equal_a_rebuild",
    }
)
"""What `make test` (CI) runs of the fault suite, at the quick scale: about a minute."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if FULL:
        return
    skip = pytest.mark.skip(reason="part of the full fault suite: make faults")
    for item in items:
        in_suite = Path(str(item.path)).parent == Path(__file__).parent
        if item.get_closest_marker("faults") is not None or (
            in_suite and item.name not in QUICK_TESTS
        ):
            item.add_marker(skip)


async def _autocommit(admin: str, *statements: str) -> None:
    url = make_url(admin).set(drivername="postgresql+asyncpg")
    engine = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _drop(admin: str, names: list[str]) -> None:
    """Drop the test's databases, ending the sessions the test role still holds on them first
    (a non-superuser may end only its own: the nodes' pools, a killed node's leftovers)."""
    for name in names:
        for attempt in range(5):
            try:
                await _autocommit(
                    admin,
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    " AND usename = current_user",
                    f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                )
                break
            except Exception:
                if attempt == 4:
                    raise
                await asyncio.sleep(1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def partner_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """Each partner's DATABASE_URL: SQLite files, or fresh PostgreSQL databases."""
    if request.param == "sqlite":
        yield {p: f"sqlite+aiosqlite:///{tmp_path / f'{p}.db'}" for p in PARTNERS}
        return
    admin: str = request.getfixturevalue("postgres_server")
    names = {p: f"faults_{p}_{uuid.uuid4().hex[:10]}" for p in PARTNERS}
    asyncio.run(_autocommit(admin, *(f'CREATE DATABASE "{n}"' for n in names.values())))
    base = make_url(admin).set(drivername="postgresql+asyncpg")
    try:
        yield {
            p: base.set(database=name).render_as_string(hide_password=False)
            for p, name in names.items()
        }
    finally:
        asyncio.run(
            _autocommit(
                admin, *(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)' for n in names.values())
            )
        )


@pytest.fixture
def partnership(tmp_path: Path, partner_databases: dict[str, str]) -> Iterator[Partnership]:
    running = Partnership(tmp_path / "partnership", partner_databases)
    try:
        running.start()
        yield running
    finally:
        running.stop()
