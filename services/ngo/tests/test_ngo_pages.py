"""The NGO's own pages: a volunteering agreement concluded from the client card and ended."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme
from workspace_fixtures import card_of, signed_in_browser

pytestmark = pytest.mark.redis


def test_a_volunteering_agreement_is_concluded_and_ended(node: TestClient) -> None:
    programme = http_programme(node)
    browser = signed_in_browser(node)
    person = {"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"}
    client_id = card_of(browser.post("/clients/new", browser.get("/clients/new"), person))
    browser.post(
        f"/clients/{client_id}/enrolment",
        browser.get(f"/clients/{client_id}/enrolment"),
        {"programme_id": programme, "enrolled_on": "28.01.2013", "consent_ref": "ZGODA/7"},
    )
    form = browser.get(f"/clients/{client_id}/ngo/volunteering")
    browser.post(
        f"/clients/{client_id}/ngo/volunteering",
        form,
        {"host": "Schronisko w Bartoszycach", "field": "care", "weekly_hours": "6,5",
         "starts_on": "04.03.2013", "planned_end": "28.06.2013"},
    )  # fmt: skip
    card = browser.get(f"/clients/{client_id}")
    assert "Porozumienia wolontariackie" in card
    assert "Schronisko w Bartoszycach" in card
    assert "6,5" in card
    assert "wolontariat" in card.split("Aktywności")[1]
    agreement = card.split("/ngo/agreements/")[1].split("/")[0]
    form = browser.get(f"/ngo/agreements/{agreement}/end")
    browser.post(
        f"/ngo/agreements/{agreement}/end", form, {"ended_on": "28.06.2013", "realised": "on"}
    )
    card = browser.get(f"/clients/{client_id}")
    assert "ukończona" in card.split("Aktywności")[1]
