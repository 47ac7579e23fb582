"""Projections, updated inside the batch's transaction for the newly accepted events only.

Two kinds of figures are kept in `tally` (by day and by month, per partner kind and programme set):

* sums that simply add up (hours, money, counts of events, activities started, contracts) — each
  new event adds its share under the programme set of the persons it concerns;
* person marks (see `reporting_node.domain.persons`) — for every person a batch says something
  about, the marks of their facts before the batch are taken back and those after it added.

A person's programme set (`bucket`) is every programme they were enrolled in. When an enrolment
arrives after other events of that person (streams are read concurrently, replays come late),
those earlier events move to the new set, so the result never depends on the order of arrival.

A correction or withdrawal (see `reporting_node.store.corrections`) is the same arithmetic again:
the record's old share of the sums is taken back and its new one added (`Amendment`), and its
person facts are replaced, which recomputes that person's marks like any new fact does.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.corrections import APPLIED, COUNTED
from reporting_node.domain.days import month_of
from reporting_node.domain.facts import (
    ENROLLED,
    Envelope,
    EventFacts,
    PersonFact,
    additive_metric,
)
from reporting_node.domain.families import FamilyFact
from reporting_node.domain.persons import SECTION_OF, SECTIONS, Marks, person_marks
from reporting_node.store.bulk import insert_many
from reporting_node.store.register import (
    record_announcements,
    write_coordination_facts,
    write_family_facts,
)
from reporting_node.store.schema import (
    DAY,
    MONTH,
    event,
    family_fact,
    person,
    person_fact,
    programme_set,
    service_attendee,
)
from reporting_node.store.sql import chunks, insert_for

NO_PROGRAMME = 0
"""The bucket of persons (and events) not enrolled in any programme (yet)."""

TallyKey = tuple[int, str, str, str, int]
"""`(bucket, metric, scope, dimension, day)`; its value is `[n, amount]`."""
GapKey = tuple[int, str, str, str, int, int]
"""`(bucket, metric, scope, dimension, left day, right day)`."""


def bucket_of(programmes: Iterable[str]) -> int:
    """A stable id for a set of programmes (the same after a rebuild, whatever the order)."""
    names = sorted(set(programmes))
    if not names:
        return NO_PROGRAMME
    digest = hashlib.sha256("\n".join(names).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True) or 1


@dataclass(frozen=True, slots=True)
class Projectable:
    """An accepted event with what was read off it (as the record stands, when corrections of
    it came first); `counts` is false for a record withdrawn or a correction not in effect."""

    envelope: Envelope
    facts: EventFacts
    counts: bool = True

    @property
    def participants(self) -> tuple[str, ...]:
        return self.facts.participants(self.envelope.client)


Contribution = tuple[int, str, int]
"""What an event adds to the sums: `(day, dimension, amount)`."""


@dataclass(frozen=True, slots=True)
class Amendment:
    """A stored event whose share in the figures changes: a record corrected or withdrawn (its
    person and family facts are replaced by `facts`), or a correction taking effect or refused."""

    event_id: str
    event_type: str
    kind: str
    client: str | None
    participants: tuple[str, ...]
    before: Contribution | None
    after: Contribution | None
    facts: EventFacts | None = None


@dataclass(slots=True)
class Deltas:
    """What one batch adds to the stored projections (negative where it takes back)."""

    tally: dict[TallyKey, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    gaps: dict[GapKey, int] = field(default_factory=lambda: defaultdict(int))

    def add_marks(self, marks: Marks, bucket: int, sign: int) -> None:
        tally, gaps = self.tally, self.gaps
        for (metric, scope, dim, day), count in marks.marks.items():
            tally[(bucket, metric, scope, dim, day)][0] += sign * count
        for (metric, scope, dim, left, right), count in marks.gaps.items():
            gaps[(bucket, metric, scope, dim, left, right)] += sign * count

    def add_event(
        self, bucket: int, event_type: str, kind: str, day: int, dim: str, amount: int, sign: int
    ) -> None:
        metric, metric_dim = additive_metric(event_type, dim)
        sums = self.tally[(bucket, metric, kind, metric_dim, day)]
        sums[0] += sign
        sums[1] += sign * amount


class ProgrammeSets:
    """Programme sets by bucket id, with the new ones this batch creates."""

    def __init__(self, known: Mapping[int, frozenset[str]]) -> None:
        self._sets: dict[int, frozenset[str]] = {NO_PROGRAMME: frozenset(), **known}
        self.new: dict[int, frozenset[str]] = {}

    def bucket(self, programmes: Iterable[str]) -> int:
        names = frozenset(programmes)
        bucket = bucket_of(names)
        if bucket not in self._sets:
            self._sets[bucket] = names
            self.new[bucket] = names
        return bucket

    def union(self, buckets: Iterable[int]) -> int:
        distinct = set(buckets)
        if not distinct:
            return NO_PROGRAMME
        if len(distinct) == 1:
            return distinct.pop()
        names: set[str] = set()
        for bucket in distinct:
            names |= self._sets[bucket]
        return self.bucket(names)


async def project(
    session: AsyncSession,
    batch: Sequence[Projectable],
    amendments: Sequence[Amendment] = (),
) -> None:
    """Bring every projection up to date with `batch` (events new to the store) and with the
    stored events whose share `amendments` change."""
    if not batch and not amendments:
        return
    participants = {item.facts.event_id: item.participants for item in batch}
    everyone = {client for clients in participants.values() for client in clients}
    everyone.update(client for a in amendments for client in a.participants)
    before = await load_buckets(session, everyone)
    sets = ProgrammeSets(await load_programme_sets(session))

    new_facts: dict[str, list[PersonFact]] = defaultdict(list)
    for item in batch:
        if item.counts:
            for fact in item.facts.person_facts:
                new_facts[fact.client].append(fact)
    replaced: dict[str, set[str]] = defaultdict(set)
    for amendment in amendments:
        if amendment.facts is not None:
            if amendment.client:
                replaced[amendment.client].add(amendment.event_id)
            for fact in amendment.facts.person_facts:
                new_facts[fact.client].append(fact)
    touched = new_facts.keys() | replaced.keys()
    old_facts = await load_person_facts(session, touched)

    deltas = Deltas()
    after = dict(before)
    for client in touched:
        known = old_facts.get(client, [])
        gone = replaced.get(client, set())
        kept = [f for f in known if f.event_id not in gone]
        removed = [f for f in known if f.event_id in gone]
        added = new_facts.get(client, [])
        old_bucket = before.get(client, NO_PROGRAMME)
        new_bucket = sets.bucket(f.kind for f in (*kept, *added) if f.what == ENROLLED)
        after[client] = new_bucket
        sections = (
            SECTIONS
            if new_bucket != old_bucket
            else {SECTION_OF[fact.what] for fact in (*added, *removed)}
        )
        if known:
            deltas.add_marks(person_marks(known, sections), old_bucket, -1)
        deltas.add_marks(person_marks([*kept, *added], sections), new_bucket, +1)

    for item in batch:
        if not item.counts:
            continue
        clients = participants[item.facts.event_id]
        bucket = sets.union(after.get(c, NO_PROGRAMME) for c in clients) if clients else 0
        facts = item.facts
        deltas.add_event(
            bucket,
            item.envelope.type,
            item.envelope.kind,
            facts.day,
            facts.dim,
            facts.amount,
            +1,
        )
    for amendment in amendments:
        for share, buckets, sign in ((amendment.before, before, -1), (amendment.after, after, 1)):
            if share is not None:
                bucket = sets.union(buckets.get(c, NO_PROGRAMME) for c in amendment.participants)
                deltas.add_event(bucket, amendment.event_type, amendment.kind, *share, sign)

    moved = {c: b for c, b in after.items() if b != before.get(c, NO_PROGRAMME)}
    if moved:
        settled = set(participants) | {a.event_id for a in amendments}
        await _move_earlier_events(session, moved, before, after, settled, sets, deltas)

    await _write_facts(session, batch, new_facts, replaced)
    await _write_family_and_announcements(session, batch, amendments)
    await _write_people(session, moved, sets)
    await write_deltas(session, deltas)


async def _move_earlier_events(
    session: AsyncSession,
    moved: Mapping[str, int],
    before: dict[str, int],
    after: dict[str, int],
    this_batch: set[str],
    sets: ProgrammeSets,
    deltas: Deltas,
) -> None:
    """Events stored before this batch whose persons changed programme set move with them
    (those that count: not withdrawn, and corrections only once in effect)."""
    rows: dict[str, Any] = {}
    columns = (
        event.c.event_id,
        event.c.type,
        event.c.partner_kind,
        event.c.client,
        event.c.day,
        event.c.dim,
        event.c.amount,
    )
    for part in chunks(moved):
        found = await session.execute(
            select(*columns).where(event.c.client.in_(part), COUNTS_IN_FIGURES)
        )
        rows.update({row.event_id: row for row in found})
        grouped = await session.execute(
            select(*columns)
            .join(service_attendee, service_attendee.c.event_id == event.c.event_id)
            .where(service_attendee.c.client.in_(part), COUNTS_IN_FIGURES)
        )
        rows.update({row.event_id: row for row in grouped})
    for event_id in this_batch:
        rows.pop(event_id, None)
    if not rows:
        return
    attendees: dict[str, set[str]] = defaultdict(set)
    group_events = [e for e, row in rows.items() if row.type == "ServiceDelivered"]
    for part in chunks(group_events):
        found = await session.execute(
            select(service_attendee.c.event_id, service_attendee.c.client).where(
                service_attendee.c.event_id.in_(part)
            )
        )
        for row in found:
            attendees[row.event_id].add(row.client)
    others = {c for members in attendees.values() for c in members} - before.keys()
    if others:
        extra = await load_buckets(session, others)
        before.update(extra)
        for client, bucket in extra.items():
            after.setdefault(client, bucket)
    for event_id, row in rows.items():
        clients = attendees.get(event_id, set()) | ({row.client} if row.client else set())
        old = sets.union(before.get(c, NO_PROGRAMME) for c in clients)
        new = sets.union(after.get(c, NO_PROGRAMME) for c in clients)
        if old != new:
            for bucket, sign in ((old, -1), (new, +1)):
                deltas.add_event(
                    bucket, row.type, row.partner_kind, row.day, row.dim, row.amount, sign
                )


FAMILY_EVENTS = frozenset({"FamilyEnrolled", "FamilyExited", "ContractSigned"})
"""The events that may hold a family fact."""

COUNTS_IN_FIGURES = or_(
    and_(event.c.refers_to.is_(None), event.c.standing.in_(sorted(COUNTED))),
    event.c.standing == APPLIED,
)
"""The stored events that add to the figures (see `reporting_node.domain.corrections.counts`)."""


# --- reading -----------------------------------------------------------------------------------


async def load_buckets(session: AsyncSession, clients: Iterable[str]) -> dict[str, int]:
    buckets: dict[str, int] = {}
    for part in chunks(clients):
        rows = await session.execute(
            select(person.c.client, person.c.bucket).where(person.c.client.in_(part))
        )
        buckets.update({client: bucket for client, bucket in rows})
    return buckets


async def load_programme_sets(session: AsyncSession) -> dict[int, frozenset[str]]:
    rows = await session.execute(select(programme_set.c.id, programme_set.c.programmes))
    return {bucket: frozenset(names.split("\n")) for bucket, names in rows}


PERSON_FACT_COLUMNS = tuple(person_fact.c[name] for name in PersonFact._fields)


async def load_person_facts(
    session: AsyncSession, clients: Iterable[str]
) -> dict[str, list[PersonFact]]:
    facts: dict[str, list[PersonFact]] = defaultdict(list)
    for part in chunks(clients):
        rows = await session.execute(
            select(*PERSON_FACT_COLUMNS).where(person_fact.c.client.in_(part))
        )
        for row in rows:
            facts[row.client].append(fact_of(row))
    return facts


# --- writing -----------------------------------------------------------------------------------


def fact_of(row: Any) -> PersonFact:
    """A `PersonFact` from a `person_fact` row (selected as `PERSON_FACT_COLUMNS`)."""
    return PersonFact._make(row)


PERSON_FACT_INSERT = (
    "INSERT INTO person_fact (event_id, client, what, partner_kind, day, ref, kind, label, extra,"
    " flag)"
)


async def write_person_facts(session: AsyncSession, facts: Sequence[PersonFact]) -> None:
    await insert_many(session, PERSON_FACT_INSERT, facts)


async def write_attendees(session: AsyncSession, rows: Sequence[tuple[str, str]]) -> None:
    await insert_many(
        session, "INSERT INTO service_attendee (event_id, client)", rows, "ON CONFLICT DO NOTHING"
    )


async def _write_facts(
    session: AsyncSession,
    batch: Sequence[Projectable],
    new_facts: Mapping[str, Sequence[PersonFact]],
    replaced: Mapping[str, set[str]],
) -> None:
    gone = [{"c": client, "e": event_id} for client, ids in replaced.items() for event_id in ids]
    if gone:
        await session.execute(
            delete(person_fact).where(
                person_fact.c.client == bindparam("c"), person_fact.c.event_id == bindparam("e")
            ),
            gone,
        )
    await write_person_facts(session, [f for facts in new_facts.values() for f in facts])
    await write_attendees(
        session,
        [
            (item.facts.event_id, client)
            for item in batch
            for client in dict.fromkeys(item.facts.attendees)
        ],
    )


async def _write_family_and_announcements(
    session: AsyncSession, batch: Sequence[Projectable], amendments: Sequence[Amendment]
) -> None:
    amended = [a for a in amendments if a.facts is not None]
    families_amended = [a.event_id for a in amended if a.event_type in FAMILY_EVENTS]
    if families_amended:
        await session.execute(
            delete(family_fact).where(family_fact.c.event_id.in_(families_amended))
        )
    families: list[FamilyFact] = [
        item.facts.family for item in batch if item.counts and item.facts.family is not None
    ]
    families.extend(a.facts.family for a in amended if a.facts and a.facts.family is not None)
    await write_family_facts(session, families)
    await record_announcements(
        session, [i.facts.announcement for i in batch if i.facts.announcement is not None]
    )
    await write_coordination_facts(
        session, [i.facts.coordination for i in batch if i.facts.coordination is not None]
    )


async def _write_people(
    session: AsyncSession, moved: Mapping[str, int], sets: ProgrammeSets
) -> None:
    if sets.new:
        await session.execute(
            insert_for(session, programme_set).on_conflict_do_nothing(),
            [{"id": b, "programmes": "\n".join(sorted(names))} for b, names in sets.new.items()],
        )
    if moved:
        statement = insert_for(session, person)
        statement = statement.on_conflict_do_update(
            index_elements=[person.c.client], set_={"bucket": statement.excluded.bucket}
        )
        await session.execute(
            statement, [{"client": client, "bucket": bucket} for client, bucket in moved.items()]
        )


TALLY_INSERT = "INSERT INTO tally (grain, day, metric, bucket, scope, dim, n, amount)"
TALLY_ADD = (
    "ON CONFLICT (grain, day, metric, bucket, scope, dim) DO UPDATE"
    " SET n = tally.n + excluded.n, amount = tally.amount + excluded.amount"
)
GAP_INSERT = "INSERT INTO tally_gap (metric, bucket, scope, dim, left_day, right_day, n)"
GAP_ADD = (
    "ON CONFLICT (metric, bucket, scope, dim, left_day, right_day) DO UPDATE"
    " SET n = tally_gap.n + excluded.n"
)


async def write_deltas(session: AsyncSession, deltas: Deltas) -> None:
    """Add the batch's deltas to the daily and monthly rows (zero deltas write nothing)."""
    rows: dict[tuple[int, int, str, int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (bucket, metric, scope, dim, day), (n, amount) in deltas.tally.items():
        if n or amount:
            for key in (
                (DAY, day, metric, bucket, scope, dim),
                (MONTH, month_of(day), metric, bucket, scope, dim),
            ):
                sums = rows[key]
                sums[0] += n
                sums[1] += amount
    await insert_many(
        session, TALLY_INSERT, [(*key, n, amount) for key, (n, amount) in rows.items()], TALLY_ADD
    )
    await insert_many(
        session,
        GAP_INSERT,
        [
            (m, b, s, dim, left, right, n)
            for (b, m, s, dim, left, right), n in deltas.gaps.items()
            if n
        ],
        GAP_ADD,
    )
