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

Unit = Literal["count", "hours", "money", "rate", "days"]
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
        if isinstance(value, list):  # the programmes, by id
            value = {str(item.get("id")): item for item in value if isinstance(item, Mapping)}
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


def programme_name(tr: Translator, programme: Mapping[str, Any]) -> str:
    """`POKL.07.01.01-28-017/09 — Twoja Szansa`, or its id while it is not yet defined."""
    if programme.get("name"):
        return f"{programme.get('code')} — {programme['name']}"
    return tr.t("programme.unnamed", id=str(programme.get("id", ""))[:8])


def edition_name(tr: Translator, kind: str, edition_id: str, edition: Mapping[str, Any]) -> str:
    """`Klub Integracji Społecznej (KIS) – I`; with the trade a course teaches, when it has one."""
    label = edition.get("label") or edition_id[:8]
    trade = f" ({edition['trade']})" if edition.get("trade") else ""
    return f"{tr.label('activity', kind)} – {label}{trade}"


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
    measures = (
        "persons",
        "started",
        "completed",
        "abandoned",
        "completed_persons",
        "qualified_persons",
    )
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
    editions = sorted(
        (
            edition_name(tr, k, e, _get(s, f"activities.{k}.editions.{e}")),
            f"activities.{k}.editions.{e}.persons",
        )
        for k in kinds
        for e in _keys(s, f"activities.{k}.editions")
    )
    trades = [
        (f"{tr.label('activity', k)}: {trade}", f"activities.{k}.by_trade.{trade}")
        for k in kinds
        for trade in _keys(s, f"activities.{k}.by_trade")
    ]
    tables = [table]
    if editions:
        tables.append(_one_column(tr, s, "report.editions", "col.persons", "count", editions))
    if trades:
        tables.append(_one_column(tr, s, "report.trades", "col.persons", "count", trades))
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
    measures = (
        ("persons_by_type", "col.persons"),
        ("contracts_by_type", "col.contracts"),
        ("still_employed_by_type", "col.still_employed"),
        ("retained_persons_by_type", "col.retained"),
    )
    types = in_order(
        {c for measure, _ in measures for c in _keys(s, f"employment.{measure}")},
        "contract_type",
    )
    by_type = Table(
        tr.t("report.contract_types"),
        tuple(Column(tr.t(column), "count") for _, column in measures),
        tuple(
            Row(
                tr.label("contract_type", c),
                tuple(_cell(s, f"employment.{measure}.{c}", "count") for measure, _ in measures),
            )
            for c in types
        ),
    )
    durations = _one_column(
        tr,
        s,
        "report.contract_durations",
        "col.contracts",
        "count",
        [
            (tr.label("duration", d), f"employment.contracts_by_duration.{d}")
            for d in _keys(s, "employment.contracts_by_duration", "duration")
        ],
    )
    return Section("employment", tr.t("section.employment"), (headline, by_type, durations))


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


def _programmes(tr: Translator, s: Summary) -> Section:
    """Each programme's budget (total = co-financing + own contribution) and its clients."""
    listed = s.get("programmes")
    programmes = [p for p in listed if isinstance(p, Mapping)] if isinstance(listed, list) else []
    columns = (
        Column(tr.t("col.total_value"), "money"),
        Column(tr.t("col.co_financing"), "money"),
        Column(tr.t("col.own_contribution"), "money"),
        Column(tr.t("col.clients"), "count"),
    )
    rows = []
    for programme in programmes:
        key = f"programmes.{programme.get('id')}"
        funded = bool(programme.get("funding"))
        money = tuple(
            _cell(s, f"{key}.funding.{part}", "money") if funded else None
            for part in ("total", "co_financing", "own_contribution")
        )
        rows.append(
            Row(programme_name(tr, programme), (*money, _cell(s, f"{key}.clients", "count")))
        )
    table = Table(tr.t("report.programmes"), columns, tuple(rows))
    return Section("programmes", tr.t("section.programmes"), (table,))


def _families(tr: Translator, s: Summary) -> Section:
    names = ("enrolled", "with_contract", "completed", "persons")
    rows = [(tr.t(f"families.{n}"), f"families.{n}") for n in names]
    table = _one_column(tr, s, "report.families", "col.number", "count", rows)
    return Section("families", tr.t("section.families"), (table,))


def _contracts(tr: Translator, s: Summary) -> Section:
    rows = [
        (tr.label("contract_kind", k), f"contracts.by_kind.{k}")
        for k in _keys(s, "contracts.by_kind", "contract_kind")
    ]
    table = _one_column(tr, s, "report.contracts", "col.contracts", "count", rows)
    return Section("contracts", tr.t("section.contracts"), (table,))


def _corrections(tr: Translator, s: Summary) -> Section:
    rows = [(tr.t(f"corrections.{n}"), f"corrections.{n}") for n in ("corrected", "withdrawn")]
    table = _one_column(tr, s, "report.corrections", "col.number", "count", rows)
    return Section("corrections", tr.t("section.corrections"), (table,))


REFERRAL_COUNTS = ("made", "accepted", "declined", "completed", "overdue")
PLAN_COUNTS = ("actions", "done_on_time", "done_late", "overdue", "pending")


