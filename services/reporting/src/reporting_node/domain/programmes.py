"""Programmes (projects) and their editions as the partners announce them.

A programme is defined, and an edition scheduled, by one partner; either may be announced again
when it changes. The announcement that stands is the latest by `(source, seq)`, so the result
depends on the set of announcements only, never on the order they arrive in. Money is kept in
grosze, exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from partnership_shared.events.models import EditionScheduled, ProgrammeDefined
from partnership_shared.kernel.types import to_units


class Programme(NamedTuple):
    """A programme as stored in `programme` (funding in grosze; none when not announced)."""

    programme_id: str
    source_id: str
    seq: int
    code: str
    name: str
    starts_on: date
    ends_on: date
    lead_partner: str
    funding_total: int | None
    co_financing: int | None
    co_financing_source: str | None
    own_contribution: int | None


class Edition(NamedTuple):
    """An edition or course as stored in `edition` (KIS edition I, a vocational course…)."""

    edition_id: str
    source_id: str
    seq: int
    programme_id: str
    kind: str
    label: str
    trade: str | None
    starts_on: date
    ends_on: date
    provider: str
    capacity: int


Announcement = Programme | Edition


def programme_of(event: ProgrammeDefined) -> Programme:
    p, funding = event.payload, event.payload.funding
    return Programme(
        str(p.programme_id),
        event.source.partner_id,
        event.seq,
        p.code,
        p.name,
        p.starts_on,
        p.ends_on,
        p.lead_partner,
        to_units(funding.total) if funding else None,
        to_units(funding.co_financing) if funding else None,
        funding.co_financing_source.value if funding else None,
        to_units(funding.own_contribution) if funding else None,
    )


def edition_of(event: EditionScheduled) -> Edition:
    p = event.payload
    return Edition(
        str(p.edition_id),
        event.source.partner_id,
        event.seq,
        str(p.programme_id),
        p.kind.value,
        p.label,
        p.trade,
        p.starts_on,
        p.ends_on,
        p.provider,
        p.capacity,
    )


def precedence(announced: Announcement) -> tuple[str, int]:
    """Of two announcements of one programme or edition, the greater stands."""
    return announced.source_id, announced.seq


def entity_id(announced: Announcement) -> str:
    return announced.programme_id if isinstance(announced, Programme) else announced.edition_id


def latest(announcements: Iterable[Announcement]) -> list[Announcement]:
    """The announcement that stands for each programme and edition among `announcements`."""
    standing: dict[tuple[type, str], Announcement] = {}
    for announced in announcements:
        key = (type(announced), entity_id(announced))
        known = standing.get(key)
        if known is None or precedence(announced) > precedence(known):
            standing[key] = announced
    return list(standing.values())
