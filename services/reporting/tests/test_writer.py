"""The single writer: batches that wait are committed together; a failure reaches each of them;
the projections are rebuilt when their rules change; many rows go in few statements."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import delete, select

from reporting_node.ingest.batch import Entry
from reporting_node.ingest.writer import BatchWriter
from reporting_node.store.bulk import statement_sizes
from reporting_node.store.schema import projection_state, tally
from reporting_node.store.versions import VERSION, ensure_current, stored_version


def person(number: int) -> str:
    return f"{number:064x}"


async def test_batches_waiting_together_are_committed_together(store: Any, events: Any) -> None:
    writer = BatchWriter(store.sessions, "bartoszyce")
    batches = [store.entries(events.service(person(n), "pup", "1.0")) for n in range(5)]
    written = await asyncio.gather(*(writer.write(batch) for batch in batches))
    # The first batch commits alone; the four that queued meanwhile go in one transaction.
    assert [w.outcome.accepted for w in written] == [1, 4, 4, 4, 4]
    assert sum(w.first for w in written) == 2
    assert (await store.summary())["hours"]["total"] == "5.0"


async def test_a_failed_commit_fails_every_batch_in_it(store: Any, events: Any) -> None:
    writer = BatchWriter(store.sessions, "bartoszyce")
    good = store.entries(events.service(person(1), "pup", "1.0"))
    broken = store.entries(events.service(person(2), "pup", "1.0"))
    broken.append(Entry("stream:pup", "9-0", 42))  # not even bytes: the whole commit fails
    also = store.entries(events.service(person(3), "pup", "1.0"))
    results = await asyncio.gather(
        writer.write(good), writer.write(broken), writer.write(also), return_exceptions=True
    )
    assert results[0].outcome.accepted == 1  # type: ignore[union-attr]
    assert isinstance(results[1], Exception)
    assert results[2] is results[1]  # committed with the broken one, so not at all
    assert (await store.summary())["hours"]["total"] == "1.0"  # nothing of the failed ones


async def test_projections_of_other_rules_are_rebuilt(store: Any, events: Any) -> None:
    await store.ingest(events.service(person(1), "pup", "2.5"))
    assert await ensure_current(store.sessions) is True  # never marked: rebuilt
    async with store.sessions() as session:
        assert await stored_version(session) == VERSION
    assert await ensure_current(store.sessions) is False
    async with store.sessions.begin() as session:
        await session.execute(delete(tally))
        await session.execute(projection_state.update().values(version=VERSION - 1))
    assert (await store.summary())["hours"]["total"] == "0.0"
    assert await ensure_current(store.sessions) is True
    assert (await store.summary())["hours"]["total"] == "2.5"
    async with store.sessions() as session:
        assert (await session.execute(select(tally.c.n))).first() is not None


@pytest.mark.parametrize(("rows", "width"), [(1, 3), (1000, 15), (3000, 8), (12345, 60)])
def test_many_rows_go_in_few_statements_of_power_of_two_sizes(rows: int, width: int) -> None:
    sizes = statement_sizes(rows, width)
    assert sum(sizes) == rows
    assert all(size & (size - 1) == 0 for size in sizes)
    assert all(size * width <= 30_000 for size in sizes)
    most = max(size for size in sizes)
    assert len(sizes) <= rows // most + most.bit_length()
