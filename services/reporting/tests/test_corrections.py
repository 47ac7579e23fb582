"""Corrections and withdrawals reach every figure, any period, any filter, in any arrival order
(issue 7, item 2), against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from event_factories import programme_id
from sqlalchemy import event as sa_event
from sqlalchemy import select, text

from reporting_node.domain.drilldown import figure_named
from reporting_node.domain.summary import Filters
from reporting_node.store.drilldown import pseudonyms_behind
from reporting_node.store.queries import Reader
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.schema import dead_letter

A, B = f"{1:064x}", f"{2:064x}"
Q1 = {"first": date(2013, 1, 1), "last": date(2013, 3, 31)}
Q2 = {"first": date(2013, 4, 1), "last": date(2013, 6, 30)}


async def drill(store: Any, figure: str, **filters: Any) -> list[str]:
    async with store.sessions() as session:
        reader = await Reader.open(session, Filters(**filters))
        return await pseudonyms_behind(reader, figure_named(figure))


async def test_a_corrected_session_counts_its_corrected_hours_for_the_year_and_a_quarter(
    store: Any, events: Any
) -> None:
    session = events.service(A, "pup", "30", on=date(2013, 2, 4))
    await store.ingest(events.enrol(A), session, events.service(A, "pup", "1.5"))
    assert (await store.summary())["hours"]["total"] == "31.5"
    await store.ingest(events.correct(session, hours="3"))
    year, q1 = await store.summary(), await store.summary(**Q1)
    assert year["hours"]["total"] == q1["hours"]["total"] == "4.5"
    assert year["hours"]["by_partner_kind"]["pup"] == "4.5"
    assert year["hours"]["by_role"]["vocational_counsellor"] == "4.5"
    assert year["hours"]["sessions"] == 2
    assert year["corrections"] == {"corrected": 1, "withdrawn": 0}


async def test_a_corrected_date_moves_the_record_to_its_quarter_and_its_drilldown(
    store: Any, events: Any
) -> None:
    session = events.service(A, "pup", "2", on=date(2013, 3, 29))
    await store.ingest(events.enrol(A), session)
    assert await drill(store, "hours.total", **Q1) == [A]
    await store.ingest(events.correct(session, delivered_on=date(2013, 4, 2)))
    assert (await store.summary(**Q1))["hours"]["total"] == "0.0"
    assert (await store.summary(**Q2))["hours"]["total"] == "2.0"
    assert await drill(store, "hours.total", **Q1) == []
    assert await drill(store, "hours.total", **Q2) == [A]


async def test_a_withdrawn_payment_counts_nowhere(store: Any, events: Any) -> None:
    typo = events.benefit(A, "9999999.99", on=date(2013, 3, 15))
    twice = events.benefit(A, "350.00", on=date(2013, 3, 15))
    await store.ingest(events.enrol(A), typo, events.benefit(A, "350.00"), twice)
    assert (await store.summary())["benefits"]["total"] == "10000699.99"
    await store.ingest(events.withdraw(typo, "data_entry_error"), events.withdraw(twice))
    for filters in ({}, Q1, {"partner": "ops"}, {"programme": "Bartoszyce 2013"}):
        benefits = (await store.summary(**filters))["benefits"]
        assert (benefits["total"], benefits["payments"]) == ("350.00", 1), filters
    assert (await store.summary())["corrections"] == {"corrected": 0, "withdrawn": 2}
    await store.ingest(events.withdraw(events.benefit(B, "1.00")))  # its record never came
    assert (await store.summary())["corrections"]["withdrawn"] == 2


async def test_person_figures_follow_corrected_and_withdrawn_records(
    store: Any, events: Any
) -> None:
    enrolment = events.enrol(A, on=date(2013, 1, 7))
    job = events.job(A, "mandate", on=date(2013, 5, 6))
    other = events.job(B, "mandate", on=date(2013, 5, 6))
    leaving = events.exit(B, on=date(2013, 6, 28), reason="dropped_out")
    await store.ingest(enrolment, events.enrol(B), job, other, leaving)
    await store.ingest(
        events.correct(enrolment, enrolled_on=date(2013, 4, 2)),
        events.correct(job, contract_type="employment_fixed_term"),
        events.withdraw(other, "wrong_client"),
        events.correct(leaving, reason="completed"),
    )
    q1, year = await store.summary(**Q1), await store.summary()
    assert q1["clients"]["total"] == 1  # A was enrolled in April after all
    employment = year["employment"]
    assert employment["persons"] == 1
    assert employment["persons_by_type"]["mandate"] == 0
    assert employment["persons_by_type"]["employment_fixed_term"] == 1
    assert employment["contracts_by_type"]["mandate"] == 0
    assert year["clients"]["by_exit_reason"]["completed"] == 1
    assert year["clients"]["by_exit_reason"]["dropped_out"] == 0
    assert await drill(store, "employment.persons") == [A]
    assert await drill(store, "clients.total", **Q1) == [B]
    assert await drill(store, "clients.by_exit_reason.completed") == [B]


async def test_withdrawing_an_enrolment_takes_the_client_out_of_the_programme(
    store: Any, events: Any
) -> None:
    kis, pal = events.enrol(A, programme="KIS"), events.enrol(A, "ops", programme="PAL")
    await store.ingest(kis, pal, events.service(A, "pup", "2"))
    assert (await store.summary(programme="KIS"))["hours"]["total"] == "2.0"
    await store.ingest(events.withdraw(kis, "wrong_client"))
    assert (await store.summary(programme="KIS"))["clients"]["total"] == 0
    assert (await store.summary(programme="KIS"))["hours"]["total"] == "0.0"
    assert (await store.summary(programme="PAL"))["hours"]["total"] == "2.0"
    summary = await store.summary()
    assert summary["clients"]["total"] == 1
    assert [p["id"] for p in summary["programmes"]] == [str(programme_id("PAL"))]
    await rebuild_projections(store.sessions)
    assert await store.summary() == summary


async def test_corrections_apply_in_seq_order_whatever_order_they_arrive_in(
    store: Any, events: Any
) -> None:
    session = events.service(A, "pup", "30")
    first = events.correct(session, hours="3")
    second = events.correct(session, hours="4", role="job_broker")
    await store.ingest(second)  # the later correction, before its original and the earlier one
    await store.ingest(session)
    assert (await store.summary())["hours"]["total"] == "4.0"
    await store.ingest(first)
    hours = (await store.summary())["hours"]
    assert (hours["total"], hours["by_role"]) == ("4.0", {"job_broker": "4.0"})


async def test_a_correction_arriving_before_its_record_waits_for_it(
    store: Any, events: Any
) -> None:
    payment = events.benefit(A, "999.99")
    await store.ingest(events.enrol(A), events.correct(payment, amount="99.99"))
    summary = await store.summary()
    assert (summary["benefits"]["total"], summary["corrections"]["corrected"]) == ("0.00", 0)
    await store.ingest(payment)  # the replayed gap
    summary = await store.summary()
    assert (summary["benefits"]["total"], summary["corrections"]["corrected"]) == ("99.99", 1)
    before = [await store.summary(**f) for f in ({}, Q1, {"partner": "ops"})]
    await rebuild_projections(store.sessions)
    assert [await store.summary(**f) for f in ({}, Q1, {"partner": "ops"})] == before


async def test_a_correction_that_cannot_apply_is_a_dead_letter_and_changes_nothing(
    store: Any, events: Any
) -> None:
    session = events.service(A, "pup", "2")
    late = events.service(A, "pup", "1")
    refused = [
        events.correct(session, partner="ngo", hours="20"),  # another node's record
        events.correct(session, original_type="BenefitPaid", amount="1.00"),
        events.correct(session, hours="0"),  # an invalid payload
        events.correct(session, participants=3),  # an individual session has one
        events.correct(late, partner="ops", hours="9"),  # arrives before its record
    ]
    await store.ingest(events.enrol(A), session, *refused[:4])
    outcome = await store.ingest(refused[4], late)
    assert len(outcome.dead_letters) == 1
    summary = await store.summary()
    assert summary["hours"]["total"] == "3.0"
    assert summary["corrections"] == {"corrected": 0, "withdrawn": 0}
    async with store.sessions() as db:
        letters = dict(
            (await db.execute(select(dead_letter.c.event_id, dead_letter.c.reason))).all()
        )
    reasons = [letters[str(c.event_id)] for c in refused]
    assert "of source 'pup'; a node corrects only its own records" in reasons[0]
    assert "original_type 'BenefitPaid', but event" in reasons[1]
    assert "payload.hours: Input should be greater than 0" in reasons[2]
    assert "an individual service has exactly one participant" in reasons[3]
    assert "a node corrects only its own records" in reasons[4]
    # The corrections after a refused one still apply.
    await store.ingest(events.correct(session, hours="2.5"))
    assert (await store.summary())["hours"]["total"] == "3.5"


@pytest.mark.redis
async def test_the_journey_shows_the_correction_and_the_record_as_it_stands(
    start_node: Any, events: Any
) -> None:
    session = events.service(A, "pup", "30", on=date(2013, 2, 4))
    payment = events.benefit(A, "350.00", on=date(2013, 3, 15))
    moment = datetime(2013, 2, 6, 9, tzinfo=UTC)
    async with start_node() as node:
        await node.publish(
            events.enrol(A),
            session,
            payment,
            events.correct(session, hours="3", occurred_at=moment),
            events.withdraw(payment, occurred_at=datetime(2013, 3, 20, 9, tzinfo=UTC)),
        )
        await node.wait_for_events(5)
        steps = (await node.get(f"/api/v1/clients/{A}/journey"))["events"]
    assert [(s["type"], s["standing"]) for s in steps] == [
        ("ClientEnrolled", None),
        ("ServiceDelivered", "corrected"),
        ("RecordCorrected", None),
        ("BenefitPaid", "withdrawn"),
        ("RecordWithdrawn", None),
    ]
    assert steps[1]["details"]["hours"] == "3"
    assert steps[1]["summary"] == "vocational_counsellor: 3 h, individual"
    assert steps[2]["occurred_on"] == "2013-02-06"
    assert steps[2]["summary"] == "hours 30 → 3 (data_entry_error)"
    assert steps[2]["details"]["changes"] == [{"field": "hours", "from": "30", "to": "3"}]
    assert steps[4]["summary"] == "withdrawn (duplicate)"


async def test_a_batch_without_corrections_asks_one_indexed_question(
    store: Any, events: Any
) -> None:
    await store.ingest(events.enrol(A), events.correct(events.service(B, "ngo", "1"), hours="2"))
    asked: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "refers_to" in statement and not statement.lstrip().startswith("INSERT"):
            asked.append(statement)

    engine = store.sessions.kw["bind"].sync_engine
    sa_event.listen(engine, "before_cursor_execute", note)
    try:
        await store.ingest(*(events.service(A, "pup", "1") for _ in range(50)))
    finally:
        sa_event.remove(engine, "before_cursor_execute", note)
    assert len(asked) == 1
    async with store.sessions() as session:
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SET enable_seqscan = off"))
            plan = await session.execute(
                text("EXPLAIN SELECT refers_to FROM event WHERE refers_to IN ('a', 'b')")
            )
        else:
            plan = await session.execute(
                text("EXPLAIN QUERY PLAN SELECT refers_to FROM event WHERE refers_to IN ('a', 'b')")
            )
        assert "ix_event_refers_to" in " ".join(str(row) for row in plan)
