"""Operators' actions: rebuild the projections (with progress), re-drive dead letters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from reporting_node.api.deps import NodeDep
from reporting_node.ingest.batch import Entry, read_entry
from reporting_node.store.dead_letters import mark_redriven, redrivable
from reporting_node.store.events import Candidate

router = APIRouter(prefix="/api/v1", tags=["operations"])


@router.post("/projections/rebuild", status_code=202)
async def start_rebuild(node: NodeDep) -> dict[str, Any]:
    """Derive every projection again from the event store (ingest waits meanwhile). Follow it
    with `GET`; when done, `identical` says whether the figures equal the live ones."""
    return node.rebuilds.start().as_dict()


@router.get("/projections/rebuild")
async def rebuild_state(node: NodeDep) -> dict[str, Any]:
    """The last rebuild: `state` (idle, running, done, failed), events `read` of `events`,
    `identical`, `seconds`."""
    return node.rebuilds.current.as_dict()


class RedriveRequest(BaseModel):
    ids: list[int] | None = Field(
        default=None,
        max_length=10_000,
        description="Dead letters to re-drive (their `id`); all not yet re-driven if omitted",
    )


@router.post("/dead-letters/redrive")
async def redrive_dead_letters(node: NodeDep, request: RedriveRequest) -> JSONResponse:
    """Offer kept dead letters to ingest again, after a fix (a new event version understood, a
    partner's configuration corrected). Those now accepted are marked re-driven; the others stay
    with their reason."""
    async with node.sessions() as session:
        kept, without_body = await redrivable(session, request.ids)
    event_of_letter: dict[int, str] = {}
    entries: list[Entry] = []
    for letter in kept:
        entry = Entry(letter.stream, letter.entry_id, letter.body)
        found = read_entry(entry, node.settings.partnership_id)
        if isinstance(found, Candidate):
            event_of_letter[letter.id] = found.event_id
            entries.append(entry)
    if entries:
        written = await node.ingest.writer.write(entries)
        if written.outcome.changed:
            await node.changes.changed()
    async with node.sessions.begin() as session:
        redriven = await mark_redriven(session, event_of_letter)
    return JSONResponse(
        {
            "redriven": redriven,
            "still_refused": len(kept) - redriven,
            "without_body": without_body,
        }
    )
