"""Every message a person reads on the reporting node is in their language: the dashboard's
filter errors, refusals of the API, the 404, 403 and 500 pages; `/docs` needs no internet."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

pytestmark = pytest.mark.redis

PAGE = {"Accept": "text/html"}


async def test_a_filter_that_cannot_be_read_is_explained_in_polish(start_node: Any) -> None:
    async with start_node() as node:
        page = await node.http.get("/?period=2013-Q5", headers=PAGE)
        assert page.status_code == 400
        assert "„2013-Q5” to nie jest kwartał (2013-Q2)" in page.text
        assert "is not a quarter" not in page.text
        download = await node.http.get("/reports/monitoring.csv?period=2013-13")
        assert download.status_code == 400
        assert download.text == "Nie można zastosować filtra: miesiąca 13 nie ma (2013-13)"
        english = await node.http.get("/?period=2013-Q5&lang=en", headers=PAGE)
        assert "period &#39;2013-Q5&#39; is not a quarter" in english.text


async def test_a_journey_of_no_pseudonym_is_refused_in_polish(start_node: Any) -> None:
    async with start_node() as node:
        page = await node.http.get("/clients/nie-pseudonim", headers=PAGE)
        assert page.status_code == 422
        assert "pseudonym: ma nieprawidłowy format" in page.text
        assert "String should match pattern" not in page.text
        nobody = await node.http.get(f"/clients/{'0' * 64}", headers=PAGE)
        assert nobody.status_code == 404
        assert f"brak zdarzeń klienta {'0' * 64}" in nobody.text


async def test_the_api_refuses_in_the_readers_language(start_node: Any) -> None:
    async with start_node() as node:
        empty = await node.http.get(
            "/api/v1/summary", params={"from": "2013-06-01", "to": "1.06.2013"}
        )
        assert empty.status_code == 422
        assert empty.json()["message"] == "to: to nie jest data (RRRR-MM-DD)"
        reversed_ = await node.http.get(
            "/api/v1/summary", params={"from": "2013-06-01", "to": "2013-01-01"}
        )
        assert reversed_.status_code == 422
        assert reversed_.json()["message"].startswith("to: okres jest pusty")
        english = await node.http.get(
            "/api/v1/summary", params={"partner": "gops"}, headers={"Accept-Language": "en"}
        )
        assert english.json()["message"].startswith("partner: allowed values:")


async def test_error_pages_are_in_the_readers_language(start_node: Any) -> None:
    async with start_node() as node:
        missing = await node.http.get("/nie-ma-takiej", headers=PAGE)
        assert missing.status_code == 404
        assert '<html lang="pl">' in missing.text
        assert "Nie ma takiej strony" in missing.text
        assert 'href="/reports/monitoring"' in missing.text  # the dashboard's own navigation
        api = await node.http.get("/api/v1/nie-ma-takiej")
        assert api.status_code == 404
        assert api.json()["message"].startswith("Pod tym adresem nic nie ma")
        admin = await node.signed_in("admin")
        denied = await node.http.get("/", headers={**PAGE, **admin})
        assert denied.status_code == 403
        assert "Brak dostępu" in denied.text
        assert "Rola admin nie ma tu dostępu" in denied.text
        english = await node.http.get("/nie-ma-takiej?lang=en", headers=PAGE)
        assert "Page not found" in english.text


async def test_a_server_error_says_nothing_was_saved_in_polish(start_node: Any) -> None:
    async with start_node() as node:
        app: FastAPI = node.app

        async def broken() -> None:
            raise RuntimeError("a bug")

        app.add_api_route("/broken", broken)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://reporting", headers=node.http.headers
        ) as http:
            page = await http.get("/broken", headers=PAGE)
            answer = await http.get("/broken", headers={"Accept-Language": "en"})
        assert page.status_code == 500
        assert "Coś poszło nie tak po stronie węzła; nic nie zapisano" in page.text
        assert "a bug" not in page.text
        assert answer.json()["message"].startswith("Something went wrong in the node")


async def test_docs_are_served_without_the_internet(start_node: Any) -> None:
    async with start_node() as node:
        docs = await node.http.get("/docs")
        assert docs.status_code == 200
        assert "/docs/assets/swagger-ui-bundle.js" in docs.text
        assert "cdn" not in docs.text.lower()
        script = await node.http.get("/docs/assets/swagger-ui-bundle.js")
        assert script.status_code == 200
        assert "SwaggerUIBundle" in script.text
        assert (await node.http.get("/docs/assets/../../etc/passwd")).status_code == 404
        assert (await node.anonymous.get("/docs/assets/swagger-ui.css")).status_code == 401
        assert (await node.http.get("/redoc")).status_code == 404
