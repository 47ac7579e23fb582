"""What a partner node keeps: its clients and the records of the work done for them.

Plain objects, no I/O. Each record remembers the event that announced it (`event_id`), so that a
correction or a withdrawal can refer to it; a withdrawn record stays, marked, with its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from partnership_shared.events.models import Funding
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    CorrectionReason,
    DisabilityDegree,
    EmployerKind,
    ExitReason,
    Gender,
    Obligation,
    Party,
    PaymentBasis,
    ServiceMode,
    SpecialistRole,
)


@dataclass
class Client:
    """A person the institution serves. Personal data lives here and nowhere else.

    Once erased (`erased_on`), the PESEL, names, birth date, address and phone are gone; the
    pseudonym, gender and disability degree stay with the pseudonymous facts.
    """

    id: str
    pesel: str | None
    pseudonym: str
    first_name: str | None
    last_name: str | None
    gender: Gender
    birth_date: date | None
    disability_degree: DisabilityDegree
    registered_at: datetime
    address: str | None = None
    phone: str | None = None
    erased_on: date | None = None

    def erase(self, on: date) -> None:
        """Remove the client's personal data; what is pseudonymous stays."""
        self.pesel = self.first_name = self.last_name = None
        self.birth_date = None
        self.address = self.phone = None
        self.erased_on = on


@dataclass
class Enrolment:
    """The client's participation in the partnership (rekrutacja), in one programme."""

    client_id: str
    programme_id: str
    enrolled_on: date
    consent_ref: str
    registered_unemployed: bool
    household_size: int
    event_id: str
    replaces_client_id: str | None = None
    family_id: str | None = None
    exited_on: date | None = None
    exit_reason: ExitReason | None = None
    exit_event_id: str | None = None
    withdrawn: bool = False

    def active_on(self, day: date) -> bool:
        return (
            not self.withdrawn
            and self.enrolled_on <= day
            and (self.exited_on is None or day <= self.exited_on)
        )


@dataclass
class Programme:
    """A programme (project) of the partnership; `owner` is the partner that announced it."""

    id: str
    code: str
    name: str
    starts_on: date
    ends_on: date
    lead_partner: str
    owner: str
    funding: Funding | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass
class Edition:
    """An edition or course of a programme (KIS edition I, a vocational course by trade)."""

    id: str
    programme_id: str
    kind: ActivityKind
    label: str
    starts_on: date
    ends_on: date
    provider: str
    capacity: int
    trade: str | None = None


@dataclass
class Family:
    """A family enrolled as a unit; `pseudonym` is derived from the signatory's PESEL."""

    id: str
    pseudonym: str
    head_client_id: str
    member_ids: tuple[str, ...]
    programme_id: str
    enrolled_on: date
    event_id: str
    exited_on: date | None = None
    exit_reason: ExitReason | None = None
    exit_event_id: str | None = None
    withdrawn: bool = False


@dataclass
class Service:
    """Hours of a specialist's service, individual or for a group of clients."""

    id: str
    role: SpecialistRole
    mode: ServiceMode
    hours: Decimal
    delivered_on: date
    participants: int
    client_ids: tuple[str, ...]
    event_id: str
    recorded_at: datetime
    note: str | None = None
    confirmation: str | None = None
    withdrawn: bool = False


@dataclass
class Activity:
    """A client's part in an activity: staż, szkolenie, PSU, KIS, PAL, warsztaty, wolontariat…"""

    id: str
    client_id: str
    kind: ActivityKind
    started_on: date
    event_id: str
    programme_id: str | None = None
    edition_id: str | None = None
    ended_on: date | None = None
    outcome: str | None = None  # "completed" or "abandoned"
    qualification_gained: bool = False
    end_event_id: str | None = None
    withdrawn: bool = False


@dataclass
class Employment:
    """A job the client took, with the contract's planned end (none: indefinite or not known)."""

    id: str
    client_id: str
    contract_type: ContractType
    employer_kind: EmployerKind
    open_labour_market: bool
    working_time: Decimal
    started_on: date
    event_id: str
    employer_name: str | None = None
    ends_on: date | None = None
    ended_on: date | None = None
    end_event_id: str | None = None
    withdrawn: bool = False


@dataclass
class RetentionCheck:
    """The client still held the job on `checked_on` (utrzymanie zatrudnienia)."""

    id: str
    employment_id: str
    checked_on: date
    months_since_start: int
    event_id: str
    withdrawn: bool = False


@dataclass
class Payment:
    """Money paid to the client: a benefit, a stipend or a covered cost, in PLN to the grosz."""

    id: str
    client_id: str
    basis: PaymentBasis
    amount: Decimal
    paid_on: date
    event_id: str
    period_from: date | None = None
    period_to: date | None = None
    decision_id: str | None = None
    confirmation: str | None = None
    withdrawn: bool = False


@dataclass(frozen=True)
class ContractTerm:
    """One obligation a party takes on; the description stays in this node."""

    party: Party
    obligation: Obligation
    description: str | None = None


@dataclass
class Contract:
    """A social contract or a tripartite family contract, with its parties and obligations."""

    id: str
    client_id: str
    kind: ContractKind
    signed_on: date
    parties: tuple[Party, ...]
    event_id: str
    ends_on: date | None = None
    family_id: str | None = None
    obligations: tuple[ContractTerm, ...] = ()
    withdrawn: bool = False


@dataclass
class RecordChange:
    """One entry of a record's history: a correction or a withdrawal, who, when and why."""

    id: str
    record_kind: str
    record_id: str
    action: str  # "corrected" or "withdrawn"
    changes: dict[str, tuple[object, object]]
    reason: str
    reason_kind: CorrectionReason
    actor: str
    at: datetime
    confirmation: str | None = None
    event_ids: tuple[str, ...] = field(default=())
