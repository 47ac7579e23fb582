"""How ingest is doing: per source completeness and gaps, dead letters, the consumer itself.

Dead letters are for auditors only, and without their bodies: a refused entry may hold anything
(a partner's mistake could put personal data in one). Its digest and size identify it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from redis.exceptions import RedisError
from sqlalchemy import func, select

from reporting_node.api.deps import NodeDep, SessionDep
from reporting_node.api.errors import ERROR_RESPONSES
from reporting_node.ingest.batch import STREAM_PREFIX
from reporting_node.store.progress import lost_ranges, missing_ranges
from reporting_node.store.schema import dead_letter, source_progress

router = APIRouter(prefix="/api/v1", tags=["ingest"], responses=ERROR_RESPONSES)
dead_letters_router = APIRouter(prefix="/api/v1", tags=["ingest"], responses=ERROR_RESPONSES)


@router.get("/ingest/status")
async def ingest_status(session: SessionDep, node: NodeDep) -> dict[str, Any]:
    """Per source: the last contiguous `seq`, the highest seen, what the partner's heartbeat
    announced, the missing ranges (asked for again from the partner), the ranges lost for good
    (older than the partner keeps), dead letters and events; and each stream's group."""
    counted = await session.execute(
        select(dead_letter.c.stream, func.count()).group_by(dead_letter.c.stream)
    )
    letters: dict[str, int] = {stream: count for stream, count in counted}
    progress = {row.source_id: row for row in await session.execute(select(source_progress))}
    lost: dict[str, list[dict[str, int]]] = {}
    for source_id, first, last in await lost_ranges(session):
        lost.setdefault(source_id, []).append({"from_seq": first, "to_seq": last})
    sources = []
    for source_id in dict.fromkeys([*node.settings.partner_ids, *progress]):
        row = progress.get(source_id)
        contiguous = row.contiguous_seq if row else 0
        highest = row.highest_seq if row else 0
        announced = row.announced_seq if row else 0
        missing = await missing_ranges(session, source_id, contiguous, max(highest, announced))
        sources.append(
            {
                "source": source_id,
                "partner_kind": (row.partner_kind or None) if row else None,
                "last_contiguous_seq": contiguous,
                "highest_seq": highest,
                "announced_seq": announced,
                "kept_from_seq": row.kept_from_seq if row else None,
                "heartbeat_at": row.heartbeat_at.isoformat() if row and row.heartbeat_at else None,
                "missing": [{"from_seq": a, "to_seq": b} for a, b in missing],
                "lost": lost.get(source_id, []),
                "gaps_detected": row.gaps_detected if row else 0,
                "events": row.events if row else 0,
                "dead_letters": letters.get(f"{STREAM_PREFIX}{source_id}", 0),
            }
        )
    return {
        "sources": sources,
        "events": sum(source["events"] for source in sources),
        "dead_letters": sum(letters.values()),
        "lost": sum(r["to_seq"] - r["from_seq"] + 1 for rs in lost.values() for r in rs),
        "streams": await _streams(node),
        "consumer": {
            "group": node.settings.consumer_group,
            "name": node.settings.consumer_name,
            "batches": node.ingest.batches,
            "reclaimed": node.ingest.reclaimer.reclaimed,
            "last_error": node.ingest.last_error,
        },
        "version": node.changes.version,
    }


async def _streams(node: NodeDep) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = []
    for stream in node.ingest.streams:
        try:
            pending = await node.redis.xpending(stream, node.settings.consumer_group)
            length = await node.redis.xlen(stream)
        except RedisError as error:
            answer.append({"stream": stream, "error": f"{type(error).__name__}: {error}"})
            continue
        answer.append({"stream": stream, "length": length, "pending": pending["pending"]})
    return answer


class DeadLetterOut(BaseModel):
    id: int
    stream: str
    entry_id: str
    event_id: str | None
    reason: str
    received_at: str
    sha256: str = Field(description="SHA-256 of the refused entry's body")
    size: int = Field(description="Its length in bytes")
    redriven_at: str | None = Field(description="When it was offered to ingest again, if it was")


@dead_letters_router.get("/dead-letters", response_model=list[DeadLetterOut])
async def dead_letters(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    stream: Annotated[str | None, Query(max_length=80)] = None,
) -> list[dict[str, Any]]:
    """Entries that were not accepted, newest first, with the reason (never projected), the
    SHA-256 and size of the body, never the body itself (it could hold personal data); auditors
    only; `redriven_at` once re-driven."""
    statement = select(dead_letter).order_by(dead_letter.c.id.desc()).limit(limit)
    if stream is not None:
        statement = statement.where(dead_letter.c.stream == stream)
    return [
        {
            "id": row.id,
            "stream": row.stream,
            "entry_id": row.entry_id,
            "event_id": row.event_id,
            "reason": row.reason,
            "received_at": row.received_at.isoformat(),
            "sha256": row.digest,
            "size": row.size,
            "redriven_at": row.redriven_at.isoformat() if row.redriven_at else None,
        }
        for row in await session.execute(statement)
    ]
