"""Programmes with budgets and editions, families, through the API; Polish answers by default."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import (
    ANNA,
    JERZY,
    PROGRAMME,
    PUP_LIKE,
    http_enrolled,
    http_programme,
    running_node,
)

from partnership_partner.bootstrap import PartnerExtension

pytestmark = pytest.mark.redis


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (
            {
                "funding": {
                    "total": "349773.80",
                    "co_financing": "310503.80",
                    "own_contribution": "39270.01",
                }
            },
            "funding.total",
        ),
        ({"ends_on": "2012-12-31"}, "ends_on"),
        ({"name": "x" * 201}, "name"),
        ({"code": "kod z spacją"}, "code"),
        ({"lead_partner": "mops-gdzies"}, "lead_partner"),
    ],
)
def test_a_bad_programme_is_refused_naming_the_field(
    pup: TestClient, terms: dict[str, object], field: str
) -> None:
    answer = pup.post("/api/v1/programmes", json={**PROGRAMME, **terms})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == [field]
    assert pup.get("/api/v1/programmes").json()["total"] == 0
    assert pup.get("/api/v1/outbox").json()["last_seq"] == 0


def test_an_edition_outside_its_programme_is_refused_and_one_inside_fills_up(
    pup: TestClient,
) -> None:
    programme = http_programme(pup)
    course = {
        "kind": "training",
        "label": "I",
        "trade": "brukarz",
        "starts_on": "2013-07-01",
        "ends_on": "2014-02-28",
        "capacity": 1,
    }
    outside = pup.post(f"/api/v1/programmes/{programme}/editions", json=course)
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["loc"] == ["ends_on"]
    edition = pup.post(
        f"/api/v1/programmes/{programme}/editions", json={**course, "ends_on": "2013-09-30"}
    ).json()
    anna, jerzy = http_enrolled(pup, programme, ANNA), http_enrolled(pup, programme, JERZY)
    joins = {"kind": "training", "started_on": "2013-07-01", "edition_id": edition["id"]}
    assert pup.post(f"/api/v1/clients/{anna}/activities", json=joins).status_code == 201
    full = pup.post(f"/api/v1/clients/{jerzy}/activities", json=joins)
    assert full.status_code == 409
    assert "full" in full.json()["message"]
    assert pup.get("/api/v1/activities", params={"edition_id": edition["id"]}).json()["total"] == 1


def test_an_enrolment_names_a_programme_the_node_knows(pup: TestClient) -> None:
    anna = pup.post("/api/v1/clients", json=ANNA).json()["id"]
    unknown = pup.post(
        f"/api/v1/clients/{anna}/enrolment",
        json={
            "programme_id": "00000000-0000-4000-8000-000000000000",
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/1",
        },
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"][0]["loc"] == ["programme_id"]


def test_answers_are_in_polish_unless_english_is_asked_for(sqlite_url: str, redis_url: str) -> None:
    with running_node(
        PartnerExtension(profile=PUP_LIKE), sqlite_url, redis_url, "pup", lang=""
    ) as node:
        programme = http_programme(node)
        anna = http_enrolled(node, programme, ANNA)
        body = {"basis": "internship_stipend", "amount": "9999999.99", "paid_on": "2013-03-29"}
        polish = node.post(f"/api/v1/clients/{anna}/payments", json=body).json()["message"]
        assert polish == (
            "amount: 9\xa0999\xa0999,99\xa0zł przekracza limit jednej wypłaty (10\xa0000,00\xa0zł, "
            "podstawa: internship_stipend); jeśli to nie pomyłka, podaj powód w polu confirmation"
        )
        english = node.post(
            f"/api/v1/clients/{anna}/payments?lang=en", json={**body, "paid_on": "2999-01-01"}
        ).json()["message"]
        assert english == "paid_on: 01/01/2999 is in the future"
        missing = node.post("/api/v1/services", json={}).json()["detail"]
        assert {"loc": ["client_ids"], "msg": "pole wymagane", "type": "missing"} in missing


def test_huge_offsets_and_limits_are_refused_not_crashed(pup: TestClient) -> None:
    for params in ({"offset": "9223372036854775808"}, {"limit": "100000"}, {"offset": "-1"}):
        answer = pup.get("/api/v1/clients", params=params)
        assert answer.status_code == 422, params


def test_a_family_enrols_its_members_and_leaves_with_them(pup: TestClient) -> None:
    programme = http_programme(pup)
    members = [pup.post("/api/v1/clients", json=p).json()["id"] for p in (ANNA, JERZY)]
    family = pup.post(
        "/api/v1/families",
        json={
            "head_client_id": members[0],
            "member_ids": members,
            "programme_id": programme,
            "enrolled_on": "2013-11-04",
            "consent_ref": "KR/1",
        },
    )
    assert family.status_code == 201, family.text
    enrolled = pup.get("/api/v1/clients", params={"enrolled": True}).json()
    assert enrolled["total"] == 2
    assert {c["enrolment"]["family_id"] for c in enrolled["items"]} == {family.json()["id"]}
    stranger = pup.post(
        "/api/v1/families",
        json={
            "head_client_id": members[1],
            "member_ids": [members[1], "00000000-0000-4000-8000-000000000000"],
            "programme_id": programme,
            "enrolled_on": "2013-11-04",
            "consent_ref": "KR/2",
        },
    )
    assert stranger.status_code == 404
    assert stranger.json()["detail"][0]["loc"] == ["member_ids"]
    left = pup.post(
        f"/api/v1/families/{family.json()['id']}/exit",
        json={"reason": "completed", "exited_on": "2013-12-20"},
    )
    assert left.status_code == 200
    assert {c["enrolment"]["exit_reason"] for c in pup.get("/api/v1/clients").json()["items"]} == {
        "completed"
    }
