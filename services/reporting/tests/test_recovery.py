"""What used to stop or blind the reporting node, against a real Valkey and real databases:
a lost tail, a gap the partner can no longer fill, a broker restarted empty, a refused XACK,
entries left pending by a crash, oversized dead letters, a subscriber down."""

from __future__ import annotations

import asyncio
import hashlib
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from redis.asyncio import Redis

from partnership_shared.events import encode_event
from partnership_shared.events.control import DeadLettered, RelayHeartbeat, ReplayRequested
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    DEAD_LETTER_STREAM,
    ensure_group_from_start,
    heartbeat_stream,
    partner_stream,
    replay_request_stream,
)
from reporting_node.store.schema import dead_letter

pytestmark = pytest.mark.redis

A = f"{1:064x}"
DATA_KEY = DATA_FIELD.encode()


async def beat(redis: Redis, published: int, kept_from: int | None = None) -> None:
    heartbeat = RelayHeartbeat(
        partnership_id="bartoszyce",
        source="pup",
        published_seq=published,
        kept_from_seq=kept_from,
        at=datetime.now(UTC),
    )
    await redis.xadd(heartbeat_stream("pup"), {DATA_FIELD: heartbeat.model_dump_json()})


async def requests_for(redis: Redis) -> list[tuple[int, int]]:
    found = []
    for _, fields in await redis.xrange(replay_request_stream("pup")):
        request = ReplayRequested.model_validate_json(fields[DATA_KEY])
        found.append((request.from_seq, request.to_seq))
    return found


async def pup_status(node: Any) -> dict[str, Any]:
    status = await node.get("/api/v1/ingest/status")
    return next(s for s in status["sources"] if s["source"] == "pup")  # type: ignore[no-any-return]


async def test_a_lost_tail_is_asked_for_once_the_heartbeat_announces_it(
    start_node: Any, events: Any
) -> None:
    async with start_node(supervise_interval_s=0.1) as node:
        await node.publish(events.service(A, "pup", "1.0"), events.service(A, "pup", "1.0"))
        await node.wait_for_events(2)
        # Seqs 3 and 4 were published, and the broker lost them: nothing came after them.
        await beat(node.redis, published=4)

        async def asked() -> bool:
            return (3, 4) in await requests_for(node.redis)

        await node.wait_until(asked)
        pup = await pup_status(node)
        assert pup["missing"] == [{"from_seq": 3, "to_seq": 4}]
        assert pup["announced_seq"] == 4
        health = (await node.http.get("/healthz")).json()
        assert health["gaps"] == [{"source": "pup", "after_seq": 2, "up_to_seq": 4}]

        await node.publish(events.service(A, "pup", "1.0"), events.service(A, "pup", "1.0"))
        await node.wait_for_events(4)
        pup = await pup_status(node)
        assert (pup["last_contiguous_seq"], pup["missing"]) == (4, [])


async def test_a_heartbeat_says_nothing_missing_while_entries_wait_to_be_read(
    start_node: Any, events: Any
) -> None:
    async with start_node(supervise_interval_s=0.1) as node:
        await node.publish(events.service(A, "pup", "1.0"))
        await node.wait_for_events(1)
        reader = node.app.state.node.ingest.readers[partner_stream("pup")]
        await reader.stop()  # a backlog builds up: published, not yet read
        node.app.state.node.ingest.supervisor._interval = 3600
        await node.publish(*(events.service(A, "pup", "1.0") for _ in range(3)))
        await beat(node.redis, published=4)
        await node.app.state.node.ingest.supervisor.watch_sources()
        assert (await pup_status(node))["missing"] == []
        assert await requests_for(node.redis) == []


async def test_a_gap_older_than_the_partner_keeps_is_reported_once_and_not_asked_for(
    start_node: Any, events: Any
) -> None:
    async with start_node(supervise_interval_s=0.1, replay_request_interval_s=0.2) as node:
        events.seqs["pup"] = 0
        first, second = events.service(A, "pup", "1.0"), events.service(A, "pup", "1.0")
        events.seqs["pup"] = 4
        fifth = events.service(A, "pup", "1.0")
        await node.publish(first, second, fifth)
        await node.wait_for_events(3)
        # The partner keeps its events from seq 4 on: seq 3 is gone for good, 4 can come.
        await beat(node.redis, published=5, kept_from=4)

        async def settled() -> bool:
            return bool((await pup_status(node))["lost"])

        await node.wait_until(settled)
        asked_before = len(await requests_for(node.redis))
        await asyncio.sleep(1.0)
        pup = await pup_status(node)
        assert pup["lost"] == [{"from_seq": 3, "to_seq": 3}]
        assert pup["missing"] == [{"from_seq": 4, "to_seq": 4}]
        asked_since = (await requests_for(node.redis))[asked_before:]
        assert (4, 4) in asked_since, "what can still come is asked for again"
        assert not any(a <= 3 <= b for a, b in asked_since), "what cannot come is not"
        health = await node.http.get("/healthz")
        assert health.status_code == 200
        assert health.json()["lost"] == [{"source": "pup", "from_seq": 3, "to_seq": 3}]
        metrics = (await node.http.get("/metrics")).text
        assert "partnership_seqs_lost_total 1.0" in metrics
        assert "partnership_gaps_open 1.0" in metrics
        dashboard = (await node.http.get("/")).text
        assert 'data-state="lost"' in dashboard
        assert "Zdarzenia utracone na stałe: 1 (pup: 3)" in dashboard


