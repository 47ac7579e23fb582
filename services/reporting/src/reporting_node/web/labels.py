"""Polish and English words for the identifiers the events carry.

Events carry stable ids (`vocational_counsellor`, `internship_stipend`); people read these labels.
Each entry is `(Polish, English)`. An id missing here (a newer vocabulary) is shown as it is.
"""

from __future__ import annotations

from typing import Final

from partnership_shared.events.labels import (
    ACTIVITY_KINDS,
    CLIENT_FACTS,
    DISABILITY_DEGREES,
    EXIT_REASONS,
    SERVICE_MODES,
    SPECIALIST_ROLES,
    Labels,
)

PARTNER_KINDS: Final[Labels] = {
    "pup": ("PUP – powiatowy urząd pracy", "PUP – county labour office"),
    "ops": ("OPS – ośrodek pomocy społecznej", "OPS – social welfare centre"),
    "ngo": ("NGO – organizacja pozarządowa", "NGO – non-governmental organisation"),
}

PARTNER_SHORT: Final[Labels] = {
    "pup": ("PUP", "PUP"),
    "ops": ("OPS", "OPS"),
    "ngo": ("NGO", "NGO"),
}

GENDERS: Final[Labels] = {
    "female": ("kobiety", "women"),
    "male": ("mężczyźni", "men"),
}


CONTRACT_TYPES: Final[Labels] = {
    "employment_indefinite": (
        "umowa o pracę na czas nieokreślony",
        "employment contract, indefinite term",
    ),
    "employment_fixed_term": ("umowa o pracę na czas określony", "employment contract, fixed term"),
    "employment_trial": ("umowa o pracę na okres próbny", "employment contract, trial period"),
    "mandate": ("umowa zlecenie", "contract of mandate"),
    "specific_work": ("umowa o dzieło", "contract for specific work"),
    "self_employment": ("działalność gospodarcza", "self-employment"),
}

PAYMENT_BASES: Final[Labels] = {
    "social_assistance": ("zasiłki z pomocy społecznej", "social assistance benefits"),
    "housing_allowance": ("dodatki mieszkaniowe", "housing allowance"),
    "family_benefits": ("świadczenia rodzinne", "family benefits"),
    "maintenance_fund": ("fundusz alimentacyjny", "maintenance fund"),
    "psu_compensation": (
        "świadczenia za prace społecznie użyteczne",
        "socially useful work compensation",
    ),
    "medical_exam_cost": ("koszty badań lekarskich", "medical examination costs"),
    "training_cost": ("koszty kursów zawodowych", "vocational course costs"),
    "internship_stipend": ("stypendia stażowe", "internship stipends"),
    "training_stipend": ("stypendia szkoleniowe", "training stipends"),
    "other": ("inne świadczenia", "other payments"),
}

EVENT_TYPES: Final[Labels] = {
    "ClientEnrolled": ("rekrutacja do partnerstwa", "enrolled in the partnership"),
    "ClientExited": ("zakończenie udziału", "left the partnership"),
    "FamilyEnrolled": ("rodzina w programie", "family enrolled"),
    "SupportPlanAgreed": ("indywidualny plan wsparcia", "individual support plan agreed"),
    "SupportPlanRevised": ("zmiana planu wsparcia", "support plan revised"),
    "ContractSigned": ("podpisanie kontraktu", "contract signed"),
    "ReferralMade": ("skierowanie", "referral made"),
    "ReferralAccepted": ("przyjęcie skierowania", "referral accepted"),
    "ReferralDeclined": ("odmowa przyjęcia skierowania", "referral declined"),
    "ReferralCompleted": ("realizacja skierowania", "referral completed"),
    "ServiceDelivered": ("usługa specjalisty", "specialist service"),
    "ActivityStarted": ("rozpoczęcie", "started"),
    "ActivityCompleted": ("ukończenie", "completed"),
    "ActivityAbandoned": ("przerwanie", "abandoned"),
    "EmploymentStarted": ("podjęcie zatrudnienia", "employment started"),
    "EmploymentEnded": ("zakończenie zatrudnienia", "employment ended"),
    "EmploymentRetained": ("utrzymanie zatrudnienia", "employment retained"),
    "BenefitPaid": ("wypłata świadczenia", "payment"),
    "FamilyExited": ("zakończenie udziału rodziny", "family left the programme"),
    "ProgrammeDefined": ("ogłoszenie programu", "programme defined"),
    "EditionScheduled": ("ogłoszenie edycji", "edition scheduled"),
    "ConsentWithdrawn": ("cofnięcie zgody", "consent withdrawn"),
    "ClientErased": ("usunięcie danych osobowych", "personal data erased"),
    "RecordCorrected": ("korekta zapisu", "record corrected"),
    "RecordWithdrawn": ("wycofanie zapisu", "record withdrawn"),
}

