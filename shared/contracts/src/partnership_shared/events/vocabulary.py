"""The partnership's shared vocabulary: what kinds of things events speak of.

Each value is a stable identifier carried in events; the Polish and English words people read are in
`partnership_shared.events.labels`, so that renaming a label never changes a contract.
"""

from enum import StrEnum


class PartnerKind(StrEnum):
    """The three kinds of partner institution."""

    PUP = "pup"  # Powiatowy Urząd Pracy: county labour office
    OPS = "ops"  # Ośrodek Pomocy Społecznej (MOPS, GOPS, PCPR): social-welfare centre
    NGO = "ngo"  # organizacja pozarządowa


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class DisabilityDegree(StrEnum):
    """Stopień niepełnosprawności as certified (orzeczenie)."""

    NONE = "none"
    LIGHT = "light"  # lekki
    MODERATE = "moderate"  # umiarkowany
    SEVERE = "severe"  # znaczny


class ExitReason(StrEnum):
    COMPLETED = "completed"  # ukończył udział
    DROPPED_OUT = "dropped_out"  # przerwał udział
    MOVED = "moved"  # zmiana miejsca zamieszkania
    OTHER = "other"


class SpecialistRole(StrEnum):
    """Who delivered a specialist service (kadra specjalistyczna)."""

    VOCATIONAL_COUNSELLOR = "vocational_counsellor"  # doradca zawodowy
    JOB_BROKER = "job_broker"  # pośrednik pracy
    INTERNSHIP_OFFICER = "internship_officer"  # pracownik ds. organizacji staży
    PSU_OFFICER = "psu_officer"  # pracownik ds. organizacji i rozliczania PSU
    SOCIAL_WORKER = "social_worker"  # pracownik socjalny
    SOCIOLOGIST = "sociologist"  # socjolog
    PSYCHOLOGIST = "psychologist"  # psycholog
    PEDAGOGUE = "pedagogue"  # pedagog
    FAMILY_ASSISTANT = "family_assistant"  # asystent rodziny
    PHYSIOTHERAPIST = "physiotherapist"  # rehabilitant
    IT_TRAINER = "it_trainer"  # informatyk
    LAWYER = "lawyer"  # prawnik
    THERAPIST = "therapist"  # terapeuta
    OTHER = "other"


