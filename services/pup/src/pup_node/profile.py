"""PUP, Powiatowy Urząd Pracy: the county labour office.

Registers the unemployed, brokers jobs (pośrednictwo pracy), counsels (doradztwo zawodowe) and funds
labour-market instruments: internships (staż) with their stipends, vocational trainings, socially
useful work (PSU, with the gmina) and medical examinations.
"""

from partnership_partner.domain.scope import PartnerProfile
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

PUP = PartnerProfile(
    kind=PartnerKind.PUP,
    title="Powiatowy Urząd Pracy",
    activity_kinds=frozenset(
        {
            ActivityKind.INTERNSHIP,
            ActivityKind.TRAINING,
            ActivityKind.PSU,
            ActivityKind.MEDICAL_EXAM,
        }
    ),
    payment_bases=frozenset(
        {
            PaymentBasis.INTERNSHIP_STIPEND,
            PaymentBasis.TRAINING_STIPEND,
            PaymentBasis.TRAINING_COST,
            PaymentBasis.MEDICAL_EXAM_COST,
            PaymentBasis.PSU_COMPENSATION,
            PaymentBasis.OTHER,
        }
    ),
    contract_kinds=frozenset({ContractKind.TRIPARTITE_FAMILY_CONTRACT}),
)
