"""The demo partnership: Bartoszyce, January–June 2013, as its partners published it.

PUP (the lead partner), MOPS and SION (an association for the integration of disabled people)
served 10 disabled unemployed people (7 women, 3 men); one took a job in March and was replaced,
11 in all. 3 attended vocational training, 5 did socially useful work (PSU), 5 began 6-month
internships, 3 took jobs on the open labour market. Specialists gave 783.5 hours (PUP 114.5, MOPS
222.5, SION 446.5) and 51 986,28 zł was paid directly to the clients.

Every client had an individual support plan, agreed by the partners' team of specialists after
recruitment (kept by the PUP, the lead partner; the replacement's after she joined, and the first
client's revised when her internship was arranged). The PUP referred the trainees to SION for their
courses and the PSU workers to MOPS, as the seed says each partner provided them.

The programme is PUP's (the lead partner); the partnership needed no budget of its own. The
people are invented: valid PESELs, made-up names.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from partnership_cli.demo.loader import Step
from partnership_cli.demo.people import Person, split

TITLE = "Bartoszyce 2013"
KEY_PREFIX = "demo:bartoszyce:"
PROGRAMME = {
    "code": "BPnRIS-2013",
    "name": "Bartoszyckie Partnerstwo na rzecz integracji społeczno-zawodowej",
    "starts_on": "2013-01-15",
    "ends_on": "2013-06-30",
    "lead_partner": "pup",
}

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

# Individual support plans (IPW): agreed by the team after recruitment, each action for one partner.
TEAM_MEETING = date(2013, 1, 31)
SPECIALISTS = (
    ("ops", "social_worker", date(2013, 2, 28)),
    ("pup", "vocational_counsellor", date(2013, 3, 29)),
    ("ngo", "psychologist", date(2013, 4, 30)),
)
REVISED = ("K1", date(2013, 2, 28))  # her internship at MOPS was arranged at the February meeting
# Referrals by the PUP: trainees to SION's courses, PSU workers to MOPS (made, answered, completed).
REFERRALS = (
    *(
        (ref, "ngo", "training", date(2013, 2, 4), date(2013, 2, 6), date(2013, 3, 29))
        for ref, _trade in TRAININGS
    ),
    *(
        (ref, "ops", "psu", started - timedelta(days=7), started - timedelta(days=5), None)
        for ref, started in PSU
    ),
)


def action_id(ref: str, partner: str, kind: str) -> str:
    """A plan action's id, the same on every load (referrals name the action they serve)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{KEY_PREFIX}action:{ref}:{partner}:{kind}"))


def _actions(person: Person, revised: bool = False) -> list[dict[str, str]]:
    """What the team planned for a person: the activities they then took part in, the
    specialists of each partner, and a job."""
    planned: list[tuple[str, str, date]] = []
    if any(ref == person.ref for ref, _trade in TRAININGS):
        planned.append(("ngo", "training", date(2013, 2, 11)))
    planned += [("ops", "psu", started) for ref, started in PSU if ref == person.ref]
    planned += [
        ("pup", "internship", started)
        for ref, started, _host in INTERNSHIPS
        if ref == person.ref and (revised or person.ref != REVISED[0])
    ]
    shift = max(timedelta(0), person.enrolled_on - START)
    planned += [(partner, kind, target + shift) for partner, kind, target in SPECIALISTS]
    planned.append(("pup", "employment", date(2013, 6, 30)))
    return [
        {
            "action_id": action_id(person.ref, partner, kind),
            "partner": partner,
            "kind": kind,
            "target_on": target.isoformat(),
        }
        for partner, kind, target in planned
    ]


