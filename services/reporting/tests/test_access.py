"""Who may do what on the reporting node: nobody without credentials; coordinators and auditors
read the partnership's figures, only auditors the dead letters, admins only the accounts; the
dashboard signs in through its login page."""

from __future__ import annotations

from typing import Any

import pytest
from access_fixtures import routes

from partnership_shared.access.gate import SESSION_COOKIE
from partnership_shared.access.service import AccessError

pytestmark = pytest.mark.redis

PASSWORD = "Koordynacja-Bartoszyce-2013"


async def test_nothing_but_health_answers_without_credentials(start_node: Any) -> None:
    async with start_node() as node:
        document = await node.get("/openapi.json")
        checked = 0
        for method, path in routes(document):
            if path in ("/healthz", "/livez", "/readyz", "/api/v1/auth/tokens"):
                continue
            answer = await node.anonymous.request(method, path)
            assert answer.status_code == 401, (method, path, answer.text)
            assert answer.json()["message"].startswith("Wymagane logowanie"), path
            checked += 1
        assert checked >= 15
        assert (await node.anonymous.get("/healthz")).status_code == 200
        for page in ("/", "/reports/monitoring", "/drilldown?figure=clients.total", "/docs"):
            answer = await node.anonymous.get(page, headers={"Accept": "text/html"})
            assert answer.status_code == 303, page
            assert answer.headers["location"].startswith("/login?next=")
        for path in (
            "/reports/monitoring.xlsx?period=2013",
            "/static/dashboard.css",
            "/events/live",
            "/openapi.json",
        ):
            assert (await node.anonymous.get(path)).status_code == 401, path
        english = await node.anonymous.get("/api/v1/summary", headers={"Accept-Language": "en"})
        assert english.json()["message"].startswith("You must sign in")


async def test_the_reporting_node_admits_coordinators_and_auditors_only(start_node: Any) -> None:
    async with start_node() as node:
        with pytest.raises(AccessError) as refused:
            await node.app.state.access.add_account("kasia", "caseworker")
        assert refused.value.code == "account.role"
        coordinator = await node.signed_in("coordinator")
        auditor = await node.signed_in("auditor")
        admin = await node.signed_in("admin")
        for who in (coordinator, auditor):
            assert (await node.http.get("/api/v1/summary", headers=who)).status_code == 200
            assert (await node.http.get("/api/v1/ingest/status", headers=who)).status_code == 200
        # A coordinator sees figures and pseudonyms, never what a refused entry might hold.
        letters = await node.http.get("/api/v1/dead-letters", headers=coordinator)
        assert letters.status_code == 403
        assert letters.json()["message"] == "Rola coordinator nie ma tu dostępu; wymagana: auditor."
        assert (await node.http.get("/api/v1/dead-letters", headers=auditor)).status_code == 200
        assert (await node.http.get("/api/v1/audit", headers=coordinator)).status_code == 403
        assert (await node.http.get("/api/v1/summary", headers=admin)).status_code == 403
        assert (await node.http.get("/api/v1/accounts", headers=admin)).status_code == 200
        made = await node.http.post(
            "/api/v1/accounts", json={"username": "kasia", "role": "caseworker"}, headers=admin
        )
        assert made.status_code == 422


async def test_a_coordinator_signs_in_and_sees_the_dashboard(start_node: Any, events: Any) -> None:
    async with start_node() as node:
        await node.app.state.access.add_account(
            "koordynatorka", "coordinator", password=PASSWORD, one_time=False
        )
        await node.publish(events.enrol("a" * 64, "pup"), events.service("a" * 64, "pup", "2.5"))
        await node.wait_for_events(2)
        browser = node.anonymous
        signed = await browser.post(
            "/login",
            data={"username": "koordynatorka", "password": PASSWORD, "next": "/?period=2013"},
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == "/?period=2013"
        assert SESSION_COOKIE in signed.cookies
        browser.cookies.set(SESSION_COOKIE, signed.cookies[SESSION_COOKIE])
        dashboard = await browser.get("/", headers={"Accept": "text/html"})
        assert dashboard.status_code == 200
        assert "2,5" in dashboard.text  # the figures, asked of the API as the coordinator
        report = await browser.get("/reports/monitoring.csv?period=2013")
        assert report.status_code == 200
        await browser.post("/logout")
        browser.cookies.clear()
        again = await browser.get("/", headers={"Accept": "text/html"})
        assert again.status_code == 303
