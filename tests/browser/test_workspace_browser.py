"""A social worker's morning at the OPS node, in a real Chromium, with the keyboard only (Tab,
Enter and typing), after `partnership demo`; the internet is out of reach (an intranet).

She signs in, finds Halina Dąbrowska typing `dabrowska`, registers a new client (the PESEL
checked as she types), enrols her, records a group session with both, a benefit typed
`1 234,56`, corrects its amount with a reason (the history shows it), and the partnership's
summary shows the corrected amount. Screenshots of the pages go to `test-artifacts/`.
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

from .conftest import CASEWORKER

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

NBSP = "\xa0"
DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "workspace-client-card.png"
NEW_CLIENT = ("85071204568", "Zofia", "Łukasiewicz")  # born 12.07.1985, a woman


@pytest.fixture
def ops_page(browser: Browser, partnership: RunningPartnership) -> Iterator[Page]:
    """A browser at the OPS node that reaches nothing but this machine."""
    context = browser.new_context(
        base_url=partnership.url("ops"), viewport={"width": 1280, "height": 900}, locale="pl-PL"
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


def ops_benefits(partnership: RunningPartnership) -> Decimal:
    summary = partnership.summary(partner="ops")
    return Decimal(summary["benefits"]["total"])  # type: ignore[index]


def test_a_social_worker_records_a_morning_by_keyboard(
    ops_page: Page, partnership: RunningPartnership, artifacts: Path
) -> None:
    page = ops_page
    before = ops_benefits(partnership)
    page.goto("/")
    expect(page.get_by_role("heading", name="Logowanie")).to_be_visible()
    type_into(page, page.get_by_label("Nazwa użytkownika"), CASEWORKER[0])
    type_into(page, page.get_by_label("Hasło"), CASEWORKER[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mój dzień")).to_be_visible()
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
    page.screenshot(path=str(artifacts / "workspace-client-card.png"), full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOT") == "1":
        shutil.copy(artifacts / "workspace-client-card.png", DOCS_SCREENSHOT)
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
