"""Coordination's figures in the reporting summary, as plans and referrals grow (SQLite).

    python -m benchmarks.coordination_figures [--clients 1000 10000] [--requests 50]

For each `--clients` count, a fresh reporting store gets, per client: an enrolment, a support
plan with five actions (three partners), a session, an internship and a referral with its
answer — 6 events a client, ingested in batches as the node does. Then the summary's
coordination part (`read_coordination`: every plan, referral and finding, and the records of the
clients with a plan) and the whole summary are asked `--requests` times each, without a filter
and with a period: p50 and p95 in ms. The summary's own target (p95 < 50 ms at 1 000 000 events,
100 000 clients) is `benchmarks.summary`'s; this shows what coordination adds to it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.migrations import upgrade_to_head
from partnership_shared.kernel.streams import partner_stream
from reporting_node.domain.coordination import Terms
from reporting_node.domain.summary import Filters
from reporting_node.ingest.batch import Entry, ingest_batch
from reporting_node.node import MIGRATIONS
from reporting_node.store.coordination import read_coordination
from reporting_node.store.figures import read_summary

PARTNERSHIP = "bench"
PROGRAMME = uuid.uuid5(uuid.NAMESPACE_URL, "bench-programme")
START = date(2013, 1, 7)
TODAY = date(2014, 1, 1)


class History:
    def __init__(self) -> None:
        self.seqs = {"pup": 0, "ops": 0, "ngo": 0}

    def make(self, cls: type[ev.EventBase], partner: str, client: str, payload: Any) -> bytes:
        self.seqs[partner] += 1
        now = datetime(2013, 7, 1, tzinfo=UTC)
        event = cls(
            event_id=uuid.uuid4(),
            partnership_id=PARTNERSHIP,
            source=ev.Source(partner_id=partner, kind=partner),
            seq=self.seqs[partner],
            occurred_at=now,
            recorded_at=now,
            client=client,
            payload=payload,
        )
        return encode_event(event)

    def client(self, number: int) -> list[tuple[str, bytes]]:
        client = f"{number:064x}"
        day = START + timedelta(days=number % 150)
        plan = uuid.uuid4()
        actions = (
            ("pup", "internship", 60),
            ("ngo", "psychologist", 20),
            ("ops", "social_worker", 30),
            ("pup", "employment", 170),
            ("ngo", "vocational_counsellor", 90),
        )
        referral = uuid.uuid4()
        made: list[tuple[str, type[ev.EventBase], Any]] = [
            (
                "ops",
                ev.ClientEnrolled,
                ev.ClientEnrolledPayload(
                    programme_id=PROGRAMME,
                    enrolled_on=day,
                    gender="female",
                    birth_year=1975,
                    disability_degree="moderate",
                    registered_unemployed=True,
                    household_size=2,
                ),
            ),
            (
                "ops",
                ev.SupportPlanAgreed,
                ev.SupportPlanPayload(
                    plan_id=plan,
                    revision=1,
                    agreed_on=day,
                    team_meeting_on=day,
                    actions=tuple(
                        ev.PlannedAction(
                            action_id=uuid.uuid4(),
                            partner=partner,
                            kind=kind,
                            target_on=day + timedelta(days=after),
                        )
                        for partner, kind, after in actions
                    ),
                ),
            ),
            (
                "ngo",
                ev.ServiceDelivered,
                ev.ServiceDeliveredPayload(
                    service_id=uuid.uuid4(),
                    role="psychologist",
                    mode="individual",
                    hours=Decimal("1.5"),
                    delivered_on=day + timedelta(days=number % 30),
                    participants=1,
                ),
            ),
            (
                "pup",
                ev.ActivityStarted,
                ev.ActivityStartedPayload(
                    activity_id=uuid.uuid4(), kind="internship", started_on=day + timedelta(40)
                ),
            ),
            (
                "ops",
                ev.ReferralMade,
                ev.ReferralMadePayload(
                    referral_id=referral,
                    to_partner="ngo",
                    service_kind="psychologist",
                    made_on=day,
                    consent_on=day,
                ),
            ),
            (
                "ngo",
                ev.ReferralAccepted,
                ev.ReferralAnswerPayload(
                    referral_id=referral,
                    referring_partner="ops",
                    answered_on=day + timedelta(days=number % 20),
                ),
            ),
        ]
        return [
            (partner, self.make(cls, partner, client, payload)) for partner, cls, payload in made
        ]


def quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20)
    return statistics.median(samples), cuts[18]


async def measure(path: Path, clients: int, requests: int) -> dict[str, tuple[float, float]]:
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade_to_head, url, MIGRATIONS)
    engine = create_engine(url)
    sessions = session_factory(engine)
    history = History()
    bodies = [item for number in range(1, clients + 1) for item in history.client(number)]
    for start in range(0, len(bodies), 1000):
        entries = [
            Entry(partner_stream(partner), f"{start + n + 1}-0", body)
            for n, (partner, body) in enumerate(bodies[start : start + 1000])
        ]
        await ingest_batch(sessions, entries, PARTNERSHIP)
    questions = {
        "coordination, no filter": (Filters(), True),
        "coordination, a quarter": (Filters(date(2013, 4, 1), date(2013, 6, 30)), True),
        "whole summary, no filter": (Filters(), False),
        "whole summary, a quarter": (Filters(date(2013, 4, 1), date(2013, 6, 30)), False),
    }
    found: dict[str, tuple[float, float]] = {}
    for name, (filters, only_coordination) in questions.items():
        samples = []
        for _ in range(requests):
            async with sessions() as session:
                began = time.perf_counter()
                if only_coordination:
                    await read_coordination(session, filters, None, Terms(), TODAY)
                else:
                    await read_summary(session, filters, PARTNERSHIP, Terms(), TODAY)
                samples.append((time.perf_counter() - began) * 1000)
        found[name] = quantiles(samples)
    await engine.dispose()
    return found


def main(clients: list[int], requests: int) -> None:
    for count in clients:
        with tempfile.TemporaryDirectory() as workdir:
            found = asyncio.run(measure(Path(workdir) / "reporting.db", count, requests))
        print(f"{count} clients with a plan and a referral ({count * 6} events):")
        for name, (p50, p95) in found.items():
            print(f"  {name:28s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args()
    main(arguments.clients, arguments.requests)
