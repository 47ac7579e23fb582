from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import running_node

from pup_node.extension import EXTENSION


@pytest.fixture
def node(sqlite_url: str, redis_url: str) -> Iterator[TestClient]:
    """The PUP node's real app on a real SQLite database and a real broker."""
    with running_node(EXTENSION, sqlite_url, redis_url, "pup") as client:
        yield client
