"""Corrections and withdrawals through the API: history kept, events announced, bad ones refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import ANNA, http_enrolled, http_programme, published

from partnership_shared.events import models as ev

pytestmark = pytest.mark.redis


def a_30_hour_session(pup: TestClient) -> tuple[str, str]:
    anna = http_enrolled(pup, http_programme(pup), ANNA)
    body = {"client_ids": [anna], "role": "job_broker", "hours": "30", "delivered_on": "2013-02-04"}
    refused = pup.post("/api/v1/services", json=body)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["hours"]
    assert "limit of one session (10\xa0h)" in refused.json()["message"]
    confirmed = pup.post("/api/v1/services", json={**body, "confirmation": "tak zapisano"})
    assert confirmed.status_code == 201, confirmed.text
    assert confirmed.json()["confirmation"] == "tak zapisano"
    return anna, str(confirmed.json()["id"])


def test_hours_corrected_with_a_reason_keep_their_history(pup: TestClient, redis_url: str) -> None:
    _, service_id = a_30_hour_session(pup)
    fixed = pup.post(
        f"/api/v1/services/{service_id}/corrections",
        json={"hours": "3", "reason": "literówka: 3 godziny"},
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["record"]["hours"] == "3.00"
    assert fixed.json()["change"]["changes"] == {"hours": ["30.00", "3"]}
    assert pup.get(f"/api/v1/services/{service_id}").json()["hours"] == "3.00"
    history = pup.get(f"/api/v1/services/{service_id}/history").json()
    assert [(c["action"], c["reason"]) for c in history["changes"]] == [
        ("corrected", "literówka: 3 godziny")
    ]
    events = published(redis_url, "stream:pup", 4)
    original = next(e for e in events if isinstance(e, ev.ServiceDelivered))
    correction = events[-1]
    assert isinstance(correction, ev.RecordCorrected)
    assert correction.payload.original_event_id == original.event_id
    assert correction.payload.changes == {"hours": "3"}
    assert "literówka" not in correction.model_dump_json()


def test_a_withdrawn_payment_counts_nowhere_and_cannot_change(
    pup: TestClient, redis_url: str
) -> None:
    anna = http_enrolled(pup, http_programme(pup), ANNA)
    body = {"basis": "internship_stipend", "amount": "1033.70", "paid_on": "2013-03-29"}
    paid = pup.post(f"/api/v1/clients/{anna}/payments", json=body).json()
    twice = pup.post(f"/api/v1/clients/{anna}/payments", json=body)
    assert twice.status_code == 409
    assert twice.json()["detail"][0]["loc"] == ["confirmation"]
    withdrawn = pup.post(
        f"/api/v1/payments/{paid['id']}/withdrawal",
        json={"reason": "zaksięgowana podwójnie", "reason_kind": "duplicate"},
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["record"]["withdrawn"] is True
    late = pup.post(
        f"/api/v1/payments/{paid['id']}/corrections", json={"amount": "1.00", "reason": "za późno"}
    )
    assert late.status_code == 409
    events = published(redis_url, "stream:pup", 4)
    assert isinstance(events[-1], ev.RecordWithdrawn)
    assert events[-1].payload.original_type == "BenefitPaid"


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        (
            "/api/v1/services/{unknown}/corrections",
            {"hours": "3", "reason": "x y z"},
            404,
            "service_id",
        ),
        ("/api/v1/services/{service}/corrections", {"hours": "3"}, 422, "reason"),
        ("/api/v1/services/{service}/corrections", {"reason": "nic"}, 422, "changes"),
        ("/api/v1/services/{service}/corrections", {"hours": "3", "reason": "ab"}, 422, "reason"),
        (
            "/api/v1/services/{service}/corrections",
            {"hours": None, "reason": "puste"},
            422,
            "hours",
        ),
        ("/api/v1/services/{service}/corrections", {"hours": "20", "reason": "20?"}, 422, "hours"),
        ("/api/v1/services/{service}/withdrawal", {}, 422, "reason"),
        ("/api/v1/payments/{service}/withdrawal", {"reason": "pomyłka"}, 404, "payment_id"),
    ],
)
def test_a_bad_correction_names_the_field_and_changes_nothing(
    pup: TestClient, redis_url: str, path: str, body: dict[str, object], status: int, field: str
) -> None:
    _, service_id = a_30_hour_session(pup)
    before = pup.get("/api/v1/outbox").json()["last_seq"]
    unknown = "00000000-0000-4000-8000-000000000000"
    answer = pup.post(path.format(service=service_id, unknown=unknown), json=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"][0]["loc"] == [field]
    assert pup.get("/api/v1/outbox").json()["last_seq"] == before
    assert pup.get(f"/api/v1/services/{service_id}").json()["hours"] == "30.00"
    assert pup.get(f"/api/v1/services/{service_id}/history").json()["changes"] == []
