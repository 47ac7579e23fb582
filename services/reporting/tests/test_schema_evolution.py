"""Schema evolution through the running node: `EmploymentStarted` of version 1 (no planned end)
and version 2 mixed in one stream give the figures the same history gives in version 2 only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chain_helpers import chained

from partnership_shared.events import models as ev

pytestmark = pytest.mark.redis


def as_version_1(started: ev.EmploymentStarted) -> ev.EmploymentStartedV1:
    """The same job as a partner still on the first version of the contract would send it."""
    data = started.model_dump(mode="json")
    data["version"] = 1
    del data["payload"]["ends_on"]
    return ev.EmploymentStartedV1.model_validate(data)


def history(events: Any) -> list[ev.EventBase]:
    people = [f"{number:064x}" for number in range(1, 7)]
    found: list[ev.EventBase] = [
        events.enrol(p, gender=("male", "female")[n % 2]) for n, p in enumerate(people)
    ]
    contracts = ("employment_fixed_term", "employment_indefinite", "mandate")
    for number, person in enumerate(people[:5]):
        job = events.job(person, contract=contracts[number % 3], open_market=number != 4)
        found.append(job)
        if number == 1:
            found.append(events.job(person, contract="self_employment"))  # two contracts
        if number in (0, 2):
            found.append(events.retained(job, job.payload.started_on.replace(month=9)))
    return found


async def test_versions_one_and_two_mixed_give_the_figures_of_version_two(
    start_node: Any, events: Any, redis_url: str, tmp_path: Path
) -> None:
    from redis.asyncio import Redis

    current = history(events)
    # Each event names the hash of the one before it: the mixed stream is a chain of its own.
    mixed = chained(
        [
            as_version_1(e) if isinstance(e, ev.EmploymentStarted) and n % 2 == 0 else e
            for n, e in enumerate(current)
        ]
    )
    assert any(isinstance(e, ev.EmploymentStartedV1) for e in mixed)
    assert any(isinstance(e, ev.EmploymentStarted) for e in mixed)

    async with start_node() as node:
        await node.publish(*current)
        all_v2 = await node.wait_for_events(len(current))
        all_v2_employment = await node.get("/api/v1/summary", **{"from": "2013-05-01"})

    redis = Redis.from_url(redis_url)
    await redis.flushall()
    await redis.aclose()
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'mixed.db'}"
    async with start_node(consumer_group="mixed", database_url=fresh) as node:
        await node.publish(*mixed)
        both = await node.wait_for_events(len(mixed))
        both_employment = await node.get("/api/v1/summary", **{"from": "2013-05-01"})
        letters = await node.get_as("auditor", "/api/v1/dead-letters")

    assert letters == []
    for key in ("clients", "employment", "events"):
        assert both[key] == all_v2[key], key
    assert both_employment["employment"] == all_v2_employment["employment"]
    assert all_v2["employment"]["persons"] == 5
