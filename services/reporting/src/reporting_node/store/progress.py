"""Per-source order: the highest contiguous `seq` received, the highest seen, and the gaps.

Events of a source may arrive out of order (a batch lost by the broker, a replay answered late);
they are stored and projected all the same, projections being commutative. What this module
keeps is how far each source is *complete*, so that a gap can be asked for again and shown.

A gap is seen when a later `seq` arrives, or when the partner's heartbeat announces a `seq`
beyond the highest received (a lost tail: `announced_seq`). Seqs missing below the lowest one the
partner still keeps (`kept_from_seq`) can never come: they are recorded once in `lost_range`,
and contiguity moves past them, so they are reported instead of asked for forever.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.facts import Envelope
from reporting_node.store.schema import event, lost_range, source_progress
from reporting_node.store.sql import insert_for


@dataclass(frozen=True, slots=True)
class SourceGap:
    """A source with events missing between its contiguous and its highest `seq`."""

    source_id: str
    contiguous_seq: int
    highest_seq: int
    """The highest seq known to exist: received, or announced by the partner's heartbeat."""


def has_new_gap(highest_before: int, seqs: Sequence[int]) -> bool:
    """Whether `seqs` (sorted) jump past `highest_before` leaving some seq out."""
    previous = highest_before
    for seq in seqs:
        if seq > previous + 1:
            return True
        previous = max(previous, seq)
    return False


