"""What one event tells the reporting node, reduced to plain rows (no I/O, no SQL).

Every accepted event is kept whole in the event store with a few columns read off it: the business
day its figures belong to (`delivered_on`, `paid_on`, `started_on`…, never `recorded_at`), a
dimension (specialist role, legal basis, activity kind, contract type) and an exact amount
(hundredths of an hour, grosze). Events that say something about a person's standing — enrolment
(rekrutacja), exit, activities, employment — also become `PersonFact` rows, from which the
distinct-person figures are derived. A family's enrolment, exit and tripartite contract become a
`FamilyFact`; a programme's definition and an edition's schedule are announcements kept whole; a
correction or withdrawal names the event it `refers_to` (see `reporting_node.domain.corrections`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from partnership_shared.events.models import (
    ActivityAbandoned,
    ActivityCompleted,
    ActivityStarted,
    BenefitPaid,
    ClientEnrolled,
    ClientExited,
    ContractSigned,
    EditionScheduled,
    EmploymentEnded,
    EmploymentRetained,
    EmploymentStarted,
    EventBase,
    FamilyEnrolled,
    FamilyExited,
    ProgrammeDefined,
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
from partnership_shared.events.vocabulary import ContractKind
from partnership_shared.kernel.types import to_units
from reporting_node.domain.coordination import CoordinationFact, coordination_fact_of
from reporting_node.domain.days import day_key
from reporting_node.domain.families import (
    FAMILY_CONTRACT,
    FAMILY_ENROLLED,
    FAMILY_EXITED,
    FamilyFact,
)
from reporting_node.domain.programmes import Announcement, edition_of, programme_of

# --- additive metrics: one row per event, counted (`n`) and summed (`amount`) ---------------

HOURS = "hours"  # dim=specialist role, amount=hundredths of an hour; n=sessions
BENEFITS = "benefits"  # dim=legal basis, amount=grosze; n=payments
ACTIVITY_STARTED = "act.started"  # dim=activity kind
ACTIVITY_COMPLETED = "act.completed"  # dim=activity kind
ACTIVITY_ABANDONED = "act.abandoned"  # dim=activity kind
CONTRACTS = "contracts"  # dim=`contract type|duration` (up to 12 months, over, indefinite…)
SIGNED = "signed"  # dim=contract kind (kontrakt socjalny, trójstronny kontrakt rodzinny)
OTHER = "other"  # dim=event type

ADDITIVE_METRICS = (
    HOURS,
    BENEFITS,
    ACTIVITY_STARTED,
    ACTIVITY_COMPLETED,
    ACTIVITY_ABANDONED,
    CONTRACTS,
    SIGNED,
    OTHER,
)
"""Every event adds `n=1` (and its amount) to exactly one of these: their `n` sum to events."""

_METRIC_OF_TYPE = {
    "ServiceDelivered": HOURS,
    "BenefitPaid": BENEFITS,
    "ActivityStarted": ACTIVITY_STARTED,
    "ActivityCompleted": ACTIVITY_COMPLETED,
    "ActivityAbandoned": ACTIVITY_ABANDONED,
    "EmploymentStarted": CONTRACTS,
    "ContractSigned": SIGNED,
}

# --- what a person fact records -----------------------------------------------------------------

ENROLLED = "enrolled"  # kind=programme, label=gender, extra=disability, flag=replaces someone
EXITED = "exited"  # kind=exit reason
ACTIVITY_START = "act.start"  # ref=activity id, kind=activity kind, label=edition
ACTIVITY_COMPLETE = "act.completed"  # ref=activity id, kind=activity kind, flag=qualification
ACTIVITY_ABANDON = "act.abandoned"  # ref=activity id, kind=activity kind
EMPLOYMENT_START = "emp.start"  # ref=employment id, kind=contract type, label=duration,
#                                 flag=open labour market
EMPLOYMENT_END = "emp.end"  # ref=employment id, kind=contract type
RETAINED = "retained"  # ref=employment id, kind=contract type at the checkpoint


class PersonFact(NamedTuple):
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


class Envelope(NamedTuple):
    """What the reporting node keeps of an event's envelope: plain values, cheap to pass around
    (between processes too), read once off the validated event."""

    event_id: str
    type: str
    version: int
    source_id: str
    kind: str
    seq: int
    client: str | None
    occurred_at: datetime
    recorded_at: datetime


def envelope_of(event: EventBase, event_id: str) -> Envelope:
    return Envelope(
        event_id,
        event.type,
        event.version,
        event.source.partner_id,
        event.source.kind.value,
        event.seq,
        event.client,
        event.occurred_at,
        event.recorded_at,
    )


@dataclass(frozen=True, slots=True)
class EventFacts:
    """The columns the event store keeps beside an event's body, and what it tells the
    projections: person facts, a family fact, an announcement, the event it corrects."""

    event_id: str
    day: int
    dim: str
    amount: int
    attendees: tuple[str, ...]
    person_facts: tuple[PersonFact, ...]
    family: FamilyFact | None = None
    announcement: Announcement | None = None
    refers_to: str | None = None
    coordination: CoordinationFact | None = None

    def participants(self, client: str | None) -> tuple[str, ...]:
        """Everyone the event concerns: its client and, for a group session, the attendees."""
        if client is None:
            return self.attendees
        if client in self.attendees:
            return self.attendees
        return (client, *self.attendees)


def additive_metric(event_type: str, dim: str) -> tuple[str, str]:
    """The `(metric, dimension)` an event of this type adds its count and amount to."""
    metric = _METRIC_OF_TYPE.get(event_type)
    return (metric, dim) if metric else (OTHER, event_type)


def describe(event: EventBase) -> EventFacts:
    """Read the reporting columns and person facts off one validated event."""
    facts = _columns_and_facts(event)
    coordination = coordination_fact_of(event)
    return facts if coordination is None else replace(facts, coordination=coordination)


def _columns_and_facts(event: EventBase) -> EventFacts:
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
                event_id, day_key(p.delivered_on), p.role.value, to_units(p.hours), p.attendees, ()
            )
        case BenefitPaid(payload=p):
            return EventFacts(
                event_id, day_key(p.paid_on), p.basis.value, to_units(p.amount), (), ()
            )
        case ClientEnrolled(payload=p):
            day = day_key(p.enrolled_on)
            enrolled = fact(
                ENROLLED,
                day,
                kind_=str(p.programme_id),
                label=p.gender.value,
                extra=p.disability_degree.value,
                flag=p.replaces is not None,
            )
            return EventFacts(event_id, day, str(p.programme_id), 0, (), (enrolled,))
        case ClientExited(payload=p):
            day = day_key(p.exited_on)
            return EventFacts(
                event_id, day, p.reason.value, 0, (), (fact(EXITED, day, kind_=p.reason.value),)
            )
        case ActivityStarted(payload=p):
            day = day_key(p.started_on)
            started = fact(
                ACTIVITY_START,
                day,
                ref=str(p.activity_id),
                kind_=p.kind.value,
                label=str(p.edition_id) if p.edition_id else "",
            )
            return EventFacts(event_id, day, p.kind.value, 0, (), (started,))
        case ActivityCompleted(payload=p):
            day = day_key(p.ended_on)
            ended = fact(
                ACTIVITY_COMPLETE,
                day,
                ref=str(p.activity_id),
                kind_=p.kind.value,
                flag=p.qualification_gained,
            )
            return EventFacts(event_id, day, p.kind.value, 0, (), (ended,))
        case ActivityAbandoned(payload=p):
            day = day_key(p.ended_on)
            ended = fact(ACTIVITY_ABANDON, day, ref=str(p.activity_id), kind_=p.kind.value)
            return EventFacts(event_id, day, p.kind.value, 0, (), (ended,))
        case EmploymentStarted(payload=p):
            day = day_key(p.started_on)
            duration = p.duration.value
            started = fact(
                EMPLOYMENT_START,
                day,
                ref=str(p.employment_id),
                kind_=p.contract_type.value,
                label=duration,
                flag=p.open_labour_market,
            )
            dim = f"{p.contract_type.value}|{duration}"
            return EventFacts(event_id, day, dim, 0, (), (started,))
        case EmploymentEnded(payload=p):
            day = day_key(p.ended_on)
            ended = fact(EMPLOYMENT_END, day, ref=str(p.employment_id), kind_=p.contract_type.value)
            return EventFacts(event_id, day, p.contract_type.value, 0, (), (ended,))
        case EmploymentRetained(payload=p):
            day = day_key(p.checked_on)
            retained = fact(RETAINED, day, ref=str(p.employment_id), kind_=p.contract_type.value)
            return EventFacts(event_id, day, p.contract_type.value, 0, (), (retained,))
        case FamilyEnrolled(payload=p):
            day = day_key(p.enrolled_on)
            joined = FamilyFact(
                event_id, p.family, FAMILY_ENROLLED, kind, day, str(p.programme_id), p.members
            )
            return EventFacts(event_id, day, str(p.programme_id), 0, (), (), joined)
        case FamilyExited(payload=p):
            day = day_key(p.exited_on)
            left = FamilyFact(event_id, p.family, FAMILY_EXITED, kind, day, p.reason.value)
            return EventFacts(event_id, day, p.reason.value, 0, (), (), left)
        case SupportPlanAgreed(payload=p) | SupportPlanRevised(payload=p):
            return EventFacts(event_id, day_key(p.agreed_on), "", 0, (), ())
        case ContractSigned(payload=p):
            day = day_key(p.signed_on)
            bound: FamilyFact | None = None
            if p.kind is ContractKind.TRIPARTITE_FAMILY_CONTRACT and p.family is not None:
                bound = FamilyFact(event_id, p.family, FAMILY_CONTRACT, kind, day, p.kind.value)
            return EventFacts(event_id, day, p.kind.value, 0, (), (), bound)
        case ReferralMade(payload=p):
            return EventFacts(event_id, day_key(p.made_on), p.service_kind.value, 0, (), ())
        case (
            ReferralAccepted(payload=p) | ReferralDeclined(payload=p) | ReferralCompleted(payload=p)
        ):
            return EventFacts(event_id, day_key(p.answered_on), p.referring_partner, 0, (), ())
        case ProgrammeDefined():
            defined = programme_of(event)
            return EventFacts(event_id, _day_of(event), "", 0, (), (), announcement=defined)
        case EditionScheduled():
            scheduled = edition_of(event)
            return EventFacts(event_id, _day_of(event), "", 0, (), (), announcement=scheduled)
        case RecordCorrected(payload=p) | RecordWithdrawn(payload=p):
            # Counted on the day it was made, once it takes effect.
            original = str(p.original_event_id)
            return EventFacts(event_id, _day_of(event), "", 0, (), (), refers_to=original)
    # A type this node does not know yet still counts as an event, on the day it happened.
    return EventFacts(event_id, _day_of(event), "", 0, (), ())


def _day_of(event: EventBase) -> int:
    return day_key(event.occurred_at.date())
