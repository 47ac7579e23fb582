"""A digest of every projection's rows, to tell whether a rebuild derived the same figures."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.store.schema import PROJECTIONS


async def projections_fingerprint(session: AsyncSession) -> str:
    """SHA-256 over the projections' rows in primary-key order (equal rows, equal digest)."""
    digest = hashlib.sha256()
    for table in PROJECTIONS:
        digest.update(table.name.encode())
        order = list(table.primary_key.columns) or list(table.columns)
        rows = await session.stream(
            select(table).order_by(*order).execution_options(yield_per=5000)
        )
        async for part in rows.partitions(5000):
            for row in part:
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
