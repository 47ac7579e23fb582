"""Random histories, delivered live with duplicates and in any order, give the figures a rebuild
derives from the event store; and every event counts once.

Each example publishes a history on the partner streams of a real Valkey, consumed by a running
reporting node (real SQLite): shuffled, some events two or three times. Once the node holds every
event, its live figures are compared with a rebuild's (`identical`) and with the history's own
sums (hours and money written once each).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from chain_helpers import chained, session_keys
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from partner_fixtures import issue_token
from redis.asyncio import Redis

from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream
from reporting_node.main import create_app
from reporting_node.settings import ReportingSettings

pytestmark = pytest.mark.redis

FULL = os.environ.get("PARTNERSHIP_FAULTS") == "full"
PARTNERSHIP = "property"
PROGRAMME = uuid.UUID("5b0c6f43-2f7c-4b4e-9d7e-3b8a52f7c001")
KINDS = ("pup", "ops", "ngo")


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, str, Decimal, int]]:
    """(partner, what, amount, client) rows: enrolments, services (hours), benefits (zł)."""
    clients = draw(st.integers(min_value=1, max_value=6))
    rows: list[tuple[str, str, Decimal, int]] = [
        (draw(st.sampled_from(KINDS)), "enrol", Decimal(0), client) for client in range(clients)
    ]
    for _ in range(draw(st.integers(min_value=0, max_value=40))):
        partner = draw(st.sampled_from(KINDS))
        client = draw(st.integers(min_value=0, max_value=clients - 1))
        if draw(st.booleans()):
            hours = Decimal(draw(st.integers(min_value=1, max_value=16))) / 2
            rows.append((partner, "service", hours, client))
        else:
            amount = Decimal(draw(st.integers(min_value=1, max_value=500_000))) / 100
            rows.append((partner, "benefit", amount, client))
    return rows


def build(rows: list[tuple[str, str, Decimal, int]], prefix: int) -> list[ev.EventBase]:
    seqs = dict.fromkeys(KINDS, 0)
    now = datetime(2013, 7, 1, tzinfo=UTC)
    found: list[ev.EventBase] = []
    for number, (partner, what, amount, client) in enumerate(rows):
        seqs[partner] += 1
        pseudonym = f"{prefix:032x}{client:032x}"
        day = date(2013, 2, 1) + timedelta(days=number % 100)
        payload: Any
        cls: type[ev.EventBase]
        if what == "enrol":
            cls = ev.ClientEnrolled
            payload = ev.ClientEnrolledPayload(
                programme_id=PROGRAMME,
                enrolled_on=date(2013, 1, 20),
                gender="female" if client % 2 else "male",
                birth_year=1970 + client,
                disability_degree="moderate",
                registered_unemployed=True,
                household_size=2,
            )
        elif what == "service":
            cls = ev.ServiceDelivered
            payload = ev.ServiceDeliveredPayload(
                service_id=uuid.uuid4(),
                role="psychologist",
                mode="individual",
                hours=amount,
                delivered_on=day,
                participants=1,
            )
        else:
            cls = ev.BenefitPaid
            payload = ev.BenefitPaidPayload(
                payment_id=uuid.uuid4(), basis="other", amount=amount, paid_on=day
            )
        found.append(
            cls(  # type: ignore[call-arg]
                event_id=uuid.uuid4(),
                partnership_id=PARTNERSHIP,
                source=ev.Source(partner_id=partner, kind=partner),
                seq=seqs[partner],
                occurred_at=now,
                recorded_at=now,
                client=pseudonym,
                payload=payload,
            )
        )
    return found


async def live_then_rebuilt(
    redis_url: str, events: list[ev.EventBase], deliveries: list[int], order: list[int]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    partners = sorted({e.source.partner_id for e in events})
    keys = session_keys()
    # Each partner's events form a chain, which its relay vouches for with a signed checkpoint.
    chains: dict[str, list[ev.EventBase]] = {}
    for item in events:
        chains.setdefault(item.source.partner_id, []).append(item)
    linked = {item.event_id: item for chain in chains.values() for item in chained(chain)}
    checkpoints = [
        (
            partner,
            keys.keys[partner].sign(
                PARTNERSHIP, chain[-1].seq, body_hash(encode_event(linked[chain[-1].event_id]))
            ),
        )
        for partner, chain in chains.items()
    ]
    with tempfile.TemporaryDirectory() as folder:
        settings = ReportingSettings(
            partnership_id=PARTNERSHIP,
            redis_url=redis_url,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'reporting.db'}",
            partner_ids=partners,
            partner_keys_file=keys.registry_file,
            consumer_name="property",
            polling_interval_ms=20,
        )
        redis = Redis.from_url(redis_url)
        await redis.flushall()  # each example on streams of its own
        app = create_app(lambda: settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            token = await issue_token(app.state.access, "coordinator")
            async with httpx.AsyncClient(
                transport=transport,
                base_url="http://localhost",
                headers={"Authorization": f"Bearer {token}"},
            ) as http:
                for index in order:
                    item = linked[events[index].event_id]
                    for _ in range(deliveries[index]):
                        await redis.xadd(
                            partner_stream(item.source.partner_id),
                            {DATA_FIELD: encode_event(item)},
                        )
                for partner, checkpoint in checkpoints:
                    await redis.xadd(
                        partner_stream(partner), {DATA_FIELD: checkpoint.model_dump_json()}
                    )
                await redis.aclose()
                for _ in range(400):
                    status = (await http.get("/api/v1/ingest/status")).json()
                    if status["events"] == len(events) and not any(
                        s["missing"] for s in status["sources"]
                    ):
                        break
                    await asyncio.sleep(0.05)
                live = (await http.get("/api/v1/summary")).json()
                state = (await http.post("/api/v1/projections/rebuild")).json()
                while state["state"] == "running":
                    await asyncio.sleep(0.05)
                    state = (await http.get("/api/v1/projections/rebuild")).json()
                rebuilt = (await http.get("/api/v1/summary")).json()
    return live, rebuilt, state


@settings(
    max_examples=25 if FULL else 4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), rows=histories())
def test_random_histories_live_with_duplicates_and_reordering_equal_a_rebuild(
    redis_url: str, data: st.DataObject, rows: list[tuple[str, str, Decimal, int]]
) -> None:
    prefix = data.draw(st.integers(min_value=1, max_value=2**31), label="prefix")
    events = build(rows, prefix)
    deliveries = data.draw(
        st.lists(st.integers(1, 3), min_size=len(events), max_size=len(events)), label="times"
    )
    order = data.draw(st.permutations(range(len(events))), label="order")
    live, rebuilt, state = asyncio.run(live_then_rebuilt(redis_url, events, deliveries, order))
    assert state["state"] == "done"
    assert state["identical"], "the live projections equal what a rebuild derives"
    assert live["events"] == rebuilt["events"] == len(events), "each event counts once"
    hours = sum((a for _, what, a, _ in rows if what == "service"), Decimal(0))
    money = sum((a for _, what, a, _ in rows if what == "benefit"), Decimal(0))
    assert Decimal(live["hours"]["total"]) == hours
    assert Decimal(live["benefits"]["total"]) == money
    for key in ("clients", "hours", "benefits", "employment", "activities"):
        assert live[key] == rebuilt[key]
