"""What staff send to a partner node. Validation here names the field and the problem; the rules
that need the node's records are the handlers' (`partnership_partner.service_layer.handlers`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from partnership_partner.domain.consent import ConsentScope, LegalBasis
from partnership_partner.domain.errors import Rejected
from partnership_shared.events.models import (
    Budget,
    Code,
    EditionLabel,
    Hours,
    Money,
    PartnerId,
    ShortText,
    WorkingTime,
)
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    CorrectionReason,
    DeclineReason,
    DisabilityDegree,
    EmployerKind,
    ExitReason,
    FundingSource,
    Gender,
    Obligation,
    Outcome,
    Party,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)
from partnership_shared.kernel.pseudonym import InvalidPesel, validate_pesel

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
Confirmation = Annotated[
    str | None,
    Field(
        default=None,
        description=(
            "Why a record beyond a plausibility limit, or identical to one already recorded, is "
            "meant: with it the record is accepted, and the reason is kept with it"
        ),
    ),
    StringConstraints(strip_whitespace=True, min_length=3, max_length=500),
]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- clients -------------------------------------------------------------------------------------


class RegisterClient(Command):
    """A person the institution serves; gender and birth date follow from the PESEL if omitted."""

    pesel: str = Field(examples=["44051401359"])
    first_name: Name
    last_name: Name
    disability_degree: DisabilityDegree = DisabilityDegree.NONE
    gender: Gender | None = None
    birth_date: date | None = None
    address: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=40)

    @field_validator("pesel")
    @classmethod
    def _valid_pesel(cls, value: str) -> str:
        try:
            return validate_pesel(value)
        except InvalidPesel as error:
            raise PydanticCustomError(f"pesel_{error.reason}", str(error)) from None


class ConsentTerms(Command):
    """A consent as the client signed it: when, for what, on what legal basis (GDPR)."""

    given_on: date | None = Field(
        default=None, description="The day it was given; default: the day of the enrolment"
    )
    scope: frozenset[ConsentScope] = Field(
        default=frozenset({ConsentScope.PROCESSING, ConsentScope.SHARING}),
        min_length=1,
        description="Processing in this node; sharing within the partnership (enrolment needs it)",
    )
    legal_basis: LegalBasis = Field(
        default=LegalBasis.CONSENT,
        description="Art. 6(1) and 9(2) GDPR: consent, legal_obligation, public_task, "
        "vital_interests",
    )


class RecordConsent(ConsentTerms):
    """A consent recorded on its own (before an enrolment, or renewed in other terms)."""

    given_on: date | None = None
    document_ref: Text = Field(description="Reference of the signed consent document")


class WithdrawConsent(Command):
    """The client withdraws consent: nothing more about them is announced."""

    withdrawn_on: date


class EnrolClient(Command):
    """Recruitment to a programme of the partnership, with the reference of the signed consent."""

    programme_id: UUID
    enrolled_on: date
    consent_ref: Text = Field(description="Reference of the signed consent to processing/sharing")
    consent: ConsentTerms | None = Field(
        default=None,
        description="The consent's terms; without them, the consent standing for the client, "
        "else one given on the day of the enrolment to processing and sharing (art. 6(1)(a))",
    )
    registered_unemployed: bool | None = Field(
        default=None, description="Registered as unemployed; where omitted, the node's own records"
    )
    household_size: int = Field(default=1, ge=1, le=30)
    replaces_client_id: UUID | None = Field(
        default=None,
        description="A client of this node who has left and whose place this one takes",
    )


class ExitClient(Command):
    reason: ExitReason
    exited_on: date


# --- programmes ----------------------------------------------------------------------------------


class FundingTerms(Command):
    """The budget: its total value is the co-financing plus the own contribution, to the grosz."""

    total: Budget
    co_financing: Budget
    co_financing_source: FundingSource = FundingSource.EU
    own_contribution: Budget


class DefineProgramme(Command):
    code: Code = Field(examples=["POKL.07.01.01-28-012/13"])
    name: ShortText
    starts_on: date
    ends_on: date
    lead_partner: PartnerId | None = Field(default=None, description="Default: this partner")
    funding: FundingTerms | None = None


class AmendProgramme(Command):
    """The programme's new terms; what is left out stays as it was."""

    name: ShortText | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    lead_partner: PartnerId | None = None
    funding: FundingTerms | None = None


