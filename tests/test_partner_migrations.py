"""Each partner node's migrations (the common history and its service's own) build exactly the
schema the code declares, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from ngo_node.extension import EXTENSION as NGO
from ops_node.extension import EXTENSION as OPS
from partnership_partner.bootstrap import PartnerExtension
from partnership_shared.kernel.database import create_engine
from pup_node.extension import EXTENSION as PUP

SERVICES = {"pup": PUP, "ops": OPS, "ngo": NGO}


@pytest.mark.parametrize("service", SERVICES)
async def test_a_partner_node_migrates_to_its_declared_schema(
    database_url: str, service: str
) -> None:
    extension: PartnerExtension = SERVICES[service]
    await asyncio.to_thread(extension.migrate, database_url)
    await asyncio.to_thread(extension.migrate, database_url)  # again: nothing left to do
    engine = create_engine(database_url)

    def differences(connection: Connection) -> tuple[list[object], set[str]]:
        found = compare_metadata(MigrationContext.configure(connection), extension.schema())
        return list(found), set(inspect(connection).get_table_names())

    try:
        async with engine.connect() as connection:
            found, tables = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []
    own = {table for table in tables if table.startswith(f"{service}_")}
    assert own, f"the {service} service has tables of its own"
    others = {name for name in SERVICES if name != service}
    assert not {table for table in tables if table.split("_")[0] in others}
