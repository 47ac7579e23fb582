"""Someone with access to the broker writes on a partner's stream: a forged event with the next
`seq` and a correct `prev_hash`, a modified copy of a genuine one, a checkpoint signed with a key
of their own, and removes a genuine event. A real PUP node publishes, a real reporting node
consumes: only the partner's own events are counted, each of the others is a dead letter saying
why, and the removed one is published again and counted."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from chain_helpers import PSEUDONYM_SECRET, PartnerKeys
from fastapi.testclient import TestClient
from partner_fixtures import signed_in

from partnership_partner.bootstrap import PartnerSettings
from partnership_partner.entrypoints.app import create_partner_app
from partnership_shared.events import encode_event, parse_stream_message
from partnership_shared.events import models as ev
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.keys import SigningKey
from pup_node.extension import EXTENSION
from reporting_node.main import create_app as create_reporting_app
from reporting_node.settings import ReportingSettings

pytestmark = pytest.mark.redis

STREAM = "stream:pup"


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def events_on(broker: redis.Redis) -> list[tuple[bytes, ev.EventBase, bytes]]:
    found = []
    for entry_id, fields in broker.xrange(STREAM):
        message = parse_stream_message(fields[b"__data__"])
        if isinstance(message, ev.EventBase):
            found.append((entry_id, message, fields[b"__data__"]))
    return found


def record_service(pup: TestClient, client_id: str, hours: str, day: str) -> None:
    answer = pup.post(
        "/api/v1/services",
        json={"client_ids": [client_id], "role": "job_broker", "hours": hours, "delivered_on": day},
    )
    assert answer.status_code == 201, answer.text


def test_forged_modified_and_removed_events_are_refused_and_the_genuine_ones_counted(
    tmp_path: Path, redis_url: str, partner_keys: PartnerKeys
) -> None:
    pup_settings = PartnerSettings(
        partner_id="pup",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'pup.db'}",
        redis_url=redis_url,
        partnership_id="bartoszyce",
        partnership_secret=PSEUDONYM_SECRET,
        partnership_starts_on=date(2013, 1, 15),
        signing_key_file=partner_keys.key_file("pup"),
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
        programme = pup.post(  # seq 1
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
            record_service(pup, client_id, hours, day)
        wait_for(lambda: len(events_on(broker)) == 5)
        genuine = events_on(broker)

        # Removed: the 2.0 hours of 5 February (seq 4) disappear from the stream.
        broker.xdel(STREAM, genuine[3][0])
        # Modified: a copy of seq 3 (the 1.5 hours) claiming 150 hours.
        _, second, second_body = genuine[2]
        modified = second_body.replace(b'"hours":"1.5"', b'"hours":"150.0"')
        assert modified != second_body
        broker.xadd(STREAM, {"__data__": modified})
        # Forged: a well-formed event with the next seq and the correct prev_hash, and a
        # checkpoint for it signed with the attacker's own key.
        head = body_hash(genuine[4][2])
        forged = second.model_copy(
            update={
                "event_id": uuid.uuid4(),
                "seq": 6,
                "prev_hash": head,
                "payload": second.payload.model_copy(update={"hours": Decimal("500")}),
            }
        )
        forged_body = encode_event(forged)
        broker.xadd(STREAM, {"__data__": forged_body})
        attacker = SigningKey.generate("pup")
        signed = attacker.sign("bartoszyce", 6, body_hash(forged_body), datetime.now(UTC))
        broker.xadd(STREAM, {"__data__": signed.model_dump_json()})

        # The partner goes on with its own seq 6: 3.0 hours on 7 February.
        record_service(pup, client_id, "3.0", "2013-02-07")
        wait_for(lambda: len(events_on(broker)) == 7)

        with TestClient(create_reporting_app(lambda: reporting_settings)) as reporting:
            reporting.headers.update(signed_in(reporting, "auditor"))

            def summary() -> dict[str, object]:
                answer: dict[str, object] = reporting.get("/api/v1/summary").json()
                return answer

            # 1.5 + 2.0 (published again on request) + 2.5 + 3.0: the partner's own hours.
            wait_for(lambda: summary()["hours"]["total"] == "9.0")  # type: ignore[index]
            assert summary()["events"] == 6
            letters = reporting.get("/api/v1/dead-letters").json()
            reasons = sorted(letter["reason"] for letter in letters)
            assert len(reasons) == 3, reasons
            assert f"checkpoint of 'pup' under unknown key {attacker.key_id!r}" in reasons
            assert any(
                r.startswith("not the event the partner signed: seq 3 of 'pup'") for r in reasons
            )
            assert any(
                r.startswith("not the event the partner signed: seq 6 of 'pup'") for r in reasons
            )
            (progress,) = reporting.get("/api/v1/ingest/status").json()["sources"]
            assert progress["missing"] == []
            assert progress["last_contiguous_seq"] == progress["highest_seq"] == 6
