"""The partner core through its HTTP API, on real SQLite and PostgreSQL and a real broker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import PUP_LIKE, running_node

from partnership_partner.bootstrap import PartnerExtension


@pytest.fixture
def pup(database_url: str, redis_url: str) -> Iterator[TestClient]:
    """A PUP-like partner node (the common core alone) answering in English."""
    with running_node(PartnerExtension(profile=PUP_LIKE), database_url, redis_url, "pup") as node:
        yield node
