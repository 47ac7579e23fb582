"""How ingest is doing: per source completeness and gaps, dead letters, the consumer itself."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from redis.exceptions import RedisError
from sqlalchemy import func, select

from reporting_node.api.deps import NodeDep, SessionDep
from reporting_node.api.errors import ERROR_RESPONSES
from reporting_node.ingest.batch import STREAM_PREFIX
from reporting_node.store.progress import missing_ranges
from reporting_node.store.schema import dead_letter, source_progress

router = APIRouter(prefix="/api/v1", tags=["ingest"], responses=ERROR_RESPONSES)


@router.get("/ingest/status")
async def ingest_status(session: SessionDep, node: NodeDep) -> dict[str, Any]:
    """Per source: the last contiguous `seq`, the highest seen, the missing ranges (asked for
    again from the partner), dead letters and events; and the state of each stream's group."""
    counted = await session.execute(
        select(dead_letter.c.stream, func.count()).group_by(dead_letter.c.stream)
    )
    letters: dict[str, int] = {stream: count for stream, count in counted}
    progress = {row.source_id: row for row in await session.execute(select(source_progress))}
    sources = []
    for source_id in dict.fromkeys([*node.settings.partner_ids, *progress]):
        row = progress.get(source_id)
        contiguous = row.contiguous_seq if row else 0
        highest = row.highest_seq if row else 0
        missing = await missing_ranges(session, source_id, contiguous, highest)
        sources.append(
            {
                "source": source_id,
                "partner_kind": row.partner_kind if row else None,
                "last_contiguous_seq": contiguous,
                "highest_seq": highest,
                "missing": [{"from_seq": a, "to_seq": b} for a, b in missing],
                "gaps_detected": row.gaps_detected if row else 0,
                "events": row.events if row else 0,
                "dead_letters": letters.get(f"{STREAM_PREFIX}{source_id}", 0),
            }
        )
    return {
        "sources": sources,
        "events": sum(source["events"] for source in sources),
        "dead_letters": sum(letters.values()),
        "streams": await _streams(node),
        "consumer": {
            "group": node.settings.consumer_group,
            "name": node.settings.consumer_name,
            "batches": node.ingest.batches,
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


@router.get("/dead-letters")
async def dead_letters(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    stream: Annotated[str | None, Query(max_length=80)] = None,
) -> list[dict[str, Any]]:
    """Entries that were not accepted, newest first, with the reason (never projected)."""
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
            "body": row.body.decode("utf-8", errors="replace"),
        }
        for row in await session.execute(statement)
    ]
