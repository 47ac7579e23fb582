"""A client's journey in words: each event's date, type, partner and a short, impersonal note."""

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
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    ServiceDelivered,
    SupportPlanAgreed,
    SupportPlanRevised,
)

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
            return f"completed {p.kind.value}"
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
