"""The monitoring report (sprawozdanie z monitoringu) as sections of tables, in one language.

Built once from `/api/v1/summary` and `/api/v1/trend` and written out as HTML, CSV or XLSX, so all
three carry the same figures. Every cell keeps the summary's dotted key and its value exactly as
the summary gave it (ints for counts, decimal strings for hours, money and rates).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from reporting_node.web.formatting import as_decimal
from reporting_node.web.i18n import Translator
from reporting_node.web.labels import VOCABULARIES

Unit = Literal["count", "hours", "money", "rate"]
Summary = Mapping[str, Any]
Trend = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class Cell:
    key: str
    raw: int | str
    unit: Unit

    @property
    def value(self) -> int | Decimal:
        return self.raw if isinstance(self.raw, int) else as_decimal(self.raw)


@dataclass(frozen=True)
class Column:
    label: str
    unit: Unit


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell | None, ...]
    total: bool = False


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: tuple[Table, ...]

    def cells(self) -> Iterable[tuple[Table, Row, Column, Cell]]:
        for table in self.tables:
            for row in table.rows:
                for column, cell in zip(table.columns, row.cells, strict=True):
                    if cell is not None:
                        yield table, row, column, cell


@dataclass(frozen=True)
class MonitoringReport:
    title: str
    partnership_id: str
    facts: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    lang: str


def _get(summary: Summary, key: str) -> Any:
    value: Any = summary
    for part in key.split("."):
        value = value.get(part, {}) if isinstance(value, Mapping) else {}
    return value


def _cell(summary: Summary, key: str, unit: Unit) -> Cell:
    raw = _get(summary, key)
    if raw == {} or raw is None:
        raw = 0 if unit == "count" else "0"
    return Cell(key, raw, unit)


def _one_column(
    tr: Translator,
    summary: Summary,
    title: str,
    column: str,
    unit: Unit,
    rows: list[tuple[str, str]],
) -> Table:
    return Table(
        tr.t(title),
        (Column(tr.t(column), unit),),
        tuple(
            Row(label, (_cell(summary, key, unit),), total=key.endswith(".total"))
            for label, key in rows
        ),
    )


def in_order(ids: Iterable[str], vocabulary: str | None) -> list[str]:
    """Ids in their vocabulary's own order (as the labels list them), any newer ones last."""
    order = list(VOCABULARIES.get(vocabulary, {})) if vocabulary else []
    return sorted(ids, key=lambda i: (order.index(i) if i in order else len(order), i))


def _keys(summary: Summary, key: str, vocabulary: str | None = None) -> list[str]:
    value = _get(summary, key)
    return in_order(value if isinstance(value, Mapping) else [], vocabulary)


def _clients(tr: Translator, s: Summary) -> Section:
    rows = [
        (tr.t("clients.total"), "clients.total"),
        (tr.t("clients.recruited"), "clients.recruited"),
        (tr.t("clients.replacements"), "clients.replacements"),
        *[(tr.t(f"clients.{g}"), f"clients.by_gender.{g}") for g in ("female", "male")],
        (tr.t("clients.exited"), "clients.exited"),
    ]
    exits = [
        (tr.label("exit_reason", r), f"clients.by_exit_reason.{r}")
        for r in _keys(s, "clients.by_exit_reason", "exit_reason")
    ]
    disability = [
        (tr.label("disability", d), f"clients.by_disability.{d}")
        for d in _keys(s, "clients.by_disability", "disability")
    ]
    tables = [_one_column(tr, s, "report.clients", "col.persons", "count", rows)]
    if exits:
        tables.append(_one_column(tr, s, "report.exit_reasons", "col.persons", "count", exits))
    if disability:
        tables.append(_one_column(tr, s, "report.disability", "col.persons", "count", disability))
    return Section("clients", tr.t("section.clients"), tuple(tables))


def _hours(tr: Translator, s: Summary) -> Section:
    partners = [
        (tr.label("partner", p), f"hours.by_partner_kind.{p}") for p in ("pup", "ops", "ngo")
    ]
    partners.append((tr.t("total"), "hours.total"))
    roles = [(tr.label("role", r), f"hours.by_role.{r}") for r in _keys(s, "hours.by_role", "role")]
    by_partner = _one_column(tr, s, "report.hours_by_partner", "col.hours", "hours", partners)
    tables = [by_partner]
    if roles:
        tables.append(_one_column(tr, s, "report.hours_by_role", "col.hours", "hours", roles))
    matrix = _partner_role_table(tr, s)
    if matrix.rows:
        tables.append(matrix)
    sessions = [(tr.t("hours.sessions"), "hours.sessions")]
    tables.append(_one_column(tr, s, "report.sessions", "col.number", "count", sessions))
    return Section("hours", tr.t("section.hours"), tuple(tables))


def _partner_role_table(tr: Translator, s: Summary) -> Table:
    partners = [p for p in ("pup", "ops", "ngo") if p in _keys(s, "hours.by_partner_role")]
    roles = _keys(s, "hours.by_role", "role")
    rows = tuple(
        Row(
            tr.label("role", role),
            tuple(
                _cell(s, f"hours.by_partner_role.{p}.{role}", "hours")
                if role in _keys(s, f"hours.by_partner_role.{p}")
                else None
                for p in partners
            ),
        )
        for role in roles
    )
    columns = tuple(Column(tr.label("partner_short", p), "hours") for p in partners)
    return Table(tr.t("report.hours_by_partner_role"), columns, rows)


