"""The words staff read for the identifiers records carry, `(Polish, English)`: the partner's own
vocabulary in Polish (staż, PSU, zasiłek celowy…). An id missing here is shown as it is."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Final

from partnership_shared.i18n import LANGS, Lang

Labels = Mapping[str, tuple[str, str]]

VOCABULARIES: Final[dict[str, Labels]] = {
    "gender": {"female": ("kobieta", "woman"), "male": ("mężczyzna", "man")},
    "disability": {
        "none": ("bez orzeczenia", "no certificate"),
        "light": ("stopień lekki", "light degree"),
        "moderate": ("stopień umiarkowany", "moderate degree"),
        "severe": ("stopień znaczny", "severe degree"),
    },
    "role": {
        "vocational_counsellor": ("doradca zawodowy", "vocational counsellor"),
        "job_broker": ("pośrednik pracy", "job broker"),
        "internship_officer": ("pracownik ds. organizacji staży", "internship officer"),
        "psu_officer": (
            "pracownik ds. organizacji i rozliczania PSU",
            "socially useful work officer",
        ),
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
    },
    "mode": {"individual": ("indywidualna", "individual"), "group": ("grupowa", "group")},
    "activity": {
        "internship": ("staż", "internship"),
        "training": ("szkolenie zawodowe", "vocational training"),
        "psu": ("prace społecznie użyteczne (PSU)", "socially useful work (PSU)"),
        "kis": ("Klub Integracji Społecznej (KIS)", "Social Integration Club (KIS)"),
        "pal": ("Program Aktywności Lokalnej (PAL)", "Local Activity Programme (PAL)"),
        "workshop": ("warsztaty", "workshops"),
        "volunteering": ("wolontariat", "volunteering"),
        "medical_exam": ("badania lekarskie", "medical examinations"),
    },
    "outcome": {
        "completed": ("ukończona", "completed"),
        "abandoned": ("przerwana", "abandoned"),
    },
    "basis": {
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
    },
    "contract_type": {
        "employment_indefinite": ("umowa o pracę na czas nieokreślony", "indefinite employment"),
        "employment_fixed_term": ("umowa o pracę na czas określony", "fixed-term employment"),
        "employment_trial": ("umowa o pracę na okres próbny", "trial employment"),
        "mandate": ("umowa zlecenie", "contract of mandate"),
        "specific_work": ("umowa o dzieło", "contract for specific work"),
        "self_employment": ("działalność gospodarcza", "self-employment"),
    },
    "employer": {
        "private": ("pracodawca prywatny", "private employer"),
        "public": ("instytucja publiczna", "public institution"),
        "ngo": ("organizacja pozarządowa", "NGO"),
        "social_economy": ("podmiot ekonomii społecznej", "social economy entity"),
        "self": ("własna działalność", "self-employed"),
    },
    "contract_kind": {
        "social_contract": ("kontrakt socjalny", "social contract"),
        "tripartite_family_contract": (
            "trójstronny kontrakt rodzinny",
            "tripartite family contract",
        ),
    },
    "party": {
        "client": ("klient", "client"),
        "family": ("rodzina", "family"),
        "pup": ("PUP", "PUP"),
        "ops": ("OPS", "OPS"),
        "ngo": ("NGO", "NGO"),
    },
    "obligation": {
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
    },
    "exit": {
        "completed": ("ukończenie udziału", "completed"),
        "dropped_out": ("przerwanie udziału", "dropped out"),
        "moved": ("zmiana miejsca zamieszkania", "moved away"),
        "other": ("inny powód", "other reason"),
    },
    "correction_reason": {
        "data_entry_error": ("błąd przy wprowadzaniu", "data entry error"),
        "duplicate": ("zapis zdublowany", "duplicate"),
        "wrong_client": ("zapis dotyczy innej osoby", "wrong client"),
        "late_information": ("nowe lub spóźnione informacje", "late information"),
        "decision_changed": ("zmiana lub uchylenie decyzji", "decision changed"),
        "other": ("inny powód", "other"),
    },
    "event": {
        "ClientEnrolled": ("zapis do programu", "enrolment"),
        "ClientExited": ("zakończenie udziału", "exit"),
        "FamilyEnrolled": ("zapis rodziny", "family enrolled"),
        "ServiceDelivered": ("usługa specjalisty", "specialist service"),
        "ActivityStarted": ("rozpoczęcie aktywności", "activity started"),
        "ActivityCompleted": ("ukończenie aktywności", "activity completed"),
        "ActivityAbandoned": ("przerwanie aktywności", "activity abandoned"),
        "EmploymentStarted": ("podjęcie zatrudnienia", "employment started"),
        "EmploymentEnded": ("zakończenie zatrudnienia", "employment ended"),
        "EmploymentRetained": ("utrzymanie zatrudnienia", "employment retained"),
        "BenefitPaid": ("wypłata", "payment"),
        "ContractSigned": ("kontrakt", "contract"),
        "RecordCorrected": ("korekta", "correction"),
        "RecordWithdrawn": ("wycofanie", "withdrawal"),
    },
    "record": {
        "service": ("usługa", "service"),
        "activity": ("aktywność", "activity"),
        "employment": ("zatrudnienie", "employment"),
        "payment": ("wypłata", "payment"),
        "contract": ("kontrakt", "contract"),
        "enrolment": ("zapis do programu", "enrolment"),
        "retention_check": ("utrzymanie zatrudnienia", "retention check"),
    },
}


def label(vocabulary: str, value: str | Enum | None, lang: Lang) -> str:
    """The words for `value` in `lang` (the id itself where there are none)."""
    if value is None:
        return ""
    key = str(value.value if isinstance(value, Enum) else value)
    found = VOCABULARIES.get(vocabulary, {}).get(key)
    return found[LANGS.index(lang)] if found else key.replace("_", " ")