async def test_a_broker_restarted_empty_does_not_stop_ingest(start_node: Any, events: Any) -> None:
    async with start_node(supervise_interval_s=0.2) as node:
        await node.publish(events.service(A, "pup", "1.0"))
        await node.wait_for_events(1)
        await node.redis.flushall()  # streams and groups gone, as after a restart without AOF
        await asyncio.sleep(0.5)
        await node.publish(events.service(A, "pup", "2.0"), events.service(A, "ops", "3.0"))
        summary = await node.wait_for_events(3, within=20)
        assert summary["hours"]["total"] == "6.0"

        async def ready() -> bool:
            return bool((await node.http.get("/readyz")).status_code == 200)

        await node.wait_until(ready)


async def test_a_refused_acknowledgement_is_retried_and_the_dead_letter_still_announced(
    start_node: Any, events: Any, sign: Any, redis_url: str
) -> None:
    admin = Redis.from_url(redis_url)
    # The reporting node's broker user may do everything but XACK, for now.
    await admin.execute_command("ACL", "SETUSER", "reporting", "on", ">pw", "~*", "&*", "+@all")
    await admin.execute_command("ACL", "SETUSER", "reporting", "-xack")
    host_port = redis_url.removeprefix("redis://")
    try:
        async with start_node(redis_url=f"redis://reporting:pw@{host_port}") as node:
            await admin.xadd(partner_stream("pup"), {"not": "an event"})
            for body in sign(events.enrol(A)):  # the event and its partner's checkpoint
                await admin.xadd(partner_stream("pup"), {DATA_FIELD: body})

            async def announced() -> bool:
                return bool(await admin.xlen(DEAD_LETTER_STREAM))

            await node.wait_until(announced, within=5)

            async def both_committed_and_pending() -> bool:
                pending = await admin.xpending(partner_stream("pup"), "reporting")
                summary = await node.get("/api/v1/summary")
                return bool(pending["pending"] == 3 and summary["clients"]["total"] == 1)

            await node.wait_until(both_committed_and_pending, within=5)
            await admin.execute_command("ACL", "SETUSER", "reporting", "+xack")

            async def acknowledged() -> bool:
                pending = await admin.xpending(partner_stream("pup"), "reporting")
                return bool(pending["pending"] == 0)

            await node.wait_until(acknowledged, within=10)
            assert (await node.get("/api/v1/summary"))["clients"]["total"] == 1
            assert "partnership_ack_failures_total" in (await node.http.get("/metrics")).text
    finally:
        await admin.execute_command("ACL", "DELUSER", "reporting")
        await admin.aclose()


async def test_entries_pending_after_a_crash_come_back_within_a_second_a_batch_at_a_time(
    start_node: Any, events: Any, sign: Any, redis_url: str
) -> None:
    redis = Redis.from_url(redis_url)
    stream = partner_stream("pup")
    await ensure_group_from_start(redis, stream, "reporting")
    pipe = redis.pipeline(transaction=False)
    for number in range(1, 2001):
        body, checkpoint = sign(events.service(A, "pup", "0.5"))
        pipe.xadd(stream, {DATA_FIELD: body})
        if number % 1000 == 0:  # the relay signs the head of what it published
            pipe.xadd(stream, {DATA_FIELD: checkpoint})
    await pipe.execute()
    # This node (same consumer name) took 1000 and died; another consumer took 1000 and died.
    await redis.xreadgroup("reporting", "reporting-test", {stream: ">"}, count=1000)
    await redis.xreadgroup("reporting", "reporting-elsewhere", {stream: ">"}, count=1000)
    started = time.monotonic()
    async with start_node(claim_idle_ms=500) as node:
        await node.wait_for_events(1000, within=5)
        own_recovered = time.monotonic() - started
        await node.wait_for_events(2000, within=15)
        assert (await redis.xpending(stream, "reporting"))["pending"] == 0
        summary = await node.get("/api/v1/summary")
    assert summary["hours"]["total"] == "1000.0"
    assert own_recovered < 5, "its own pending entries, without waiting for an idle time"
    await redis.aclose()


