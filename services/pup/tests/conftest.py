from __future__ import annotations

from collections.abc import Iterator

import pytest
from chain_helpers import PSEUDONYM_SECRET, PartnerKeys
from fastapi.testclient import TestClient

from pup_node.main import create_app, get_settings


@pytest.fixture
def pup(
    database_url: str, redis_url: str, monkeypatch: pytest.MonkeyPatch, partner_keys: PartnerKeys
) -> Iterator[TestClient]:
    """The PUP node's real app on a real database and a real broker."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("PARTNERSHIP_ID", "bartoszyce")
    monkeypatch.setenv("PARTNERSHIP_SECRET", PSEUDONYM_SECRET)
    monkeypatch.setenv("SIGNING_KEY_FILE", str(partner_keys.key_file("pup")))
    monkeypatch.setenv("PARTNERSHIP_STARTS_ON", "2013-01-15")
    get_settings.cache_clear()
    with TestClient(create_app(), base_url="http://pup") as client:
        yield client
    get_settings.cache_clear()
