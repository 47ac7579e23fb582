"""Volunteering agreements (porozumienia o wolontariacie): a client volunteers with a host
organisation, in a field of work, some hours a week, for an agreed period; the agreement is
realised (zrealizowane) or broken off.

A person registered as unemployed keeps that status only while volunteering at most 10 hours a
week (the Act on the promotion of employment): beyond that the agreement needs a confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from partnership_partner.domain.errors import ConfirmationNeeded, Conflict, Rejected

UNEMPLOYED_WEEKLY_HOURS = Decimal(10)


class Field(StrEnum):
    """What the volunteer does (zakres świadczeń)."""

    CARE = "care"  # opieka nad osobami starszymi, niepełnosprawnymi, dziećmi
    OFFICE = "office"  # prace biurowe
    EVENTS = "events"  # organizacja wydarzeń
    ENVIRONMENT = "environment"  # ochrona środowiska, porządkowanie terenu
    CULTURE = "culture"  # kultura, sport, rekreacja
    OTHER = "other"


@dataclass
class VolunteeringAgreement:
    id: str
    client_id: str
    activity_id: str
    host: str
    field: Field
    weekly_hours: Decimal
    starts_on: date
    planned_end: date
    ended_on: date | None = None
    realised: bool | None = None
    confirmation: str | None = None


def check_agreement(
    agreement: VolunteeringAgreement, registered_unemployed: bool, confirmation: str | None
) -> None:
    if agreement.planned_end < agreement.starts_on:
        raise Rejected("planned_end", "period.reversed", other="starts_on")
    beyond = registered_unemployed and agreement.weekly_hours > UNEMPLOYED_WEEKLY_HOURS
    if beyond and not confirmation:
        raise ConfirmationNeeded(
            "weekly_hours",
            "volunteering.unemployed_hours",
            value_hours=agreement.weekly_hours,
            limit_hours=UNEMPLOYED_WEEKLY_HOURS,
        )


def check_end(agreement: VolunteeringAgreement, on: date) -> None:
    if agreement.ended_on is not None:
        raise Conflict("agreement_id", "volunteering.ended", end_date=agreement.ended_on)
    if on < agreement.starts_on:
        raise Rejected("ended_on", "date.before_start", start_date=agreement.starts_on)
