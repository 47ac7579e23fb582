"""Corrections and withdrawals of records, as plain rules.

A record is never overwritten silently: staff give the fields to change and a reason; the node keeps
what the record said before in its history, and announces a `RecordCorrected` per event the change
touches (a record may have been announced by two: an activity's start and its end), naming the
original event. A withdrawn record counts nowhere; its events are withdrawn with it.

`CORRECTABLE` says, per kind of record, which of its fields may change and in which event's payload
each of them travels (`None`: the field stays in this node, e.g. an employer's name).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar, cast

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_shared.events.models import CorrectedValue

R = TypeVar("R")

EventField = tuple[str, str] | None
"""`(attribute of the record holding the event id, payload field)`, or None: not announced."""


@dataclass(frozen=True)
class Correctable:
    """How one kind of record may be corrected."""

    kind: str
    event_type: str
    fields: Mapping[str, EventField]
    end_event_type: Mapping[str, str] | None = None
    """For records ended by a second event: the end event's type by the record's outcome."""


START = "event_id"
END = "end_event_id"
EXIT = "exit_event_id"

SERVICE = Correctable(
    "service",
    "ServiceDelivered",
    {
        "role": (START, "role"),
        "hours": (START, "hours"),
        "delivered_on": (START, "delivered_on"),
        "participants": (START, "participants"),
        "note": None,
    },
)
ACTIVITY = Correctable(
    "activity",
    "ActivityStarted",
    {
        "started_on": (START, "started_on"),
        "edition_id": (START, "edition_id"),
        "ended_on": (END, "ended_on"),
        "qualification_gained": (END, "qualification_gained"),
    },
    {"completed": "ActivityCompleted", "abandoned": "ActivityAbandoned"},
)
EMPLOYMENT = Correctable(
    "employment",
    "EmploymentStarted",
    {
        "contract_type": (START, "contract_type"),
        "employer_kind": (START, "employer_kind"),
        "open_labour_market": (START, "open_labour_market"),
        "working_time": (START, "working_time"),
        "started_on": (START, "started_on"),
        "ends_on": (START, "ends_on"),
        "employer_name": None,
        "ended_on": (END, "ended_on"),
    },
    {"ended": "EmploymentEnded"},
)
RETENTION = Correctable(
    "retention_check",
    "EmploymentRetained",
    {"checked_on": (START, "checked_on"), "months_since_start": (START, "months_since_start")},
)
PAYMENT = Correctable(
    "payment",
    "BenefitPaid",
    {
        "basis": (START, "basis"),
        "amount": (START, "amount"),
        "paid_on": (START, "paid_on"),
        "period_from": (START, "period_from"),
        "period_to": (START, "period_to"),
    },
)
CONTRACT = Correctable(
    "contract",
    "ContractSigned",
    {"signed_on": (START, "signed_on"), "ends_on": (START, "ends_on")},
)
ENROLMENT = Correctable(
    "enrolment",
    "ClientEnrolled",
    {
        "enrolled_on": (START, "enrolled_on"),
        "registered_unemployed": (START, "registered_unemployed"),
        "household_size": (START, "household_size"),
        "consent_ref": None,
        "exited_on": (EXIT, "exited_on"),
        "exit_reason": (EXIT, "reason"),
    },
    {"exited": "ClientExited"},
)
FAMILY = Correctable(
    "family",
    "FamilyEnrolled",
    {
        "enrolled_on": (START, "enrolled_on"),
        "exited_on": (EXIT, "exited_on"),
        "exit_reason": (EXIT, "reason"),
    },
    {"exited": "FamilyExited"},
)

CORRECTABLE = {
    spec.kind: spec
    for spec in (SERVICE, ACTIVITY, EMPLOYMENT, RETENTION, PAYMENT, CONTRACT, ENROLMENT, FAMILY)
}

Diff = dict[str, tuple[object, object]]


def corrected(record: R, spec: Correctable, changes: Mapping[str, Any]) -> tuple[R, Diff]:
    """A copy of `record` with `changes` applied, and what actually changed (old, new).

    Refuses fields that may not change, a withdrawn record, changes to an end the record has not
    reached, and a correction that changes nothing.
    """
    if getattr(record, "withdrawn", False):
        raise Conflict("record", "correction.withdrawn")
    unknown = sorted(set(changes) - set(spec.fields))
    if unknown:
        raise Rejected(f"changes.{unknown[0]}", "correction.not_correctable", kind=spec.kind)
    diff: Diff = {}
    for name, value in changes.items():
        target = spec.fields[name]
        if target is not None and target[0] != START and getattr(record, target[0]) is None:
            raise Conflict(f"changes.{name}", "correction.not_ended")
        if target is not None and not getattr(record, target[0]):
            raise Conflict("record", "correction.not_announced")
        old = getattr(record, name)
        if old != value:
            diff[name] = (old, value)
    if not diff:
        raise Rejected("changes", "correction.nothing_changed")
    changed: Any = dataclasses.replace(
        cast(Any, record), **{name: new for name, (_, new) in diff.items()}
    )
    return changed, diff


def announced_changes(
    record: object, spec: Correctable, diff: Diff
) -> list[tuple[str, str, dict[str, CorrectedValue]]]:
    """Per event the diff touches: `(original event id, its type, payload changes as JSON)`."""
    by_event: dict[str, dict[str, CorrectedValue]] = {}
    for name, (_, new) in diff.items():
        target = spec.fields[name]
        if target is None:
            continue
        holder, payload_field = target
        by_event.setdefault(holder, {})[payload_field] = as_json(new)
    return [
        (str(getattr(record, holder)), event_type_of(record, spec, holder), values)
        for holder, values in by_event.items()
    ]


def announced_events(record: object, spec: Correctable) -> list[tuple[str, str]]:
    """Every event that announced the record, `(event id, type)`: what a withdrawal withdraws."""
    holders = dict.fromkeys(target[0] for target in spec.fields.values() if target is not None)
    return [
        (str(getattr(record, holder)), event_type_of(record, spec, holder))
        for holder in holders
        if getattr(record, holder) is not None
    ]


def event_type_of(record: object, spec: Correctable, holder: str) -> str:
    if holder == START:
        return spec.event_type
    assert spec.end_event_type is not None, f"{spec.kind} has no end event"
    outcome = getattr(record, "outcome", None)
    if isinstance(outcome, str) and outcome in spec.end_event_type:
        return spec.end_event_type[outcome]
    return next(iter(spec.end_event_type.values()))


def as_json(value: object) -> CorrectedValue:
    """A changed value as an event carries it: dates and decimals as strings, kinds by value."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)  # dates in ISO form, decimals as written, ids
