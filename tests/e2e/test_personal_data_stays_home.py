"""After `partnership demo` (both scenarios), nothing the reporting node holds and nothing on the
broker names a demo client: no PESEL, no name, no birth date, in its database files, in any answer
of its API and pages, or on any stream (read with the users allowed to). And `partnership up` keeps
its data directory readable by its owner only."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from running_partnership import RunningPartnership, free_port_run, start_partnership

from partnership_cli.credentials import Credentials
from partnership_cli.demo import bartoszyce, poznan
from partnership_cli.demo.people import Person
from partnership_shared.kernel.streams import (
    heartbeat_stream,
    partner_stream,
    replay_request_stream,
)

pytestmark = pytest.mark.e2e
PARTNERS = ("pup", "ops", "ngo")


@pytest.fixture(scope="module")
def both_demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    data_dir = tmp_path_factory.mktemp("both-demos")
    base = free_port_run(5)
    running = start_partnership(data_dir, base, base + 4)
    try:
        for scenario in ("bartoszyce", "poznan"):
            loaded = running.cli("demo", scenario)
            assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()


def demo_people() -> list[Person]:
    return [*bartoszyce.PEOPLE, *(person for family in poznan.families() for person in family)]


def personal_data(people: list[Person]) -> dict[str, re.Pattern[str]]:
    """What would give a demo client away, each as a pattern standing on its own."""
    found: dict[str, re.Pattern[str]] = {}
    for person in people:
        born = person.born
        for text in (
            person.pesel,
            person.first_name,
            person.last_name,
            born.isoformat(),
            f"{born:%d.%m.%Y}",
            f"{born:%d/%m/%Y}",
        ):
            found[text] = re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")
    return found


def leaks(text: str, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    return sorted(name for name, pattern in patterns.items() if pattern.search(text))


def test_the_reporting_node_and_the_broker_hold_no_personal_data_of_the_demo_clients(
    both_demos: RunningPartnership,
) -> None:
    people = demo_people()
    assert len(people) == 11 + 54
    patterns = personal_data(people)
    data_dir = both_demos.data_dir

    # The scan finds them where they belong: the partner nodes' databases (and their WAL files).
    held_by_partners = "".join(
        path.read_bytes().decode("utf-8", "ignore")
        for partner in PARTNERS
        for path in data_dir.glob(f"{partner}.db*")
    )
    assert people[0].pesel in held_by_partners
    assert people[-1].pesel in held_by_partners

    files = sorted(data_dir.glob("reporting.db*"))
    assert files
    for path in files:
        assert leaks(path.read_bytes().decode("utf-8", "ignore"), patterns) == [], path.name

    answers = [
        both_demos.get("reporting", path, **params)
        for path, params in (
            ("/api/v1/summary", {}),
            ("/api/v1/trend", {}),
            ("/api/v1/ingest/status", {}),
            ("/", {}),
            ("/reports/monitoring", {}),
            ("/reports/monitoring.csv", {"lang": "en"}),
            ("/openapi.json", {}),
        )
    ]
    drilldown = both_demos.get("reporting", "/api/v1/drilldown", figure="clients.total")
    pseudonyms = drilldown.json()["pseudonyms"]
    assert len(pseudonyms) >= 11
    answers.append(drilldown)
    answers += [
        both_demos.get("reporting", f"/api/v1/clients/{pseudonym}/journey")
        for pseudonym in pseudonyms
    ]
    answers.append(both_demos.get("reporting", f"/clients/{pseudonyms[0]}"))
    # The dead letters are the auditors' to read.
    both_demos.add_account("reporting", "audytor", "auditor", "zaufana kontrolerka 2013")
    auditor = both_demos.sign_in("reporting", "audytor", "zaufana kontrolerka 2013")
    answers.append(
        httpx.get(
            both_demos.url("reporting") + "/api/v1/dead-letters",
            headers={"Authorization": f"Bearer {auditor}"},
            timeout=10,
        )
    )
    for answer in answers:
        assert answer.status_code == 200, (answer.url, answer.text[:200])
        assert leaks(answer.text, patterns) == [], answer.url

    port = both_demos.port_base + 4
    credentials = Credentials(data_dir)
    reporting = redis.Redis.from_url(credentials.redis_url("reporting", "127.0.0.1", port))
    entries = 0
    try:
        for partner in PARTNERS:
            for stream in (partner_stream(partner), heartbeat_stream(partner)):
                for _, fields in reporting.xrange(stream):
                    entries += 1
                    for value in fields.values():
                        assert leaks(value.decode(), patterns) == [], stream
    finally:
        reporting.close()
    # Streams are trimmed below what every group acknowledged: what is gone from them was
    # scanned above, in the reporting node's event store, which keeps every body.
    assert entries > 0
    for partner in PARTNERS:  # replay requests: only their partner may read them
        own = redis.Redis.from_url(credentials.redis_url(partner, "127.0.0.1", port))
        try:
            stream = replay_request_stream(partner)
            own.xgroup_create(stream, "personal-data-scan", id="0", mkstream=True)
            for _, messages in own.xreadgroup("personal-data-scan", "scan", {stream: ">"}) or []:
                for _, fields in messages:
                    for value in fields.values():
                        assert leaks(value.decode(), patterns) == [], stream
        finally:
            own.close()


def test_the_data_directory_is_readable_by_its_owner_only(both_demos: RunningPartnership) -> None:
    data_dir: Path = both_demos.data_dir
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    databases = sorted(data_dir.glob("*.db*"))
    assert {path.name for path in databases} >= {f"{n}.db" for n in ("reporting", *PARTNERS)}
    for path in [*databases, *data_dir.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(data_dir)} is {oct(mode)}"
