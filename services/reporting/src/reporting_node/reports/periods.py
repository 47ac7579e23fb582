"""Reporting periods and filters: `2013-Q2`, `2013-05`, `2013`, or any from/to.

A period is a pair of dates, both included. The filter is what the dashboard's URL, the report
downloads and `/api/v1/summary` share, so the same view always gives the same figures.

A period lies within `EARLIEST`..`LATEST`: a view month by month of the years 0001–9999 would be
120 000 months, and building it held the node for half a minute; no partnership's records lie
outside those years. A period that cannot be read says why in the reader's language.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from partnership_shared.i18n import Catalogue, Lang

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|–)\s*(\d{4}-\d{2}-\d{2})$")

PARTNER_KINDS = ("pup", "ops", "ngo")

EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)
"""The days a period may name (both included)."""

WORDS = Catalogue(
    {
        "period.not_a_date": (
            "„{text}” w polu „{what}” to nie jest data zapisana RRRR-MM-DD",
            "{what} must be a date written YYYY-MM-DD, not {text!r}",
        ),
        "period.no_month": ("miesiąca {month} nie ma ({text})", "no month {month} in {text!r}"),
        "period.unreadable": (
            "„{text}” to nie jest kwartał (2013-Q2), miesiąc (2013-05), rok (2013) "
            "ani przedział (2013-02-01..2013-06-30)",
            "period {text!r} is not a quarter (2013-Q2), a month (2013-05), a year (2013) "
            "or a range (2013-02-01..2013-06-30)",
        ),
        "period.reversed": (
            "okres kończy się ({end}) przed swoim początkiem ({start})",
            "the period ends ({end}) before it starts ({start})",
        ),
        "period.out_of_range": (
            "{what}: dzień musi przypadać między {earliest} a {latest}, a nie {day}",
            "{what}: the day must lie between {earliest} and {latest}, not {day}",
        ),
        "period.partner": (
            "partner to jeden z: {kinds}, a nie „{text}”",
            "partner must be one of {kinds}, not {text!r}",
        ),
        "period.programme": (
            "„{text}” to nie jest identyfikator programu",
            "programme must be a programme's id, not {text!r}",
        ),
    }
)
_WHAT = {
    "from": ("od dnia", "from"),
    "to": ("do dnia", "to"),
    "period": ("okres", "the period"),
}


class PeriodError(ValueError):
    """A period or filter that cannot be understood; `text(lang)` says what is expected."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        values = dict(self.params)
        if values.get("what") in _WHAT:
            values["what"] = _WHAT[str(values["what"])][0 if lang == "pl" else 1]
        return WORDS.text(lang, self.code, **values)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def name(self) -> str:
        """The shortest way to write the period back: `2013-Q2`, `2013-05`, `2013` or a range."""
        if self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            if months == 1:
                return f"{self.start:%Y-%m}"
            if months == 3 and self.start.month % 3 == 1:
                return f"{self.start.year}-Q{self.start.month // 3 + 1}"
            if months == 12 and self.start.month == 1:
                return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _iso_date(text: str, what: str) -> date:
    try:
        return within_bounds(date.fromisoformat(text), what)
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise PeriodError("period.not_a_date", what=what, text=text) from None


def within_bounds(day: date, what: str) -> date:
    """`day`, if a period may name it (`EARLIEST`..`LATEST`)."""
    if not EARLIEST <= day <= LATEST:
        raise PeriodError(
            "period.out_of_range", what=what, earliest=EARLIEST, latest=LATEST, day=day
        )
    return day


def _year(text: str, whole: str) -> int:
    year = int(text)
    if not EARLIEST.year <= year <= LATEST.year:
        raise PeriodError(
            "period.out_of_range", what="period", earliest=EARLIEST, latest=LATEST, day=whole
        )
    return year


def parse_period(text: str) -> Period:
    """`2013-Q2` (quarter), `2013-05` (month), `2013` (year) or `2013-02-01..2013-06-30`."""
    text = text.strip()
    if match := _QUARTER.match(text):
        year, quarter = _year(match[1], text), int(match[2])
        return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if match := _MONTH.match(text):
        year, month = _year(match[1], text), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError("period.no_month", month=month, text=text)
        return Period(date(year, month, 1), _month_end(year, month))
    if match := _YEAR.match(text):
        year = _year(match[1], text)
        return Period(date(year, 1, 1), date(year, 12, 31))
    if match := _RANGE.match(text):
        return _ordered(_iso_date(match[1], "from"), _iso_date(match[2], "to"))
    raise PeriodError("period.unreadable", text=text)


def _ordered(start: date, end: date) -> Period:
    if end < start:
        raise PeriodError("period.reversed", start=start, end=end)
    return Period(start, end)


def _programme_id(text: str) -> str | None:
    if not text:
        return None
    try:
        return str(UUID(text))
    except ValueError:
        raise PeriodError("period.programme", text=text) from None


@dataclass(frozen=True)
class ReportFilter:
    """Which events a view counts: a period (either end may be open), a partner, a programme."""

    date_from: date | None = None
    date_to: date | None = None
    partner: str | None = None
    programme: str | None = None

    @classmethod
    def from_query(
        cls,
        *,
        period: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        partner: str | None = None,
        programme: str | None = None,
    ) -> ReportFilter:
        """From a URL's parameters; `period` wins over `from`/`to`. Empty strings mean "any"."""
        start = _iso_date(date_from, "from") if date_from else None
        end = _iso_date(date_to, "to") if date_to else None
        if period and period.strip():
            parsed = parse_period(period)
            start, end = parsed.start, parsed.end
        elif start and end:
            _ordered(start, end)
        if partner and partner not in PARTNER_KINDS:
            raise PeriodError("period.partner", kinds=", ".join(PARTNER_KINDS), text=partner)
        return cls(start, end, partner or None, _programme_id((programme or "").strip()))

    @property
    def period(self) -> Period | None:
        if self.date_from and self.date_to:
            return Period(self.date_from, self.date_to)
        return None

    @property
    def period_name(self) -> str | None:
        return self.period.name if self.period else None

    def api_params(self) -> dict[str, str]:
        """The query parameters of `/api/v1/summary`, `/trend` and `/drilldown` for this filter."""
        params = {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "partner": self.partner,
            "programme": self.programme,
        }
        return {key: value for key, value in params.items() if value}

    def url_params(self) -> dict[str, str]:
        """The dashboard's own query parameters: a named period where there is one."""
        params = self.api_params()
        if (name := self.period_name) and ".." not in name:
            params.pop("from")
            params.pop("to")
            params = {"period": name, **params}
        return params

    def without(self, *names: str) -> ReportFilter:
        cleared = {name: None for name in names}
        return replace(self, **cleared)
