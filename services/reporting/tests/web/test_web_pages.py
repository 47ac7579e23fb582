"""The dashboard's pages and downloads, served by the router over a stand-in for `/api/v1`."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Mapping
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from reporting_node.web.routes import router

from .conftest import PROGRAMME

PSEUDONYM = "a" * 64


class StandInFigures:
    def __init__(self, summary: dict[str, Any], trend: list[dict[str, Any]]) -> None:
        self._summary, self._trend = summary, trend
        self.asked: list[dict[str, str]] = []

    async def summary(self, params: Mapping[str, str]) -> dict[str, Any]:
        self.asked.append(dict(params))
        return self._summary

    async def trend(self, params: Mapping[str, str]) -> list[dict[str, Any]]:
        return self._trend

    async def programmes(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in p.items() if k != "clients"} for p in self._summary["programmes"]]

    async def drilldown(self, figure: str, params: Mapping[str, str]) -> dict[str, Any]:
        return {"figure": figure, "pseudonyms": [PSEUDONYM]}

    async def journey(self, pseudonym: str) -> Any:
        return {
            "pseudonym": pseudonym,
            "events": [
                {
                    "type": "ClientEnrolled",
                    "partner_kind": "ops",
                    "occurred_on": "2013-02-01",
                    "summary": "enrolled in Bartoszyckie Partnerstwo",
                },
                {
                    "type": "ActivityStarted",
                    "partner_kind": "pup",
                    "occurred_on": "2013-03-04",
                    "details": {"kind": "internship"},
                },
                {
                    "type": "ServiceDelivered",
                    "partner_kind": "pup",
                    "occurred_on": "2013-03-05",
                    "details": {"role": "job_broker", "hours": "3"},
                    "standing": "corrected",
                },
                {
                    "type": "RecordCorrected",
                    "partner_kind": "pup",
                    "occurred_on": "2013-03-07",
                    "details": {
                        "original_type": "ServiceDelivered",
                        "reason": "data_entry_error",
                        "changes": [{"field": "hours", "from": "30", "to": "3"}],
                    },
                },
                {
                    "type": "RecordWithdrawn",
                    "partner_kind": "ops",
                    "occurred_on": "2013-03-08",
                    "details": {"original_type": "BenefitPaid", "reason": "duplicate"},
                },
            ],
        }


@pytest.fixture
def figures(summary: dict[str, Any], trend: list[dict[str, Any]]) -> StandInFigures:
    return StandInFigures(summary, trend)


@pytest.fixture
async def client(figures: StandInFigures) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(router)
    app.state.figures = figures
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://node") as client:
        yield client


async def test_dashboard_in_polish(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="pl">' in html
    assert "51\xa0986,28\xa0zł" in html
    assert "783,5\xa0godz." in html
    assert "27,3%" in html
    assert html.count('role="img"') >= 7
    assert 'href="/drilldown?figure=employment.persons"' in html


async def test_english_is_chosen_in_the_url_and_remembered(client: httpx.AsyncClient) -> None:
    page = await client.get("/?lang=en")
    assert '<html lang="en">' in page.text
    assert "51,986.28\xa0PLN" in page.text
    assert page.cookies.get("lang") == "en"
    again = await client.get("/")
    assert '<html lang="en">' in again.text


async def test_the_filter_reaches_the_summary_and_stays_in_links(
    client: httpx.AsyncClient, figures: StandInFigures
) -> None:
    page = await client.get("/?period=2013-Q2&partner=ngo")
    assert figures.asked[0] == {"from": "2013-04-01", "to": "2013-06-30", "partner": "ngo"}
    assert "/drilldown?figure=hours.total&amp;period=2013-Q2&amp;partner=ngo" in page.text
    assert 'value="2013-Q2"' in page.text


async def test_a_filter_that_cannot_be_read_says_why(client: httpx.AsyncClient) -> None:
    page = await client.get("/?period=2013-Q7")
    assert page.status_code == 400
    assert "2013-Q7" in page.text
    download = await client.get("/reports/monitoring.xlsx?period=someday")
    assert download.status_code == 400
    assert "someday" in download.text


async def test_fragment_and_drilldown_and_journey(client: httpx.AsyncClient) -> None:
    fragment = await client.get("/fragments/dashboard?period=2013-05")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    drill = await client.get("/drilldown?figure=employment.persons")
    assert f'href="/clients/{PSEUDONYM}"' in drill.text
    journey = await client.get(f"/clients/{PSEUDONYM}")
    assert "staż" in journey.text
    assert "enrolled in Bartoszyckie Partnerstwo" in journey.text
    assert "04.03.2013" in journey.text
    assert '<abbr title="OPS – ośrodek pomocy społecznej">OPS</abbr>' in journey.text
    assert '<td lang="en">enrolled in Bartoszyckie Partnerstwo</td>' in journey.text
    assert 'usługa specjalisty <span class="standing">(poprawiono)</span>' in journey.text
    assert "korekta zapisu: usługa specjalisty" in journey.text
    assert "godziny: 30 → 3 · błąd przy wprowadzaniu" in journey.text
    assert "wycofanie zapisu: wypłata świadczenia" in journey.text
    assert "wycofano · zapis zdublowany" in journey.text
    english = await client.get(f"/clients/{PSEUDONYM}?lang=en")
    assert "hours: 30 → 3 · data entry error" in english.text
    assert 'specialist service <span class="standing">(corrected)</span>' in english.text


async def test_report_downloads(client: httpx.AsyncClient, summary: dict[str, Any]) -> None:
    page = await client.get("/reports/monitoring?period=2013-Q2")
    assert page.status_code == 200
    assert 'data-key="benefits.total">51\xa0986,28\xa0zł' in page.text
    xlsx = await client.get("/reports/monitoring.xlsx?period=2013-Q2")
    assert xlsx.headers["content-disposition"] == (
        'attachment; filename="sprawozdanie-2013-Q2.xlsx"'
    )
    book = load_workbook(io.BytesIO(xlsx.content))
    money = book["Świadczenia pieniężne"]
    total = next(row[1].value for row in money.iter_rows() if row[0].value == "Razem")
    assert Decimal(str(total)) == Decimal(summary["benefits"]["total"])
    csv = await client.get("/reports/monitoring.csv?period=2013-Q2&lang=en")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "benefits.total" in csv.text


async def test_static_files_are_ours_only(client: httpx.AsyncClient) -> None:
    assert (await client.get("/static/dashboard.css")).status_code == 200
    script = await client.get("/static/live.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert (await client.get("/static/routes.py")).status_code == 404


class OneChange:
    """A notifier that has seen one batch since the page was drawn."""

    version = 1

    async def wait_for_change(self, after_version: int, timeout: float) -> int:  # noqa: ASYNC109
        return self.version


async def test_live_stream_tells_the_page_about_new_events(
    figures: StandInFigures, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reporting_node.web.live.CONNECTION_SECONDS", 0.05)
    app = FastAPI()
    app.include_router(router)
    app.state.figures, app.state.changes = figures, OneChange()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://node") as client:
        stream = await client.get("/events/live?after=0")
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert "id: 1\nevent: change\ndata: 1\n\n" in stream.text
        page = await client.get("/")
        assert 'data-version="1"' in page.text
        told = await client.get("/events/live", headers={"Last-Event-ID": "1"})
        assert "event: change" not in told.text


async def test_a_programme_with_polish_letters_downloads(client: httpx.AsyncClient) -> None:
    answer = await client.get(f"/reports/monitoring.csv?period=2013&programme={PROGRAMME}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="sprawozdanie-2013.csv"'


async def test_programmes_are_chosen_by_name_and_filtered_by_id(
    client: httpx.AsyncClient, figures: StandInFigures, summary: dict[str, Any]
) -> None:
    figures._summary = {**summary, "filters": {"partner": None, "programme": PROGRAMME}}
    page = await client.get(f"/?programme={PROGRAMME}")
    assert figures.asked[-1] == {"programme": PROGRAMME}
    assert (
        f'<option value="{PROGRAMME}" selected>'
        "POKL.07.01.01-28-001/13 — Bartoszyckie Partnerstwo na rzecz Integracji</option>"
    ) in page.text
    report = await client.get(f"/reports/monitoring?programme={PROGRAMME}")
    assert "<dd>POKL.07.01.01-28-001/13 — Bartoszyckie Partnerstwo na rzecz Integracji</dd>" in (
        report.text
    )
    named = await client.get("/?programme=Bartoszyckie")
    assert named.status_code == 400
    assert "„Bartoszyckie” to nie jest identyfikator programu" in named.text
