"""A partner node as operations see it: ready while it can accept writes, metrics, heartbeats,
bounded streams and one log line per request with a timestamp."""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from partner_fixtures import http_programme, running_node

from partnership_shared.events.control import RelayHeartbeat
from partnership_shared.kernel.logs import KeyValueFormatter
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    ensure_group_from_start,
    heartbeat_stream,
    partner_stream,
)
from pup_node.extension import EXTENSION

pytestmark = pytest.mark.redis


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nobody listens once the probe is closed


@pytest.fixture
def pup_node(tmp_path: Path) -> Callable[..., Any]:
    """`with pup_node(redis_url) as pup:` runs the PUP node, a caseworker signed in."""

    def start(redis_url: str, **overrides: Any) -> Any:
        database = f"sqlite+aiosqlite:///{tmp_path / 'pup.db'}"
        return running_node(
            EXTENSION, database, redis_url, "pup", heartbeat_interval_s=0.2, **overrides
        )

    return start


def register(client: TestClient, pesel: str = "68041210123") -> str:
    programme = http_programme(client)
    response = client.post(
        "/api/v1/clients", json={"pesel": pesel, "first_name": "Anna", "last_name": "Nowak"}
    )
    assert response.status_code == 201, response.text
    client_id: str = response.json()["id"]
    enrolled = client.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={"programme_id": programme, "enrolled_on": "2013-01-28", "consent_ref": "Z/1"},
    )
    assert enrolled.status_code == 201, enrolled.text
    return client_id


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_partner_is_ready_and_takes_writes_while_the_broker_is_down(
    pup_node: Callable[..., TestClient],
) -> None:
    with pup_node(f"redis://127.0.0.1:{closed_port()}/0") as pup:
        register(pup)
        for probe in ("/readyz", "/healthz"):
            answer = pup.get(probe)
            assert answer.status_code == 200, answer.text
            assert answer.json()["database"] == "ok"
            assert answer.json()["broker"].startswith("error")
        assert pup.get("/livez").status_code == 200
        assert pup.get("/api/v1/outbox").json()["pending"] == 2  # the programme, the enrolment


def test_metrics_count_requests_and_what_waits_in_the_outbox(
    pup_node: Callable[..., TestClient],
) -> None:
    with pup_node(f"redis://127.0.0.1:{closed_port()}/0") as pup:
        client_id = register(pup)
        pup.get(f"/api/v1/clients/{client_id}")

        def sampled() -> str | None:
            text = pup.get("/metrics").text
            return text if "partnership_outbox_pending 2.0" in text else None

        text = wait_for(sampled)
    assert 'route="/api/v1/clients/{client_id}"' in text, "routes by template, not by id"
    assert re.search(
        r'partnership_http_requests_total\{method="POST",route="/api/v1/clients",'
        r'status="201"\} 1\.0',
        text,
    )
    assert "partnership_events_written_total 2.0" in text
    assert "partnership_http_request_duration_seconds_bucket" in text


def test_the_relay_says_how_far_it_has_published(
    pup_node: Callable[..., TestClient], redis_url: str
) -> None:
    broker = redis.Redis.from_url(redis_url)
    with pup_node(redis_url) as pup:
        register(pup)

        def latest() -> RelayHeartbeat | None:
            entries = broker.xrevrange(heartbeat_stream("pup"), count=1)
            if not entries:
                return None
            beat = RelayHeartbeat.model_validate_json(entries[0][1][DATA_FIELD.encode()])
            return beat if beat.published_seq == 2 else None

        beat = wait_for(latest)
    assert (beat.source, beat.partnership_id, beat.kept_from_seq) == ("pup", "bartoszyce", 1)


async def test_a_stream_is_trimmed_below_what_every_group_has_acknowledged(
    redis_url: str,
) -> None:
    from redis.asyncio import Redis

    from partnership_shared.kernel.streams import trim_acknowledged

    client = Redis.from_url(redis_url)
    stream = partner_stream("pup")
    await ensure_group_from_start(client, stream, "reporting")
    await ensure_group_from_start(client, stream, "ops")
    for number in range(1000):
        await client.xadd(stream, {DATA_FIELD: f"event {number}"})
    # `reporting` read and acknowledged everything; `ops` read 600 and acknowledged 500.
    taken = await client.xreadgroup("reporting", "r", {stream: ">"}, count=1000)
    await client.xack(stream, "reporting", *[entry for entry, _ in taken[0][1]])
    taken = await client.xreadgroup("ops", "o", {stream: ">"}, count=600)
    await client.xack(stream, "ops", *[entry for entry, _ in taken[0][1][:500]])

    trimmed = await trim_acknowledged(client, stream, max_len=100_000)

    assert trimmed == 500
    assert await client.xlen(stream) == 500
    unread = await client.xreadgroup("ops", "o", {stream: "0"}, count=1000)
    assert len(unread[0][1]) == 100, "the entries pending in a group are kept"
    assert await trim_acknowledged(client, stream, max_len=1000) == 0
    for number in range(3000):
        await client.xadd(stream, {DATA_FIELD: f"more {number}"})
    await trim_acknowledged(client, stream, max_len=1000)
    assert await client.xlen(stream) < 1200, "a stream is bounded whatever its groups do"
    await client.aclose()


def test_log_lines_carry_a_utc_timestamp_and_requests_are_logged_with_their_user(
    pup_node: Callable[..., TestClient], redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="partnership.access")
    with pup_node(redis_url) as pup:
        register(pup)
    (line,) = [r for r in caplog.records if " POST /api/v1/clients " in r.getMessage()]
    formatted = KeyValueFormatter("pup").format(line)
    assert re.match(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=INFO logger=partnership\.access "
        r'node=pup msg="test-caseworker caseworker POST /api/v1/clients 201 \d+\.\dms ',
        formatted,
    ), formatted
