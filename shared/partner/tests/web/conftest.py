"""The OPS node's real app with its workspace, on real SQLite or PostgreSQL and a real broker,
signed in as a caseworker through the login page (a browser's session cookie)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme, running_node
from workspace_fixtures import Browser, signed_in_browser

from ops_node.extension import EXTENSION as OPS


@pytest.fixture
def ops(database_url: str, redis_url: str) -> Iterator[TestClient]:
    """The OPS node answering in Polish."""
    with running_node(OPS, database_url, redis_url, "ops", lang="pl") as node:
        yield node


@pytest.fixture
def programme(ops: TestClient) -> str:
    return http_programme(ops)


@pytest.fixture
def browser(ops: TestClient) -> Browser:
    """A caseworker signed in through the login page."""
    return signed_in_browser(ops)
