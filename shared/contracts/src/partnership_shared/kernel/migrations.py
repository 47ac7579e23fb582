"""Alembic, driven from code: each node upgrades its own database to its heads when it starts.

A partner node's history is the common one (branch `partner`) with its service's own on top
(branch `pup`, `ops`, `ngo`, each depending on the common revisions it needs): the service's
versions folder is added to the common script location, and both are upgraded to their heads.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

from alembic import command, context
from alembic.config import Config
from alembic.util import coerce_resource_to_filename
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection

from partnership_shared.kernel.database import create_engine, is_sqlite


def alembic_config(
    database_url: str,
    script_location: str,
    extra_versions: Sequence[str] = (),
    target_metadata: MetaData | None = None,
) -> Config:
    """A config for `script_location` (`package:folder`) against `database_url`.

    `extra_versions` are further versions folders (`package:folder`), e.g. a partner service's
    own history on top of the common one; `target_metadata` is what autogenerate compares with
    (default: the one the script location's `env.py` names).
    """
    config = Config()
    config.set_main_option("script_location", script_location)
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    if extra_versions:
        folders = [os.path.join(coerce_resource_to_filename(script_location), "versions")]
        folders += [str(coerce_resource_to_filename(location)) for location in extra_versions]
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(folders))
    config.attributes["target_metadata"] = target_metadata
    return config


def upgrade_to_head(
    database_url: str,
    script_location: str,
    extra_versions: Sequence[str] = (),
    target_metadata: MetaData | None = None,
) -> None:
    """Apply every migration not yet applied (blocking: call it in a thread from async code)."""
    config = alembic_config(database_url, script_location, extra_versions, target_metadata)
    command.upgrade(config, "heads")


def run_env(default_metadata: MetaData) -> None:
    """The body of a node's `migrations/env.py`."""
    target_metadata = context.config.attributes.get("target_metadata") or default_metadata
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
