"""Coordination through the API, on real SQLite and PostgreSQL and a real broker: plans, referrals,
timelines, duplication warnings; refusals that name the field and change nothing."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import redis
from coordination_fixtures import from_partner
from fastapi.testclient import TestClient
from partner_fixtures import ANNA, JERZY, OPS, SECRET, http_enrolled, http_programme, running_node

from partnership_partner.bootstrap import PartnerExtension
from partnership_partner.domain.scope import PartnerProfile
from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import PartnerKind
from partnership_shared.kernel.pseudonym import pseudonym_for
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream

pytestmark = pytest.mark.redis

ANNA_PSEUDONYM = pseudonym_for(ANNA["pesel"], SECRET.encode())
NGO = PartnerProfile(
    kind=PartnerKind.NGO,
    title="Stowarzyszenie Integracji Osób Niepełnosprawnych",
    activity_kinds=frozenset({ev.ActivityKind.WORKSHOP, ev.ActivityKind.TRAINING}),
    payment_bases=frozenset({ev.PaymentBasis.TRAINING_COST}),
    contract_kinds=frozenset(),
)


@pytest.fixture
def ops(database_url: str, redis_url: str) -> Iterator[TestClient]:
    """An OPS node answering in Polish, as its staff read it."""
    with running_node(PartnerExtension(profile=OPS), database_url, redis_url, "ops", "pl") as node:
        yield node


def publish(redis_url: str, *events: ev.EventBase) -> None:
    """Other partners' events on their streams, as their relays publish them."""
    with redis.Redis.from_url(redis_url) as client:
        for event in events:
            client.xadd(partner_stream(event.source.partner_id), {DATA_FIELD: encode_event(event)})


