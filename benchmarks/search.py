"""What finding a client costs: the register of 10 000 clients searched as staff type.

    python -m benchmarks.search [--clients 10000] [--runs 5]

A search folds Polish letters and case (`dabrowska` finds Dąbrowska) by comparing what is typed,
folded, with the folded names the repository keeps (`clients.search_name`), with `LIKE '%…%'`:
no index can serve an infix search, so every search reads the column of every client. Measured
against the search it replaced (`ILIKE` on both names, which did not forgive Polish letters), on
SQLite and, where `TEST_DATABASE_URL` names one, PostgreSQL: the median time of one page of
results (the count and 50 names, as `GET /api/v1/clients?q=` asks) over queries of a surname, a
first name, two words and a PESEL's beginning.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, make_url, or_, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from stdnum.pl import pesel as stdnum_pesel

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.repositories import client_search
from partnership_partner.bootstrap import MIGRATIONS
from partnership_partner.domain.search import search_name
from partnership_shared.kernel.database import create_engine
from partnership_shared.kernel.migrations import upgrade_to_head

SURNAMES = [
    "Dąbrowska", "Wiśniewska", "Woźniak", "Kozłowska", "Jankowski", "Mazur", "Krawczyk",
    "Piotrowska", "Szymańska", "Zielińska", "Kowalczyk", "Grabowski", "Pawłowski", "Michalak",
    "Król", "Wieczorek", "Jabłoński", "Wróbel", "Nowakowska", "Majewski", "Olszewska", "Stępień",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Barbara", "Grażyna", "Halina", "Irena", "Jerzy", "Krzysztof", "Marek", "Łucja",
    "Małgorzata", "Józef", "Zdzisław", "Teresa", "Ewa", "Danuta", "Bożena", "Wojciech",
]  # fmt: skip
QUERIES = ["dabrowska", "LUCJA", "woz gra"]  # and the beginning of a PESEL registered


def people(count: int) -> list[dict[str, Any]]:
    chosen = random.Random(2013)
    rows = []
    for number in range(count):
        born = date(1950, 1, 1).toordinal() + chosen.randrange(20_000)
        day = date.fromordinal(born)
        stem = f"{day:%y}{day.month:02d}{day:%d}{number % 10_000:04d}"
        first, last = chosen.choice(FIRST_NAMES), chosen.choice(SURNAMES)
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "pesel": stem + str(stdnum_pesel.calc_check_digit(stem)),
                "pseudonym": uuid.uuid4().hex * 2,
                "first_name": first,
                "last_name": last,
                "search_name": search_name(first, last),
                "gender": "female",
                "birth_date": day,
                "disability_degree": "none",
                "registered_at": datetime(2013, 1, 28, tzinfo=UTC),
            }
        )
    return rows


def before(query: str) -> list[Any]:
    """The search this one replaced: a case-insensitive infix of either name or the PESEL."""
    pattern = f"%{query}%"
    c = db.clients.c
    return [or_(c.last_name.ilike(pattern), c.first_name.ilike(pattern), c.pesel.like(pattern))]


async def one_page(engine: Any, conditions: list[Any]) -> int:
    async with engine.connect() as connection:
        total = await connection.scalar(
            select(func.count()).select_from(db.clients).where(*conditions)
        )
        await connection.execute(
            select(db.clients)
            .where(*conditions)
            .order_by(db.clients.c.last_name, db.clients.c.first_name, db.clients.c.id)
            .limit(50)
        )
    return int(total or 0)


async def measure(url: str, count: int, runs: int) -> None:
    await asyncio.to_thread(upgrade_to_head, url, MIGRATIONS)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(delete(db.clients))
            rows = people(count)
            for start in range(0, len(rows), 1000):
                await connection.execute(insert(db.clients), rows[start : start + 1000])
        queries = [*QUERIES, rows[0]["pesel"][:6]]
        for name, conditions_of in (("folded", client_search), ("before", before)):
            times: list[float] = []
            found = {}
            for _ in range(runs):
                for query in queries:
                    started = time.perf_counter()
                    found[query] = await one_page(engine, conditions_of(query))
                    times.append((time.perf_counter() - started) * 1000)
            print(
                f"  {name:7} median {statistics.median(times):6.2f} ms, "
                f"p95 {statistics.quantiles(times, n=20)[-1]:6.2f} ms; found {found}"
            )
    finally:
        async with engine.begin() as connection:
            await connection.execute(delete(db.clients))
        await engine.dispose()


async def on_postgres(admin_url: str, count: int, runs: int) -> None:
    """In a database of its own, made for the run and dropped after it."""
    admin = make_url(admin_url).set(drivername="postgresql+asyncpg")
    name = f"bench_search_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await measure(admin.set(database=name).render_as_string(hide_password=False), count, runs)
    finally:
        async with engine.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        print(f"SQLite, {args.clients} clients:")
        url = f"sqlite+aiosqlite:///{Path(workdir) / 'search.db'}"
        asyncio.run(measure(url, args.clients, args.runs))
    postgres = os.environ.get("TEST_DATABASE_URL")
    if postgres:
        print(f"PostgreSQL, {args.clients} clients:")
        asyncio.run(on_postgres(postgres, args.clients, args.runs))
    else:
        print("PostgreSQL: TEST_DATABASE_URL is not set, not measured")


if __name__ == "__main__":
    main()
