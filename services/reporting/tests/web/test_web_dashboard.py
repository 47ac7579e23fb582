"""The dashboard's panels, laid out from a summary like the demo's."""

from __future__ import annotations

import copy
from typing import Any

from reporting_node.reports.periods import ReportFilter
from reporting_node.web.dashboard import build_dashboard
from reporting_node.web.i18n import Translator
from reporting_node.web.links import Links


def _board(summary: dict[str, Any], trend: list[dict[str, Any]], lang: str = "pl") -> Any:
    tr = Translator("en" if lang == "en" else "pl")
    return build_dashboard(tr, Links(ReportFilter(), tr.lang), summary, trend)


def test_every_panel_has_a_chart_and_a_table(summary: dict[str, Any], trend: list[Any]) -> None:
    board = _board(summary, trend)
    assert [p.ident for p in board.panels] == [
        "hours-by-partner", "funnel", "hours-by-role", "benefits-by-basis", "contract-types",
        "durations", "activities", "trend", "editions", "trades", "programmes", "contracts",
        "corrections", "referrals", "plans", "overlaps",
    ]  # fmt: skip
    for panel in board.panels:
        assert panel.charts
        assert all(not chart.empty for chart in panel.charts), panel.ident
        assert panel.table.rows, panel.ident


def test_kinds_nobody_took_part_in_are_left_out(summary: dict[str, Any], trend: list[Any]) -> None:
    with_zeros = copy.deepcopy(summary)
    with_zeros["activities"]["pal"] = {
        "persons": 0, "started": 0, "completed": 0, "abandoned": 0, "editions": {}
    }  # fmt: skip
    with_zeros["employment"]["persons_by_type"]["self_employment"] = 0
    with_zeros["employment"]["contracts_by_type"]["self_employment"] = 0
    board = _board(with_zeros, trend)
    shown = {p.ident: [row[0].text for row in p.table.rows] for p in board.panels}
    assert "Program Aktywności Lokalnej (PAL)" not in shown["activities"]
    assert "działalność gospodarcza" not in shown["contract-types"]


def test_the_funnel_narrows_from_clients_to_those_still_employed(
    summary: dict[str, Any], trend: list[Any]
) -> None:
    funnel = next(p for p in _board(summary, trend, "en").panels if p.ident == "funnel")
    assert [(row[0].text, row[1].text) for row in funnel.table.rows] == [
        ("recruited", "11"),
        ("in support (not dropped out)", "11"),
        ("employed", "3"),
        ("still employed", "2"),
    ]
    assert funnel.table.rows[2][1].href == "/drilldown?figure=employment.persons&lang=en"


def test_an_empty_partnership_draws_empty_charts_not_errors() -> None:
    board = _board({"partnership_id": "p"}, [])
    assert board.headlines[0].value.text == "0"
    assert all(chart.empty for panel in board.panels for chart in panel.charts)


def test_programmes_with_their_budget_and_families_when_there_are_some(
    summary: dict[str, Any], trend: list[Any]
) -> None:
    with_families = copy.deepcopy(summary)
    with_families["families"] = {
        "enrolled": 10,
        "with_contract": 10,
        "completed": 10,
        "persons": 54,
    }
    board = _board(with_families, trend)
    shown = {p.ident: p for p in board.panels}
    [programme] = shown["programmes"].table.rows
    assert [value.text for value in programme] == [
        "POKL.07.01.01-28-001/13 — Bartoszyckie Partnerstwo na rzecz Integracji",
        "01.01.2013 – 31.12.2013",
        "ops",
        "349\xa0773,80\xa0zł",
        "310\xa0503,80\xa0zł",
        "39\xa0270,00\xa0zł",
        "11",
    ]
    families = {row[0].text: row[1] for row in shown["families"].table.rows}
    assert families["Rodziny, które ukończyły program"].text == "10"
    assert families["Osoby w tych rodzinach"].href == "/drilldown?figure=families.persons"
    editions = [[value.text for value in row] for row in shown["editions"].table.rows]
    assert editions[0] == ["Klub Integracji Społecznej (KIS) – I", "ops", "14", "2"]
    assert editions[2][0] == "szkolenie zawodowe – 2013/1 (opiekun osoby starszej)"
    durations = {row[0].text: row[1].text for row in shown["durations"].table.rows}
    assert durations["do 12 miesięcy"] == "2"
    corrections = {row[0].text: row[1].text for row in shown["corrections"].table.rows}
    assert corrections == {"Poprawione zapisy": "2", "Wycofane zapisy": "1"}


def test_referrals_plans_and_overlaps_in_polish_and_english(
    summary: dict[str, Any], trend: list[Any]
) -> None:
    shown = {p.ident: p for p in _board(summary, trend).panels}
    referrals = shown["referrals"].table
    assert referrals.columns == (
        "Od → do",
        "Wystawione",
        "Przyjęte",
        "Odrzucone",
        "Zrealizowane",
        "Bez odpowiedzi dłużej niż 14 dni",
        "Mediana czasu odpowiedzi",
    )
    rows = [[value.text for value in row] for row in referrals.rows]
    assert rows == [
        ["PUP → NGO", "3", "3", "0", "3", "0", "2 dni"],
        ["PUP → OPS", "5", "4", "1", "0", "0", "2,5 dnia"],
        ["OPS → NGO", "1", "0", "0", "0", "1", "–"],
        ["Razem", "8", "8", "0", "3", "0", "2 dni"],
    ]
    plans = {row[0].text: [v.text for v in row[1:]] for row in shown["plans"].table.rows}
    assert plans["PUP – powiatowy urząd pracy"] == ["11", "30", "15", "3", "7", "5"]
    assert plans["Razem"] == ["11", "60", "41", "6", "8", "5"]
    assert shown["plans"].table.columns[3] == "Zrealizowane w terminie"
    overlaps = {row[0].text: row[1].text for row in shown["overlaps"].table.rows}
    assert overlaps == {
        "Przypadki dublowania usług": "2",
        "dublowanie: psycholog": "1",
        "dublowanie: doradca zawodowy": "1",
        "Rozbieżne dane o osobie": "1",
        "rozbieżność: rok urodzenia": "1",
    }
    english = {p.ident: p for p in _board(summary, trend, "en").panels}
    assert english["referrals"].table.rows[1][6].text == "2.5 days"
    assert english["plans"].table.columns[-2:] == ("Overdue", "Not yet due")
    # These figures have no drill-down (they count referrals and actions, not persons).
    assert all(v.href is None for row in english["plans"].table.rows for v in row)


def test_no_coordination_no_panels(summary: dict[str, Any], trend: list[Any]) -> None:
    quiet = copy.deepcopy(summary)
    quiet["referrals"]["by_pair"] = []
    quiet["plans"]["by_partner"] = {}
    quiet["overlaps"]["total"] = quiet["conflicts"]["total"] = 0
    shown = {p.ident for p in _board(quiet, trend).panels}
    assert not shown & {"referrals", "plans", "overlaps"}
