"""OPS, Ośrodek Pomocy Społecznej (MOPS, GOPS; PCPR at county level): the social-welfare centre.

Social work and social contracts, benefits under the Social Assistance Act, housing allowances,
family benefits and the maintenance fund; runs the Social Integration Club (KIS), Local Activity
Programmes (PAL) and organises socially useful work (PSU).
"""

from partnership_partner.domain.scope import PartnerProfile
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

OPS = PartnerProfile(
    kind=PartnerKind.OPS,
    title="Ośrodek Pomocy Społecznej",
    activity_kinds=frozenset(
        {
            ActivityKind.PSU,
            ActivityKind.KIS,
            ActivityKind.PAL,
            ActivityKind.WORKSHOP,
            ActivityKind.VOLUNTEERING,
        }
    ),
    payment_bases=frozenset(
        {
            PaymentBasis.SOCIAL_ASSISTANCE,
            PaymentBasis.HOUSING_ALLOWANCE,
            PaymentBasis.FAMILY_BENEFITS,
            PaymentBasis.MAINTENANCE_FUND,
            PaymentBasis.PSU_COMPENSATION,
            PaymentBasis.OTHER,
        }
    ),
    contract_kinds=frozenset(
        {ContractKind.SOCIAL_CONTRACT, ContractKind.TRIPARTITE_FAMILY_CONTRACT}
    ),
)
