"""The whole partnership as real processes, and a real headless Chromium to look at it.

`partnership up` starts the embedded Valkey and the four nodes on a fresh data directory and free
ports; `partnership demo` loads the Bartoszyce partnership through the partner APIs. Chromium is
Debian's (`/usr/bin/chromium`), driven by Playwright; never a browser download.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from running_partnership import RunningPartnership, partnership_with_demo

from partnership_shared.access.gate import SESSION_COOKIE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


COORDINATOR = ("koordynatorka", "Koordynacja-Bartoszyce-2013")
"""The coordinator the browser signs in as (made with `partnership users add`)."""
CASEWORKER = ("pracownik-ops", "Praca-socjalna-Bartoszyce")
"""A social worker of the OPS (MOPS Bartoszyce), made the same way."""
NGO_CASEWORKER = ("psycholog-ngo", "Wsparcie-Bartoszyce-2013")
"""A psychologist of the NGO, who answers the OPS's referral."""


@pytest.fixture(scope="session")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    """A partnership of the browser tests' own (they add records), with the demo loaded and a
    coordinator's account on the reporting node."""
    with partnership_with_demo(tmp_path_factory.mktemp("browser-partnership")) as running:
        running.add_account("reporting", COORDINATOR[0], "coordinator", COORDINATOR[1])
        running.add_account("ops", CASEWORKER[0], "caseworker", CASEWORKER[1])
        running.add_account("ngo", NGO_CASEWORKER[0], "caseworker", NGO_CASEWORKER[1])
        yield running


@pytest.fixture(scope="session")
def coordinator() -> tuple[str, str]:
    """The user name and password of the coordinator the browser signs in as."""
    return COORDINATOR


@pytest.fixture(scope="session")
def coordinator_cookies(partnership: RunningPartnership) -> list[dict[str, Any]]:
    """A signed-in coordinator's session cookie, got once through the login form."""
    response = httpx.post(
        f"{partnership.reporting}/login",
        data={"username": COORDINATOR[0], "password": COORDINATOR[1], "next": "/"},
        timeout=30,
    )
    assert response.status_code == 303, response.text
    cookie = response.cookies[SESSION_COOKIE]
    return [{"name": SESSION_COOKIE, "value": cookie, "url": partnership.reporting}]


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is
# open, which would stop later asyncio tests from starting theirs.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(
    browser: Browser, partnership: RunningPartnership, coordinator_cookies: list[dict[str, Any]]
) -> Iterator[Page]:
    """A page of a browser signed in as the coordinator."""
    context = browser.new_context(
        base_url=partnership.reporting,
        viewport={"width": 1280, "height": 900},
        locale="pl-PL",
        accept_downloads=True,
    )
    context.add_cookies(coordinator_cookies)  # type: ignore[arg-type]
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
