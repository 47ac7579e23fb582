"""Random histories with corrections and withdrawals (issue 7, item 5): whatever the order they
arrive in and however they are batched, the figures are the same incrementally and after a
rebuild, and equal to those of the corrected history itself (every record as it stands, the
withdrawn ones left out) ingested plainly; a drill-down lists as many persons as its figure."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest

from partnership_shared.events.models import CORRECTABLE, EventBase
from reporting_node.domain.corrections import APPLIED, judge, original_of
from reporting_node.domain.drilldown import figure_named
from reporting_node.domain.summary import Filters
from reporting_node.store.drilldown import pseudonyms_behind
from reporting_node.store.queries import Reader
from reporting_node.store.rebuild import rebuild_projections

START = date(2013, 1, 1)
PARTNERS = ("pup", "ops", "ngo")


def person(number: int) -> str:
    return f"{number:064x}"


class History:
    """A partnership's random history, and corrections of it as its nodes would make them."""

    def __init__(self, seed: int, events: Any) -> None:
        self.rng = random.Random(seed)
        self.events = events
        self.records: list[EventBase] = []
        self.corrections: list[EventBase] = []

    def day(self, within: int = 360) -> date:
        return START + timedelta(days=self.rng.randrange(within))

    def build(self, persons: int) -> None:
        rng, e = self.rng, self.events
        for n in range(1, persons + 1):
            who = person(n)
            partner = rng.choice(PARTNERS)
            for programme in rng.sample(["KIS", "PAL"], rng.randint(1, 2)):
                self.records.append(e.enrol(who, partner, self.day(90), programme))
            if rng.random() < 0.3:
                self.records.append(
                    e.exit(who, partner, self.day(), rng.choice(["completed", "moved"]))
                )
            for _ in range(rng.randint(0, 3)):
                self.records.append(e.service(who, rng.choice(PARTNERS), "1.5", self.day()))
            for _ in range(rng.randint(0, 2)):
                self.records.append(e.benefit(who, f"{rng.randint(1, 900)}.50", on=self.day()))
            for _ in range(rng.randint(0, 2)):
                started = e.start(
                    who,
                    rng.choice(["kis", "training"]),
                    partner,
                    self.day(),
                    rng.choice([None, "I"]),
                )
                self.records.append(started)
                if rng.random() < 0.7:
                    ended = started.payload.started_on + timedelta(days=rng.randrange(1, 90))
                    self.records.append(e.end(started, ended, rng.random() < 0.8, qualified=True))
            if rng.random() < 0.5:
                job = e.job(
                    who, rng.choice(["mandate", "employment_fixed_term"]), partner, self.day()
                )
                self.records.append(job)
                if rng.random() < 0.5:
                    self.records.append(
                        e.retained(job, job.payload.started_on + timedelta(days=90))
                    )
                if rng.random() < 0.3:
                    self.records.append(
                        e.job_ended(job, job.payload.started_on + timedelta(days=60))
                    )
        attendees = [person(n) for n in rng.sample(range(1, persons + 1), 3)]
        self.records.append(e.service(None, "ngo", "4", self.day(), attendees=attendees))

    def correct(self, share: float) -> None:
        rng, e = self.rng, self.events
        for record in rng.sample(self.records, int(len(self.records) * share)):
            if record.type not in CORRECTABLE:
                continue
            roll = rng.random()
            if roll < 0.3:
                self.corrections.append(e.withdraw(record))
            elif roll < 0.4:  # another node's record: refused
                other = next(p for p in PARTNERS if p != record.source.partner_id)
                self.corrections.append(e.withdraw(record, partner=other))
            else:
                for _ in range(rng.randint(1, 2)):
                    changes = self.changes(record)
                    if changes:
                        self.corrections.append(e.correct(record, **changes))

    def changes(self, record: EventBase) -> dict[str, Any]:
        rng = self.rng
        match record.type:
            case "ServiceDelivered":
                return rng.choice(
                    [{"hours": rng.choice(["0.5", "3", "0"])}, {"delivered_on": self.day()}]
                )
            case "BenefitPaid":
                return rng.choice([{"amount": "10.00"}, {"paid_on": self.day(), "basis": "other"}])
            case "ClientEnrolled":
                return {"enrolled_on": self.day(120)}
            case "ClientExited":
                return {"reason": "dropped_out", "exited_on": self.day()}
            case "ActivityStarted":
                return {"started_on": self.day()}
            case "ActivityCompleted":
                return {"qualification_gained": False, "ended_on": self.day()}
            case "EmploymentStarted":
                return rng.choice(
                    [
                        {"contract_type": "employment_indefinite"},
                        {"started_on": self.day()},
                        {"ends_on": START - timedelta(days=1)},  # before the start: refused
                    ]
                )
            case "EmploymentRetained":
                return {"checked_on": self.day()}
        return {}

    def corrected(self) -> tuple[list[EventBase], dict[str, int]]:
        """Every record as it stands (the withdrawn ones left out), and the corrections that
        took effect by type: judged directly, record by record."""
        chains: dict[str, list[EventBase]] = defaultdict(list)
        for correction in self.corrections:
            chains[original_of(correction)].append(correction)
        standing: list[EventBase] = []
        applied: dict[str, int] = defaultdict(int)
        for record in self.records:
            judgement = judge(record, chains.get(str(record.event_id), []))
            for correction in chains.get(str(record.event_id), []):
                if judgement.verdicts[str(correction.event_id)].standing == APPLIED:
                    applied[correction.type] += 1
            if not judgement.withdrawn:
                standing.append(judgement.effective)
        return standing, applied