STANDINGS: Final[Labels] = {
    "corrected": ("poprawiono", "corrected"),
    "withdrawn": ("wycofano", "withdrawn"),
}

CORRECTION_REASONS: Final[Labels] = {
    "data_entry_error": ("błąd przy wprowadzaniu", "data entry error"),
    "duplicate": ("zapis zdublowany", "duplicate"),
    "wrong_client": ("zapis dotyczy innej osoby", "wrong client"),
    "late_information": ("nowe lub spóźnione informacje", "late information"),
    "decision_changed": ("zmiana lub uchylenie decyzji", "decision changed"),
    "other": ("inny powód", "other reason"),
}

FIELDS: Final[Labels] = {
    "hours": ("godziny", "hours"),
    "role": ("specjalista", "specialist"),
    "delivered_on": ("data usługi", "date of the service"),
    "participants": ("uczestnicy", "participants"),
    "amount": ("kwota", "amount"),
    "basis": ("podstawa prawna", "legal basis"),
    "paid_on": ("data wypłaty", "payment date"),
    "period_from": ("okres od", "period from"),
    "period_to": ("okres do", "period to"),
    "enrolled_on": ("data rekrutacji", "enrolment date"),
    "registered_unemployed": ("zarejestrowany jako bezrobotny", "registered unemployed"),
    "household_size": ("liczba osób w gospodarstwie", "household size"),
    "reason": ("powód", "reason"),
    "exited_on": ("data zakończenia udziału", "exit date"),
    "started_on": ("data rozpoczęcia", "start date"),
    "edition_id": ("edycja", "edition"),
    "ended_on": ("data zakończenia", "end date"),
    "qualification_gained": ("uzyskane kwalifikacje", "qualification gained"),
    "contract_type": ("forma umowy", "contract type"),
    "employer_kind": ("pracodawca", "employer"),
    "open_labour_market": ("otwarty rynek pracy", "open labour market"),
    "working_time": ("wymiar etatu", "working time"),
    "ends_on": ("planowany koniec", "planned end"),
    "checked_on": ("data sprawdzenia", "checked on"),
    "months_since_start": ("miesiące od podjęcia", "months since start"),
    "signed_on": ("data podpisania", "signed on"),
}

DURATIONS: Final[Labels] = {
    "up_to_12_months": ("do 12 miesięcy", "up to 12 months"),
    "over_12_months": ("powyżej 12 miesięcy", "over 12 months"),
    "indefinite": ("na czas nieokreślony", "indefinite"),
    "unspecified": ("okres nieznany", "end not recorded"),
}


OUTCOMES: Final[Labels] = {
    "employment": ("podjęcie zatrudnienia", "employment"),
    "employment_retained": ("utrzymanie zatrudnienia", "employment retained"),
}

FUNDING_SOURCES: Final[Labels] = {
    "eu": ("dofinansowanie z UE", "EU co-financing"),
    "state": ("dofinansowanie krajowe", "state co-financing"),
    "other": ("inne dofinansowanie", "other co-financing"),
}


CONTRACT_KINDS: Final[Labels] = {
    "social_contract": ("kontrakt socjalny", "social contract"),
    "tripartite_family_contract": ("trójstronny kontrakt rodzinny", "tripartite family contract"),
    "individual_support_plan": ("indywidualny plan wsparcia", "individual support plan"),
}

VOCABULARIES: Final[dict[str, Labels]] = {
    "partner": PARTNER_KINDS,
    "partner_short": PARTNER_SHORT,
    "gender": GENDERS,
    "disability": DISABILITY_DEGREES,
    "exit_reason": EXIT_REASONS,
    "role": SPECIALIST_ROLES,
    "activity": ACTIVITY_KINDS,
    "contract_type": CONTRACT_TYPES,
    "basis": PAYMENT_BASES,
    "event": EVENT_TYPES,
    "mode": SERVICE_MODES,
    "contract_kind": CONTRACT_KINDS,
    "standing": STANDINGS,
    "correction_reason": CORRECTION_REASONS,
    "field": FIELDS,
    "duration": DURATIONS,
    "funding_source": FUNDING_SOURCES,
    "client_fact": CLIENT_FACTS,
    "outcome": OUTCOMES,
}
