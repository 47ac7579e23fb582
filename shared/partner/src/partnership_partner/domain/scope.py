"""What a partner node records: its kind's defaults, as the partnership agreement may set them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from partnership_shared.agreement import PartnershipAgreement
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

T = TypeVar("T")


@dataclass(frozen=True)
class PartnerProfile:
    """The defaults of a kind of institution: the activities it runs, the bases it pays on, the
    contracts it signs. Each partner service defines its own."""

    kind: PartnerKind
    title: str
    activity_kinds: frozenset[ActivityKind]
    payment_bases: frozenset[PaymentBasis]
    contract_kinds: frozenset[ContractKind]
    records_employment: bool = True

    @property
    def name(self) -> str:
        return self.kind.value.upper()


@dataclass(frozen=True)
class Scope:
    """What this partner records in this partnership: the agreement's terms over the defaults."""

    partner_id: str
    kind: PartnerKind
    title: str
    activity_kinds: frozenset[ActivityKind]
    payment_bases: frozenset[PaymentBasis]
    contract_kinds: frozenset[ContractKind]
    records_employment: bool

    @property
    def name(self) -> str:
        return self.kind.value.upper()

    @classmethod
    def of(cls, profile: PartnerProfile, partner_id: str, agreement: PartnershipAgreement) -> Scope:
        terms = agreement.partner(partner_id)
        return cls(
            partner_id=partner_id,
            kind=profile.kind,
            title=(terms.name if terms and terms.name else profile.title),
            activity_kinds=_or(terms.activity_kinds if terms else None, profile.activity_kinds),
            payment_bases=_or(terms.payment_bases if terms else None, profile.payment_bases),
            contract_kinds=_or(terms.contract_kinds if terms else None, profile.contract_kinds),
            records_employment=profile.records_employment,
        )


def _or(agreed: frozenset[T] | None, default: frozenset[T]) -> frozenset[T]:
    return default if agreed is None else agreed


def partner_name(agreement: PartnershipAgreement, partner_id: str) -> str:
    """A partner as people read it: the agreement's name, or its kind in capitals (an id the
    agreement does not name, as it is)."""
    terms = agreement.partner(partner_id)
    if terms is None:
        return partner_id
    return terms.name or terms.kind.value.upper()
