"""A partnership's events at scale, for the reporting benchmarks: valid JSON bodies per partner.

Each client is enrolled by one or two partners and then served for a while: specialist hours
(some in groups), activities (staż, PSU, KIS…), benefits, sometimes a job and an exit. Every
partner records in the order things happen, so its `seq` follows the business dates.

With `corrections` (a share of the records, 1 % by default) the partners also correct or withdraw
some of their records a few weeks later, and the OPS defines the programmes and schedules the
editions. With `corrections=0` the history is exactly the one measured before corrections
existed (the corrections draw on random numbers of their own).
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson

from partnership_shared.events import parse_event

PARTNERSHIP = "bench"
PARTNERS = ("pup", "ops", "ngo")
START = date(2013, 1, 1)
DAYS = 3 * 365
ROLES = {
    "pup": ["vocational_counsellor", "job_broker", "internship_officer", "psu_officer"],
    "ops": ["social_worker", "psychologist", "pedagogue", "family_assistant", "physiotherapist"],
    "ngo": ["psychologist", "vocational_counsellor", "physiotherapist", "it_trainer", "therapist"],
}
ACTIVITIES = {
    "pup": ["internship", "training", "medical_exam"],
    "ops": ["psu", "kis", "pal"],
    "ngo": ["workshop", "volunteering"],
}
BASES = {
    "pup": ["internship_stipend", "training_stipend", "medical_exam_cost"],
    "ops": ["social_assistance", "housing_allowance", "family_benefits", "psu_compensation"],
    "ngo": ["other"],
}
CONTRACTS = [
    "employment_indefinite",
    "employment_fixed_term",
    "employment_trial",
    "mandate",
    "specific_work",
    "self_employment",
]
PROGRAMMES = ["Aktywna integracja", "KIS Bartoszyce", "Rodzina"]


def pseudonym(number: int) -> str:
    return f"{number:064x}"


CORRECTED = {
    # What a correction changes, by the type of record corrected.
    "ServiceDelivered": lambda rng: {"hours": rng.choice(["0.5", "1", "2"])},
    "BenefitPaid": lambda rng: {"amount": f"{rng.randrange(50, 20000) / 100:.2f}"},
    "ActivityStarted": lambda rng: {"started_on": None},  # set from the original's day
    "EmploymentStarted": lambda rng: {"contract_type": rng.choice(CONTRACTS[1:4])},
}
EDITIONS = ("I", "II", "III")


class Generator:
    def __init__(self, seed: int, corrections: float = 0.0) -> None:
        self.rng = random.Random(seed)
        self.fixes = random.Random(seed + 1)  # corrections never shift the history itself
        self.corrections = corrections
        self.drafts: dict[str, list[tuple[date, dict[str, Any]]]] = defaultdict(list)
        self.enrolled_on: list[date] = []

    def add(
        self, partner: str, kind: str, on: date, client: str | None, payload: dict[str, Any]
    ) -> None:
        self.drafts[partner].append(
            (on, {"type": kind, "version": 1, "client": client, "payload": payload})
        )

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def client(self, number: int) -> None:
        rng, who = self.rng, pseudonym(number)
        enrolled = START + timedelta(days=rng.randrange(0, DAYS - 200))
        self.enrolled_on.append(enrolled)
        partners = rng.sample(PARTNERS, 2 if rng.random() < 0.3 else 1)
        programme = rng.choice(PROGRAMMES)
        gender = rng.choice(["female", "male"])
        disability = rng.choice(["none", "light", "moderate", "severe"])
        for n, partner in enumerate(partners):
            self.add(
                partner,
                "ClientEnrolled",
                enrolled + timedelta(days=n),
                who,
                {
                    "programme_id": str(uuid.uuid5(uuid.NAMESPACE_URL, programme)),
                    "enrolled_on": str(enrolled + timedelta(days=n)),
                    "gender": gender,
                    "birth_year": rng.randrange(1955, 2000),
                    "disability_degree": disability,
                    "registered_unemployed": True,
                    "household_size": rng.randrange(1, 6),
                    "replaces": pseudonym(number + 10_000_000) if rng.random() < 0.05 else None,
                },
            )

        def later(most: int = 180) -> date:
            return enrolled + timedelta(days=rng.randrange(1, most))

        for _ in range(rng.randrange(2, 6)):
            partner = rng.choice(partners)
            self.add(
                partner,
                "ServiceDelivered",
                (on := later()),
                who,
                {
                    "service_id": self.uid(),
                    "role": rng.choice(ROLES[partner]),
                    "mode": "individual",
                    "hours": rng.choice(["0.5", "1", "1.5", "2", "3"]),
                    "delivered_on": str(on),
                    "participants": 1,
                    "attendees": [],
                },
            )
        for _ in range(rng.randrange(0, 3)):
            partner = rng.choice(partners)
            kind = rng.choice(ACTIVITIES[partner])
            activity, began = self.uid(), later()
            edition = rng.choice(EDITIONS) if kind in ("kis", "pal") else None
            self.add(
                partner,
                "ActivityStarted",
                began,
                who,
                {
                    "activity_id": activity,
                    "kind": kind,
                    "started_on": str(began),
                    "edition_id": str(uuid.uuid5(uuid.NAMESPACE_URL, edition)) if edition else None,
                },
            )
            if rng.random() < 0.75:
                ended = began + timedelta(days=rng.randrange(5, 180))
                self.add(
                    partner,
                    rng.choice(["ActivityCompleted"] * 4 + ["ActivityAbandoned"]),
                    ended,
                    who,
                    {"activity_id": activity, "kind": kind, "ended_on": str(ended)},
                )
        for _ in range(rng.randrange(0, 4)):
            partner = rng.choice(partners)
            self.add(
                partner,
                "BenefitPaid",
                (on := later(300)),
                who,
                {
                    "payment_id": self.uid(),
                    "basis": rng.choice(BASES[partner]),
                    "amount": f"{rng.randrange(50, 200000) / 100:.2f}",
                    "paid_on": str(on),
                    "period_from": None,
                    "period_to": None,
                },
            )
        if rng.random() < 0.3:
            partner = rng.choice(partners)
            job, began = self.uid(), later(365)
            contract = rng.choice(CONTRACTS)
            self.add(
                partner,
                "EmploymentStarted",
                began,
                who,
                {
                    "employment_id": job,
                    "contract_type": contract,
                    "employer_kind": "private",
                    "open_labour_market": rng.random() < 0.8,
                    "working_time": "1",
                    "started_on": str(began),
                },
            )
            if rng.random() < 0.3:
                self.add(
                    partner,
                    "EmploymentRetained",
                    (on := began + timedelta(days=90)),
                    who,
                    {
                        "employment_id": job,
                        "contract_type": contract,
                        "checked_on": str(on),
                        "months_since_start": 3,
                    },
                )
            if rng.random() < 0.2:
                self.add(
                    partner,
                    "EmploymentEnded",
                    (on := began + timedelta(days=120)),
                    who,
                    {"employment_id": job, "contract_type": contract, "ended_on": str(on)},
                )
        if rng.random() < 0.25:
            self.add(
                partners[0],
                "ClientExited",
                (on := later(365)),
                who,
                {
                    "reason": rng.choice(["completed", "dropped_out", "moved", "other"]),
                    "exited_on": str(on),
                },
            )

    def group_session(self, clients: int) -> None:
        rng = self.rng
        partner = rng.choice(PARTNERS)
        numbers = {rng.randrange(clients) for _ in range(rng.randrange(2, 6))}
        attendees = sorted(pseudonym(number) for number in numbers)
        # A group session of clients already enrolled, within half a year of the last one.
        on = max(self.enrolled_on[n] for n in numbers) + timedelta(days=rng.randrange(1, 180))
        self.add(
            partner,
            "ServiceDelivered",
            on,
            None,
            {
                "service_id": self.uid(),
                "role": rng.choice(ROLES[partner]),
                "mode": "group",
                "hours": rng.choice(["1.5", "2", "3", "4"]),
                "delivered_on": str(on),
                "participants": len(attendees),
                "attendees": attendees,
            },
        )

    def bodies(self, events: int) -> dict[str, list[bytes]]:
        """Each partner's events in business-date order, numbered from seq 1, as JSON bytes."""
        out: dict[str, list[bytes]] = {}
        total = sum(len(d) for d in self.drafts.values())
        for partner in PARTNERS:
            drafts = sorted(self.drafts[partner], key=lambda item: item[0])
            keep = round(len(drafts) * events / total) if total > events else len(drafts)
            kept = self.amended(partner, drafts[:keep]) if self.corrections else drafts[:keep]
            ids: dict[int, str] = {}
            encoded = []
            for seq, (on, draft) in enumerate(kept, start=1):
                moment = datetime(on.year, on.month, on.day, 10, tzinfo=UTC).isoformat()
                if "original" in draft:  # a correction names its original by the id it got
                    draft = {**draft}
                    draft["payload"] = {
                        **draft["payload"],
                        "original_event_id": ids[draft.pop("original")],
                    }
                    event_id = str(uuid.UUID(int=self.fixes.getrandbits(128), version=4))
                else:
                    event_id = self.uid()
                ids[id(draft)] = event_id
                encoded.append(
                    orjson.dumps(
                        {
                            "event_id": event_id,
                            **draft,
                            "partnership_id": PARTNERSHIP,
                            "source": {"partner_id": partner, "kind": partner},
                            "seq": seq,
                            "occurred_at": moment,
                            "recorded_at": moment,
                        }
                    )
                )
            out[partner] = encoded
        return out

    def amended(
        self, partner: str, drafts: list[tuple[date, dict[str, Any]]]
    ) -> list[tuple[date, dict[str, Any]]]:
        """The drafts with corrections and withdrawals of some of them, a few weeks later, and
        (for the OPS) the programmes' definitions and the editions' schedules first."""
        rng = self.fixes
        added: list[tuple[date, dict[str, Any]]] = []
        for on, draft in drafts:
            if draft["type"] not in CORRECTED or rng.random() >= self.corrections:
                continue
            later = on + timedelta(days=rng.randrange(1, 60))
            fix: dict[str, Any] = {"version": 1, "original": id(draft), "client": draft["client"]}
            if rng.random() < 0.3:
                fix["type"] = "RecordWithdrawn"
                fix["payload"] = {"original_type": draft["type"], "reason": "duplicate"}
            else:
                changes = CORRECTED[draft["type"]](rng)
                if "started_on" in changes:
                    changes["started_on"] = str(on + timedelta(days=rng.randrange(-5, 5)))
                fix["type"] = "RecordCorrected"
                fix["payload"] = {
                    "original_type": draft["type"],
                    "changes": changes,
                    "reason": "data_entry_error",
                }
            added.append((later, fix))
        if partner == "ops":
            added.extend(self.register())
        return sorted([*drafts, *added], key=lambda item: item[0])

    def register(self) -> list[tuple[date, dict[str, Any]]]:
        """The programmes as defined by the OPS, and the editions of KIS and PAL it runs."""
        announced: list[tuple[date, dict[str, Any]]] = []
        end = START + timedelta(days=DAYS)
        for number, name in enumerate(PROGRAMMES, start=1):
            payload = {
                "programme_id": str(uuid.uuid5(uuid.NAMESPACE_URL, name)),
                "code": f"POKL.07.01.01-28-{number:03d}/13",
                "name": name,
                "starts_on": str(START),
                "ends_on": str(end),
                "lead_partner": "ops",
                "funding": {
                    "total": "349773.80",
                    "co_financing": "310503.80",
                    "co_financing_source": "eu",
                    "own_contribution": "39270.00",
                },
            }
            draft = {"type": "ProgrammeDefined", "version": 1, "client": None, "payload": payload}
            announced.append((START, draft))
        for label in EDITIONS:
            payload = {
                "edition_id": str(uuid.uuid5(uuid.NAMESPACE_URL, label)),
                "programme_id": str(uuid.uuid5(uuid.NAMESPACE_URL, PROGRAMMES[1])),
                "kind": "kis",
                "label": label,
                "trade": None,
                "starts_on": str(START),
                "ends_on": str(end),
                "provider": "ops",
                "capacity": 1000,
            }
            draft = {"type": "EditionScheduled", "version": 1, "client": None, "payload": payload}
            announced.append((START, draft))
        return announced


def generate(
    events: int, clients: int, seed: int = 2013, corrections: float = 0.01
) -> dict[str, list[bytes]]:
    """About `events` valid events about `clients` persons, per partner in `seq` order, with a
    share `corrections` of the records corrected or withdrawn later."""
    generator = Generator(seed, corrections)
    for number in range(clients):
        generator.client(number)
    produced = sum(len(d) for d in generator.drafts.values())
    while produced < events:  # top up with group sessions (hours count once, persons each)
        generator.group_session(clients)
        produced += 1
    bodies = generator.bodies(events)
    for partner_bodies in bodies.values():  # the generator speaks the contracts: check a sample
        for body in partner_bodies[:: max(1, len(partner_bodies) // 200)]:
            parse_event(body)
    return bodies
