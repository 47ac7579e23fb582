"""Per-source order: the highest contiguous `seq` received, the highest seen, and the gaps.

Events of a source may arrive out of order (a batch lost by the broker, a replay answered late);
they are stored and projected all the same, projections being commutative. What this module
keeps is how far each source is *complete*, so that a gap can be asked for again and shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.domain.facts import Envelope
from reporting_node.store.schema import event, source_progress
from reporting_node.store.sql import insert_for


@dataclass(frozen=True, slots=True)
class SourceGap:
    """A source with events missing between its contiguous and its highest `seq`."""

    source_id: str
    contiguous_seq: int
    highest_seq: int


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
            for name in ("contiguous_seq", "highest_seq", "events", "gaps_detected", "updated_at")
        },
    )
    await session.execute(statement, updates)
    return gaps


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
    """The ranges of seqs missing between `contiguous` and `highest` (at most `limit`)."""
    if contiguous >= highest:
        return []
    following = (
        select(
            event.c.seq.label("seq"),
            func.lead(event.c.seq).over(order_by=event.c.seq).label("next_seq"),
        )
        .where(event.c.source_id == source_id, event.c.seq > contiguous)
        .subquery()
    )
    first_held = await session.scalar(
        select(func.min(event.c.seq)).where(
            event.c.source_id == source_id, event.c.seq > contiguous
        )
    )
    ranges: list[tuple[int, int]] = []
    if first_held is None:
        return ranges
    if first_held > contiguous + 1:
        ranges.append((contiguous + 1, first_held - 1))
    rows = await session.execute(
        select(following.c.seq, following.c.next_seq)
        .where(following.c.next_seq > following.c.seq + 1)
        .order_by(following.c.seq)
        .limit(limit)
    )
    ranges.extend((seq + 1, next_seq - 1) for seq, next_seq in rows)
    return ranges[:limit]


async def open_gaps(session: AsyncSession) -> list[SourceGap]:
    """Every source whose contiguous `seq` is behind its highest."""
    p = source_progress.c
    rows = await session.execute(
        select(p.source_id, p.contiguous_seq, p.highest_seq).where(p.contiguous_seq < p.highest_seq)
    )
    return [SourceGap(*row) for row in rows]
