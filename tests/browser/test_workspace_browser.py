"""A social worker's morning at the OPS node and a psychologist's at the NGO, in a real Chromium,
with the keyboard only (Tab, Enter and typing), after `partnership demo`; the internet is out of
reach (an intranet).

She signs in, finds Halina Dąbrowska typing `dabrowska`, registers a new client (the PESEL
checked as she types), enrols her, records a group session with both, a benefit typed
`1 234,56`, corrects its amount with a reason (the history shows it) and refers her to the NGO
with her consent. At the NGO the referral waits in the inbox: accepted (registering the person
there), the service recorded, the referral completed. Back at the OPS the shared timeline shows
the NGO's service; the partnership's summary shows the corrected amount. Screenshots of the
pages go to `test-artifacts/` (`UPDATE_DOCS_SCREENSHOT=1` copies the card's and the inbox's to
`docs/`).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect
from running_partnership import RunningPartnership

from .conftest import CASEWORKER, NGO_CASEWORKER

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

NBSP = "\xa0"
DOCS = Path(__file__).resolve().parents[2] / "docs"
DOCS_SCREENSHOT = DOCS / "workspace-client-card.png"
DOCS_INBOX = DOCS / "workspace-inbox.png"
NEW_CLIENT = ("85071204568", "Zofia", "Łukasiewicz")  # born 12.07.1985, a woman


def intranet_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A browser at a node that reaches nothing but this machine."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, locale="pl-PL"
    )

    def local_only(route: Route) -> None:
        if re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def ops_page(browser: Browser, partnership: RunningPartnership) -> Iterator[Page]:
    yield from intranet_page(browser, partnership.url("ops"))


@pytest.fixture
def ngo_page(browser: Browser, partnership: RunningPartnership) -> Iterator[Page]:
    yield from intranet_page(browser, partnership.url("ngo"))


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until `target` has the focus (as a person moving through the page)."""
    handle = target.element_handle()
    assert handle is not None
    for _ in range(limit):
        if page.evaluate("(element) => document.activeElement === element", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def type_into(page: Page, target: Locator, text: str, *, replace: bool = False) -> None:
    tab_to(page, target)
    if replace:
        page.keyboard.press("Control+A")
    page.keyboard.type(text)


def follow(page: Page, target: Locator) -> None:
    tab_to(page, target)
    page.keyboard.press("Enter")


def sign_in(page: Page, account: tuple[str, str]) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Logowanie")).to_be_visible()
    type_into(page, page.get_by_label("Nazwa użytkownika"), account[0])
    type_into(page, page.get_by_label("Hasło"), account[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mój dzień")).to_be_visible()


def choose(page: Page, select: Locator, value: str, limit: int = 10) -> None:
    """Move through a list's options with the arrow keys until `value` is chosen."""
    tab_to(page, select)
    for _ in range(limit):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    expect(select).to_have_value(value)


def until_shown(page: Page, target: Locator, seconds: float = 30) -> None:
    """Reload until another node's event has arrived and `target` shows (waiting, not acting)."""
    deadline = time.monotonic() + seconds
    while target.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    expect(target.first).to_be_visible()


def ops_benefits(partnership: RunningPartnership) -> Decimal:
    summary = partnership.summary(partner="ops")
    return Decimal(summary["benefits"]["total"])  # type: ignore[index]


def test_a_morning_at_the_ops_and_the_ngo_by_keyboard(
    ops_page: Page, ngo_page: Page, partnership: RunningPartnership, artifacts: Path
) -> None:
    page = ops_page
    before = ops_benefits(partnership)
    sign_in(page, CASEWORKER)
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.screenshot(path=str(artifacts / "workspace-my-day.png"), full_page=True)

    # Find a client typing without Polish letters.
    follow(page, page.get_by_role("link", name="Klienci", exact=True))
    type_into(page, page.get_by_label("Szukaj: nazwisko, imię lub PESEL"), "dabrowska")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Dąbrowska Halina")).to_be_visible()
    page.screenshot(path=str(artifacts / "workspace-clients.png"), full_page=True)

    # Register a new client: the PESEL is checked, her birth date and gender filled in.
    follow(page, page.get_by_role("link", name="Zarejestruj klienta").first)
    pesel, first, last = NEW_CLIENT
    type_into(page, page.get_by_label("PESEL"), pesel[:-1] + "0")
    expect(page.locator("#pesel-live")).to_have_text("cyfra kontrolna się nie zgadza")
    page.keyboard.press("Backspace")
    page.keyboard.type(pesel[-1])
    expect(page.locator("#pesel-birth")).to_have_text("12.07.1985")
    expect(page.locator("#pesel-gender")).to_have_text("kobieta")
    type_into(page, page.get_by_label("Imię"), first)
    type_into(page, page.get_by_label("Nazwisko"), last)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Klient zarejestrowany.")
    expect(page.get_by_role("heading", name=f"{first} {last}")).to_be_visible()

    # Enrol her: the date typed over today's, the consent's number.
    follow(page, page.get_by_role("link", name="Zapisz do programu"))
    type_into(page, page.get_by_label("Data zapisu"), "03.06.2013", replace=True)
    type_into(page, page.get_by_label("Zgoda na przetwarzanie danych (numer)"), "ZGODA/99/2013")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Klient zapisany do programu.")

    # A group session with Halina Dąbrowska, added by typing her name.
    follow(page, page.locator(".record-menu").get_by_role("link", name="Zapisz usługę"))
    type_into(page, page.get_by_label("Dodaj uczestnika: nazwisko, imię lub PESEL"), "dabrowska")
    page.keyboard.press("Enter")
    expect(page.locator("ul.chosen li")).to_have_count(2)
    type_into(page, page.get_by_label("Specjalista"), "pedagog")
    expect(page.get_by_label("Specjalista")).to_have_value("pedagogue")
    expect(page.get_by_label("Forma")).to_have_value("group")
    type_into(page, page.get_by_label("Liczba godzin"), "1,5")
    type_into(page, page.get_by_label("Data usługi"), "10.06.2013", replace=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Zapisano.")
    expect(page.locator(".facts")).to_contain_text(f"1,5{NBSP}godz.")
    expect(page.locator(".lead")).to_contain_text("Halina Dąbrowska")
    page.screenshot(path=str(artifacts / "workspace-service.png"), full_page=True)

    # A benefit typed the Polish way.
    follow(page, page.locator(".lead").get_by_role("link", name=f"{first} {last}"))
    follow(page, page.locator(".record-menu").get_by_role("link", name="Zapisz wypłatę"))
    type_into(page, page.get_by_label("Podstawa wypłaty"), "zasiłek")
    expect(page.get_by_label("Podstawa wypłaty")).to_have_value("social_assistance")
    type_into(page, page.get_by_label("Kwota (zł)"), "1 234,56")
    type_into(page, page.get_by_label("Data wypłaty"), "12.06.2013", replace=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Wypłata zapisana.")
    payments = page.locator("#section-payments")
    expect(payments).to_contain_text(f"1{NBSP}234,56{NBSP}zł")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "workspace-client-card-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Its amount was mistyped: corrected, with the reason; the history shows it.
    follow(page, payments.get_by_role("link", name="12.06.2013"))
    follow(page, page.locator("#correction summary"))
    type_into(
        page, page.locator("#correction").get_by_label("Kwota (zł)"), "1 243,56", replace=True
    )
    type_into(
        page, page.locator("#correction").get_by_label(re.compile(r"^Powód")), "pomyłka w kwocie"
    )
    follow(page, page.get_by_role("button", name="Zapisz korektę"))
    expect(page.get_by_role("status")).to_have_text("Korekta zapisana.")
    expect(page.locator(".facts")).to_contain_text(f"1{NBSP}243,56{NBSP}zł")
    history = page.locator("table.history")
    expect(history).to_contain_text(CASEWORKER[0])
    expect(history).to_contain_text("pomyłka w kwocie")
    expect(history).to_contain_text(f"1{NBSP}234,56{NBSP}zł → 1{NBSP}243,56{NBSP}zł")
    page.screenshot(path=str(artifacts / "workspace-correction.png"), full_page=True)

    # She refers her to the NGO's psychologist; without the consent's date it is refused.
    follow(page, page.locator(".lead").get_by_role("link", name=f"{first} {last}"))
    follow(page, page.get_by_role("link", name="Skieruj do partnera"))
    choose(page, page.get_by_label("Partner, do którego kierujesz"), "ngo")
    type_into(page, page.get_by_label("Rodzaj wsparcia"), "psycholog")
    expect(page.get_by_label("Rodzaj wsparcia")).to_have_value("psychologist")
    type_into(page, page.get_by_label("Data skierowania"), "13.06.2013", replace=True)
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Data zgody klienta na przekazanie danych temu partnerowi")
    type_into(page, page.get_by_label(re.compile(r"^Data zgody klienta")), "13.06.2013")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Skierowanie wysłane.")
    expect(page.locator("#section-referrals")).to_contain_text("czeka na odpowiedź")

    # The team of specialists agreed her plan: the NGO's psychologist by the end of June.
    follow(page, page.get_by_role("link", name="Uzgodnij plan wsparcia"))
    type_into(page, page.get_by_label("Data uzgodnienia planu"), "13.06.2013", replace=True)
    type_into(page, page.get_by_label("Data posiedzenia zespołu specjalistów"), "12.06.2013")
    choose(page, page.get_by_label("Partner (Działanie 1)"), "ngo")
    type_into(page, page.get_by_label("Rodzaj (Działanie 1)"), "psycholog")
    expect(page.get_by_label("Rodzaj (Działanie 1)")).to_have_value("psychologist")
    type_into(page, page.get_by_label("Termin (Działanie 1)"), "30.06.2013")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Plan wsparcia zapisany.")
    expect(page.locator("table.plan-actions")).to_contain_text("psycholog")

    # At the NGO: the referral waits in the inbox (overdue: made in 2013), accepted by typing
    # the person's data (the NGO does not know her), she is enrolled and given the service.
    ngo = ngo_page
    sign_in(ngo, NGO_CASEWORKER)
    follow(ngo, ngo.get_by_role("link", name="Skierowania", exact=True))
    accept = ngo.get_by_role("link", name="Przyjmij: psycholog, osoba spoza rejestru węzła")
    until_shown(ngo, accept)
    expect(ngo.locator("#received tr.overdue")).to_contain_text("po terminie")
    ngo.screenshot(path=str(artifacts / "workspace-inbox.png"), full_page=True)
    follow(ngo, accept)
    type_into(ngo, ngo.get_by_label("Data odpowiedzi"), "17.06.2013", replace=True)
    type_into(ngo, ngo.get_by_label("PESEL"), pesel)
    type_into(ngo, ngo.get_by_label("Imię"), first)
    type_into(ngo, ngo.get_by_label("Nazwisko"), last)
    ngo.keyboard.press("Enter")
    expect(ngo.get_by_role("status")).to_have_text("Skierowanie przyjęte.")
    expect(ngo.get_by_role("heading", name=f"{first} {last}")).to_be_visible()
    follow(ngo, ngo.get_by_role("link", name="Zapisz do programu"))
    type_into(ngo, ngo.get_by_label("Data zapisu"), "17.06.2013", replace=True)
    type_into(ngo, ngo.get_by_label("Zgoda na przetwarzanie danych (numer)"), "NGO/7/2013")
    ngo.keyboard.press("Enter")
    expect(ngo.get_by_role("status")).to_have_text("Klient zapisany do programu.")
    follow(ngo, ngo.locator(".record-menu").get_by_role("link", name="Zapisz usługę"))
    type_into(ngo, ngo.get_by_label("Specjalista"), "psycholog")
    expect(ngo.get_by_label("Specjalista")).to_have_value("psychologist")
    type_into(ngo, ngo.get_by_label("Liczba godzin"), "1")
    type_into(ngo, ngo.get_by_label("Data usługi"), "18.06.2013", replace=True)
    ngo.keyboard.press("Enter")
    expect(ngo.get_by_role("status")).to_have_text("Zapisano.")

    # ...and the referral completed from the inbox.
    follow(ngo, ngo.get_by_role("link", name="Skierowania", exact=True))
    follow(ngo, ngo.get_by_role("link", name=f"Zrealizowano: psycholog, {first} {last}"))
    type_into(ngo, ngo.get_by_label("Data realizacji"), "18.06.2013", replace=True)
    ngo.keyboard.press("Enter")
    expect(ngo.get_by_role("status")).to_have_text("Realizacja skierowania zapisana.")
    expect(ngo.locator("#received")).to_contain_text("zrealizowane")
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        shutil.copy(artifacts / "workspace-inbox.png", DOCS_INBOX)

    # Back at the OPS: her card's shared timeline shows the NGO's service, the referral done.
    follow(page, page.get_by_role("link", name="Klienci", exact=True))
    type_into(page, page.get_by_label("Szukaj: nazwisko, imię lub PESEL"), "lukasiewicz")
    page.keyboard.press("Enter")
    follow(page, page.get_by_role("link", name=f"{last} {first}"))
    timeline = page.locator("#section-timeline")
    until_shown(page, timeline.get_by_text("usługa specjalisty — psycholog"))
    expect(timeline).to_contain_text("realizacja skierowania")
    expect(page.locator("#section-referrals")).to_contain_text("Brak otwartych skierowań.")
    expect(page.locator("#section-plan")).to_contain_text("wykonane w terminie")

    # A psychologist's session at the OPS too: kept, with a warning naming the NGO.
    follow(page, page.locator(".record-menu").get_by_role("link", name="Zapisz usługę"))
    type_into(page, page.get_by_label("Specjalista"), "psycholog")
    type_into(page, page.get_by_label("Liczba godzin"), "1")
    type_into(page, page.get_by_label("Data usługi"), "20.06.2013", replace=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Zapisano.")
    expect(page.get_by_role("alert")).to_contain_text("NGO już daje temu klientowi: psycholog")
    follow(page, page.locator(".lead").get_by_role("link", name=f"{first} {last}"))
    expect(page.locator("#section-warnings")).to_contain_text("NGO już daje temu klientowi")
    page.screenshot(path=str(artifacts / "workspace-client-card.png"), full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        shutil.copy(artifacts / "workspace-client-card.png", DOCS_SCREENSHOT)

    # The partnership's summary counts the corrected amount, not the typed one.
    expected = before + Decimal("1243.56")
    deadline = time.monotonic() + 30
    while ops_benefits(partnership) != expected and time.monotonic() < deadline:
        time.sleep(0.3)
    assert ops_benefits(partnership) == expected


def test_api_docs_and_english_need_no_internet(
    ops_page: Page, partnership: RunningPartnership
) -> None:
    page = ops_page
    page.goto("/login?next=/docs")
    page.get_by_label("Nazwa użytkownika").fill(CASEWORKER[0])
    page.get_by_label("Hasło").fill(CASEWORKER[1])
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("OPS node")
    page.goto("/clients?q=WISNIEWSKA")
    expect(page.get_by_role("link", name="Wiśniewska Anna")).to_be_visible()
    page.get_by_role("link", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
