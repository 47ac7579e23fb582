"""Partners coordinating one client's support, the four nodes running as real processes.

OPS enrols a client and agrees a plan with actions for PUP and the NGO; OPS refers the client to
the NGO, which accepts (registering the person), gives the service and completes the referral; PUP
starts an internship; OPS then books the same kind of service as the NGO and is warned. Every
partner node's timeline for the client shows all of it in date order, each entry labelled with its
partner, the plan shows its progress on every node, and the reporting node's summary counts the
referral, the plan's actions and the overlap.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from running_partnership import RunningPartnership, free_port_run, start_partnership

pytestmark = pytest.mark.e2e

ANNA = {"pesel": "68041210123", "first_name": "Anna", "last_name": "Wiśniewska"}
PROGRAMME = {
    "code": "BPnRIS-2013",
    "name": "Bartoszyckie Partnerstwo na rzecz integracji społeczno-zawodowej",
    "starts_on": "2013-01-15",
    "ends_on": "2013-06-30",
}


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPartnership]:
    """`partnership up` with nothing loaded."""
    base = free_port_run(5)
    running = start_partnership(tmp_path_factory.mktemp("coordination"), base, base + 4)
    try:
        yield running
    finally:
        running.stop()


def eventually(check: Callable[[], Any], what: str, within: float = 30.0) -> Any:
    deadline = time.monotonic() + within
    while not (result := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.2)
    return result


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def enrolled(node: httpx.Client, programme: str) -> str:
    client = created(node.post("/api/v1/clients", json=ANNA))["id"]
    created(
        node.post(
            f"/api/v1/clients/{client}/enrolment",
            json={"programme_id": programme, "enrolled_on": "2013-01-28", "consent_ref": "Z/1"},
        )
    )
    return str(client)


def test_partners_coordinate_one_clients_support(partnership: RunningPartnership) -> None:
    pup, ops, ngo = (
        httpx.Client(
            base_url=partnership.url(name),
            timeout=10,
            headers={"Accept-Language": "pl", **partnership.headers(name)},
        )
        for name in ("pup", "ops", "ngo")
    )
    programme = created(pup.post("/api/v1/programmes", json=PROGRAMME))["id"]
    for node in (ops, ngo):
        eventually(
            lambda n=node: n.get(f"/api/v1/programmes/{programme}").status_code == 200,
            "the programme never reached the other partners",
        )

    # OPS enrols Anna (so does PUP, where she is registered as unemployed) and agrees her plan.
    anna_ops = enrolled(ops, programme)
    anna_pup = enrolled(pup, programme)
    plan = created(
        ops.post(
            f"/api/v1/clients/{anna_ops}/plans",
            json={
                "agreed_on": "2013-02-04",
                "team_meeting_on": "2013-02-01",
                "actions": [
                    {"partner": "pup", "kind": "internship", "target_on": "2013-04-30"},
                    {"partner": "ngo", "kind": "psychologist", "target_on": "2013-03-29"},
                ],
            },
        )
    )
    ngo_action = plan["actions"][1]["action_id"]

    # OPS refers her to the NGO, which accepts, registering her there, and gives the service.
    referral = created(
        ops.post(
            f"/api/v1/clients/{anna_ops}/referrals",
            json={
                "to_partner": "ngo",
                "service_kind": "psychologist",
                "made_on": "2013-02-11",
                "consent_on": "2013-02-08",
                "plan_action_id": ngo_action,
            },
        )
    )
    inbox = eventually(
        lambda: ngo.get("/api/v1/referrals", params={"direction": "incoming"}).json()["items"],
        "the referral never reached the NGO's inbox",
    )
    assert [(r["id"], r["person_known"]) for r in inbox] == [(referral["id"], False)]
    accepted = created(
        ngo.post(
            f"/api/v1/referrals/{referral['id']}/accept",
            json={"answered_on": "2013-02-12", "person": ANNA},
        )
    )
    anna_ngo = accepted["client_id"]
    created(
        ngo.post(
            f"/api/v1/clients/{anna_ngo}/enrolment",
            json={"programme_id": programme, "enrolled_on": "2013-02-12", "consent_ref": "Z/2"},
        )
    )
    session = {"role": "psychologist", "hours": "1.5", "delivered_on": "2013-02-18"}
    assert (
        created(ngo.post("/api/v1/services", json={**session, "client_ids": [anna_ngo]}))[
            "warnings"
        ]
        == []
    )
    created(
        ngo.post(
            f"/api/v1/referrals/{referral['id']}/complete", json={"completed_on": "2013-03-01"}
        )
    )

    # PUP starts her internship.
    created(
        pup.post(
            f"/api/v1/clients/{anna_pup}/activities",
            json={"kind": "internship", "started_on": "2013-03-04"},
        )
    )

    # OPS books a psychologist too, once the NGO's session has reached it: warned, still kept.
    eventually(
        lambda: any(
            e["type"] == "ServiceDelivered"
            for e in ops.get(f"/api/v1/clients/{anna_ops}/timeline").json()["entries"]
        ),
        "the NGO's session never reached the OPS",
    )
    booked = ops.post(
        "/api/v1/services",
        json={**session, "delivered_on": "2013-03-04", "hours": "1", "client_ids": [anna_ops]},
    )
    assert booked.status_code == 201
    (warning,) = booked.json()["warnings"]
    assert (warning["kind"], warning["partner_id"], warning["subject"]) == (
        "overlap",
        "ngo",
        "psychologist",
    )
    assert warning["message"].startswith("NGO już daje temu klientowi: psycholog")

    expected = [
        ("2013-01-28", "ClientEnrolled", "ops"),
        ("2013-01-28", "ClientEnrolled", "pup"),
        ("2013-02-04", "SupportPlanAgreed", "ops"),
        ("2013-02-11", "ReferralMade", "ops"),
        ("2013-02-12", "ReferralAccepted", "ngo"),
        ("2013-02-12", "ClientEnrolled", "ngo"),
        ("2013-02-18", "ServiceDelivered", "ngo"),
        ("2013-03-01", "ReferralCompleted", "ngo"),
        ("2013-03-04", "ActivityStarted", "pup"),
        ("2013-03-04", "ServiceDelivered", "ops"),
        ("2013-03-04", "OverlapFound", "ops"),
    ]
    for node, anna in ((ops, anna_ops), (pup, anna_pup), (ngo, anna_ngo)):

        def timeline(node: httpx.Client = node, anna: str = anna) -> list[dict[str, Any]]:
            entries: list[dict[str, Any]] = node.get(f"/api/v1/clients/{anna}/timeline").json()[
                "entries"
            ]
            return entries

        entries = eventually(
            lambda timeline=timeline: len(found := timeline()) >= len(expected) and found,
            f"{node.base_url}: the timeline never showed every partner's work",
        )
        assert [(e["on"], e["type"], e["partner_id"]) for e in entries] == expected, node.base_url
        assert {e["partner"] for e in entries} == {"PUP", "OPS", "NGO"}
        assert all(e["label"] for e in entries)

        progress = eventually(
            lambda node=node: (
                (found := node.get(f"/api/v1/plans/{plan['id']}")).status_code == 200
                and found.json()
            ),
            "the plan never reached the node",
        )
        assert [(a["partner_id"], a["state"], a["done_on"]) for a in progress["actions"]] == [
            ("pup", "done", "2013-03-04"),
            ("ngo", "done", "2013-02-18"),
        ], node.base_url
        assert progress["changeable"] is (node is ops)
    outgoing = ops.get(f"/api/v1/referrals/{referral['id']}").json()
    assert (outgoing["status"], outgoing["completed_on"], outgoing["overdue"]) == (
        "completed",
        "2013-03-01",
        False,
    )

    # The partnership's view: the referral per pair, the plan's actions per partner, the overlap.
    def coordination() -> dict[str, Any]:
        summary = partnership.summary()
        return {k: summary[k] for k in ("referrals", "plans", "overlaps", "conflicts")}

    figures = eventually(
        lambda: (
            (found := coordination())["overlaps"]["total"]
            and found["plans"]["done_on_time"] == 2
            and found
        ),
        "the reporting summary never showed the coordination",
    )
    assert figures["referrals"]["by_pair"] == [
        {
            "from": "ops",
            "to": "ngo",
            "made": 1,
            "accepted": 1,
            "declined": 0,
            "completed": 1,
            "overdue": 0,
            "answered": 1,
            "median_days_to_answer": "1",  # made on 11 February, accepted on the 12th
        }
    ]
    plans = figures["plans"]
    assert (plans["clients_with_plan"], plans["plans"], plans["actions"]) == (1, 1, 2)
    done = {"clients": 1, "actions": 1, "done_on_time": 1, "done_late": 0, "overdue": 0}
    assert plans["by_partner"] == {
        "ngo": {**done, "pending": 0},
        "pup": {**done, "pending": 0},
    }
    assert figures["overlaps"] == {
        "total": 1,
        "by_kind": {"psychologist": 1},
        "by_partner": {"ngo": 1, "ops": 1},
    }
    assert figures["conflicts"]["total"] == 0
    # Within February the referral was made and answered; the internship came in March.
    february = partnership.summary(**{"from": "2013-02-01", "to": "2013-02-28"})
    assert (february["referrals"]["made"], february["referrals"]["completed"]) == (1, 0)
    assert february["plans"]["by_partner"]["pup"]["pending"] == 1