def referral_columns(tr: Translator, s: Summary) -> tuple[Column, ...]:
    days = _get(s, "referrals.answer_days")
    return (
        *(Column(tr.t(f"referrals.{n}", days=days), "count") for n in REFERRAL_COUNTS),
        Column(tr.t("referrals.median_days_to_answer"), "days"),
    )


def referral_cells(figures: Mapping[str, Any], key: str) -> tuple[Cell | None, ...]:
    """A pair's (or the total's) counts and median; no median without an answer."""
    median = figures.get("median_days_to_answer")
    return (
        *(Cell(f"{key}.{n}", int(figures.get(n, 0)), "count") for n in REFERRAL_COUNTS),
        Cell(f"{key}.median_days_to_answer", str(median), "days") if median else None,
    )


def pair_name(tr: Translator, pair: Mapping[str, Any]) -> str:
    return tr.t(
        "referrals.pair",
        source=tr.label("partner_short", str(pair.get("from"))),
        target=tr.label("partner_short", str(pair.get("to"))),
    )


def referral_pairs(s: Summary) -> list[Mapping[str, Any]]:
    pairs = _get(s, "referrals.by_pair")
    return [p for p in pairs if isinstance(p, Mapping)] if isinstance(pairs, list) else []


def _referrals(tr: Translator, s: Summary) -> Section:
    """Per pair of partners: made, answered, overdue by the agreement's days, median days."""
    rows = [
        Row(
            pair_name(tr, pair),
            referral_cells(pair, f"referrals.by_pair.{pair.get('from')}>{pair.get('to')}"),
        )
        for pair in referral_pairs(s)
    ]
    rows.append(Row(tr.t("total"), referral_cells(_get(s, "referrals") or {}, "referrals"), True))
    table = Table(tr.t("report.referrals"), referral_columns(tr, s), tuple(rows))
    return Section("referrals", tr.t("section.referrals"), (table,))


def _plans(tr: Translator, s: Summary) -> Section:
    """Clients with a plan; per partner the actions done on time, late, overdue, not yet due."""
    plans = [(tr.t(f"plans.{n}"), f"plans.{n}") for n in ("clients_with_plan", "plans")]
    overall = _one_column(tr, s, "report.plans", "col.number", "count", plans)
    names = ("clients", *PLAN_COUNTS)
    rows = [
        Row(
            tr.label("partner", partner),
            tuple(_cell(s, f"plans.by_partner.{partner}.{n}", "count") for n in names),
        )
        for partner in _keys(s, "plans.by_partner")
    ]
    rows.append(
        Row(
            tr.t("total"),
            (None, *(_cell(s, f"plans.{n}", "count") for n in PLAN_COUNTS)),
            total=True,
        )
    )
    columns = tuple(Column(tr.t(f"plans.{n}"), "count") for n in names)
    by_partner = Table(tr.t("report.plans_by_partner"), columns, tuple(rows))
    return Section("plans", tr.t("section.plans"), (overall, by_partner))


def kind_label(tr: Translator, kind: str) -> str:
    """A service's or an activity's name (an overlap is of either)."""
    for vocabulary in ("role", "activity", "outcome"):
        if kind in VOCABULARIES[vocabulary]:
            return tr.label(vocabulary, kind)
    return kind


def _overlaps(tr: Translator, s: Summary) -> Section:
    rows = [(tr.t("overlaps.total"), "overlaps.total")]
    rows += [
        (tr.t("overlaps.kind", kind=kind_label(tr, k)), f"overlaps.by_kind.{k}")
        for k in _keys(s, "overlaps.by_kind")
    ]
    rows.append((tr.t("conflicts.total"), "conflicts.total"))
    rows += [
        (tr.t("conflicts.fact", fact=tr.label("client_fact", k)), f"conflicts.by_fact.{k}")
        for k in _keys(s, "conflicts.by_fact")
    ]
    table = _one_column(tr, s, "report.overlaps", "col.number", "count", rows)
    return Section("overlaps", tr.t("section.overlaps"), (table,))


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
        (tr.t("filter.programme"), _programme_filter(tr, summary)),
        (tr.t("report.events"), tr.fmt.count(summary.get("events", 0))),
    ]
    sections = (
        _clients(tr, summary),
        _hours(tr, summary),
        _activities(tr, summary),
        _employment(tr, summary),
        _benefits(tr, summary),
        _programmes(tr, summary),
        _families(tr, summary),
        _contracts(tr, summary),
        _corrections(tr, summary),
        _referrals(tr, summary),
        _plans(tr, summary),
        _overlaps(tr, summary),
        _months(tr, trend),
    )
    return MonitoringReport(
        tr.t("report.title"),
        str(summary.get("partnership_id", "")),
        tuple(facts),
        sections,
        tr.lang,
    )


def _programme_filter(tr: Translator, summary: Summary) -> str:
    """The programme a report is restricted to, named (`code — name`)."""
    chosen = (summary.get("filters") or {}).get("programme")
    if not chosen:
        return tr.t("filter.all_programmes")
    found = _get(summary, f"programmes.{chosen}")
    return programme_name(tr, found if found else {"id": chosen})


def describe_period(tr: Translator, start: str | None, end: str | None) -> str:
    if not start and not end:
        return tr.t("filter.whole_period")
    first = tr.fmt.date(date.fromisoformat(start)) if start else "…"
    last = tr.fmt.date(date.fromisoformat(end)) if end else "…"
    return f"{first} – {last}"
