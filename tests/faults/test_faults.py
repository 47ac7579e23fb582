"""Faults injected into a running partnership of real processes; nothing may be lost or counted
twice. Each test prints: written, accepted, projected, lost, duplicated.

Quick variants run in `make test`; `make faults` runs them all at full scale (see conftest).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import threading
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest
from faults.harness import PARTNERS, PARTNERSHIP, Load, Partnership, Scale, settle, wait_for
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream

pytestmark = [pytest.mark.e2e, pytest.mark.redis]


def assert_whole(tally: object, load: Load) -> None:
    assert tally.lost == 0  # type: ignore[attr-defined]
    assert tally.duplicated == 0  # type: ignore[attr-defined]
    assert tally.services == load.accepted  # type: ignore[attr-defined]


def started(partnership: Partnership) -> Load:
    load = Load(partnership)
    load.enrol()
    return load


# --- the broker -----------------------------------------------------------------------------


def test_broker_killed_during_writes_and_restarted(partnership: Partnership, scale: Scale) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None

    def fault(number: int) -> None:
        if number == scale.writes // 2:
            broker.kill()  # SIGKILL: whatever the append-only file had not synced is gone
            time.sleep(1.5)
            broker.start()

    asyncio.run(load.services(scale.writes, during=fault))
    assert_whole(settle(partnership, load, "broker SIGKILL during writes"), load)


def test_broker_restarted_empty_while_everything_runs(
    partnership: Partnership, scale: Scale
) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None

    def fault(number: int) -> None:
        if number == scale.writes // 2:
            broker.restart_empty()

    asyncio.run(load.services(scale.writes, during=fault))
    tally = settle(partnership, load, "broker restarted empty")
    assert_whole(tally, load)
    ready = httpx.get(f"{partnership.url('reporting')}/readyz", timeout=5)
    assert ready.status_code == 200, ready.text


def test_broker_losing_acknowledged_writes_in_the_middle_and_at_the_tail(
    partnership: Partnership, scale: Scale
) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None
    reporting = partnership.processes["reporting"]
    reporting.send_signal(signal.SIGSTOP)  # nothing consumed while the broker loses entries
    try:
        asyncio.run(load.services(scale.writes))
        client = broker.client()
        wait_for(
            "the relays to publish everything",
            lambda: all(
                httpx.get(
                    f"{partnership.url(p)}/api/v1/outbox", headers=partnership.headers(p)
                ).json()["pending"]
                == 0
                for p in PARTNERS
            ),
            60,
        )
        dropped = 0
        for partner in PARTNERS:
            ids = [entry_id for entry_id, _ in client.xrange(partner_stream(partner))]
            middle = random.Random(partner).sample(ids[5:-20], k=min(10, len(ids) // 10))
            tail = ids[-7:]  # nothing written after these: only a heartbeat can reveal them
            dropped += client.xdel(partner_stream(partner), *middle, *tail)
    finally:
        reporting.send_signal(signal.SIGCONT)
    assert dropped > 0
    tally = settle(partnership, load, f"broker lost {dropped} acknowledged entries")
    assert_whole(tally, load)


def test_every_event_delivered_two_or_three_times(partnership: Partnership, scale: Scale) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None
    stop = threading.Event()
    copied = [0]

    def duplicate() -> None:
        client = broker.client()
        seen = dict.fromkeys(PARTNERS, "-")
        shuffle = random.Random(7)
        while not stop.is_set():
            for partner in PARTNERS:
                entries = client.xrange(partner_stream(partner), min=_after(seen[partner]))
                if not entries:
                    continue
                seen[partner] = entries[-1][0].decode()
                pipe = client.pipeline(transaction=False)
                for _, fields in entries:
                    if DATA_FIELD.encode() in fields and fields.get(b"copy") is None:
                        for _ in range(shuffle.choice((1, 2))):
                            pipe.xadd(partner_stream(partner), {**fields, b"copy": b"1"})
                            copied[0] += 1
                pipe.execute()
            time.sleep(0.2)

    worker = threading.Thread(target=duplicate, daemon=True)
    worker.start()
    try:
        asyncio.run(load.services(scale.writes))
        time.sleep(1)
    finally:
        stop.set()
        worker.join()
    tally = settle(partnership, load, f"every event 2-3 times ({copied[0]} copies)")
    assert_whole(tally, load)
    assert copied[0] >= scale.writes


def test_invalid_entries_mixed_in(partnership: Partnership, scale: Scale) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None
    client = broker.client()
    foreign = encode_event(_benefit("ops", 1)).decode()
    garbage = [
        {"not": "an event"},
        {DATA_FIELD: "{not json"},
        {DATA_FIELD: json.dumps({"type": "ServiceDelivered", "version": 1})},
        {DATA_FIELD: foreign.replace(f'"{PARTNERSHIP}"', '"another-partnership"')},
        {DATA_FIELD: foreign},  # an OPS event on the PUP stream
        {DATA_FIELD: "x" * 200_000},
    ]
    injected = [0]

    def fault(number: int) -> None:
        if number % max(1, scale.writes // 30) == 0:
            client.xadd(partner_stream("pup"), garbage[injected[0] % len(garbage)])
            injected[0] += 1

    asyncio.run(load.services(scale.writes, during=fault))
    tally = settle(partnership, load, f"{injected[0]} invalid entries mixed in")
    assert_whole(tally, load)
    status = httpx.get(
        f"{partnership.url('reporting')}/api/v1/ingest/status",
        headers=partnership.headers("reporting"),
    ).json()
    assert status["dead_letters"] == injected[0]


# --- the nodes ------------------------------------------------------------------------------


@pytest.mark.faults
def test_reporting_node_killed_three_times_during_twenty_thousand_events(
    partnership: Partnership, scale: Scale
) -> None:
    load = started(partnership)
    kills = {scale.events * k // 4 for k in (1, 2, 3)}

    def fault(number: int) -> None:
        if number in kills:
            partnership.kill("reporting")
            partnership.restart("reporting")

    asyncio.run(load.services(scale.events, concurrency=16, during=fault))
    tally = settle(partnership, load, "reporting SIGKILL ×3", timeout=300)
    assert_whole(tally, load)


def test_partner_killed_between_commit_and_publish(partnership: Partnership, scale: Scale) -> None:
    load = started(partnership)
    broker = partnership.broker
    assert broker is not None
    waiting: list[int] = []

    def fault(number: int) -> None:
        if number == scale.writes // 2:
            pid = broker.server._process.pid
            os.kill(pid, signal.SIGSTOP)  # the relay cannot publish: commits pile up
            time.sleep(1.5)
            outbox = httpx.get(
                f"{partnership.url('pup')}/api/v1/outbox",
                timeout=5,
                headers=partnership.headers("pup"),
            ).json()
            waiting.append(outbox["pending"])
            partnership.kill("pup")  # committed, never published
            os.kill(pid, signal.SIGCONT)
            partnership.restart("pup")

    asyncio.run(load.services(scale.writes, during=fault))
    tally = settle(partnership, load, f"pup SIGKILL with {waiting} events unpublished")
    assert_whole(tally, load)
    assert waiting[0] > 0, "the partner died with committed events not yet published"


def test_a_commit_delayed_while_later_ones_wait_skips_no_seq(
    partnership: Partnership, scale: Scale
) -> None:
    load = started(partnership)
    url = partnership.partner_databases["pup"]

    async def slow_writer() -> None:
        """A writer that takes its seq, then stalls 2 s before committing, as a slow disk or a
        long transaction would; the node's writers meanwhile must not commit past it."""
        await asyncio.sleep(0.5)
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                if connection.dialect.name == "sqlite":
                    await connection.exec_driver_sql("SELECT 1")  # the write lock comes next
                seq = (
                    await connection.execute(
                        text(
                            "UPDATE source_sequence SET last_seq = last_seq + 1 "
                            "WHERE source = 'pup' RETURNING last_seq"
                        )
                    )
                ).scalar_one()
                event = _benefit("pup", seq)
                await connection.execute(
                    text(
                        "INSERT INTO outbox (seq, event_id, event_type, body, recorded_at, state, "
                        "attempts) VALUES (:seq, :id, 'BenefitPaid', :body, :at, 'pending', 0)"
                    ),
                    {
                        "seq": seq,
                        "id": str(event.event_id),
                        "body": encode_event(event),
                        "at": datetime.now(UTC),
                    },
                )
                await asyncio.sleep(2)
        finally:
            await engine.dispose()

    async def both() -> None:
        await asyncio.gather(load.services(scale.writes), slow_writer())

    asyncio.run(both())
    tally = settle(partnership, load, "a commit delayed 2 s")
    assert_whole(tally, load)
    summary = httpx.get(
        f"{partnership.url('reporting')}/api/v1/summary", headers=partnership.headers("reporting")
    ).json()
    assert Decimal(summary["benefits"]["total"]) == Decimal("1.00")


def _after(entry_id: str) -> str:
    return "-" if entry_id == "-" else f"({entry_id}"


def _benefit(partner: str, seq: int) -> ev.BenefitPaid:
    now = datetime.now(UTC)
    return ev.BenefitPaid(
        event_id=uuid.uuid4(),
        partnership_id=PARTNERSHIP,
        source=ev.Source(partner_id=partner, kind=partner),
        seq=seq,
        occurred_at=now,
        recorded_at=now,
        client=f"{seq:064x}",
        payload=ev.BenefitPaidPayload(
            payment_id=uuid.uuid4(),
            basis=ev.PaymentBasis.OTHER,
            amount=Decimal("1.00"),
            paid_on=date(2013, 3, 1),
        ),
    )
