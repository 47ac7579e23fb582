"""The OPS node records what a social-welfare centre does: benefits, KIS, PAL, PSU, contracts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme, published

from partnership_shared.events import models as ev

pytestmark = pytest.mark.redis


def enrolled_client(node: TestClient) -> str:
    client_id: str = node.post(
        "/api/v1/clients",
        json={"pesel": "75090310247", "first_name": "Barbara", "last_name": "Kowalczyk"},
    ).json()["id"]
    node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={
            "programme_id": http_programme(node),
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
        json={
            "kind": "social_contract",
            "signed_on": "2013-02-05",
            "ends_on": "2013-08-05",
            "obligations": [
                {"party": "client", "obligation": "job_search"},
                {"party": "ops", "obligation": "financial_support", "description": "zasiłek"},
            ],
        },
    )
    assert contract.status_code == 201, contract.text
    events = published(redis_url, "stream:ops", 5)
    assert [e.source.kind for e in events] == ["ops"] * 5
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


def test_a_benefit_decision_sets_what_is_paid_and_when(node: TestClient) -> None:
    client_id = enrolled_client(node)
    decision = node.post(
        f"/api/v1/clients/{client_id}/benefit-decisions",
        json={
            "basis": "housing_allowance",
            "monthly_amount": "240.67",
            "period_from": "2013-02-01",
            "period_to": "2013-07-31",
            "decided_on": "2013-01-25",
        },
    )
    assert decision.status_code == 201, decision.text
    paid = node.post(
        f"/api/v1/benefit-decisions/{decision.json()['id']}/payments",
        json={"paid_on": "2013-03-15"},
    )
    assert (paid.status_code, paid.json()["amount"], paid.json()["basis"]) == (
        201,
        "240.67",
        "housing_allowance",
    )
    late = node.post(
        f"/api/v1/benefit-decisions/{decision.json()['id']}/payments",
        json={"paid_on": "2013-09-15"},
    )
    assert late.status_code == 422
    assert late.json()["detail"][0]["loc"] == ["period_from"]
