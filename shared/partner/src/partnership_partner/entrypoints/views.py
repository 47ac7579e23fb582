"""What the API answers, declared so `/docs` documents every answer.

Money and hours are decimal strings to the grosz and the hundredth of an hour. A client's pseudonym
is never shown to staff: it is for events only.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PlainSerializer

from partnership_partner.domain.consent import ConsentScope, LegalBasis
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    CorrectionReason,
    DisabilityDegree,
    EmployerKind,
    ExitReason,
    FundingSource,
    Gender,
    Obligation,
    Party,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)

Cents = Annotated[
    Decimal, PlainSerializer(lambda v: str(Decimal(v).quantize(Decimal("0.01"))), return_type=str)
]
"""Money or hours, written with two decimals (`604.00`, `1.50`)."""

T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class WarningOut(BaseModel):
    """The record was kept; staff are told what it duplicates or contradicts, and with whom."""

    kind: Literal["overlap", "conflict"]
    partner_id: str
    partner: str
    subject: str
    since: date
    message: str


class EnrolmentOut(Out):
    programme_id: str
    enrolled_on: date
    consent_ref: str
    registered_unemployed: bool
    household_size: int
    replaces_client_id: str | None
    family_id: str | None
    exited_on: date | None
    exit_reason: ExitReason | None
    withdrawn: bool


class ClientOut(Out):
    """A client as staff see them; once erased, the personal data are empty (`erased_on`)."""

    id: str
    pesel: str | None
    first_name: str | None
    last_name: str | None
    gender: Gender
    birth_date: date | None
    disability_degree: DisabilityDegree
    address: str | None
    phone: str | None
    registered_at: datetime
    erased_on: date | None = None
    enrolment: EnrolmentOut | None = None
    warnings: list[WarningOut] = []


class ConsentOut(Out):
    """The consent standing for a client: since when, for what, on what basis, withdrawn when."""

    client_id: str
    given_on: date
    scope: list[ConsentScope]
    legal_basis: LegalBasis
    document_ref: str
    withdrawn_on: date | None


class RetentionOut(BaseModel):
    """What a run of the retention rules did: whose personal data it erased, and how many
    answers kept for repeated requests it dropped."""

    erased_client_ids: list[str]
    answers_dropped: int


class FundingOut(Out):
    total: Cents
    co_financing: Cents
    co_financing_source: FundingSource
    own_contribution: Cents


class ProgrammeOut(Out):
    id: str
    code: str
    name: str
    starts_on: date
    ends_on: date
    lead_partner: str
    owner: str
    funding: FundingOut | None


class EditionOut(Out):
    id: str
    programme_id: str
    kind: ActivityKind
    label: str
    trade: str | None
    starts_on: date
    ends_on: date
    provider: str
    capacity: int


class FamilyOut(Out):
    id: str
    head_client_id: str
    member_ids: list[str]
    programme_id: str
    enrolled_on: date
    exited_on: date | None
    exit_reason: ExitReason | None
    withdrawn: bool


class ServiceOut(Out):
    id: str
    role: SpecialistRole
    mode: ServiceMode
    hours: Cents
    delivered_on: date
    participants: int
    client_ids: list[str]
    note: str | None
    confirmation: str | None
    recorded_at: datetime
    withdrawn: bool
    warnings: list[WarningOut] = []


class ActivityOut(Out):
    id: str
    client_id: str
    kind: ActivityKind
    started_on: date
    programme_id: str | None
    edition_id: str | None
    ended_on: date | None
    outcome: str | None
    qualification_gained: bool
    withdrawn: bool
    warnings: list[WarningOut] = []


class EmploymentOut(Out):
    id: str
    client_id: str
    contract_type: ContractType
    employer_kind: EmployerKind
    employer_name: str | None
    open_labour_market: bool
    working_time: Decimal
    started_on: date
    ends_on: date | None
    ended_on: date | None
    withdrawn: bool


class RetentionCheckOut(Out):
    id: str
    employment_id: str
    checked_on: date
    months_since_start: int
    withdrawn: bool


class PaymentOut(Out):
    id: str
    client_id: str
    basis: PaymentBasis
    amount: Cents
    paid_on: date
    period_from: date | None
    period_to: date | None
    decision_id: str | None
    confirmation: str | None
    withdrawn: bool


class TermOut(Out):
    party: Party
    obligation: Obligation
    description: str | None


class ContractOut(Out):
    id: str
    client_id: str
    kind: ContractKind
    signed_on: date
    ends_on: date | None
    family_id: str | None
    parties: list[Party]
    obligations: list[TermOut]
    withdrawn: bool


class ChangeOut(Out):
    """One entry of a record's history: what changed (before, after), who, when and why."""

    action: str
    changes: dict[str, list[Any]]
    reason: str
    reason_kind: CorrectionReason
    confirmation: str | None
    actor: str
    at: datetime


class HistoryOut(BaseModel):
    record_kind: str
    record_id: str
    changes: list[ChangeOut]


class Changed(BaseModel, Generic[T]):
    """A corrected or withdrawn record, and the entry its change added to its history."""

    record: T
    change: ChangeOut


class PageOut(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]


def change_out(change: Any) -> ChangeOut:
    return ChangeOut(
        action=change.action,
        changes={name: [old, new] for name, (old, new) in change.changes.items()},
        reason=change.reason,
        reason_kind=change.reason_kind,
        confirmation=change.confirmation,
        actor=change.actor,
        at=change.at,
    )
