"""A summary and a trend shaped like `/api/v1/summary` and `/api/v1/trend`, with the Bartoszyce
partnership's published figures (783,5 godz. = 114,5 PUP + 222,5 OPS + 446,5 NGO; 51 986,28 zł)."""

from __future__ import annotations

from typing import Any

import pytest

PROGRAMME = "2a6d1c3e-5b0f-5d6e-9a51-5a2b8c3f1e01"
TRAINING_COURSE = "7d4e1f2a-0c5b-5e3d-8f6a-1b2c3d4e5f60"
KIS_I = "0b1c2d3e-4f50-5617-8293-a4b5c6d7e8f9"
KIS_II = "1c2d3e4f-5061-5728-93a4-b5c6d7e8f9a0"

BARTOSZYCE_SUMMARY: dict[str, Any] = {
    "partnership_id": "bartoszyce",
    "period": {"from": "2013-01-01", "to": "2013-06-30"},
    "filters": {"partner": None, "programme": None},
    "events": 412,
    "clients": {
        "total": 11,
        "by_gender": {"female": 8, "male": 3},
        "replacements": 1,
        "recruited": 11,
        "exited": 1,
        "by_exit_reason": {"completed": 1},
        "by_disability": {"light": 3, "moderate": 6, "severe": 2},
    },
    "hours": {
        "total": "783.5",
        "by_partner_kind": {"pup": "114.5", "ops": "222.5", "ngo": "446.5"},
        "by_role": {
            "vocational_counsellor": "160.5",
            "job_broker": "40.5",
            "internship_officer": "18",
            "psu_officer": "31",
            "sociologist": "20",
            "social_worker": "80.5",
            "psychologist": "180",
            "pedagogue": "25",
            "family_assistant": "40",
            "physiotherapist": "108",
            "it_trainer": "80",
        },
        "by_partner_role": {
            "pup": {
                "vocational_counsellor": "40",
                "job_broker": "40.5",
                "internship_officer": "18",
                "psu_officer": "16",
            },
            "ops": {
                "sociologist": "20",
                "social_worker": "80.5",
                "psychologist": "30",
                "pedagogue": "25",
                "family_assistant": "40",
                "physiotherapist": "12",
                "psu_officer": "15",
            },
            "ngo": {
                "psychologist": "150",
                "vocational_counsellor": "120.5",
                "physiotherapist": "96",
                "it_trainer": "80",
            },
        },
        "sessions": 296,
    },
    "activities": {
        "training": {
            "persons": 3,
            "started": 3,
            "completed": 3,
            "abandoned": 0,
            "completed_persons": 3,
            "qualified_persons": 2,
            "editions": {
                TRAINING_COURSE: {
                    "label": "2013/1",
                    "trade": "opiekun osoby starszej",
                    "programme_id": PROGRAMME,
                    "provider": "ngo",
                    "capacity": 6,
                    "persons": 3,
                }
            },
            "by_trade": {"opiekun osoby starszej": 3},
        },
        "psu": {
            "persons": 5,
            "started": 5,
            "completed": 4,
            "abandoned": 1,
            "completed_persons": 4,
            "qualified_persons": 0,
            "editions": {},
            "by_trade": {},
        },
        "internship": {
            "persons": 5,
            "started": 5,
            "completed": 0,
            "abandoned": 0,
            "completed_persons": 0,
            "qualified_persons": 0,
            "editions": {},
            "by_trade": {},
        },
        "kis": {
            "persons": 4,
            "started": 4,
            "completed": 2,
            "abandoned": 0,
            "completed_persons": 2,
            "qualified_persons": 0,
            "editions": {
                KIS_I: {
                    "label": "I",
                    "trade": None,
                    "programme_id": PROGRAMME,
                    "provider": "ops",
                    "capacity": 14,
                    "persons": 2,
                },
                KIS_II: {
                    "label": "II",
                    "trade": None,
                    "programme_id": PROGRAMME,
                    "provider": "ops",
                    "capacity": 14,
                    "persons": 2,
                },
            },
            "by_trade": {},
        },
    },
    "employment": {
        "persons": 3,
        "contracts": 4,
        "contracts_by_type": {
            "employment_indefinite": 1,
            "employment_fixed_term": 2,
            "employment_trial": 0,
            "mandate": 1,
            "specific_work": 0,
            "self_employment": 0,
        },
        "persons_by_type": {
            "employment_indefinite": 1,
            "employment_fixed_term": 2,
            "employment_trial": 0,
            "mandate": 1,
            "specific_work": 0,
            "self_employment": 0,
        },
        "open_labour_market_persons": 3,
        "rate": "0.2727",
        "still_employed_persons": 2,
        "still_employed_by_type": {
            "employment_indefinite": 1,
            "employment_fixed_term": 1,
            "employment_trial": 0,
            "mandate": 0,
            "specific_work": 0,
            "self_employment": 0,
        },
        "retained_persons": 2,
        "retained_persons_by_type": {
            "employment_indefinite": 1,
            "employment_fixed_term": 1,
            "employment_trial": 0,
            "mandate": 0,
            "specific_work": 0,
            "self_employment": 0,
        },
        "contracts_by_duration": {
            "up_to_12_months": 2,
            "over_12_months": 0,
            "indefinite": 1,
            "unspecified": 1,
        },
    },
    "benefits": {
        "total": "51986.28",
        "by_basis": {
            "social_assistance": "14250.40",
            "housing_allowance": "6120.88",
            "family_benefits": "9873.00",
            "maintenance_fund": "4500.00",
            "psu_compensation": "5328.00",
            "medical_exam_cost": "960.00",
            "training_cost": "3600.00",
            "internship_stipend": "7354.00",
        },
        "by_partner_kind": {"pup": "7834.00", "ops": "40072.28", "ngo": "4080.00"},
        "payments": 187,
    },
    "programmes": [
        {
            "id": PROGRAMME,
            "code": "POKL.07.01.01-28-001/13",
            "name": "Bartoszyckie Partnerstwo na rzecz Integracji",
            "starts_on": "2013-01-01",
            "ends_on": "2013-12-31",
            "lead_partner": "ops",
            "funding": {
                "total": "349773.80",
                "co_financing": "310503.80",
                "co_financing_source": "eu",
                "own_contribution": "39270.00",
            },
            "clients": 11,
        }
    ],
    "families": {"enrolled": 0, "with_contract": 0, "completed": 0, "persons": 0},
    "contracts": {"by_kind": {"social_contract": 4, "tripartite_family_contract": 0}},
    "corrections": {"corrected": 2, "withdrawn": 1},
    # The demo's coordination: the PUP referred the trainees to SION, the PSU workers to MOPS.
    "referrals": {
        "made": 8,
        "accepted": 8,
        "declined": 0,
        "completed": 3,
        "overdue": 0,
        "answered": 8,
        "median_days_to_answer": "2",
        "answer_days": 14,
        "by_pair": [
            {
                "from": "pup",
                "to": "ngo",
                "made": 3,
                "accepted": 3,
                "declined": 0,
                "completed": 3,
                "overdue": 0,
                "answered": 3,
                "median_days_to_answer": "2",
            },
            {
                "from": "pup",
                "to": "ops",
                "made": 5,
                "accepted": 4,
                "declined": 1,
                "completed": 0,
                "overdue": 0,
                "answered": 5,
                "median_days_to_answer": "2.5",
            },
            {
                "from": "ops",
                "to": "ngo",
                "made": 1,
                "accepted": 0,
                "declined": 0,
                "completed": 0,
                "overdue": 1,
                "answered": 0,
                "median_days_to_answer": None,
            },
        ],
    },
    "plans": {
        "clients_with_plan": 11,
        "plans": 11,
        "actions": 60,
        "done_on_time": 41,
        "done_late": 6,
        "overdue": 8,
        "pending": 5,
        "by_partner": {
            "ngo": {
                "clients": 11,
                "actions": 14,
                "done_on_time": 12,
                "done_late": 2,
                "overdue": 0,
                "pending": 0,
            },
            "ops": {
                "clients": 11,
                "actions": 16,
                "done_on_time": 14,
                "done_late": 1,
                "overdue": 1,
                "pending": 0,
            },
            "pup": {
                "clients": 11,
                "actions": 30,
                "done_on_time": 15,
                "done_late": 3,
                "overdue": 7,
                "pending": 5,
            },
        },
    },
    "overlaps": {
        "total": 2,
        "by_kind": {"psychologist": 1, "vocational_counsellor": 1},
        "by_partner": {"ngo": 2, "ops": 1, "pup": 1},
    },
    "conflicts": {"total": 1, "by_fact": {"birth_year": 1}, "by_partner": {"ops": 1, "pup": 1}},
}

BARTOSZYCE_TREND: list[dict[str, Any]] = [
    {
        "month": "2013-02",
        "hours": "120",
        "activities_started": 4,
        "employment_started": 0,
        "benefits": "8100.00",
    },
    {
        "month": "2013-03",
        "hours": "160.5",
        "activities_started": 3,
        "employment_started": 1,
        "benefits": "9800.50",
    },
    {
        "month": "2013-04",
        "hours": "171",
        "activities_started": 3,
        "employment_started": 1,
        "benefits": "10400.00",
    },
    {
        "month": "2013-05",
        "hours": "166",
        "activities_started": 3,
        "employment_started": 0,
        "benefits": "11285.78",
    },
    {
        "month": "2013-06",
        "hours": "166",
        "activities_started": 4,
        "employment_started": 2,
        "benefits": "12400.00",
    },
]


@pytest.fixture
def summary() -> dict[str, Any]:
    return BARTOSZYCE_SUMMARY


@pytest.fixture
def trend() -> list[dict[str, Any]]:
    return BARTOSZYCE_TREND
