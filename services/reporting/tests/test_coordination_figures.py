"""Coordination's figures in the summary (issue 9, item 5): referrals per pair of partners,
support plans' progress per partner, overlaps and data conflicts — built from the events the
partner nodes announce, whatever the order they arrive in, the same after a rebuild."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from event_factories import programme_id

from reporting_node.domain.coordination import Terms
from reporting_node.domain.summary import Filters
from reporting_node.store.figures import read_summary
from reporting_node.store.rebuild import rebuild_projections

PARTNERSHIP = "bartoszyce"


def person(number: int) -> str:
    return f"{number:064x}"


TODAY = date(2013, 3, 1)


async def figures(
    store: Any, today: date = TODAY, answer_days: int = 14, **filters: Any
) -> dict[str, Any]:
    if filters.get("programme"):
        filters["programme"] = str(programme_id(filters["programme"]))
    async with store.sessions() as session:
        summary = await read_summary(
            session, Filters(**filters), PARTNERSHIP, Terms(answer_days), today
        )
    return {key: summary[key] for key in ("referrals", "plans", "overlaps", "conflicts")}


def pair(found: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    [wanted] = [
        p for p in found["referrals"]["by_pair"] if (p["from"], p["to"]) == (source, target)
    ]
    return wanted


# --- referrals ------------------------------------------------------------------------------------


def referral_history(events: Any) -> list[Any]:
    a, b, c, d = (person(n) for n in range(1, 5))
    answered_in_two = events.refer(a, "ops", "ngo", on=date(2013, 2, 4))
    declined_in_five = events.refer(b, "ops", "ngo", on=date(2013, 2, 4))
    unanswered = events.refer(c, "ops", "ngo", on=date(2013, 2, 4))
    recent = events.refer(d, "pup", "ops", on=date(2013, 2, 20), kind="social_worker")
    return [
        *(events.enrol(x, "ops", on=date(2013, 1, 7)) for x in (a, b, c, d)),
        answered_in_two,
        declined_in_five,
        unanswered,
        recent,
        events.answer(answered_in_two, "accepted", date(2013, 2, 6)),
        events.answer(answered_in_two, "completed", date(2013, 2, 27)),
        events.answer(declined_in_five, "declined", date(2013, 2, 9)),
    ]


async def test_referrals_per_pair_of_partners(store: Any, events: Any) -> None:
    await store.ingest(*referral_history(events))
    found = await figures(store)
    ops_ngo = pair(found, "ops", "ngo")
    assert ops_ngo == {
        "from": "ops",
        "to": "ngo",
        "made": 3,
        "accepted": 1,
        "declined": 1,
        "completed": 1,
        "overdue": 1,  # unanswered for 25 days, the agreement gives 14
        "answered": 2,
        "median_days_to_answer": "3.5",  # 2 and 5 days
    }
    pup_ops = pair(found, "pup", "ops")
    assert (pup_ops["made"], pup_ops["overdue"], pup_ops["median_days_to_answer"]) == (1, 0, None)
    referrals = found["referrals"]
    assert (referrals["made"], referrals["overdue"], referrals["answer_days"]) == (4, 1, 14)
    # The agreement's days decide: after 7 days the PUP referral (9 days old) is overdue too.
    assert (await figures(store, answer_days=7))["referrals"]["overdue"] == 2


async def test_referrals_within_a_period(store: Any, events: Any) -> None:
    await store.ingest(*referral_history(events))
    february_second_half = await figures(store, first=date(2013, 2, 15), last=date(2013, 2, 28))
    ops_ngo = pair(february_second_half, "ops", "ngo")
    # Made and answered before the period; completed in it; overdue on its last day (24 days).
    assert (ops_ngo["made"], ops_ngo["accepted"], ops_ngo["completed"]) == (0, 0, 1)
    assert (ops_ngo["overdue"], ops_ngo["median_days_to_answer"]) == (1, None)
    early = await figures(store, first=date(2013, 2, 1), last=date(2013, 2, 10))
    # On 10 February nothing had waited 14 days yet.
    assert early["referrals"]["overdue"] == 0
    assert pair(early, "ops", "ngo")["median_days_to_answer"] == "3.5"
    assert [p["from"] for p in early["referrals"]["by_pair"]] == ["ops"]


async def test_referral_figures_whatever_the_order_and_after_a_rebuild(
    store: Any, sqlite_store: Any, events: Any
) -> None:
    history = referral_history(events)
    await store.ingest(*history)
    expected = await figures(store)
    shuffled = list(history)
    random.Random(9).shuffle(shuffled)
    for item in shuffled:  # answers before their referrals, one batch each
        await sqlite_store.ingest(item)
    await sqlite_store.ingest(*history)  # delivered again: changes nothing
    assert await figures(sqlite_store) == expected
    await rebuild_projections(store.sessions)
    assert await figures(store) == expected


async def test_referrals_by_partner_and_programme(store: Any, events: Any) -> None:
    await store.ingest(*referral_history(events))
    elsewhere = person(9)
    await store.ingest(
        events.enrol(elsewhere, "ops", programme="Other"),
        events.refer(elsewhere, "ops", "pup", on=date(2013, 2, 5)),
    )
    assert (await figures(store))["referrals"]["made"] == 5
    only_pup = await figures(store, partner="pup")
    assert [(p["from"], p["to"]) for p in only_pup["referrals"]["by_pair"]] == [
        ("ops", "pup"),
        ("pup", "ops"),
    ]
    other = await figures(store, programme="Other")
    assert [(p["from"], p["to"], p["made"]) for p in other["referrals"]["by_pair"]] == [
        ("ops", "pup", 1)
    ]


# --- plans ----------------------------------------------------------------------------------------


def plan_history(events: Any) -> tuple[list[Any], dict[str, Any]]:
    client, other = person(1), person(2)
    plan = events.plan(
        client,
        [
            ("pup", "internship", date(2013, 3, 31)),
            ("ngo", "psychologist", date(2013, 2, 15)),
            ("pup", "employment", date(2013, 4, 30)),
            ("ngo", "vocational_counsellor", date(2013, 12, 31)),
        ],
        on=date(2013, 2, 1),
    )
    records = {
        "internship": events.start(client, "internship", "pup", on=date(2013, 3, 1)),
        "late_session": events.service(client, "ngo", role="psychologist", on=date(2013, 2, 20)),
        # Another partner's session of that kind, and one before the plan: they fulfil nothing.
        "by_ops": events.service(client, "ops", role="psychologist", on=date(2013, 2, 5)),
        "before": events.service(client, "pup", role="vocational_counsellor", on=date(2013, 1, 9)),
    }
    other_plan = events.plan(
        other, [("ngo", "vocational_counsellor", date(2013, 2, 28))], on=date(2013, 2, 1)
    )
    group = events.service(
        None, "ngo", role="vocational_counsellor", on=date(2013, 2, 11), attendees=[other, client]
    )
    return [
        events.enrol(client, "ops"),
        events.enrol(other, "ops"),
        plan,
        other_plan,
        group,
        *records.values(),
    ], {"plan": plan, "group": group, **records}


async def test_plan_progress_per_partner(store: Any, events: Any) -> None:
    history, _ = plan_history(events)
    await store.ingest(*history)
    plans = (await figures(store, today=date(2013, 6, 1)))["plans"]
    assert plans["by_partner"] == {
        "ngo": {
            "clients": 2,
            "actions": 3,
            "done_on_time": 2,  # the group session fulfils both clients' counselling actions
            "done_late": 1,
            "overdue": 0,
            "pending": 0,
        },
        "pup": {
            "clients": 1,
            "actions": 2,
            "done_on_time": 1,
            "done_late": 0,
            "overdue": 1,  # no job by 30 April
            "pending": 0,
        },
    }
    assert (plans["clients_with_plan"], plans["plans"], plans["actions"]) == (2, 2, 5)
    assert (plans["done_on_time"], plans["done_late"], plans["overdue"]) == (3, 1, 1)


async def test_plan_progress_within_a_period(store: Any, events: Any) -> None:
    history, _ = plan_history(events)
    await store.ingest(*history)
    march = await figures(
        store, today=date(2013, 6, 1), first=date(2013, 3, 1), last=date(2013, 3, 31)
    )
    pup = march["plans"]["by_partner"]["pup"]
    # The internship started in March; on 31 March the job was not yet due.
    assert (pup["done_on_time"], pup["overdue"], pup["pending"]) == (1, 0, 1)
    ngo = march["plans"]["by_partner"]["ngo"]
    assert (ngo["done_on_time"], ngo["done_late"]) == (0, 0)  # done in February
    before_any_plan = await figures(store, first=date(2013, 1, 1), last=date(2013, 1, 31))
    assert before_any_plan["plans"]["clients_with_plan"] == 0


async def test_a_revision_and_a_withdrawn_record_change_the_progress(
    store: Any, events: Any
) -> None:
    history, made = plan_history(events)
    await store.ingest(*history)
    plan = made["plan"]
    revised = events.plan(
        plan.client,
        [
            ("pup", "internship", date(2013, 3, 31)),
            ("ngo", "psychologist", date(2013, 2, 15)),
        ],
        on=date(2013, 3, 10),
        plan_id=plan.payload.plan_id,
        revision=2,
    )
    await store.ingest(revised, events.withdraw(made["late_session"]))
    plans = (await figures(store, today=date(2013, 6, 1)))["plans"]
    assert plans["by_partner"]["pup"]["actions"] == 1  # the job is no longer planned
    assert plans["by_partner"]["ngo"]["overdue"] == 1  # the session that did it was withdrawn
    # Before the revision was agreed, the plan stood as first agreed.
    early = (await figures(store, today=date(2013, 6, 1), last=date(2013, 3, 9)))["plans"]
    assert early["by_partner"]["pup"]["actions"] == 2
    expected = await figures(store, today=date(2013, 6, 1))
    await rebuild_projections(store.sessions)
    assert await figures(store, today=date(2013, 6, 1)) == expected


# --- overlaps and conflicts ----------------------------------------------------------------------


async def test_overlaps_and_conflicts_counted_once(store: Any, events: Any) -> None:
    a, b = person(1), person(2)
    await store.ingest(
        events.enrol(a, "ngo"),
        events.enrol(b, "ops"),
        events.overlap(a, "ngo", ("ngo", "pup")),
        events.overlap(a, "pup", ("ngo", "pup")),  # the other partner finds the same overlap
        events.overlap(b, "ops", ("ngo", "ops"), kind="psychologist", since=date(2013, 5, 6)),
        events.conflict(a, "ops", ("ops", "pup")),
        events.conflict(a, "pup", ("ops", "pup")),
    )
    found = await figures(store)
    assert found["overlaps"] == {
        "total": 2,
        "by_kind": {"psychologist": 1, "vocational_counsellor": 1},
        "by_partner": {"ngo": 2, "ops": 1, "pup": 1},
    }
    assert found["conflicts"] == {
        "total": 1,
        "by_fact": {"birth_year": 1},
        "by_partner": {"ops": 1, "pup": 1},
    }
    spring = await figures(store, first=date(2013, 4, 1), last=date(2013, 6, 30))
    assert (spring["overlaps"]["total"], spring["conflicts"]["total"]) == (1, 0)
    assert (await figures(store, partner="pup"))["overlaps"]["total"] == 1
