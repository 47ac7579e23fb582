"""What one event tells the reporting node, reduced to plain rows (no I/O, no SQL).

Every accepted event is kept whole in the event store with a few columns read off it: the business
day its figures belong to (`delivered_on`, `paid_on`, `started_on`…, never `recorded_at`), a
dimension (specialist role, legal basis, activity kind, contract type) and an exact amount
(hundredths of an hour, grosze). Events that say something about a person's standing — enrolment
(rekrutacja), exit, activities, employment — also become `PersonFact` rows, from which the
distinct-person figures are derived.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from partnership_shared.kernel.types import to_units
from reporting_node.domain.days import day_key

# --- additive metrics: summed per day, partner kind and programme set --------------------------

EVENTS = "events"
HOURS = "hours"
SESSIONS = "sessions"
BENEFITS = "benefits"
PAYMENTS = "payments"
ACTIVITY_STARTED = "act.started"
ACTIVITY_COMPLETED = "act.completed"
ACTIVITY_ABANDONED = "act.abandoned"
CONTRACTS = "contracts"

ADDITIVE_METRICS = (
    EVENTS,
    HOURS,
    SESSIONS,
    BENEFITS,
    PAYMENTS,
    ACTIVITY_STARTED,
    ACTIVITY_COMPLETED,
    ACTIVITY_ABANDONED,
    CONTRACTS,
)

# --- what a person fact records -----------------------------------------------------------------

ENROLLED = "enrolled"  # kind=programme, label=gender, extra=disability, flag=replaces someone
EXITED = "exited"  # kind=exit reason
ACTIVITY_START = "act.start"  # ref=activity id, kind=activity kind, label=edition
ACTIVITY_COMPLETE = "act.completed"  # ref=activity id, kind=activity kind
ACTIVITY_ABANDON = "act.abandoned"  # ref=activity id, kind=activity kind
EMPLOYMENT_START = "emp.start"  # ref=employment id, kind=contract type, flag=open labour market
EMPLOYMENT_END = "emp.end"  # ref=employment id, kind=contract type
RETAINED = "retained"  # ref=employment id


@dataclass(frozen=True, slots=True)
class PersonFact:
    """One thing known about a person, as stored in `person_fact` (see the constants above)."""

    event_id: str
    client: str
    what: str
    partner_kind: str
    day: int
    ref: str = ""
    kind: str = ""
    label: str = ""
    extra: str = ""
    flag: bool = False


@dataclass(frozen=True, slots=True)
class EventFacts:
    """The columns the event store keeps beside an event's body, and its person facts."""

    day: int
    dim: str
    amount: int
    attendees: tuple[str, ...]
    person_facts: tuple[PersonFact, ...]

    def participants(self, client: str | None) -> tuple[str, ...]:
        """Everyone the event concerns: its client and, for a group session, the attendees."""
        if client is None:
            return self.attendees
        if client in self.attendees:
            return self.attendees
        return (client, *self.attendees)


def additive_contributions(
    event_type: str, dim: str, amount: int
) -> tuple[tuple[str, str, int], ...]:
    """`(metric, dimension, value)` an event adds to the daily totals of its partner kind."""
    if event_type == "ServiceDelivered":
        return ((EVENTS, "", 1), (HOURS, dim, amount), (SESSIONS, "", 1))
    if event_type == "BenefitPaid":
        return ((EVENTS, "", 1), (BENEFITS, dim, amount), (PAYMENTS, "", 1))
    if event_type == "ActivityStarted":
        return ((EVENTS, "", 1), (ACTIVITY_STARTED, dim, 1))
    if event_type == "ActivityCompleted":
        return ((EVENTS, "", 1), (ACTIVITY_COMPLETED, dim, 1))
    if event_type == "ActivityAbandoned":
        return ((EVENTS, "", 1), (ACTIVITY_ABANDONED, dim, 1))
    if event_type == "EmploymentStarted":
        return ((EVENTS, "", 1), (CONTRACTS, dim, 1))
    return ((EVENTS, "", 1),)


def describe(event: EventBase) -> EventFacts:
    """Read the reporting columns and person facts off one validated event."""
    event_id = str(event.event_id)
    kind = event.source.kind.value
    client = event.client or ""

    def fact(
        what: str,
        day: int,
        ref: str = "",
        kind_: str = "",
        label: str = "",
        extra: str = "",
        flag: bool = False,
    ) -> PersonFact:
        return PersonFact(event_id, client, what, kind, day, ref, kind_, label, extra, flag)

    match event:
        case ServiceDelivered(payload=p):
            return EventFacts(
                day_key(p.delivered_on), p.role.value, to_units(p.hours), p.attendees, ()
            )
        case BenefitPaid(payload=p):
            return EventFacts(day_key(p.paid_on), p.basis.value, to_units(p.amount), (), ())
        case ClientEnrolled(payload=p):
            day = day_key(p.enrolled_on)
            enrolled = fact(
                ENROLLED,
                day,
                kind_=p.programme,
                label=p.gender.value,
                extra=p.disability_degree.value,
                flag=p.replaces is not None,
            )
            return EventFacts(day, p.programme, 0, (), (enrolled,))
        case ClientExited(payload=p):
            day = day_key(p.exited_on)
            return EventFacts(
                day, p.reason.value, 0, (), (fact(EXITED, day, kind_=p.reason.value),)
            )
        case ActivityStarted(payload=p):
            day = day_key(p.started_on)
            started = fact(
                ACTIVITY_START,
                day,
                ref=str(p.activity_id),
                kind_=p.kind.value,
                label=p.edition or "",
            )
            return EventFacts(day, p.kind.value, 0, (), (started,))
        case ActivityCompleted(payload=p) | ActivityAbandoned(payload=p):
            day = day_key(p.ended_on)
            what = ACTIVITY_COMPLETE if isinstance(event, ActivityCompleted) else ACTIVITY_ABANDON
            ended = fact(what, day, ref=str(p.activity_id), kind_=p.kind.value)
            return EventFacts(day, p.kind.value, 0, (), (ended,))
        case EmploymentStarted(payload=p):
            day = day_key(p.started_on)
            started = fact(
                EMPLOYMENT_START,
                day,
                ref=str(p.employment_id),
                kind_=p.contract_type.value,
                flag=p.open_labour_market,
            )
            return EventFacts(day, p.contract_type.value, 0, (), (started,))
        case EmploymentEnded(payload=p):
            day = day_key(p.ended_on)
            ended = fact(EMPLOYMENT_END, day, ref=str(p.employment_id), kind_=p.contract_type.value)
            return EventFacts(day, p.contract_type.value, 0, (), (ended,))
        case EmploymentRetained(payload=p):
            day = day_key(p.checked_on)
            return EventFacts(day, "", 0, (), (fact(RETAINED, day, ref=str(p.employment_id)),))
        case FamilyEnrolled(payload=p):
            return EventFacts(day_key(p.enrolled_on), p.programme, 0, (), ())
        case SupportPlanAgreed(payload=p) | SupportPlanRevised(payload=p):
            return EventFacts(day_key(p.agreed_on), "", 0, (), ())
        case ContractSigned(payload=p):
            return EventFacts(day_key(p.signed_on), p.kind.value, 0, (), ())
        case (
            ReferralMade(payload=p)
            | ReferralAccepted(payload=p)
            | ReferralDeclined(payload=p)
            | ReferralCompleted(payload=p)
        ):
            return EventFacts(day_key(p.on), p.service_kind.value, 0, (), ())
    # A type this node does not know yet still counts as an event, on the day it happened.
    return EventFacts(day_key(event.occurred_at.date()), "", 0, (), ())
