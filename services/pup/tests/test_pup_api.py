"""The PUP node as its staff use it: records kept at home, events announced, bad input refused."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from partnership_shared.events import models as ev
from partnership_shared.events import parse_stream_message

pytestmark = pytest.mark.redis

ANNA = {
    "pesel": "68041210123",
    "first_name": "Anna",
    "last_name": "Wiśniewska",
    "disability_degree": "moderate",
    "address": "ul. Pieniężnego 1, Bartoszyce",
}
JERZY = {"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"}
ENROLMENT = {
    "programme_id": "5b0c6f43-2f7c-4b4e-9d7e-3b8a52f7c001",
    "enrolled_on": "2013-01-28",
    "consent_ref": "ZGODA/1/2013",
    "registered_unemployed": True,
}


def published(redis_url: str, count: int, timeout: float = 5.0) -> list[ev.EventBase]:
    """The events on the PUP stream, once the relay has published `count` of them."""
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    while True:
        messages = [parse_stream_message(f[b"__data__"]) for _id, f in client.xrange("stream:pup")]
        events = [message for message in messages if isinstance(message, ev.EventBase)]
        if len(events) >= count or time.monotonic() > deadline:
            return events
        time.sleep(0.05)


def enrolled(pup: TestClient, person: dict[str, Any] = ANNA) -> str:
    client_id = pup.post("/api/v1/clients", json=person).json()["id"]
    assert pup.post(f"/api/v1/clients/{client_id}/enrolment", json=ENROLMENT).status_code == 201
    return str(client_id)


def test_registration_derives_gender_and_birth_date_from_the_pesel(pup: TestClient) -> None:
    response = pup.post("/api/v1/clients", json=ANNA)
    assert response.status_code == 201
    client = response.json()
    assert (client["gender"], client["birth_date"]) == ("female", "1968-04-12")
    assert pup.get(f"/api/v1/clients/{client['id']}").json()["last_name"] == "Wiśniewska"


def test_enrolment_is_announced_with_a_pseudonym_and_no_personal_data(
    pup: TestClient, redis_url: str
) -> None:
    client_id = enrolled(pup)
    pup.post(
        "/api/v1/services",
        json={
            "client_ids": [client_id],
            "role": "job_broker",
            "hours": "1.5",
            "delivered_on": "2013-02-04",
        },
    )
    events = published(redis_url, 2)
    assert [type(e) for e in events] == [ev.ClientEnrolled, ev.ServiceDelivered]
    enrolment = events[0]
    assert isinstance(enrolment, ev.ClientEnrolled)
    assert enrolment.client == pup.get(f"/api/v1/clients/{client_id}").json()["pseudonym"]
    assert (enrolment.payload.gender, enrolment.payload.birth_year) == ("female", 1968)
    assert [e.seq for e in events] == [1, 2]
    raw = b"".join(
        value
        for _id, fields in redis.Redis.from_url(redis_url).xrange("stream:pup")
        for value in fields.values()
    ).decode()
    for personal in ("68041210123", "Anna", "Wiśniewska", "Pieniężnego", client_id):
        assert personal not in raw


def test_a_group_service_counts_its_hours_once_for_all_attendees(
    pup: TestClient, redis_url: str
) -> None:
    ids = [enrolled(pup, ANNA), enrolled(pup, JERZY)]
    response = pup.post(
        "/api/v1/services",
        json={
            "client_ids": ids,
            "role": "vocational_counsellor",
            "mode": "group",
            "hours": "3",
            "delivered_on": "2013-02-05",
        },
    )
    assert response.status_code == 201
    service = published(redis_url, 3)[-1]
    assert isinstance(service, ev.ServiceDelivered)
    assert service.client is None
    assert service.payload.hours == 3
    assert len(service.payload.attendees) == 2 == service.payload.participants
    listed = pup.get("/api/v1/services", params={"client_id": ids[1]}).json()
    assert listed["total"] == 1


def test_the_same_idempotency_key_changes_nothing_the_second_time(
    pup: TestClient, redis_url: str
) -> None:
    client_id = enrolled(pup)
    body = {"basis": "internship_stipend", "amount": "1033.70", "paid_on": "2013-03-29"}
    headers = {"Idempotency-Key": "stipend-march-anna"}
    first = pup.post(f"/api/v1/clients/{client_id}/payments", json=body, headers=headers)
    again = pup.post(f"/api/v1/clients/{client_id}/payments", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["amount"] == "1033.70"
    assert pup.get("/api/v1/payments").json()["total"] == 1
    other = pup.post(
        f"/api/v1/clients/{client_id}/payments", json={**body, "amount": "1.00"}, headers=headers
    )
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["message"]
    assert len(published(redis_url, 2, timeout=1)) == 2


def test_a_replacement_takes_the_place_of_a_client_who_left(
    pup: TestClient, redis_url: str
) -> None:
    anna = enrolled(pup)
    jerzy = pup.post("/api/v1/clients", json=JERZY).json()["id"]
    replacement = {**ENROLMENT, "enrolled_on": "2013-03-18", "replaces_client_id": anna}
    refused = pup.post(f"/api/v1/clients/{jerzy}/enrolment", json=replacement)
    assert refused.status_code == 409
    assert refused.json()["message"].startswith("replaces_client_id:")
    exit_ = pup.post(
        f"/api/v1/clients/{anna}/exit", json={"reason": "completed", "exited_on": "2013-03-15"}
    )
    assert exit_.status_code == 200
    assert pup.post(f"/api/v1/clients/{jerzy}/enrolment", json=replacement).status_code == 201
    events = published(redis_url, 3)
    assert isinstance(events[-1], ev.ClientEnrolled)
    assert events[-1].payload.replaces == events[0].client
    late = pup.post(
        "/api/v1/services",
        json={
            "client_ids": [anna],
            "role": "job_broker",
            "hours": "1",
            "delivered_on": "2013-03-20",
        },
    )
    assert late.status_code == 409
    assert "after the client left" in late.json()["message"]


def test_employment_retention_and_end_are_announced(pup: TestClient, redis_url: str) -> None:
    client_id = enrolled(pup)
    job = pup.post(
        f"/api/v1/clients/{client_id}/employments",
        json={"contract_type": "employment_fixed_term", "started_on": "2013-03-11"},
    )
    assert job.status_code == 201
    job_id = job.json()["id"]
    retained = pup.post(
        f"/api/v1/employments/{job_id}/retention", json={"checked_on": "2013-06-28"}
    )
    assert retained.status_code == 201
    assert (
        pup.post(f"/api/v1/employments/{job_id}/end", json={"ended_on": "2013-09-10"}).status_code
        == 200
    )
    events = published(redis_url, 4)
    assert [e.type for e in events[1:]] == [
        "EmploymentStarted",
        "EmploymentRetained",
        "EmploymentEnded",
    ]
    assert isinstance(events[2], ev.EmploymentRetained)
    assert events[2].payload.months_since_start == 3


BAD_INPUT = [
    ("invalid PESEL", "/api/v1/clients", {**JERZY, "pesel": "69050510872"}, 422, "pesel"),
    ("PESEL and gender disagree", "/api/v1/clients", {**JERZY, "gender": "female"}, 422, "gender"),
    (
        "unknown client",
        "/api/v1/clients/00000000-0000-0000-0000-000000000000/payments",
        {"basis": "internship_stipend", "amount": "10.00", "paid_on": "2013-03-01"},
        404,
        "client_id",
    ),
    (
        "client not enrolled",
        "/api/v1/clients/{jerzy}/activities",
        {"kind": "internship", "started_on": "2013-03-01"},
        409,
        "client_id",
    ),
    (
        "zero hours",
        "/api/v1/services",
        {
            "client_ids": ["{anna}"],
            "role": "job_broker",
            "hours": "0",
            "delivered_on": "2013-03-01",
        },
        422,
        "hours",
    ),
    (
        "negative hours",
        "/api/v1/services",
        {
            "client_ids": ["{anna}"],
            "role": "job_broker",
            "hours": "-2",
            "delivered_on": "2013-03-01",
        },
        422,
        "hours",
    ),
    (
        "amount with three decimals",
        "/api/v1/clients/{anna}/payments",
        {"basis": "internship_stipend", "amount": "10.005", "paid_on": "2013-03-01"},
        422,
        "amount",
    ),
    (
        "date in the future",
        "/api/v1/clients/{anna}/payments",
        {"basis": "internship_stipend", "amount": "10.00", "paid_on": "2999-01-01"},
        422,
        "paid_on",
    ),
    (
        "date before the partnership",
        "/api/v1/clients/{anna}/activities",
        {"kind": "training", "started_on": "2012-12-31"},
        422,
        "started_on",
    ),
    (
        "unknown activity kind",
        "/api/v1/clients/{anna}/activities",
        {"kind": "knitting", "started_on": "2013-03-01"},
        422,
        "kind",
    ),
    (
        "activity another partner runs",
        "/api/v1/clients/{anna}/activities",
        {"kind": "kis", "started_on": "2013-03-01"},
        422,
        "kind",
    ),
    (
        "benefit another partner pays",
        "/api/v1/clients/{anna}/payments",
        {"basis": "social_assistance", "amount": "10.00", "paid_on": "2013-03-01"},
        422,
        "basis",
    ),
    (
        "missing field",
        "/api/v1/services",
        {"client_ids": ["{anna}"], "role": "job_broker", "delivered_on": "2013-03-01"},
        422,
        "hours",
    ),
]


@pytest.mark.parametrize(
    ("case", "path", "body", "status", "field"), BAD_INPUT, ids=[case[0] for case in BAD_INPUT]
)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    pup: TestClient,
    redis_url: str,
    case: str,
    path: str,
    body: dict[str, Any],
    status: int,
    field: str,
) -> None:
    ids = {"anna": enrolled(pup), "jerzy": pup.post("/api/v1/clients", json=JERZY).json()["id"]}
    before = pup.get("/api/v1/outbox").json()["last_seq"]
    text = json.dumps(body)
    for name, value in ids.items():
        text = text.replace("{" + name + "}", value)
    response = pup.post(
        path.format(**ids), content=text, headers={"content-type": "application/json"}
    )
    assert response.status_code == status, response.text
    assert response.json()["message"].startswith(field), response.json()
    assert pup.get("/api/v1/outbox").json()["last_seq"] == before
    for listing in ("/api/v1/services", "/api/v1/payments", "/api/v1/activities"):
        assert pup.get(listing).json()["total"] == 0
    assert pup.get("/api/v1/clients").json()["total"] == 2
    assert len(published(redis_url, before, timeout=1)) == before


def test_malformed_json_is_refused_as_such(pup: TestClient) -> None:
    response = pup.post(
        "/api/v1/clients",
        content=b'{"pesel": "680412',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "malformed JSON" in response.json()["message"]
    assert pup.get("/api/v1/clients").json()["total"] == 0


def test_health_and_docs_are_served(pup: TestClient) -> None:
    assert pup.get("/healthz").json() == {
        "status": "ok",
        "node": "pup",
        "database": "ok",
        "broker": "ok",
    }
    assert pup.get("/docs").status_code == 200
    assert "/api/v1/services" in pup.get("/openapi.json").json()["paths"]


def test_lists_come_in_pages_by_name(pup: TestClient) -> None:
    pup.post("/api/v1/clients", json=ANNA)
    pup.post("/api/v1/clients", json=JERZY)
    second = pup.get("/api/v1/clients", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 2
    assert [c["last_name"] for c in second["items"]] == ["Wiśniewska"]
    assert pup.get("/api/v1/clients", params={"limit": 0}).status_code == 422
