"""The partnership's summary, assembled from stored sums (the arithmetic, no I/O).

The store answers three questions for a period `[f, t]` — sums of marks *before* `f`, sums
*within* `[f, t]`, and gaps lying within `[f, t]` — and everything else is read off them here
(see `reporting_node.domain.persons` for why that counts each person once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractType,
    DisabilityDegree,
    ExitReason,
    Gender,
    PartnerKind,
    PaymentBasis,
    SpecialistRole,
)
from reporting_node.domain import facts as f
from reporting_node.domain import persons as p
from reporting_node.domain.formatting import hours, money, rate

KINDS = tuple(kind.value for kind in PartnerKind)

SumKey = tuple[str, str, str]
"""`(metric, scope, dimension)`."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a question about the partnership is restricted to (all optional)."""

    first: date | None = None
    last: date | None = None
    partner: str | None = None
    programme: str | None = None


class Sums:
    """Sums over one range of days, read for one partner kind or for all of them."""

    def __init__(self, rows: Mapping[SumKey, int], partner: str | None) -> None:
        self._rows = rows
        self._partner = partner

    def additive(self, metric: str, dim: str = "", kind: str | None = None) -> int:
        """A sum over events: of one partner kind, or of every kind the filter allows."""
        if kind is not None:
            return (
                0 if self._partner not in (None, kind) else self._rows.get((metric, kind, dim), 0)
            )
        kinds = (self._partner,) if self._partner else KINDS
        return sum(self._rows.get((metric, k, dim), 0) for k in kinds)

    def persons(self, metric: str, dim: str = "") -> int:
        """A count of person marks, in the filter's scope (one partner kind, or all)."""
        return self._rows.get((metric, self._partner or p.ALL, dim), 0)

    def dims(self, metric: str) -> set[str]:
        return {dim for (m, _, dim), value in self._rows.items() if m == metric and value}


def _persons_meeting(
    before: Sums, within: Sums, gaps: Sums, metric: tuple[str, str, str], dim: str
) -> int:
    metric_in, metric_out, metric_gap = metric
    started = before.persons(metric_in, dim) + within.persons(metric_in, dim)
    return started - before.persons(metric_out, dim) - gaps.persons(metric_gap, dim)


ACTIVITY = (p.ACTIVITY_IN, p.ACTIVITY_OUT, p.ACTIVITY_GAP)


def build_summary(
    partnership_id: str, filters: Filters, before: Sums, within: Sums, gaps: Sums
) -> dict[str, Any]:
    """The `/api/v1/summary` answer."""
    return {
        "partnership_id": partnership_id,
        "period": {
            "from": filters.first.isoformat() if filters.first else None,
            "to": filters.last.isoformat() if filters.last else None,
        },
        "filters": {"partner": filters.partner, "programme": filters.programme},
        "events": within.additive(f.EVENTS),
        "clients": (clients := _clients(before, within)),
        "hours": _hours(within),
        "activities": _activities(before, within, gaps),
        "employment": _employment(before, within, gaps, clients["total"]),
        "benefits": _benefits(within),
    }


def _clients(before: Sums, within: Sums) -> dict[str, Any]:
    def covered(dim: str) -> int:
        started = before.persons(p.CLIENTS_IN, dim) + within.persons(p.CLIENTS_IN, dim)
        return started - before.persons(p.CLIENTS_OUT, dim)

    total = covered("")
    replacements = covered("r")
    return {
        "total": total,
        "by_gender": {g.value: covered(f"g:{g.value}") for g in Gender},
        "replacements": replacements,
        "recruited": total - replacements,
        "exited": within.persons(p.CLIENTS_OUT, ""),
        "by_exit_reason": {
            r.value: within.persons(p.CLIENTS_OUT, f"x:{r.value}") for r in ExitReason
        },
        "by_disability": {d.value: covered(f"d:{d.value}") for d in DisabilityDegree},
    }


def _hours(within: Sums) -> dict[str, Any]:
    by_partner_role = {
        kind: {
            role.value: units
            for role in SpecialistRole
            if (units := within.additive(f.HOURS, role.value, kind))
        }
        for kind in KINDS
    }
    by_role = {
        role.value: units
        for role in SpecialistRole
        if (units := within.additive(f.HOURS, role.value))
    }
    return {
        "total": hours(sum(by_role.values())),
        "by_partner_kind": {
            kind: hours(sum(roles.values())) for kind, roles in by_partner_role.items()
        },
        "by_role": {role: hours(units) for role, units in by_role.items()},
        "by_partner_role": {
            kind: {role: hours(units) for role, units in roles.items()}
            for kind, roles in by_partner_role.items()
        },
        "sessions": within.additive(f.SESSIONS),
    }


def _activities(before: Sums, within: Sums, gaps: Sums) -> dict[str, Any]:
    editions: dict[str, list[str]] = {}
    for dim in before.dims(p.ACTIVITY_IN) | within.dims(p.ACTIVITY_IN):
        kind, _, edition = dim.partition("|")
        if edition:
            editions.setdefault(kind, []).append(edition)
    answer: dict[str, Any] = {}
    for kind in ActivityKind:
        k = kind.value
        by_edition = {
            edition: count
            for edition in sorted(editions.get(k, []))
            if (count := _persons_meeting(before, within, gaps, ACTIVITY, f"{k}|{edition}"))
        }
        answer[k] = {
            "persons": _persons_meeting(before, within, gaps, ACTIVITY, k),
            "started": within.additive(f.ACTIVITY_STARTED, k),
            "completed": within.additive(f.ACTIVITY_COMPLETED, k),
            "abandoned": within.additive(f.ACTIVITY_ABANDONED, k),
            "editions": by_edition,
        }
    return answer


def _employment(before: Sums, within: Sums, gaps: Sums, clients: int) -> dict[str, Any]:
    def started(dim: str) -> int:
        return within.persons(p.EMPLOYMENT_STARTED, dim) - gaps.persons(p.EMPLOYMENT_STARTED, dim)

    persons = started("")
    held = (
        before.persons(p.EMPLOYMENT_HELD_IN)
        + within.persons(p.EMPLOYMENT_HELD_IN)
        - before.persons(p.EMPLOYMENT_HELD_OUT)
        - within.persons(p.EMPLOYMENT_HELD_OUT)
    )
    contracts_by_type = {t.value: within.additive(f.CONTRACTS, t.value) for t in ContractType}
    return {
        "persons": persons,
        "contracts": sum(contracts_by_type.values()),
        "contracts_by_type": contracts_by_type,
        "persons_by_type": {t.value: started(f"t:{t.value}") for t in ContractType},
        "open_labour_market_persons": started("open"),
        "rate": rate(persons, clients),
        "still_employed_persons": held,
        "retained_persons": within.persons(p.EMPLOYMENT_RETAINED)
        - gaps.persons(p.EMPLOYMENT_RETAINED),
    }


def _benefits(within: Sums) -> dict[str, Any]:
    by_basis = {
        b.value: units for b in PaymentBasis if (units := within.additive(f.BENEFITS, b.value))
    }
    by_kind = {
        kind: sum(within.additive(f.BENEFITS, b.value, kind) for b in PaymentBasis)
        for kind in KINDS
    }
    return {
        "total": money(sum(by_basis.values())),
        "by_basis": {basis: money(units) for basis, units in by_basis.items()},
        "by_partner_kind": {kind: money(units) for kind, units in by_kind.items()},
        "payments": within.additive(f.PAYMENTS),
    }
