"""What staff send to a partner node. Validation here names the field and the problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from partnership_shared.events.models import Hours, Money
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    DisabilityDegree,
    EmployerKind,
    ExitReason,
    Gender,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)
from partnership_shared.kernel.pseudonym import InvalidPesel, validate_pesel

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
            raise ValueError(str(error)) from None


class EnrolClient(Command):
    """Recruitment to the partnership, with the reference of the signed consent."""

    programme_id: UUID
    enrolled_on: date
    consent_ref: Text = Field(description="Reference of the signed consent to processing/sharing")
    registered_unemployed: bool = False
    household_size: int = Field(default=1, ge=1, le=30)
    replaces_client_id: UUID | None = Field(
        default=None,
        description="A client of this node who has left and whose place this one takes",
    )


class ExitClient(Command):
    reason: ExitReason
    exited_on: date


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


class StartActivity(Command):
    kind: ActivityKind
    started_on: date
    programme_id: UUID | None = None
    edition_id: UUID | None = None


class EndActivity(Command):
    outcome: str = Field(pattern="^(completed|abandoned)$")
    ended_on: date


class StartEmployment(Command):
    contract_type: ContractType
    employer_kind: EmployerKind = EmployerKind.PRIVATE
    employer_name: str | None = Field(default=None, max_length=200)
    open_labour_market: bool = True
    working_time: Decimal = Field(default=Decimal(1), gt=0, le=1, decimal_places=3)
    started_on: date
    ends_on: date | None = None


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


class SignContract(Command):
    kind: ContractKind
    signed_on: date
