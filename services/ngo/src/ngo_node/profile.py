"""NGO, organizacja pozarządowa: e.g. an association for the integration of disabled people.

Psychologists, vocational counsellors, rehabilitation, IT and craft workshops, vocational courses,
volunteering agreements and integration events; it may cover the costs of courses and medical
examinations.
"""

from partnership_partner.domain.scope import PartnerProfile
from partnership_shared.events.vocabulary import (
    ActivityKind,
    PartnerKind,
    PaymentBasis,
)

NGO = PartnerProfile(
    kind=PartnerKind.NGO,
    title="Organizacja pozarządowa",
    activity_kinds=frozenset(
        {
            ActivityKind.TRAINING,
            ActivityKind.WORKSHOP,
            ActivityKind.VOLUNTEERING,
            ActivityKind.MEDICAL_EXAM,
            ActivityKind.KIS,
        }
    ),
    payment_bases=frozenset(
        {PaymentBasis.TRAINING_COST, PaymentBasis.MEDICAL_EXAM_COST, PaymentBasis.OTHER}
    ),
    contract_kinds=frozenset(),
)
