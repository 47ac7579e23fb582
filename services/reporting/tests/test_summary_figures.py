"""The summary's figures the partnerships publish (issue 7, item 7), one test per key, each
built from events as the partners would send them, with the seeds' published figures:

* seed 001 (MOPS Bartoszyce, "Twoja Szansa", 2009): a programme worth 349 773,80 zł = EU
  310 503,80 + own 39 270,00; vocational trainings by trade 12/12/12/13; KIS editions I and II of
  14 persons each;
* seed 002 (MOPS Kołobrzeg): 2 persons took an employment contract for more than a year;
* seed 004 (PCPR Poznań, "Schematom STOP!"): 10 families / 54 persons completed the programme;
  9 persons took jobs (5 employment contracts, 4 mandates); 5 kept them (3 and 2).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import orjson
from event_factories import edition_id, programme_id

from reporting_node.domain.drilldown import figure_named
from reporting_node.domain.summary import Filters
from reporting_node.store.drilldown import pseudonyms_behind
from reporting_node.store.queries import Reader
from reporting_node.store.rebuild import rebuild_projections
from reporting_node.store.register import load_editions


def person(number: int) -> str:
    return f"{number:064x}"


def family(number: int) -> str:
    return f"f{number:063x}"


TWOJA_SZANSA = "Twoja Szansa"
TRADES = {
    "pielęgnacja dłoni i stylizacja paznokci": 12,
    "pracownik pielęgnacji zieleni": 12,
    "brukarz": 12,
    "technolog robót wykończeniowych w budownictwie": 13,
}


async def drill(store: Any, figure: str, **filters: Any) -> list[str]:
    if filters.get("programme"):
        filters["programme"] = str(programme_id(filters["programme"]))
    async with store.sessions() as session:
        reader = await Reader.open(session, Filters(**filters))
        wanted = figure_named(figure, await load_editions(session))
        return await pseudonyms_behind(reader, wanted)


# --- programmes ----------------------------------------------------------------------------------


async def test_programmes_with_their_budget_and_clients(store: Any, events: Any) -> None:
    clients = [person(n) for n in range(1, 122)]
    enrolments = [
        events.enrol(c, "ops", date(2009, 3, 2) if n < 100 else date(2009, 9, 1), TWOJA_SZANSA)
        for n, c in enumerate(clients)
    ]
    defined = events.programme(
        TWOJA_SZANSA,
        "POKL.07.01.01-28-017/09",
        starts_on=date(2009, 1, 1),
        ends_on=date(2009, 12, 31),
        funding=("349773.80", "310503.80", "39270.00"),
    )
    await store.ingest(*enrolments[:60])  # enrolments before the definition: nothing is lost
    [waiting] = (await store.summary())["programmes"]
    assert (waiting["id"], waiting["name"], waiting["clients"]) == (
        str(programme_id(TWOJA_SZANSA)),
        None,
        60,
    )
    await store.ingest(defined, *enrolments[60:], events.enrol(person(500), programme="Other"))
    listed = (await store.summary())["programmes"]
    assert [p["code"] for p in listed] == ["POKL.07.01.01-28-017/09", None]
    assert listed[0] == {
        "id": str(programme_id(TWOJA_SZANSA)),
        "code": "POKL.07.01.01-28-017/09",
        "name": TWOJA_SZANSA,
        "starts_on": "2009-01-01",
        "ends_on": "2009-12-31",
        "lead_partner": "ops",
        "funding": {
            "total": "349773.80",
            "co_financing": "310503.80",
            "co_financing_source": "eu",
            "own_contribution": "39270.00",
        },
        "clients": 121,
    }
    first_half = await store.summary(first=date(2009, 1, 1), last=date(2009, 6, 30))
    # "Other" is not defined, and nobody was enrolled in it yet: it is not listed.
    assert [p["clients"] for p in first_half["programmes"]] == [100]
    only = await store.summary(programme=TWOJA_SZANSA)
    assert [p["name"] for p in only["programmes"]] == [TWOJA_SZANSA]
    assert only["programmes"][0]["clients"] == only["clients"]["total"] == 121
    assert await drill(store, f"programmes.{programme_id(TWOJA_SZANSA)}.clients") == clients


async def test_the_latest_announcement_of_a_programme_stands(store: Any, events: Any) -> None:
    first = events.programme(TWOJA_SZANSA, "OLD/1", funding=("100.00", "80.00", "20.00"))
    amended = events.programme(
        TWOJA_SZANSA, "NEW/2", funding=("349773.80", "310503.80", "39270.00")
    )
    await store.ingest(amended)
    await store.ingest(first)  # arrives late: the amendment still stands
    [programme] = (await store.summary())["programmes"]
    assert (programme["code"], programme["funding"]["total"]) == ("NEW/2", "349773.80")
    await rebuild_projections(store.sessions)
    assert (await store.summary())["programmes"] == [programme]


# --- activities: completions, editions, trades -------------------------------------------------


def _seed_001_activities(events: Any) -> list[Any]:
    history: list[Any] = []
    number = 0
    for label, trade in enumerate(TRADES, start=1):
        history.append(
            events.edition(
                f"course-{label}",
                "training",
                TWOJA_SZANSA,
                trade=trade,
                starts_on=date(2009, 9, 7),
                ends_on=date(2009, 10, 30),
                edition_label=f"{label}",
            )
        )
        for _ in range(TRADES[trade]):
            number += 1
            started = events.start(
                person(number), "training", "ops", date(2009, 9, 7), edition=f"course-{label}"
            )
            qualified = number % 7 != 0  # 7 of the 49 did not pass the exam
            history += [started, events.end(started, date(2009, 10, 30), qualified=qualified)]
    for label, (begins, ends) in {
        "I": (date(2009, 7, 1), date(2009, 8, 31)),
        "II": (date(2009, 10, 1), date(2009, 11, 30)),
    }.items():
        history.append(events.edition(label, "kis", TWOJA_SZANSA, starts_on=begins, ends_on=ends))
        for _ in range(14):
            number += 1
            started = events.start(person(number), "kis", "ops", begins, edition=label)
            history += [started, events.end(started, ends)]
    return history


async def test_activities_by_edition_trade_completion_and_qualification(
    store: Any, events: Any
) -> None:
    await store.ingest(*_seed_001_activities(events))
    activities = (await store.summary())["activities"]
    training = activities["training"]
    assert (training["persons"], training["completed"], training["completed_persons"]) == (
        49,
        49,
        49,
    )
    assert training["qualified_persons"] == 42
    assert training["by_trade"] == dict(sorted(TRADES.items()))
    course = training["editions"][str(edition_id("course-3"))]
    assert course == {
        "label": "3",
        "trade": "brukarz",
        "programme_id": str(programme_id(TWOJA_SZANSA)),
        "provider": "ops",
        "capacity": 14,
        "persons": 12,
    }
    kis = activities["kis"]
    assert {e["label"]: e["persons"] for e in kis["editions"].values()} == {"I": 14, "II": 14}
    assert kis["persons"] == 28
    summer = (await store.summary(first=date(2009, 7, 1), last=date(2009, 9, 30)))["activities"]
    assert {e["label"]: e["persons"] for e in summer["kis"]["editions"].values()} == {"I": 14}
    assert summer["kis"]["completed_persons"] == 14
    assert summer["training"]["completed_persons"] == 0
    assert summer["training"]["by_trade"]["brukarz"] == 12  # the courses began in September
    assert len(await drill(store, "activities.training.by_trade.brukarz")) == 12
    assert len(await drill(store, "activities.training.qualified_persons")) == 42
    assert len(await drill(store, f"activities.kis.editions.{edition_id('II')}.persons")) == 14


# --- families ------------------------------------------------------------------------------------


async def test_families_enrolled_with_a_contract_completed_and_their_persons(
    store: Any, events: Any
) -> None:
    history: list[Any] = []
    number = 0
    for f in range(1, 11):
        size = 5 if f <= 6 else 6  # 6 × 5 + 4 × 6 = 54 persons
        members = [person(number + m) for m in range(1, size + 1)]
        number += size
        enrolled = events.family(family(f), members, on=date(2013, 11, 4))
        history += [
            enrolled,
            events.family(family(f), members, "pup", on=date(2013, 11, 6)),  # the same family
            events.contract(
                members[0], "tripartite_family_contract", family(f), on=date(2013, 12, 2 + f)
            ),
        ]
        history.append(events.family_exit(enrolled, date(2015, 3, 31)))
    history.append(events.family(family(11), [person(900)], on=date(2014, 1, 2)))
    history.append(events.family_exit(history[-1], date(2014, 2, 1), "dropped_out"))
    await store.ingest(*history)
    everything = (await store.summary())["families"]
    assert everything == {"enrolled": 11, "with_contract": 10, "completed": 10, "persons": 55}
    pilot = await store.summary(first=date(2015, 1, 1), last=date(2015, 3, 31))
    assert pilot["families"] == {
        "enrolled": 10,
        "with_contract": 10,
        "completed": 10,
        "persons": 54,
    }
    november = await store.summary(first=date(2013, 11, 1), last=date(2013, 11, 30))
    assert november["families"] == {
        "enrolled": 10,
        "with_contract": 0,  # the contracts were signed in December
        "completed": 0,
        "persons": 54,
    }
    assert (await store.summary(partner="pup"))["families"]["enrolled"] == 10
    other = await store.summary(programme="Another programme")
    assert other["families"]["enrolled"] == 0
    assert await drill(store, "families.completed") == [family(f) for f in range(1, 11)]
    assert len(await drill(store, "families.persons", first=date(2015, 1, 1))) == 54


async def test_contracts_by_kind(store: Any, events: Any) -> None:
    await store.ingest(
        events.contract(person(1), on=date(2013, 2, 1)),
        events.contract(person(2), on=date(2013, 5, 1)),
        events.contract(person(3), "tripartite_family_contract", family(1), on=date(2013, 5, 2)),
    )
    assert (await store.summary())["contracts"] == {
        "by_kind": {"social_contract": 2, "tripartite_family_contract": 1}
    }
    q2 = await store.summary(first=date(2013, 4, 1), last=date(2013, 6, 30))
    assert q2["contracts"]["by_kind"] == {"social_contract": 1, "tripartite_family_contract": 1}
    assert await drill(store, "contracts.by_kind.social_contract") == [person(1), person(2)]


# --- employment ----------------------------------------------------------------------------------


async def test_employment_retained_and_still_employed_by_contract_type(
    store: Any, events: Any
) -> None:
    jobs = [
        events.job(person(n), "employment_fixed_term" if n <= 5 else "mandate", on=date(2014, 9, n))
        for n in range(1, 10)
    ]
    kept = [events.retained(jobs[n], date(2015, 3, 2), months=6) for n in (0, 1, 2, 5, 6)]
    ended = [events.job_ended(jobs[n], date(2015, 1, 31)) for n in (3, 7, 8)]
    await store.ingest(*jobs, *kept, *ended)
    employment = (await store.summary())["employment"]
    assert employment["persons"] == 9
    assert employment["persons_by_type"]["employment_fixed_term"] == 5
    assert employment["persons_by_type"]["mandate"] == 4
    assert employment["retained_persons"] == 5
    assert employment["retained_persons_by_type"]["employment_fixed_term"] == 3
    assert employment["retained_persons_by_type"]["mandate"] == 2
    assert employment["still_employed_by_type"]["employment_fixed_term"] == 4
    assert employment["still_employed_by_type"]["mandate"] == 2
    q1 = (await store.summary(first=date(2015, 1, 1), last=date(2015, 1, 30)))["employment"]
    assert q1["retained_persons_by_type"]["mandate"] == 0
    assert q1["still_employed_by_type"]["mandate"] == 4
    drilled = await drill(store, "employment.retained_persons_by_type.employment_fixed_term")
    assert drilled == [person(1), person(2), person(3)]
    assert len(await drill(store, "employment.still_employed_by_type.mandate")) == 2


async def test_contracts_by_duration(store: Any, events: Any) -> None:
    history = [
        events.job(person(1), on=date(2013, 3, 1), ends_on=date(2014, 6, 30)),  # over a year
        events.job(person(2), on=date(2013, 4, 1), ends_on=date(2014, 4, 1)),
        events.job(person(3), on=date(2013, 4, 1), ends_on=date(2013, 9, 30)),
        events.job(person(4), "employment_indefinite", on=date(2013, 5, 2)),
        events.job(person(5), "mandate", on=date(2013, 5, 6)),  # its end not recorded
    ]
    await store.ingest(*history)
    version_1 = history[4].model_dump(mode="json") | {"version": 1}
    del version_1["payload"]["ends_on"]
    version_1["payload"]["employment_id"] = str(uuid.uuid4())
    version_1.update(event_id=str(uuid.uuid4()), seq=99)
    await store.ingest(("stream:pup", orjson.dumps(version_1)))  # read as version 2
    durations = (await store.summary())["employment"]["contracts_by_duration"]
    assert durations == {
        "up_to_12_months": 1,
        "over_12_months": 2,  # seed 002: "umowę o pracę na czas określony powyżej roku"
        "indefinite": 1,
        "unspecified": 2,
    }
    april = await store.summary(first=date(2013, 4, 1), last=date(2013, 4, 30))
    assert april["employment"]["contracts_by_duration"]["over_12_months"] == 1
    assert await drill(store, "employment.contracts_by_duration.over_12_months") == [
        person(1),
        person(2),
    ]


# --- corrections ---------------------------------------------------------------------------------


async def test_corrections_counted_in_the_period_they_were_made(store: Any, events: Any) -> None:
    first = events.service(person(1), hours="30")
    second = events.benefit(person(1), "999.00")
    await store.ingest(
        first,
        second,
        events.correct(first, hours="3", occurred_at=datetime(2013, 2, 10, tzinfo=UTC)),
        events.withdraw(second, occurred_at=datetime(2013, 5, 10, tzinfo=UTC)),
    )
    assert (await store.summary())["corrections"] == {"corrected": 1, "withdrawn": 1}
    q1 = await store.summary(first=date(2013, 1, 1), last=date(2013, 3, 31))
    assert q1["corrections"] == {"corrected": 1, "withdrawn": 0}
    assert await drill(store, "corrections.withdrawn") == [person(1)]