async def test_a_megabyte_entry_is_refused_with_its_digest_and_no_copy_of_it(
    start_node: Any, events: Any
) -> None:
    async with start_node() as node:
        huge = b'{"type": "ServiceDelivered", "junk": "' + b"x" * 1_000_000 + b'"}'
        await node.redis.xadd(partner_stream("pup"), {DATA_FIELD: huge})
        await node.publish(events.enrol(A))
        await node.wait_for_events(1)

        async def announced() -> bool:
            return bool(await node.redis.xlen(DEAD_LETTER_STREAM))

        await node.wait_until(announced)
        [(_, fields)] = await node.redis.xrange(DEAD_LETTER_STREAM)
        assert set(fields) == {DATA_KEY}
        notice = DeadLettered.model_validate_json(fields[DATA_KEY])
        assert notice.size == len(huge)
        assert len(fields[DATA_KEY]) < 3000
        [letter] = await node.get_as("auditor", "/api/v1/dead-letters")
        assert (letter["size"], letter["sha256"]) == (len(huge), notice.digest)
        assert "body" not in letter


async def test_a_dead_letter_is_re_driven_once_it_can_be_accepted(
    start_node: Any, events: Any, sign: Any
) -> None:
    async with start_node() as node:
        service = events.service(A, "pup", "2.5")
        foreign = encode_event(service).replace(b'"bartoszyce"', b'"elsewhere"')
        await node.redis.xadd(partner_stream("pup"), {DATA_FIELD: foreign})
        await node.publish(events.enrol(A))
        await node.wait_for_events(1)
        [letter] = await node.get_as("auditor", "/api/v1/dead-letters")
        assert "elsewhere" in letter["reason"]
        # Nothing changed: re-driving it refuses it again, and says so.
        answer = await node.http.post("/api/v1/dead-letters/redrive", json={})
        assert answer.json() == {"redriven": 0, "still_refused": 1, "without_body": 0}
        assert (await node.get("/api/v1/summary"))["hours"]["total"] == "0.0"
        # An entry an older release refused (say, an event version it did not know yet); its
        # partner's checkpoint vouches for it.
        refused = events.service(A, "pup", "2.5")
        body, checkpoint = sign(refused)
        await node.redis.xadd(partner_stream("pup"), {DATA_FIELD: checkpoint})
        async with node.app.state.node.sessions.begin() as session:
            await session.execute(
                dead_letter.insert().values(
                    stream="stream:pup",
                    entry_id="1-1",
                    reason="unknown event type and version 'ServiceDelivered.v1'",
                    body=body,
                    digest=hashlib.sha256(body).hexdigest(),
                    size=len(body),
                    received_at=datetime.now(UTC),
                )
            )
        answer = await node.http.post("/api/v1/dead-letters/redrive", json={})
        assert answer.json() == {"redriven": 1, "still_refused": 1, "without_body": 0}

        async def counted() -> bool:
            return bool((await node.get("/api/v1/summary"))["hours"]["total"] == "2.5")

        await node.wait_until(counted)
        again = await node.http.post("/api/v1/dead-letters/redrive", json={})
        assert again.json()["redriven"] == 0, "a letter is re-driven once"
        letters = await node.get_as("auditor", "/api/v1/dead-letters")
        assert sum(1 for letter in letters if letter["redriven_at"]) == 1


async def test_a_subscriber_down_makes_the_node_not_ready_until_it_runs_again(
    start_node: Any,
) -> None:
    async with start_node(supervise_interval_s=60) as node:
        supervisor = node.app.state.node.ingest.supervisor
        await node.wait_until(lambda: _ticked(supervisor))
        await node.app.state.node.ingest.readers[partner_stream("ops")].stop()
        answer = await node.http.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["subscribers"] == "down: stream:ops"
        await supervisor.tick()  # its next round, without waiting for it
        assert (await node.http.get("/readyz")).status_code == 200
        assert (await node.http.get("/livez")).status_code == 200


async def test_a_backlog_that_keeps_growing_makes_the_node_not_ready(start_node: Any) -> None:
    async with start_node(supervise_interval_s=60, batch_size=100) as node:
        supervisor = node.app.state.node.ingest.supervisor
        await node.wait_until(lambda: _ticked(supervisor))
        assert (await node.http.get("/readyz")).status_code == 200
        now = time.monotonic()
        supervisor._lag_history.clear()  # as if sampled once a second for 15 s, rising
        supervisor._lag_history.extend((now - 15 + second, 50 * second) for second in range(16))
        answer = await node.http.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["lag"].startswith("growing")
        supervisor._lag_history.clear()
        supervisor._lag_history.extend((now - 15 + second, 750) for second in range(16))
        assert (await node.http.get("/readyz")).status_code == 200, "behind, but keeping up"


async def _ticked(supervisor: Any) -> bool:
    return bool(supervisor.ticks >= 1)
