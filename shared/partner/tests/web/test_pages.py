"""The workspace as a caseworker uses it, page by page (the OPS node, its real app)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import Browser

pytestmark = pytest.mark.redis

HALINA = {"pesel": "80021710661", "first_name": "Halina", "last_name": "Dąbrowska"}


def test_a_caseworker_finds_registers_enrols_and_records(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    day = browser.get("/")
    assert '<html lang="pl">' in day
    assert "Mój dzień" in day
    form = browser.get("/clients/new")
    answer = browser.post("/clients/new", form, HALINA)
    card_url = answer.headers["location"]  # type: ignore[attr-defined]
    card = browser.get(card_url)
    for shown in ("Dąbrowska", "17.02.1980", "kobieta"):  # birth date and gender from the PESEL
        assert shown in card
    found = browser.get("/clients", q="dabrowska")
    assert "Dąbrowska Halina" in found
    client_id = card_url.split("/")[2].split("?")[0]
    enrol = browser.get(f"/clients/{client_id}/enrolment")
    browser.post(
        f"/clients/{client_id}/enrolment",
        enrol,
        {"programme_id": programme, "enrolled_on": "28.01.2013", "consent_ref": "ZGODA/1/2013"},
    )
    pay = browser.get(f"/clients/{client_id}/payment/new")
    paid = browser.post(
        f"/clients/{client_id}/payment/new",
        pay,
        {"basis": "social_assistance", "amount": "1 234,56", "paid_on": "05.02.2013"},
    )
    card = browser.get(paid.headers["location"])  # type: ignore[attr-defined]
    assert "1\xa0234,56\xa0zł" in card
