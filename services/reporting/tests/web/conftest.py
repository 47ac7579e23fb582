"""A summary and a trend shaped like `/api/v1/summary` and `/api/v1/trend`, with the Bartoszyce
partnership's published figures (783,5 godz. = 114,5 PUP + 222,5 OPS + 446,5 NGO; 51 986,28 zł)."""

from __future__ import annotations

from typing import Any

import pytest

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
        "training": {"persons": 3, "started": 3, "completed": 3, "abandoned": 0, "editions": {}},
        "psu": {"persons": 5, "started": 5, "completed": 4, "abandoned": 1, "editions": {}},
        "internship": {"persons": 5, "started": 5, "completed": 0, "abandoned": 0, "editions": {}},
        "kis": {
            "persons": 4,
            "started": 4,
            "completed": 2,
            "abandoned": 0,
            "editions": {"I": 2, "II": 2},
        },
    },
    "employment": {
        "persons": 3,
        "contracts": 4,
        "contracts_by_type": {"employment_fixed_term": 2, "mandate": 1, "employment_indefinite": 1},
        "persons_by_type": {"employment_fixed_term": 2, "mandate": 1, "employment_indefinite": 1},
        "open_labour_market_persons": 3,
        "rate": "0.2727",
        "still_employed_persons": 2,
        "retained_persons": 2,
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
