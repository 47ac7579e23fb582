"""The OPS node's real app with its workspace, on real SQLite or PostgreSQL and a real broker,
signed in as a caseworker through the login page (a browser's session cookie)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme, running_node

from ops_node.extension import EXTENSION as OPS
from partnership_shared.access.gate import SESSION_COOKIE

PAGE = {"Accept": "text/html"}
PASSWORD = "Praca-socjalna-2013"


class Browser:
    """Pages as a browser gets them: a session cookie, forms with their hidden fields."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **params: str) -> str:
        answer = self.client.get(path, params=params, headers=PAGE)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:2000])
        return answer.text

    def post(self, path: str, form: str, data: dict[str, object], expect: int = 303) -> object:
        """Send `data` through the form at `path` (its hidden fields kept, as a browser does)."""
        hidden = dict(re.findall(r'type="hidden" name="(csrf|form_key)" value="([^"]*)"', form))
        answer = self.client.post(
            path, data={**hidden, **data}, headers=PAGE, follow_redirects=False
        )
        assert answer.status_code == expect, (path, answer.status_code, answer.text[:3000])
        return answer


@pytest.fixture
def ops(database_url: str, redis_url: str) -> Iterator[TestClient]:
    """The OPS node answering in Polish (no token: the browser signs in)."""
    with running_node(OPS, database_url, redis_url, "ops", lang="pl") as node:
        yield node


@pytest.fixture
def programme(ops: TestClient) -> str:
    return http_programme(ops)


@pytest.fixture
def browser(ops: TestClient) -> Browser:
    """A caseworker signed in through the login page."""
    access = ops.app.state.access  # type: ignore[attr-defined]
    assert ops.portal is not None
    ops.portal.call(
        lambda: access.add_account("anna", "caseworker", password=PASSWORD, one_time=False)
    )
    signed = ops.post(
        "/login",
        data={"username": "anna", "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    bearer = ops.headers.pop("Authorization")
    assert bearer.startswith("Bearer ")
    assert SESSION_COOKIE in ops.cookies
    return Browser(ops)
