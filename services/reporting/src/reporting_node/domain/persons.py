"""Distinct persons over any period, kept as day counts that can simply be added up.

"How many persons took part in a staż between `from` and `to`" cannot be summed from daily
totals: a person active on many days would be counted many times. Instead each person's standing
is reduced to *merged* intervals (per scope and dimension), and three kinds of marks are kept:

* `in` on the first day of each interval, `out` on its last day (closed intervals only);
  a client is one interval per scope, from the first enrolment to the exit, its dimension
  saying gender, disability and replacement at once (each person has exactly one);
* a *gap* `(left, right)` between two consecutive intervals of the same person.

For a period `[f, t]` the persons with at least one interval meeting it are then exactly
``Σ in[day ≤ t] − Σ out[day < f] − Σ gap[left ≥ f and right ≤ t]``: every interval meeting the
period is counted once, and the gaps wholly inside the period take back the double counts of a
person with several such intervals. Single days (employment started, retention checked) are
intervals of one day; so are completions of an activity (`act.done`: completed one, and gained a
qualification). Employment still held on a day `t` uses half-open intervals `[start, end)` and
needs no gaps: ``Σ in[day ≤ t] − Σ out[day ≤ t]``; it is kept in total and by contract type.

A person's marks depend only on the *set* of facts known about them, never on their order, so
the incremental projection and a rebuild from the event store agree exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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

ALL = "*"
"""The scope of figures over every partner (a partner filter reads its own kind's scope)."""

CLIENTS_IN = "clients.in"
CLIENTS_OUT = "clients.out"
ACTIVITY_IN = "act.in"
ACTIVITY_OUT = "act.out"
ACTIVITY_GAP = "act"
ACTIVITY_DONE = "act.done"
EMPLOYMENT_STARTED = "emp.started"
EMPLOYMENT_HELD_IN = "emp.held.in"
EMPLOYMENT_HELD_OUT = "emp.held.out"
EMPLOYMENT_RETAINED = "emp.retained"

PERSON_METRICS = (
    CLIENTS_IN,
    CLIENTS_OUT,
    ACTIVITY_IN,
    ACTIVITY_OUT,
    ACTIVITY_DONE,
    EMPLOYMENT_STARTED,
    EMPLOYMENT_HELD_IN,
    EMPLOYMENT_HELD_OUT,
    EMPLOYMENT_RETAINED,
)

OPEN = 100_000_000
"""The end of an interval that has not ended (after every day key)."""

CLIENTS, ACTIVITIES, EMPLOYMENT, RETENTION = "clients", "activities", "employment", "retention"
SECTIONS = (CLIENTS, ACTIVITIES, EMPLOYMENT, RETENTION)
SECTION_OF: dict[str, str] = {
    ENROLLED: CLIENTS,
    EXITED: CLIENTS,
    ACTIVITY_START: ACTIVITIES,
    ACTIVITY_COMPLETE: ACTIVITIES,
    ACTIVITY_ABANDON: ACTIVITIES,
    EMPLOYMENT_START: EMPLOYMENT,
    EMPLOYMENT_END: EMPLOYMENT,
    RETAINED: RETENTION,
}

Mark = tuple[str, str, str, int]
"""`(metric, scope, dimension, day)`."""
Gap = tuple[str, str, str, int, int]
"""`(metric, scope, dimension, left day, right day)`."""


@dataclass(slots=True)
class Marks:
    """A person's (or many persons') marks, as counts to add to the stored ones."""

    marks: dict[Mark, int] = field(default_factory=lambda: defaultdict(int))
    gaps: dict[Gap, int] = field(default_factory=lambda: defaultdict(int))


def person_marks(facts: Iterable[PersonFact], sections: Iterable[str] = SECTIONS) -> Marks:
    """The marks of one person's facts, for the sections asked for."""
    by_section: dict[str, list[PersonFact]] = defaultdict(list)
    for fact in facts:
        by_section[SECTION_OF[fact.what]].append(fact)
    out = Marks()
    for section in sections:
        found = by_section.get(section)
        if found:
            _SECTION_MARKS[section](found, out)
    return out


# --- clients (uczestnicy) ----------------------------------------------------------------------


def primary_enrolment(enrolments: Sequence[PersonFact]) -> PersonFact:
    """The enrolment a person's gender and disability are read from: the earliest."""
    return min(enrolments, key=lambda fact: (fact.day, fact.event_id))


def final_exit(exits: Sequence[PersonFact]) -> PersonFact | None:
    """The exit that stands: the latest recorded one (a later exit supersedes an earlier)."""
    return max(exits, key=lambda fact: (fact.day, fact.event_id)) if exits else None


def client_dim(primary: PersonFact, replacement: bool) -> str:
    """`gender|disability|r` (r: the enrolment replaces a client who left), e.g. `female|light|`."""
    return f"{primary.label}|{primary.extra}|{'r' if replacement else ''}"


def _clients(facts: list[PersonFact], out: Marks) -> None:
    enrolments = [fact for fact in facts if fact.what == ENROLLED]
    if not enrolments:
        return
    primary = primary_enrolment(enrolments)
    exit_ = final_exit([fact for fact in facts if fact.what == EXITED])
    for scope, group in _by_scope(enrolments):
        start = min(fact.day for fact in group)
        dim = client_dim(primary, any(fact.flag for fact in group))
        out.marks[(CLIENTS_IN, scope, dim, start)] += 1
        if exit_ is not None:
            out.marks[(CLIENTS_OUT, scope, f"{dim}|{exit_.kind}", max(exit_.day, start))] += 1


# --- activities (staż, szkolenie, PSU, KIS, PAL…) --------------------------------------------


def activity_intervals(facts: Sequence[PersonFact]) -> list[tuple[PersonFact, int]]:
    """Each started activity with the day it ended (`OPEN` while it goes on)."""
    starts: dict[str, PersonFact] = {}
    ends: dict[str, int] = {}
    for fact in facts:
        if fact.what == ACTIVITY_START:
            known = starts.get(fact.ref)
            if known is None or (fact.day, fact.event_id) < (known.day, known.event_id):
                starts[fact.ref] = fact
        elif fact.what in (ACTIVITY_COMPLETE, ACTIVITY_ABANDON):
            ends[fact.ref] = min(fact.day, ends.get(fact.ref, OPEN))
    return [(start, max(ends.get(ref, OPEN), start.day)) for ref, start in starts.items()]


def _activities(facts: list[PersonFact], out: Marks) -> None:
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for start, end in activity_intervals(facts):
        for scope in (ALL, start.partner_kind):
            spans[(scope, start.kind)].append((start.day, end))
            if start.label:
                spans[(scope, f"{start.kind}|{start.label}")].append((start.day, end))
    for (scope, dim), intervals in spans.items():
        _closed_marks(
            merge_closed(intervals), ACTIVITY_IN, ACTIVITY_OUT, ACTIVITY_GAP, scope, dim, out
        )
    done: dict[tuple[str, str], set[int]] = defaultdict(set)
    for fact in facts:
        if fact.what == ACTIVITY_COMPLETE:
            for scope in (ALL, fact.partner_kind):
                done[(scope, fact.kind)].add(fact.day)
                if fact.flag:
                    done[(scope, qualified(fact.kind))].add(fact.day)
    for (scope, dim), days in done.items():
        _point_marks(days, ACTIVITY_DONE, scope, dim, out)


def qualified(kind: str) -> str:
    """The `act.done` dimension of completions of `kind` that gave a qualification."""
    return f"{kind}|q"


# --- employment (zatrudnienie) -----------------------------------------------------------------


def employment_spans(facts: Sequence[PersonFact]) -> list[tuple[PersonFact, int]]:
    """Each contract started with the day it ended (`OPEN` while it lasts)."""
    starts: dict[str, PersonFact] = {}
    ends: dict[str, int] = {}
    for fact in facts:
        if fact.what == EMPLOYMENT_START:
            known = starts.get(fact.ref)
            if known is None or (fact.day, fact.event_id) < (known.day, known.event_id):
                starts[fact.ref] = fact
        elif fact.what == EMPLOYMENT_END:
            ends[fact.ref] = min(fact.day, ends.get(fact.ref, OPEN))
    return [(start, ends.get(ref, OPEN)) for ref, start in starts.items()]


def of_type(contract_type: str) -> str:
    """The dimension of a person figure split by contract type."""
    return f"t:{contract_type}"


def _employment(facts: list[PersonFact], out: Marks) -> None:
    started: dict[tuple[str, str], set[int]] = defaultdict(set)
    held: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for start, end in employment_spans(facts):
        dims = ["", of_type(start.kind)] + (["open"] if start.flag else [])
        for scope in (ALL, start.partner_kind):
            for dim in dims:
                started[(scope, dim)].add(start.day)
            if end > start.day:
                held[(scope, "")].append((start.day, end))
                held[(scope, of_type(start.kind))].append((start.day, end))
    for (scope, dim), days in started.items():
        _point_marks(days, EMPLOYMENT_STARTED, scope, dim, out)
    for (scope, dim), intervals in held.items():
        for first, end in merge_half_open(intervals):
            out.marks[(EMPLOYMENT_HELD_IN, scope, dim, first)] += 1
            if end != OPEN:
                out.marks[(EMPLOYMENT_HELD_OUT, scope, dim, end)] += 1


def _retention(facts: list[PersonFact], out: Marks) -> None:
    days: dict[tuple[str, str], set[int]] = defaultdict(set)
    for fact in facts:
        for scope in (ALL, fact.partner_kind):
            days[(scope, "")].add(fact.day)
            if fact.kind:
                days[(scope, of_type(fact.kind))].add(fact.day)
    for (scope, dim), found in days.items():
        _point_marks(found, EMPLOYMENT_RETAINED, scope, dim, out)


_SECTION_MARKS = {
    CLIENTS: _clients,
    ACTIVITIES: _activities,
    EMPLOYMENT: _employment,
    RETENTION: _retention,
}


# --- intervals ---------------------------------------------------------------------------------


def _by_scope(facts: Sequence[PersonFact]) -> list[tuple[str, list[PersonFact]]]:
    groups: dict[str, list[PersonFact]] = defaultdict(list)
    for fact in facts:
        groups[fact.partner_kind].append(fact)
    return [(ALL, list(facts)), *groups.items()]


def merge_closed(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Closed day intervals merged where they overlap (touching ones stay apart)."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def merge_half_open(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open intervals `[first, end)` merged where they overlap or touch."""
    merged: list[tuple[int, int]] = []
    for first, end in sorted(intervals):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((first, end))
    return merged


def _closed_marks(
    merged: list[tuple[int, int]],
    metric_in: str,
    metric_out: str,
    metric_gap: str,
    scope: str,
    dim: str,
    out: Marks,
) -> None:
    previous_last: int | None = None
    for first, last in merged:
        out.marks[(metric_in, scope, dim, first)] += 1
        if last != OPEN:
            out.marks[(metric_out, scope, dim, last)] += 1
        if previous_last is not None:
            out.gaps[(metric_gap, scope, dim, previous_last, first)] += 1
        previous_last = last


def _point_marks(days: Iterable[int], metric: str, scope: str, dim: str, out: Marks) -> None:
    previous: int | None = None
    for day in sorted(days):
        out.marks[(metric, scope, dim, day)] += 1
        if previous is not None:
            out.gaps[(metric, scope, dim, previous, day)] += 1
        previous = day
