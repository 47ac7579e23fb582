"""Internship stipends (stypendium stażowe): paid by the PUP for each month of a staż.

For a whole month the stipend is the monthly amount agreed; for a month the internship covers only
in part, it is proportional to the days covered, a month counting 30 days (as the labour office
reckons it), rounded to the grosz.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from partnership_partner.domain.errors import Conflict, Rejected

MONTH_DAYS = 30


@dataclass
class InternshipTerms:
    """What the internship agreement (umowa o staż) says: the host, the dates, the stipend."""

    activity_id: str
    client_id: str
    host: str
    starts_on: date
    planned_end: date
    monthly_stipend: Decimal

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.planned_end


def parse_month(month: str) -> tuple[int, int]:
    """`2013-03` → (2013, 3); anything else is refused naming the field."""
    try:
        year, number = (int(part) for part in month.split("-"))
        date(year, number, 1)
    except ValueError:
        raise Rejected("month", "month.invalid", month=month) from None
    return year, number


def days_covered(terms: InternshipTerms, year: int, month: int, ended_on: date | None) -> int:
    """Days of `month` the internship covers (until it ended, or its planned end)."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    end = min(terms.planned_end, ended_on) if ended_on else terms.planned_end
    start, stop = max(first, terms.starts_on), min(last, end)
    return max(0, (stop - start).days + 1)


def stipend_for(terms: InternshipTerms, month: str, ended_on: date | None = None) -> Decimal:
    """The stipend owed for one month of the internship."""
    year, number = parse_month(month)
    covered = days_covered(terms, year, number, ended_on)
    if covered == 0:
        raise Conflict("month", "stipend.outside_internship", month=month)
    if covered == calendar.monthrange(year, number)[1]:
        return terms.monthly_stipend
    share = terms.monthly_stipend * min(covered, MONTH_DAYS) / MONTH_DAYS
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
