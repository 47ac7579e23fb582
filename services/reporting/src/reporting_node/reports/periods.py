"""Reporting periods and filters: `2013-Q2`, `2013-05`, `2013`, or any from/to.

A period is a pair of dates, both included. The filter is what the dashboard's URL, the report
downloads and `/api/v1/summary` share, so the same view always gives the same figures.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from partnership_shared.i18n import LANGS, Catalogue, Lang

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|–)\s*(\d{4}-\d{2}-\d{2})$")

PARTNER_KINDS = ("pup", "ops", "ngo")


PERIOD_WORDS = Catalogue(
    {
        "period.date": (
            "„{text}” w polu „{what}” to nie jest data zapisana RRRR-MM-DD",
            "{what} must be a date written YYYY-MM-DD, not {text!r}",
        ),
        "period.month": ("miesiąca {month} nie ma ({text})", "no month {month} in {text!r}"),
        "period.unknown": (
            "„{text}” to nie jest kwartał (2013-Q2), miesiąc (2013-05), rok (2013) "
            "ani przedział (2013-02-01..2013-06-30)",
            "period {text!r} is not a quarter (2013-Q2), a month (2013-05), a year (2013) "
            "or a range (2013-02-01..2013-06-30)",
        ),
        "period.reversed": (
            "okres kończy się ({end}) przed początkiem ({start})",
            "the period ends ({end}) before it starts ({start})",
        ),
        "period.programme": (
            "„{text}” to nie jest identyfikator programu",
            "programme must be a programme's id, not {text!r}",
        ),
        "period.partner": (
            "partner to jeden z: {partners}, a nie „{text}”",
            "partner must be one of {partners}, not {text!r}",
        ),
    }
)
"""What a period or filter that cannot be understood says, `(Polish, English)` by code."""

FIELD_NAMES = {"from": ("od dnia", "from"), "to": ("do dnia", "to")}


class PeriodError(ValueError):
    """A period or filter that cannot be understood; the message says what is expected.

    `str()` is the English message (the CLI's and the logs'); `text(lang)` the reader's.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: Lang) -> str:
        params = dict(self.params)
        if "what" in params:
            params["what"] = FIELD_NAMES[str(params["what"])][LANGS.index(lang)]
        return PERIOD_WORDS.text(lang, self.code, **params)


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
        return date.fromisoformat(text)
    except ValueError:
        raise PeriodError("period.date", what=what, text=text) from None


def parse_period(text: str) -> Period:
    """`2013-Q2` (quarter), `2013-05` (month), `2013` (year) or `2013-02-01..2013-06-30`."""
    text = text.strip()
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError("period.month", month=month, text=text)
        return Period(date(year, month, 1), _month_end(year, month))
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31))
    if match := _RANGE.match(text):
        return _ordered(_iso_date(match[1], "from"), _iso_date(match[2], "to"))
    raise PeriodError("period.unknown", text=text)


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
            raise PeriodError("period.partner", partners=", ".join(PARTNER_KINDS), text=partner)
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
