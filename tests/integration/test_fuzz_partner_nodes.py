"""schemathesis against each partner node's OpenAPI document, through its real app (real SQLite,
real Valkey): no 5xx, every answer as documented, every 4xx naming what is wrong, no pseudonym.

Bounded: `PER_OPERATION` valid and as many invalid requests per operation (about 70 operations
per node), drawn reproducibly; see docs/partner.md for how long it takes."""

from __future__ import annotations

from typing import Any

import pytest
from api_fuzz import cases, check, request_of
from partner_fixtures import ANNA, http_enrolled, http_programme, running_node

from ngo_node.extension import EXTENSION as NGO
from ops_node.extension import EXTENSION as OPS
from pup_node.extension import EXTENSION as PUP

pytestmark = pytest.mark.redis

PER_OPERATION = 8
NODES: dict[str, Any] = {"pup": PUP, "ops": OPS, "ngo": NGO}


@pytest.mark.parametrize("partner", NODES)
def test_the_fuzzer_finds_no_5xx_and_every_refusal_says_what_is_wrong(
    partner: str, sqlite_url: str, redis_url: str
) -> None:
    with running_node(NODES[partner], sqlite_url, redis_url, partner) as node:
        http_enrolled(node, http_programme(node), ANNA)  # something to find, besides 404s
        drawn = cases(node.app.openapi(), PER_OPERATION)  # type: ignore[attr-defined]
        problems: list[str] = []
        for case in drawn:
            response = node.request(**request_of(case, f"http://{partner}"))
            problems.extend(check(case, response, partner=True))
    assert len(drawn) > 400
    assert problems == [], "\n".join(problems[:20])
