"""The demo partnership: Bartoszyce, January–June 2013, as its partners published it.

PUP (the lead partner), MOPS and SION (an association for the integration of disabled people)
served 10 disabled unemployed people (7 women, 3 men); one took a job in March and was replaced,
11 in all. 3 attended vocational training, 5 did socially useful work (PSU), 5 began 6-month
internships, 3 took jobs on the open labour market. Specialists gave 783.5 hours (PUP 114.5, MOPS
222.5, SION 446.5) and 51 986,28 zł was paid directly to the clients.

Everything is loaded through the partner nodes' HTTP APIs, each write with an idempotency key,
so loading it twice changes nothing. The people are invented: valid PESELs, made-up names.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from stdnum.pl import pesel as stdnum_pesel

PROGRAMME_ID = "0d5b4a7e-6c1f-5d0a-9a57-6a2c1b0e2013"  # Bartoszyckie Partnerstwo, 2013
KEY_PREFIX = "demo:bartoszyce:"


class DemoError(RuntimeError):
    """The demo could not be loaded; the message says which node and why."""


@dataclass(frozen=True)
class Person:
    ref: str
    first_name: str
    last_name: str
    born: date
    female: bool
    serial: int
    disability: str
    enrolled_on: date
    household: int
    left_on: date | None = None
    replaces: str | None = None

    @property
    def pesel(self) -> str:
        """A valid PESEL for the invented person (checksum by python-stdnum)."""
        month = self.born.month + (20 if self.born.year >= 2000 else 0)
        sex_digit = (self.serial % 5) * 2 + (0 if self.female else 1)
        stem = f"{self.born:%y}{month:02d}{self.born:%d}{self.serial:03d}{sex_digit}"
        return stem + str(stdnum_pesel.calc_check_digit(stem))

    def active_on(self, day: date) -> bool:
        return self.enrolled_on <= day and (self.left_on is None or day <= self.left_on)


START = date(2013, 1, 28)
PEOPLE = (
    Person("K1", "Anna", "Wiśniewska", date(1968, 4, 12), True, 101, "moderate", START, 2),
    Person("K2", "Barbara", "Kowalczyk", date(1975, 9, 3), True, 102, "light", START, 3),
    Person(
        "K3",
        "Danuta",
        "Zielińska",
        date(1962, 1, 25),
        True,
        103,
        "moderate",
        START,
        1,
        left_on=date(2013, 3, 15),
    ),
    Person("K4", "Ewa", "Szymańska", date(1971, 6, 30), True, 104, "severe", START, 4),
    Person("K5", "Grażyna", "Woźniak", date(1966, 11, 8), True, 105, "moderate", START, 2),
    Person("K6", "Halina", "Dąbrowska", date(1980, 2, 17), True, 106, "light", START, 1),
    Person("K7", "Irena", "Kozłowska", date(1973, 8, 21), True, 107, "moderate", START, 3),
    Person("M1", "Jerzy", "Jankowski", date(1969, 5, 5), False, 108, "moderate", START, 2),
    Person("M2", "Krzysztof", "Mazur", date(1977, 12, 14), False, 109, "light", START, 1),
    Person("M3", "Marek", "Krawczyk", date(1964, 3, 9), False, 110, "severe", START, 2),
    Person(
        "K8",
        "Teresa",
        "Piotrowska",
        date(1979, 7, 19),
        True,
        111,
        "moderate",
        date(2013, 3, 18),
        2,
        replaces="K3",
    ),
)
BY_REF = {person.ref: person for person in PEOPLE}
END = date(2013, 6, 28)

# Hours of specialist services by partner and role (the seed names the roles; totals are its own).
HOURS = {
    "pup": {
        "vocational_counsellor": "44.5",
        "job_broker": "38.0",
        "internship_officer": "20.0",
        "psu_officer": "12.0",
    },
    "ops": {
        "sociologist": "12.0",
        "social_worker": "88.5",
        "psychologist": "36.0",
        "pedagogue": "30.0",
        "family_assistant": "28.0",
        "physiotherapist": "18.0",
        "psu_officer": "10.0",
    },
    "ngo": {
        "psychologist": "132.5",
        "vocational_counsellor": "96.0",
        "physiotherapist": "128.0",
        "it_trainer": "90.0",
    },
}
GROUP_ROLES = {("ngo", "it_trainer"), ("ngo", "psychologist"), ("ops", "pedagogue")}

# Money paid directly to clients: total per partner and legal basis, and who received it.
PAYMENTS: dict[tuple[str, str], tuple[str, tuple[str, ...], tuple[date, ...]]] = {
    ("ops", "social_assistance"): (
        "14230.50",
        ("K1", "K2", "K4", "K5", "K6", "M1", "M2", "M3"),
        tuple(date(2013, m, 10) for m in range(2, 7)),
    ),
    ("ops", "housing_allowance"): (
        "4812.36",
        ("K4", "K5", "K7", "M3"),
        tuple(date(2013, m, 15) for m in range(2, 7)),
    ),
    ("ops", "family_benefits"): (
        "6954.00",
        ("K2", "K4", "K7"),
        tuple(date(2013, m, 20) for m in range(2, 7)),
    ),
    ("ops", "maintenance_fund"): (
        "3600.00",
        ("K2", "K7"),
        tuple(date(2013, m, 20) for m in range(3, 7)),
    ),
    ("ops", "psu_compensation"): (
        "2989.42",
        ("K4", "K5", "K6", "M2", "M3"),
        tuple(date(2013, m, 28) for m in range(3, 7)),
    ),
    ("pup", "medical_exam_cost"): ("620.00", ("K1", "K2", "K5", "K6", "M1"), (date(2013, 3, 1),)),
    ("ngo", "training_cost"): ("3102.00", ("K1", "K2", "M1"), (date(2013, 2, 25),)),
}
# Internship stipends (stypendium stażowe), paid at the end of each month of the staż.
INTERNSHIPS = (
    ("K1", date(2013, 3, 4), "Miejski Ośrodek Pomocy Społecznej w Bartoszycach"),
    ("K2", date(2013, 4, 2), "ZR Polskiego Komitetu Pomocy Społecznej w Bartoszycach"),
    ("K5", date(2013, 6, 3), "Hotel „Bartis”"),
    ("K6", date(2013, 6, 3), "Dom Pomocy Społecznej"),
    ("M1", date(2013, 6, 3), "Powiatowy Urząd Pracy w Bartoszycach"),
)
STIPENDS_TOTAL = "15678.00"
TRAININGS = (
    ("K1", "operator komputera"),
    ("K2", "opiekunka osób starszych"),
    ("M1", "pracownik gospodarczy"),
)
PSU = (
    ("K4", date(2013, 3, 4)),
    ("K5", date(2013, 3, 4)),
    ("K6", date(2013, 3, 4)),
    ("M2", date(2013, 4, 2)),
    ("M3", date(2013, 4, 2)),
)
JOBS = (
    ("K3", date(2013, 3, 11), "employment_fixed_term", "private"),
    ("K7", date(2013, 5, 13), "mandate", "private"),
    ("M2", date(2013, 6, 17), "employment_fixed_term", "public"),
)

# --- the plan: every request the demo makes, in order ---------------------------------------------


@dataclass(frozen=True)
class Step:
    """One write to a partner node. `client` names a person whose node-local id fills the path."""

    partner: str
    key: str
    path: str
    body: dict[str, Any]
    client: str | None = None
    record_of: str | None = None  # remember the created record's id under this name


def _split(total: str, count: int) -> list[Decimal]:
    """`total` in `count` parts to the grosz, the rounding left on the last part."""
    whole = Decimal(total)
    part = (whole / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [part] * (count - 1) + [whole - part * (count - 1)]


def _working_days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _service_steps() -> Iterator[Step]:
    days = list(_working_days(date(2013, 2, 4), END))
    for partner, roles in HOURS.items():
        for role_index, (role, total) in enumerate(roles.items()):
            remaining = Decimal(total)
            sizes = itertools.cycle([Decimal("2.0"), Decimal("1.5"), Decimal("2.5")])
            number = 0
            while remaining > 0:
                hours = min(next(sizes), remaining)
                remaining -= hours
                day = days[(number * 7 + role_index * 3) % len(days)]
                active = [p.ref for p in PEOPLE if p.active_on(day)]
                group = (partner, role) in GROUP_ROLES and number % 2 == 0
                if group:
                    clients = [active[(number + i) % len(active)] for i in range(4)]
                else:
                    clients = [active[(number + role_index) % len(active)]]
                yield Step(
                    partner,
                    f"service:{partner}:{role}:{number}",
                    "/api/v1/services",
                    {
                        "client_refs": clients,
                        "role": role,
                        "mode": "group" if group else "individual",
                        "hours": str(hours),
                        "delivered_on": day.isoformat(),
                    },
                )
                number += 1


def _month_ends(first: date, last: date) -> list[date]:
    ends = []
    day = first
    while day <= last:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        ends.append(min(following - timedelta(days=1), last))
        day = following
    return ends


def plan() -> list[Step]:
    steps: list[Step] = []
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            steps.append(
                Step(
                    partner,
                    f"client:{person.ref}",
                    "/api/v1/clients",
                    {
                        "pesel": person.pesel,
                        "first_name": person.first_name,
                        "last_name": person.last_name,
                        "disability_degree": person.disability,
                        "address": "Bartoszyce",
                    },
                    record_of=f"client:{person.ref}",
                )
            )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.replaces is not None:
                continue
            steps.append(_enrolment(partner, person))
    for ref, started, kind, employer in JOBS:
        steps.append(
            Step(
                "pup",
                f"job:{ref}",
                "/api/v1/clients/{client}/employments",
                {
                    "contract_type": kind,
                    "employer_kind": employer,
                    "open_labour_market": True,
                    "started_on": started.isoformat(),
                },
                client=ref,
                record_of=f"job:{ref}",
            )
        )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.left_on is not None:
                steps.append(
                    Step(
                        partner,
                        f"exit:{person.ref}",
                        "/api/v1/clients/{client}/exit",
                        {"reason": "completed", "exited_on": person.left_on.isoformat()},
                        client=person.ref,
                    )
                )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.replaces is not None:
                steps.append(_enrolment(partner, person))
    for ref, _trade in TRAININGS:
        steps.append(
            Step(
                "ngo",
                f"training:{ref}",
                "/api/v1/clients/{client}/activities",
                {"kind": "training", "started_on": "2013-02-11"},
                client=ref,
                record_of=f"training:{ref}",
            )
        )
    for ref, started in PSU:
        steps.append(
            Step(
                "ops",
                f"psu:{ref}",
                "/api/v1/clients/{client}/activities",
                {"kind": "psu", "started_on": started.isoformat()},
                client=ref,
            )
        )
    for ref, started, _host in INTERNSHIPS:
        steps.append(
            Step(
                "pup",
                f"exam:{ref}",
                "/api/v1/clients/{client}/activities",
                {"kind": "medical_exam", "started_on": (started - timedelta(days=3)).isoformat()},
                client=ref,
            )
        )
        steps.append(
            Step(
                "pup",
                f"internship:{ref}",
                "/api/v1/clients/{client}/activities",
                {"kind": "internship", "started_on": started.isoformat()},
                client=ref,
            )
        )
    for ref, _trade in TRAININGS:
        steps.append(
            Step(
                "ngo",
                f"training-end:{ref}",
                "/api/v1/activities/{record}/end",
                {"outcome": "completed", "ended_on": "2013-03-29"},
                record_of=f"training:{ref}",
            )
        )
    steps.extend(_service_steps())
    steps.extend(_payment_steps())
    steps.append(
        Step(
            "pup",
            "retention:K3",
            "/api/v1/employments/{record}/retention",
            {"checked_on": "2013-06-28"},
            record_of="job:K3",
        )
    )
    return steps


def _enrolment(partner: str, person: Person) -> Step:
    body: dict[str, Any] = {
        "programme_id": PROGRAMME_ID,
        "enrolled_on": person.enrolled_on.isoformat(),
        "consent_ref": f"ZGODA/{person.ref}/2013",
        "registered_unemployed": True,
        "household_size": person.household,
    }
    if person.replaces:
        body["replaces_ref"] = person.replaces
    return Step(
        partner,
        f"enrol:{person.ref}",
        "/api/v1/clients/{client}/enrolment",
        body,
        client=person.ref,
    )


def _payment_steps() -> Iterator[Step]:
    for (partner, basis), (total, refs, days) in PAYMENTS.items():
        pairs = [(ref, day) for day in days for ref in refs if BY_REF[ref].active_on(day)]
        for number, ((ref, day), amount) in enumerate(
            zip(pairs, _split(total, len(pairs)), strict=True)
        ):
            yield Step(
                partner,
                f"pay:{basis}:{number}",
                "/api/v1/clients/{client}/payments",
                {"basis": basis, "amount": str(amount), "paid_on": day.isoformat()},
                client=ref,
            )
    stipends = [
        (ref, end) for ref, started, _host in INTERNSHIPS for end in _month_ends(started, END)
    ]
    for number, ((ref, day), amount) in enumerate(
        zip(stipends, _split(STIPENDS_TOTAL, len(stipends)), strict=True)
    ):
        yield Step(
            "pup",
            f"pay:internship_stipend:{number}",
            "/api/v1/clients/{client}/payments",
            {"basis": "internship_stipend", "amount": str(amount), "paid_on": day.isoformat()},
            client=ref,
        )


# --- loading -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    added: int = 0
    already_there: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    summary_before: dict[str, Any] | None = None


class _Loader:
    def __init__(self, urls: dict[str, str]) -> None:
        self.clients = {name: httpx.Client(base_url=url, timeout=30) for name, url in urls.items()}
        self.ids: dict[tuple[str, str], str] = {}

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def run(self, step: Step, outcome: Outcome) -> None:
        body = dict(step.body)
        path = step.path
        if step.client is not None:
            path = path.replace("{client}", self.ids[(step.partner, f"client:{step.client}")])
        if "{record}" in path and step.record_of is not None:
            path = path.replace("{record}", self.ids[(step.partner, step.record_of)])
        if "client_refs" in body:
            body["client_ids"] = [
                self.ids[(step.partner, f"client:{r}")] for r in body.pop("client_refs")
            ]
        if "replaces_ref" in body:
            body["replaces_client_id"] = self.ids[
                (step.partner, f"client:{body.pop('replaces_ref')}")
            ]
        try:
            response = self.clients[step.partner].post(
                path, json=body, headers={"Idempotency-Key": KEY_PREFIX + step.key}
            )
        except httpx.HTTPError as error:
            raise DemoError(f"the {step.partner.upper()} node did not answer: {error}") from None
        if response.status_code >= 400:
            message = response.json().get("message", response.text)
            raise DemoError(f"{step.partner.upper()} refused {step.key}: {message}")
        if response.headers.get("Idempotent-Replayed") == "true":
            outcome.already_there += 1
        else:
            outcome.added += 1
        if step.record_of is not None and "{record}" not in step.path:
            self.ids[(step.partner, step.record_of)] = response.json()["id"]


def load(urls: dict[str, str], reporting_url: str, console: Console) -> Outcome:
    """Load the demo through the partner APIs and wait until the reporting view shows it."""
    outcome = Outcome()
    reporting = httpx.Client(base_url=reporting_url, timeout=30)
    outcome.summary_before = _summary(reporting)
    steps = plan()
    loader = _Loader(urls)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Loading the Bartoszyce partnership", total=len(steps))
            for step in steps:
                loader.run(step, outcome)
                progress.advance(task)
    finally:
        loader.close()
    outcome.summary = _wait_for_reporting(urls, reporting)
    reporting.close()
    return outcome


def _summary(reporting: httpx.Client) -> dict[str, Any] | None:
    try:
        response = reporting.get("/api/v1/summary")
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def _wait_for_reporting(urls: dict[str, str], reporting: httpx.Client) -> dict[str, Any]:
    """Wait until every partner's outbox is published and the reporting node has all of it."""
    expected = 0
    for name, url in urls.items():
        deadline = time.monotonic() + 60
        while True:
            status = httpx.get(f"{url}/api/v1/outbox", timeout=10).json()
            if status["pending"] == 0:
                expected += status["last_seq"]
                break
            if time.monotonic() > deadline:
                raise DemoError(f"the {name.upper()} node has not published its events")
            time.sleep(0.2)
    deadline = time.monotonic() + 60
    while True:
        summary = _summary(reporting)
        if summary is not None and summary.get("events", 0) >= expected:
            return summary
        if time.monotonic() > deadline:
            raise DemoError("the reporting node has not received every event within a minute")
        time.sleep(0.2)


