"""Programmes (projects) and their editions: periods, budgets to the grosz, capacity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import Edition, Programme
from partnership_partner.domain.scope import Scope
from partnership_shared.events.vocabulary import ActivityKind


def check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise Rejected("ends_on", "period.reversed", other="starts_on")


def check_funding(total: Decimal, co_financing: Decimal, own_contribution: Decimal) -> None:
    """A budget adds up to the grosz: the co-financing plus the own contribution is the total."""
    if co_financing + own_contribution != total:
        raise Rejected(
            "funding.total",
            "programme.funding_sum",
            total_money=total,
            sum_money=co_financing + own_contribution,
        )


def check_owner(programme: Programme, partner_id: str) -> None:
    """Only the partner that announced a programme amends it."""
    if programme.owner != partner_id:
        raise Conflict("programme_id", "programme.not_owner", owner=programme.owner)


def check_edition(
    programme: Programme, kind: ActivityKind, starts_on: date, ends_on: date, scope: Scope
) -> None:
    """An edition lies within its programme's period, of a kind this partner runs."""
    if kind not in scope.activity_kinds:
        raise Rejected("kind", "activity.not_run", kind=kind, partner=scope.name)
    if ends_on < starts_on:
        raise Rejected("ends_on", "period.reversed", other="starts_on")
    if not programme.covers(starts_on):
        raise Rejected(
            "starts_on",
            "edition.outside_programme",
            start_date=programme.starts_on,
            end_date=programme.ends_on,
        )
    if not programme.covers(ends_on):
        raise Rejected(
            "ends_on",
            "edition.outside_programme",
            start_date=programme.starts_on,
            end_date=programme.ends_on,
        )


def check_participation(
    edition: Edition, kind: ActivityKind, started_on: date, partner_id: str, taken: int
) -> None:
    """A client joins an edition this partner provides, of its kind, while places last."""
    if edition.provider != partner_id:
        raise Rejected("edition_id", "edition.other_provider", provider=edition.provider)
    if edition.kind is not kind:
        raise Rejected("edition_id", "edition.other_kind", kind=edition.kind)
    if not edition.starts_on <= started_on <= edition.ends_on:
        raise Rejected(
            "started_on",
            "edition.outside_period",
            start_date=edition.starts_on,
            end_date=edition.ends_on,
        )
    if taken >= edition.capacity:
        raise Conflict("edition_id", "edition.full", capacity=edition.capacity)
