"""Signing in to the dashboard in a real Chromium: the login page, in Polish, then the figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from running_partnership import RunningPartnership

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_a_coordinator_signs_in_to_the_dashboard(
    browser: Browser, partnership: RunningPartnership, coordinator: tuple[str, str]
) -> None:
    context = browser.new_context(base_url=partnership.reporting, locale="pl-PL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/?period=2013-Q2")
        expect(page.get_by_role("heading", name="Logowanie")).to_be_visible()
        page.get_by_label("Nazwa użytkownika").fill(coordinator[0])
        page.get_by_label("Hasło").fill("nie to hasło")
        page.get_by_role("button", name="Zaloguj").click()
        expect(page.get_by_role("alert")).to_have_text("Nieprawidłowy login lub hasło.")
        page.get_by_label("Hasło").fill(coordinator[1])
        page.get_by_role("button", name="Zaloguj").click()
        expect(page).to_have_url(f"{partnership.reporting}/?period=2013-Q2")
        expect(page.locator('[data-figure="clients"] .headline-value')).to_be_visible()
    finally:
        context.close()
