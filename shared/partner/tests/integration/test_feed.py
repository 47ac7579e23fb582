"""A programme one partner defines is known to the others, which enrol their clients in it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from partner_fixtures import ANNA, OPS, PUP_LIKE, http_enrolled, http_programme, running_node

from partnership_partner.bootstrap import PartnerExtension

pytestmark = pytest.mark.redis


def test_a_programme_and_its_editions_reach_the_other_partners(
    tmp_path: Path, redis_url: str
) -> None:
    with (
        running_node(
            PartnerExtension(profile=PUP_LIKE),
            f"sqlite+aiosqlite:///{tmp_path}/pup.db",
            redis_url,
            "pup",
        ) as pup,
        running_node(
            PartnerExtension(profile=OPS),
            f"sqlite+aiosqlite:///{tmp_path}/ops.db",
            redis_url,
            "ops",
        ) as ops,
    ):
        programme = http_programme(pup)
        deadline = time.monotonic() + 10
        while ops.get(f"/api/v1/programmes/{programme}").status_code == 404:
            assert time.monotonic() < deadline, "the OPS never learnt of the programme"
            time.sleep(0.05)
        known = ops.get(f"/api/v1/programmes/{programme}").json()
        assert (known["owner"], known["funding"]["total"]) == ("pup", "120000.00")
        http_enrolled(ops, programme, ANNA)
        kis = ops.post(
            f"/api/v1/programmes/{programme}/editions",
            json={
                "kind": "kis",
                "label": "I",
                "starts_on": "2013-07-01",
                "ends_on": "2013-08-31",
                "capacity": 14,
            },
        )
        assert kis.status_code == 201, kis.text
        amended = ops.patch(f"/api/v1/programmes/{programme}", json={"name": "Nowa nazwa"})
        assert amended.status_code == 409, "only the partner that defined it amends it"
        while pup.get(f"/api/v1/editions/{kis.json()['id']}").status_code == 404:
            assert time.monotonic() < deadline + 10, "the PUP never learnt of the edition"
            time.sleep(0.05)
        assert pup.get(f"/api/v1/editions/{kis.json()['id']}").json()["provider"] == "ops"