async def advance(session: AsyncSession, events: Sequence[Envelope]) -> list[SourceGap]:
    """Record the batch's accepted events per source; return those where it opened a new gap.

    (Gaps that stay open are asked for again by the consumer's periodic watch.)
    """
    seqs: dict[str, list[int]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for e in events:
        seqs[e.source_id].append(e.seq)
        kinds[e.source_id] = e.kind
    if not seqs:
        return []
    p = source_progress.c
    rows = await session.execute(select(source_progress).where(p.source_id.in_(list(seqs))))
    known = {row.source_id: row for row in rows}
    now = datetime.now(UTC)
    updates = []
    gaps = []
    for source_id, found in seqs.items():
        found.sort()
        row = known.get(source_id)
        contiguous = row.contiguous_seq if row else 0
        highest = row.highest_seq if row else 0
        new_gap = has_new_gap(highest, found)
        if contiguous == highest and found == list(range(highest + 1, highest + 1 + len(found))):
            contiguous = found[-1]
        elif contiguous + 1 in found:
            contiguous = await _walk_contiguous(session, source_id, contiguous)
        highest = max(highest, found[-1])
        updates.append(
            {
                "source_id": source_id,
                "partner_kind": kinds[source_id],
                "contiguous_seq": contiguous,
                "highest_seq": highest,
                "events": (row.events if row else 0) + len(found),
                "gaps_detected": (row.gaps_detected if row else 0) + int(new_gap),
                "updated_at": now,
            }
        )
        if contiguous < highest and new_gap:
            gaps.append(SourceGap(source_id, contiguous, highest))
    statement = insert_for(session, source_progress)
    statement = statement.on_conflict_do_update(
        index_elements=[p.source_id],
        set_={
            name: statement.excluded[name]
            for name in (
                "partner_kind",
                "contiguous_seq",
                "highest_seq",
                "events",
                "gaps_detected",
                "updated_at",
            )
        },
    )
    await session.execute(statement, updates)
    return gaps


def _greater(session: AsyncSession, left: Any, right: Any) -> Any:
    """The greater of two values in SQL (`max(a, b)` in SQLite, `greatest(a, b)` in PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.greatest(left, right)
    return func.max(left, right)


async def _walk_contiguous(session: AsyncSession, source_id: str, contiguous: int) -> int:
    """Follow the stored seqs from `contiguous` while they follow one another."""
    while True:
        seqs = (
            await session.scalars(
                select(event.c.seq)
                .where(event.c.source_id == source_id, event.c.seq > contiguous)
                .order_by(event.c.seq)
                .limit(5000)
            )
        ).all()
        for seq in seqs:
            if seq != contiguous + 1:
                return contiguous
            contiguous = seq
        if len(seqs) < 5000:
            return contiguous


async def missing_ranges(
    session: AsyncSession, source_id: str, contiguous: int, highest: int, limit: int = 100
) -> list[tuple[int, int]]:
    """The ranges of seqs missing between `contiguous` and `highest` (at most `limit`).

    `highest` may lie beyond every stored seq (announced by a heartbeat): the tail is missing too.
    """
    if contiguous >= highest:
        return []
    within = (event.c.source_id == source_id, event.c.seq > contiguous, event.c.seq <= highest)
    first_held, last_held = (
        await session.execute(select(func.min(event.c.seq), func.max(event.c.seq)).where(*within))
    ).one()
    if first_held is None:
        return [(contiguous + 1, highest)]
    ranges: list[tuple[int, int]] = []
    if first_held > contiguous + 1:
        ranges.append((contiguous + 1, first_held - 1))
    following = (
        select(
            event.c.seq.label("seq"),
            func.lead(event.c.seq).over(order_by=event.c.seq).label("next_seq"),
        )
        .where(*within)
        .subquery()
    )
    rows = await session.execute(
        select(following.c.seq, following.c.next_seq)
        .where(following.c.next_seq > following.c.seq + 1)
        .order_by(following.c.seq)
        .limit(limit)
    )
    ranges.extend((seq + 1, next_seq - 1) for seq, next_seq in rows)
    if last_held < highest:
        ranges.append((last_held + 1, highest))
    return ranges[:limit]


async def open_gaps(session: AsyncSession) -> list[SourceGap]:
    """Every source whose contiguous `seq` is behind the highest received or announced."""
    p = source_progress.c
    upper = _greater(session, p.highest_seq, p.announced_seq)
    rows = await session.execute(
        select(p.source_id, p.contiguous_seq, upper).where(p.contiguous_seq < upper)
    )
    return [SourceGap(*row) for row in rows]


async def record_heartbeat(
    session: AsyncSession,
    source_id: str,
    *,
    announced_seq: int | None,
    kept_from_seq: int | None,
    at: datetime,
) -> None:
    """Keep what a partner's heartbeat said. `announced_seq` is None when the stream still holds
    entries not consumed: the partner's mark then says nothing about what is missing."""
    values: dict[str, object] = {"kept_from_seq": kept_from_seq, "heartbeat_at": at}
    p = source_progress.c
    if announced_seq is not None:
        values["announced_seq"] = _greater(session, p.announced_seq, announced_seq)
    result = await session.execute(
        update(source_progress).where(p.source_id == source_id).values(**values)
    )
    if getattr(result, "rowcount", 0):
        return
    statement = insert_for(session, source_progress).values(
        source_id=source_id,
        partner_kind="",  # learnt from the source's first event
        contiguous_seq=0,
        highest_seq=0,
        events=0,
        gaps_detected=0,
        updated_at=at,
        announced_seq=announced_seq or 0,
        kept_from_seq=kept_from_seq,
        heartbeat_at=at,
    )
    await session.execute(statement.on_conflict_do_nothing())


async def settle_lost(session: AsyncSession, source_id: str) -> list[tuple[int, int]]:
    """Record the ranges missing below what the partner keeps; return those new here.

    Contiguity then moves past them: what cannot come is reported, not waited for.
    """
    p = source_progress.c
    row = (await session.execute(select(source_progress).where(p.source_id == source_id))).first()
    if row is None or row.kept_from_seq is None or row.contiguous_seq >= row.kept_from_seq - 1:
        return []
    upto = min(row.kept_from_seq - 1, max(row.highest_seq, row.announced_seq))
    if upto <= row.contiguous_seq:
        return []
    ranges = await missing_ranges(session, source_id, row.contiguous_seq, upto, limit=100_000)
    new: list[tuple[int, int]] = []
    if ranges:
        now = datetime.now(UTC)
        statement = (
            insert_for(session, lost_range)
            .on_conflict_do_nothing()
            .returning(lost_range.c.from_seq, lost_range.c.to_seq)
        )
        result = await session.execute(
            statement,
            [
                {"source_id": source_id, "from_seq": a, "to_seq": b, "noticed_at": now}
                for a, b in ranges
            ],
        )
        new = sorted((int(a), int(b)) for a, b in result)
    contiguous = await _walk_contiguous(session, source_id, upto)
    await session.execute(
        update(source_progress)
        .where(p.source_id == source_id)
        .values(contiguous_seq=contiguous, highest_seq=_greater(session, p.highest_seq, contiguous))
    )
    return new


async def lost_ranges(session: AsyncSession) -> list[tuple[str, int, int]]:
    """Every range reported lost: (source, from_seq, to_seq)."""
    rows = await session.execute(
        select(lost_range.c.source_id, lost_range.c.from_seq, lost_range.c.to_seq).order_by(
            lost_range.c.source_id, lost_range.c.from_seq
        )
    )
    return [(source, int(a), int(b)) for source, a, b in rows]
