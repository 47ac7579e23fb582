"""Event contracts: the only thing that crosses between nodes.

Every event is a frozen pydantic model with an envelope (id, type, version, partnership, source and
its per-source `seq`, UTC times, the client's pseudonym) and a typed payload. Money and hours are
`Decimal`; their JSON form is a string, so no float ever touches them. A new version of an event is
a new class with the same `type` and the next `version`; consumers dispatch on both.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    DisabilityDegree,
    EmployerKind,
    ExitReason,
    Gender,
    PartnerKind,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)


def _as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_as_utc)]
Pseudonym = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""HMAC-SHA-256 of a validated PESEL under the partnership's secret, as 64 hex digits."""

Hours = Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=2)]
"""Hours of a service: positive, to the quarter-hour at most two decimals (half-hours occur)."""

Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
"""An amount in PLN, to the grosz."""

PartnerId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Contract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Contract):
    """The node that recorded an event: its partner id and what kind of institution it is."""

    partner_id: PartnerId
    kind: PartnerKind


class EventBase(Contract):
    """The envelope every event shares."""

    event_id: UUID
    type: str
    version: int
    partnership_id: PartnerId
    source: Source
    seq: int = Field(ge=1, description="Per-source sequence number, assigned once in the outbox")
    occurred_at: UtcDatetime
    recorded_at: UtcDatetime
    client: Pseudonym | None = None


class ClientEvent(EventBase):
    """An event that concerns one client, named by pseudonym."""

    client: Pseudonym


# --- clients -------------------------------------------------------------------------------------


class ClientEnrolledPayload(Contract):
    programme: ShortText
    enrolled_on: date
    gender: Gender
    birth_year: int = Field(ge=1900, le=2100)
    disability_degree: DisabilityDegree
    registered_unemployed: bool
    household_size: int = Field(ge=1, le=30)
    consent_ref: ShortText
    replaces: Pseudonym | None = Field(
        default=None, description="Pseudonym of a client who left and whose place this one takes"
    )


class ClientEnrolled(ClientEvent):
    """A client was recruited to the partnership with recorded consent (rekrutacja)."""

    type: Literal["ClientEnrolled"] = "ClientEnrolled"
    version: Literal[1] = 1
    payload: ClientEnrolledPayload


class ClientExitedPayload(Contract):
    reason: ExitReason
    exited_on: date


class ClientExited(ClientEvent):
    """A client left the partnership's support."""

    type: Literal["ClientExited"] = "ClientExited"
    version: Literal[1] = 1
    payload: ClientExitedPayload


class FamilyEnrolledPayload(Contract):
    family: Pseudonym
    members: int = Field(ge=1, le=30)
    enrolled_on: date
    programme: ShortText


class FamilyEnrolled(ClientEvent):
    """A family joined a family programme; `client` is the member who signed for it."""

    type: Literal["FamilyEnrolled"] = "FamilyEnrolled"
    version: Literal[1] = 1
    payload: FamilyEnrolledPayload


# --- plans, contracts and referrals --------------------------------------------------------------


class PlannedAction(Contract):
    partner: PartnerKind
    kind: ActivityKind | SpecialistRole
    description: str = Field(default="", max_length=500)


class SupportPlanPayload(Contract):
    plan_id: UUID
    agreed_on: date
    actions: tuple[PlannedAction, ...] = Field(min_length=1)


class SupportPlanAgreed(ClientEvent):
    """An individual support plan (IPW, indywidualny plan wsparcia) was agreed."""

    type: Literal["SupportPlanAgreed"] = "SupportPlanAgreed"
    version: Literal[1] = 1
    payload: SupportPlanPayload


class SupportPlanRevised(ClientEvent):
    type: Literal["SupportPlanRevised"] = "SupportPlanRevised"
    version: Literal[1] = 1
    payload: SupportPlanPayload


class ContractSignedPayload(Contract):
    contract_id: UUID
    kind: ContractKind
    signed_on: date
    parties: tuple[PartnerKind, ...] = Field(min_length=1)


class ContractSigned(ClientEvent):
    """A social contract or a tripartite family contract (client, PUP, OPS) was signed."""

    type: Literal["ContractSigned"] = "ContractSigned"
    version: Literal[1] = 1
    payload: ContractSignedPayload


class ReferralPayload(Contract):
    referral_id: UUID
    from_partner: PartnerKind
    to_partner: PartnerKind
    service_kind: ActivityKind | SpecialistRole
    on: date
    note: str = Field(default="", max_length=500)


class ReferralMade(ClientEvent):
    type: Literal["ReferralMade"] = "ReferralMade"
    version: Literal[1] = 1
    payload: ReferralPayload


class ReferralAccepted(ClientEvent):
    type: Literal["ReferralAccepted"] = "ReferralAccepted"
    version: Literal[1] = 1
    payload: ReferralPayload


class ReferralDeclined(ClientEvent):
    type: Literal["ReferralDeclined"] = "ReferralDeclined"
    version: Literal[1] = 1
    payload: ReferralPayload


