"""The running node: partner streams on a real Valkey server → committed figures over HTTP.

Delivery guarantees are tested against the real thing: history in the stream before the node
starts, duplicates, dead letters, gaps healed by replay requests, entries left pending by a crash.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Any

import pytest

from partnership_shared.events import encode_event
from partnership_shared.events.control import DeadLettered, ReplayRequested
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    DEAD_LETTER_STREAM,
    ensure_group_from_start,
    partner_stream,
    replay_request_stream,
)

pytestmark = pytest.mark.redis


def person(number: int) -> str:
    return f"{number:064x}"


A, B = person(1), person(2)


async def test_events_published_on_partner_streams_reach_the_summary(
    start_node: Any, events: Any
) -> None:
    async with start_node() as node:
        await node.publish(
            events.enrol(A, "pup"),
            events.enrol(B, "ops", gender="male"),
            events.service(A, "pup", "114.5"),
            events.service(B, "ops", "222.5", role="social_worker"),
            events.service(None, "ngo", "446.5", role="psychologist", attendees=[A, B]),
            events.benefit(B, "51986.28"),
        )
        summary = await node.wait_for_events(6)
        assert summary["partnership_id"] == "bartoszyce"
        assert summary["period"] == {"from": None, "to": None}
        assert summary["filters"] == {"partner": None, "programme": None}
        assert summary["clients"]["total"] == 2
        assert summary["hours"]["total"] == "783.5"
        assert summary["hours"]["by_partner_kind"] == {
            "pup": "114.5",
            "ops": "222.5",
            "ngo": "446.5",
        }
        assert summary["benefits"]["total"] == "51986.28"
        status = await node.get("/api/v1/ingest/status")
        by_source = {source["source"]: source for source in status["sources"]}
        assert by_source["pup"]["last_contiguous_seq"] == 2
        assert by_source["ngo"]["events"] == 1
        assert all(stream["pending"] == 0 for stream in status["streams"])


async def test_events_published_before_the_node_ever_started_are_consumed(
    start_node: Any, events: Any, redis_url: str, sign: Any
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    for item in (events.enrol(A, "pup"), events.service(A, "pup", "2.0")):
        for body in sign(item):
            await redis.xadd(partner_stream("pup"), {DATA_FIELD: body})
    await redis.aclose()
    async with start_node() as node:
        summary = await node.wait_for_events(2)
        assert (summary["clients"]["total"], summary["hours"]["total"]) == (1, "2.0")


async def test_history_already_in_the_streams_is_consumed(
    start_node: Any, events: Any, redis_url: str
) -> None:
    async with start_node() as node:
        await node.publish(events.enrol(A, "pup"))
        await node.wait_for_events(1)
    # Events published while the node is down, and before it ever existed for this group.
    async with start_node(consumer_group="reporting-new") as node:
        await node.publish(events.service(A, "pup", "3.0"))
        summary = await node.wait_for_events(2)
        assert summary["hours"]["total"] == "3.0"
        assert summary["clients"]["total"] == 1


async def test_the_same_event_twice_changes_nothing(start_node: Any, events: Any) -> None:
    service = events.service(A, "pup", "2.5")
    async with start_node() as node:
        await node.publish(events.enrol(A, "pup"), service)
        before = await node.wait_for_events(2)
        await node.publish(service, service)
        marker = events.service(A, "pup", "1.0")
        await node.publish(marker)
        await node.wait_for_events(3)
        after = await node.get("/api/v1/summary")
        assert after["hours"]["total"] == "3.5"
        assert after["events"] == before["events"] + 1


async def test_an_invalid_entry_goes_to_dead_letters_and_later_ones_are_projected(
    start_node: Any, events: Any
) -> None:
    async with start_node() as node:
        broken = encode_event(events.service(A, "pup", "1")).replace(b'"1"', b'"-1"')
        await node.redis.xadd(partner_stream("pup"), {DATA_FIELD: broken})
        await node.redis.xadd(partner_stream("pup"), {"something": "else"})
        await node.publish(events.service(A, "pup", "4.0", seq=3))
        summary = await node.wait_for_events(1)
        assert summary["hours"]["total"] == "4.0"
        auditor = await node.signed_in("auditor")
        answer = await node.http.get("/api/v1/dead-letters", headers=auditor)
        assert answer.status_code == 200, answer.text
        letters = answer.json()
        reasons = sorted(letter["reason"] for letter in letters)
        assert reasons[0] == "entry has no __data__ field"
        assert "payload.hours" in reasons[1]
        # No body that could hold personal data: its digest and size identify it.
        assert "body" not in letters[-1]
        assert letters[-1]["sha256"] == hashlib.sha256(broken).hexdigest()
        assert letters[-1]["size"] == len(broken)
        published = await node.redis.xrange(DEAD_LETTER_STREAM)
        assert len(published) == 2
        notices = [DeadLettered.model_validate_json(f[DATA_FIELD.encode()]) for _, f in published]
        assert {notice.reason for notice in notices} == set(reasons)
        assert {notice.size for notice in notices} == {0, len(broken)}, "sizes, not bodies"
        assert hashlib.sha256(broken).hexdigest() in {notice.digest for notice in notices}
        status = await node.get("/api/v1/ingest/status")
        assert status["dead_letters"] == 2
        assert all(stream["pending"] == 0 for stream in status["streams"])


async def test_a_gap_asks_the_partner_for_a_replay_and_closes_when_it_comes(
    start_node: Any, events: Any
) -> None:
    first = events.service(A, "pup", "1.0")
    lost = [events.service(A, "pup", "1.0"), events.service(A, "pup", "1.0")]
    last = events.service(A, "pup", "1.0")
    async with start_node() as node:
        await node.publish(first, last)
        await node.wait_for_events(2)

        async def requested() -> bool:
            return bool(await node.redis.xlen(replay_request_stream("pup")))

        await node.wait_until(requested)
        [(_, fields)] = (await node.redis.xrange(replay_request_stream("pup")))[:1]
        request = ReplayRequested.model_validate_json(fields[DATA_FIELD.encode()])
        assert (request.source, request.from_seq, request.to_seq) == ("pup", 2, 3)
        assert (request.requested_by, request.partnership_id) == ("reporting", "bartoszyce")
        status = await node.get("/api/v1/ingest/status")
        pup = next(s for s in status["sources"] if s["source"] == "pup")
        assert (pup["last_contiguous_seq"], pup["highest_seq"]) == (1, 4)
        assert pup["missing"] == [{"from_seq": 2, "to_seq": 3}]
        assert pup["gaps_detected"] == 1
        # The events arriving out of order are already in the figures.
        assert (await node.get("/api/v1/summary"))["hours"]["total"] == "2.0"

        await node.publish(*lost)
        await node.wait_for_events(4)
        status = await node.get("/api/v1/ingest/status")
        pup = next(s for s in status["sources"] if s["source"] == "pup")
        assert (pup["last_contiguous_seq"], pup["missing"]) == (4, [])
        assert (await node.get("/api/v1/summary"))["hours"]["total"] == "4.0"
        # Asked again while open, at a measured pace; no longer once closed.
        await asyncio.sleep(0.8)
        count = await node.redis.xlen(replay_request_stream("pup"))
        await asyncio.sleep(0.8)
        assert await node.redis.xlen(replay_request_stream("pup")) == count


async def test_entries_left_pending_by_a_crash_are_claimed_and_counted_once(
    start_node: Any, events: Any, redis_url: str, sign: Any
) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(redis_url)
    stream = partner_stream("pup")
    await ensure_group_from_start(redis, stream, "reporting")
    service = events.service(A, "pup", "7.5")
    for body in sign(service):
        await redis.xadd(stream, {DATA_FIELD: body})
    # A consumer took the entries (the event and its checkpoint) and died before committing.
    taken = await redis.xreadgroup("reporting", "crashed-node", {stream: ">"}, count=10)
    assert len(taken[0][1]) == 2
    assert (await redis.xpending(stream, "reporting"))["pending"] == 2
    async with start_node(claim_idle_ms=200) as node:
        summary = await node.wait_for_events(1)
        assert summary["hours"]["total"] == "7.5"
        await node.wait_until(
            lambda: _no_pending(redis, stream)  # acknowledged after the commit
        )
        # Delivered again later (e.g. a second claim) it is a duplicate and changes nothing.
        await redis.xadd(stream, {DATA_FIELD: encode_event(service)})
        await node.publish(events.service(A, "pup", "0.5"))
        await node.wait_for_events(2)
        assert (await node.get("/api/v1/summary"))["hours"]["total"] == "8.0"
    await redis.aclose()


async def _no_pending(redis: Any, stream: str) -> bool:
    return bool((await redis.xpending(stream, "reporting"))["pending"] == 0)


async def test_committed_batches_wake_the_dashboards_listener(start_node: Any, events: Any) -> None:
    async with start_node() as node:
        changes = node.app.state.changes
        version = changes.version
        waiter = asyncio.create_task(changes.wait_for_change(version, 10))
        await node.publish(events.service(A, "pup", "1.0"))
        assert await waiter > version
        assert await changes.wait_for_change(changes.version, 0.05) == changes.version


async def test_health_docs_and_clear_refusals(start_node: Any, events: Any) -> None:
    async with start_node() as node:
        health = await node.http.get("/healthz")
        assert health.status_code == 200
        assert health.json() | {"gaps": [], "lost": []} == health.json()
        assert {key: health.json()[key] for key in ("status", "node", "database", "broker")} == {
            "status": "ok",
            "node": "reporting",
            "database": "ok",
            "broker": "ok",
        }
        assert (await node.http.get("/docs")).status_code == 200
        paths = (await node.http.get("/openapi.json")).json()["paths"]
        assert {"/api/v1/summary", "/api/v1/trend", "/api/v1/drilldown"} <= set(paths)
        backwards = await node.http.get(
            "/api/v1/summary",
            params={"from": "2013-06-30", "to": "2013-01-01"},
            headers={"Accept-Language": "en"},
        )
        assert backwards.status_code == 422
        assert "'from' (2013-06-30) is after 'to' (2013-01-01)" in backwards.json()["message"]
        not_a_date = await node.http.get("/api/v1/summary", params={"from": "June"})
        assert not_a_date.status_code == 422
        assert not_a_date.json()["detail"][0]["loc"] == ["from"]
        assert not_a_date.json()["message"] == "from: to nie jest data (RRRR-MM-DD)"
        assert (
            await node.http.get("/api/v1/summary", params={"partner": "zus"})
        ).status_code == 422
        by_name = await node.http.get("/api/v1/summary", params={"programme": "Bartoszyce 2013"})
        assert by_name.status_code == 422
        assert by_name.json()["detail"][0]["loc"] == ["programme"]
        unknown = await node.http.get("/api/v1/drilldown", params={"figure": "clients.all"})
        assert unknown.status_code == 422
        assert unknown.json()["message"].startswith("figure: nie ma liczby „clients.all”")
        english = {"Accept-Language": "en"}
        unknown = await node.http.get(
            "/api/v1/drilldown", params={"figure": "clients.all"}, headers=english
        )
        assert "unknown figure 'clients.all'" in unknown.json()["message"]
        assert (await node.http.get(f"/api/v1/clients/{A}/journey")).status_code == 404


async def test_a_clients_journey_and_the_drilldown(start_node: Any, events: Any) -> None:
    async with start_node() as node:
        job = events.job(A, "mandate", on=date(2013, 5, 6))
        await node.publish(
            events.enrol(A, "pup", date(2013, 1, 7)),
            events.service(
                None, "ngo", "2.0", on=date(2013, 2, 1), role="psychologist", attendees=[A, B]
            ),
            job,
            events.job_ended(job, date(2013, 6, 1)),
        )
        await node.wait_for_events(4)
        journey = await node.get(f"/api/v1/clients/{A}/journey")
        assert [step["type"] for step in journey["events"]] == [
            "ClientEnrolled",
            "ServiceDelivered",
            "EmploymentStarted",
            "EmploymentEnded",
        ]
        assert journey["events"][1]["summary"] == "psychologist: 2.0 h, group of 2"
        assert journey["events"][1]["details"] == {
            "role": "psychologist",
            "mode": "group",
            "hours": "2.0",
            "participants": 2,
        }
        assert B not in str(journey)  # nobody else's pseudonym
        drill = await node.get("/api/v1/drilldown", figure="employment.persons", to="2013-12-31")
        assert (drill["figure"], drill["total"], drill["pseudonyms"]) == (
            "employment.persons",
            1,
            [A],
        )
        still = await node.get("/api/v1/drilldown", figure="employment.still_employed_persons")
        assert still["pseudonyms"] == []
        trend = await node.get("/api/v1/trend", **{"from": "2013-01-01", "to": "2013-03-31"})
        assert [row["month"] for row in trend] == ["2013-01", "2013-02", "2013-03"]
        assert trend[1]["hours"] == "2.0"


async def test_programmes_are_listed_and_named_by_their_definition(
    start_node: Any, events: Any
) -> None:
    async with start_node() as node:
        await node.publish(events.enrol(A, programme="KIS"), events.enrol(B, programme="PAL"))
        await node.wait_for_events(2)
        listed = await node.get("/api/v1/programmes")
        assert [p["name"] for p in listed] == [None, None]
        await node.publish(events.programme("KIS", "KIS/2013", funding=("10.00", "8.50", "1.50")))
        await node.wait_for_events(3)
        listed = await node.get("/api/v1/programmes")
        assert (listed[0]["code"], listed[0]["funding"]["own_contribution"]) == ("KIS/2013", "1.50")
        kis = listed[0]["id"]
        summary = await node.get("/api/v1/summary", programme=kis)
        assert summary["filters"]["programme"] == kis
        assert [(p["name"], p["clients"]) for p in summary["programmes"]] == [("KIS", 1)]
        assert summary["clients"]["total"] == 1
