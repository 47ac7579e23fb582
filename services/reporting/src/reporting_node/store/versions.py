"""Which version of the projection rules built the projections; a new version rebuilds them.

Projections are derived data: when their rules change (a new release), the node rebuilds them
from the event store when it starts, instead of migrating figures by hand.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.schema import projection_state
from reporting_node.store.sql import insert_for

PROJECTIONS = "reporting"
VERSION = 4
"""Raise it whenever a change makes the stored projections differ from what the rules derive."""


async def stored_version(session: AsyncSession) -> int | None:
    found = await session.scalar(
        select(projection_state.c.version).where(projection_state.c.name == PROJECTIONS)
    )
    return None if found is None else int(found)


async def ensure_current(
    sessions: async_sessionmaker[AsyncSession], writer: asyncio.Lock | None = None
) -> bool:
    """Rebuild the projections if another version of the rules built them; True if it did."""
    async with sessions() as session:
        if await stored_version(session) == VERSION:
            return False
    await rebuild_projections(sessions, writer)
    await mark_current(sessions)
    return True


async def mark_current(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        statement = insert_for(session, projection_state).values(
            name=PROJECTIONS, version=VERSION, rebuilt_at=datetime.now(UTC)
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[projection_state.c.name],
                set_={"version": VERSION, "rebuilt_at": statement.excluded.rebuilt_at},
            )
        )
