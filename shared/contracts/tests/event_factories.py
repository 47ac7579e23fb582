"""Events as tests need them: valid by default, any field overridable."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from partnership_shared.events import models as ev

PSEUDONYM = "a" * 64


def programme_id(name: str) -> uuid.UUID:
    """The id of the test programme called `name` (the same in every test)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"programme:{name}")


def edition_id(label: str) -> uuid.UUID:
    """The id of the test edition labelled `label`."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"edition:{label}")


def envelope(seq: int = 1, partner: str = "pup", **overrides: Any) -> dict[str, Any]:
    now = datetime(2013, 3, 1, 12, tzinfo=UTC)
    fields: dict[str, Any] = {
        "event_id": uuid.uuid4(),
        "partnership_id": "bartoszyce",
        "source": ev.Source(partner_id=partner, kind=partner),
        "seq": seq,
        "occurred_at": now,
        "recorded_at": now,
        "client": PSEUDONYM,
    }
    fields.update(overrides)
    return fields


def service(hours: str = "1.5", **overrides: Any) -> ev.ServiceDelivered:
    payload = ev.ServiceDeliveredPayload(
        service_id=uuid.uuid4(),
        role=ev.SpecialistRole.PSYCHOLOGIST,
        mode=ev.ServiceMode.INDIVIDUAL,
        hours=Decimal(hours),
        delivered_on=date(2013, 3, 1),
        participants=1,
    )
    return ev.ServiceDelivered(payload=payload, **envelope(**overrides))
