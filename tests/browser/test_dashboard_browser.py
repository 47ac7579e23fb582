"""A coordinator's afternoon with the dashboard, in a real Chromium, after `partnership demo`.

The tests run in file order: the last one records a new service, which changes the figures.
"""

from __future__ import annotations

import io
import os
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from running_partnership import RunningPartnership

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


NBSP = "\xa0"
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"


def summary_value(summary: dict[str, Any], trend: list[dict[str, Any]], key: str) -> Decimal:
    """The summary's (or the trend's, for `trend.MONTH.measure`) figure under a dotted key."""
    if key.startswith("trend."):
        _, month, measure = key.split(".")
        return Decimal(str(next(m for m in trend if m["month"] == month)[measure]))
    value: Any = summary
    for part in key.split("."):
        if isinstance(value, list):  # the programmes, by id
            value = {item["id"]: item for item in value}
        value = value[part]
    return Decimal(str(value))


def headline(page: Page, figure: str) -> str:
    return page.locator(f'[data-figure="{figure}"] .headline-value').inner_text()


def test_the_dashboard_shows_the_bartoszyce_partnership(page: Page, artifacts: Path) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert headline(page, "clients") == "11"
    assert headline(page, "hours") == f"783,5{NBSP}godz."
    assert headline(page, "employed") == "3"
    assert headline(page, "money") == f"51{NBSP}986,28{NBSP}zł"
    charts = page.locator("figure.chart")
    assert charts.count() >= 8
    for index in range(charts.count()):
        chart = charts.nth(index)
        name = chart.get_attribute("data-chart")
        assert chart.locator("svg rect, svg circle").count() > 0, f"chart {name} drew nothing"
        box = chart.locator("svg").bounding_box()
        assert box is not None, name
        assert box["width"] > 100, name
        assert box["height"] > 30, name
    page.locator("#hours-by-partner-numbers summary").click()
    table = page.locator("#hours-by-partner-numbers table")
    expect(table).to_contain_text(f"446,5{NBSP}godz.")
    page.locator("#hours-by-partner-numbers summary").click()
    expect(page.locator("#live-status")).to_have_attribute("data-state", "on")
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "dashboard-phone.png"), full_page=True)


def test_filtering_to_a_quarter_changes_the_figures(
    page: Page, partnership: RunningPartnership
) -> None:
    page.goto("/")
    page.get_by_label("Okres", exact=True).fill("2013-Q1")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"period=2013-Q1"))
    quarter = partnership.summary(**{"from": "2013-01-01", "to": "2013-03-31"})
    hours = Decimal(quarter["hours"]["total"])
    assert Decimal(0) < hours < Decimal("783.5")
    shown = f"{hours:f}".rstrip("0").rstrip(".").replace(".", ",")
    assert headline(page, "hours") == f"{shown}{NBSP}godz."
    page.get_by_label("Partner", exact=True).select_option("ngo")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"partner=ngo"))
    assert headline(page, "hours") != f"{shown}{NBSP}godz."
    page.reload()
    expect(page.get_by_label("Okres", exact=True)).to_have_value("2013-Q1")


def test_english_is_one_click_away_and_remembered(page: Page) -> None:
    page.goto("/?period=2013-Q2")
    page.get_by_role("link", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"period=2013-Q2.*lang=en|lang=en.*period=2013-Q2"))
    expect(page.get_by_role("heading", name="Hours by partner")).to_be_visible()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert headline(page, "money") == f"51,986.28{NBSP}PLN"
    page.get_by_role("link", name="Przełącz na język polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_drilldown_leads_to_pseudonymous_journeys(page: Page) -> None:
    page.goto("/")
    page.locator('[data-figure="employed"] a').click()
    expect(page.get_by_role("heading", name="Kto stoi za liczbą")).to_be_visible()
    links = page.locator("ol.pseudonyms a")
    expect(links).to_have_count(3)
    pseudonym = links.first.inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", pseudonym)
    links.first.click()
    expect(page.get_by_role("heading", name="Ścieżka klienta")).to_be_visible()
    journey = page.locator("table.journey")
    expect(journey).to_contain_text("podjęcie zatrudnienia")
    expect(journey).to_contain_text("umowa")  # the contract type in Polish words
    expect(journey).not_to_contain_text("employment_")  # and not as the API's identifier
    expect(journey.locator("abbr[title='PUP – powiatowy urząd pracy']").first).to_have_text("PUP")
    assert "Wiśniewska" not in page.content()


def test_the_quarters_xlsx_matches_the_summary(
    page: Page, partnership: RunningPartnership, artifacts: Path
) -> None:
    page.goto("/reports/monitoring?period=2013-Q2")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("XLSX")).click()
    saved = artifacts / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "sprawozdanie-2013-Q2.xlsx"
    summary: Any = partnership.summary(**{"from": "2013-04-01", "to": "2013-06-30"})
    trend = partnership.get(
        "reporting", "/api/v1/trend", **{"from": "2013-04-01", "to": "2013-06-30"}
    ).json()
    book = load_workbook(io.BytesIO(saved.read_bytes()))
    checked = 0
    for key, where, _ in book["keys"].iter_rows(min_row=2, values_only=True):
        sheet, cell = str(where).rsplit("!", 1)
        value = Decimal(str(book[sheet.strip("'")][cell].value))
        assert value == summary_value(summary, trend, str(key)), key
        checked += 1
    assert checked > 40
    hours_sheet = book["Godziny usług specjalistycznych"]
    total = next(r[1].value for r in hours_sheet.iter_rows() if r[0].value == "Razem")
    assert Decimal(str(total)) == Decimal(summary["hours"]["total"])


def test_a_new_event_appears_without_a_reload(page: Page, partnership: RunningPartnership) -> None:
    page.goto("/")
    expect(page.locator("#live-status")).to_have_attribute("data-state", "on")
    page.evaluate("window.notReloaded = true")
    before = partnership.summary()["hours"]["total"]  # type: ignore[index]
    clients: Any = partnership.get("ngo", "/api/v1/clients").json()
    first = (
        (clients.get("items") or clients.get("clients")) if isinstance(clients, dict) else clients
    )
    response = httpx.post(
        f"{partnership.url('ngo')}/api/v1/services",
        json={
            "client_ids": [first[0]["id"]],
            "role": "psychologist",
            "mode": "individual",
            "hours": "2",
            "delivered_on": "2013-06-27",
        },
        headers={
            "Idempotency-Key": f"browser-test-{time.time_ns()}",
            **partnership.headers("ngo"),
        },
    )
    assert response.status_code == 201, response.text
    after = Decimal(before) + 2
    shown = f"{after:f}".rstrip("0").rstrip(".").replace(".", ",")
    expect(page.locator('[data-figure="hours"] .headline-value')).to_have_text(
        f"{shown}{NBSP}godz.", timeout=10_000
    )
    assert page.evaluate("window.notReloaded") is True
