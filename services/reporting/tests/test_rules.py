"""The projection rules on their own (no broker, no database): persons are counted once, whatever
the period, the partner filter, or the number of contracts and activities behind them."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest

from reporting_node.domain.days import FIRST_DAY, LAST_DAY, day_key, month_end, split_range, to_date
from reporting_node.domain.drilldown import (
    FIGURES,
    Period,
    PersonFigure,
    UnknownFigure,
    figure_named,
)
from reporting_node.domain.facts import (
    ACTIVITY_ABANDON,
    ACTIVITY_COMPLETE,
    ACTIVITY_START,
    EMPLOYMENT_END,
    EMPLOYMENT_START,
    ENROLLED,
    EXITED,
    RETAINED,
    PersonFact,
)
from reporting_node.domain.formatting import hours, money, rate
from reporting_node.domain.persons import person_marks
from reporting_node.domain.summary import Filters, Sums, build_summary

D = day_key


def fact(client: str, what: str, day: date, partner: str = "pup", **fields: Any) -> PersonFact:
    return PersonFact(
        f"{client}-{what}-{day}-{fields.get('ref', '')}", client, what, partner, D(day), **fields
    )


def summary_of(
    facts: list[PersonFact],
    first: date | None = None,
    last: date | None = None,
    partner: str | None = None,
) -> dict[str, Any]:
    """The summary's person figures computed from the marks of `facts`, as the store would."""
    by_person: dict[str, list[PersonFact]] = defaultdict(list)
    for f in facts:
        by_person[f.client].append(f)
    marks: dict[tuple[str, str, str, int], int] = defaultdict(int)
    gaps: dict[tuple[str, str, str, int, int], int] = defaultdict(int)
    for person_facts in by_person.values():
        found = person_marks(person_facts)
        for key, value in found.marks.items():
            marks[key] += value
        for key, value in found.gaps.items():
            gaps[key] += value
    low = D(first) if first else FIRST_DAY
    high = D(last) if last else LAST_DAY

    def sums(keep: Any) -> Sums:
        rows: dict[tuple[str, str, str], int] = defaultdict(int)
        for (metric, scope, dim, day), value in marks.items():
            if keep(day):
                rows[(metric, scope, dim)] += value
        return Sums({key: (n, 0) for key, n in rows.items()}, partner)

    gap_rows: dict[tuple[str, str, str], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for (metric, scope, dim, left, right), value in gaps.items():
        if left >= low and right <= high:
            gap_rows[(metric, scope, dim)] = (gap_rows[(metric, scope, dim)][0] + value, 0)
    return build_summary(
        "p",
        Filters(first, last, partner),
        sums(lambda day: day < low),
        sums(lambda day: low <= day <= high),
        Sums(gap_rows, partner),
    )


# --- persons are people -----------------------------------------------------------------------


def test_a_person_enrolled_by_two_partners_is_one_client() -> None:
    facts = [
        fact("a", ENROLLED, date(2013, 1, 7), "pup", kind="P", label="female", extra="light"),
        fact("a", ENROLLED, date(2013, 1, 9), "ops", kind="P", label="female", extra="light"),
        fact(
            "b", ENROLLED, date(2013, 1, 9), "ops", kind="P", label="male", extra="none", flag=True
        ),
    ]
    clients = summary_of(facts)["clients"]
    assert clients["total"] == 2
    assert clients["by_gender"] == {"female": 1, "male": 1}
    assert clients["replacements"] == 1
    assert clients["recruited"] == 1
    assert summary_of(facts, partner="ops")["clients"]["total"] == 2
    assert summary_of(facts, partner="pup")["clients"]["total"] == 1
    assert summary_of(facts, partner="ngo")["clients"]["total"] == 0


def test_two_contracts_are_one_person_and_two_contracts_for_the_persons_figures() -> None:
    facts = [
        fact("a", ENROLLED, date(2013, 1, 7), kind="P", label="female", extra="none"),
        fact("a", EMPLOYMENT_START, date(2013, 3, 1), ref="j1", kind="mandate", flag=True),
        fact(
            "a",
            EMPLOYMENT_START,
            date(2013, 4, 1),
            ref="j2",
            kind="employment_fixed_term",
            flag=True,
        ),
    ]
    employment = summary_of(facts)["employment"]
    assert employment["persons"] == 1
    assert employment["persons_by_type"]["mandate"] == 1
    assert employment["persons_by_type"]["employment_fixed_term"] == 1
    assert employment["open_labour_market_persons"] == 1
    assert employment["still_employed_persons"] == 1
    assert employment["rate"] == "1.0000"
    assert summary_of(facts, date(2013, 3, 15), date(2013, 3, 31))["employment"]["persons"] == 0


def test_a_period_counts_those_covered_not_those_who_left_before_it() -> None:
    facts = [
        fact("a", ENROLLED, date(2013, 1, 7), kind="P", label="female", extra="none"),
        fact("a", EXITED, date(2013, 2, 10), kind="dropped_out"),
        fact("b", ENROLLED, date(2013, 3, 1), kind="P", label="male", extra="severe"),
    ]
    assert summary_of(facts)["clients"]["total"] == 2
    january = summary_of(facts, date(2013, 1, 1), date(2013, 1, 31))["clients"]
    assert (january["total"], january["exited"]) == (1, 0)
    february = summary_of(facts, date(2013, 2, 1), date(2013, 2, 28))["clients"]
    assert (february["total"], february["exited"]) == (1, 1)
    assert february["by_exit_reason"]["dropped_out"] == 1
    march = summary_of(facts, date(2013, 3, 1), date(2013, 3, 31))["clients"]
    assert (march["total"], march["exited"], march["by_gender"]["male"]) == (1, 0, 1)
    assert march["by_disability"] == {"none": 0, "light": 0, "moderate": 0, "severe": 1}


def test_a_period_between_two_activities_of_a_person_counts_nobody() -> None:
    facts = [
        fact("a", ACTIVITY_START, date(2013, 1, 7), ref="x", kind="psu"),
        fact("a", ACTIVITY_COMPLETE, date(2013, 1, 31), ref="x", kind="psu"),
        fact("a", ACTIVITY_START, date(2013, 3, 1), ref="y", kind="psu"),
        fact("a", ACTIVITY_ABANDON, date(2013, 3, 20), ref="y", kind="psu"),
    ]
    assert summary_of(facts)["activities"]["psu"]["persons"] == 1
    assert (
        summary_of(facts, date(2013, 2, 1), date(2013, 2, 28))["activities"]["psu"]["persons"] == 0
    )
    assert (
        summary_of(facts, date(2013, 1, 31), date(2013, 3, 1))["activities"]["psu"]["persons"] == 1
    )


def test_an_activity_not_ended_counts_in_every_later_period() -> None:
    facts = [fact("a", ACTIVITY_START, date(2013, 1, 7), ref="x", kind="kis", label="I")]
    later = summary_of(facts, date(2014, 5, 1), date(2014, 5, 31))["activities"]["kis"]
    assert later["persons"] == 1
    assert later["editions"]["I"]["persons"] == 1
    assert (
        summary_of(facts, date(2012, 1, 1), date(2012, 12, 31))["activities"]["kis"]["persons"] == 0
    )


def test_employment_held_at_the_end_of_the_period() -> None:
    facts = [
        fact("a", EMPLOYMENT_START, date(2013, 3, 1), ref="j1", kind="mandate"),
        fact("a", EMPLOYMENT_END, date(2013, 3, 31), ref="j1", kind="mandate"),
        fact("b", EMPLOYMENT_START, date(2013, 3, 1), ref="j2", kind="mandate"),
        fact("b", RETAINED, date(2013, 6, 1), ref="j2"),
    ]
    assert summary_of(facts, last=date(2013, 3, 30))["employment"]["still_employed_persons"] == 2
    assert summary_of(facts, last=date(2013, 3, 31))["employment"]["still_employed_persons"] == 1
    assert summary_of(facts)["employment"]["still_employed_persons"] == 1
    assert (
        summary_of(facts, date(2013, 6, 1), date(2013, 6, 30))["employment"]["retained_persons"]
        == 1
    )
    assert summary_of(facts, date(2013, 7, 1))["employment"]["retained_persons"] == 0


# --- marks agree with judging each person directly (what the drill-down does) -----------------


def _random_person(rng: random.Random, client: str) -> list[PersonFact]:
    start = date(2013, 1, 1)

    def day() -> date:
        return start + timedelta(days=rng.randrange(0, 400))

    partners = ["pup", "ops", "ngo"]
    facts: list[PersonFact] = []
    for partner in rng.sample(partners, rng.randint(0, 2)):
        facts.append(
            fact(
                client,
                ENROLLED,
                day(),
                partner,
                kind="P",
                label=rng.choice(["female", "male"]),
                extra=rng.choice(["none", "light"]),
                flag=rng.random() < 0.2,
            )
        )
    for n in range(rng.randint(0, 2)):
        facts.append(
            fact(
                client,
                EXITED,
                day(),
                rng.choice(partners),
                kind=rng.choice(["completed", "moved"]),
                ref=str(n),
            )
        )
    for n in range(rng.randint(0, 4)):
        ref, kind, began = f"a{n}", rng.choice(["psu", "kis"]), day()
        facts.append(
            fact(
                client,
                ACTIVITY_START,
                began,
                rng.choice(partners),
                ref=ref,
                kind=kind,
                label=rng.choice(["", "I", "II"]),
            )
        )
        if rng.random() < 0.7:
            what = rng.choice([ACTIVITY_COMPLETE, ACTIVITY_ABANDON])
            facts.append(
                fact(
                    client,
                    what,
                    began + timedelta(days=rng.randrange(-5, 90)),
                    rng.choice(partners),
                    ref=ref,
                    kind=kind,
                    flag=what == ACTIVITY_COMPLETE and rng.random() < 0.5,
                )
            )
    for n in range(rng.randint(0, 3)):
        ref, began = f"j{n}", day()
        kind = rng.choice(["mandate", "employment_trial"])
        facts.append(
            fact(
                client,
                EMPLOYMENT_START,
                began,
                rng.choice(partners),
                ref=ref,
                kind=kind,
                flag=rng.random() < 0.5,
            )
        )
        if rng.random() < 0.6:
            facts.append(
                fact(
                    client,
                    EMPLOYMENT_END,
                    began + timedelta(days=rng.randrange(-3, 120)),
                    ref=ref,
                    kind=kind,
                )
            )
        if rng.random() < 0.4:
            facts.append(
                fact(
                    client,
                    RETAINED,
                    began + timedelta(days=rng.randrange(0, 200)),
                    rng.choice(partners),
                    ref=ref,
                    kind=kind,
                )
            )
    return facts


def _pick(summary: dict[str, Any], name: str) -> int:
    node: Any = summary
    parts = name.split(".")
    if parts[0] == "activities" and parts[2] == "editions":
        return int(summary["activities"][parts[1]]["editions"].get(parts[3], {}).get("persons", 0))
    for part in parts:
        node = node[part]
    return int(node)


@pytest.mark.parametrize("seed", range(6))
def test_counts_from_marks_equal_persons_judged_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    people = {f"p{n}": _random_person(rng, f"p{n}") for n in range(60)}
    facts = [f for person_facts in people.values() for f in person_facts]
    names = [
        name
        for name, figure in FIGURES.items()
        if isinstance(figure, PersonFigure)
        and name.split(".")[-1] not in ("started", "completed", "abandoned")
        and name not in ("employment.contracts",)
        and not name.startswith(
            ("employment.contracts_by_type", "employment.contracts_by_duration")
        )
    ] + ["activities.kis.editions.I", "activities.psu.editions.II.persons"]
    periods = [
        (None, None),
        (date(2013, 3, 1), date(2013, 5, 31)),
        (date(2013, 6, 10), date(2013, 6, 10)),
        (None, date(2013, 2, 14)),
        (date(2013, 12, 1), None),
    ]
    seen = 0
    for first, last in periods:
        for partner in (None, "ops"):
            summary = summary_of(facts, first, last, partner)
            period = Period(
                D(first) if first else FIRST_DAY, D(last) if last else LAST_DAY, partner
            )
            for name in names:
                test = figure_named(name)
                assert isinstance(test, PersonFigure)
                judged = sum(1 for pf in people.values() if pf and test.test(pf, period))
                assert _pick(summary, name) == judged, (name, first, last, partner)
                seen += judged
    assert seen > 500  # the random persons do fill the figures


def test_an_unknown_figure_is_refused_with_examples() -> None:
    with pytest.raises(UnknownFigure, match=r"clients\.total"):
        figure_named("clients.everybody")


# --- days and formatting -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_a_range_is_covered_by_its_parts_exactly_once(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        low = date(2013, 1, 1) + timedelta(days=rng.randrange(0, 700))
        high = low + timedelta(days=rng.randrange(0, 700))
        covered: list[int] = []
        for grain, first, last in split_range(D(low), D(high)):
            if grain == "day":
                day = to_date(first)
                while D(day) <= last:
                    covered.append(D(day))
                    day += timedelta(days=1)
            else:
                month = to_date(first)
                while D(month) <= last:
                    day = month
                    while D(day) <= month_end(D(month)):
                        covered.append(D(day))
                        day += timedelta(days=1)
                    month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        expected = [D(low + timedelta(days=n)) for n in range((high - low).days + 1)]
        assert covered == expected


def test_hours_have_the_fewest_places_but_at_least_one() -> None:
    assert [hours(u) for u in (78350, 1000, 125, 0, 5)] == ["783.5", "10.0", "1.25", "0.0", "0.05"]


def test_money_has_two_places() -> None:
    assert [money(u) for u in (5198628, 0, 100)] == ["51986.28", "0.00", "1.00"]


def test_the_rate_has_four_places_rounded_half_up() -> None:
    assert rate(3, 11) == "0.2727"
    assert rate(1, 8) == "0.1250"
    assert rate(1, 3) == "0.3333"
    assert rate(2, 3) == "0.6667"
    assert rate(1, 20000) == "0.0001"  # 0.00005 rounds up
    assert rate(0, 0) == "0.0000"
