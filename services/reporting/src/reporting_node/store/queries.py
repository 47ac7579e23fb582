"""Reading the projections: sums over a range of days, read from as few rows as possible.

A range of days is covered by whole months (one row per month and key) and the loose days at its
ends (see `reporting_node.domain.days.split_range`), so a question over three years reads a few
thousand rows, whatever the number of events behind them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Table, and_, case, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.days import (
    FIRST_DAY,
    LAST_DAY,
    day_key,
    month_of,
    previous_day,
    split_range,
)
from reporting_node.domain.facts import ADDITIVE_METRICS
from reporting_node.domain.persons import (
    ACTIVITY_IN,
    ACTIVITY_OUT,
    ALL,
    CLIENTS_IN,
    CLIENTS_OUT,
    EMPLOYMENT_HELD_IN,
    EMPLOYMENT_HELD_OUT,
)
from reporting_node.domain.summary import BY_BUCKET, BucketKey, Filters, SumKey, Sums
from reporting_node.store.projector import load_programme_sets
from reporting_node.store.schema import DAY, MONTH, tally, tally_gap

INTERVAL_METRICS = (
    CLIENTS_IN,
    CLIENTS_OUT,
    ACTIVITY_IN,
    ACTIVITY_OUT,
    EMPLOYMENT_HELD_IN,
    EMPLOYMENT_HELD_OUT,
)
"""What is needed from before a period: the marks of intervals that may reach into it."""


async def buckets_with(session: AsyncSession, programme: str | None) -> list[int] | None:
    """The programme sets that include `programme` (None: no restriction)."""
    if programme is None:
        return None
    sets = await load_programme_sets(session)
    return [bucket for bucket, names in sets.items() if programme in names]


def _scope_condition(table: Table, partner: str | None) -> ColumnElement[bool]:
    if partner is not None:
        return table.c.scope == partner
    return or_(table.c.scope == ALL, table.c.metric.in_(ADDITIVE_METRICS))


def _range_condition(low: int, high: int) -> ColumnElement[bool]:
    parts = [
        and_(tally.c.grain == (DAY if grain == "day" else MONTH), tally.c.day.between(first, last))
        for grain, first, last in split_range(low, high)
    ]
    return or_(*parts) if parts else false()


class Reader:
    """Sums for one set of filters (partner kind, programme)."""

    def __init__(self, session: AsyncSession, filters: Filters, buckets: list[int] | None) -> None:
        self.session = session
        self.filters = filters
        self.buckets = buckets

    @classmethod
    async def open(cls, session: AsyncSession, filters: Filters) -> Reader:
        return cls(session, filters, await buckets_with(session, filters.programme))

    @property
    def low(self) -> int:
        return day_key(self.filters.first) if self.filters.first else FIRST_DAY

    @property
    def high(self) -> int:
        return day_key(self.filters.last) if self.filters.last else LAST_DAY

    def _where(self, table: Table, metrics: Sequence[str] | None) -> list[ColumnElement[bool]]:
        conditions = [_scope_condition(table, self.filters.partner)]
        if metrics is not None:
            conditions.append(table.c.metric.in_(metrics))
        if self.buckets is not None:
            conditions.append(table.c.bucket.in_(self.buckets))
        return conditions

    async def sums(self, low: int, high: int, metrics: Sequence[str] | None = None) -> Sums:
        """Sums of `tally` over the days `low..high` by (metric, scope, dimension); client
        marks also by programme set (each programme's clients are read off them)."""
        if low > high or self.buckets == []:
            return Sums({}, self.filters.partner)
        t = tally.c
        part = case((t.metric.in_(BY_BUCKET), t.bucket), else_=literal(0))
        statement = (
            select(t.metric, t.scope, t.dim, part, func.sum(t.n), func.sum(t.amount))
            .where(_range_condition(low, high), *self._where(tally, metrics))
            .group_by(t.metric, t.scope, t.dim, part)
        )
        found: dict[SumKey, tuple[int, int]] = {}
        buckets: dict[BucketKey, int] = defaultdict(int)
        for m, s, d, bucket, n, a in await self.session.execute(statement):
            if not (n or a):
                continue
            known = found.get((m, s, d), (0, 0))
            found[(m, s, d)] = (known[0] + int(n), known[1] + int(a))
            if m in BY_BUCKET:
                buckets[(m, s, int(bucket))] += int(n)
        return Sums(found, self.filters.partner, buckets)

    async def gaps(self, low: int, high: int) -> Sums:
        """Sums of `tally_gap` over the gaps lying wholly within `low..high`."""
        if low > high or self.buckets == []:
            return Sums({}, self.filters.partner)
        g = tally_gap.c
        statement = (
            select(g.metric, g.scope, g.dim, func.sum(g.n))
            .where(g.left_day >= low, g.right_day <= high, *self._where(tally_gap, None))
            .group_by(g.metric, g.scope, g.dim)
        )
        rows = await self.session.execute(statement)
        return Sums({(m, s, d): (int(n), 0) for m, s, d, n in rows if n}, self.filters.partner)

    async def period_sums(self) -> tuple[Sums, Sums, Sums]:
        """Sums before the period, within it, and the gaps within it."""
        low, high = self.low, self.high
        before = (
            await self.sums(FIRST_DAY, previous_day(low), INTERVAL_METRICS)
            if low > FIRST_DAY
            else Sums({}, None)
        )
        return before, await self.sums(low, high), await self.gaps(low, high)

    async def monthly(self, metrics: Sequence[str]) -> dict[int, dict[SumKey, tuple[int, int]]]:
        """Sums per month (first-day key) within the period, for the trend."""
        if self.buckets == []:
            return {}
        t = tally.c
        statement = select(t.day, t.metric, t.scope, t.dim, t.n, t.amount).where(
            _range_condition(self.low, self.high), *self._where(tally, metrics)
        )
        months: dict[int, dict[SumKey, list[int]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0])
        )
        for day, metric, scope, dim, n, amount in await self.session.execute(statement):
            sums = months[month_of(day)][(metric, scope, dim)]
            sums[0] += n
            sums[1] += amount
        return {
            month: {key: (n, amount) for key, (n, amount) in rows.items()}
            for month, rows in months.items()
        }

    async def monthly_gaps(self, metric: str) -> dict[int, dict[SumKey, tuple[int, int]]]:
        """Gaps of `metric` lying within one month and within the period, per month."""
        if self.buckets == []:
            return {}
        g = tally_gap.c
        statement = select(g.left_day, g.right_day, g.scope, g.dim, g.n).where(
            g.left_day >= self.low, g.right_day <= self.high, *self._where(tally_gap, [metric])
        )
        months: dict[int, dict[SumKey, int]] = defaultdict(lambda: defaultdict(int))
        for left, right, scope, dim, n in await self.session.execute(statement):
            if month_of(left) == month_of(right):
                months[month_of(left)][(metric, scope, dim)] += n
        return {month: {key: (n, 0) for key, n in rows.items()} for month, rows in months.items()}

    async def active_days(self) -> tuple[int, int] | None:
        """The first and last day any event of these filters falls on."""
        t = tally.c
        row = (
            await self.session.execute(
                select(func.min(t.day), func.max(t.day)).where(
                    t.grain == DAY, t.n != 0, *self._where(tally, ADDITIVE_METRICS)
                )
            )
        ).one()
        if row[0] is None:
            return None
        return int(row[0]), int(row[1])
