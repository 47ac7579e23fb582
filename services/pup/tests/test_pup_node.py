"""The PUP node through its API: registration at the office, internships and their stipends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import ANNA, http_programme

pytestmark = pytest.mark.redis


def test_an_internship_pays_its_stipends_by_the_month(node: TestClient) -> None:
    anna = node.post("/api/v1/clients", json=ANNA).json()["id"]
    registered = node.post(
        f"/api/v1/clients/{anna}/registration", json={"registered_on": "2012-11-05"}
    )
    assert registered.status_code == 201, registered.text
    enrolled = node.post(
        f"/api/v1/clients/{anna}/enrolment",
        json={
            "programme_id": http_programme(node),
            "enrolled_on": "2013-01-28",
            "consent_ref": "Z/1",
        },
    )
    assert enrolled.json()["enrolment"]["registered_unemployed"] is True
    internship = node.post(
        f"/api/v1/clients/{anna}/internships",
        json={
            "started_on": "2013-06-03",
            "planned_end": "2013-12-02",
            "host": "Hotel „Bartis”",
            "monthly_stipend": "1033.70",
        },
    )
    assert internship.status_code == 201, internship.text
    activity = internship.json()["activity"]["id"]
    june = node.post(
        f"/api/v1/internships/{activity}/stipends",
        json={"month": "2013-06", "paid_on": "2013-06-28"},
    )
    assert (june.status_code, june.json()["amount"]) == (201, "964.79")
    again = node.post(
        f"/api/v1/internships/{activity}/stipends",
        json={"month": "2013-06", "paid_on": "2013-06-29"},
    )
    assert again.status_code == 409
    assert again.json()["message"] == "month: the stipend for 2013-06 was already paid"
    assert node.get("/api/v1/payments").json()["total"] == 1
    assert node.get(f"/api/v1/internships/{activity}").json()["host"] == "Hotel „Bartis”"
