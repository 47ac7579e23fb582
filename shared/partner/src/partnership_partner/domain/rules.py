"""The partnership's rules for records, as plain functions: dates, enrolment, plausibility.

Each rule returns nothing when the record may stand and raises a `Rejected` naming the field
otherwise. Plausibility limits (hours in one session, hours per client per day, the amount of one
payment by its basis) come from the partnership agreement; a record beyond one is accepted only with
an explicit confirmation giving its reason, which is kept with the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from partnership_partner.domain.errors import (
    ConfirmationNeeded,
    Conflict,
    Duplicate,
    NotFound,
    Rejected,
)
from partnership_partner.domain.model import Enrolment
from partnership_shared.agreement import Limits
from partnership_shared.events.vocabulary import PaymentBasis, ServiceMode

T = TypeVar("T")


def check_day(field: str, day: date, *, starts_on: date, today: date) -> None:
    """A record's date lies between the partnership's start and today."""
    if day > today:
        raise Rejected(field, "date.future", day_date=day)
    if day < starts_on:
        raise Rejected(field, "date.before_partnership", day_date=day, start_date=starts_on)


def check_period(first_field: str, first: date | None, last_field: str, last: date | None) -> None:
    if first is not None and last is not None and last < first:
        raise Rejected(last_field, "period.reversed", other=first_field)


def check_enrolled(
    enrolment: Enrolment | None, client_id: str, field: str, day: date, day_field: str
) -> None:
    """The client is enrolled in the partnership and has not left it on `day`."""
    if enrolment is None or enrolment.withdrawn:
        raise Conflict(field, "client.not_enrolled", client_id=client_id)
    if day < enrolment.enrolled_on:
        raise Rejected(
            day_field, "date.before_enrolment", day_date=day, enrolled_date=enrolment.enrolled_on
        )
    if enrolment.exited_on is not None and day > enrolment.exited_on:
        raise Conflict(day_field, "date.after_exit", day_date=day, exit_date=enrolment.exited_on)


def check_found(found: T | None, field: str, what: str, ident: str) -> T:
    if found is None:
        raise NotFound(field, f"{what}.unknown", ident=ident)
    return found


# --- services ----------------------------------------------------------------------------------


def check_service_shape(mode: ServiceMode, clients: int, participants: int) -> None:
    if mode is ServiceMode.INDIVIDUAL and clients != 1:
        raise Rejected("client_ids", "service.individual_one_client")
    if participants < clients:
        raise Rejected("participants", "service.fewer_participants")
    if mode is ServiceMode.INDIVIDUAL and participants != 1:
        raise Rejected("participants", "service.individual_one_participant")


def check_session_hours(hours: Decimal, limits: Limits, confirmation: str | None) -> None:
    if hours > limits.hours_per_session and not confirmation:
        raise ConfirmationNeeded(
            "hours", "limit.session_hours", value_hours=hours, limit_hours=limits.hours_per_session
        )


def check_daily_hours(
    day_totals: Iterable[tuple[str, Decimal]],
    hours: Decimal,
    day: date,
    limits: Limits,
    confirmation: str | None,
) -> None:
    """No client gets more than the daily limit of services, counting the new one."""
    if confirmation:
        return
    for client_id, already in day_totals:
        if already + hours > limits.hours_per_client_day:
            raise ConfirmationNeeded(
                "hours",
                "limit.client_day_hours",
                client_id=client_id,
                day_date=day,
                value_hours=already + hours,
                limit_hours=limits.hours_per_client_day,
            )


def check_not_duplicate(found: str | None, field: str, code: str, confirmation: str | None) -> None:
    """The same record already stands (`found` is its id): refused unless confirmed."""
    if found is not None and not confirmation:
        raise Duplicate(field, code, record_id=found)


# --- money -------------------------------------------------------------------------------------


def check_payment_amount(
    basis: PaymentBasis, amount: Decimal, limits: Limits, confirmation: str | None
) -> None:
    limit = limits.payment_limit(basis)
    if amount > limit and not confirmation:
        raise ConfirmationNeeded(
            "amount", "limit.payment_amount", value_money=amount, limit_money=limit, basis=basis
        )


# --- employment --------------------------------------------------------------------------------


def months_between(start: date, later: date) -> int:
    """Whole months from `start` to `later` (a job started 11.03 is 3 months old on 11.06)."""
    months = (later.year - start.year) * 12 + later.month - start.month
    return months - 1 if later.day < start.day else months
