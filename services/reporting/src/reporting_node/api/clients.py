"""One client's (or one family's) journey through the partnership, by pseudonym."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from sqlalchemy import or_, select

from partnership_shared.events import parse_event
from partnership_shared.events.models import EventBase
from reporting_node.api import models
from reporting_node.api.deps import SessionDep, refused
from reporting_node.domain.corrections import APPLIED, RECORDED, Judgement, judge
from reporting_node.domain.days import to_date
from reporting_node.domain.journey import correction_details, correction_note, details, note
from reporting_node.store.schema import event, family_fact, service_attendee

router = APIRouter(prefix="/api/v1", tags=["clients"])

Pseudonym = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{64}$",
        description="The client's (or a family's) pseudonym (64 hex digits)",
    ),
]

COLUMNS = (
    event.c.event_id,
    event.c.day,
    event.c.occurred_at,
    event.c.source_id,
    event.c.seq,
    event.c.partner_kind,
    event.c.refers_to,
    event.c.standing,
    event.c.body,
)


@router.get("/clients/{pseudonym}/journey", response_model=models.Journey)
async def journey(pseudonym: Pseudonym, session: SessionDep, request: Request) -> dict[str, Any]:
    """The client's events in the order they happened, each with a short impersonal note.

    A corrected record reads as it now stands (`standing`: corrected or withdrawn) and each
    correction that took effect is a step of its own, saying what it changed.
    """
    attended = select(service_attendee.c.event_id).where(service_attendee.c.client == pseudonym)
    of_family = select(family_fact.c.event_id).where(family_fact.c.family == pseudonym)
    found = await session.execute(
        select(*COLUMNS).where(
            or_(
                event.c.client == pseudonym,
                event.c.event_id.in_(attended),
                event.c.event_id.in_(of_family),
            )
        )
    )
    rows = {row.event_id: row for row in found}
    if rows:
        linked = await session.execute(select(*COLUMNS).where(event.c.refers_to.in_(list(rows))))
        rows.update({row.event_id: row for row in linked})
    parsed = {event_id: parse_event(row.body) for event_id, row in rows.items()}
    chains: dict[str, list[EventBase]] = defaultdict(list)
    for event_id, row in rows.items():
        if row.refers_to is not None and row.refers_to in rows:
            chains[row.refers_to].append(parsed[event_id])
    judged = {original: judge(parsed[original], links) for original, links in chains.items()}
    steps = []
    ordered = sorted(rows.values(), key=lambda r: (r.day, r.occurred_at, r.source_id, r.seq))
    for row in ordered:
        step = _step(row, parsed[row.event_id], judged)
        if step is not None:
            steps.append(step)
    if not steps:
        raise refused(request, 404, "client.no_events", pseudonym=pseudonym)
    return {"pseudonym": pseudonym, "events": steps}


def _step(row: Any, found: EventBase, judged: dict[str, Judgement]) -> dict[str, Any] | None:
    step = {
        "occurred_on": to_date(row.day).isoformat(),
        "occurred_at": found.occurred_at.isoformat(),
        "type": found.type,
        "partner_id": row.source_id,
        "partner_kind": row.partner_kind,
        "seq": row.seq,
        "standing": None,
    }
    if row.refers_to is not None:  # a correction: shown once it took effect
        judgement = judged.get(row.refers_to)
        verdict = judgement.verdicts.get(row.event_id) if judgement else None
        if verdict is None or verdict.standing != APPLIED:
            return None
        return {
            **step,
            "summary": correction_note(found, verdict),
            "details": correction_details(found, verdict),
        }
    judgement = judged.get(row.event_id)
    stands = judgement.effective if judgement else found
    standing = judgement.standing if judgement else RECORDED
    return {
        **step,
        "summary": note(stands),
        "details": details(stands),
        "standing": standing or None,
    }
