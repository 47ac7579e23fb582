"""Applying corrections and withdrawals inside the batch's transaction, before the projections.

A batch touches a record's corrections in two ways: it brings a correction (of a record stored or
not yet arrived), or it brings a record whose corrections came first (a replayed gap). Either way
the whole chain of that record is judged anew (`reporting_node.domain.corrections.judge`) and the
difference reaches the projections as the same arithmetic as any event: the record's share of the
sums taken back and its new one added, its person facts replaced.

The hot path pays one indexed query per batch (corrections referring to the batch's events, on a
partial index that holds corrections only) and nothing else when none is found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.events import parse_event
from partnership_shared.events.models import CORRECTABLE, EventBase
from reporting_node.domain.corrections import (
    APPLIED,
    PENDING,
    REFUSED,
    WITHDRAWN,
    Judgement,
    counts,
    judge,
)
from reporting_node.domain.facts import EventFacts, describe
from reporting_node.store.events import Candidate, DeadLetter
from reporting_node.store.projector import Amendment, Contribution, Projectable
from reporting_node.store.schema import event

MOST_IDS = 30_000
"""Ids bound in one `IN (…)`: the whole of any batch, within SQLite's and asyncpg's limits."""

ROW_COLUMNS = (
    event.c.event_id,
    event.c.type,
    event.c.partner_kind,
    event.c.client,
    event.c.day,
    event.c.dim,
    event.c.amount,
    event.c.standing,
    event.c.refers_to,
    event.c.stream,
    event.c.entry_id,
    event.c.body,
)


@dataclass(slots=True)
class Corrected:
    """The batch as it projects (records as they stand), amendments to stored events, and the
    corrections refused (dead letters)."""

    batch: list[Projectable]
    amendments: list[Amendment] = field(default_factory=list)
    refused: list[DeadLetter] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Standing:
    """An event row's new standing and columns (written back to the event store)."""

    event_id: str
    standing: str
    day: int
    dim: str
    amount: int


async def apply_corrections(session: AsyncSession, accepted: Sequence[Candidate]) -> Corrected:
    """Judge the chains of corrections this batch touches; what the projections must do."""
    batch = {c.event_id: Projectable(c.envelope, c.facts) for c in accepted}
    originals = {c.facts.refers_to for c in accepted if c.facts.refers_to}
    correctable = [c.event_id for c in accepted if c.envelope.type in CORRECTABLE]
    for part in _parts(correctable):
        found = await session.scalars(select(event.c.refers_to).where(event.c.refers_to.in_(part)))
        originals.update(found)
    if not originals:
        return Corrected(list(batch.values()))

    rows: dict[str, Any] = {}
    chains: dict[str, list[Any]] = defaultdict(list)
    for row in await _records_and_corrections(session, originals):
        if row.event_id in originals:
            rows[row.event_id] = row
        if row.refers_to in originals:
            chains[row.refers_to].append(row)
    result = Corrected([])
    written: list[Standing] = []
    for original_id in sorted(originals):
        links = chains.get(original_id, [])
        row = rows.get(original_id)
        if row is None:
            for link in links:  # still waiting for the record they correct
                _settle(link, PENDING, None, batch, result, written)
            continue
        original = parse_event(row.body)
        judged = judge(original, [parse_event(link.body) for link in links])
        if row.type in CORRECTABLE:  # else every link is refused, and the row stays as it is
            _amend_original(row, original, judged, batch, result, written)
        for link in links:
            verdict = judged.verdicts[link.event_id]
            _settle(link, verdict.standing, verdict.reason, batch, result, written)
    result.batch = list(batch.values())
    await write_standings(session, written)
    return result


def _amend_original(
    row: Any,
    original: EventBase,
    judged: Judgement,
    batch: dict[str, Projectable],
    result: Corrected,
    written: list[Standing],
) -> None:
    standing = judged.standing
    facts = describe(judged.effective)
    if standing == WITHDRAWN:  # its columns read as corrected, but it tells nothing any more
        facts = EventFacts(facts.event_id, facts.day, facts.dim, facts.amount, facts.attendees, ())
    new = _share(facts) if standing != WITHDRAWN else None
    if (row.standing, row.day, row.dim, row.amount) != (
        standing,
        facts.day,
        facts.dim,
        facts.amount,
    ):
        written.append(Standing(row.event_id, standing, facts.day, facts.dim, facts.amount))
    known = batch.get(row.event_id)
    if known is not None:  # the record arrives in this batch: it projects as it stands
        batch[row.event_id] = Projectable(known.envelope, facts, counts=new is not None)
        return
    old = (row.day, row.dim, row.amount) if counts(row.standing, False) else None
    participants = describe(original).participants(row.client)
    result.amendments.append(
        Amendment(
            row.event_id, row.type, row.partner_kind, row.client, participants, old, new, facts
        )
    )


def _settle(
    link: Any,
    standing: str,
    reason: str | None,
    batch: dict[str, Projectable],
    result: Corrected,
    written: list[Standing],
) -> None:
    """A correction's own standing: it counts (once) while in effect, nowhere otherwise."""
    if standing != link.standing:
        written.append(Standing(link.event_id, standing, link.day, link.dim, link.amount))
    if standing == REFUSED and link.standing != REFUSED:
        result.refused.append(
            DeadLetter(link.stream, link.entry_id, reason or "", link.body, link.event_id)
        )
    known = batch.get(link.event_id)
    if known is not None:
        batch[link.event_id] = Projectable(known.envelope, known.facts, standing == APPLIED)
        return
    was, now = link.standing == APPLIED, standing == APPLIED
    if was != now:
        share: Contribution = (link.day, link.dim, link.amount)
        participants = (link.client,) if link.client else ()
        result.amendments.append(
            Amendment(
                link.event_id,
                link.type,
                link.partner_kind,
                link.client,
                participants,
                share if was else None,
                share if now else None,
            )
        )


def _share(facts: EventFacts) -> Contribution:
    return facts.day, facts.dim, facts.amount


async def _records_and_corrections(session: AsyncSession, originals: Iterable[str]) -> list[Any]:
    """The records named and every correction of them, in one statement (two index lookups)."""
    found: list[Any] = []
    for part in _parts(originals):
        condition = or_(event.c.event_id.in_(part), event.c.refers_to.in_(part))
        found.extend(await session.execute(select(*ROW_COLUMNS).where(condition)))
    return found


async def write_standings(session: AsyncSession, written: Sequence[Standing]) -> None:
    if not written:
        return
    await session.execute(
        update(event)
        .where(event.c.event_id == bindparam("id"))
        .values(
            standing=bindparam("s"), day=bindparam("d"), dim=bindparam("m"), amount=bindparam("a")
        ),
        [
            {"id": w.event_id, "s": w.standing, "d": w.day, "m": w.dim, "a": w.amount}
            for w in written
        ],
    )


def _parts(ids: Iterable[str]) -> list[list[str]]:
    listed = list(ids)
    return [listed[start : start + MOST_IDS] for start in range(0, len(listed), MOST_IDS)]
