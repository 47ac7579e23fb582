"""The NGO node records workshops, courses and counselling; it runs no internships."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme

pytestmark = pytest.mark.redis


def test_the_ngo_runs_workshops_but_not_internships(node: TestClient) -> None:
    client_id = node.post(
        "/api/v1/clients",
        json={
            "pesel": "69050510871",
            "first_name": "Jerzy",
            "last_name": "Jankowski",
            "disability_degree": "severe",
        },
    ).json()["id"]
    node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={
            "programme_id": http_programme(node),
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/3",
        },
    )
    workshop = node.post(
        f"/api/v1/clients/{client_id}/activities",
        json={"kind": "workshop", "started_on": "2013-03-04"},
    )
    assert workshop.status_code == 201
    internship = node.post(
        f"/api/v1/clients/{client_id}/activities",
        json={"kind": "internship", "started_on": "2013-03-04"},
    )
    assert internship.status_code == 422
    assert "has not assigned 'internship' to NGO" in internship.json()["message"]
    listed = node.get("/api/v1/activities", params={"client_id": client_id}).json()
    assert [a["kind"] for a in listed["items"]] == ["workshop"]


def test_ngo_services_count_hours_by_role(node: TestClient) -> None:
    client_id = node.post(
        "/api/v1/clients",
        json={"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"},
    ).json()["id"]
    node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={
            "programme_id": http_programme(node),
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/3",
        },
    )
    session = node.post(
        "/api/v1/services",
        json={
            "client_ids": [client_id],
            "role": "physiotherapist",
            "hours": "2.5",
            "delivered_on": "2013-03-05",
        },
    )
    assert session.status_code == 201
    assert session.json()["hours"] == "2.50"
    assert node.get("/api/v1/profile").json()["kind"] == "ngo"


def test_a_volunteering_agreement_starts_and_ends_the_volunteering(node: TestClient) -> None:
    client_id = node.post(
        "/api/v1/clients",
        json={"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"},
    ).json()["id"]
    node.post(
        f"/api/v1/clients/{client_id}/enrolment",
        json={
            "programme_id": http_programme(node),
            "enrolled_on": "2013-02-01",
            "consent_ref": "Z/3",
            "registered_unemployed": True,
        },
    )
    agreement = {
        "host": "Schronisko dla zwierząt",
        "field": "care",
        "weekly_hours": "12",
        "starts_on": "2013-04-02",
        "planned_end": "2013-06-28",
    }
    too_long = node.post(f"/api/v1/clients/{client_id}/volunteering-agreements", json=agreement)
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["weekly_hours"]
    concluded = node.post(
        f"/api/v1/clients/{client_id}/volunteering-agreements",
        json={**agreement, "weekly_hours": "8"},
    )
    assert concluded.status_code == 201, concluded.text
    ended = node.post(
        f"/api/v1/volunteering-agreements/{concluded.json()['id']}/end",
        json={"ended_on": "2013-06-28", "realised": True},
    )
    assert ended.json()["activity"]["outcome"] == "completed"
    assert node.get(f"/api/v1/clients/{client_id}/volunteering-agreements").json()[0]["realised"]
