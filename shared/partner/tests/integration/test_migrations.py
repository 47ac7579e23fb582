"""The partner core's migrations build exactly the schema the code declares, on SQLite and
PostgreSQL, for the common core and for each partner service on top of it."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from ngo_node.extension import EXTENSION as NGO
from ops_node.extension import EXTENSION as OPS
from partnership_partner.bootstrap import PartnerExtension
from partnership_shared.kernel.database import create_engine
from pup_node.extension import EXTENSION as PUP


@pytest.mark.parametrize("extension", [PUP, OPS, NGO], ids=["pup", "ops", "ngo"])
async def test_the_migrated_schema_is_the_declared_one(
    database_url: str, extension: PartnerExtension
) -> None:
    await asyncio.to_thread(extension.migrate, database_url)
    engine = create_engine(database_url)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection)
        return list(compare_metadata(context, extension.schema()))

    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []
