"""Ingest and projections against a real database (SQLite and PostgreSQL), batch by batch."""

from __future__ import annotations

from datetime import date
from typing import Any

from event_factories import edition_id
from sqlalchemy import select

from partnership_shared.events import encode_event
from reporting_node.domain.drilldown import figure_named
from reporting_node.domain.summary import Filters
from reporting_node.store.drilldown import pseudonyms_behind
from reporting_node.store.figures import monthly_trend
from reporting_node.store.queries import Reader
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.schema import dead_letter, person_fact, tally, tally_gap


def person(number: int) -> str:
    return f"{number:064x}"


A, B, C, D = person(1), person(2), person(3), person(4)


def scenario(events: Any) -> list[Any]:
    """Four clients served by three partners over the first half of 2013."""
    internship = events.start(A, "internship", "pup", date(2013, 3, 1))
    kis_b = events.start(B, "kis", "ops", date(2013, 2, 1), edition="I")
    job_a = events.job(A, "employment_fixed_term", on=date(2013, 5, 6))
    return [
        events.enrol(A, "pup", date(2013, 1, 7), gender="female", disability="light"),
        events.enrol(A, "ops", date(2013, 1, 9), gender="female", disability="light"),
        events.enrol(B, "ops", date(2013, 1, 9), gender="male", disability="severe"),
        events.enrol(C, "ngo", date(2013, 2, 1), gender="female", replaces=D),
        events.exit(B, "ops", date(2013, 4, 30), reason="dropped_out"),
        events.service(A, "pup", "114.5", date(2013, 2, 4), role="job_broker"),
        events.service(B, "ops", "222.5", date(2013, 3, 4), role="social_worker"),
        events.service(
            None, "ngo", "446.5", date(2013, 4, 4), role="psychologist", attendees=[A, C]
        ),
        events.benefit(B, "51000.00", on=date(2013, 3, 15)),
        events.benefit(A, "986.28", basis="housing_allowance", on=date(2013, 4, 15)),
        internship,
        events.end(internship, date(2013, 8, 31)),
        kis_b,
        events.end(kis_b, date(2013, 4, 30), completed=False),
        job_a,
        events.job(A, "mandate", on=date(2013, 6, 1)),
        events.retained(job_a, date(2013, 6, 30)),
    ]


async def test_the_summary_counts_people_hours_and_money_exactly(store: Any, events: Any) -> None:
    outcome = await store.ingest(*scenario(events))
    assert (outcome.accepted, outcome.duplicates, outcome.dead_letters) == (17, 0, [])
    summary = await store.summary()
    assert summary["events"] == 17
    assert summary["clients"] == {
        "total": 3,
        "by_gender": {"female": 2, "male": 1},
        "replacements": 1,
        "recruited": 2,
        "exited": 1,
        "by_exit_reason": {"completed": 0, "dropped_out": 1, "moved": 0, "other": 0},
        "by_disability": {"none": 0, "light": 1, "moderate": 1, "severe": 1},
    }
    assert summary["hours"] == {
        "total": "783.5",
        "by_partner_kind": {"pup": "114.5", "ops": "222.5", "ngo": "446.5"},
        "by_role": {"job_broker": "114.5", "social_worker": "222.5", "psychologist": "446.5"},
        "by_partner_role": {
            "pup": {"job_broker": "114.5"},
            "ops": {"social_worker": "222.5"},
            "ngo": {"psychologist": "446.5"},
        },
        "sessions": 3,
    }
    assert summary["benefits"] == {
        "total": "51986.28",
        "by_basis": {"social_assistance": "51000.00", "housing_allowance": "986.28"},
        "by_partner_kind": {"pup": "0.00", "ops": "51986.28", "ngo": "0.00"},
        "payments": 2,
    }
    employment = summary["employment"]
    assert (employment["persons"], employment["contracts"]) == (1, 2)
    assert employment["rate"] == "0.3333"
    assert employment["still_employed_persons"] == 1
    assert employment["retained_persons"] == 1
    activities = summary["activities"]
    assert activities["internship"] == {
        "persons": 1,
        "started": 1,
        "completed": 1,
        "abandoned": 0,
        "completed_persons": 1,
        "qualified_persons": 0,
        "editions": {},
        "by_trade": {},
    }
    assert activities["kis"]["persons"] == 1
    assert (activities["kis"]["completed"], activities["kis"]["abandoned"]) == (0, 1)
    assert activities["kis"]["editions"] == {
        str(edition_id("I")): {
            "label": None,  # its schedule has not arrived
            "trade": None,
            "programme_id": None,
            "provider": None,
            "capacity": None,
            "persons": 1,
        }
    }


async def test_a_period_reads_business_dates(store: Any, events: Any) -> None:
    await store.ingest(*scenario(events))
    march = await store.summary(first=date(2013, 3, 1), last=date(2013, 3, 31))
    assert march["hours"]["total"] == "222.5"
    assert march["benefits"]["total"] == "51000.00"
    assert march["clients"]["total"] == 3
    assert march["activities"]["internship"]["started"] == 1
    assert march["employment"]["persons"] == 0
    may = await store.summary(first=date(2013, 5, 1), last=date(2013, 5, 31))
    assert may["clients"]["total"] == 2  # B left at the end of April
    assert may["employment"]["persons"] == 1
    assert may["employment"]["rate"] == "0.5000"
    assert may["activities"]["kis"]["persons"] == 0


async def test_partner_and_programme_filters(store: Any, events: Any) -> None:
    await store.ingest(*scenario(events))
    ops = await store.summary(partner="ops")
    assert ops["clients"]["total"] == 2
    assert ops["hours"]["total"] == "222.5"
    assert ops["hours"]["by_partner_kind"] == {"pup": "0.0", "ops": "222.5", "ngo": "0.0"}
    assert ops["employment"]["persons"] == 0
    other = await store.summary(programme="Another programme")
    assert other["clients"]["total"] == 0
    assert other["hours"]["total"] == "0.0"
    same = await store.summary(programme="Bartoszyce 2013")
    assert same["clients"] == (await store.summary())["clients"]


async def test_a_duplicate_changes_nothing(store: Any, events: Any) -> None:
    history = scenario(events)
    await store.ingest(*history)
    before = await store.summary()
    outcome = await store.ingest(history[5], history[5], history[0])
    assert (outcome.accepted, outcome.duplicates) == (0, 3)
    assert await store.summary() == before


async def test_an_invalid_entry_is_dead_lettered_and_the_rest_goes_on(
    store: Any, events: Any
) -> None:
    good = events.service(A, "pup", "2.5")
    broken = encode_event(events.service(A, "pup", "1")).replace(b'"1"', b'"-1"')
    outcome = await store.ingest(("stream:pup", broken), ("stream:pup", b"not json"), good)
    assert outcome.accepted == 1
    reasons = [letter.reason for letter in outcome.dead_letters]
    assert any("payload.hours" in reason and "greater than 0" in reason for reason in reasons)
    assert any("Invalid JSON" in reason for reason in reasons)
    assert (await store.summary())["hours"]["total"] == "2.5"
    async with store.sessions() as session:
        stored = (await session.execute(select(dead_letter.c.reason, dead_letter.c.body))).all()
    assert {row.body for row in stored} == {broken, b"not json"}


async def test_an_event_claiming_a_seq_already_held_is_a_conflict(store: Any, events: Any) -> None:
    first = events.service(A, "pup", "2.0")
    await store.ingest(first)
    impostor = events.service(A, "pup", "5.0", seq=first.seq)
    outcome = await store.ingest(impostor)
    assert outcome.accepted == 0
    [letter] = outcome.dead_letters
    assert letter.reason.startswith("conflict: seq 1 of source 'pup'")
    assert str(first.event_id) in letter.reason
    assert (await store.summary())["hours"]["total"] == "2.0"


async def test_events_for_another_partnership_or_on_another_stream_are_refused(
    store: Any, events: Any
) -> None:
    misplaced = events.service(A, "ops", "1.0")
    elsewhere = events.service(A, "pup", "1.0").model_copy(update={"partnership_id": "elsewhere"})
    outcome = await store.ingest(("stream:pup", encode_event(misplaced)), elsewhere)
    assert outcome.accepted == 0
    reasons = sorted(letter.reason for letter in outcome.dead_letters)
    assert "partnership 'elsewhere', this node serves 'bartoszyce'" in reasons[0]
    assert "source 'ops' on the stream of 'pup'" in reasons[1]


