"""The answers kept for repeated writes (`idempotency_keys`), and how they are let go.

An answer may hold a client's PESEL and name (a registration's). It is kept for a day, long
enough for a retried or doubled request, then dropped: the key stays with the id of what the
write made, so a repeat still changes nothing and says what was made. A client's erasure drops
every answer that names them at once, key and all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_partner.adapters import schema as db

table = db.idempotency_keys


async def drop_answers_older_than(session: AsyncSession, cutoff: datetime) -> int:
    """Drop the answers kept since before `cutoff` (their keys stay); how many."""
    result = await session.execute(
        update(table)
        .where(table.c.created_at < cutoff)
        .where(table.c.response.is_not(None))
        .values(response=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def drop_answers_naming(session: AsyncSession, needles: Iterable[str | None]) -> int:
    """Forget every kept answer, key and all, that names any of `needles` (a client's id, their
    PESEL): none is kept longer than a day, so reading them through is cheap."""
    wanted = [needle.encode() for needle in needles if needle]
    rows = await session.execute(select(table.c.key, table.c.response, table.c.made_id))
    naming = [
        key
        for key, response, made_id in rows
        if (made_id and made_id.encode() in wanted)
        or (response is not None and any(needle in response for needle in wanted))
    ]
    if naming:
        await session.execute(delete(table).where(table.c.key.in_(naming)))
    return len(naming)