def eventually(check: Callable[[], Any], what: str, within: float = 15.0) -> Any:
    deadline = time.monotonic() + within
    while not (result := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return result


def plan_of_pup(client: str) -> ev.SupportPlanAgreed:
    payload = ev.SupportPlanPayload(
        plan_id=uuid.uuid4(),
        revision=1,
        agreed_on=date(2013, 2, 4),
        team_meeting_on=date(2013, 2, 1),
        actions=(
            ev.PlannedAction(
                action_id=uuid.uuid4(),
                partner="ops",
                kind=ev.ActivityKind.PSU,
                target_on=date(2013, 3, 29),
            ),
        ),
    )
    event = from_partner(ev.SupportPlanAgreed, payload, "pup", client=client)
    assert isinstance(event, ev.SupportPlanAgreed)
    return event


def referral_of_pup(client: str, to: str = "ngo") -> ev.ReferralMade:
    payload = ev.ReferralMadePayload(
        referral_id=uuid.uuid4(),
        to_partner=to,
        service_kind=ev.SpecialistRole.VOCATIONAL_COUNSELLOR,
        made_on=date(2013, 2, 11),
        consent_on=date(2013, 2, 11),
    )
    event = from_partner(ev.ReferralMade, payload, "pup", client=client)
    assert isinstance(event, ev.ReferralMade)
    return event


REFERRAL = {
    "to_partner": "ngo",
    "service_kind": "psychologist",
    "made_on": "2013-02-11",
    "consent_on": "2013-02-08",
}


def test_refusals_name_the_field_in_polish_and_change_and_announce_nothing(
    ops: TestClient, redis_url: str
) -> None:
    anna = http_enrolled(ops, http_programme(ops), ANNA)
    jerzy = ops.post("/api/v1/clients", json=JERZY).json()["id"]
    pups_plan, pups_referral = plan_of_pup(ANNA_PSEUDONYM), referral_of_pup(ANNA_PSEUDONYM)
    publish(redis_url, pups_plan, pups_referral)
    plan_id, referral_id = pups_plan.payload.plan_id, pups_referral.payload.referral_id
    eventually(lambda: ops.get(f"/api/v1/plans/{plan_id}").status_code == 200, "no plan")
    eventually(lambda: ops.get(f"/api/v1/referrals/{referral_id}").status_code == 200, "no ref.")
    before = ops.get("/api/v1/outbox").json()["last_seq"]
    psu = {"partner": "ops", "kind": "psu", "target_on": "2013-04-01"}
    revision = {"agreed_on": "2013-03-01", "actions": [psu]}
    outsider = {"agreed_on": "2013-03-01", "actions": [{**psu, "partner": "mops"}]}
    cases = [
        (
            f"/api/v1/clients/{anna}/referrals",
            {**REFERRAL, "to_partner": "mops"},
            422,
            "to_partner",
            "partnera mops nie ma w umowie partnerstwa",
        ),
        (
            f"/api/v1/clients/{anna}/referrals",
            {**REFERRAL, "to_partner": "ops"},
            422,
            "to_partner",
            "nie kieruje klienta do siebie samego",
        ),
        (
            f"/api/v1/clients/{anna}/referrals",
            {**REFERRAL, "consent_on": None},
            422,
            "consent_on",
            "bez zgody klienta",
        ),
        (
            f"/api/v1/clients/{anna}/referrals",
            {**REFERRAL, "service_kind": "employment"},
            422,
            "service_kind",
            "dozwolone wartości: 'vocational_counsellor'",
        ),
        (
            f"/api/v1/clients/{jerzy}/referrals",
            REFERRAL,
            409,
            "client_id",
            "nie jest zapisany do programu",
        ),
        (
            f"/api/v1/referrals/{referral_id}/accept",
            {"answered_on": "2013-02-12"},
            409,
            "referral_id",
            "skierowanie jest do partnera NGO: tylko on na nie odpowiada",
        ),
        (
            f"/api/v1/plans/{plan_id}/revisions",
            revision,
            409,
            "plan_id",
            "plan zmienia tylko partner, który go uzgodnił (PUP)",
        ),
        (
            f"/api/v1/clients/{anna}/plans",
            outsider,
            422,
            "actions.0.partner",
            "partnera mops nie ma w umowie partnerstwa",
        ),
    ]
    for path, body, status, field, words in cases:
        response = ops.post(path, json=body)
        assert response.status_code == status, (path, response.text)
        refusal = response.json()
        assert refusal["detail"][0]["loc"] == [field], refusal
        assert words in refusal["message"], refusal["message"]
    assert ops.get("/api/v1/outbox").json()["last_seq"] == before, "nothing announced"
    assert ops.get("/api/v1/referrals", params={"direction": "outgoing"}).json()["total"] == 0
    assert [p["owner"] for p in ops.get(f"/api/v1/clients/{anna}/plans").json()] == ["pup"]
    assert ops.get(f"/api/v1/referrals/{referral_id}").json()["status"] == "made"


def test_a_plan_and_a_referral_made_here_with_progress_and_the_timeline(
    ops: TestClient,
) -> None:
    anna = http_enrolled(ops, http_programme(ops), ANNA)
    made = ops.post(
        f"/api/v1/clients/{anna}/plans",
        json={
            "agreed_on": "2013-02-04",
            "team_meeting_on": "2013-02-01",
            "actions": [
                {"partner": "ops", "kind": "social_worker", "target_on": "2013-02-28"},
                {"partner": "ngo", "kind": "psychologist", "target_on": "2013-03-29"},
            ],
        },
    )
    assert made.status_code == 201, made.text
    plan = made.json()
    assert (plan["owner"], plan["changeable"], plan["revision"]) == ("ops", True, 1)
    assert [a["kind_label"] for a in plan["actions"]] == ["pracownik socjalny", "psycholog"]
    service = ops.post(
        "/api/v1/services",
        json={
            "client_ids": [anna],
            "role": "social_worker",
            "hours": "2",
            "delivered_on": "2013-02-20",
        },
    )
    assert service.status_code == 201, service.text
    assert service.json()["warnings"] == []
    progress = ops.get(f"/api/v1/plans/{plan['id']}").json()
    assert [(a["state"], a["done_on"]) for a in progress["actions"]] == [
        ("done", "2013-02-20"),
        ("overdue", None),  # nothing from the NGO, and 29.03.2013 is long gone
    ]
    assert progress["progress"] == {"done": 1, "done_late": 0, "overdue": 1, "pending": 0}
    keep = plan["actions"][1]["action_id"]
    revised = ops.post(
        f"/api/v1/plans/{plan['id']}/revisions",
        json={
            "agreed_on": "2013-03-04",
            "actions": [
                {
                    "action_id": keep,
                    "partner": "ngo",
                    "kind": "psychologist",
                    "target_on": "2013-05-31",
                }
            ],
        },
    )
    assert revised.status_code == 201, revised.text
    assert [r["revision"] for r in revised.json()["revisions"]] == [1, 2]

    referral = ops.post(
        f"/api/v1/clients/{anna}/referrals",
        json={**REFERRAL, "plan_action_id": keep, "note": "pilne"},
    )
    assert referral.status_code == 201, referral.text
    out = referral.json()
    assert (out["client_id"], out["direction"], out["due_on"], out["note"]) == (
        anna,
        "outgoing",
        "2013-02-25",
        "pilne",
    )
    overdue = ops.get("/api/v1/referrals", params={"overdue": "true"}).json()
    assert [r["id"] for r in overdue["items"]] == [out["id"]]

    timeline = ops.get(f"/api/v1/clients/{anna}/timeline").json()
    assert [(e["on"], e["type"], e["partner_id"], e["own"]) for e in timeline["entries"]] == [
        ("2013-01-28", "ClientEnrolled", "ops", True),
        ("2013-02-04", "SupportPlanAgreed", "ops", True),
        ("2013-02-11", "ReferralMade", "ops", True),
        ("2013-02-20", "ServiceDelivered", "ops", True),
        ("2013-03-04", "SupportPlanRevised", "ops", True),
    ]
    assert timeline["entries"][3]["label"] == (
        "usługa specjalisty — pracownik socjalny, 2\xa0godz., indywidualnie"
    )
    assert ANNA_PSEUDONYM not in str(timeline)


def test_two_partners_coordinate_a_referral_and_are_warned_of_duplication(
    tmp_path: Path, redis_url: str
) -> None:
    with (
        running_node(
            PartnerExtension(profile=OPS),
            f"sqlite+aiosqlite:///{tmp_path}/ops.db",
            redis_url,
            "ops",
            "pl",
        ) as ops,
        running_node(
            PartnerExtension(profile=NGO),
            f"sqlite+aiosqlite:///{tmp_path}/ngo.db",
            redis_url,
            "ngo",
            "pl",
        ) as ngo,
    ):
        programme = http_programme(ops)
        eventually(lambda: ngo.get(f"/api/v1/programmes/{programme}").status_code == 200, "prog.")
        anna = http_enrolled(ops, programme, ANNA)
        paid = ops.post(
            f"/api/v1/clients/{anna}/payments",
            json={"basis": "social_assistance", "amount": "604.00", "paid_on": "2013-02-10"},
        )
        assert paid.status_code == 201, paid.text
        referral = ops.post(f"/api/v1/clients/{anna}/referrals", json=REFERRAL).json()

        inbox = eventually(
            lambda: ngo.get("/api/v1/referrals", params={"direction": "incoming"}).json()["items"],
            "the NGO's inbox stayed empty",
        )
        assert [(r["id"], r["person_known"], r["client_id"]) for r in inbox] == [
            (referral["id"], False, None)
        ]
        refused = ngo.post(
            f"/api/v1/referrals/{referral['id']}/accept", json={"answered_on": "2013-02-12"}
        )
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["person"]
        accepted = ngo.post(
            f"/api/v1/referrals/{referral['id']}/accept",
            json={"answered_on": "2013-02-12", "person": {**ANNA, "disability_degree": "moderate"}},
        )
        assert accepted.status_code == 200, accepted.text
        anna_at_ngo = accepted.json()["client_id"]
        assert anna_at_ngo is not None
        enrolled = ngo.post(
            f"/api/v1/clients/{anna_at_ngo}/enrolment",
            json={"programme_id": programme, "enrolled_on": "2013-02-12", "consent_ref": "Z/NGO/1"},
        )
        assert enrolled.status_code == 201, enrolled.text
        (conflict,) = enrolled.json()["warnings"]  # the OPS has no certificate on file for her
        assert (conflict["kind"], conflict["partner_id"], conflict["subject"]) == (
            "conflict",
            "ops",
            "disability_degree",
        )
        given = ngo.post(
            "/api/v1/services",
            json={
                "client_ids": [anna_at_ngo],
                "role": "psychologist",
                "hours": "1.5",
                "delivered_on": "2013-02-18",
            },
        )
        assert given.status_code == 201, given.text
        done = ngo.post(
            f"/api/v1/referrals/{referral['id']}/complete", json={"completed_on": "2013-03-01"}
        )
        assert done.json()["status"] == "completed"

        eventually(
            lambda: ops.get(f"/api/v1/referrals/{referral['id']}").json()["status"] == "completed",
            "the OPS never learnt the referral was completed",
        )
        eventually(
            lambda: any(
                e["type"] == "ServiceDelivered" and e["partner_id"] == "ngo"
                for e in ops.get(f"/api/v1/clients/{anna}/timeline").json()["entries"]
            ),
            "the NGO's session never reached the OPS",
        )
        second = ops.post(
            "/api/v1/services",
            json={
                "client_ids": [anna],
                "role": "psychologist",
                "hours": "1",
                "delivered_on": "2013-03-04",
            },
        )
        assert second.status_code == 201, "the record stands"
        (warning,) = second.json()["warnings"]
        assert (warning["kind"], warning["partner_id"], warning["since"]) == (
            "overlap",
            "ngo",
            "2013-03-04",
        )
        assert warning["message"].startswith(
            "NGO już daje temu klientowi: psycholog (od 04.03.2013); zapis przyjęto"
        )

        def ngo_timeline() -> list[dict[str, Any]]:
            entries: list[dict[str, Any]] = ngo.get(
                f"/api/v1/clients/{anna_at_ngo}/timeline"
            ).json()["entries"]
            return entries

        entries = eventually(
            lambda: (
                (found := ngo_timeline())
                and any(e["type"] == "OverlapFound" for e in found)
                and found
            ),
            "the overlap never reached the NGO's timeline",
        )
        assert [(e["type"], e["partner_id"]) for e in entries] == [
            ("ClientEnrolled", "ops"),
            ("BenefitPaid", "ops"),
            ("ReferralMade", "ops"),
            ("ReferralAccepted", "ngo"),
            ("ClientEnrolled", "ngo"),
            ("DataConflictFound", "ngo"),
            ("ServiceDelivered", "ngo"),
            ("ReferralCompleted", "ngo"),
            ("ServiceDelivered", "ops"),
            ("OverlapFound", "ops"),  # found by the OPS: the NGO lists it once, announces nothing
        ]
        payment = entries[1]
        assert "amount" not in payment["details"], "the agreement does not share amounts"
        assert payment["label"] == "wypłata — zasiłek z pomocy społecznej"
        feed = ngo.get("/api/v1/feed").json()
        assert feed["kept_aside"] == 0
        assert feed["received"] > 0


def test_an_answer_that_overtakes_its_referral_waits_with_its_reason_and_then_applies(
    ops: TestClient, redis_url: str
) -> None:
    made = referral_of_pup(ANNA_PSEUDONYM)
    referral_id = made.payload.referral_id
    answer = ev.ReferralAnswerPayload(
        referral_id=referral_id, referring_partner="pup", answered_on=date(2013, 2, 12)
    )
    publish(redis_url, from_partner(ev.ReferralAccepted, answer, "ngo", client=ANNA_PSEUDONYM))
    (waiting,) = eventually(lambda: ops.get("/api/v1/feed").json()["waiting"], "not kept aside")
    assert (waiting["type"], waiting["source"], waiting["waits_for"]) == (
        "ReferralAccepted",
        "ngo",
        f"referral:{referral_id}",
    )
    assert (
        waiting["reason"] == f"w tym węźle nie ma takiego rekordu (skierowanie, id {referral_id})"
    )
    publish(redis_url, made)
    eventually(
        lambda: ops.get(f"/api/v1/referrals/{referral_id}").json().get("status") == "accepted",
        "the answer was never applied",
    )
    assert ops.get("/api/v1/feed").json()["kept_aside"] == 0
