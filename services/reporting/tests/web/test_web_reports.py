"""The monitoring report's downloads carry exactly the summary's figures."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from reporting_node.reports.csv_report import report_csv
from reporting_node.reports.model import build_report
from reporting_node.reports.xlsx_report import KEYS_SHEET, report_xlsx
from reporting_node.web.i18n import Translator

from .conftest import KIS_II, PROGRAMME


def _lookup(summary: dict[str, Any], key: str) -> Any:
    value: Any = summary
    for part in key.split("."):
        if isinstance(value, list):  # the programmes by id, the referrals' pairs by `from>to`
            value = {item.get("id") or f"{item['from']}>{item['to']}": item for item in value}
        value = value[part]
    return value


def _summary_value(summary: dict[str, Any], trend: list[dict[str, Any]], key: str) -> Decimal:
    if key.startswith("trend."):
        _, month, measure = key.split(".")
        return Decimal(str(next(m for m in trend if m["month"] == month)[measure]))
    return Decimal(str(_lookup(summary, key)))


def test_every_summary_figure_is_in_the_report(summary: dict[str, Any], trend: list[Any]) -> None:
    report = build_report(Translator("pl"), summary, trend)
    keys = {cell.key for section in report.sections for *_, cell in section.cells()}
    expected = {
        "clients.total",
        "clients.by_gender.female",
        "hours.total",
        "hours.by_partner_kind.ngo",
        "hours.by_role.it_trainer",
        "hours.by_partner_role.ops.psu_officer",
        "activities.psu.abandoned",
        "employment.rate",
        "employment.contracts_by_type.mandate",
        "employment.persons_by_type.mandate",
        "benefits.by_basis.internship_stipend",
        "benefits.total",
        "trend.2013-06.benefits",
        f"activities.kis.editions.{KIS_II}.persons",
        "activities.training.by_trade.opiekun osoby starszej",
        "activities.training.qualified_persons",
        f"programmes.{PROGRAMME}.funding.total",
        f"programmes.{PROGRAMME}.funding.own_contribution",
        f"programmes.{PROGRAMME}.clients",
        "families.persons",
        "contracts.by_kind.tripartite_family_contract",
        "employment.retained_persons_by_type.employment_indefinite",
        "employment.still_employed_by_type.employment_fixed_term",
        "employment.contracts_by_duration.over_12_months",
        "corrections.withdrawn",
        "referrals.by_pair.pup>ngo.completed",
        "referrals.by_pair.pup>ops.median_days_to_answer",
        "referrals.overdue",
        "plans.clients_with_plan",
        "plans.by_partner.pup.overdue",
        "plans.done_late",
        "overlaps.by_kind.psychologist",
        "conflicts.by_fact.birth_year",
    }
    assert expected <= keys
    # No median without an answer: the cell is left empty, not a zero.
    assert "referrals.by_pair.ops>ngo.median_days_to_answer" not in keys
    assert [s.key for s in report.sections] == [
        "clients",
        "hours",
        "activities",
        "employment",
        "benefits",
        "programmes",
        "families",
        "contracts",
        "corrections",
        "referrals",
        "plans",
        "overlaps",
        "months",
    ]


def test_xlsx_cells_equal_the_summary(summary: dict[str, Any], trend: list[Any]) -> None:
    report = build_report(Translator("pl"), summary, trend)
    book = load_workbook(io.BytesIO(report_xlsx(report, Translator("pl"), "22.11.2026, 10:00")))
    assert book.sheetnames == [
        "Sprawozdanie z monitoringu",
        "Uczestnicy",
        "Godziny usług specjalistycznych",
        "Formy wsparcia",
        "Zatrudnienie",
        "Świadczenia pieniężne",
        "Programy i ich budżet",
        "Rodziny",
        "Kontrakty",
        "Korekty zapisów",
        "Skierowania między partnerami",
        "Indywidualne plany wsparcia",
        "Dublowanie i rozbieżne dane",
        "Miesiące",
        KEYS_SHEET,
    ]
    checked = 0
    for key, where, raw in book[KEYS_SHEET].iter_rows(min_row=2, values_only=True):
        sheet_name, coordinate = str(where).rsplit("!", 1)
        value = book[sheet_name.strip("'")][coordinate].value
        assert Decimal(str(value)).quantize(Decimal("0.0001")) == _summary_value(
            summary, trend, str(key)
        ).quantize(Decimal("0.0001")), key
        if not str(key).startswith("trend."):
            assert raw == str(_lookup(summary, str(key)))
        checked += 1
    assert checked > 60
    hours = book["Godziny usług specjalistycznych"]
    labelled = {row[0].value: row[1] for row in hours.iter_rows(min_row=3) if row[0].value}
    assert labelled["NGO – organizacja pozarządowa"].value == Decimal("446.5")
    assert labelled["Razem"].value == Decimal("783.5")
    assert labelled["Razem"].number_format == "#,##0.0#"
    money = book["Świadczenia pieniężne"]
    total = next(row[1] for row in money.iter_rows() if row[0].value == "Razem")
    assert total.number_format == '#,##0.00 "zł"'
    assert str(total.value) == "51986.28"
    budget = book["Programy i ich budżet"]
    [programme] = [row for row in budget.iter_rows() if isinstance(row[1].value, int | float)]
    assert programme[0].value == (
        "POKL.07.01.01-28-001/13 — Bartoszyckie Partnerstwo na rzecz Integracji"
    )
    assert [Decimal(str(cell.value)) for cell in programme[1:4]] == [
        Decimal("349773.80"),
        Decimal("310503.80"),
        Decimal("39270.00"),
    ]
    assert programme[1].number_format == '#,##0.00 "zł"'
    referrals = book["Skierowania między partnerami"]
    by_pair = {row[0].value: row for row in referrals.iter_rows() if row[0].value}
    assert [cell.value for cell in by_pair["PUP → OPS"][1:]] == [5, 4, 1, 0, 0, Decimal("2.5")]
    assert by_pair["PUP → OPS"][6].number_format == "#,##0.#"
    assert by_pair["OPS → NGO"][6].value is None


def test_xlsx_in_english(summary: dict[str, Any], trend: list[Any]) -> None:
    report = build_report(Translator("en"), summary, trend)
    book = load_workbook(io.BytesIO(report_xlsx(report, Translator("en"), "22/11/2026")))
    assert "Employment" in book.sheetnames
    cover = book["Monitoring report"]
    assert cover["A1"].value == "Monitoring report"
    assert ("Partnership", "bartoszyce") in [(r[0].value, r[1].value) for r in cover.iter_rows()]


def test_csv_lines_carry_the_summary_values(summary: dict[str, Any], trend: list[Any]) -> None:
    report = build_report(Translator("pl"), summary, trend)
    data = report_csv(report, Translator("pl"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "Sekcja",
        "Sprawozdanie z monitoringu",
        "Pozycja",
        "Wartość",
        "Jednostka",
        "Klucz",
    ]
    by_key = {row[5]: row for row in rows[1:] if row[5]}
    assert by_key["benefits.total"][3] == "51986.28"
    assert by_key["hours.by_partner_kind.pup"][3] == "114.5"
    assert by_key["employment.rate"][3] == "0.2727"
    assert by_key["employment.contracts_by_type.employment_fixed_term"][2] == (
        "umowa o pracę na czas określony – Umowy"
    )
    assert by_key["referrals.by_pair.pup>ops.median_days_to_answer"][3:5] == ["2.5", "dni"]
    assert by_key["plans.by_partner.pup.overdue"][2] == (
        "PUP – powiatowy urząd pracy – Zaległe (termin minął)"
    )
    for key, row in by_key.items():
        assert Decimal(row[3]) == _summary_value(summary, trend, key)


def test_missing_sections_give_zeros_not_errors(trend: list[Any]) -> None:
    empty = {"partnership_id": "p", "period": {"from": None, "to": None}, "filters": {}}
    report = build_report(Translator("en"), empty, [])
    assert report.facts[1] == ("Period", "whole period")
    values = {cell.key: cell.raw for s in report.sections for *_, cell in s.cells()}
    assert values["hours.total"] == "0"
    assert values["clients.total"] == 0
