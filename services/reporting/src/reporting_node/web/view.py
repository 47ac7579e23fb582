"""The dashboard's building blocks: a value (with its drill-down link), tables, panels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reporting_node.reports.model import Summary, Unit
from reporting_node.web.charts import Chart, Series
from reporting_node.web.formatting import as_decimal
from reporting_node.web.i18n import Translator
from reporting_node.web.links import Links

PARTNERS = ("pup", "ops", "ngo")


@dataclass(frozen=True)
class Value:
    text: str
    href: str | None = None
    numeric: bool = True


@dataclass(frozen=True)
class DataTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class Panel:
    ident: str
    title: str
    charts: tuple[Chart, ...]
    table: DataTable
    wide: bool = False


@dataclass(frozen=True)
class Headline:
    ident: str
    label: str
    value: Value
    note: str


@dataclass(frozen=True)
class Dashboard:
    headlines: tuple[Headline, ...]
    panels: tuple[Panel, ...]
    events: int


def get(summary: Summary, key: str) -> Any:
    """The summary's value under a dotted key (`programmes.<id>.clients` finds a listed one)."""
    value: Any = summary
    for part in key.split("."):
        value = by_id(value).get(part) if isinstance(value, Mapping | list) else None
    return value


def by_id(value: Mapping[str, Any] | list[Any]) -> Mapping[str, Any]:
    """A mapping as it is; a list of items with an `id` (the programmes) as a mapping by id."""
    if isinstance(value, list):
        return {str(item.get("id")): item for item in value if isinstance(item, Mapping)}
    return value


def num(summary: Summary, key: str) -> Decimal:
    value = get(summary, key)
    return as_decimal(value) if isinstance(value, int | str | Decimal) else Decimal(0)


class Builder:
    def __init__(self, tr: Translator, links: Links, summary: Summary) -> None:
        self.tr, self.links, self.s = tr, links, summary

    def value(self, key: str, unit: Unit, *, link: bool = True) -> Value:
        text = self.tr.fmt.figure(num(self.s, key), unit)
        return Value(text, self.links.drilldown(key) if link else None)

    def text(self, key: str, unit: Unit) -> str:
        return self.tr.fmt.figure(num(self.s, key), unit)

    def keys(self, key: str) -> list[str]:
        value = get(self.s, key)
        return list(value) if isinstance(value, Mapping) else []

    def series(self) -> list[Series]:
        return [Series(self.tr.label("partner_short", p), f"s-{p}") for p in PARTNERS]

    def share(self, part: Decimal, whole: Decimal) -> Value:
        return Value(self.tr.fmt.rate(part / whole if whole else 0))
