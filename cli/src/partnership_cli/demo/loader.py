"""Loading a demo partnership through the partner nodes' HTTP APIs, as staff would record it.

A scenario is a list of steps. Each write carries an idempotency key, so loading it twice changes
nothing. Ids the nodes give (a client in one node, a programme or an edition for all) are kept under
names that later steps use: `"@client:K1"` in a body, `{client:K1}` in a path (a client is looked up
in the step's own node first), `"@programme"`, `{edition:1}`; programmes, editions, plans and
referrals are known to every partner by one id.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress


class DemoError(RuntimeError):
    """The demo could not be loaded; the message says which node and why."""


@dataclass(frozen=True)
class Step:
    """One request to a partner node.

    A write (`POST`/`PATCH`) keeps the id it creates under `save_as`; a `wait` step asks the node
    for `path` until it answers (another partner's programme has reached it).
    """

    partner: str
    key: str
    path: str
    body: dict[str, Any] = field(default_factory=dict)
    save_as: str | None = None
    method: str = "POST"
    wait: bool = False


@dataclass
class Outcome:
    added: int = 0
    already_there: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    summary_before: dict[str, Any] | None = None


_PLACEHOLDER = re.compile(r"\{([^}]+)\}")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Loader:
    def __init__(self, urls: dict[str, str], key_prefix: str, tokens: dict[str, str]) -> None:
        self.clients = {
            name: httpx.Client(base_url=url, timeout=30, headers=bearer(tokens[name]))
            for name, url in urls.items()
        }
        self.key_prefix = key_prefix
        self.ids: dict[str, str] = {}

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def _id(self, partner: str, name: str) -> str:
        for candidate in (f"{partner}:{name}", name):
            if candidate in self.ids:
                return self.ids[candidate]
        raise DemoError(f"the demo refers to {name!r} before it was made")

    def _resolve(self, partner: str, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            return self._id(partner, value[1:])
        if isinstance(value, list):
            return [self._resolve(partner, item) for item in value]
        if isinstance(value, dict):
            return {name: self._resolve(partner, item) for name, item in value.items()}
        return value

    def run(self, step: Step, outcome: Outcome) -> None:
        path = _PLACEHOLDER.sub(lambda m: self._id(step.partner, m.group(1)), step.path)
        node = self.clients[step.partner]
        if step.wait:
            self._wait(step.partner, node, path)
            return
        try:
            response = node.request(
                step.method,
                path,
                json=self._resolve(step.partner, step.body),
                headers={"Idempotency-Key": self.key_prefix + step.key, "Accept-Language": "en"},
            )
        except httpx.HTTPError as error:
            raise DemoError(f"the {step.partner.upper()} node did not answer: {error}") from None
        # A key older than a day keeps no answer (it may have held a PESEL): the node says what
        # the step made, and it is there already.
        expired = response.status_code == 409 and "Idempotent-Record" in response.headers
        if response.status_code >= 400 and not expired:
            message = response.json().get("message", response.text)
            raise DemoError(f"{step.partner.upper()} refused {step.key}: {message}")
        if expired or response.headers.get("Idempotent-Replayed") == "true":
            outcome.already_there += 1
        else:
            outcome.added += 1
        if step.save_as is not None:
            made = response.json()
            name = step.save_as
            shared = name.startswith(("programme", "edition", "plan", "referral"))
            self.ids[name if shared else f"{step.partner}:{name}"] = (
                response.headers["Idempotent-Record"]
                if expired
                else made.get("id") or made["record"]["id"]
            )

    @staticmethod
    def _wait(partner: str, node: httpx.Client, path: str, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while node.get(path).status_code != 200:
            if time.monotonic() > deadline:
                raise DemoError(f"the {partner.upper()} node has not learnt of {path}")
            time.sleep(0.1)


def load(
    steps: Sequence[Step],
    title: str,
    key_prefix: str,
    urls: dict[str, str],
    reporting_url: str,
    console: Console,
    tokens: dict[str, str],
) -> Outcome:
    """Load the steps through the partner APIs and wait until the reporting view shows them."""
    outcome = Outcome()
    reporting = httpx.Client(
        base_url=reporting_url, timeout=30, headers=bearer(tokens["reporting"])
    )
    outcome.summary_before = summary(reporting)
    loader = Loader(urls, key_prefix, tokens)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(title, total=len(steps))
            for step in steps:
                loader.run(step, outcome)
                progress.advance(task)
    finally:
        loader.close()
    outcome.summary = wait_for_reporting(urls, reporting, tokens)
    reporting.close()
    return outcome


def summary(reporting: httpx.Client, **params: str) -> dict[str, Any] | None:
    try:
        response = reporting.get("/api/v1/summary", params=params)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def wait_for_reporting(
    urls: dict[str, str], reporting: httpx.Client, tokens: dict[str, str]
) -> dict[str, Any]:
    """Wait until every partner's outbox is published and the reporting node has all of it."""
    expected = 0
    for name, url in urls.items():
        deadline = time.monotonic() + 60
        while True:
            status = httpx.get(
                f"{url}/api/v1/outbox", timeout=10, headers=bearer(tokens[name])
            ).json()
            if status["pending"] == 0:
                expected += status["last_seq"]
                break
            if time.monotonic() > deadline:
                raise DemoError(f"the {name.upper()} node has not published its events")
            time.sleep(0.2)
    deadline = time.monotonic() + 60
    while True:
        found = summary(reporting)
        if found is not None and _received(reporting) >= expected:
            return found
        if time.monotonic() > deadline:
            raise DemoError("the reporting node has not received every event within a minute")
        time.sleep(0.2)


def _received(reporting: httpx.Client) -> int:
    try:
        status = reporting.get("/api/v1/ingest/status").json()
    except (httpx.HTTPError, ValueError):
        return 0
    return int(status.get("events", 0))
