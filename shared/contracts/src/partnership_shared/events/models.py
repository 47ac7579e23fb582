"""Event contracts: the only thing that crosses between nodes.

Every event is a frozen pydantic model with an envelope (id, type, version, partnership, source and
its per-source `seq`, UTC times, the client's pseudonym) and a typed payload. Money and hours are
`Decimal`; their JSON form is a string, so no float ever touches them. A new version of an event is
a new class with the same `type` and the next `version`; consumers dispatch on both, and an
upcaster (`partnership_shared.events.catalogue`) reads an old version as the newest.

Each event names the hash of its source's previous event (`prev_hash`): a partner's stream is a
hash chain, and the partner signs its head now and then (`ChainCheckpoint`, in `control`), so a
consumer can tell the partner's own events from anything else written on its stream.

Nothing a member of staff types as free text travels: persons are pseudonyms, kinds come from the
vocabulary, and programmes, editions, plans and referrals are named by id. The only names that
travel are those of programmes and courses, which are the partnership's public facts.
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
    ClientFact,
    ContractKind,
    ContractType,
    CorrectionReason,
    DeclineReason,
    DisabilityDegree,
    EmployerKind,
    EmploymentDuration,
    ExitReason,
    FundingSource,
    Gender,
    Obligation,
    Outcome,
    PartnerKind,
    Party,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)


def _as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_as_utc)]
Pseudonym = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""HMAC-SHA-256 of a validated PESEL under the partnership's secret, as 64 hex digits."""

Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
"""A SHA-256 digest as 64 lower-case hex digits."""

Hours = Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=2)]
"""Hours of a service: positive, to the quarter-hour at most two decimals (half-hours occur)."""

Money = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
"""An amount in PLN, to the grosz."""

Budget = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
"""A part of a programme's budget in PLN, to the grosz (an own contribution may be nil)."""

Code = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z][0-9A-Za-z./_-]{0,59}$")
]
"""A programme's code as its funder gave it (e.g. `POKL.07.01.01-28-001/13`): no spaces."""

EditionLabel = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z][0-9A-Za-z./-]{0,11}$")
]
"""An edition's label: `I`, `II`, `2013/1`…"""

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
    prev_hash: Sha256Hex | None = Field(
        default=None,
        description=(
            "SHA-256 of the JSON body of the source's event `seq - 1`, exactly as published "
            "(none for `seq` 1): each partner's events form a hash chain, whose head the partner "
            "signs in `ChainCheckpoint` messages"
        ),
    )
    occurred_at: UtcDatetime
    recorded_at: UtcDatetime
    client: Pseudonym | None = None


class ClientEvent(EventBase):
    """An event that concerns one client, named by pseudonym."""

    client: Pseudonym


# --- programmes and their editions ---------------------------------------------------------------


class Funding(Contract):
    """A programme's budget: its total value is the co-financing plus the own contribution."""

    total: Budget
    co_financing: Budget
    co_financing_source: FundingSource = FundingSource.EU
    own_contribution: Budget

    @model_validator(mode="after")
    def _adds_up(self) -> Funding:
        if self.co_financing + self.own_contribution != self.total:
            raise ValueError(
                f"co_financing {self.co_financing} + own_contribution {self.own_contribution} "
                f"is not the total {self.total}"
            )
        return self


class ProgrammePayload(Contract):
    programme_id: UUID
    code: Code
    name: ShortText
    starts_on: date
    ends_on: date
    lead_partner: PartnerId
    funding: Funding | None = None

    @model_validator(mode="after")
    def _period_in_order(self) -> ProgrammePayload:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class ProgrammeDefined(EventBase):
    """A programme (project) of the partnership, with its period and budget.

    Announced by the partner that keeps it (usually the lead partner); announced again under the
    same `programme_id` when it is amended: the latest announcement stands.
    """

    type: Literal["ProgrammeDefined"] = "ProgrammeDefined"
    version: Literal[1] = 1
    payload: ProgrammePayload