class ReferralCompleted(ClientEvent):
    type: Literal["ReferralCompleted"] = "ReferralCompleted"
    version: Literal[1] = 1
    payload: ReferralPayload


# --- services and activities ---------------------------------------------------------------------


class ServiceDeliveredPayload(Contract):
    service_id: UUID
    role: SpecialistRole
    mode: ServiceMode
    hours: Hours
    delivered_on: date
    participants: int = Field(ge=1, le=500)
    attendees: tuple[Pseudonym, ...] = Field(
        default=(), description="Pseudonyms of the clients at a group session"
    )

    @model_validator(mode="after")
    def _mode_fits_participants(self) -> ServiceDeliveredPayload:
        if self.mode is ServiceMode.INDIVIDUAL and self.participants != 1:
            raise ValueError("an individual service has exactly one participant")
        if len(self.attendees) > self.participants:
            raise ValueError("more attendees than participants")
        return self


class ServiceDelivered(EventBase):
    """Hours of a specialist's service (individual: `client` set; group: `attendees`)."""

    type: Literal["ServiceDelivered"] = "ServiceDelivered"
    version: Literal[1] = 1
    payload: ServiceDeliveredPayload

    @model_validator(mode="after")
    def _names_its_clients(self) -> ServiceDelivered:
        if self.payload.mode is ServiceMode.INDIVIDUAL and self.client is None:
            raise ValueError("an individual service names its client")
        return self


class ActivityStartedPayload(Contract):
    activity_id: UUID
    kind: ActivityKind
    started_on: date
    edition: str | None = Field(default=None, max_length=40)
    trade: str | None = Field(default=None, max_length=120)
    provider: str | None = Field(default=None, max_length=200)


class ActivityStarted(ClientEvent):
    """A client began an activity: staż, szkolenie, PSU, KIS, PAL, warsztaty, wolontariat…"""

    type: Literal["ActivityStarted"] = "ActivityStarted"
    version: Literal[1] = 1
    payload: ActivityStartedPayload


class ActivityEndedPayload(Contract):
    activity_id: UUID
    kind: ActivityKind
    ended_on: date


class ActivityCompleted(ClientEvent):
    type: Literal["ActivityCompleted"] = "ActivityCompleted"
    version: Literal[1] = 1
    payload: ActivityEndedPayload


class ActivityAbandoned(ClientEvent):
    type: Literal["ActivityAbandoned"] = "ActivityAbandoned"
    version: Literal[1] = 1
    payload: ActivityEndedPayload


# --- outcomes ------------------------------------------------------------------------------------


class EmploymentStartedPayload(Contract):
    employment_id: UUID
    contract_type: ContractType
    employer_kind: EmployerKind
    open_labour_market: bool
    working_time: Decimal = Field(gt=0, le=1, max_digits=4, decimal_places=3)
    started_on: date


class EmploymentStarted(ClientEvent):
    """A client took a job (podjęcie zatrudnienia)."""

    type: Literal["EmploymentStarted"] = "EmploymentStarted"
    version: Literal[1] = 1
    payload: EmploymentStartedPayload


class EmploymentEndedPayload(Contract):
    employment_id: UUID
    contract_type: ContractType
    ended_on: date


class EmploymentEnded(ClientEvent):
    type: Literal["EmploymentEnded"] = "EmploymentEnded"
    version: Literal[1] = 1
    payload: EmploymentEndedPayload


class EmploymentRetainedPayload(Contract):
    employment_id: UUID
    checked_on: date
    months_since_start: int = Field(ge=0, le=600)


class EmploymentRetained(ClientEvent):
    """The client still held the job at a checkpoint (utrzymanie zatrudnienia)."""

    type: Literal["EmploymentRetained"] = "EmploymentRetained"
    version: Literal[1] = 1
    payload: EmploymentRetainedPayload


class BenefitPaidPayload(Contract):
    payment_id: UUID
    basis: PaymentBasis
    amount: Money
    paid_on: date
    period_from: date | None = None
    period_to: date | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> BenefitPaidPayload:
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValueError("period_to is before period_from")
        return self


class BenefitPaid(ClientEvent):
    """Money paid directly to a client: a benefit, a stipend or a covered cost."""

    type: Literal["BenefitPaid"] = "BenefitPaid"
    version: Literal[1] = 1
    payload: BenefitPaidPayload


EVENT_CLASSES: tuple[type[EventBase], ...] = (
    ClientEnrolled,
    ClientExited,
    FamilyEnrolled,
    SupportPlanAgreed,
    SupportPlanRevised,
    ContractSigned,
    ReferralMade,
    ReferralAccepted,
    ReferralDeclined,
    ReferralCompleted,
    ServiceDelivered,
    ActivityStarted,
    ActivityCompleted,
    ActivityAbandoned,
    EmploymentStarted,
    EmploymentEnded,
    EmploymentRetained,
    BenefitPaid,
)
