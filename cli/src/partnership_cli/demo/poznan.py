"""The family demo: "Schematom STOP!" in the Poznań county, November 2013 – March 2015 (seed 004).

The county's family support centre (PCPR, on the OPS node, the lead partner), the county labour
office (PUP) and a psychological-pedagogical counselling centre (on the NGO node) worked with
10 large families as units: each signed a tripartite family contract (the family, PUP and OPS),
and all 10 families, 54 persons, completed the programme. 9 persons took jobs under contracts
(5 employment contracts, 4 contracts of mandate); 5 kept their jobs (3 employment contracts,
2 contracts of mandate). The hours and the trainings below are invented to give the families a
plausible year; the published figures are those above. The people are invented: valid PESELs,
made-up names.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from partnership_cli.demo.loader import Step
from partnership_cli.demo.people import Person

TITLE = "Schematom STOP! (Poznań 2013–2015)"
KEY_PREFIX = "demo:poznan:"
STARTS, ENDS = date(2013, 11, 4), date(2015, 3, 31)
PROGRAMME = {
    "code": "POKL.01.02.00-00-SS/13",
    "name": (
        "Schematom STOP! Wspólne działania instytucji pomocy społecznej i instytucji rynku "
        "pracy – pilotaż"
    ),
    "starts_on": "2013-11-01",
    "ends_on": ENDS.isoformat(),
    "lead_partner": "ops",
}

SIZES = (7, 6, 5, 4, 6, 5, 7, 5, 4, 5)
"""Persons in each of the 10 families: 54 in all."""
SURNAMES = (
    "Nowakowscy",
    "Michalscy",
    "Adamczykowie",
    "Pawlakowie",
    "Walczakowie",
    "Sikorowie",
    "Baranowie",
    "Rutkowscy",
    "Ostrowscy",
    "Wróblowie",
)
MOTHERS = (
    "Agnieszka",
    "Beata",
    "Celina",
    "Dorota",
    "Edyta",
    "Fabiola",
    "Gabriela",
    "Hanna",
    "Iwona",
    "Joanna",
)
FATHERS = (
    "Adam",
    "Bogdan",
    "Czesław",
    "Dariusz",
    "Edward",
    "Filip",
    "Grzegorz",
    "Henryk",
    "Igor",
    "Jacek",
)
CHILDREN = ("Kacper", "Lena", "Maja", "Natan", "Oliwia", "Piotr", "Roksana")
SINGULAR = {
    "Nowakowscy": "Nowakowsk",
    "Michalscy": "Michalsk",
    "Adamczykowie": "Adamczyk",
    "Pawlakowie": "Pawlak",
    "Walczakowie": "Walczak",
    "Sikorowie": "Sikora",
    "Baranowie": "Baran",
    "Rutkowscy": "Rutkowsk",
    "Ostrowscy": "Ostrowsk",
    "Wróblowie": "Wróbel",
}

# Who took a job (family, member), the contract, when; whether the job was kept to the end.
JOBS = (
    (0, 0, "employment_fixed_term", date(2014, 4, 1), True),
    (0, 1, "mandate", date(2014, 5, 5), False),
    (1, 0, "employment_indefinite", date(2014, 3, 3), True),
    (2, 1, "employment_trial", date(2014, 6, 2), False),
    (3, 0, "mandate", date(2014, 4, 14), True),
    (4, 1, "employment_fixed_term", date(2014, 9, 1), True),
    (5, 0, "mandate", date(2014, 7, 7), False),
    (6, 1, "employment_fixed_term", date(2014, 10, 6), False),
    (8, 0, "mandate", date(2014, 11, 3), True),
)


def _name(surname: str, female: bool) -> str:
    stem = SINGULAR[surname]
    if stem.endswith("sk"):
        return stem + ("a" if female else "i")
    return stem


def families() -> list[list[Person]]:
    """The 10 families: mother (the signatory), father where there is one, the children."""
    found: list[list[Person]] = []
    serial = 300
    for number, (size, surname) in enumerate(zip(SIZES, SURNAMES, strict=True)):
        members = [
            Person(
                f"F{number}M0",
                MOTHERS[number],
                _name(surname, True),
                date(1978 + number % 5, 3 + number, 10 + number),
                True,
                serial,
                "none",
                STARTS,
                size,
            )
        ]
        parents = 2 if size >= 5 else 1
        if parents == 2:
            members.append(
                Person(
                    f"F{number}M1",
                    FATHERS[number],
                    _name(surname, False),
                    date(1976 + number % 5, 2 + number, 5 + number),
                    False,
                    serial + 1,
                    "light" if number % 4 == 0 else "none",
                    STARTS,
                    size,
                )
            )
        for child in range(size - parents):
            female = child % 2 == 1
            members.append(
                Person(
                    f"F{number}C{child}",
                    CHILDREN[child],
                    _name(surname, female),
                    date(2001 + child * 2, 1 + (number + child) % 12, 1 + child + number),
                    female,
                    serial + 2 + child,
                    "none",
                    STARTS,
                    size,
                )
            )
        serial += 10
        found.append(members)
    return found


def _client(partner: str, person: Person) -> Step:
    return Step(
        partner,
        f"client:{person.ref}",
        "/api/v1/clients",
        {
            "pesel": person.pesel,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "disability_degree": person.disability,
            "address": "powiat poznański",
        },
        save_as=f"client:{person.ref}",
    )


def plan() -> list[Step]:
    households = families()
    steps = [Step("ops", "programme", "/api/v1/programmes", PROGRAMME, save_as="programme")]
    steps += [
        Step(partner, "programme-known", "/api/v1/programmes/{programme}", wait=True)
        for partner in ("pup", "ngo")
    ]
    for number, members in enumerate(households):
        steps += [_client("ops", person) for person in members]
        steps.append(
            Step(
                "ops",
                f"family:{number}",
                "/api/v1/families",
                {
                    "head_client_id": f"@client:{members[0].ref}",
                    "member_ids": [f"@client:{person.ref}" for person in members],
                    "programme_id": "@programme",
                    "enrolled_on": STARTS.isoformat(),
                    "consent_ref": f"KR/{number + 1}/2013",
                },
                save_as=f"family:{number}",
            )
        )
        steps.append(
            Step(
                "ops",
                f"contract:{number}",
                f"/api/v1/clients/{{client:{members[0].ref}}}/contracts",
                {
                    "kind": "tripartite_family_contract",
                    "signed_on": (STARTS + timedelta(days=14)).isoformat(),
                    "ends_on": ENDS.isoformat(),
                    "family_id": f"@family:{number}",
                    "obligations": [
                        {"party": "family", "obligation": "school_attendance"},
                        {"party": "family", "obligation": "job_search"},
                        {"party": "pup", "obligation": "job_offers"},
                        {"party": "ops", "obligation": "family_assistance"},
                    ],
                },
            )
        )
        steps += _support(number, members)
    steps += _jobs(households)
    for number in range(len(households)):
        steps.append(
            Step(
                "ops",
                f"family-exit:{number}",
                f"/api/v1/families/{{family:{number}}}/exit",
                {"reason": "completed", "exited_on": ENDS.isoformat()},
            )
        )
    return steps


def _support(number: int, members: list[Person]) -> list[Step]:
    """A year of the family's support: the family assistant and the counselling centre's
    psychologist for the parents (whom the centre registers and enrols itself)."""
    head = members[0].ref
    steps = []
    for person in members[:2]:
        steps.append(_client("ngo", person))
        steps.append(
            Step(
                "ngo",
                f"enrol:{person.ref}",
                f"/api/v1/clients/{{client:{person.ref}}}/enrolment",
                {
                    "programme_id": "@programme",
                    "enrolled_on": STARTS.isoformat(),
                    "consent_ref": f"KR/{number + 1}/2013",
                    "household_size": len(members),
                },
            )
        )
    for month in range(12):
        day = date(2014, 1 + month, 10 + number % 10)
        steps.append(
            Step(
                "ops",
                f"assistant:{number}:{month}",
                "/api/v1/services",
                {
                    "client_ids": [f"@client:{head}"],
                    "role": "family_assistant",
                    "hours": "6",
                    "delivered_on": day.isoformat(),
                },
            )
        )
    for quarter in range(4):
        steps.append(
            Step(
                "ngo",
                f"psychologist:{number}:{quarter}",
                "/api/v1/services",
                {
                    "client_ids": [f"@client:{p.ref}" for p in members[:2]],
                    "role": "psychologist",
                    "mode": "group",
                    "hours": "2",
                    "delivered_on": date(2014, 2 + quarter * 3, 20).isoformat(),
                },
            )
        )
    for person in members[:2]:
        steps.append(
            Step(
                "ngo",
                f"exit:{person.ref}",
                f"/api/v1/clients/{{client:{person.ref}}}/exit",
                {"reason": "completed", "exited_on": ENDS.isoformat()},
            )
        )
    return steps


def _jobs(households: list[list[Person]]) -> list[Step]:
    steps: list[Step] = []
    enrolled: set[str] = set()
    for family, member, contract, started, kept in JOBS:
        person = households[family][member]
        if person.ref not in enrolled:
            enrolled.add(person.ref)
            steps.append(_client("pup", person))
            steps.append(
                Step(
                    "pup",
                    f"enrol:{person.ref}",
                    f"/api/v1/clients/{{client:{person.ref}}}/enrolment",
                    {
                        "programme_id": "@programme",
                        "enrolled_on": STARTS.isoformat(),
                        "consent_ref": f"KR/{family + 1}/2013",
                        "registered_unemployed": True,
                        "household_size": len(households[family]),
                    },
                )
            )
        body: dict[str, Any] = {
            "contract_type": contract,
            "employer_kind": "private",
            "started_on": started.isoformat(),
        }
        if contract != "employment_indefinite":
            body["ends_on"] = (started + timedelta(days=365 * 2)).isoformat()
        steps.append(
            Step(
                "pup",
                f"job:{person.ref}",
                f"/api/v1/clients/{{client:{person.ref}}}/employments",
                body,
                save_as=f"job:{person.ref}",
            )
        )
        if kept:
            steps.append(
                Step(
                    "pup",
                    f"kept:{person.ref}",
                    f"/api/v1/employments/{{job:{person.ref}}}/retention",
                    {"checked_on": ENDS.isoformat()},
                )
            )
        else:
            steps.append(
                Step(
                    "pup",
                    f"job-end:{person.ref}",
                    f"/api/v1/employments/{{job:{person.ref}}}/end",
                    {"ended_on": (started + timedelta(days=120)).isoformat()},
                )
            )
    for person_ref in sorted(enrolled):
        steps.append(
            Step(
                "pup",
                f"exit:{person_ref}",
                f"/api/v1/clients/{{client:{person_ref}}}/exit",
                {"reason": "completed", "exited_on": ENDS.isoformat()},
            )
        )
    return steps
