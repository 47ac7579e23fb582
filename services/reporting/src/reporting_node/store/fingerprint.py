"""A digest of every projection's rows, to tell whether a rebuild derived the same figures.

Sums that came to nothing are left out: a live node moves an event's counts when a late enrolment
changes its programme set, and keeps the emptied row (n = 0, amount 0); a rebuild never writes it.
Both read the same.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import and_, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.store.schema import PROJECTIONS, tally, tally_gap

EMPTY = {
    tally.name: and_(tally.c.n == 0, tally.c.amount == 0),
    tally_gap.name: tally_gap.c.n == 0,
}


async def projections_fingerprint(session: AsyncSession) -> str:
    """SHA-256 over the projections' rows in primary-key order (equal rows, equal digest)."""
    digest = hashlib.sha256()
    for table in PROJECTIONS:
        digest.update(table.name.encode())
        order = list(table.primary_key.columns) or list(table.columns)
        statement = select(table).order_by(*order)
        if table.name in EMPTY:
            statement = statement.where(not_(EMPTY[table.name]))
        rows = await session.stream(statement.execution_options(yield_per=5000))
        async for part in rows.partitions(5000):
            for row in part:
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
