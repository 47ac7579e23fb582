"""Alembic, driven from code: each node upgrades its own database to head when it starts."""

from __future__ import annotations

import asyncio

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection

from partnership_shared.kernel.database import create_engine, is_sqlite


def alembic_config(database_url: str, script_location: str) -> Config:
    """A config for `script_location` (`package:folder`) against `database_url`."""
    config = Config()
    config.set_main_option("script_location", script_location)
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str, script_location: str) -> None:
    """Apply every migration not yet applied (blocking: call it in a thread from async code)."""
    command.upgrade(alembic_config(database_url, script_location), "head")


def run_env(target_metadata: MetaData) -> None:
    """The body of a node's `migrations/env.py`."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None, "sqlalchemy.url is set by alembic_config()"
    batch = is_sqlite(url)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, render_as_batch=batch)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: Connection) -> None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=batch
        )
        with context.begin_transaction():
            context.run_migrations()

    async def online() -> None:
        engine = create_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
        await engine.dispose()

    asyncio.run(online())
