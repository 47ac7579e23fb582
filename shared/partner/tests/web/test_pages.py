"""The workspace as a caseworker uses it, page by page (the OPS node, its real app)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import signed_in
from workspace_fixtures import PAGE, Browser

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


def enrolled(browser: Browser, programme: str, person: dict[str, str] = HALINA) -> str:
    answer = browser.post("/clients/new", browser.get("/clients/new"), person)
    client_id = str(answer.headers["location"]).split("/")[2].split("?")[0]  # type: ignore[attr-defined]
    browser.post(
        f"/clients/{client_id}/enrolment",
        browser.get(f"/clients/{client_id}/enrolment"),
        {"programme_id": programme, "enrolled_on": "28.01.2013", "consent_ref": "ZGODA/1/2013"},
    )
    return client_id


def test_what_cannot_be_read_is_named_by_field_and_nothing_is_kept(
    browser: Browser, programme: str
) -> None:
    client_id = enrolled(browser, programme)
    form = browser.get(f"/clients/{client_id}/payment/new")
    refused = browser.post(
        f"/clients/{client_id}/payment/new",
        form,
        {"basis": "social_assistance", "amount": "12,3,4", "paid_on": "31.02.2013"},
        expect=422,
    ).text  # type: ignore[attr-defined]
    assert 'role="alert"' in refused
    assert "Popraw 2 błędy w formularzu" in refused
    assert "Kwota (zł): wpisz liczbę, np. 1 234,56 albo 1,5" in refused
    assert "Data wypłaty: nie ma takiego dnia" in refused
    assert 'value="12,3,4"' in refused  # what was typed stays to be corrected
    future = browser.post(
        f"/clients/{client_id}/payment/new",
        form,
        {"basis": "social_assistance", "amount": "100", "paid_on": "01.01.2099"},
        expect=422,
    ).text  # type: ignore[attr-defined]
    assert "Data wypłaty: 01.01.2099 to data z przyszłości" in future
    assert "Brak zapisów." in browser.get(f"/clients/{client_id}")
    assert "Nie można" not in browser.get(f"/clients/{client_id}")


def test_a_payment_beyond_the_limit_asks_for_the_reason(browser: Browser, programme: str) -> None:
    client_id = enrolled(browser, programme)
    form = browser.get(f"/clients/{client_id}/payment/new")
    data = {"basis": "social_assistance", "amount": "12 000", "paid_on": "05.02.2013"}
    asked = browser.post(f"/clients/{client_id}/payment/new", form, data, expect=422).text  # type: ignore[attr-defined]
    assert "przekracza limit jednej wypłaty (10\xa0000,00\xa0zł)" in asked
    assert 'name="confirmation"' in asked
    kept = browser.post(
        f"/clients/{client_id}/payment/new",
        asked,
        {**data, "confirmation": "zasiłek celowy na remont po pożarze"},
    )
    card = browser.get(kept.headers["location"])  # type: ignore[attr-defined]
    assert "12\xa0000,00\xa0zł" in card
    assert "potwierdzony ponad limit" in card
    assert "zasiłek celowy na remont po pożarze" in browser.get("/")


def test_a_group_service_is_corrected_and_withdrawn_with_its_history(
    browser: Browser, programme: str
) -> None:
    halina = enrolled(browser, programme)
    jerzy = enrolled(
        browser,
        programme,
        {"pesel": "69050510871", "first_name": "Jerzy", "last_name": "Jankowski"},
    )
    form = browser.get("/services/new", client=halina)
    added = browser.post(
        "/services/new",
        form,
        {"client_ids": halina, "participant": "JANKOW", "add": "1"},
        expect=200,
    ).text  # type: ignore[attr-defined]
    assert "Usuń Jerzy Jankowski" in added
    assert '<option value="group" selected>' in added
    saved = browser.post(
        "/services/new",
        added,
        {"client_ids": [halina, jerzy], "participant": "", "add": "1", "role": "pedagogue",
         "mode": "group", "hours": "1,5", "delivered_on": "04.02.2013"},
    )  # fmt: skip
    page_url = str(saved.headers["location"]).split("?")[0]  # type: ignore[attr-defined]
    page = browser.get(page_url)
    assert "1,5\xa0godz." in page
    corrected = browser.post(
        f"{page_url}/correction",
        page,
        {"role": "pedagogue", "hours": "2", "delivered_on": "04.02.2013", "participants": "2",
         "reason": "sesja trwała dłużej", "reason_kind": "data_entry_error"},
    )  # fmt: skip
    page = browser.get(corrected.headers["location"])  # type: ignore[attr-defined]
    assert "Liczba godzin: 1,5\xa0godz. → 2\xa0godz." in page
    assert "sesja trwała dłużej" in page
    no_reason = browser.post(f"{page_url}/withdrawal", page, {"reason": ""}, expect=422).text  # type: ignore[attr-defined]
    assert "Powód: pole wymagane" in no_reason
    browser.post(
        f"{page_url}/withdrawal",
        page,
        {"reason": "zapis dla innej grupy", "reason_kind": "wrong_client"},
    )
    assert "Ten zapis został wycofany." in browser.get(page_url)
    assert "wycofany" in browser.get(f"/clients/{jerzy}")


def test_a_forged_form_is_refused_and_changes_nothing(browser: Browser, ops: TestClient) -> None:
    answer = ops.post(
        "/clients/new",
        data={"csrf": "forged", "pesel": HALINA["pesel"], "first_name": "X", "last_name": "Y"},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert "Formularz wygasł albo nie pochodzi z tej sesji" in answer.text
    assert "Nikogo nie znaleziono." in browser.get("/clients", q=HALINA["pesel"])


def test_an_auditor_reads_the_card_records_nothing_and_every_read_is_audited(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    auditor = signed_in(ops, "auditor")
    card = ops.get(f"/clients/{client_id}", headers={**PAGE, **auditor})
    assert card.status_code == 200
    assert "Konto audytora: możesz przeglądać, ale nie zapisywać." in card.text
    assert "Zapisz pracę" not in card.text
    form = ops.get(f"/clients/{client_id}/payment/new", headers={**PAGE, **auditor})
    assert form.status_code == 403
    assert "Rola auditor nie ma tu dostępu" in form.text
    log = ops.get("/api/v1/audit", params={"client_id": client_id}, headers=auditor).json()
    seen = {(item["actor"], item["path"]) for item in log["items"]}
    assert ("test-auditor", f"/clients/{client_id}") in seen
    assert ("anna", "/clients/new") in seen


def test_english_is_one_click_away(browser: Browser, programme: str) -> None:
    client_id = enrolled(browser, programme)
    card = browser.get(f"/clients/{client_id}", lang="en")
    assert '<html lang="en">' in card
    assert "Personal data" in card
    assert "Dane osobowe" not in card
    assert '<html lang="en">' in browser.get("/")  # remembered


def test_the_ops_records_a_benefit_decision_and_pays_under_it(
    browser: Browser, programme: str
) -> None:
    client_id = enrolled(browser, programme)
    form = browser.get(f"/clients/{client_id}/ops/decision")
    browser.post(
        f"/clients/{client_id}/ops/decision",
        form,
        {"basis": "housing_allowance", "monthly_amount": "250,50", "period_from": "01.02.2013",
         "period_to": "30.06.2013", "decided_on": "30.01.2013", "reference": "DM/12/2013"},
    )  # fmt: skip
    card = browser.get(f"/clients/{client_id}")
    assert "Decyzje o świadczeniach" in card
    assert "250,50\xa0zł" in card
    decision = card.split("/ops/decisions/")[1].split("/")[0]
    pay = browser.get(f"/ops/decisions/{decision}/payment")
    browser.post(f"/ops/decisions/{decision}/payment", pay, {"paid_on": "10.03.2013"})
    card = browser.get(f"/clients/{client_id}")
    assert "dodatek mieszkaniowy" in card.split("Wypłaty")[1]


def test_an_activity_and_a_job_are_recorded_and_ended(browser: Browser, programme: str) -> None:
    client_id = enrolled(browser, programme)
    form = browser.get(f"/clients/{client_id}/activity/new")
    assert "Klub Integracji Społecznej (KIS)" in form
    assert "staż" not in form  # the OPS runs no internships: not offered
    started = browser.post(
        f"/clients/{client_id}/activity/new", form, {"kind": "kis", "started_on": "01.02.2013"}
    )
    card = browser.get(started.headers["location"])
    activity = card.split("/records/activity/")[1].split('"')[0]
    assert "Zakończ aktywność" in browser.get(f"/records/activity/{activity}")
    end = browser.get(f"/records/activity/{activity}/end")
    browser.post(
        f"/records/activity/{activity}/end", end, {"outcome": "completed", "ended_on": "30.04.2013"}
    )
    assert "ukończona" in browser.get(f"/clients/{client_id}").split("Aktywności")[1]
    form = browser.get(f"/clients/{client_id}/employment/new")
    hired = browser.post(
        f"/clients/{client_id}/employment/new",
        form,
        {"contract_type": "employment_fixed_term", "employer_kind": "private",
         "open_labour_market": "on", "working_time": "0,5", "started_on": "01.03.2013",
         "ends_on": "31.08.2013"},
    )  # fmt: skip
    card = browser.get(hired.headers["location"])
    job = card.split("/records/employment/")[1].split('"')[0]
    page = browser.get(f"/records/employment/{job}")
    assert "umowa o pracę na czas określony" in page
    assert "0,5" in page
    end = browser.get(f"/records/employment/{job}/end")
    early = browser.post(
        f"/records/employment/{job}/end", end, {"ended_on": "15.02.2013"}, expect=422
    ).text
    assert "Data zakończenia: to data sprzed rozpoczęcia (01.03.2013)" in early
    browser.post(f"/records/employment/{job}/end", end, {"ended_on": "31.05.2013"})
    assert "31.05.2013" in browser.get(f"/records/employment/{job}")


def test_error_pages_and_answers_are_in_polish(browser: Browser, ops: TestClient) -> None:
    missing = ops.get("/nie-ma-takiej-strony", headers=PAGE)
    assert missing.status_code == 404
    assert "Nie ma takiej strony" in missing.text
    assert 'href="/clients"' in missing.text  # in the workspace's look, its menu kept
    unknown = ops.get("/clients/00000000-0000-0000-0000-000000000000", headers=PAGE)
    assert unknown.status_code == 404
    assert "w tym węźle nie ma takiego rekordu (klient" in unknown.text
    assert '<html lang="pl">' in unknown.text
    api = ops.get("/api/v1/nie-ma")
    assert api.status_code == 404
    assert api.json()["message"].startswith("Pod tym adresem nic nie ma")
    docs = ops.get("/docs", headers=PAGE)
    assert "/docs/assets/swagger-ui-bundle.js" in docs.text
    assert ops.get("/docs/assets/swagger-ui.css").status_code == 200


def test_an_erased_clients_card_says_so_and_shows_no_personal_data(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    caseworker = signed_in(ops, "caseworker")
    erased = ops.post(f"/api/v1/clients/{client_id}/erasure", headers=caseworker)
    assert erased.status_code == 200, erased.text
    card = browser.get(f"/clients/{client_id}")
    assert "Dane osobowe tego klienta usunięto" in card
    assert HALINA["pesel"] not in card
    assert HALINA["last_name"] not in card
    assert "None" not in card
    listed = browser.get("/clients")
    assert "Klient (dane usunięte)" in listed
    assert HALINA["last_name"] not in listed
    assert "None" not in listed


def test_a_caseworker_records_a_consent_withdrawal_from_the_card(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    card = browser.get(f"/clients/{client_id}")
    assert "udzielona 28.01.2013 (ZGODA/1/2013)" in card
    form = browser.get(f"/clients/{client_id}/consent/withdrawal")
    assert "nie przyjmuje nowych zapisów" in form  # what it means, before it is done
    early = browser.post(
        f"/clients/{client_id}/consent/withdrawal", form, {"withdrawn_on": "20.01.2013"}, expect=422
    ).text
    assert "Data wycofania zgody" in early
    assert "to data sprzed wyrażenia zgody (28.01.2013)" in early
    done = browser.post(
        f"/clients/{client_id}/consent/withdrawal", form, {"withdrawn_on": "01.03.2013"}
    )
    card = browser.get(done.headers["location"])
    assert "Wycofanie zgody zapisane." in card
    assert "wycofana 01.03.2013" in card
    assert "Wycofaj zgodę" not in card  # it is final: nothing more to withdraw
    standing = ops.get(
        f"/api/v1/clients/{client_id}/consent", headers=signed_in(ops, "caseworker")
    ).json()
    assert standing["withdrawn_on"] == "2013-03-01"
    pay = browser.get(f"/clients/{client_id}/payment/new")
    refused = browser.post(
        f"/clients/{client_id}/payment/new",
        pay,
        {"basis": "social_assistance", "amount": "100,00", "paid_on": "05.03.2013"},
        expect=422,
    ).text
    assert "klient wycofał zgodę 01.03.2013" in refused


def test_a_caseworker_erases_a_clients_personal_data_once_they_confirm(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    card = browser.get(f"/clients/{client_id}")
    assert f'href="/clients/{client_id}/erasure"' in card
    form = browser.get(f"/clients/{client_id}/erasure")
    assert "Tego nie można cofnąć." in form
    unconfirmed = browser.post(f"/clients/{client_id}/erasure", form, {}, expect=422).text
    assert "zaznacz to pole, aby potwierdzić" in unconfirmed
    assert HALINA["last_name"] in browser.get(f"/clients/{client_id}")  # nothing erased yet
    done = browser.post(f"/clients/{client_id}/erasure", form, {"understood": "on"})
    card = browser.get(done.headers["location"])
    assert "Dane osobowe klienta usunięte." in card
    assert HALINA["pesel"] not in card
    assert HALINA["last_name"] not in card
    assert f'href="/clients/{client_id}/erasure"' not in card
    assert HALINA["last_name"] not in browser.get("/clients", q="dabrowska")
    client = ops.get(f"/api/v1/clients/{client_id}", headers=signed_in(ops, "caseworker")).json()
    assert client["pesel"] is None
    assert client["last_name"] is None
    again = browser.post(
        f"/clients/{client_id}/erasure",
        browser.get(f"/clients/{client_id}/erasure"),
        {"understood": "on"},
        expect=422,
    ).text
    assert "dane osobowe klienta usunięto już" in again


def test_an_auditor_gets_neither_the_withdrawal_nor_the_erasure_form(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    auditor = {**PAGE, **signed_in(ops, "auditor")}
    card = ops.get(f"/clients/{client_id}", headers=auditor).text
    assert "Usuń dane osobowe" not in card
    assert "Wycofaj zgodę" not in card
    for path in (f"/clients/{client_id}/erasure", f"/clients/{client_id}/consent/withdrawal"):
        assert ops.get(path, headers=auditor).status_code == 403
        assert ops.post(path, headers=auditor, data={"understood": "on"}).status_code == 403
    assert HALINA["last_name"] in browser.get(f"/clients/{client_id}")