async def test_an_enrolment_arriving_late_moves_earlier_events_to_its_programme(
    store: Any, events: Any
) -> None:
    group = events.service(None, "ngo", "4.0", attendees=[A, B])
    await store.ingest(group, events.service(A, "pup", "1.0"), events.benefit(A, "10.00"))
    assert (await store.summary(programme="KIS"))["hours"]["total"] == "0.0"
    await store.ingest(events.enrol(A, "pup", programme="KIS"))
    kis = await store.summary(programme="KIS")
    assert kis["hours"]["total"] == "5.0"
    assert kis["benefits"]["total"] == "10.00"
    await store.ingest(events.enrol(B, "ops", programme="PAL"))
    pal = await store.summary(programme="PAL")
    assert (pal["hours"]["total"], pal["clients"]["total"]) == ("4.0", 1)
    assert (await store.summary(programme="KIS"))["hours"]["total"] == "5.0"
    assert (await store.summary())["hours"]["total"] == "5.0"


async def _projection_rows(store: Any) -> dict[str, Any]:
    async with store.sessions() as session:
        return {
            "tally": sorted((await session.execute(select(tally).where(tally.c.n != 0))).all()),
            "gaps": sorted(
                (await session.execute(select(tally_gap).where(tally_gap.c.n != 0))).all()
            ),
            "facts": sorted((await session.execute(select(person_fact))).all()),
        }


async def test_a_rebuild_reproduces_the_projections_exactly(store: Any, events: Any) -> None:
    history = scenario(events)
    # Out of order and in small batches, enrolments last: the incremental path at its hardest.
    for item in reversed(history):
        await store.ingest(item)
    await store.ingest(events.enrol(B, "ngo", date(2013, 1, 2), programme="PAL"))
    filters = [
        {},
        {"first": date(2013, 3, 1), "last": date(2013, 4, 30)},
        {"partner": "ops"},
        {"programme": "PAL"},
        {"programme": "Bartoszyce 2013", "partner": "ngo"},
    ]
    incremental = [await store.summary(**f) for f in filters]
    rows = await _projection_rows(store)
    assert await rebuild_projections(store.sessions) == 18
    assert [await store.summary(**f) for f in filters] == incremental
    assert await _projection_rows(store) == rows
    assert incremental[0]["clients"]["total"] == 3


async def test_the_drilldown_lists_as_many_pseudonyms_as_the_figure(
    store: Any, events: Any
) -> None:
    await store.ingest(*scenario(events))
    expected = {
        "clients.total": [A, B, C],
        "clients.replacements": [C],
        "clients.by_exit_reason.dropped_out": [B],
        "employment.persons": [A],
        "activities.kis.persons": [B],
        f"activities.kis.editions.{edition_id('I')}": [B],
        "hours.by_partner_kind.ngo": [A, C],
        "benefits.by_basis.social_assistance": [B],
    }
    async with store.sessions() as session:
        reader = await Reader.open(session, Filters())
        for name, pseudonyms in expected.items():
            assert await pseudonyms_behind(reader, figure_named(name)) == sorted(pseudonyms), name
        may = await Reader.open(session, Filters(date(2013, 5, 1), date(2013, 5, 31)))
        assert await pseudonyms_behind(may, figure_named("clients.total")) == sorted([A, C])


async def test_the_trend_goes_month_by_month(store: Any, events: Any) -> None:
    await store.ingest(*scenario(events))
    async with store.sessions() as session:
        rows = await monthly_trend(await Reader.open(session, Filters()))
    assert [row["month"] for row in rows] == [f"2013-{m:02d}" for m in range(1, 9)]
    by_month = {row["month"]: row for row in rows}
    assert by_month["2013-02"]["hours"] == "114.5"
    assert by_month["2013-03"]["benefits"] == "51000.00"
    assert by_month["2013-05"]["employment_started"] == 1
    assert by_month["2013-03"]["activities_started"] == 1