class ScheduleEdition(Command):
    kind: ActivityKind
    label: EditionLabel = Field(examples=["I", "II", "2013/1"])
    trade: ShortText | None = Field(default=None, description="The trade a course teaches")
    starts_on: date
    ends_on: date
    capacity: int = Field(ge=1, le=1000)


# --- families ------------------------------------------------------------------------------------


class EnrolFamily(Command):
    """A family joins a programme as a unit: every member is a client of this node."""

    head_client_id: UUID = Field(description="The member who signs for the family")
    member_ids: list[UUID] = Field(
        min_length=1, max_length=30, description="Everyone, signatory too"
    )
    programme_id: UUID
    enrolled_on: date
    consent_ref: Text
    consent: ConsentTerms | None = Field(
        default=None, description="The members' consent (see the enrolment of a client)"
    )
    registered_unemployed: bool | None = None


class ExitFamily(Command):
    reason: ExitReason
    exited_on: date


# --- records -------------------------------------------------------------------------------------


class RecordService(Command):
    """Hours of a specialist's service: one client (individual) or several (group)."""

    client_ids: list[UUID] = Field(min_length=1, max_length=200)
    role: SpecialistRole
    mode: ServiceMode = ServiceMode.INDIVIDUAL
    hours: Hours
    delivered_on: date
    participants: int | None = Field(
        default=None, ge=1, le=500, description="Defaults to the number of clients"
    )
    note: str | None = Field(default=None, max_length=500)
    confirmation: Confirmation = None


class StartActivity(Command):
    kind: ActivityKind
    started_on: date
    programme_id: UUID | None = None
    edition_id: UUID | None = Field(
        default=None, description="The edition or course this partner provides"
    )


class ActivityOutcome(StrEnum):
    COMPLETED = "completed"
    ABANDONED = "abandoned"


class EndActivity(Command):
    outcome: ActivityOutcome
    ended_on: date
    qualification_gained: bool = False


class StartEmployment(Command):
    contract_type: ContractType
    employer_kind: EmployerKind = EmployerKind.PRIVATE
    employer_name: str | None = Field(default=None, max_length=200)
    open_labour_market: bool = True
    working_time: WorkingTime = Decimal(1)
    started_on: date
    ends_on: date | None = Field(
        default=None, description="The contract's planned end; none for an indefinite period"
    )


class EndEmployment(Command):
    ended_on: date


class CheckRetention(Command):
    checked_on: date


class RecordPayment(Command):
    basis: PaymentBasis
    amount: Money
    paid_on: date
    period_from: date | None = None
    period_to: date | None = None
    confirmation: Confirmation = None


class TermIn(Command):
    party: Party
    obligation: Obligation
    description: str | None = Field(default=None, max_length=500)


class SignContract(Command):
    kind: ContractKind
    signed_on: date
    ends_on: date | None = None
    family_id: UUID | None = Field(
        default=None, description="The family bound by a tripartite family contract"
    )
    parties: list[Party] | None = Field(
        default=None, description="Default: client and this partner; family, PUP and OPS"
    )
    obligations: list[TermIn] = Field(default_factory=list, max_length=50)


# --- coordination: plans and referrals -----------------------------------------------------------


def _one_of(*vocabularies: type[StrEnum]) -> BeforeValidator:
    """A kind from any of several vocabularies, refused as one field with every allowed value."""
    allowed = [kind.value for vocabulary in vocabularies for kind in vocabulary]
    expected = ", ".join(repr(value) for value in allowed)

    def parse(value: Any) -> Any:
        for vocabulary in vocabularies:
            try:
                return vocabulary(value)
            except ValueError:
                continue
        raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})

    return BeforeValidator(parse)


ActionKindIn = Annotated[
    SpecialistRole | ActivityKind | Outcome, _one_of(SpecialistRole, ActivityKind, Outcome)
]
ServiceKindIn = Annotated[SpecialistRole | ActivityKind, _one_of(SpecialistRole, ActivityKind)]


class PlannedActionIn(Command):
    """One action of a plan, assigned to one partner."""

    action_id: UUID | None = Field(
        default=None,
        description=(
            "An action of the previous revision that stays; a new action gets an id unless "
            "one is chosen (no other plan's)"
        ),
    )
    partner: PartnerId
    kind: ActionKindIn = Field(description="A specialist's service, an activity or an outcome")
    target_on: date


