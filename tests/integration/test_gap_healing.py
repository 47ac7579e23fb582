"""A broker that loses an acknowledged event loses nothing: the reporting node sees the gap in the
partner's `seq`, asks for the range, and the partner publishes it again from its outbox."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from chain_helpers import PSEUDONYM_SECRET, PartnerKeys
from fastapi.testclient import TestClient
from partner_fixtures import signed_in

from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app
from pup_node.extension import EXTENSION
from reporting_node.main import create_app as create_reporting_app
from reporting_node.settings import ReportingSettings

pytestmark = pytest.mark.redis


def wait_for(predicate: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def event_entries(broker: redis.Redis, stream: str) -> list[tuple[bytes, dict[bytes, bytes]]]:
    """The stream's entries that hold events (not the checkpoints between them)."""
    return [
        (entry_id, fields)
        for entry_id, fields in broker.xrange(stream)
        if b'"type":"ChainCheckpoint"' not in fields[b"__data__"]
    ]


def test_an_event_the_broker_lost_is_published_again_and_counted(
    tmp_path: Path, redis_url: str, partner_keys: PartnerKeys
) -> None:
    pup_settings = PartnerSettings(
        partner_id="pup",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'pup.db'}",
        redis_url=redis_url,
        partnership_id="bartoszyce",
        partnership_secret=PSEUDONYM_SECRET,
        signing_key_file=partner_keys.key_file("pup"),
        partnership_starts_on=date(2013, 1, 15),
    )
    reporting_settings = ReportingSettings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'reporting.db'}",
        redis_url=redis_url,
        partnership_id="bartoszyce",
        partner_ids=["pup"],
        partner_keys_file=partner_keys.registry_file,
        replay_request_interval_s=1,
    )
    broker = redis.Redis.from_url(redis_url)
    with TestClient(create_partner_app(EXTENSION, lambda: pup_settings)) as pup:
        pup.headers.update(signed_in(pup, "caseworker"))
        programme = pup.post(
            "/api/v1/programmes",
            json={
                "code": "P-1",
                "name": "Program",
                "starts_on": "2013-01-15",
                "ends_on": "2013-12-31",
            },
        ).json()["id"]
        client_id = pup.post(
            "/api/v1/clients",
            json={"pesel": "68041210123", "first_name": "Anna", "last_name": "Wiśniewska"},
        ).json()["id"]
        pup.post(
            f"/api/v1/clients/{client_id}/enrolment",
            json={
                "programme_id": programme,
                "enrolled_on": "2013-01-28",
                "consent_ref": "Z/1",
            },
        )
        for day, hours in (("2013-02-04", "1.5"), ("2013-02-05", "2.0"), ("2013-02-06", "2.5")):
            pup.post(
                "/api/v1/services",
                json={
                    "client_ids": [client_id],
                    "role": "job_broker",
                    "hours": hours,
                    "delivered_on": day,
                },
            )
        wait_for(lambda: len(event_entries(broker, "stream:pup")) == 5)
        lost_id, _ = event_entries(broker, "stream:pup")[3]  # seq 4: 2.0 hours of 5 February
        broker.xdel("stream:pup", lost_id)

        with TestClient(create_reporting_app(lambda: reporting_settings)) as reporting:
            reporting.headers.update(signed_in(reporting, "coordinator"))

            def hours() -> Decimal:
                summary = reporting.get("/api/v1/summary").json()
                return Decimal(summary["hours"]["total"])

            wait_for(lambda: hours() == Decimal("6.0"))
            (pup_progress,) = reporting.get("/api/v1/ingest/status").json()["sources"]
            assert pup_progress["gaps_detected"] >= 1, "the loss was noticed"
            assert pup_progress["missing"] == [], "and healed"
            assert pup_progress["last_contiguous_seq"] == pup_progress["highest_seq"] == 5
            assert reporting.get("/api/v1/summary").json()["events"] == 5
