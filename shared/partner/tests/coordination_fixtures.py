"""What tests of the coordination between partners share: other partners' events, as they arrive."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from partner_fixtures import ANNA, run

from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers import received
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.kernel.pseudonym import pseudonym_for

UNIT_SECRET = b"unit test secret of the partnership"
ANNA_PSEUDONYM = pseudonym_for(ANNA["pesel"], UNIT_SECRET)
PROGRAMME_ID = uuid.uuid5(uuid.NAMESPACE_URL, "programme:coordination")

_seqs: dict[str, itertools.count[int]] = {}


def from_partner(
    event_class: type[ev.EventBase],
    payload: Any,
    partner: str = "ngo",
    client: str | None = ANNA_PSEUDONYM,
    on: date = date(2013, 3, 1),
) -> ev.EventBase:
    """An event another partner announced, as this node's feed reads it."""
    counter = _seqs.setdefault(partner, itertools.count(1))
    return event_class(  # type: ignore[call-arg]
        event_id=uuid.uuid4(),
        partnership_id="bartoszyce",
        source=ev.Source(
            partner_id=partner, kind=partner if partner in ("pup", "ops", "ngo") else "ngo"
        ),
        seq=next(counter),
        occurred_at=moment(on),
        recorded_at=datetime.now(UTC),
        client=client,
        payload=payload,
    )


def session(
    role: str = "psychologist", on: date = date(2013, 3, 1), partner: str = "ngo", **more: Any
) -> ev.EventBase:
    payload = ev.ServiceDeliveredPayload(
        service_id=uuid.uuid4(),
        role=role,  # type: ignore[arg-type]
        mode=ev.ServiceMode.INDIVIDUAL,
        hours=Decimal("1.5"),
        delivered_on=on,
        participants=1,
    )
    return from_partner(ev.ServiceDelivered, payload, partner, on=on, **more)


def activity(kind: str, on: date, partner: str = "pup", **more: Any) -> ev.EventBase:
    payload = ev.ActivityStartedPayload(activity_id=uuid.uuid4(), kind=kind, started_on=on)  # type: ignore[arg-type]
    return from_partner(ev.ActivityStarted, payload, partner, on=on, **more)


def enrolment(
    partner: str = "ngo", disability: str = "none", on: date = date(2013, 2, 1)
) -> ev.EventBase:
    payload = ev.ClientEnrolledPayload(
        programme_id=PROGRAMME_ID,
        enrolled_on=on,
        gender=ev.Gender.FEMALE,
        birth_year=1968,
        disability_degree=disability,  # type: ignore[arg-type]
        registered_unemployed=True,
        household_size=2,
    )
    return from_partner(ev.ClientEnrolled, payload, partner, on=on)


async def arrive(uow: FakeUnitOfWork, ctx: NodeContext, *events: ev.EventBase) -> None:
    """Other partners' events reach this node's feed (one batch, one commit)."""
    await run(uow, received.receive, ctx, list(events))
