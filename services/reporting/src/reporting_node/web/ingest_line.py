"""The dashboard's status line about ingest: complete, events still missing, or events lost."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from reporting_node.store.progress import lost_ranges, missing_ranges, open_gaps
from reporting_node.web.i18n import Translator


@dataclass(frozen=True, slots=True)
class IngestLine:
    state: str
    """complete, missing or lost"""
    text: str


def _where(ranges: list[tuple[str, int, int]]) -> str:
    parts: dict[str, list[str]] = {}
    for source, first, last in ranges:
        parts.setdefault(source, []).append(str(first) if first == last else f"{first}–{last}")
    return "; ".join(f"{source}: {', '.join(found)}" for source, found in parts.items())


async def ingest_line(session: AsyncSession, tr: Translator) -> IngestLine:
    lost = await lost_ranges(session)
    if lost:
        count = sum(last - first + 1 for _, first, last in lost)
        return IngestLine("lost", tr.t("ingest.lost", n=count, where=_where(lost)))
    missing: list[tuple[str, int, int]] = []
    for gap in await open_gaps(session):
        ranges = await missing_ranges(session, gap.source_id, gap.contiguous_seq, gap.highest_seq)
        missing.extend((gap.source_id, first, last) for first, last in ranges)
    if missing:
        count = sum(last - first + 1 for _, first, last in missing)
        return IngestLine("missing", tr.t("ingest.missing", n=count, where=_where(missing)))
    return IngestLine("complete", tr.t("ingest.complete"))


async def ingest_line_of(request: Request, tr: Translator) -> IngestLine | None:
    """The line for the running node behind `request` (None where there is none, as in tests
    that answer with stand-in figures)."""
    node = getattr(request.app.state, "node", None)
    if node is None:
        return None
    async with node.sessions() as session:
        return await ingest_line(session, tr)
