"""The dashboard's panels: each a chart (or two) with its numbers as a table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reporting_node.reports.model import (
    Trend,
    edition_name,
    in_order,
    kind_label,
    pair_name,
    programme_name,
    referral_cells,
    referral_columns,
    referral_pairs,
)
from reporting_node.web.charts import Axis, BarRow, Series, column_chart, hbar_chart
from reporting_node.web.formatting import as_decimal
from reporting_node.web.i18n import Translator
from reporting_node.web.view import PARTNERS, Builder, DataTable, Panel, Value, get, num


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
    kept = ("still_employed_by_type", "retained_persons_by_type")
    found = {k for m in (*measures, *kept) for k in b.keys(f"employment.{m}")}
    types = [
        c
        for c in in_order(found, "contract_type")
        if any(num(b.s, f"employment.{m}.{c}") for m in (*measures, *kept))
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
            *(b.value(f"employment.{m}.{c}", "count") for m in (*measures, *kept)),
        )
        for c in types
    )
    columns = (
        tr.t("col.item"),
        tr.t("col.persons"),
        tr.t("col.contracts"),
        tr.t("col.still_employed"),
        tr.t("col.retained"),
    )
    return Panel(
        "contract-types", tr.t("chart.contract_types"), (chart,), DataTable(columns, table_rows)
    )


def durations(b: Builder) -> Panel | None:
    """Jobs taken by how long their contract was agreed for (seed 002: "powyżej roku")."""
    tr = b.tr
    kinds = in_order(b.keys("employment.contracts_by_duration"), "duration")
    if not any(num(b.s, f"employment.contracts_by_duration.{d}") for d in kinds):
        return None
    return _counts_panel(
        b,
        "durations",
        tr.t("section.durations"),
        tr.t("chart.durations"),
        tr.t("col.contracts"),
        [(tr.label("duration", d), f"employment.contracts_by_duration.{d}") for d in kinds],
    )


def _counts_panel(
    b: Builder, ident: str, title: str, chart_title: str, column: str, rows: list[tuple[str, str]]
) -> Panel:
    """A panel of counts: one bar and one table row per `(label, summary key)`."""
    bars = [BarRow(label, (num(b.s, key),), (b.text(key, "count"),)) for label, key in rows]
    chart = hbar_chart(ident, chart_title, bars, [Series(column, "s-persons")])
    table_rows = tuple((Value(label, numeric=False), b.value(key, "count")) for label, key in rows)
    return Panel(ident, title, (chart,), DataTable((b.tr.t("col.item"), column), table_rows))


def families(b: Builder) -> Panel | None:
    tr = b.tr
    names = ("enrolled", "with_contract", "completed", "persons")
    if not any(num(b.s, f"families.{n}") for n in names):
        return None
    return _counts_panel(
        b,
        "families",
        tr.t("section.families"),
        tr.t("chart.families"),
        tr.t("col.number"),
        [(tr.t(f"families.{n}"), f"families.{n}") for n in names],
    )


def contracts(b: Builder) -> Panel | None:
    tr = b.tr
    kinds = in_order(b.keys("contracts.by_kind"), "contract_kind")
    if not any(num(b.s, f"contracts.by_kind.{k}") for k in kinds):
        return None
    return _counts_panel(
        b,
        "contracts",
        tr.t("section.contracts"),
        tr.t("chart.contracts"),
        tr.t("col.contracts"),
        [(tr.label("contract_kind", k), f"contracts.by_kind.{k}") for k in kinds],
    )


def corrections(b: Builder) -> Panel | None:
    tr = b.tr
    names = ("corrected", "withdrawn")
    if not any(num(b.s, f"corrections.{n}") for n in names):
        return None
    return _counts_panel(
        b,
        "corrections",
        tr.t("section.corrections"),
        tr.t("chart.corrections"),
        tr.t("col.number"),
        [(tr.t(f"corrections.{n}"), f"corrections.{n}") for n in names],
    )


def programmes(b: Builder) -> Panel | None:
    """Each programme's budget and clients (seed 001: 349 773,80 zł = EU + own contribution)."""
    tr = b.tr
    listed = get(b.s, "programmes")
    if not isinstance(listed, list) or not listed:
        return None
    rows = []
    bars = []
    for programme in listed:
        key = f"programmes.{programme.get('id')}"
        name = programme_name(tr, programme)
        bars.append(
            BarRow(name, (num(b.s, f"{key}.clients"),), (b.text(f"{key}.clients", "count"),))
        )
        funded = bool(programme.get("funding"))

        def money(part: str, key: str = key, funded: bool = funded) -> Value:
            return b.value(f"{key}.funding.{part}", "money", link=False) if funded else Value("–")

        period = ""
        if programme.get("starts_on") and programme.get("ends_on"):
            period = (
                f"{tr.fmt.date(date.fromisoformat(programme['starts_on']))} – "
                f"{tr.fmt.date(date.fromisoformat(programme['ends_on']))}"
            )
        lead = programme.get("lead_partner") or ""
        rows.append(
            (
                Value(name, numeric=False),
                Value(period, numeric=False),
                Value(lead, numeric=False),
                money("total"),
                money("co_financing"),
                money("own_contribution"),
                b.value(f"{key}.clients", "count"),
            )
        )
    chart = hbar_chart(
        "programmes", tr.t("chart.programmes"), bars, [Series(tr.t("col.clients"), "s-persons")]
    )
    columns = tuple(
        tr.t(f"col.{c}")
        for c in (
            "programme",
            "period",
            "lead_partner",
            "total_value",
            "co_financing",
            "own_contribution",
            "clients",
        )
    )
    return Panel(
        "programmes",
        tr.t("section.programmes"),
        (chart,),
        DataTable(columns, tuple(rows)),
        wide=True,
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
    measures = (
        "persons",
        "started",
        "completed",
        "abandoned",
        "completed_persons",
        "qualified_persons",
    )
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
    """Participants of each edition (KIS I, II…) and course, with its trade and places."""
    tr = b.tr

    def order(found: tuple[str, str]) -> tuple[str, str]:
        kind, edition = found
        return kind, str(get(b.s, f"activities.{kind}.editions.{edition}.label") or edition)

    editions = sorted(
        ((k, e) for k in b.keys("activities") for e in b.keys(f"activities.{k}.editions")),
        key=order,
    )
    if not editions:
        return None
    names = {
        (k, e): edition_name(tr, k, e, get(b.s, f"activities.{k}.editions.{e}") or {})
        for k, e in editions
    }
    rows = [
        BarRow(
            names[(k, e)],
            (num(b.s, f"activities.{k}.editions.{e}.persons"),),
            (b.text(f"activities.{k}.editions.{e}.persons", "count"),),
        )
        for k, e in editions
    ]
    chart = hbar_chart(
        "editions", tr.t("chart.editions"), rows, [Series(tr.t("col.persons"), "s-persons")]
    )
    table_rows = tuple(
        (
            Value(names[(k, e)], numeric=False),
            Value(str(get(b.s, f"activities.{k}.editions.{e}.provider") or ""), numeric=False),
            b.value(f"activities.{k}.editions.{e}.capacity", "count", link=False),
            b.value(f"activities.{k}.editions.{e}.persons", "count"),
        )
        for k, e in editions
    )
    columns = (
        tr.t("col.edition"),
        tr.t("col.provider"),
        tr.t("col.capacity"),
        tr.t("col.persons"),
    )
    return Panel("editions", tr.t("chart.editions"), (chart,), DataTable(columns, table_rows))


def trades(b: Builder) -> Panel | None:
    """Participants of vocational courses by the trade taught (seed 001: 12/12/12/13)."""
    tr = b.tr
    found = [
        (k, t) for k in sorted(b.keys("activities")) for t in b.keys(f"activities.{k}.by_trade")
    ]
    if not found:
        return None
    return _counts_panel(
        b,
        "trades",
        tr.t("section.trades"),
        tr.t("chart.trades"),
        tr.t("col.persons"),
        [(f"{tr.label('activity', k)}: {t}", f"activities.{k}.by_trade.{t}") for k, t in found],
    )


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


# --- coordination between partners (issue 9) -----------------------------------------------------


def referrals(b: Builder) -> Panel | None:
    """Referrals per pair of partners: made, answered, overdue, the median time to answer."""
    tr = b.tr
    pairs = referral_pairs(b.s)
    if not pairs:
        return None
    bars = [
        BarRow(pair_name(tr, p), (Decimal(p["made"]),), (tr.fmt.count(p["made"]),)) for p in pairs
    ]
    chart = hbar_chart(
        "referrals", tr.t("chart.referrals"), bars, [Series(tr.t("referrals.made"), "s-persons")]
    )
    columns = referral_columns(tr, b.s)
    rows = [(pair_name(tr, p), referral_cells(p, "")) for p in pairs]
    rows.append((tr.t("total"), referral_cells(get(b.s, "referrals") or {}, "")))
    table_rows = tuple(
        (
            Value(label, numeric=False),
            *(Value(tr.fmt.figure(cell.raw, cell.unit) if cell else "–") for cell in cells),
        )
        for label, cells in rows
    )
    return Panel(
        "referrals",
        tr.t("section.referrals"),
        (chart,),
        DataTable((tr.t("col.pair"), *(c.label for c in columns)), table_rows),
        wide=True,
    )


PLAN_STATES = (
    ("done_on_time", "s-persons"),
    ("done_late", "s-contracts"),
    ("overdue", "s-money"),
    ("pending", "s-hours"),
)


def plans(b: Builder) -> Panel | None:
    """Clients with a plan; per partner its actions done on time, late, overdue, not yet due."""
    tr = b.tr
    partners = b.keys("plans.by_partner")
    if not partners:
        return None
    states = [state for state, _ in PLAN_STATES]
    bars = [
        BarRow(
            tr.label("partner", p),
            tuple(num(b.s, f"plans.by_partner.{p}.{state}") for state in states),
            tuple(b.text(f"plans.by_partner.{p}.{state}", "count") for state in states),
        )
        for p in partners
    ]
    chart = hbar_chart(
        "plans",
        tr.t("chart.plans"),
        bars,
        [Series(tr.t(f"plans.{state}"), css) for state, css in PLAN_STATES],
        stacked=True,
    )
    names = ("clients", "actions", *states)
    table_rows = [
        (
            Value(tr.label("partner", p), numeric=False),
            *(b.value(f"plans.by_partner.{p}.{n}", "count", link=False) for n in names),
        )
        for p in partners
    ]
    table_rows.append(
        (
            Value(tr.t("total"), numeric=False),
            b.value("plans.clients_with_plan", "count", link=False),
            *(b.value(f"plans.{n}", "count", link=False) for n in names[1:]),
        )
    )
    columns = (tr.t("col.partner"), *(tr.t(f"plans.{n}") for n in names))
    return Panel(
        "plans", tr.t("section.plans"), (chart,), DataTable(columns, tuple(table_rows)), wide=True
    )


def overlaps(b: Builder) -> Panel | None:
    """Duplicated services by kind, and conflicting facts about a person, found in the period."""
    tr = b.tr
    if not (num(b.s, "overlaps.total") or num(b.s, "conflicts.total")):
        return None
    rows = [(tr.t("overlaps.total"), "overlaps.total")]
    rows += [
        (tr.t("overlaps.kind", kind=kind_label(tr, k)), f"overlaps.by_kind.{k}")
        for k in b.keys("overlaps.by_kind")
    ]
    rows.append((tr.t("conflicts.total"), "conflicts.total"))
    rows += [
        (tr.t("conflicts.fact", fact=tr.label("client_fact", k)), f"conflicts.by_fact.{k}")
        for k in b.keys("conflicts.by_fact")
    ]
    bars = [BarRow(label, (num(b.s, key),), (b.text(key, "count"),)) for label, key in rows]
    chart = hbar_chart(
        "overlaps", tr.t("chart.overlaps"), bars, [Series(tr.t("col.number"), "s-persons")]
    )
    table_rows = tuple(
        (Value(label, numeric=False), b.value(key, "count", link=False)) for label, key in rows
    )
    return Panel(
        "overlaps",
        tr.t("section.overlaps"),
        (chart,),
        DataTable((tr.t("col.item"), tr.t("col.number")), table_rows),
    )
