"""A client's journey in words: each event's date, type, partner and a short, impersonal note.

A corrected record is shown as it now reads, marked corrected (or withdrawn), and each correction
is a step of its own saying what changed: `hours 30 → 3`, `withdrawn`.
"""

from __future__ import annotations

from partnership_shared.events.models import (
    ActivityAbandoned,
    ActivityCompleted,
    ActivityStarted,
    BenefitPaid,
    ClientEnrolled,
    ClientExited,
    ContractSigned,
    EmploymentEnded,
    EmploymentRetained,
    EmploymentStarted,
    EventBase,
    FamilyEnrolled,
    FamilyExited,
    RecordCorrected,
    RecordWithdrawn,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    ServiceDelivered,
    SupportPlanAgreed,
    SupportPlanRevised,
)
from reporting_node.domain.corrections import Verdict

IMPERSONAL_FIELDS = frozenset(
    {
        "programme_id",
        "reason",
        "kind",
        "role",
        "mode",
        "hours",
        "participants",
        "edition_id",
        "contract_type",
        "employer_kind",
        "open_labour_market",
        "months_since_start",
        "basis",
        "amount",
        "to_partner",
        "referring_partner",
        "service_kind",
        "ends_on",
        "qualification_gained",
        "original_type",
    }
)
"""Payload fields a journey may show: never a pseudonym (replaces, attendees, family, members)."""


def details(event: EventBase) -> dict[str, object]:
    """The event's impersonal payload fields, as JSON values, for labelling in any language."""
    payload = getattr(event, "payload", None)
    if payload is None:
        return {}
    dumped: dict[str, object] = payload.model_dump(mode="json")
    return {name: value for name, value in dumped.items() if name in IMPERSONAL_FIELDS}


def note(event: EventBase) -> str:
    """What happened, without personal data (no pseudonyms of others, no free-text notes)."""
    match event:
        case ClientEnrolled(payload=p):
            replaced = ", replacing a client who left" if p.replaces else ""
            return (
                f"enrolled in programme {p.programme_id} ({p.gender.value}, disability: "
                f"{p.disability_degree.value}){replaced}"
            )
        case ClientExited(payload=p):
            return f"left the partnership: {p.reason.value}"
        case FamilyEnrolled(payload=p):
            return f"family enrolled in programme {p.programme_id} ({len(p.members)} members)"
        case FamilyExited(payload=p):
            return f"family left the programme: {p.reason.value}"
        case SupportPlanAgreed(payload=p) | SupportPlanRevised(payload=p):
            verb = "agreed" if isinstance(event, SupportPlanAgreed) else "revised"
            return f"support plan {verb}: {len(p.actions)} actions"
        case ContractSigned(payload=p):
            return f"{p.kind.value} signed by {', '.join(k.value for k in p.parties)}"
        case ReferralMade(payload=p):
            return (
                f"referral made: {event.source.partner_id} → {p.to_partner} "
                f"({p.service_kind.value})"
            )
        case (
            ReferralAccepted(payload=p) | ReferralDeclined(payload=p) | ReferralCompleted(payload=p)
        ):
            step = event.type.removeprefix("Referral").lower()
            return f"referral {step}: {p.referring_partner} → {event.source.partner_id}"
        case ServiceDelivered(payload=p):
            mode = f"group of {p.participants}" if p.participants > 1 else p.mode.value
            return f"{p.role.value}: {p.hours} h, {mode}"
        case ActivityStarted(payload=p):
            edition = f", edition {p.edition_id}" if p.edition_id else ""
            return f"started {p.kind.value}{edition}"
        case ActivityCompleted(payload=p):
            qualified = ", qualification gained" if p.qualification_gained else ""
            return f"completed {p.kind.value}{qualified}"
        case ActivityAbandoned(payload=p):
            return f"abandoned {p.kind.value}"
        case EmploymentStarted(payload=p):
            market = "open labour market" if p.open_labour_market else "sheltered"
            return f"started work: {p.contract_type.value}, {p.employer_kind.value}, {market}"
        case EmploymentEnded(payload=p):
            return f"work ended: {p.contract_type.value}"
        case EmploymentRetained(payload=p):
            return f"still employed {p.months_since_start} months after starting"
        case BenefitPaid(payload=p):
            return f"{p.basis.value}: {p.amount} PLN"
    return event.type


def correction_details(correction: EventBase, verdict: Verdict) -> dict[str, object]:
    """What a correction changed, field by field (`from` → `to`), or that it withdrew a record."""
    assert isinstance(correction, RecordCorrected | RecordWithdrawn)
    found: dict[str, object] = {
        "original_type": correction.payload.original_type,
        "reason": correction.payload.reason.value,
    }
    if isinstance(correction, RecordCorrected):
        found["changes"] = [
            {"field": change.field, "from": change.before, "to": change.after}
            for change in verdict.changes
        ]
    return found


def correction_note(correction: EventBase, verdict: Verdict) -> str:
    """`hours 30.00 → 3.00`, or `withdrawn`, with the reason."""
    assert isinstance(correction, RecordCorrected | RecordWithdrawn)
    reason = correction.payload.reason.value
    if isinstance(correction, RecordWithdrawn):
        return f"withdrawn ({reason})"
    changed = ", ".join(f"{c.field} {c.before} → {c.after}" for c in verdict.changes)
    return f"{changed or 'nothing changed'} ({reason})"
