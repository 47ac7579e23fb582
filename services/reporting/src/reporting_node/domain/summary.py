"""The partnership's summary, assembled from stored sums (the arithmetic, no I/O).

The store answers three questions for a period `[f, t]` — sums of marks *before* `f`, sums
*within* `[f, t]`, and gaps lying within `[f, t]` — and everything else is read off them here
(see `reporting_node.domain.persons` for why that counts each person once).
"""

from __future__ import annotations

from collections import defaultdict
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
    """Sums `(n, amount)` over one range of days, read for one partner kind or for all."""

    def __init__(self, rows: Mapping[SumKey, tuple[int, int]], partner: str | None) -> None:
        self._partner = partner
        self._rows: dict[SumKey, tuple[int, int]] = dict(rows)
        self._by_metric: dict[tuple[str, str], list[int]] = {}
        for (metric, scope, _), (n, amount) in self._rows.items():
            total = self._by_metric.setdefault((metric, scope), [0, 0])
            total[0] += n
            total[1] += amount

    def _kinds(self, kind: str | None) -> tuple[str, ...]:
        if kind is not None:
            return () if self._partner not in (None, kind) else (kind,)
        return (self._partner,) if self._partner else KINDS

    def _additive(self, index: int, metric: str, dim: str | None, kind: str | None) -> int:
        if dim is None:
            return sum(self._by_metric.get((metric, k), (0, 0))[index] for k in self._kinds(kind))
        return sum(self._rows.get((metric, k, dim), (0, 0))[index] for k in self._kinds(kind))

    def count(self, metric: str, dim: str | None = None, kind: str | None = None) -> int:
        """How many events (of one dimension, of one partner kind, or all the filter allows)."""
        return self._additive(0, metric, dim, kind)

    def amount(self, metric: str, dim: str | None = None, kind: str | None = None) -> int:
        """Their exact amount (hundredths of an hour, grosze)."""
        return self._additive(1, metric, dim, kind)

    def events(self) -> int:
        return sum(self.count(metric) for metric in f.ADDITIVE_METRICS)

    def persons(self, metric: str, dim: str = "") -> int:
        """A count of person marks, in the filter's scope (one partner kind, or all)."""
        return self._rows.get((metric, self._partner or p.ALL, dim), (0, 0))[0]

    def person_dims(self, metric: str) -> dict[str, int]:
        scope = self._partner or p.ALL
        return {d: n for (m, s, d), (n, _) in self._rows.items() if m == metric and s == scope}

    def dims(self, metric: str) -> set[str]:
        return {d for (m, _, d), (n, a) in self._rows.items() if m == metric and (n or a)}


ACTIVITY = (p.ACTIVITY_IN, p.ACTIVITY_OUT, p.ACTIVITY_GAP)


def _persons_meeting(
    before: Sums, within: Sums, gaps: Sums, metric: tuple[str, str, str], dim: str
) -> int:
    """Persons with an interval meeting the period: in[≤ t] − out[< f] − gaps within."""
    metric_in, metric_out, metric_gap = metric
    started = before.persons(metric_in, dim) + within.persons(metric_in, dim)
    return started - before.persons(metric_out, dim) - gaps.persons(metric_gap, dim)


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
        "events": within.events(),
        "clients": (clients := _clients(before, within)),
        "hours": _hours(within),
        "activities": _activities(before, within, gaps),
        "employment": _employment(before, within, gaps, clients["total"]),
        "benefits": _benefits(within),
    }


def _clients(before: Sums, within: Sums) -> dict[str, Any]:
    # Each covered person is in exactly one `gender|disability|r` dimension: add them up.
    covered: dict[str, int] = defaultdict(int)
    for dim, n in before.person_dims(p.CLIENTS_IN).items():
        covered[dim] += n
    for dim, n in within.person_dims(p.CLIENTS_IN).items():
        covered[dim] += n
    for dim, n in before.person_dims(p.CLIENTS_OUT).items():
        covered[dim.rsplit("|", 1)[0]] -= n
    by_gender = dict.fromkeys((g.value for g in Gender), 0)
    by_disability = dict.fromkeys((d.value for d in DisabilityDegree), 0)
    replacements = 0
    for dim, n in covered.items():
        gender, disability, replacement = dim.split("|")
        by_gender[gender] = by_gender.get(gender, 0) + n
        by_disability[disability] = by_disability.get(disability, 0) + n
        replacements += n if replacement else 0
    by_exit_reason = dict.fromkeys((r.value for r in ExitReason), 0)
    for dim, n in within.person_dims(p.CLIENTS_OUT).items():
        reason = dim.rsplit("|", 1)[1]
        by_exit_reason[reason] = by_exit_reason.get(reason, 0) + n
    total = sum(covered.values())
    return {
        "total": total,
        "by_gender": by_gender,
        "replacements": replacements,
        "recruited": total - replacements,
        "exited": sum(by_exit_reason.values()),
        "by_exit_reason": by_exit_reason,
        "by_disability": by_disability,
    }


def _hours(within: Sums) -> dict[str, Any]:
    by_partner_role = {
        kind: {
            role.value: units
            for role in SpecialistRole
            if (units := within.amount(f.HOURS, role.value, kind))
        }
        for kind in KINDS
    }
    by_role = {
        role.value: units
        for role in SpecialistRole
        if (units := within.amount(f.HOURS, role.value))
    }
    return {
        "total": hours(within.amount(f.HOURS)),
        "by_partner_kind": {kind: hours(within.amount(f.HOURS, kind=kind)) for kind in KINDS},
        "by_role": {role: hours(units) for role, units in by_role.items()},
        "by_partner_role": {
            kind: {role: hours(units) for role, units in roles.items()}
            for kind, roles in by_partner_role.items()
        },
        "sessions": within.count(f.HOURS),
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
            "started": within.count(f.ACTIVITY_STARTED, k),
            "completed": within.count(f.ACTIVITY_COMPLETED, k),
            "abandoned": within.count(f.ACTIVITY_ABANDONED, k),
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
    contracts_by_type = {t.value: within.count(f.CONTRACTS, t.value) for t in ContractType}
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
        b.value: units for b in PaymentBasis if (units := within.amount(f.BENEFITS, b.value))
    }
    return {
        "total": money(within.amount(f.BENEFITS)),
        "by_basis": {basis: money(units) for basis, units in by_basis.items()},
        "by_partner_kind": {kind: money(within.amount(f.BENEFITS, kind=kind)) for kind in KINDS},
        "payments": within.count(f.BENEFITS),
    }