class AgreePlan(Command):
    """An individual support plan (IPW) agreed by the team of specialists."""

    agreed_on: date
    team_meeting_on: date | None = Field(
        default=None, description="The meeting of the team that agreed it; default: agreed_on"
    )
    family_id: UUID | None = Field(default=None, description="A family's plan, signed for by it")
    actions: list[PlannedActionIn] = Field(min_length=1, max_length=100)


class RevisePlan(Command):
    """The plan's actions as the team agreed them anew (the previous ones are kept as history)."""

    agreed_on: date
    team_meeting_on: date | None = Field(default=None, description="Default: agreed_on")
    actions: list[PlannedActionIn] = Field(min_length=1, max_length=100)


class MakeReferral(Command):
    to_partner: PartnerId
    service_kind: ServiceKindIn
    made_on: date
    consent_on: date | None = Field(
        default=None,
        description="The day the client consented to sharing with that partner (required)",
    )
    plan_action_id: UUID | None = Field(default=None, description="The plan action it serves")
    note: str | None = Field(default=None, max_length=500, description="Stays in this node")


class AcceptReferral(Command):
    answered_on: date
    person: RegisterClient | None = Field(
        default=None,
        description="Where this node does not know the person yet: their data, to register them",
    )


class DeclineReferral(Command):
    answered_on: date
    reason: DeclineReason
    note: str | None = Field(default=None, max_length=500, description="Stays in this node")


class CompleteReferral(Command):
    completed_on: date


# --- corrections ---------------------------------------------------------------------------------


class Correction(Command):
    """Fields to change (only those sent) with the reason; the record's history keeps the rest."""

    reason: Reason
    reason_kind: CorrectionReason = CorrectionReason.DATA_ENTRY_ERROR
    confirmation: Confirmation = None

    nullable: ClassVar[frozenset[str]] = frozenset()
    """Fields that may be corrected to nothing (an end date that was not agreed after all)."""

    def changes(self) -> dict[str, Any]:
        meta = set(Correction.model_fields)
        changes = {name: getattr(self, name) for name in sorted(self.model_fields_set - meta)}
        for name, value in changes.items():
            if value is None and name not in self.nullable:
                raise Rejected(name, "correction.required")
        return changes


class CorrectService(Correction):
    role: SpecialistRole | None = None
    hours: Hours | None = None
    delivered_on: date | None = None
    participants: int | None = Field(default=None, ge=1, le=500)
    note: str | None = Field(default=None, max_length=500)

    nullable = frozenset({"note"})


class CorrectActivity(Correction):
    started_on: date | None = None
    edition_id: UUID | None = None
    ended_on: date | None = None
    qualification_gained: bool | None = None

    nullable = frozenset({"edition_id"})


class CorrectEmployment(Correction):
    contract_type: ContractType | None = None
    employer_kind: EmployerKind | None = None
    employer_name: str | None = Field(default=None, max_length=200)
    open_labour_market: bool | None = None
    working_time: WorkingTime | None = None
    started_on: date | None = None
    ends_on: date | None = None
    ended_on: date | None = None

    nullable = frozenset({"employer_name", "ends_on"})


class CorrectRetention(Correction):
    checked_on: date | None = None


class CorrectPayment(Correction):
    basis: PaymentBasis | None = None
    amount: Money | None = None
    paid_on: date | None = None
    period_from: date | None = None
    period_to: date | None = None

    nullable = frozenset({"period_from", "period_to"})


class CorrectContract(Correction):
    signed_on: date | None = None
    ends_on: date | None = None

    nullable = frozenset({"ends_on"})


class CorrectEnrolment(Correction):
    enrolled_on: date | None = None
    registered_unemployed: bool | None = None
    household_size: int | None = Field(default=None, ge=1, le=30)
    consent_ref: Text | None = None
    exited_on: date | None = None
    exit_reason: ExitReason | None = None


class CorrectFamily(Correction):
    enrolled_on: date | None = None
    exited_on: date | None = None
    exit_reason: ExitReason | None = None


class Withdrawal(Command):
    """A record made in error is withdrawn: it stays, marked, and counts nowhere."""

    reason: Reason
    reason_kind: CorrectionReason = CorrectionReason.DATA_ENTRY_ERROR
