"""A client's timeline: what every partner did for the client, read off their events.

Each event about a client becomes an entry: who did it (the partner), when (the business day its
payload names: `delivered_on`, `started_on`, `paid_on`…), what (its type) and the impersonal
details of its payload. Events name people by pseudonym only, and even those are dropped from the
details (the attendees of a group session, the client a new one replaces): staff never read a
pseudonym. A correction changes an entry's details as it changes the event's payload; a
withdrawal marks it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from partnership_shared.events.models import EventBase

POLAND = ZoneInfo("Europe/Warsaw")

DAY_FIELDS: Mapping[str, str] = {
    "ClientEnrolled": "enrolled_on",
    "ClientExited": "exited_on",
    "FamilyEnrolled": "enrolled_on",
    "FamilyExited": "exited_on",
    "ConsentWithdrawn": "withdrawn_on",
    "ClientErased": "erased_on",
    "SupportPlanAgreed": "agreed_on",
    "SupportPlanRevised": "agreed_on",
    "ContractSigned": "signed_on",
    "ReferralMade": "made_on",
    "ReferralAccepted": "answered_on",
    "ReferralDeclined": "answered_on",
    "ReferralCompleted": "answered_on",
    "OverlapFound": "since",
    "DataConflictFound": "since",
    "ServiceDelivered": "delivered_on",
    "ActivityStarted": "started_on",
    "ActivityCompleted": "ended_on",
    "ActivityAbandoned": "ended_on",
    "EmploymentStarted": "started_on",
    "EmploymentEnded": "ended_on",
    "EmploymentRetained": "checked_on",
    "BenefitPaid": "paid_on",
}
"""The payload field holding the day each kind of event happened on."""

PSEUDONYM_FIELDS = frozenset({"attendees", "replaces", "family", "members"})
"""Payload fields that name people (by pseudonym): never kept on an entry."""

AMOUNT_FIELDS = frozenset({"amount"})
"""What a timeline leaves out of another partner's payment unless the agreement shares it."""

KIND_FIELDS: Mapping[str, str] = {
    "ServiceDelivered": "role",
    "ActivityStarted": "kind",
    "ActivityCompleted": "kind",
    "ActivityAbandoned": "kind",
}
"""Where a record names the kind of support it gives (a duplication is of one kind)."""

CHANGES = frozenset({"RecordCorrected", "RecordWithdrawn"})
"""Events that change earlier entries rather than add their own."""


@dataclass(frozen=True)
class Happened:
    """An event as a timeline reads it, whether this node announced it or another partner did."""

    event_id: str
    type: str
    partner: str
    client: str | None
    payload: BaseModel
    occurred_at: datetime
    recorded_at: datetime

    @classmethod
    def of(cls, event: EventBase) -> Happened:
        payload: BaseModel = getattr(event, "payload")  # noqa: B009  # every event has one
        return cls(
            str(event.event_id),
            event.type,
            event.source.partner_id,
            event.client,
            payload,
            event.occurred_at,
            event.recorded_at,
        )


@dataclass
class Entry:
    """One thing one partner did for one client."""

    event_id: str
    client: str | None
    """The client's pseudonym (None: a group session whose attendees were not named)."""
    partner: str
    type: str
    on: date
    details: dict[str, Any]
    recorded_at: datetime
    corrected: bool = False
    withdrawn: bool = False
    id: int | None = field(default=None, compare=False)

    @property
    def kind(self) -> str | None:
        """The kind of support a service or an activity gives (None for other entries)."""
        name = KIND_FIELDS.get(self.type)
        return None if name is None else str(self.details[name])


def day_of(type_name: str, details: Mapping[str, Any], otherwise: date) -> date:
    """The business day of an event: its payload's date (`otherwise` where it has none)."""
    day_field = DAY_FIELDS.get(type_name)
    value = details.get(day_field) if day_field else None
    return otherwise if value is None else day(value)


def entries_of(happened: Happened) -> list[Entry]:
    """The entries an event adds: one per client it names (none for programmes, corrections)."""
    if happened.type in CHANGES or happened.type not in DAY_FIELDS:
        return []
    payload = happened.payload.model_dump(mode="json")
    details = {name: value for name, value in payload.items() if name not in PSEUDONYM_FIELDS}
    clients: list[str | None] = [happened.client] if happened.client else []
    clients += [c for c in payload.get("attendees", ()) if c not in clients]
    return [
        Entry(
            event_id=happened.event_id,
            client=client,
            partner=happened.partner,
            type=happened.type,
            on=day_of(happened.type, details, happened.occurred_at.astimezone(POLAND).date()),
            details=dict(details),
            recorded_at=happened.recorded_at,
        )
        for client in clients or [None]
    ]


def corrected(entry: Entry, changes: Mapping[str, Any]) -> Entry:
    """The entry as a correction of its event says it should read."""
    details = {
        **entry.details,
        **{name: value for name, value in changes.items() if name not in PSEUDONYM_FIELDS},
    }
    return dataclasses.replace(
        entry,
        details=details,
        on=day_of(entry.type, details, entry.on),
        corrected=True,
    )


def shown_details(entry: Entry, own_partner: str, share_amounts: bool) -> dict[str, Any]:
    """What staff of `own_partner` see of an entry: another partner's amounts only if shared."""
    if entry.partner == own_partner or share_amounts:
        return dict(entry.details)
    return {name: value for name, value in entry.details.items() if name not in AMOUNT_FIELDS}


def in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Entries by day, then in the order they were recorded (and kept here)."""
    return sorted(entries, key=lambda e: (e.on, e.recorded_at, e.id or 0))


def day(value: Any) -> date:
    """A date a detail holds (JSON keeps it as ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
