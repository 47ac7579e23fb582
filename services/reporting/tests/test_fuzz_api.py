"""schemathesis against the reporting node's OpenAPI document (the running node, real Valkey and
SQLite, with events ingested): no 5xx, every answer as documented, every 4xx naming what is wrong.
Bounded: `PER_OPERATION` valid and as many invalid requests per operation, drawn reproducibly."""

from __future__ import annotations

from typing import Any

import pytest
from api_fuzz import cases, check, request_of

A = "a" * 64
PER_OPERATION = 25
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


async def test_the_fuzzer_finds_no_5xx_and_every_refusal_says_what_is_wrong(
    start_node: Any, events: Any
) -> None:
    async with start_node() as node:
        await node.publish(events.enrol(A), events.service(A), events.benefit(A))
        await node.wait_for_events(3)
        drawn = cases(node.app.openapi(), PER_OPERATION)
        problems: list[str] = []
        for case in drawn:
            response = await node.http.request(**request_of(case, "http://reporting"))
            problems.extend(check(case, response, partner=False))
    assert len(drawn) > 100
    assert problems == [], "\n".join(problems[:20])
