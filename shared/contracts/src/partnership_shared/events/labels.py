"""The words people read for the identifiers events and records carry, `(Polish, English)`: the
partnership's one vocabulary, for the timeline, the workspace's pages and forms alike (staż, PSU,
zasiłek celowy…).

Events carry stable ids (`vocational_counsellor`, `internship_stipend`); a renamed label never
changes a contract. An id missing here (a newer vocabulary) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final

from partnership_shared.i18n import LANGS, Lang

Labels = Mapping[str, tuple[str, str]]

SPECIALIST_ROLES: Final[Labels] = {
    "vocational_counsellor": ("doradca zawodowy", "vocational counsellor"),
    "job_broker": ("pośrednik pracy", "job broker"),
    "internship_officer": ("pracownik ds. organizacji staży", "internship officer"),
    "psu_officer": ("pracownik ds. organizacji i rozliczania PSU", "socially useful work officer"),
    "social_worker": ("pracownik socjalny", "social worker"),
    "sociologist": ("socjolog", "sociologist"),
    "psychologist": ("psycholog", "psychologist"),
    "pedagogue": ("pedagog", "pedagogue"),
    "family_assistant": ("asystent rodziny", "family assistant"),
    "physiotherapist": ("rehabilitant", "physiotherapist"),
    "it_trainer": ("informatyk", "IT trainer"),
    "lawyer": ("prawnik", "lawyer"),
    "therapist": ("terapeuta", "therapist"),
    "other": ("inny specjalista", "other specialist"),
}

ACTIVITY_KINDS: Final[Labels] = {
    "internship": ("staż", "internship"),
    "training": ("szkolenie zawodowe", "vocational training"),
    "psu": ("prace społecznie użyteczne (PSU)", "socially useful work (PSU)"),
    "kis": ("Klub Integracji Społecznej (KIS)", "Social Integration Club (KIS)"),
    "pal": ("Program Aktywności Lokalnej (PAL)", "Local Activity Programme (PAL)"),
    "workshop": ("warsztaty", "workshops"),
    "volunteering": ("wolontariat", "volunteering"),
    "medical_exam": ("badania lekarskie", "medical examinations"),
}

OUTCOMES: Final[Labels] = {
    "employment": ("podjęcie zatrudnienia", "taking a job"),
    "employment_retained": ("utrzymanie zatrudnienia", "keeping the job"),
}

PAYMENT_BASES: Final[Labels] = {
    "social_assistance": ("zasiłek z pomocy społecznej", "social assistance benefit"),
    "housing_allowance": ("dodatek mieszkaniowy", "housing allowance"),
    "family_benefits": ("świadczenie rodzinne", "family benefit"),
    "maintenance_fund": ("fundusz alimentacyjny", "maintenance fund"),
    "psu_compensation": ("świadczenie za PSU", "socially useful work compensation"),
    "medical_exam_cost": ("koszt badań lekarskich", "medical examination cost"),
    "training_cost": ("koszt kursu zawodowego", "vocational course cost"),
    "internship_stipend": ("stypendium stażowe", "internship stipend"),
    "training_stipend": ("stypendium szkoleniowe", "training stipend"),
    "other": ("inne świadczenie", "other payment"),
}

CONTRACT_TYPES: Final[Labels] = {
    "employment_indefinite": ("umowa o pracę na czas nieokreślony", "indefinite employment"),
    "employment_fixed_term": ("umowa o pracę na czas określony", "fixed-term employment"),
    "employment_trial": ("umowa o pracę na okres próbny", "trial employment"),
    "mandate": ("umowa zlecenie", "contract of mandate"),
    "specific_work": ("umowa o dzieło", "contract for specific work"),
    "self_employment": ("działalność gospodarcza", "self-employment"),
}

CONTRACT_KINDS: Final[Labels] = {
    "social_contract": ("kontrakt socjalny", "social contract"),
    "tripartite_family_contract": ("trójstronny kontrakt rodzinny", "tripartite family contract"),
}

EXIT_REASONS: Final[Labels] = {
    "completed": ("ukończenie udziału", "completed"),
    "dropped_out": ("przerwanie udziału", "dropped out"),
    "moved": ("zmiana miejsca zamieszkania", "moved away"),
    "other": ("inny powód", "other reason"),
}

DECLINE_REASONS: Final[Labels] = {
    "no_capacity": ("brak miejsc lub specjalisty", "no place or specialist"),
    "not_eligible": ("klient nie spełnia warunków", "the client is not eligible"),
    "client_refused": ("klient odmówił", "the client refused"),
    "duplicate": ("usługa jest już udzielana", "the service is already given"),
    "other": ("inny powód", "other reason"),
}

CLIENT_FACTS: Final[Labels] = {
    "gender": ("płeć", "gender"),
    "birth_year": ("rok urodzenia", "year of birth"),
    "disability_degree": ("stopień niepełnosprawności", "degree of disability"),
}

GENDERS: Final[Labels] = {"female": ("kobieta", "woman"), "male": ("mężczyzna", "man")}

DISABILITY_DEGREES: Final[Labels] = {
    "none": ("bez orzeczenia", "no certificate"),
    "light": ("stopień lekki", "light degree"),
    "moderate": ("stopień umiarkowany", "moderate degree"),
    "severe": ("stopień znaczny", "severe degree"),
}

ACTIVITY_OUTCOMES: Final[Labels] = {
    "completed": ("ukończona", "completed"),
    "abandoned": ("przerwana", "abandoned"),
}

EMPLOYER_KINDS: Final[Labels] = {
    "private": ("pracodawca prywatny", "private employer"),
    "public": ("instytucja publiczna", "public institution"),
    "ngo": ("organizacja pozarządowa", "NGO"),
    "social_economy": ("podmiot ekonomii społecznej", "social economy entity"),
    "self": ("własna działalność", "self-employed"),
}

CONTRACT_PARTIES: Final[Labels] = {
    "client": ("klient", "client"),
    "family": ("rodzina", "family"),
    "pup": ("PUP", "PUP"),
    "ops": ("OPS", "OPS"),
    "ngo": ("NGO", "NGO"),
}

OBLIGATIONS: Final[Labels] = {
    "job_search": ("aktywne poszukiwanie pracy", "active job search"),
    "training": ("udział w szkoleniu", "taking part in training"),
    "internship": ("odbycie stażu", "completing an internship"),
    "counselling": ("udział w poradnictwie", "taking part in counselling"),
    "therapy": ("terapia, leczenie uzależnień", "therapy, addiction treatment"),
    "school_attendance": ("realizacja obowiązku szkolnego dzieci", "children's schooling"),
    "household_budget": ("gospodarowanie budżetem domowym", "managing the household budget"),
    "social_work": ("praca socjalna z rodziną", "social work with the family"),
    "family_assistance": ("wsparcie asystenta rodziny", "a family assistant's support"),
    "financial_support": ("świadczenia i zasiłki", "benefits and allowances"),
    "job_offers": ("przedstawianie ofert pracy", "presenting job offers"),
    "activation_instrument": (
        "skierowanie na instrument rynku pracy",
        "referral to a labour-market instrument",
    ),
    "other": ("inne", "other"),
}

CORRECTION_REASONS: Final[Labels] = {
    "data_entry_error": ("błąd przy wprowadzaniu", "data entry error"),
    "duplicate": ("zapis zdublowany", "duplicate"),
    "wrong_client": ("zapis dotyczy innej osoby", "wrong client"),
    "late_information": ("nowe lub spóźnione informacje", "late information"),
    "decision_changed": ("zmiana lub uchylenie decyzji", "decision changed"),
    "other": ("inny powód", "other"),
}

RECORD_KINDS: Final[Labels] = {
    "service": ("usługa", "service"),
    "activity": ("aktywność", "activity"),
    "employment": ("zatrudnienie", "employment"),
    "payment": ("wypłata", "payment"),
    "contract": ("kontrakt", "contract"),
    "enrolment": ("zapis do programu", "enrolment"),
    "retention_check": ("utrzymanie zatrudnienia", "retention check"),
}

SERVICE_MODES: Final[Labels] = {
    "individual": ("indywidualnie", "individual"),
    "group": ("grupowo", "group"),
}

EVENT_TYPES: Final[Labels] = {
    "ClientEnrolled": ("zapis do partnerstwa", "enrolled in the partnership"),
    "ClientExited": ("zakończenie udziału", "left the partnership"),
    "FamilyEnrolled": ("zapis rodziny", "family enrolled"),
    "FamilyExited": ("zakończenie udziału rodziny", "family left"),
    "ConsentWithdrawn": ("wycofanie zgody", "consent withdrawn"),
    "ClientErased": ("usunięcie danych osobowych", "personal data erased"),
    "SupportPlanAgreed": ("indywidualny plan wsparcia", "individual support plan agreed"),
    "SupportPlanRevised": ("zmiana planu wsparcia", "support plan revised"),
    "ContractSigned": ("podpisanie kontraktu", "contract signed"),
    "ReferralMade": ("skierowanie", "referral made"),
    "ReferralAccepted": ("przyjęcie skierowania", "referral accepted"),
    "ReferralDeclined": ("odmowa przyjęcia skierowania", "referral declined"),
    "ReferralCompleted": ("realizacja skierowania", "referral completed"),
    "OverlapFound": ("dublowanie wsparcia", "duplicated support"),
    "DataConflictFound": ("rozbieżne dane osoby", "conflicting data on the person"),
    "ServiceDelivered": ("usługa specjalisty", "specialist service"),
    "ActivityStarted": ("rozpoczęcie", "started"),
    "ActivityCompleted": ("ukończenie", "completed"),
    "ActivityAbandoned": ("przerwanie", "abandoned"),
    "EmploymentStarted": ("podjęcie zatrudnienia", "employment started"),
    "EmploymentEnded": ("zakończenie zatrudnienia", "employment ended"),
    "EmploymentRetained": ("utrzymanie zatrudnienia", "employment retained"),
    "BenefitPaid": ("wypłata", "payment"),
    "RecordCorrected": ("korekta", "correction"),
    "RecordWithdrawn": ("wycofanie", "withdrawal"),
}

KINDS: Final[Labels] = {**ACTIVITY_KINDS, **SPECIALIST_ROLES, **OUTCOMES}
"""What a plan action or a referral is for (the three vocabularies share no id)."""

VOCABULARIES: Final[Mapping[str, Labels]] = {
    "gender": GENDERS,
    "disability": DISABILITY_DEGREES,
    "role": SPECIALIST_ROLES,
    "mode": SERVICE_MODES,
    "activity": ACTIVITY_KINDS,
    "outcome": ACTIVITY_OUTCOMES,
    "basis": PAYMENT_BASES,
    "contract_type": CONTRACT_TYPES,
    "employer": EMPLOYER_KINDS,
    "contract_kind": CONTRACT_KINDS,
    "party": CONTRACT_PARTIES,
    "obligation": OBLIGATIONS,
    "exit": EXIT_REASONS,
    "decline": DECLINE_REASONS,
    "correction_reason": CORRECTION_REASONS,
    "event": EVENT_TYPES,
    "record": RECORD_KINDS,
    "kind": KINDS,
    "fact": CLIENT_FACTS,
}
"""Each vocabulary by the name pages and forms use (`label("role", …)`)."""


def label(labels: Labels, value: str | Enum | None, lang: Lang) -> str:
    """The words for `value` in `lang` (the id itself where there are none)."""
    if value is None:
        return ""
    key = str(value.value if isinstance(value, Enum) else value)
    found = labels.get(key)
    return found[LANGS.index(lang)] if found else key
