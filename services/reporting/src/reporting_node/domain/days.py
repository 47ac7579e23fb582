"""Business days as whole numbers `RRRRMMDD`: compact, ordered, readable in the database."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

FIRST_DAY = 10101
"""Before every business day (0001-01-01)."""

LAST_DAY = 99991231
"""After every business day (9999-12-31)."""


def day_key(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def to_date(key: int) -> date:
    return date(key // 10000, key // 100 % 100, key % 100)


def month_of(key: int) -> int:
    """The key of the first day of the month `key` falls in."""
    return key // 100 * 100 + 1


def month_end(key: int) -> int:
    """The key of the last day of the month `key` falls in."""
    year, month = key // 10000, key // 100 % 100
    return key // 100 * 100 + monthrange(year, month)[1]


def next_month(key: int) -> int:
    """The first day of the month after the one `key` falls in (past 9999 as a plain number)."""
    year, month = key // 10000, key // 100 % 100
    return (year + 1) * 10000 + 101 if month == 12 else year * 10000 + (month + 1) * 100 + 1


def previous_month(key: int) -> int:
    year, month = key // 10000, key // 100 % 100
    return (year - 1) * 10000 + 1201 if month == 1 else year * 10000 + (month - 1) * 100 + 1


def previous_day(key: int) -> int:
    if key <= FIRST_DAY:
        return FIRST_DAY - 1
    return day_key(to_date(key) - timedelta(days=1))


def month_label(key: int) -> str:
    """`2013-02` for any day of February 2013."""
    return f"{key // 10000:04d}-{key // 100 % 100:02d}"


def split_range(low: int, high: int) -> list[tuple[str, int, int]]:
    """Cover the days `low..high` (inclusive) with as few stored rows as possible.

    Returns `(grain, first, last)` parts: `("day", a, b)` for loose days at either end and
    `("month", a, b)` for the whole months in between (`a`, `b` being first-of-month keys).
    """
    if low > high:
        return []
    first_full = low if low == month_of(low) else next_month(low)
    last_full = month_of(high) if high == month_end(high) else previous_month(month_of(high))
    if first_full > last_full:
        if month_of(low) == month_of(high):
            return [("day", low, high)]
        return [("day", low, month_end(low)), ("day", month_of(high), high)]
    parts: list[tuple[str, int, int]] = []
    if low < first_full:
        parts.append(("day", low, month_end(low)))
    parts.append(("month", first_full, last_full))
    if high != month_end(high):
        parts.append(("day", month_of(high), high))
    return parts
