"""The whole partnership as real processes, and a real headless Chromium to look at it.

`partnership up` starts the embedded Valkey and the four nodes (reporting 8100, PUP 8101, OPS 8102,
NGO 8103) on a fresh data directory; `partnership demo` loads the Bartoszyce partnership through
the partner APIs. Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright; never a
browser download.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

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
PORTS = {"reporting": 8100, "pup": 8101, "ops": 8102, "ngo": 8103, "broker": 6390}
REPORTING = "http://127.0.0.1:8100"
NGO = "http://127.0.0.1:8103"


def _busy(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _partnership_command() -> list[str]:
    return [str(Path(sys.executable).with_name("partnership"))]


def _wait_healthy(process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`partnership up` stopped:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(f"{REPORTING}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the partnership did not start in {timeout:.0f} s; see {log}")


@pytest.fixture(scope="session")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The running partnership with the Bartoszyce demo loaded; yields the dashboard's URL."""
    busy = [f"{name} ({port})" for name, port in PORTS.items() if _busy(port)]
    if busy:
        pytest.fail(f"ports already in use, stop whatever holds them first: {', '.join(busy)}")
    data_dir = tmp_path_factory.mktemp("partnership")
    env = {**os.environ, "PARTNERSHIP_DATA_DIR": str(data_dir)}
    env.pop("REDIS_URL", None)
    log = data_dir / "up.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*_partnership_command(), "up", "--partnership-id", "bartoszyce"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_healthy(process, log)
        demo = subprocess.run(
            [*_partnership_command(), "demo"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert demo.returncode == 0, demo.stdout + demo.stderr
        yield REPORTING
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, partnership: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=partnership,
        viewport={"width": 1280, "height": 900},
        locale="pl-PL",
        accept_downloads=True,
    )
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
