"""The dashboard's panels: each a chart (or two) with its numbers as a table."""

from __future__ import annotations

from decimal import Decimal

from reporting_node.reports.model import Trend, in_order
from reporting_node.web.charts import Axis, BarRow, Series, column_chart, hbar_chart
from reporting_node.web.formatting import as_decimal
from reporting_node.web.i18n import Translator
from reporting_node.web.view import PARTNERS, Builder, DataTable, Panel, Value, num


def hours_by_partner(b: Builder) -> Panel:
    tr, total = b.tr, num(b.s, "hours.total")
    rows = [
        BarRow(
            tr.label("partner", p),
            (num(b.s, f"hours.by_partner_kind.{p}"),),
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
            b.share(num(b.s, f"hours.by_partner_kind.{p}"), total),
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


def hours_by_role(b: Builder) -> Panel:
    tr = b.tr
    roles = sorted(b.keys("hours.by_role"), key=lambda r: -num(b.s, f"hours.by_role.{r}"))
    rows = [
        BarRow(
            tr.label("role", r),
            tuple(num(b.s, f"hours.by_partner_role.{p}.{r}") for p in PARTNERS),
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


def funnel(b: Builder) -> Panel:
    tr = b.tr
    dropped = num(b.s, "clients.by_exit_reason.dropped_out")
    steps = [
        ("recruited", num(b.s, "clients.total"), "clients.total"),
        ("in_support", num(b.s, "clients.total") - dropped, None),
        ("employed", num(b.s, "employment.persons"), "employment.persons"),
        (
            "still_employed",
            num(b.s, "employment.still_employed_persons"),
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


def contract_types(b: Builder) -> Panel:
    tr = b.tr
    measures = ("persons_by_type", "contracts_by_type")
    found = {*b.keys("employment.persons_by_type"), *b.keys("employment.contracts_by_type")}
    types = [
        c
        for c in in_order(found, "contract_type")
        if any(num(b.s, f"employment.{m}.{c}") for m in measures)
    ]
    rows = [
        BarRow(
            tr.label("contract_type", c),
            tuple(num(b.s, f"employment.{m}.{c}") for m in measures),
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


def benefits(b: Builder) -> Panel:
    tr, total = b.tr, num(b.s, "benefits.total")
    bases = sorted(b.keys("benefits.by_basis"), key=lambda k: -num(b.s, f"benefits.by_basis.{k}"))
    rows = [
        BarRow(
            tr.label("basis", k),
            (num(b.s, f"benefits.by_basis.{k}"),),
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
            b.share(num(b.s, f"benefits.by_basis.{k}"), total),
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


def activities(b: Builder) -> Panel:
    tr = b.tr
    measures = ("persons", "started", "completed", "abandoned")
    kinds = sorted(
        (k for k in b.keys("activities") if any(num(b.s, f"activities.{k}.{m}") for m in measures)),
        key=lambda k: -num(b.s, f"activities.{k}.persons"),
    )
    rows = [
        BarRow(
            tr.label("activity", k),
            (num(b.s, f"activities.{k}.persons"),),
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


def editions(b: Builder) -> Panel | None:
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
            (num(b.s, f"activities.{k}.editions.{e}"),),
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


def trend(tr: Translator, trend: Trend) -> Panel:
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
