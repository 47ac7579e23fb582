"""What a partner institution records: the part of the partnership's vocabulary it works with."""

from __future__ import annotations

from dataclasses import dataclass

from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)


@dataclass(frozen=True)
class PartnerProfile:
    """A partner node's scope: which activities it runs and on which bases it pays clients."""

    kind: PartnerKind
    title: str
    activity_kinds: frozenset[ActivityKind]
    payment_bases: frozenset[PaymentBasis]
    contract_kinds: frozenset[ContractKind]
    records_employment: bool = True

    @property
    def name(self) -> str:
        return self.kind.value.upper()
