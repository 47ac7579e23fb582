"""The partnership's summary, assembled from stored sums (the arithmetic, no I/O).

The store answers three questions for a period `[f, t]` — sums of marks *before* `f`, sums
*within* `[f, t]`, and gaps lying within `[f, t]` — and everything else is read off them here
(see `reporting_node.domain.persons` for why that counts each person once). What the partnership
announced (programmes, editions) and its families come whole in a `Register`: they are few.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    ContractType,
    DisabilityDegree,
    EmploymentDuration,
    ExitReason,
    Gender,
    PartnerKind,
    PaymentBasis,
    SpecialistRole,
)
from reporting_node.domain import facts as f
from reporting_node.domain import persons as p
from reporting_node.domain.days import FIRST_DAY, LAST_DAY, day_key
from reporting_node.domain.families import FamilyFact, judge_families
from reporting_node.domain.formatting import hours, money, rate
from reporting_node.domain.programmes import Edition, Programme

KINDS = tuple(kind.value for kind in PartnerKind)

SumKey = tuple[str, str, str]
"""`(metric, scope, dimension)`."""

BucketKey = tuple[str, str, int]
"""`(metric, scope, bucket)`: client marks per programme set, for each programme's clients."""

BY_BUCKET = (p.CLIENTS_IN, p.CLIENTS_OUT)
"""The metrics read per programme set as well as in total."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What a question about the partnership is restricted to (all optional)."""

    first: date | None = None
    last: date | None = None
    partner: str | None = None
    programme: str | None = None


class Sums:
    """Sums `(n, amount)` over one range of days, read for one partner kind or for all."""

    def __init__(
        self,
        rows: Mapping[SumKey, tuple[int, int]],
        partner: str | None,
        buckets: Mapping[BucketKey, int] | None = None,
    ) -> None:
        self._partner = partner
        self._rows: dict[SumKey, tuple[int, int]] = dict(rows)
        self._buckets: dict[BucketKey, int] = dict(buckets or {})
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

    def count_by_part(self, metric: str, part: int) -> dict[str, int]:
        """Events counted by one part of a `a|b` dimension (contracts by type, by duration)."""
        kinds = self._kinds(None)
        found: dict[str, int] = defaultdict(int)
        for (m, scope, dim), (n, _) in self._rows.items():
            if m == metric and scope in kinds:
                found[dim.split("|")[part]] += n
        return found

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

    def persons_by_bucket(self, metric: str) -> dict[int, int]:
        """A count of person marks per programme set, in the filter's scope."""
        scope = self._partner or p.ALL
        return {b: n for (m, s, b), n in self._buckets.items() if m == metric and s == scope}

    def dims(self, metric: str) -> set[str]:
        return {d for (m, _, d), (n, a) in self._rows.items() if m == metric and (n or a)}


ACTIVITY = (p.ACTIVITY_IN, p.ACTIVITY_OUT, p.ACTIVITY_GAP)


@dataclass(frozen=True, slots=True)
class Register:
    """What is read whole for a question: the programmes and editions announced, the programme
    sets persons are filed under, and the families' facts."""

    programmes: Mapping[str, Programme] = field(default_factory=dict)
    editions: Mapping[str, Edition] = field(default_factory=dict)
    programme_sets: Mapping[int, frozenset[str]] = field(default_factory=dict)
    families: Sequence[FamilyFact] = ()


def _persons_meeting(
    before: Sums, within: Sums, gaps: Sums, metric: tuple[str, str, str], dim: str
) -> int:
    """Persons with an interval meeting the period: in[≤ t] − out[< f] − gaps within."""
    metric_in, metric_out, metric_gap = metric
    started = before.persons(metric_in, dim) + within.persons(metric_in, dim)
    return started - before.persons(metric_out, dim) - gaps.persons(metric_gap, dim)


def _points(within: Sums, gaps: Sums, metric: str, dim: str) -> int:
    """Persons with a single-day fact (a job taken, a completion) within the period."""
    return within.persons(metric, dim) - gaps.persons(metric, dim)


def build_summary(
    partnership_id: str,
    filters: Filters,
    before: Sums,
    within: Sums,
    gaps: Sums,
    register: Register | None = None,
) -> dict[str, Any]:
    """The `/api/v1/summary` answer."""
    register = register or Register()
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
        "activities": _activities(before, within, gaps, register.editions),
        "employment": _employment(before, within, gaps, clients["total"]),
        "benefits": _benefits(within),
        "programmes": _programmes(before, within, filters, register),
        "families": _families(filters, register.families),
        "contracts": {"by_kind": {k.value: within.count(f.SIGNED, k.value) for k in ContractKind}},
        "corrections": {
            "corrected": within.count(f.OTHER, "RecordCorrected"),
            "withdrawn": within.count(f.OTHER, "RecordWithdrawn"),
        },
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


def _activities(
    before: Sums, within: Sums, gaps: Sums, known: Mapping[str, Edition]
) -> dict[str, Any]:
    editions: dict[str, list[str]] = {}
    for dim in before.dims(p.ACTIVITY_IN) | within.dims(p.ACTIVITY_IN):
        kind, _, edition = dim.partition("|")
        if edition:
            editions.setdefault(kind, []).append(edition)
    answer: dict[str, Any] = {}
    for kind in ActivityKind:
        k = kind.value
        by_edition = {
            edition: _edition(known.get(edition), count)
            for edition in sorted(editions.get(k, []))
            if (count := _persons_meeting(before, within, gaps, ACTIVITY, f"{k}|{edition}"))
        }
        # A person in two courses of one trade counts in each (see docs/reporting.md).
        by_trade: dict[str, int] = defaultdict(int)
        for found in by_edition.values():
            if found["trade"]:
                by_trade[found["trade"]] += found["persons"]
        answer[k] = {
            "persons": _persons_meeting(before, within, gaps, ACTIVITY, k),
            "started": within.count(f.ACTIVITY_STARTED, k),
            "completed": within.count(f.ACTIVITY_COMPLETED, k),
            "abandoned": within.count(f.ACTIVITY_ABANDONED, k),
            "completed_persons": _points(within, gaps, p.ACTIVITY_DONE, k),
            "qualified_persons": _points(within, gaps, p.ACTIVITY_DONE, p.qualified(k)),
            "editions": by_edition,
            "by_trade": dict(sorted(by_trade.items())),
        }
    return answer