def _activities(tr: Translator, s: Summary) -> Section:
    measures = ("persons", "started", "completed", "abandoned")
    kinds = _keys(s, "activities", "activity")
    table = Table(
        tr.t("report.activities"),
        tuple(Column(tr.t(f"col.{m}"), "count") for m in measures),
        tuple(
            Row(
                tr.label("activity", k),
                tuple(_cell(s, f"activities.{k}.{m}", "count") for m in measures),
            )
            for k in kinds
        ),
    )
    editions = [
        (f"{tr.label('activity', k)} – {edition}", f"activities.{k}.editions.{edition}")
        for k in kinds
        for edition in _keys(s, f"activities.{k}.editions")
    ]
    tables = [table]
    if editions:
        tables.append(_one_column(tr, s, "report.editions", "col.persons", "count", editions))
    return Section("activities", tr.t("section.activities"), tuple(tables))


def _employment(tr: Translator, s: Summary) -> Section:
    headline = _one_column(
        tr,
        s,
        "report.employment",
        "col.value",
        "count",
        [
            (tr.t(f"employment.{k}"), f"employment.{k}")
            for k in (
                "persons",
                "contracts",
                "open_labour_market_persons",
                "still_employed_persons",
                "retained_persons",
            )
        ],
    )
    rate = Row(tr.t("employment.rate"), (_cell(s, "employment.rate", "rate"),))
    headline = Table(headline.title, headline.columns, (*headline.rows, rate))
    types = in_order(
        {*_keys(s, "employment.contracts_by_type"), *_keys(s, "employment.persons_by_type")},
        "contract_type",
    )
    by_type = Table(
        tr.t("report.contract_types"),
        (Column(tr.t("col.persons"), "count"), Column(tr.t("col.contracts"), "count")),
        tuple(
            Row(
                tr.label("contract_type", c),
                (
                    _cell(s, f"employment.persons_by_type.{c}", "count"),
                    _cell(s, f"employment.contracts_by_type.{c}", "count"),
                ),
            )
            for c in types
        ),
    )
    return Section("employment", tr.t("section.employment"), (headline, by_type))


def _benefits(tr: Translator, s: Summary) -> Section:
    bases = [
        (tr.label("basis", b), f"benefits.by_basis.{b}")
        for b in _keys(s, "benefits.by_basis", "basis")
    ]
    bases.append((tr.t("total"), "benefits.total"))
    partners = [
        (tr.label("partner", p), f"benefits.by_partner_kind.{p}")
        for p in _keys(s, "benefits.by_partner_kind", "partner")
    ]
    tables = [_one_column(tr, s, "report.benefits_by_basis", "col.amount", "money", bases)]
    if partners:
        tables.append(
            _one_column(tr, s, "report.benefits_by_partner", "col.amount", "money", partners)
        )
    tables.append(
        _one_column(
            tr,
            s,
            "report.payments",
            "col.number",
            "count",
            [(tr.t("benefits.payments"), "benefits.payments")],
        )
    )
    return Section("benefits", tr.t("section.benefits"), tuple(tables))


def _months(tr: Translator, trend: Trend) -> Section:
    measures: tuple[tuple[str, Unit], ...] = (
        ("hours", "hours"),
        ("activities_started", "count"),
        ("employment_started", "count"),
        ("benefits", "money"),
    )
    by_month = {str(m["month"]): m for m in trend}
    table = Table(
        tr.t("report.months"),
        tuple(Column(tr.t(f"trend.{m}"), unit) for m, unit in measures),
        tuple(
            Row(
                tr.fmt.month(month),
                tuple(
                    _cell({"trend": by_month}, f"trend.{month}.{m}", unit) for m, unit in measures
                ),
            )
            for month in sorted(by_month)
        ),
    )
    return Section("months", tr.t("section.months"), (table,))


def build_report(tr: Translator, summary: Summary, trend: Trend) -> MonitoringReport:
    """The monitoring report for one filter: the summary's figures, then the months."""
    period = summary.get("period") or {}
    filters = summary.get("filters") or {}
    facts = [
        (tr.t("report.partnership"), str(summary.get("partnership_id", ""))),
        (tr.t("filter.period"), describe_period(tr, period.get("from"), period.get("to"))),
        (
            tr.t("filter.partner"),
            tr.label("partner", filters["partner"])
            if filters.get("partner")
            else tr.t("filter.all_partners"),
        ),
        (tr.t("filter.programme"), filters.get("programme") or tr.t("filter.all_programmes")),
        (tr.t("report.events"), tr.fmt.count(summary.get("events", 0))),
    ]
    sections = (
        _clients(tr, summary),
        _hours(tr, summary),
        _activities(tr, summary),
        _employment(tr, summary),
        _benefits(tr, summary),
        _months(tr, trend),
    )
    return MonitoringReport(
        tr.t("report.title"),
        str(summary.get("partnership_id", "")),
        tuple(facts),
        sections,
        tr.lang,
    )


def describe_period(tr: Translator, start: str | None, end: str | None) -> str:
    if not start and not end:
        return tr.t("filter.whole_period")
    first = tr.fmt.date(date.fromisoformat(start)) if start else "…"
    last = tr.fmt.date(date.fromisoformat(end)) if end else "…"
    return f"{first} – {last}"
