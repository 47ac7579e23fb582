"""Families as units (seed 004: "10 rodzin / 54 osoby"): enrolled, with a tripartite contract,
completed, and the persons in them.

A family is named by its own pseudonym and known through three kinds of fact: its enrolment with
its members (by one partner or several), its exit, and a tripartite family contract (family, PUP,
OPS). A partnership has tens or hundreds of families, not thousands of thousands, so the figures
are judged family by family from their facts at each question (the summary and the drill-down
alike), rather than kept as marks like persons' figures.

A family is in a period from its first enrolment (by the partner asked about, when one is) to its
final exit (the latest recorded), like a client; it has a contract from the day both its
enrolment and its first tripartite contract hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from partnership_shared.events.vocabulary import ExitReason

FAMILY_ENROLLED = "enrolled"  # kind=programme id, members=the members' pseudonyms
FAMILY_EXITED = "exited"  # kind=exit reason
FAMILY_CONTRACT = "contract"  # kind=contract kind (a tripartite family contract)

OPEN = 100_000_000
"""The end of a family's stay that has not ended (after every day key)."""


class FamilyFact(NamedTuple):
    """One thing known about a family, as stored in `family_fact`."""

    event_id: str
    family: str
    what: str
    partner_kind: str
    day: int
    kind: str
    members: tuple[str, ...] = ()


@dataclass(slots=True)
class FamilyFigures:
    """The families (and their members) behind each family figure of a period."""

    enrolled: set[str] = field(default_factory=set)
    with_contract: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {
            "enrolled": len(self.enrolled),
            "with_contract": len(self.with_contract),
            "completed": len(self.completed),
            "persons": len(self.persons),
        }


def judge_families(
    facts: Iterable[FamilyFact],
    first: int,
    last: int,
    partner: str | None = None,
    programme: str | None = None,
) -> FamilyFigures:
    """Each family's standing in `[first, last]`, for one partner kind (or all) and programme."""
    by_family: dict[str, list[FamilyFact]] = defaultdict(list)
    for fact in facts:
        by_family[fact.family].append(fact)
    figures = FamilyFigures()
    for family, found in by_family.items():
        enrolments = [f for f in found if f.what == FAMILY_ENROLLED]
        if programme is not None and all(f.kind != programme for f in enrolments):
            continue
        scoped = [f for f in enrolments if partner is None or f.partner_kind == partner]
        if not scoped:
            continue
        start = min(f.day for f in scoped)
        exits = [f for f in found if f.what == FAMILY_EXITED]
        final = max(exits, key=lambda f: (f.day, f.event_id)) if exits else None
        end = max(final.day, start) if final is not None else OPEN
        if start > last or end < first:
            continue
        figures.enrolled.add(family)
        figures.persons.update(member for f in enrolments for member in f.members)
        signed = [f.day for f in found if f.what == FAMILY_CONTRACT]
        if signed and max(start, min(signed)) <= last:
            figures.with_contract.add(family)
        if final is not None and final.kind == ExitReason.COMPLETED and first <= end <= last:
            figures.completed.add(family)
    return figures