def _edition(edition: Edition | None, persons: int) -> dict[str, Any]:
    """An edition's facts as scheduled (all none while its schedule has not arrived)."""
    return {
        "label": edition.label if edition else None,
        "trade": edition.trade if edition else None,
        "programme_id": edition.programme_id if edition else None,
        "provider": edition.provider if edition else None,
        "capacity": edition.capacity if edition else None,
        "persons": persons,
    }


def _employment(before: Sums, within: Sums, gaps: Sums, clients: int) -> dict[str, Any]:
    def started(dim: str) -> int:
        return _points(within, gaps, p.EMPLOYMENT_STARTED, dim)

    def held(dim: str) -> int:
        return (
            before.persons(p.EMPLOYMENT_HELD_IN, dim)
            + within.persons(p.EMPLOYMENT_HELD_IN, dim)
            - before.persons(p.EMPLOYMENT_HELD_OUT, dim)
            - within.persons(p.EMPLOYMENT_HELD_OUT, dim)
        )

    persons = started("")
    by_type = within.count_by_part(f.CONTRACTS, 0)
    by_duration = within.count_by_part(f.CONTRACTS, 1)
    contracts_by_type = {t.value: by_type.get(t.value, 0) for t in ContractType}
    return {
        "persons": persons,
        "contracts": sum(contracts_by_type.values()),
        "contracts_by_type": contracts_by_type,
        "persons_by_type": {t.value: started(p.of_type(t.value)) for t in ContractType},
        "open_labour_market_persons": started("open"),
        "rate": rate(persons, clients),
        "still_employed_persons": held(""),
        "still_employed_by_type": {t.value: held(p.of_type(t.value)) for t in ContractType},
        "retained_persons": _points(within, gaps, p.EMPLOYMENT_RETAINED, ""),
        "retained_persons_by_type": {
            t.value: _points(within, gaps, p.EMPLOYMENT_RETAINED, p.of_type(t.value))
            for t in ContractType
        },
        "contracts_by_duration": {d.value: by_duration.get(d.value, 0) for d in EmploymentDuration},
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


def _programmes(
    before: Sums, within: Sums, filters: Filters, register: Register
) -> list[dict[str, Any]]:
    """Each programme with its budget and the clients enrolled in it who meet the period.

    A programme an enrolment names before its definition arrived is listed by its id alone.
    """
    entered: dict[int, int] = defaultdict(int)
    for sums in (before, within):
        for bucket, n in sums.persons_by_bucket(p.CLIENTS_IN).items():
            entered[bucket] += n
    left = before.persons_by_bucket(p.CLIENTS_OUT)
    clients: dict[str, int] = defaultdict(int)
    named: set[str] = set()
    for bucket, programmes in register.programme_sets.items():
        for programme in programmes:
            clients[programme] += entered.get(bucket, 0) - left.get(bucket, 0)
            if entered.get(bucket):
                # Named by enrolments that still stand (a set once used may be left empty).
                named.add(programme)
    ids = set(register.programmes) | named
    if filters.programme is not None:
        ids = {filters.programme}
    listed = [_programme(i, register.programmes.get(i), clients.get(i, 0)) for i in ids]
    return sorted(listed, key=lambda item: (item["code"] is None, item["code"] or "", item["id"]))


def programme_entries(register: Register, enrolled: Iterable[int]) -> list[dict[str, Any]]:
    """Every programme defined or named by an enrolment that stands (of a programme set in
    `enrolled`), without figures (for choosing one)."""
    named = {name for bucket in enrolled for name in register.programme_sets.get(bucket, ())}
    listed = [
        _programme(i, register.programmes.get(i), 0) for i in set(register.programmes) | named
    ]
    for item in listed:
        del item["clients"]
    return sorted(listed, key=lambda item: (item["code"] is None, item["code"] or "", item["id"]))


def _programme(programme_id: str, found: Programme | None, clients: int) -> dict[str, Any]:
    if found is None:
        return {
            "id": programme_id,
            "code": None,
            "name": None,
            "starts_on": None,
            "ends_on": None,
            "lead_partner": None,
            "funding": None,
            "clients": clients,
        }
    funding = None
    if found.funding_total is not None:
        funding = {
            "total": money(found.funding_total),
            "co_financing": money(found.co_financing or 0),
            "co_financing_source": found.co_financing_source,
            "own_contribution": money(found.own_contribution or 0),
        }
    return {
        "id": programme_id,
        "code": found.code,
        "name": found.name,
        "starts_on": found.starts_on.isoformat(),
        "ends_on": found.ends_on.isoformat(),
        "lead_partner": found.lead_partner,
        "funding": funding,
        "clients": clients,
    }


def _families(filters: Filters, facts: Sequence[FamilyFact]) -> dict[str, int]:
    first = day_key(filters.first) if filters.first else FIRST_DAY
    last = day_key(filters.last) if filters.last else LAST_DAY
    return judge_families(facts, first, last, filters.partner, filters.programme).counts()
