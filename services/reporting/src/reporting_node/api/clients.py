"""One client's journey through the partnership, by pseudonym."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from sqlalchemy import or_, select

from partnership_shared.events import parse_event
from partnership_shared.kernel.problems import Refused
from reporting_node.api import models
from reporting_node.api.deps import SessionDep
from reporting_node.api.errors import ERROR_RESPONSES
from reporting_node.domain.days import to_date
from reporting_node.domain.journey import details, note
from reporting_node.store.schema import event, service_attendee

router = APIRouter(prefix="/api/v1", tags=["clients"], responses=ERROR_RESPONSES)

Pseudonym = Annotated[
    str, Path(pattern=r"^[0-9a-f]{64}$", description="The client's pseudonym (64 hex digits)")
]


@router.get("/clients/{pseudonym}/journey", response_model=models.Journey)
async def journey(pseudonym: Pseudonym, session: SessionDep) -> dict[str, Any]:
    """The client's events in the order they happened, each with a short impersonal note."""
    attended = select(service_attendee.c.event_id).where(service_attendee.c.client == pseudonym)
    rows = await session.execute(
        select(event.c.day, event.c.source_id, event.c.seq, event.c.partner_kind, event.c.body)
        .where(or_(event.c.client == pseudonym, event.c.event_id.in_(attended)))
        .order_by(event.c.day, event.c.occurred_at, event.c.source_id, event.c.seq)
    )
    steps = []
    for day, source_id, seq, kind, body in rows:
        e = parse_event(body)
        steps.append(
            {
                "occurred_on": to_date(day).isoformat(),
                "occurred_at": e.occurred_at.isoformat(),
                "type": e.type,
                "partner_id": source_id,
                "partner_kind": kind,
                "seq": seq,
                "summary": note(e),
                "details": details(e),
            }
        )
    if not steps:
        raise Refused(404, "pseudonym", "client.unknown", NO_EVENTS, pseudonym=pseudonym)
    return {"pseudonym": pseudonym, "events": steps}


NO_EVENTS = ("brak zdarzeń klienta {pseudonym}", "no events of client {pseudonym}")
