"""The PUP's own pages: a client registered at the office from the card, sent on an internship,
paid its stipend; every step in the card's own sections."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import http_programme
from workspace_fixtures import card_of, signed_in_browser

pytestmark = pytest.mark.redis


def test_registration_internship_and_stipend_from_the_card(node: TestClient) -> None:
    programme = http_programme(node)
    browser = signed_in_browser(node)
    person = {"pesel": "80021710661", "first_name": "Halina", "last_name": "Dąbrowska"}
    client_id = card_of(browser.post("/clients/new", browser.get("/clients/new"), person))
    form = browser.get(f"/clients/{client_id}/pup/registration")
    browser.post(f"/clients/{client_id}/pup/registration", form, {"registered_on": "10.01.2013"})
    card = browser.get(f"/clients/{client_id}")
    assert "Rejestracja w urzędzie" in card
    assert "bezrobotny" in card
    assert "Wyrejestruj" in card
    enrol = browser.get(f"/clients/{client_id}/enrolment")
    browser.post(
        f"/clients/{client_id}/enrolment",
        enrol,
        {"programme_id": programme, "enrolled_on": "28.01.2013", "consent_ref": "ZGODA/1"},
    )
    assert "Zarejestrowany jako bezrobotny</dt><dd>tak" in browser.get(f"/clients/{client_id}")
    form = browser.get(f"/clients/{client_id}/pup/internship")
    browser.post(
        f"/clients/{client_id}/pup/internship",
        form,
        {"host": "Piekarnia Kłos", "started_on": "01.03.2013", "planned_end": "31.08.2013",
         "monthly_stipend": "1 083,30"},
    )  # fmt: skip
    card = browser.get(f"/clients/{client_id}")
    assert "Piekarnia Kłos" in card
    assert "1\xa0083,30\xa0zł" in card
    internship = card.split("/pup/internships/")[1].split("/")[0]
    form = browser.get(f"/pup/internships/{internship}/stipend")
    refused = browser.post(
        f"/pup/internships/{internship}/stipend",
        form,
        {"month": "2013-13", "paid_on": "05.04.2013"},
        expect=422,
    )
    assert "Miesiąc stażu (RRRR-MM)" in refused.text
    browser.post(
        f"/pup/internships/{internship}/stipend",
        form,
        {"month": "2013-03", "paid_on": "05.04.2013"},
    )
    payments = browser.get(f"/clients/{client_id}").split("Wypłaty")[1]
    assert "stypendium stażowe" in payments