def _plan_steps(people: tuple[Person, ...]) -> Iterator[Step]:
    for person in people:
        agreed = max(TEAM_MEETING, person.enrolled_on + timedelta(days=2))
        yield Step(
            "pup",
            f"plan:{person.ref}",
            f"/api/v1/clients/{{client:{person.ref}}}/plans",
            {
                "agreed_on": agreed.isoformat(),
                "team_meeting_on": agreed.isoformat(),
                "actions": _actions(person),
            },
            save_as=f"plan:{person.ref}",
        )
        if person.ref == REVISED[0]:
            yield Step(
                "pup",
                f"plan-revision:{person.ref}",
                f"/api/v1/plans/{{plan:{person.ref}}}/revisions",
                {
                    "agreed_on": REVISED[1].isoformat(),
                    "team_meeting_on": REVISED[1].isoformat(),
                    "actions": _actions(person, revised=True),
                },
            )


def _referral_steps() -> Iterator[Step]:
    for ref, partner, kind, made, answered, completed in REFERRALS:
        name = f"referral:{ref}:{kind}"
        yield Step(
            "pup",
            name,
            f"/api/v1/clients/{{client:{ref}}}/referrals",
            {
                "to_partner": partner,
                "service_kind": kind,
                "made_on": made.isoformat(),
                "consent_on": BY_REF[ref].enrolled_on.isoformat(),
                "plan_action_id": action_id(ref, partner, kind),
            },
            save_as=name,
        )
        yield Step(partner, f"{name}:known", f"/api/v1/referrals/{{{name}}}", wait=True)
        yield Step(
            partner,
            f"{name}:accepted",
            f"/api/v1/referrals/{{{name}}}/accept",
            {"answered_on": answered.isoformat()},
        )
        if completed is not None:
            yield Step(
                partner,
                f"{name}:completed",
                f"/api/v1/referrals/{{{name}}}/complete",
                {"completed_on": completed.isoformat()},
            )


# --- the plan: every request the demo makes, in order ---------------------------------------------


def _working_days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _service_steps() -> Iterator[Step]:
    days = list(_working_days(date(2013, 2, 4), END))
    given: set[tuple[str, str, date, str]] = set()
    for partner, roles in HOURS.items():
        for role_index, (role, total) in enumerate(roles.items()):
            remaining = Decimal(total)
            sizes = itertools.cycle([Decimal("2.0"), Decimal("1.5"), Decimal("2.5")])
            number = 0
            while remaining > 0:
                hours = min(next(sizes), remaining)
                remaining -= hours
                shift = 0
                while True:  # one session of a role a day for a client: no duplicates
                    day = days[(number * 7 + role_index * 3 + shift) % len(days)]
                    active = [p.ref for p in PEOPLE if p.active_on(day)]
                    group = (partner, role) in GROUP_ROLES and number % 2 == 0
                    if group:
                        clients = [active[(number + i) % len(active)] for i in range(4)]
                    else:
                        clients = [active[(number + role_index) % len(active)]]
                    if not {(partner, role, day, client) for client in clients} & given:
                        break
                    shift += 1
                given |= {(partner, role, day, client) for client in clients}
                yield Step(
                    partner,
                    f"service:{partner}:{role}:{number}",
                    "/api/v1/services",
                    {
                        "client_ids": [f"@client:{ref}" for ref in clients],
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
    steps = [Step("pup", "programme", "/api/v1/programmes", PROGRAMME, save_as="programme")]
    for partner in ("ops", "ngo"):
        steps.append(Step(partner, "programme-known", "/api/v1/programmes/{programme}", wait=True))
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
                    save_as=f"client:{person.ref}",
                )
            )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.replaces is None:
                steps.append(_enrolment(partner, person))
    steps.extend(_plan_steps(tuple(p for p in PEOPLE if p.replaces is None)))
    steps.extend(_referral_steps())
    for ref, started, kind, employer in JOBS:
        steps.append(
            Step(
                "pup",
                f"job:{ref}",
                f"/api/v1/clients/{{client:{ref}}}/employments",
                {
                    "contract_type": kind,
                    "employer_kind": employer,
                    "open_labour_market": True,
                    "started_on": started.isoformat(),
                },
                save_as=f"job:{ref}",
            )
        )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.left_on is not None:
                steps.append(
                    Step(
                        partner,
                        f"exit:{person.ref}",
                        f"/api/v1/clients/{{client:{person.ref}}}/exit",
                        {"reason": "completed", "exited_on": person.left_on.isoformat()},
                    )
                )
    for partner in ("pup", "ops", "ngo"):
        for person in PEOPLE:
            if person.replaces is not None:
                steps.append(_enrolment(partner, person))
    steps.extend(_plan_steps(tuple(p for p in PEOPLE if p.replaces is not None)))
    for number, (ref, trade) in enumerate(TRAININGS, start=1):
        steps.append(
            Step(
                "ngo",
                f"course:{number}",
                "/api/v1/programmes/{programme}/editions",
                {
                    "kind": "training",
                    "label": f"{number}/2013",
                    "trade": trade,
                    "starts_on": "2013-02-11",
                    "ends_on": "2013-03-29",
                    "capacity": 4,
                },
                save_as=f"edition:{number}",
            )
        )
        steps.append(
            Step(
                "ngo",
                f"training:{ref}",
                f"/api/v1/clients/{{client:{ref}}}/activities",
                {
                    "kind": "training",
                    "started_on": "2013-02-11",
                    "edition_id": f"@edition:{number}",
                },
                save_as=f"training:{ref}",
            )
        )
    for ref, started in PSU:
        steps.append(
            Step(
                "ops",
                f"psu:{ref}",
                f"/api/v1/clients/{{client:{ref}}}/activities",
                {"kind": "psu", "started_on": started.isoformat()},
            )
        )
    for ref, started, _host in INTERNSHIPS:
        steps.append(
            Step(
                "pup",
                f"exam:{ref}",
                f"/api/v1/clients/{{client:{ref}}}/activities",
                {"kind": "medical_exam", "started_on": (started - timedelta(days=3)).isoformat()},
            )
        )
        steps.append(
            Step(
                "pup",
                f"internship:{ref}",
                f"/api/v1/clients/{{client:{ref}}}/activities",
                {"kind": "internship", "started_on": started.isoformat()},
            )
        )
    for ref, _trade in TRAININGS:
        steps.append(
            Step(
                "ngo",
                f"training-end:{ref}",
                f"/api/v1/activities/{{training:{ref}}}/end",
                {"outcome": "completed", "ended_on": "2013-03-29", "qualification_gained": True},
            )
        )
    steps.extend(_service_steps())
    steps.extend(_payment_steps())
    steps.append(
        Step(
            "pup",
            "retention:K3",
            "/api/v1/employments/{job:K3}/retention",
            {"checked_on": "2013-06-28"},
        )
    )
    return steps


