"""What the dashboard shows, laid out from `/api/v1/summary` and `/api/v1/trend`.

Each panel is a chart with its numbers as a table; every number that stands for people links to
the pseudonyms behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reporting_node.reports.model import Summary, Trend, Unit
from reporting_node.web.charts import Axis, BarRow, Chart, Series, column_chart, hbar_chart
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


def _get(summary: Summary, key: str) -> Any:
    value: Any = summary
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _num(summary: Summary, key: str) -> Decimal:
    value = _get(summary, key)
    return as_decimal(value) if isinstance(value, int | str | Decimal) else Decimal(0)


class _Builder:
    def __init__(self, tr: Translator, links: Links, summary: Summary) -> None:
        self.tr, self.links, self.s = tr, links, summary

    def value(self, key: str, unit: Unit, *, link: bool = True) -> Value:
        text = self.tr.fmt.figure(_num(self.s, key), unit)
        return Value(text, self.links.drilldown(key) if link else None)

    def text(self, key: str, unit: Unit) -> str:
        return self.tr.fmt.figure(_num(self.s, key), unit)

    def keys(self, key: str) -> list[str]:
        value = _get(self.s, key)
        return list(value) if isinstance(value, Mapping) else []

    def series(self) -> list[Series]:
        return [Series(self.tr.label("partner_short", p), f"s-{p}") for p in PARTNERS]

    def share(self, part: Decimal, whole: Decimal) -> Value:
        return Value(self.tr.fmt.rate(part / whole if whole else 0))


def _headlines(b: _Builder) -> tuple[Headline, ...]:
    tr = b.tr
    return (
        Headline(
            "clients",
            tr.t("headline.clients"),
            b.value("clients.total", "count"),
            tr.t(
                "headline.clients_note",
                female=b.text("clients.by_gender.female", "count"),
                male=b.text("clients.by_gender.male", "count"),
            ),
        ),
        Headline(
            "hours",
            tr.t("headline.hours"),
            b.value("hours.total", "hours"),
            tr.t("headline.hours_note", sessions=b.text("hours.sessions", "count")),
        ),
        Headline(
            "employed",
            tr.t("headline.employed"),
            b.value("employment.persons", "count"),
            tr.t("headline.employed_note", rate=b.text("employment.rate", "rate")),
        ),
        Headline(
            "money",
            tr.t("headline.money"),
            b.value("benefits.total", "money"),
            tr.t("headline.money_note", payments=b.text("benefits.payments", "count")),
        ),
    )


def _hours_by_partner(b: _Builder) -> Panel:
    tr, total = b.tr, _num(b.s, "hours.total")
    rows = [
        BarRow(
            tr.label("partner", p),
            (_num(b.s, f"hours.by_partner_kind.{p}"),),
            (b.text(f"hours.by_partner_kind.{p}", "hours"),),
        )
        for p in PARTNERS
    ]
    chart = hbar_chart(
        "hours-by-partner",
        tr.t("chart.hours_by_partner"),
        rows,
        [Series(tr.t("col.hours"), "s-hours")],
    )
    table_rows = [
        (
            Value(tr.label("partner", p), numeric=False),
            b.value(f"hours.by_partner_kind.{p}", "hours"),
            b.share(_num(b.s, f"hours.by_partner_kind.{p}"), total),
        )
        for p in PARTNERS
    ]
    table_rows.append(
        (
            Value(tr.t("total"), numeric=False),
            b.value("hours.total", "hours"),
            Value(tr.fmt.rate(1 if total else 0)),
        )
    )
    table = DataTable(
        (tr.t("col.partner"), tr.t("col.hours"), tr.t("col.share")), tuple(table_rows)
    )
    return Panel("hours-by-partner", tr.t("chart.hours_by_partner"), (chart,), table)


def _hours_by_role(b: _Builder) -> Panel:
    tr = b.tr
    roles = sorted(b.keys("hours.by_role"), key=lambda r: -_num(b.s, f"hours.by_role.{r}"))
    rows = [
        BarRow(
            tr.label("role", r),
            tuple(_num(b.s, f"hours.by_partner_role.{p}.{r}") for p in PARTNERS),
            tuple(b.text(f"hours.by_partner_role.{p}.{r}", "hours") for p in PARTNERS),
        )
        for r in roles
    ]
    chart = hbar_chart(
        "hours-by-role",
        tr.t("chart.hours_by_role"),
        rows,
        b.series(),
        stacked=True,
        total_text=lambda row: tr.fmt.hours(sum(row.values)),
    )
    table_rows = tuple(
        (
            Value(tr.label("role", r), numeric=False),
            *(b.value(f"hours.by_partner_role.{p}.{r}", "hours") for p in PARTNERS),
            b.value(f"hours.by_role.{r}", "hours"),
        )
        for r in roles
    )
    columns = (tr.t("col.role"), *(tr.label("partner_short", p) for p in PARTNERS), tr.t("total"))
    return Panel(
        "hours-by-role", tr.t("chart.hours_by_role"), (chart,), DataTable(columns, table_rows)
    )


def _funnel(b: _Builder) -> Panel:
    tr = b.tr
    dropped = _num(b.s, "clients.by_exit_reason.dropped_out")
    steps = [
        ("recruited", _num(b.s, "clients.total"), "clients.total"),
        ("in_support", _num(b.s, "clients.total") - dropped, None),
        ("employed", _num(b.s, "employment.persons"), "employment.persons"),
        (
            "still_employed",
            _num(b.s, "employment.still_employed_persons"),
            "employment.still_employed_persons",
        ),
    ]
    rows = [
        BarRow(tr.t(f"funnel.{name}"), (value,), (tr.fmt.count(value),)) for name, value, _ in steps
    ]
    chart = hbar_chart(
        "funnel", tr.t("chart.funnel"), rows, [Series(tr.t("col.persons"), "s-persons")]
    )
    table_rows = tuple(
        (
            Value(tr.t(f"funnel.{name}"), numeric=False),
            Value(tr.fmt.count(value), b.links.drilldown(key) if key else None),
        )
        for name, value, key in steps
    )
    return Panel(
        "funnel",
        tr.t("section.funnel"),
        (chart,),
        DataTable((tr.t("col.item"), tr.t("col.persons")), table_rows),
    )


def _contract_types(b: _Builder) -> Panel:
    tr = b.tr
    types = sorted(
        set(b.keys("employment.persons_by_type")) | set(b.keys("employment.contracts_by_type"))
    )
    measures = ("persons_by_type", "contracts_by_type")
    rows = [
        BarRow(
            tr.label("contract_type", c),
            tuple(_num(b.s, f"employment.{m}.{c}") for m in measures),
            tuple(b.text(f"employment.{m}.{c}", "count") for m in measures),
        )
        for c in types
    ]
    series = [
        Series(tr.t("col.persons"), "s-persons"),
        Series(tr.t("col.contracts"), "s-contracts"),
    ]
    chart = hbar_chart("contract-types", tr.t("chart.contract_types"), rows, series)
    table_rows = tuple(
        (
            Value(tr.label("contract_type", c), numeric=False),
            *(b.value(f"employment.{m}.{c}", "count") for m in measures),
        )
        for c in types
    )
    columns = (tr.t("col.item"), tr.t("col.persons"), tr.t("col.contracts"))
    return Panel(
        "contract-types", tr.t("chart.contract_types"), (chart,), DataTable(columns, table_rows)
    )


def _benefits(b: _Builder) -> Panel:
    tr, total = b.tr, _num(b.s, "benefits.total")
    bases = sorted(b.keys("benefits.by_basis"), key=lambda k: -_num(b.s, f"benefits.by_basis.{k}"))
    rows = [
        BarRow(
            tr.label("basis", k),
            (_num(b.s, f"benefits.by_basis.{k}"),),
            (b.text(f"benefits.by_basis.{k}", "money"),),
        )
        for k in bases
    ]
    chart = hbar_chart(
        "benefits-by-basis",
        tr.t("chart.benefits_by_basis"),
        rows,
        [Series(tr.t("col.amount"), "s-money")],
    )
    table_rows = [
        (
            Value(tr.label("basis", k), numeric=False),
            b.value(f"benefits.by_basis.{k}", "money"),
            b.share(_num(b.s, f"benefits.by_basis.{k}"), total),
        )
        for k in bases
    ]
    table_rows.append(
        (
            Value(tr.t("total"), numeric=False),
            b.value("benefits.total", "money"),
            Value(tr.fmt.rate(1 if total else 0)),
        )
    )
    columns = (tr.t("col.item"), tr.t("col.amount"), tr.t("col.share"))
    return Panel(
        "benefits-by-basis",
        tr.t("chart.benefits_by_basis"),
        (chart,),
        DataTable(columns, tuple(table_rows)),
    )


def _activities(b: _Builder) -> Panel:
    tr = b.tr
    kinds = sorted(b.keys("activities"), key=lambda k: -_num(b.s, f"activities.{k}.persons"))
    measures = ("persons", "started", "completed", "abandoned")
    rows = [
        BarRow(
            tr.label("activity", k),
            (_num(b.s, f"activities.{k}.persons"),),
            (b.text(f"activities.{k}.persons", "count"),),
        )
        for k in kinds
    ]
    chart = hbar_chart(
        "activities", tr.t("report.activities"), rows, [Series(tr.t("col.persons"), "s-persons")]
    )
    table_rows = tuple(
        (
            Value(tr.label("activity", k), numeric=False),
            *(b.value(f"activities.{k}.{m}", "count") for m in measures),
        )
        for k in kinds
    )
    columns = (tr.t("col.activity"), *(tr.t(f"col.{m}") for m in measures))
    return Panel("activities", tr.t("section.activities"), (chart,), DataTable(columns, table_rows))


def _editions(b: _Builder) -> Panel | None:
    tr = b.tr
    editions = [
        (k, e)
        for k in sorted(b.keys("activities"))
        for e in sorted(b.keys(f"activities.{k}.editions"))
    ]
    if not editions:
        return None
    rows = [
        BarRow(
            f"{tr.label('activity', k)} – {e}",
            (_num(b.s, f"activities.{k}.editions.{e}"),),
            (b.text(f"activities.{k}.editions.{e}", "count"),),
        )
        for k, e in editions
    ]
    chart = hbar_chart(
        "editions", tr.t("chart.editions"), rows, [Series(tr.t("col.persons"), "s-persons")]
    )
    table_rows = tuple(
        (
            Value(tr.label("activity", k), numeric=False),
            Value(e, numeric=False),
            b.value(f"activities.{k}.editions.{e}", "count"),
        )
        for k, e in editions
    )
    columns = (tr.t("col.activity"), tr.t("col.edition"), tr.t("col.persons"))
    return Panel("editions", tr.t("chart.editions"), (chart,), DataTable(columns, table_rows))


def _trend(tr: Translator, trend: Trend) -> Panel:
    months = sorted(trend, key=lambda m: str(m["month"]))
    labels = [tr.fmt.month_short(str(m["month"])) for m in months]

    def column(measure: str) -> list[Decimal]:
        return [as_decimal(m.get(measure, 0)) for m in months]

    hours = column("hours")
    hours_chart = column_chart(
        "trend-hours",
        tr.t("chart.trend_hours"),
        Axis(labels, lambda v: tr.fmt.decimal(str(v))),
        [Series(tr.t("trend.hours"), "s-hours")],
        [hours],
        [[tr.fmt.hours(h) for h in hours]],
        line=True,
    )
    outcome_names = ("activities_started", "employment_started")
    outcomes = [column(name) for name in outcome_names]
    outcome_chart = column_chart(
        "trend-outcomes",
        tr.t("chart.trend_outcomes"),
        Axis(labels, lambda v: tr.fmt.decimal(str(v))),
        [
            Series(tr.t("trend.activities_started"), "s-persons"),
            Series(tr.t("trend.employment_started"), "s-contracts"),
        ],
        outcomes,
        [[tr.fmt.count(v) for v in values] for values in outcomes],
    )
    rows = tuple(
        (
            Value(tr.fmt.month(str(m["month"])), numeric=False),
            Value(tr.fmt.hours(m.get("hours", 0))),
            Value(tr.fmt.count(m.get("activities_started", 0))),
            Value(tr.fmt.count(m.get("employment_started", 0))),
            Value(tr.fmt.money(m.get("benefits", 0))),
        )
        for m in months
    )
    columns = (
        tr.t("col.month"),
        tr.t("trend.hours"),
        tr.t("trend.activities_started"),
        tr.t("trend.employment_started"),
        tr.t("trend.benefits"),
    )
    table = DataTable(columns, rows)
    return Panel("trend", tr.t("section.trend"), (hours_chart, outcome_chart), table, wide=True)


def build_dashboard(
    tr: Translator, links: Links, summary: Summary, trend: Sequence[Mapping[str, Any]]
) -> Dashboard:
    b = _Builder(tr, links, summary)
    editions = _editions(b)
    panels = [
        _hours_by_partner(b),
        _funnel(b),
        _hours_by_role(b),
        _benefits(b),
        _contract_types(b),
        _activities(b),
        _trend(tr, list(trend)),
        *([editions] if editions else []),
    ]
    events = summary.get("events", 0)
    return Dashboard(_headlines(b), tuple(panels), events if isinstance(events, int) else 0)
