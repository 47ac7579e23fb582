"""Registration at the labour office (rejestracja w PUP): as unemployed or as a job seeker.

A client has at most one open registration; it ends with deregistration (wyrejestrowanie) and
its reason. Whether a client was registered as unemployed on a day is what the PUP says when it
enrols them, unless staff say otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from partnership_partner.domain.errors import Conflict, Rejected


class RegistrationStatus(StrEnum):
    UNEMPLOYED = "unemployed"  # bezrobotny
    JOB_SEEKER = "job_seeker"  # poszukujący pracy


class DeregistrationReason(StrEnum):
    JOB_TAKEN = "job_taken"  # podjęcie zatrudnienia
    REFUSAL = "refusal"  # odmowa przyjęcia propozycji
    NOT_REPORTING = "not_reporting"  # niestawienie się w urzędzie
    OWN_REQUEST = "own_request"  # na własny wniosek
    OTHER = "other"


@dataclass
class Registration:
    id: str
    client_id: str
    status: RegistrationStatus
    registered_on: date
    deregistered_on: date | None = None
    reason: DeregistrationReason | None = None

    def open_on(self, day: date) -> bool:
        return self.registered_on <= day and (
            self.deregistered_on is None or day < self.deregistered_on
        )


def check_new(open_registrations: list[Registration]) -> None:
    """A client is registered once at a time."""
    for registration in open_registrations:
        if registration.deregistered_on is None:
            raise Conflict(
                "client_id",
                "registration.open",
                registered_date=registration.registered_on,
            )


def check_end(registration: Registration, on: date) -> None:
    if registration.deregistered_on is not None:
        raise Conflict("client_id", "registration.ended", end_date=registration.deregistered_on)
    if on < registration.registered_on:
        raise Rejected(
            "deregistered_on", "date.before_start", start_date=registration.registered_on
        )
