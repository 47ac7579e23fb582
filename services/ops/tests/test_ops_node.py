"""The OPS node records what a social-welfare centre does: benefits, KIS, PAL, PSU, contracts."""

from __future__ import annotations

import time

import pytest
import redis
from fastapi.testclient import TestClient

from partnership_shared.events import models as ev
from partnership_shared.events import parse_stream_message

pytestmark = pytest.mark.redis


def enrolled_client(node: TestClient) -> str:
    client_id: str = node.post(
        "/api/v1/clients",
        json={"pesel": "75090310247", "first_name": "Barbara", "last_name": "Kowalczyk"},
    ).json()["id"]
    node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={
            "programme_id": "5b0c6f43-2f7c-4b4e-9d7e-3b8a52f7c001",
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/2",
        },
    )
    return client_id


def test_ops_pays_benefits_and_runs_the_social_integration_club(
    node: TestClient, redis_url: str
) -> None:
    client_id = enrolled_client(node)
    paid = node.post(
        f"/api/v1/clients/{client_id}/payments",
        json={"basis": "social_assistance", "amount": "604.00", "paid_on": "2013-02-10"},
    )
    assert paid.status_code == 201
    kis = node.post(
        f"/api/v1/clients/{client_id}/activities",
        json={"kind": "kis", "started_on": "2013-07-01"},
    )
    assert kis.status_code == 201
    contract = node.post(
        f"/api/v1/clients/{client_id}/contracts",
        json={"kind": "social_contract", "signed_on": "2013-02-05"},
    )
    assert contract.status_code == 201
    stream = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 5
    while True:
        messages = [parse_stream_message(f[b"__data__"]) for _i, f in stream.xrange("stream:ops")]
        events = [message for message in messages if isinstance(message, ev.EventBase)]
        if len(events) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [e.source.kind for e in events] == ["ops"] * 4
    payment = next(e for e in events if isinstance(e, ev.BenefitPaid))
    assert str(payment.payload.amount) == "604.00"


def test_ops_does_not_pay_internship_stipends(node: TestClient) -> None:
    client_id = enrolled_client(node)
    refused = node.post(
        f"/api/v1/clients/{client_id}/payments",
        json={"basis": "internship_stipend", "amount": "100.00", "paid_on": "2013-02-10"},
    )
    assert refused.status_code == 422
    assert refused.json()["message"].startswith("basis:")
    assert node.get("/api/v1/payments").json()["total"] == 0


def test_the_profile_says_what_ops_records(node: TestClient) -> None:
    profile = node.get("/api/v1/profile").json()
    assert profile["kind"] == "ops"
    assert {"kis", "pal", "psu"} <= set(profile["activity_kinds"])
    assert "housing_allowance" in profile["payment_bases"]