class ServiceMode(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


class ActivityKind(StrEnum):
    """Activation instruments and programmes a client takes part in."""

    INTERNSHIP = "internship"  # staż
    TRAINING = "training"  # szkolenie zawodowe
    PSU = "psu"  # prace społecznie użyteczne
    KIS = "kis"  # Klub Integracji Społecznej
    PAL = "pal"  # Program Aktywności Lokalnej
    WORKSHOP = "workshop"  # warsztaty
    VOLUNTEERING = "volunteering"  # wolontariat
    MEDICAL_EXAM = "medical_exam"  # badania lekarskie


class ContractType(StrEnum):
    """The legal form of a job taken (forma zatrudnienia)."""

    EMPLOYMENT_INDEFINITE = "employment_indefinite"  # umowa o pracę na czas nieokreślony
    EMPLOYMENT_FIXED_TERM = "employment_fixed_term"  # umowa o pracę na czas określony
    EMPLOYMENT_TRIAL = "employment_trial"  # umowa o pracę na okres próbny
    MANDATE = "mandate"  # umowa zlecenie
    SPECIFIC_WORK = "specific_work"  # umowa o dzieło
    SELF_EMPLOYMENT = "self_employment"  # działalność gospodarcza


class EmployerKind(StrEnum):
    PRIVATE = "private"
    PUBLIC = "public"
    NGO = "ngo"
    SOCIAL_ECONOMY = "social_economy"  # podmiot ekonomii społecznej (ZAZ, CIS, spółdzielnia)
    SELF = "self"


class PaymentBasis(StrEnum):
    """The legal basis of money paid directly to a client."""

    SOCIAL_ASSISTANCE = "social_assistance"  # ustawa o pomocy społecznej (zasiłki)
    HOUSING_ALLOWANCE = "housing_allowance"  # ustawa o dodatkach mieszkaniowych
    FAMILY_BENEFITS = "family_benefits"  # ustawa o świadczeniach rodzinnych
    MAINTENANCE_FUND = "maintenance_fund"  # ustawa o pomocy osobom uprawnionym do alimentów
    PSU_COMPENSATION = "psu_compensation"  # świadczenie za prace społecznie użyteczne
    MEDICAL_EXAM_COST = "medical_exam_cost"  # koszty badań lekarskich
    TRAINING_COST = "training_cost"  # koszty kursów zawodowych
    INTERNSHIP_STIPEND = "internship_stipend"  # stypendium stażowe
    TRAINING_STIPEND = "training_stipend"  # stypendium szkoleniowe
    OTHER = "other"


class ContractKind(StrEnum):
    SOCIAL_CONTRACT = "social_contract"  # kontrakt socjalny
    TRIPARTITE_FAMILY_CONTRACT = "tripartite_family_contract"  # trójstronny kontrakt rodzinny


class ReferralOutcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


class FundingSource(StrEnum):
    """Where a programme's co-financing comes from."""

    EU = "eu"  # Europejski Fundusz Społeczny and other EU funds
    STATE = "state"  # budżet państwa, Fundusz Pracy, PFRON
    OTHER = "other"


class Party(StrEnum):
    """A party to a contract: the client, the client's family, or a partner institution."""

    CLIENT = "client"
    FAMILY = "family"
    PUP = "pup"
    OPS = "ops"
    NGO = "ngo"


class Obligation(StrEnum):
    """What a party to a social or family contract undertakes (zobowiązania stron)."""

    JOB_SEARCH = "job_search"  # aktywne poszukiwanie pracy
    TRAINING = "training"  # udział w szkoleniu
    INTERNSHIP = "internship"  # odbycie stażu
    COUNSELLING = "counselling"  # udział w poradnictwie (doradztwo, psycholog)
    THERAPY = "therapy"  # terapia, leczenie uzależnień
    SCHOOL_ATTENDANCE = "school_attendance"  # realizacja obowiązku szkolnego dzieci
    HOUSEHOLD_BUDGET = "household_budget"  # gospodarowanie budżetem domowym
    SOCIAL_WORK = "social_work"  # praca socjalna z rodziną
    FAMILY_ASSISTANCE = "family_assistance"  # wsparcie asystenta rodziny
    FINANCIAL_SUPPORT = "financial_support"  # świadczenia i zasiłki
    JOB_OFFERS = "job_offers"  # przedstawianie ofert pracy
    ACTIVATION_INSTRUMENT = "activation_instrument"  # skierowanie na instrument rynku pracy
    OTHER = "other"


class CorrectionReason(StrEnum):
    """Why a record was corrected or withdrawn (staff's own words stay in their node)."""

    DATA_ENTRY_ERROR = "data_entry_error"  # błąd przy wprowadzaniu
    DUPLICATE = "duplicate"  # zapis zdublowany
    WRONG_CLIENT = "wrong_client"  # zapis dotyczy innej osoby
    LATE_INFORMATION = "late_information"  # nowe lub spóźnione informacje
    DECISION_CHANGED = "decision_changed"  # zmiana lub uchylenie decyzji
    OTHER = "other"


class EmploymentDuration(StrEnum):
    """How long a job was agreed to last, read off its contract (figures split by it)."""

    UP_TO_12_MONTHS = "up_to_12_months"
    OVER_12_MONTHS = "over_12_months"
    INDEFINITE = "indefinite"
    UNSPECIFIED = "unspecified"  # a fixed-term job whose end was not recorded


class Outcome(StrEnum):
    """Outcomes a support plan may aim at, besides services and activities."""

    EMPLOYMENT = "employment"  # podjęcie zatrudnienia
    EMPLOYMENT_RETAINED = "employment_retained"  # utrzymanie zatrudnienia


class DeclineReason(StrEnum):
    """Why a partner declined a referral addressed to it."""

    NO_CAPACITY = "no_capacity"  # brak miejsc lub specjalisty
    NOT_ELIGIBLE = "not_eligible"  # klient nie spełnia warunków
    CLIENT_REFUSED = "client_refused"  # klient odmówił
    DUPLICATE = "duplicate"  # usługa jest już udzielana
    OTHER = "other"


class ClientFact(StrEnum):
    """A fact about a person each partner holds in its own records; partners holding different
    ones under one pseudonym are in conflict."""

    GENDER = "gender"
    BIRTH_YEAR = "birth_year"
    DISABILITY_DEGREE = "disability_degree"
