"""Benefit decisions (decyzje administracyjne): a benefit granted under its legal basis, a monthly
amount for a period; payments follow a decision, within its period and up to its amount.

A social contract (kontrakt socjalny) between the client and the centre lasts until an agreed
date and binds both: at least one obligation of the client and one of the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from partnership_partner.domain.errors import ConfirmationNeeded, Conflict, Rejected
from partnership_partner.domain.model import Contract
from partnership_shared.events.vocabulary import ContractKind, Party, PaymentBasis

DECIDED_BASES = frozenset(
    {
        PaymentBasis.SOCIAL_ASSISTANCE,
        PaymentBasis.HOUSING_ALLOWANCE,
        PaymentBasis.FAMILY_BENEFITS,
        PaymentBasis.MAINTENANCE_FUND,
    }
)
"""The bases the centre pays by administrative decision."""


@dataclass
class BenefitDecision:
    id: str
    client_id: str
    basis: PaymentBasis
    monthly_amount: Decimal
    period_from: date
    period_to: date
    decided_on: date
    reference: str | None = None
    """The decision's number in the centre's register (stays in this node)."""
    revoked_on: date | None = None


def check_decision(decision: BenefitDecision) -> None:
    if decision.basis not in DECIDED_BASES:
        raise Rejected("basis", "decision.basis", basis=decision.basis)
    if decision.period_to < decision.period_from:
        raise Rejected("period_to", "period.reversed", other="period_from")


def check_payment(
    decision: BenefitDecision,
    amount: Decimal,
    period_from: date,
    period_to: date,
    confirmation: str | None,
) -> None:
    """A payment under a decision: a period within the decision's, up to its monthly amount."""
    if decision.revoked_on is not None and period_from >= decision.revoked_on:
        raise Conflict("decision_id", "decision.revoked", end_date=decision.revoked_on)
    if period_from < decision.period_from or period_to > decision.period_to:
        raise Rejected(
            "period_from",
            "decision.outside_period",
            start_date=decision.period_from,
            end_date=decision.period_to,
        )
    if amount > decision.monthly_amount and not confirmation:
        raise ConfirmationNeeded(
            "amount",
            "decision.amount",
            value_money=amount,
            limit_money=decision.monthly_amount,
        )


def check_social_contract(contract: Contract) -> None:
    if contract.kind is not ContractKind.SOCIAL_CONTRACT:
        return
    if contract.ends_on is None:
        raise Rejected("ends_on", "social_contract.no_end")
    parties = {term.party for term in contract.obligations}
    if Party.CLIENT not in parties or Party.OPS not in parties:
        raise Rejected("obligations", "social_contract.obligations")