def print_outcome(outcome: Outcome, console: Console) -> None:
    if outcome.added == 0:
        console.print(
            f"The Bartoszyce demo was already loaded ({outcome.already_there} records): "
            "nothing was added and no figure changed."
        )
    else:
        console.print(
            f"Loaded the Bartoszyce demo: {outcome.added} records added"
            + (f", {outcome.already_there} already there." if outcome.already_there else ".")
        )
    summary = outcome.summary
    table = Table(title="The partnership's summary (reporting node)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    clients = summary["clients"]
    table.add_row(
        "clients (incl. replacements)",
        f"{clients['total']} ({clients['replacements']} replacement)",
    )
    table.add_row("by gender", ", ".join(f"{k} {v}" for k, v in clients["by_gender"].items()))
    hours = summary["hours"]
    table.add_row("hours of specialist services", hours["total"])
    for partner, value in hours["by_partner_kind"].items():
        table.add_row(f"  {partner.upper()}", value)
    for kind in ("training", "psu", "internship"):
        table.add_row(f"persons in {kind}", str(summary["activities"][kind]["persons"]))
    employment = summary["employment"]
    table.add_row("persons employed (rate)", f"{employment['persons']} ({employment['rate']})")
    table.add_row("money paid to clients (PLN)", summary["benefits"]["total"])
    console.print(table)
    if outcome.summary_before is not None and outcome.added == 0:
        unchanged = _figures(outcome.summary_before) == _figures(summary)
        console.print("Figures unchanged." if unchanged else "[yellow]Figures changed.[/]")


def _figures(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        key: summary.get(key)
        for key in ("clients", "hours", "activities", "employment", "benefits")
    }
