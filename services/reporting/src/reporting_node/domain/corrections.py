"""Corrections and withdrawals: how a record reads once its node corrected or withdrew it.

Events are never changed. A `RecordCorrected` names an earlier event of its own source and the
payload fields that change; a `RecordWithdrawn` says that event counts nowhere. The record as it
stands is the original with every correction applied in `seq` order, each on top of the ones
before (`with_changes`), or nothing once withdrawn. What stands depends on the set of events
only: a correction that arrives before its original waits for it (`PENDING`), and the chain is
judged anew from the original whenever one of its links arrives.

A correction that refers to an event of another source or another client, names the wrong
`original_type`, or would make the payload invalid is refused with its reason (a dead letter) and
changes nothing; the corrections after it still apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from partnership_shared.events import with_changes
from partnership_shared.events.models import EventBase, RecordCorrected, RecordWithdrawn

CORRECTION_TYPES = frozenset({"RecordCorrected", "RecordWithdrawn"})

# What an event row's `standing` says (the event store keeps it beside the body).
RECORDED = ""  # counts as recorded (every event that is not a correction, until corrected)
CORRECTED = "corrected"  # counts with its corrections applied
WITHDRAWN = "withdrawn"  # counts nowhere
APPLIED = "applied"  # a correction or withdrawal that took effect (it counts, as one event)
PENDING = "pending"  # a correction waiting for the event it refers to (counts nowhere yet)
REFUSED = "refused"  # a correction that cannot apply: a dead letter (counts nowhere)

COUNTED = frozenset({RECORDED, CORRECTED, APPLIED})


def counts(standing: str, is_correction: bool) -> bool:
    """Whether an event of this standing adds to the figures."""
    return standing == APPLIED if is_correction else standing in COUNTED


@dataclass(frozen=True, slots=True)
class Change:
    """One payload field a correction changed, as JSON values before and after it."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class Verdict:
    """What became of one correction or withdrawal."""

    standing: str
    reason: str | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgement:
    """A record with its corrections: how it reads now, and the verdict on each correction."""

    effective: EventBase
    withdrawn: bool
    corrected: bool
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    @property
    def standing(self) -> str:
        if self.withdrawn:
            return WITHDRAWN
        return CORRECTED if self.corrected else RECORDED


def original_of(correction: EventBase) -> str:
    assert isinstance(correction, RecordCorrected | RecordWithdrawn)
    return str(correction.payload.original_event_id)


def mismatch(original: EventBase, correction: RecordCorrected | RecordWithdrawn) -> str | None:
    """Why `correction` cannot refer to `original`, or None when it can."""
    if correction.source.partner_id != original.source.partner_id:
        return (
            f"refers to event {original.event_id} of source {original.source.partner_id!r}; "
            f"a node corrects only its own records"
        )
    if correction.payload.original_type != original.type:
        return (
            f"original_type {correction.payload.original_type!r}, but event "
            f"{original.event_id} is a {original.type}"
        )
    if correction.client != original.client:
        return f"its client is not the one of event {original.event_id}"
    return None


def judge(original: EventBase, corrections: Iterable[EventBase]) -> Judgement:
    """The record as its valid corrections say it reads, and a verdict on each correction."""
    current = original
    withdrawn = corrected = False
    verdicts: dict[str, Verdict] = {}
    for correction in sorted(corrections, key=lambda e: (e.seq, str(e.event_id))):
        assert isinstance(correction, RecordCorrected | RecordWithdrawn)
        key = str(correction.event_id)
        reason = mismatch(original, correction)
        if reason is not None:
            verdicts[key] = Verdict(REFUSED, f"{correction.type} {reason}")
            continue
        if isinstance(correction, RecordWithdrawn):
            withdrawn = True
            verdicts[key] = Verdict(APPLIED)
            continue
        try:
            amended = with_changes(current, correction.payload.changes)
        except ValidationError as error:
            verdicts[key] = Verdict(REFUSED, f"RecordCorrected makes an invalid {_why(error)}")
            continue
        verdicts[key] = Verdict(APPLIED, None, _changes(current, amended))
        current, corrected = amended, True
    return Judgement(current, withdrawn, corrected, verdicts)


def _changes(before: EventBase, after: EventBase) -> tuple[Change, ...]:
    old: dict[str, Any] = before.model_dump(mode="json")["payload"]
    new: dict[str, Any] = after.model_dump(mode="json")["payload"]
    return tuple(
        Change(name, old.get(name), new[name]) for name in new if new[name] != old.get(name)
    )


def _why(error: ValidationError) -> str:
    problems = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"])
        problems.append(f"{where}: {problem['msg']}" if where else problem["msg"])
    return f"{error.title}: " + "; ".join(problems)
