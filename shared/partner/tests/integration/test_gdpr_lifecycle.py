"""The GDPR lifecycle through a partner node's API, on a real database and broker: consent,
its withdrawal, erasure and retention, and answers kept for repeated writes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import (
    ANNA,
    JERZY,
    PUP_LIKE,
    http_enrolled,
    http_programme,
    published,
    running_node,
)
from sqlalchemy import create_engine, text

from partnership_partner.bootstrap import PartnerExtension
from partnership_partner.service_layer.context import POLAND


@pytest.fixture
def pup(sqlite_url: str, redis_url: str) -> Any:
    with running_node(
        PartnerExtension(profile=PUP_LIKE),
        sqlite_url,
        redis_url,
        "pup",
        personal_data_retention_days=365,
    ) as node:
        yield node


def _service(node: TestClient, client_id: str, day: str = "2013-03-04") -> Any:
    return node.post(
        "/api/v1/services",
        json={"client_ids": [client_id], "role": "job_broker", "hours": "1", "delivered_on": day},
    )


def test_enrolment_records_the_consent_with_its_date_scope_and_legal_basis(
    pup: TestClient,
) -> None:
    programme = http_programme(pup)
    client = pup.post("/api/v1/clients", json=ANNA).json()["id"]
    enrolled = pup.post(
        f"/api/v1/clients/{client}/enrolment",
        json={
            "programme_id": programme,
            "enrolled_on": "2013-02-01",
            "consent_ref": "ZGODA/7/2013",
            "consent": {"given_on": "2013-01-30", "legal_basis": "public_task"},
        },
    )
    assert enrolled.status_code == 201, enrolled.text
    consent = pup.get(f"/api/v1/clients/{client}/consent").json()
    assert consent == {
        "client_id": client,
        "given_on": "2013-01-30",
        "scope": ["processing", "sharing"],
        "legal_basis": "public_task",
        "document_ref": "ZGODA/7/2013",
        "withdrawn_on": None,
    }


def test_enrolment_without_consent_to_sharing_is_refused_naming_it(pup: TestClient) -> None:
    programme = http_programme(pup)
    client = pup.post("/api/v1/clients", json=ANNA).json()["id"]
    for consent, field, words in (
        ({"scope": ["processing"]}, "consent.scope", "sharing"),
        ({"given_on": "2013-02-02"}, "consent.given_on", "after the enrolment"),
        ({"legal_basis": "gossip"}, "consent.legal_basis", "allowed values"),
    ):
        refused = pup.post(
            f"/api/v1/clients/{client}/enrolment",
            json={
                "programme_id": programme,
                "enrolled_on": "2013-02-01",
                "consent_ref": "Z/1",
                "consent": consent,
            },
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == [field]
        assert words in refused.json()["message"]
    assert pup.get(f"/api/v1/clients/{client}").json()["enrolment"] is None


def test_withdrawal_is_announced_and_then_nothing_about_the_client_is_recorded(
    pup: TestClient, redis_url: str
) -> None:
    programme = http_programme(pup)
    anna = http_enrolled(pup, programme, ANNA)
    jerzy = http_enrolled(pup, programme, JERZY)
    assert _service(pup, anna).status_code == 201
    withdrawn = pup.post(
        f"/api/v1/clients/{anna}/consent/withdrawal", json={"withdrawn_on": "2013-03-10"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["withdrawn_on"] == "2013-03-10"
    events = published(redis_url, "stream:pup", 6)
    assert [e.type for e in events][-1] == "ConsentWithdrawn"
    before = len(events)

    refusals = [
        _service(pup, anna, "2013-03-11"),
        pup.post(
            "/api/v1/services",
            json={
                "client_ids": [jerzy, anna],
                "role": "job_broker",
                "mode": "group",
                "hours": "2",
                "delivered_on": "2013-03-11",
            },
        ),
        pup.post(
            f"/api/v1/clients/{anna}/activities",
            json={"kind": "training", "started_on": "2013-03-11"},
        ),
        pup.post(
            f"/api/v1/clients/{anna}/payments",
            json={"basis": "training_cost", "amount": "100.00", "paid_on": "2013-03-11"},
        ),
        pup.post(
            f"/api/v1/clients/{anna}/exit",
            json={"reason": "dropped_out", "exited_on": "2013-03-12"},
        ),
    ]
    for refused in refusals:
        assert refused.status_code == 409, refused.text
        assert refused.json()["detail"][0]["loc"] == ["client_id"]
        assert "withdrew consent on 10/03/2013" in refused.json()["message"]
    assert _service(pup, jerzy, "2013-03-11").status_code == 201
    after = published(redis_url, "stream:pup", before + 1)
    assert len(after) == before + 1
    assert anna not in str([e.model_dump() for e in after[before:]])


def test_erasure_removes_personal_data_and_keeps_the_pseudonymous_facts(
    pup: TestClient, redis_url: str, sqlite_url: str
) -> None:
    programme = http_programme(pup)
    anna = http_enrolled(pup, programme, {**ANNA, "address": "ul. Polna 3", "phone": "600100200"})
    served = pup.post(
        "/api/v1/services",
        json={
            "client_ids": [anna],
            "role": "job_broker",
            "hours": "1",
            "delivered_on": "2013-03-04",
            "note": "Anna Wiśniewska prosi o kontakt po 15:00",
        },
        headers={"Idempotency-Key": "service-1"},
    )
    assert served.status_code == 201
    job = pup.post(
        f"/api/v1/clients/{anna}/employments",
        json={
            "contract_type": "employment_fixed_term",
            "employer_name": "Sklep pani Wiśniewskiej",
            "started_on": "2013-04-01",
        },
    )
    assert job.status_code == 201, job.text
    erased = pup.post(f"/api/v1/clients/{anna}/erasure")
    assert erased.status_code == 200, erased.text
    shown = erased.json()
    assert shown["erased_on"] == datetime.now(POLAND).date().isoformat()
    for field in ("pesel", "first_name", "last_name", "birth_date", "address", "phone"):
        assert shown[field] is None, field
    assert shown["gender"] == "female"
    assert shown["enrolment"]["enrolled_on"] == "2013-01-28"

    events = published(redis_url, "stream:pup", 6)
    assert events[-1].type == "ClientErased"
    assert sum(1 for e in events if e.type == "ServiceDelivered") == 1

    database = create_engine(sqlite_url.replace("+aiosqlite", ""))
    with database.connect() as connection:
        dumped = "\n".join(str(line) for line in connection.connection.iterdump())
    database.dispose()
    for personal in (ANNA["pesel"], "Wiśniewsk", "Polna", "600100200", "1968-04-12"):
        assert personal not in dumped, personal
    assert pup.get(f"/api/v1/services/{served.json()['id']}").json()["note"] is None
    again = pup.post(
        "/api/v1/clients", json={**ANNA}, headers={"Accept-Language": "pl"}
    )  # the same person registered again
    assert again.status_code == 409
    assert "usunięto" in again.json()["message"]
    assert _service(pup, anna, "2013-05-06").status_code == 409


def test_retention_erases_the_data_of_clients_who_left_long_enough_ago(pup: TestClient) -> None:
    programme = http_programme(pup)
    anna = http_enrolled(pup, programme, ANNA)
    jerzy = http_enrolled(pup, programme, JERZY)
    left = pup.post(
        f"/api/v1/clients/{anna}/exit", json={"reason": "completed", "exited_on": "2013-06-28"}
    )
    assert left.status_code == 200
    run = pup.post("/api/v1/retention")
    assert run.status_code == 200, run.text
    assert run.json()["erased_client_ids"] == [anna]  # left in 2013, kept for a year
    assert pup.get(f"/api/v1/clients/{anna}").json()["pesel"] is None
    assert pup.get(f"/api/v1/clients/{jerzy}").json()["pesel"] == JERZY["pesel"]
    assert pup.post("/api/v1/retention").json()["erased_client_ids"] == []


def test_kept_answers_with_a_pesel_expire_and_a_repeat_still_changes_nothing(
    sqlite_url: str, redis_url: str
) -> None:
    with running_node(
        PartnerExtension(profile=PUP_LIKE), sqlite_url, redis_url, "pup", idempotency_hours=1
    ) as pup:
        first = pup.post("/api/v1/clients", json=ANNA, headers={"Idempotency-Key": "anna"})
        assert first.status_code == 201
        database = create_engine(sqlite_url.replace("+aiosqlite", ""))
        with database.begin() as connection:
            earlier = (datetime.now(POLAND) - timedelta(days=2)).date().isoformat()
            connection.execute(text(f"UPDATE idempotency_keys SET created_at = '{earlier}'"))
        assert pup.post("/api/v1/retention").json()["answers_dropped"] == 1
        with database.connect() as connection:
            kept = connection.execute(text("SELECT response, made_id FROM idempotency_keys"))
            assert [tuple(row) for row in kept] == [(None, first.json()["id"])]
        database.dispose()
        repeat = pup.post("/api/v1/clients", json=ANNA, headers={"Idempotency-Key": "anna"})
        assert repeat.status_code == 409
        assert repeat.headers["Idempotent-Record"] == first.json()["id"]
        assert "no longer kept" in repeat.json()["message"]
        assert pup.get("/api/v1/clients").json()["total"] == 1
