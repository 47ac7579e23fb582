"""What staff type as free text stays in the node: every field of the core where a person types
words (a consent's reference, a note, a confirmation, an employer, a contract's obligation, the
reason of a correction or a withdrawal) is filled with a marker, and no published event holds it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from partner_fixtures import ANNA, http_programme, published

MARK = "TYPED-BY-STAFF"


def test_no_free_text_typed_by_staff_reaches_the_stream(pup: TestClient, redis_url: str) -> None:
    programme = http_programme(pup)
    client = pup.post("/api/v1/clients", json={**ANNA, "address": f"{MARK} ul."}).json()["id"]

    def ok(path: str, body: dict[str, object], status: int = 201) -> dict[str, object]:
        answer = pup.post(path, json=body)
        assert answer.status_code == status, answer.text
        return dict(answer.json())

    ok(
        f"/api/v1/clients/{client}/enrolment",
        {"programme_id": programme, "enrolled_on": "2013-02-01", "consent_ref": f"{MARK}/1"},
    )
    ok(
        "/api/v1/services",
        {
            "client_ids": [client],
            "role": "job_broker",
            "hours": "11",
            "delivered_on": "2013-02-04",
            "note": f"{MARK} note",
            "confirmation": f"{MARK} long session",
        },
    )
    job = ok(
        f"/api/v1/clients/{client}/employments",
        {
            "contract_type": "employment_fixed_term",
            "employer_name": f"{MARK} sp. z o.o.",
            "started_on": "2013-03-01",
        },
    )
    ok(
        f"/api/v1/clients/{client}/payments",
        {
            "basis": "training_cost",
            "amount": "20000.00",
            "paid_on": "2013-03-05",
            "confirmation": f"{MARK} big payment",
        },
    )
    ok(
        f"/api/v1/clients/{client}/contracts",
        {
            "kind": "tripartite_family_contract",
            "signed_on": "2013-03-06",
            "parties": ["client", "pup", "ops", "family"],
            "obligations": [{"party": "pup", "obligation": "job_offers", "description": MARK}],
        },
        status=422,  # no family: refused, and nothing of it travels either
    )
    ok(
        f"/api/v1/employments/{job['id']}/corrections",
        {"employer_name": f"{MARK} S.A.", "started_on": "2013-03-04", "reason": f"{MARK} typo"},
        status=200,
    )
    ok(
        f"/api/v1/employments/{job['id']}/withdrawal",
        {"reason": f"{MARK} entered twice"},
        status=200,
    )
    ok(
        f"/api/v1/clients/{client}/consent/withdrawal",
        {"withdrawn_on": "2013-04-01"},
        status=200,
    )
    events = published(redis_url, "stream:pup", 9)
    assert {e.type for e in events} >= {
        "ClientEnrolled",
        "ServiceDelivered",
        "EmploymentStarted",
        "BenefitPaid",
        "RecordCorrected",
        "RecordWithdrawn",
        "ConsentWithdrawn",
    }
    for event in events:
        assert MARK not in event.model_dump_json(), event.type
