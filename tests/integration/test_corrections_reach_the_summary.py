"""A correction or a withdrawal made on a partner node reaches every figure of the partnership:
the summary for the whole period and for a quarter, and the client's journey."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from chain_helpers import PartnerKeys
from fastapi.testclient import TestClient
from partner_fixtures import (
    ANNA,
    SECRET,
    http_enrolled,
    http_programme,
    running_node,
    signed_in,
)

from partnership_shared.kernel.pseudonym import pseudonym_for
from pup_node.extension import EXTENSION
from reporting_node.main import create_app as create_reporting_app
from reporting_node.settings import ReportingSettings

pytestmark = pytest.mark.redis

Q1 = {"from": "2013-01-01", "to": "2013-03-31"}


def until(check: Callable[[], bool], within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "the reporting node did not show it in time"
        time.sleep(0.1)


def test_corrected_hours_and_a_withdrawn_payment_change_every_figure(
    tmp_path: Path, redis_url: str, partner_keys: PartnerKeys
) -> None:
    reporting_settings = ReportingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}",
        redis_url=redis_url,
        partnership_id="bartoszyce",
        partner_ids=["pup"],
        partner_keys_file=partner_keys.registry_file,
    )
    with (
        running_node(
            EXTENSION, f"sqlite+aiosqlite:///{tmp_path / 'pup.db'}", redis_url, "pup"
        ) as pup,
        TestClient(create_reporting_app(lambda: reporting_settings)) as reporting,
    ):
        reporting.headers.update(signed_in(reporting, "coordinator"))

        def summary(**period: str) -> dict[str, Any]:
            answer: dict[str, Any] = reporting.get("/api/v1/summary", params=period).json()
            return answer

        anna = http_enrolled(pup, http_programme(pup), ANNA)
        service = pup.post(
            "/api/v1/services",
            json={
                "client_ids": [anna],
                "role": "job_broker",
                "hours": "30",
                "delivered_on": "2013-02-04",
                "confirmation": "jak w karcie",
            },
        ).json()
        payment = pup.post(
            f"/api/v1/clients/{anna}/payments",
            json={"basis": "internship_stipend", "amount": "1033.70", "paid_on": "2013-03-29"},
        ).json()
        until(lambda: summary()["benefits"]["total"] == "1033.70")
        assert summary(**Q1)["hours"]["total"] == "30.0"

        fixed = pup.post(
            f"/api/v1/services/{service['id']}/corrections",
            json={"hours": "3", "reason": "literówka: 3 godziny, nie 30"},
        )
        assert fixed.status_code == 200, fixed.text
        withdrawn = pup.post(
            f"/api/v1/payments/{payment['id']}/withdrawal",
            json={"reason": "zaksięgowana podwójnie", "reason_kind": "duplicate"},
        )
        assert withdrawn.status_code == 200, withdrawn.text

        until(lambda: summary()["benefits"]["total"] == "0.00")
        for figures in (summary(), summary(**Q1)):
            assert Decimal(figures["hours"]["total"]) == 3
            assert figures["hours"]["by_role"] == {"job_broker": "3.0"}
            assert figures["benefits"]["payments"] == 0
        # The corrections themselves count on the day they were made (today).
        assert summary()["corrections"] == {"corrected": 1, "withdrawn": 1}
        assert summary(**Q1)["corrections"] == {"corrected": 0, "withdrawn": 0}
        assert summary(**{"from": "2013-04-01", "to": "2013-06-30"})["hours"]["total"] == "0.0"

        pseudonym = pseudonym_for(ANNA["pesel"], SECRET.encode())
        steps = reporting.get(f"/api/v1/clients/{pseudonym}/journey").json()["events"]
        by_type = {step["type"]: step for step in steps}
        assert by_type["ServiceDelivered"]["standing"] == "corrected"
        assert by_type["ServiceDelivered"]["details"]["hours"] == "3"
        assert by_type["BenefitPaid"]["standing"] == "withdrawn"
        assert by_type["RecordCorrected"]["details"]["changes"] == [
            {"field": "hours", "from": "30", "to": "3"}
        ]
        assert by_type["RecordWithdrawn"]["details"]["original_type"] == "BenefitPaid"
