"""Where the dashboard's figures come from: the reporting node's own `/api/v1`, asked in process.

Asking the API (through an in-process ASGI transport, no socket) rather than its tables means the
dashboard, the report downloads and `/api/v1/summary` cannot disagree: they are the same answer.
Tests put any object with these five methods on `app.state.figures`.

The API is asked with the credentials of the person looking at the page, so the dashboard shows
nothing its viewer could not ask the API for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, cast
from urllib.parse import quote

import httpx
from fastapi import Request

from reporting_node.web.i18n import LANG_COOKIE, pick_lang


class FiguresError(Exception):
    """The API refused a question; `status` and the message say why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Figures(Protocol):
    async def summary(self, params: Mapping[str, str]) -> dict[str, Any]: ...

    async def trend(self, params: Mapping[str, str]) -> list[dict[str, Any]]: ...

    async def drilldown(self, figure: str, params: Mapping[str, str]) -> dict[str, Any]: ...

    async def journey(self, pseudonym: str) -> Any: ...

    async def programmes(self) -> list[dict[str, Any]]: ...


CREDENTIALS = ("authorization", "cookie")


class ApiFigures:
    def __init__(self, client: httpx.AsyncClient, credentials: Mapping[str, str]) -> None:
        self._client = client
        self._credentials = dict(credentials)

    async def _get(self, path: str, params: Mapping[str, str]) -> Any:
        response = await self._client.get(path, params=dict(params), headers=self._credentials)
        if response.status_code >= 400:
            raise FiguresError(response.status_code, _reason(response))
        return response.json()

    async def summary(self, params: Mapping[str, str]) -> dict[str, Any]:
        return cast(dict[str, Any], await self._get("/api/v1/summary", params))

    async def trend(self, params: Mapping[str, str]) -> list[dict[str, Any]]:
        answer = await self._get("/api/v1/trend", params)
        months = answer.get("months", []) if isinstance(answer, dict) else answer
        return cast(list[dict[str, Any]], months)

    async def drilldown(self, figure: str, params: Mapping[str, str]) -> dict[str, Any]:
        answer = await self._get("/api/v1/drilldown", {"figure": figure, **params})
        return cast(dict[str, Any], answer)

    async def journey(self, pseudonym: str) -> Any:
        return await self._get(f"/api/v1/clients/{quote(pseudonym)}/journey", {})

    async def programmes(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], await self._get("/api/v1/programmes", {}))


def _reason(response: httpx.Response) -> str:
    try:
        answer = response.json()
    except ValueError:
        return response.text
    if isinstance(answer.get("message"), str):
        return str(answer["message"])  # the API's own words, naming the field
    detail = answer.get("detail", response.text)
    if isinstance(detail, list):
        return "; ".join(str(item.get("msg", item)) for item in detail)
    return str(detail)


def figures_of(request: Request) -> Figures:
    """The figures this app answers with: a test's stand-in, else its own API, asked as the
    person making the request."""
    state = request.app.state
    if getattr(state, "figures", None) is not None:
        return cast(Figures, state.figures)
    if getattr(state, "api_client", None) is None:
        transport = httpx.ASGITransport(app=request.app)
        state.api_client = httpx.AsyncClient(transport=transport, base_url="http://localhost")
    credentials = {k: v for k in CREDENTIALS if (v := request.headers.get(k)) is not None}
    # The API answers a refusal in the language the page is read in.
    credentials["accept-language"] = pick_lang(
        request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)
    )
    return ApiFigures(state.api_client, credentials)
