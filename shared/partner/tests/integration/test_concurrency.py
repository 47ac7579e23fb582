"""Requests that collide: one effect between them, the others a 409 or the first answer replayed,
never a 500 (on SQLite, where writers queue, and on PostgreSQL, where they race)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest
from partner_fixtures import ANNA, PUP_LIKE, issue_token, node_settings

from partnership_partner.bootstrap import PartnerExtension
from partnership_partner.entrypoints.app import create_partner_app

pytestmark = pytest.mark.redis

AT_ONCE = 8


@pytest.fixture
async def node(database_url: str, redis_url: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = node_settings(database_url, redis_url, "pup")
    app = create_partner_app(PartnerExtension(profile=PUP_LIKE), lambda: settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        token = await issue_token(app.state.access, "caseworker")
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://pup",
            headers={"Authorization": f"Bearer {token}"},
        ) as client:
            yield client


async def test_the_same_pesel_registered_at_once_is_registered_once(
    node: httpx.AsyncClient,
) -> None:
    answers = await asyncio.gather(
        *(node.post("/api/v1/clients", json=ANNA) for _ in range(AT_ONCE))
    )
    assert Counter(answer.status_code for answer in answers) == {201: 1, 409: AT_ONCE - 1}
    assert {a.json()["detail"][0]["loc"][0] for a in answers if a.status_code == 409} == {"pesel"}
    assert (await node.get("/api/v1/clients")).json()["total"] == 1


async def test_one_idempotency_key_sent_many_times_at_once_has_one_effect(
    node: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "rejestracja-anny"}
    answers = await asyncio.gather(
        *(node.post("/api/v1/clients", json=ANNA, headers=headers) for _ in range(AT_ONCE))
    )
    assert {answer.status_code for answer in answers} == {201}
    first = next(a for a in answers if "Idempotent-Replayed" not in a.headers)
    replayed = [a for a in answers if a.headers.get("Idempotent-Replayed") == "true"]
    assert len(replayed) == AT_ONCE - 1
    assert all(a.json() == first.json() for a in replayed)
    assert (await node.get("/api/v1/clients")).json()["total"] == 1