def _enrolment(partner: str, person: Person) -> Step:
    body: dict[str, Any] = {
        "programme_id": "@programme",
        "enrolled_on": person.enrolled_on.isoformat(),
        "consent_ref": f"ZGODA/{person.ref}/2013",
        "registered_unemployed": True,
        "household_size": person.household,
    }
    if person.replaces:
        body["replaces_client_id"] = f"@client:{person.replaces}"
    return Step(
        partner, f"enrol:{person.ref}", f"/api/v1/clients/{{client:{person.ref}}}/enrolment", body
    )


def _payment_steps() -> Iterator[Step]:
    for (partner, basis), (total, refs, days) in PAYMENTS.items():
        pairs = [(ref, day) for day in days for ref in refs if BY_REF[ref].active_on(day)]
        for number, ((ref, day), amount) in enumerate(
            zip(pairs, split(total, len(pairs)), strict=True)
        ):
            yield Step(
                partner,
                f"pay:{basis}:{number}",
                f"/api/v1/clients/{{client:{ref}}}/payments",
                {"basis": basis, "amount": str(amount), "paid_on": day.isoformat()},
            )
    stipends = [
        (ref, end) for ref, started, _host in INTERNSHIPS for end in _month_ends(started, END)
    ]
    for number, ((ref, day), amount) in enumerate(
        zip(stipends, split(STIPENDS_TOTAL, len(stipends)), strict=True)
    ):
        yield Step(
            "pup",
            f"pay:internship_stipend:{number}",
            f"/api/v1/clients/{{client:{ref}}}/payments",
            {"basis": "internship_stipend", "amount": str(amount), "paid_on": day.isoformat()},
        )
