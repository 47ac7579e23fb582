"""People's languages: Polish by default, English on request, for every node and the CLI.

`Catalogue` holds a component's words as `(Polish, English)` by key; `Formatter` writes numbers,
money, hours and dates as people in each language write them, through Babel.

Polish: `51 986,28 zł`, `783,5`, `27,3%`, `22.11.2026`, `luty 2013`.
English (British conventions): `51,986.28 PLN`, `783.5`, `27.3%`, `22/11/2026`, `February 2013`.
The summary gives money, hours and rates as decimal strings; they stay `Decimal` all the way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

Lang = Literal["pl", "en"]
LANGS: tuple[Lang, ...] = ("pl", "en")
LOCALES: dict[Lang, str] = {"pl": "pl_PL", "en": "en_GB"}
DATE_PATTERNS: dict[Lang, str] = {"pl": "dd.MM.y", "en": "dd/MM/y"}

Number = int | str | Decimal


def as_decimal(value: Number) -> Decimal:
    """A summary figure as a `Decimal` (ints and decimal strings alike)."""
    return value if isinstance(value, Decimal) else Decimal(value)


def month_start(month: str) -> date:
    """`2013-02` → the first day of that month."""
    year, number = month.split("-")
    return date(int(year), int(number), 1)


@dataclass(frozen=True)
class Formatter:
    """Formats figures for one language."""

    lang: Lang = "pl"

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def count(self, value: Number) -> str:
        return format_decimal(as_decimal(value), format="#,##0", locale=self.locale)

    def decimal(self, value: Number) -> str:
        """Hours and other quantities: as many decimals as they have, at most two."""
        return format_decimal(as_decimal(value), format="#,##0.##", locale=self.locale)

    def hours(self, value: Number) -> str:
        unit = "godz." if self.lang == "pl" else "h"
        return f"{self.decimal(value)}\xa0{unit}"

    def money(self, value: Number) -> str:
        amount = as_decimal(value)
        if self.lang == "pl":
            return format_currency(amount, "PLN", locale=self.locale)
        return format_currency(amount, "PLN", format="#,##0.00\xa0¤", locale=self.locale)

    def rate(self, value: Number) -> str:
        return format_percent(as_decimal(value), format="#,##0.0%", locale=self.locale)

    def date(self, value: date) -> str:
        """`01.03.2013` / `01/03/2013`: the day and month in two digits, as dates are typed in
        the forms (Polish CLDR's short date would write `1.03.2013`)."""
        return format_date(value, format=DATE_PATTERNS[self.lang], locale=self.locale)

    def datetime(self, value: datetime) -> str:
        pattern = f"{DATE_PATTERNS[self.lang]}, HH:mm"
        return format_datetime(value, format=pattern, locale=self.locale)

    def month(self, month: str) -> str:
        """`2013-02` → `luty 2013` / `February 2013`."""
        return format_date(month_start(month), format="LLLL y", locale=self.locale)

    def month_short(self, month: str) -> str:
        """`2013-02` → `lut 2013` / `Feb 2013`, for chart axes."""
        return format_date(month_start(month), format="LLL y", locale=self.locale)

    def figure(self, value: Number, unit: str) -> str:
        """A figure by its unit: `count`, `hours`, `money` or `rate`."""
        if unit == "hours":
            return self.hours(value)
        if unit == "money":
            return self.money(value)
        if unit == "rate":
            return self.rate(value)
        return self.count(value)


def pick_lang(*candidates: str | None) -> Lang:
    """The first candidate that names a language we speak (`en`, `en-GB`, `pl`…), else Polish.

    Candidates are tried in order: an explicit choice (`?lang=`, `--lang`), a remembered one (a
    cookie, `PARTNERSHIP_LANG`), an `Accept-Language` header.
    """
    for candidate in candidates:
        for part in (candidate or "").split(","):
            tag = part.split(";")[0].strip().lower()[:2]
            if tag in LANGS:
                return "en" if tag == "en" else "pl"
    return "pl"


@dataclass(frozen=True)
class Catalogue:
    """A component's words: `(Polish, English)` by key, with `{name}` placeholders."""

    words: Mapping[str, tuple[str, str]]

    def text(self, lang: Lang, key: str, **values: object) -> str:
        """The words under `key` in `lang`, placeholders filled in (the key itself if unknown)."""
        found = self.words.get(key)
        text = found[LANGS.index(lang)] if found else key
        return text.format(**values) if values else text
