"""The partnership agreement (umowa współpracy partnerskiej), as the nodes read it.

It names the partners and what the partnership assigned to each of them (which activities a partner
runs, on which bases it pays, which contracts it signs), the plausibility limits staff are held to,
and how partners coordinate. Every node of a partnership reads the same file
(`PARTNERSHIP_AGREEMENT_FILE`, TOML); where it is silent, each partner's own profile (the
defaults of its kind of institution) stands.

```toml
[[partners]]
id = "ops"
kind = "ops"
name = "Miejski Ośrodek Pomocy Społecznej w Bartoszycach"
activity_kinds = ["kis", "pal", "psu", "training"]   # MOPS organised vocational courses too

[coordination]
referral_answer_days = 14
share_amounts = false          # other partners' payments show on a timeline without amounts

[limits]
hours_per_session = "8"
payment_amount = "10000.00"
payment_amount_by_basis = { internship_stipend = "2500.00" }
```
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from partnership_shared.events.models import Hours, Money, PartnerId
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

Days = Annotated[int, Field(ge=1, le=365)]


class Terms(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PartnerTerms(Terms):
    """One partner as the agreement names it; unset lists leave the partner's defaults."""

    id: PartnerId
    kind: PartnerKind
    name: str | None = Field(default=None, max_length=200)
    activity_kinds: frozenset[ActivityKind] | None = None
    payment_bases: frozenset[PaymentBasis] | None = None
    contract_kinds: frozenset[ContractKind] | None = None


class Limits(Terms):
    """What a record may say before staff must confirm it is meant (with a reason)."""

    hours_per_session: Hours = Decimal(10)
    hours_per_client_day: Hours = Decimal(12)
    payment_amount: Money = Decimal(10_000)
    payment_amount_by_basis: dict[PaymentBasis, Money] = Field(default_factory=dict)

    def payment_limit(self, basis: PaymentBasis) -> Decimal:
        return self.payment_amount_by_basis.get(basis, self.payment_amount)


class Coordination(Terms):
    """How partners work together on shared clients."""

    referral_answer_days: Days = 14
    """A referral not answered within this many days is overdue, on both sides."""
    share_amounts: bool = False
    """Whether a partner's timeline shows the amounts other partners paid a client (else the
    payment shows as a fact: who paid, on which basis, when)."""
    overlap_days: Days = 30
    """How long after a specialist's session the partner still counts as giving that service:
    another partner's session of the same kind within it duplicates it."""


DEFAULT_PARTNERS = (
    PartnerTerms(id="pup", kind=PartnerKind.PUP),
    PartnerTerms(id="ops", kind=PartnerKind.OPS),
    PartnerTerms(id="ngo", kind=PartnerKind.NGO),
)


class PartnershipAgreement(Terms):
    partners: tuple[PartnerTerms, ...] = DEFAULT_PARTNERS
    limits: Limits = Limits()
    coordination: Coordination = Coordination()

    @model_validator(mode="after")
    def _partners_once(self) -> PartnershipAgreement:
        ids = [partner.id for partner in self.partners]
        if len(set(ids)) != len(ids):
            raise ValueError("a partner is named twice")
        return self

    def partner(self, partner_id: str) -> PartnerTerms | None:
        return next((p for p in self.partners if p.id == partner_id), None)

    @classmethod
    def load(cls, path: Path | None) -> PartnershipAgreement:
        """The agreement in `path` (TOML), or the default one (three partners, default limits)."""
        if path is None:
            return cls()
        with path.open("rb") as handle:
            return cls.model_validate(tomllib.load(handle))