class EditionPayload(Contract):
    edition_id: UUID
    programme_id: UUID
    kind: ActivityKind
    label: EditionLabel
    trade: ShortText | None = Field(
        default=None, description="The trade a vocational course teaches (zawód)"
    )
    starts_on: date
    ends_on: date
    provider: PartnerId
    capacity: int = Field(ge=1, le=1000)

    @model_validator(mode="after")
    def _period_in_order(self) -> EditionPayload:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class EditionScheduled(EventBase):
    """An edition or course of a programme (KIS edition I, a vocational course by trade).

    Announced by the partner that provides it; announced again under the same `edition_id` when it
    changes: the latest announcement stands.
    """

    type: Literal["EditionScheduled"] = "EditionScheduled"
    version: Literal[1] = 1
    payload: EditionPayload


# --- clients and families -------------------------------------------------------------------------


class ClientEnrolledPayload(Contract):
    programme_id: UUID
    enrolled_on: date
    gender: Gender
    birth_year: int = Field(ge=1900, le=2100)
    disability_degree: DisabilityDegree
    registered_unemployed: bool
    household_size: int = Field(ge=1, le=30)
    replaces: Pseudonym | None = Field(
        default=None, description="Pseudonym of a client who left and whose place this one takes"
    )
    family: Pseudonym | None = Field(
        default=None, description="The family's pseudonym, where the client is enrolled with it"
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
    members: tuple[Pseudonym, ...] = Field(min_length=1, max_length=30)
    programme_id: UUID
    enrolled_on: date

    @model_validator(mode="after")
    def _members_once(self) -> FamilyEnrolledPayload:
        if len(set(self.members)) != len(self.members):
            raise ValueError("a member is listed twice")
        return self


class FamilyEnrolled(ClientEvent):
    """A family joined a programme as a unit; `client` is the member who signed for it.

    The family's pseudonym is derived from that member's PESEL, so every partner derives the same.
    """

    type: Literal["FamilyEnrolled"] = "FamilyEnrolled"
    version: Literal[1] = 1
    payload: FamilyEnrolledPayload


class FamilyExitedPayload(Contract):
    family: Pseudonym
    reason: ExitReason
    exited_on: date


class FamilyExited(ClientEvent):
    """A family left the programme (`completed` when it finished it)."""

    type: Literal["FamilyExited"] = "FamilyExited"
    version: Literal[1] = 1
    payload: FamilyExitedPayload


class ConsentWithdrawnPayload(Contract):
    withdrawn_on: date


class ConsentWithdrawn(ClientEvent):
    """The client withdrew consent: the node announces nothing more about them."""

    type: Literal["ConsentWithdrawn"] = "ConsentWithdrawn"
    version: Literal[1] = 1
    payload: ConsentWithdrawnPayload


class ClientErasedPayload(Contract):
    erased_on: date


class ClientErased(ClientEvent):
    """The node erased the client's personal data; pseudonymous facts stay for statistics."""

    type: Literal["ClientErased"] = "ClientErased"
    version: Literal[1] = 1
    payload: ClientErasedPayload


# --- plans, contracts and referrals --------------------------------------------------------------

ActionKind = ActivityKind | SpecialistRole | Outcome
"""What a plan action or a referral is for: an activity, a specialist's service, an outcome."""


class PlannedAction(Contract):
    action_id: UUID
    partner: PartnerId
    kind: ActionKind
    target_on: date


class SupportPlanPayload(Contract):
    plan_id: UUID
    revision: int = Field(ge=1)
    agreed_on: date
    team_meeting_on: date = Field(
        description="The meeting of the team of specialists (zespół specjalistów) that agreed it"
    )
    family: Pseudonym | None = None
    actions: tuple[PlannedAction, ...] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _actions_once(self) -> SupportPlanPayload:
        if len({action.action_id for action in self.actions}) != len(self.actions):
            raise ValueError("an action is listed twice")
        return self


class SupportPlanAgreed(ClientEvent):
    """An individual support plan (IPW, indywidualny plan wsparcia) was agreed."""

    type: Literal["SupportPlanAgreed"] = "SupportPlanAgreed"
    version: Literal[1] = 1
    payload: SupportPlanPayload


class SupportPlanRevised(ClientEvent):
    """A revision of a plan: the actions as the team agreed them anew (the latest stands)."""

    type: Literal["SupportPlanRevised"] = "SupportPlanRevised"
    version: Literal[1] = 1
    payload: SupportPlanPayload


class ContractObligation(Contract):
    party: Party
    obligation: Obligation


class ContractSignedPayload(Contract):
    contract_id: UUID
    kind: ContractKind
    signed_on: date
    ends_on: date | None = None
    family: Pseudonym | None = None
    parties: tuple[Party, ...] = Field(min_length=2, max_length=5)
    obligations: tuple[ContractObligation, ...] = Field(default=(), max_length=50)

    @model_validator(mode="after")
    def _parties_fit_the_kind(self) -> ContractSignedPayload:
        parties = set(self.parties)
        if len(parties) != len(self.parties):
            raise ValueError("a party is listed twice")
        if self.ends_on is not None and self.ends_on < self.signed_on:
            raise ValueError("ends_on is before signed_on")
        if self.kind is ContractKind.TRIPARTITE_FAMILY_CONTRACT:
            if not {Party.FAMILY, Party.PUP, Party.OPS} <= parties or self.family is None:
                raise ValueError("a tripartite family contract binds the family, PUP and OPS")
        elif Party.CLIENT not in parties:
            raise ValueError("a social contract binds the client")
        for item in self.obligations:
            if item.party not in parties:
                raise ValueError(f"an obligation of {item.party}, who is not a party")
        return self


class ContractSigned(ClientEvent):
    """A social contract or a tripartite family contract (family, PUP, OPS) was signed."""

    type: Literal["ContractSigned"] = "ContractSigned"
    version: Literal[1] = 1
    payload: ContractSignedPayload


class ReferralMadePayload(Contract):
    referral_id: UUID
    to_partner: PartnerId
    service_kind: ActivityKind | SpecialistRole
    made_on: date
    consent_on: date = Field(
        description="The day the client consented to sharing with the partner referred to"
    )
    plan_action_id: UUID | None = None


class ReferralMade(ClientEvent):
    """The source partner referred the client to another partner for a kind of service."""

    type: Literal["ReferralMade"] = "ReferralMade"
    version: Literal[1] = 1
    payload: ReferralMadePayload


class ReferralAnswerPayload(Contract):
    referral_id: UUID
    referring_partner: PartnerId
    answered_on: date


class ReferralAccepted(ClientEvent):
    type: Literal["ReferralAccepted"] = "ReferralAccepted"
    version: Literal[1] = 1
    payload: ReferralAnswerPayload


class ReferralDeclinedPayload(ReferralAnswerPayload):
    reason: DeclineReason


class ReferralDeclined(ClientEvent):
    type: Literal["ReferralDeclined"] = "ReferralDeclined"
    version: Literal[1] = 1
    payload: ReferralDeclinedPayload


class ReferralCompleted(ClientEvent):
    type: Literal["ReferralCompleted"] = "ReferralCompleted"
    version: Literal[1] = 1
    payload: ReferralAnswerPayload


# --- coordination: duplicated services, conflicting facts ----------------------------------------


def _a_pair(partners: tuple[str, str]) -> tuple[str, str]:
    if not partners[0] < partners[1]:
        raise ValueError("two different partners, in alphabetical order")
    return partners


Partners = Annotated[tuple[PartnerId, PartnerId], AfterValidator(_a_pair)]
"""Two partners, in alphabetical order, so that either of them names the pair the same way."""


class OverlapFoundPayload(Contract):
    overlap_id: UUID = Field(
        description=(
            "The same for one client, kind and pair of partners, whichever partner finds it: "
            "count distinct ids"
        )
    )
    kind: ActivityKind | SpecialistRole
    partners: Partners
    since: date = Field(description="The first day both partners give it")


class OverlapFound(ClientEvent):
    """Two partners give one client the same kind of service or activity in overlapping periods
    (dublowanie usług): two vocational counsellors, two psychologists.

    Announced by the partner that finds it (recording or planning its own, or learning of the
    other's); both may, under the same `overlap_id`.
    """

    type: Literal["OverlapFound"] = "OverlapFound"
    version: Literal[1] = 1
    payload: OverlapFoundPayload


class DataConflictFoundPayload(Contract):
    conflict_id: UUID = Field(
        description=(
            "The same for one client, fact and pair of partners, whichever partner finds it: "
            "count distinct ids"
        )
    )
    fact: ClientFact
    partners: Partners
    since: date = Field(description="The later of the two partners' enrolment days")


class DataConflictFound(ClientEvent):
    """Two partners hold different facts about one person (one pseudonym): a different gender,
    birth year or disability degree. Each partner finds it on the other's enrolment; both may
    announce it, under the same `conflict_id`."""

    type: Literal["DataConflictFound"] = "DataConflictFound"
    version: Literal[1] = 1
    payload: DataConflictFoundPayload


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
    programme_id: UUID | None = None
    edition_id: UUID | None = Field(
        default=None, description="The edition or course (its trade, label and provider)"
    )


class ActivityStarted(ClientEvent):
    """A client began an activity: staż, szkolenie, PSU, KIS, PAL, warsztaty, wolontariat…"""

    type: Literal["ActivityStarted"] = "ActivityStarted"
    version: Literal[1] = 1
    payload: ActivityStartedPayload


class ActivityEndedPayload(Contract):
    activity_id: UUID
    kind: ActivityKind
    ended_on: date


class ActivityCompletedPayload(ActivityEndedPayload):
    qualification_gained: bool = Field(
        default=False, description="The client gained a qualification (a certificate, a licence)"
    )


class ActivityCompleted(ClientEvent):
    type: Literal["ActivityCompleted"] = "ActivityCompleted"
    version: Literal[1] = 1
    payload: ActivityCompletedPayload


class ActivityAbandoned(ClientEvent):
    type: Literal["ActivityAbandoned"] = "ActivityAbandoned"
    version: Literal[1] = 1
    payload: ActivityEndedPayload


# --- outcomes ------------------------------------------------------------------------------------

WorkingTime = Annotated[Decimal, Field(gt=0, le=1, max_digits=4, decimal_places=3)]
"""A share of full time (etat): 1, 0.5, 0.75…"""


class EmploymentStartedPayloadV1(Contract):
    employment_id: UUID
    contract_type: ContractType
    employer_kind: EmployerKind
    open_labour_market: bool
    working_time: WorkingTime
    started_on: date


class EmploymentStartedV1(ClientEvent):
    """Version 1: a job taken, without the contract's planned end (read as version 2)."""

    type: Literal["EmploymentStarted"] = "EmploymentStarted"
    version: Literal[1] = 1
    payload: EmploymentStartedPayloadV1


class EmploymentStartedPayload(EmploymentStartedPayloadV1):
    ends_on: date | None = Field(
        default=None,
        description="The contract's planned end; none for a contract for an indefinite period",
    )

    @model_validator(mode="after")
    def _end_fits_the_contract(self) -> EmploymentStartedPayload:
        if self.ends_on is None:
            return self
        if self.contract_type is ContractType.EMPLOYMENT_INDEFINITE:
            raise ValueError("a contract for an indefinite period has no planned end")
        if self.ends_on < self.started_on:
            raise ValueError("ends_on is before started_on")
        return self

    @property
    def duration(self) -> EmploymentDuration:
        return employment_duration(self.contract_type, self.started_on, self.ends_on)


class EmploymentStarted(ClientEvent):
    """A client took a job (podjęcie zatrudnienia), with the contract's planned end."""

    type: Literal["EmploymentStarted"] = "EmploymentStarted"
    version: Literal[2] = 2
    payload: EmploymentStartedPayload


def employment_duration(
    contract_type: ContractType, started_on: date, ends_on: date | None
) -> EmploymentDuration:
    """Up to 12 months, over 12 months (the end later than a year after the start), indefinite."""
    if contract_type is ContractType.EMPLOYMENT_INDEFINITE:
        return EmploymentDuration.INDEFINITE
    if ends_on is None:
        return EmploymentDuration.UNSPECIFIED
    try:
        year_later = started_on.replace(year=started_on.year + 1)
    except ValueError:  # 29 February
        year_later = date(started_on.year + 1, 3, 1)
    if ends_on >= year_later:
        return EmploymentDuration.OVER_12_MONTHS
    return EmploymentDuration.UP_TO_12_MONTHS


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
    contract_type: ContractType
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
    decision_id: UUID | None = Field(
        default=None, description="The benefit decision the payment follows (decyzja), if any"
    )

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


# --- corrections ---------------------------------------------------------------------------------

CorrectedValue = str | int | bool | None
"""A corrected payload field as JSON: dates and decimals as strings."""

CORRECTABLE: dict[str, frozenset[str]] = {
    "ClientEnrolled": frozenset({"enrolled_on", "registered_unemployed", "household_size"}),
    "ClientExited": frozenset({"reason", "exited_on"}),
    "FamilyEnrolled": frozenset({"enrolled_on"}),
    "FamilyExited": frozenset({"reason", "exited_on"}),
    "ServiceDelivered": frozenset({"role", "hours", "delivered_on", "participants"}),
    "ActivityStarted": frozenset({"started_on", "edition_id"}),
    "ActivityCompleted": frozenset({"ended_on", "qualification_gained"}),
    "ActivityAbandoned": frozenset({"ended_on"}),
    "EmploymentStarted": frozenset(
        {
            "contract_type",
            "employer_kind",
            "open_labour_market",
            "working_time",
            "started_on",
            "ends_on",
        }
    ),
    "EmploymentEnded": frozenset({"ended_on"}),
    "EmploymentRetained": frozenset({"checked_on", "months_since_start"}),
    "BenefitPaid": frozenset({"basis", "amount", "paid_on", "period_from", "period_to"}),
    "ContractSigned": frozenset({"signed_on", "ends_on"}),
}
"""Which payload fields of which events a correction may change; the rest are identity."""

WITHDRAWABLE = frozenset(CORRECTABLE)
"""Events whose record may be withdrawn (a withdrawn record counts nowhere)."""


class RecordCorrectedPayload(Contract):
    original_event_id: UUID
    original_type: str
    changes: dict[str, CorrectedValue] = Field(min_length=1, max_length=20)
    reason: CorrectionReason

    @model_validator(mode="after")
    def _changes_are_correctable(self) -> RecordCorrectedPayload:
        allowed = CORRECTABLE.get(self.original_type)
        if allowed is None:
            raise ValueError(f"a {self.original_type!r} cannot be corrected")
        unknown = sorted(set(self.changes) - allowed)
        if unknown:
            raise ValueError(f"{', '.join(unknown)} of a {self.original_type} cannot be corrected")
        return self


class RecordCorrected(EventBase):
    """Staff corrected a record: the original event's payload with `changes` applied stands.

    Corrections of one original apply in `seq` order, each on top of the ones before; the original
    event itself is never changed. `client` is the original's.
    """

    type: Literal["RecordCorrected"] = "RecordCorrected"
    version: Literal[1] = 1
    payload: RecordCorrectedPayload


class RecordWithdrawnPayload(Contract):
    original_event_id: UUID
    original_type: str
    reason: CorrectionReason

    @model_validator(mode="after")
    def _withdrawable(self) -> RecordWithdrawnPayload:
        if self.original_type not in WITHDRAWABLE:
            raise ValueError(f"a {self.original_type!r} cannot be withdrawn")
        return self


class RecordWithdrawn(EventBase):
    """Staff withdrew a record made in error: the original event counts nowhere any more."""

    type: Literal["RecordWithdrawn"] = "RecordWithdrawn"
    version: Literal[1] = 1
    payload: RecordWithdrawnPayload


EVENT_CLASSES: tuple[type[EventBase], ...] = (
    ProgrammeDefined,
    EditionScheduled,
    ClientEnrolled,
    ClientExited,
    FamilyEnrolled,
    FamilyExited,
    ConsentWithdrawn,
    ClientErased,
    SupportPlanAgreed,
    SupportPlanRevised,
    ContractSigned,
    ReferralMade,
    ReferralAccepted,
    ReferralDeclined,
    ReferralCompleted,
    OverlapFound,
    DataConflictFound,
    ServiceDelivered,
    ActivityStarted,
    ActivityCompleted,
    ActivityAbandoned,
    EmploymentStartedV1,
    EmploymentStarted,
    EmploymentEnded,
    EmploymentRetained,
    BenefitPaid,
    RecordCorrected,
    RecordWithdrawn,
)
