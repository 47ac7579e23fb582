"""The coordination pages as a caseworker of the OPS uses them: a referral sent from the client
card (refused without the client's consent), the inbox, the plan editor with its history, and
what "My day" and the card show of them."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from workspace_fixtures import PAGE, Browser

from partnership_partner.domain.referrals import Referral
from partnership_partner.domain.timeline import Entry
from partnership_shared.events.vocabulary import SpecialistRole
from partnership_shared.kernel.pseudonym import pseudonym_for

from .test_pages import HALINA, enrolled

pytestmark = pytest.mark.redis


def followed(browser: Browser, answer: object) -> str:
    """The page a form went on to, its query (`?done=…`) kept."""
    path, _, query = str(answer.headers["location"]).partition("?")  # type: ignore[attr-defined]
    return browser.get(path, **dict(part.split("=", 1) for part in query.split("&") if part))


def test_no_consent_no_referral_then_the_card_and_the_inbox_show_it(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    path = f"/clients/{client_id}/referrals/new"
    form = browser.get(path)
    refused = browser.post(
        path,
        form,
        {"to_partner": "ngo", "service_kind": "psychologist", "made_on": "04.02.2013"},
        expect=422,
    )
    page = refused.text
    assert 'id="error-summary"' in page
    assert re.search(r'href="#f-consent-on">Data zgody klienta[^<]*: [^<]*zgod', page), page
    assert 'aria-invalid="true"' in page
    assert "Brak wysłanych skierowań." in browser.get("/referrals")  # nothing was kept

    sent = browser.post(
        path,
        form,
        {
            "to_partner": "ngo",
            "service_kind": "psychologist",
            "made_on": "04.02.2013",
            "consent_on": "04.02.2013",
        },
    )
    card = followed(browser, sent)
    assert "Skierowanie wysłane." in card
    referrals = card.split('id="section-referrals"')[1].split("</section>")[0]
    assert "psycholog" in referrals
    assert "czeka na odpowiedź" in referrals
    inbox = browser.get("/referrals")
    sent_part = inbox.split('id="sent"')[1]
    assert "psycholog" in sent_part
    assert "04.02.2013" in sent_part
    assert "Brak otrzymanych skierowań." in inbox
    timeline = card.split('id="section-timeline"')[1].split("</section>")[0]
    assert "skierowanie" in timeline


def test_a_plan_agreed_and_revised_keeps_its_history_and_shows_its_progress(
    browser: Browser, programme: str
) -> None:
    client_id = enrolled(browser, programme)
    assert "Halina Dąbrowska: brak planu wsparcia" in browser.get("/")
    path = f"/clients/{client_id}/plans/new"
    form = browser.get(path)
    refused = browser.post(
        path,
        form,
        {
            "agreed_on": "01.02.2013",
            "actions.0.partner": "ops",
            "actions.0.kind": "social_worker",
            "actions.0.target_on": "31.01.2013",  # before the plan was agreed
        },
        expect=422,
    )
    assert 'href="#f-actions-0-target-on"' in refused.text
    agreed = browser.post(
        path,
        form,
        {
            "agreed_on": "01.02.2013",
            "actions.0.partner": "ops",
            "actions.0.kind": "social_worker",
            "actions.0.target_on": "28.02.2013",
            "actions.2.partner": "ngo",  # an empty row between is left out
            "actions.2.kind": "psychologist",
            "actions.2.target_on": "15.03.2013",
        },
    )
    plan_url = agreed.headers["location"]
    plan = followed(browser, agreed)
    assert "Plan wsparcia zapisany." in plan
    assert "pracownik socjalny" in plan
    assert "psycholog" in plan
    assert "Wersja 1" in plan
    plan_id = plan_url.split("/")[2].split("?")[0]
    revise = browser.get(f"/plans/{plan_id}/revise")
    revised = browser.post(
        f"/plans/{plan_id}/revise",
        revise,
        {
            **dict(re.findall(r'name="(actions\.\d+\.action_id)" value="([^"]*)"', revise)),
            "agreed_on": "20.02.2013",
            "team_meeting_on": "19.02.2013",
            "actions.0.partner": "ops",
            "actions.0.kind": "social_worker",
            "actions.0.target_on": "28.02.2013",
            "actions.1.partner": "ngo",
            "actions.1.kind": "psychologist",
            "actions.1.target_on": "31.03.2013",
        },
    )
    page = followed(browser, revised)
    assert "Zmiana planu zapisana." in page
    assert "Wersja 2: uzgodniona 20.02.2013; posiedzenie zespołu specjalistów: 19.02.2013" in page
    assert "Wersja 1: uzgodniona 01.02.2013" in page
    card = browser.get(f"/clients/{client_id}")
    section = card.split('id="section-plan"')[1].split("</section>")[0]
    assert "wersja 2" in section
    assert "zaległe" in section
    assert "Halina Dąbrowska: brak planu wsparcia" not in browser.get("/")
    assert "Zaległe działanie planu: pracownik socjalny" in browser.get("/")
    english = browser.get(f"/clients/{client_id}", lang="en")
    assert "Support plan (OPS, revision 2, team meeting" in english
    assert "Shared timeline (every partner)" in english
    assert "individual support plan agreed" in english
    assert "History of revisions" in browser.get(f"/plans/{plan_id}", lang="en")


def test_the_inbox_in_english(browser: Browser, ops: TestClient) -> None:
    answer = ops.get("/referrals", params={"lang": "en"}, headers=PAGE)
    assert answer.status_code == 200
    assert "No referrals received." in answer.text


def test_a_service_another_partner_already_gives_is_kept_with_a_warning_naming_it(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    client_id = enrolled(browser, programme)
    node = ops.app.state.node  # type: ignore[attr-defined]

    async def ngo_gave_a_session() -> None:
        async with node.unit_of_work() as uow:
            client = await uow.clients.get(client_id)
            await uow.timeline.add(
                [
                    Entry(
                        event_id=str(uuid.uuid4()),
                        client=client.pseudonym,
                        partner="ngo",
                        type="ServiceDelivered",
                        on=date(2013, 2, 4),
                        details={
                            "role": "psychologist",
                            "mode": "individual",
                            "hours": "1",
                            "delivered_on": "2013-02-04",
                        },
                        recorded_at=datetime.now(UTC),
                    )
                ]
            )
            await uow.commit()

    assert ops.portal is not None
    ops.portal.call(ngo_gave_a_session)
    form = browser.get("/services/new", client=client_id)
    saved = browser.post(
        "/services/new",
        form,
        {
            "client_ids": client_id,
            "role": "psychologist",
            "mode": "individual",
            "hours": "1",
            "delivered_on": "11.02.2013",
        },
    )
    page = followed(browser, saved)
    assert "Zapisano." in page
    alert = page.split('role="alert"')[1].split("</div>")[0]
    assert "NGO już daje temu klientowi: psycholog (od 11.02.2013)" in alert
    card = browser.get(f"/clients/{client_id}")
    assert "NGO już daje temu klientowi: psycholog" in card.split('id="section-warnings"')[1]


ZOFIA = "85071204568"
HALINA_PESEL = HALINA["pesel"]


def test_the_inbox_answers_a_referral_for_a_person_unknown_here(
    browser: Browser, programme: str, ops: TestClient
) -> None:
    node = ops.app.state.node  # type: ignore[attr-defined]
    ctx = node.context

    async def ngo_referred(referral_id: str) -> None:
        async with node.unit_of_work() as uow:
            await uow.referrals.add(
                Referral(
                    id=referral_id,
                    client=pseudonym_for(ZOFIA, ctx.secret),
                    from_partner="ngo",
                    to_partner="ops",
                    service_kind=SpecialistRole.SOCIAL_WORKER,
                    made_on=date(2013, 6, 13),
                    consent_on=date(2013, 6, 13),
                    event_id=str(uuid.uuid4()),
                )
            )
            await uow.commit()

    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert ops.portal is not None
    ops.portal.call(ngo_referred, first)
    ops.portal.call(ngo_referred, second)
    inbox = browser.get("/referrals")
    received = inbox.split('id="received"')[1].split('id="sent"')[0]
    assert received.count("<td>osoba spoza rejestru węzła</td>") == 2
    assert 'aria-label="Przyjmij: pracownik socjalny, osoba spoza rejestru węzła"' in received
    assert "po terminie" in received  # made in 2013
    day = browser.get("/")
    assert day.count("Skierowanie po terminie odpowiedzi (otrzymane od: NGO): pracownik") == 2

    path = f"/referrals/{first}/accept"
    form = browser.get(path)
    assert "pracownik socjalny — skierowanie od: NGO, z dnia 13.06.2013" in form
    person = {"person.first_name": "Zofia", "person.last_name": "Łukasiewicz"}
    refused = browser.post(
        path, form, {**person, "answered_on": "17.06.2013", "person.pesel": HALINA_PESEL}, 422
    )
    assert re.search(r'href="#f-person-pesel">PESEL: ten numer PESEL należy do innej', refused.text)
    accepted = browser.post(
        path, form, {**person, "answered_on": "17.06.2013", "person.pesel": ZOFIA}
    )
    card = followed(browser, accepted)
    assert "Skierowanie przyjęte." in card
    assert "Zofia Łukasiewicz" in card

    path = f"/referrals/{second}/decline"
    declined = browser.post(
        path, browser.get(path), {"answered_on": "18.06.2013", "reason": "client_refused"}
    )
    inbox = followed(browser, declined)
    assert "Odmowa zapisana." in inbox
    assert "odrzucone (klient odmówił)" in inbox
    assert "przyjęte" in inbox
