"""Duplication between partners, and facts they disagree on, found on a client's timeline.

A partner *gives* a client a kind of service from each session of it until `overlap_days` later
(a counsellor seen monthly is still the client's counsellor), and an activity from its start to
its end. When a partner records or plans a kind another partner gives the same client in an
overlapping period, the two duplicate each other: the record still stands, and staff are warned,
naming the other partner. One overlap is one client, one kind, one pair of partners: its id is
derived from them, so both partners name it the same.

The partner whose record is the later one announces it: when it records (it knows the other's by
then), or, if the other's had not reached it yet, when it does. The partner with the earlier record
learns of the overlap from that announcement.

Partners hold their own facts about a person (gender and birth year from the PESEL, the
disability degree from the certificate); under one pseudonym they should agree. Where they do
not, both are told.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from partnership_partner.domain.timeline import Entry, day
from partnership_shared.events.vocabulary import ClientFact

NAMESPACE = uuid.UUID("6f1c3c1e-5b0a-4d4e-9d7e-2f6a0c1d9b42")
"""Where overlap and conflict ids are derived (uuid5), the same on every node."""

ENDED = frozenset({"ActivityCompleted", "ActivityAbandoned"})


@dataclass(frozen=True)
class Engagement:
    """A partner giving a client a kind of service or activity over a period (open: going on)."""

    partner: str
    kind: str
    starts_on: date
    ends_on: date | None
    recorded_at: datetime | None = None
    """When its record was made (None: being made now)."""

    def meets(self, other: Engagement) -> date | None:
        """The first day both go on, if they ever do at once."""
        first = max(self.starts_on, other.starts_on)
        ends = [end for end in (self.ends_on, other.ends_on) if end is not None]
        return first if not ends or first <= min(ends) else None


@dataclass(frozen=True)
class Overlap:
    """Another partner gives the client what a record or a plan gives or plans too."""

    id: str
    client: str
    kind: str
    other: str
    partners: tuple[str, str]
    since: date


@dataclass(frozen=True)
class DataConflict:
    """Another partner holds a different fact about the client."""

    id: str
    client: str
    fact: ClientFact
    other: str
    partners: tuple[str, str]
    since: date


@dataclass(frozen=True)
class Finding:
    """An overlap or a data conflict as this node knows it: found here, or announced by another
    partner (the same id either way, so it is known once)."""

    id: str
    what: str  # "overlap" or "conflict"
    client: str
    subject: str
    """The kind of service or activity duplicated, or the fact in conflict."""
    partners: tuple[str, str]
    since: date
    event_id: str
    """The event that announced it (this node's or another partner's)."""


def pair(first: str, second: str) -> tuple[str, str]:
    low, high = sorted((first, second))
    return low, high


def overlap_id(client: str, kind: str, partners: tuple[str, str]) -> str:
    return str(uuid.uuid5(NAMESPACE, f"overlap:{client}:{kind}:{partners[0]}:{partners[1]}"))


def conflict_id(client: str, fact: ClientFact, partners: tuple[str, str]) -> str:
    return str(uuid.uuid5(NAMESPACE, f"conflict:{client}:{fact}:{partners[0]}:{partners[1]}"))


def session(
    partner: str, kind: str, on: date, overlap_days: int, recorded_at: datetime | None = None
) -> Engagement:
    """A specialist's session: the partner gives that service for `overlap_days` after it."""
    return Engagement(partner, kind, on, on + timedelta(days=overlap_days), recorded_at)


def engagements(entries: Iterable[Entry], overlap_days: int) -> list[Engagement]:
    """What each partner gives the client, read off the client's timeline (withdrawn: nothing)."""
    standing = [entry for entry in entries if not entry.withdrawn]
    ended = {
        (entry.partner, str(entry.details.get("activity_id"))): day(entry.details["ended_on"])
        for entry in standing
        if entry.type in ENDED
    }
    found = []
    for entry in standing:
        if entry.type == "ServiceDelivered":
            role = str(entry.details["role"])
            found.append(session(entry.partner, role, entry.on, overlap_days, entry.recorded_at))
        elif entry.type == "ActivityStarted":
            end = ended.get((entry.partner, str(entry.details.get("activity_id"))))
            kind = str(entry.details["kind"])
            found.append(Engagement(entry.partner, kind, entry.on, end, entry.recorded_at))
    return found


def made_later(mine: Engagement, theirs: Engagement) -> bool:
    """Whether my record is the later of the two (so that announcing the overlap is mine)."""
    if mine.recorded_at is None or theirs.recorded_at is None:
        return mine.recorded_at is None
    return (mine.recorded_at, mine.partner) > (theirs.recorded_at, theirs.partner)


def overlaps(client: str, new: Engagement, known: Iterable[Engagement]) -> list[Overlap]:
    """Other partners giving the same kind while `new` goes on: one per partner, from the first
    day they meet."""
    first_met: dict[str, date] = {}
    for other in known:
        if other.partner == new.partner or other.kind != new.kind:
            continue
        met = new.meets(other)
        if met is not None and (other.partner not in first_met or met < first_met[other.partner]):
            first_met[other.partner] = met
    found = []
    for partner, since in sorted(first_met.items()):
        partners = pair(new.partner, partner)
        found.append(
            Overlap(
                overlap_id(client, new.kind, partners), client, new.kind, partner, partners, since
            )
        )
    return found


# --- facts about a person ------------------------------------------------------------------------

FACT_FIELDS = {
    ClientFact.GENDER: "gender",
    ClientFact.BIRTH_YEAR: "birth_year",
    ClientFact.DISABILITY_DEGREE: "disability_degree",
}


@dataclass(frozen=True)
class Enrolled:
    """What one partner said of a person when it enrolled them."""

    partner: str
    on: date
    facts: dict[ClientFact, str]

    @classmethod
    def of(cls, entry: Entry) -> Enrolled:
        return cls(
            entry.partner,
            entry.on,
            {fact: str(entry.details[name]) for fact, name in FACT_FIELDS.items()},
        )


def conflicts(client: str, own: Enrolled, others: Iterable[Enrolled]) -> list[DataConflict]:
    """Facts another partner holds differently, one per fact and partner."""
    found = []
    for other in others:
        if other.partner == own.partner:
            continue
        partners = pair(own.partner, other.partner)
        since = max(own.on, other.on)
        for fact in FACT_FIELDS:
            if own.facts[fact] != other.facts[fact]:
                found.append(
                    DataConflict(
                        conflict_id(client, fact, partners),
                        client,
                        fact,
                        other.partner,
                        partners,
                        since,
                    )
                )
    return found