FILTERS = [
    {},
    {"first": date(2013, 3, 1), "last": date(2013, 5, 31)},
    {"partner": "ops"},
    {"programme": "KIS"},
    {"first": date(2013, 6, 10), "last": date(2013, 6, 10), "partner": "pup"},
    {"last": date(2013, 2, 14), "programme": "PAL"},
]
FIGURES = [
    "clients.total",
    "clients.by_exit_reason.dropped_out",
    "activities.kis.persons",
    "activities.training.qualified_persons",
    "employment.persons",
    "employment.still_employed_persons",
    "employment.retained_persons_by_type.mandate",
    "hours.total",
    "benefits.by_basis.other",
]


async def figures(store: Any) -> list[dict[str, Any]]:
    return [await store.summary(**dict(f)) for f in FILTERS]


def without_corrections(summary: dict[str, Any]) -> dict[str, Any]:
    """What the corrected history itself must show too (it has no correction events)."""
    return {k: v for k, v in summary.items() if k not in ("events", "corrections")}


@pytest.mark.parametrize("seed", range(4))
async def test_random_corrected_histories_agree_in_any_order(
    store: Any, sqlite_store: Any, events: Any, seed: int
) -> None:
    history = History(seed, events)
    history.build(persons=40)
    history.correct(share=0.25)
    arriving = [*history.records, *history.corrections]
    history.rng.shuffle(arriving)
    while arriving:
        size = history.rng.randint(1, 40)
        await store.ingest(*arriving[:size])
        arriving = arriving[size:]
    incremental = await figures(store)

    await rebuild_projections(store.sessions)
    assert await figures(store) == incremental

    standing, applied = history.corrected()
    await sqlite_store.ingest(*standing)
    plain = await figures(sqlite_store)
    assert [without_corrections(s) for s in incremental] == [without_corrections(s) for s in plain]
    assert incremental[0]["corrections"] == {
        "corrected": applied["RecordCorrected"],
        "withdrawn": applied["RecordWithdrawn"],
    }
    assert applied["RecordCorrected"] > 5
    assert applied["RecordWithdrawn"] > 5
    assert incremental[0]["employment"]["persons"] > 0

    for filters, summary in zip(FILTERS, incremental, strict=True):
        wanted = dict(filters)
        if wanted.get("programme"):
            wanted["programme"] = summary["filters"]["programme"]
        async with store.sessions() as session:
            reader = await Reader.open(session, Filters(**wanted))
            for name in FIGURES:
                behind = await pseudonyms_behind(reader, figure_named(name))
                value: Any = summary
                for part in name.split("."):
                    value = value.get(part, 0)
                if name.startswith(("clients", "activities", "employment")):
                    assert len(behind) == value, (name, filters)
                else:  # hours and money: the persons they concern, there when they count
                    assert bool(behind) == (value not in (0, "0.0", "0.00")), (name, filters)
