"""The figures the API answers with: the summary and the monthly trend."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.coordination import Terms
from reporting_node.domain.days import month_label, month_of, next_month
from reporting_node.domain.facts import ACTIVITY_STARTED, BENEFITS, HOURS
from reporting_node.domain.formatting import hours, money
from reporting_node.domain.persons import EMPLOYMENT_STARTED
from reporting_node.domain.summary import Filters, Sums, build_summary
from reporting_node.store.coordination import read_coordination
from reporting_node.store.queries import Reader
from reporting_node.store.register import load_register


async def read_summary(
    session: AsyncSession,
    filters: Filters,
    partnership_id: str,
    terms: Terms | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The `/api/v1/summary` answer for these filters (`terms`: the agreement's; `today`: the
    day overdue referrals and plan actions are judged on when the period reaches past it)."""
    reader = await Reader.open(session, filters)
    before, within, gaps = await reader.period_sums()
    register = await load_register(session)
    summary = build_summary(partnership_id, filters, before, within, gaps, register)
    today = today or datetime.now(UTC).date()
    summary.update(
        await read_coordination(session, filters, reader.buckets, terms or Terms(), today)
    )
    return summary


async def monthly_trend(reader: Reader) -> list[dict[str, Any]]:
    """One row per month of the period (or of the months with events, when it is open)."""
    low, high = reader.low, reader.high
    if reader.filters.first is None or reader.filters.last is None:
        span = await reader.active_days()
        if span is None:
            return []
        low = low if reader.filters.first else span[0]
        high = high if reader.filters.last else span[1]
    first, last = month_of(low), month_of(high)
    sums = await reader.monthly([HOURS, ACTIVITY_STARTED, BENEFITS, EMPLOYMENT_STARTED])
    gaps = await reader.monthly_gaps(EMPLOYMENT_STARTED)
    partner = reader.filters.partner
    rows = []
    month = first
    while month <= last:
        within = Sums(sums.get(month, {}), partner)
        inner_gaps = Sums(gaps.get(month, {}), partner)
        rows.append(
            {
                "month": month_label(month),
                "hours": hours(within.amount(HOURS)),
                "activities_started": within.count(ACTIVITY_STARTED),
                "employment_started": within.persons(EMPLOYMENT_STARTED)
                - inner_gaps.persons(EMPLOYMENT_STARTED),
                "benefits": money(within.amount(BENEFITS)),
            }
        )
        month = next_month(month)
    return rows
