"""The live-update notice between ingest and the open dashboards (`reporting_node.changes`)."""

from __future__ import annotations

import asyncio
import threading

import anyio

from reporting_node.changes import ProjectionChanges


async def _drop_pages_while_a_change_is_announced() -> bool:
    """200 open pages dropped while ingest announces a batch; whether the next batch can still
    announce its change."""
    changes = ProjectionChanges()
    pages: list[anyio.CancelScope] = []

    async def open_page() -> None:
        async with anyio.create_task_group() as group:
            pages.append(group.cancel_scope)
            group.start_soon(changes.wait_for_change, 0, 30)

    opened = [asyncio.create_task(open_page()) for _ in range(200)]
    await asyncio.sleep(0.05)
    announced = asyncio.create_task(changes.changed())
    for page in pages:
        page.cancel()
    await asyncio.wait([*opened, announced], timeout=3)
    following = asyncio.create_task(changes.changed())
    await asyncio.wait([following], timeout=2)
    return following.done() and changes.version == 2


def test_pages_dropped_while_a_change_is_announced_never_hold_up_the_next_one() -> None:
    """Each open page waits for a change inside Starlette's task group; a dropped connection
    cancels that group (anyio cancels again until the wait ends). 200 pages dropped while ingest
    announced a batch left the old notice's lock held for good: the next batch never finished,
    nor did the event loop (so the scenario runs in a thread of its own, given 15 s)."""
    finished: list[bool] = []
    scenario = threading.Thread(
        target=lambda: finished.append(asyncio.run(_drop_pages_while_a_change_is_announced())),
        daemon=True,
    )
    scenario.start()
    scenario.join(15)
    assert finished == [True], "after the dropped pages a batch could not announce its change"


async def test_a_page_is_told_of_a_change_and_otherwise_waits_its_time() -> None:
    changes = ProjectionChanges()
    waiting = asyncio.create_task(changes.wait_for_change(0, 5))
    await asyncio.sleep(0.01)
    assert await changes.changed() == 1
    assert await asyncio.wait_for(waiting, 1) == 1
    assert await changes.wait_for_change(0, 5) == 1  # already past: no wait
    assert await changes.wait_for_change(1, 0.05) == 1  # nothing new within the time
