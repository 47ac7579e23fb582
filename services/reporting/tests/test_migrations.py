"""The migrations build exactly the schema the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from partnership_shared.kernel.database import create_engine
from partnership_shared.kernel.migrations import upgrade_to_head
from reporting_node.node import MIGRATIONS
from reporting_node.store.schema import metadata


async def test_the_migrated_schema_is_the_declared_one(database_url: str) -> None:
    await asyncio.to_thread(upgrade_to_head, database_url, MIGRATIONS)
    engine = create_engine(database_url)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection)
        return list(compare_metadata(context, metadata))

    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []
