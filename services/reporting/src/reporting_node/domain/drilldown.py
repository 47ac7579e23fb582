"""The persons behind a figure of the summary, decided person by person from their facts.

The summary counts persons through marks (see `persons`); here each person's facts are judged
directly, with the same rules, so a drill-down lists exactly as many pseudonyms as the figure says.
Family figures list the families' pseudonyms (and, for `families.persons`, their members'); a
programme's clients are those of `clients.total` under that programme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

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
from reporting_node.domain.facts import (
    ACTIVITY_ABANDON,
    ACTIVITY_COMPLETE,
    ACTIVITY_START,
    EMPLOYMENT_END,
    EMPLOYMENT_START,
    ENROLLED,
    EXITED,
    RETAINED,
    PersonFact,
)
from reporting_node.domain.persons import (
    activity_intervals,
    employment_spans,
    final_exit,
    primary_enrolment,
)
from reporting_node.domain.programmes import Edition


class UnknownFigure(ValueError):
    """The figure named is not one the summary has (the message lists what is possible)."""


@dataclass(frozen=True, slots=True)
class Period:
    first: int
    last: int
    partner: str | None

    def in_scope(self, fact: PersonFact) -> bool:
        return self.partner is None or fact.partner_kind == self.partner

    def within(self, day: int) -> bool:
        return self.first <= day <= self.last


Test = Callable[[Sequence[PersonFact], Period], bool]


@dataclass(frozen=True, slots=True)
class PersonFigure:
    """A figure counting persons: which facts it needs and the test a person must pass."""

    whats: frozenset[str]
    test: Test


@dataclass(frozen=True, slots=True)
class EventFigure:
    """A figure summing events (hours, money): the persons are those the events concern."""

    event_type: str
    kind: str | None = None
    dim: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyFigure:
    """A family figure (`enrolled`, `with_contract`, `completed`, `persons`)."""

    name: str


@dataclass(frozen=True, slots=True)
class ProgrammeFigure:
    """The clients of one programme (`programmes.<id>.clients`)."""

    programme_id: str


Figure = PersonFigure | EventFigure | FamilyFigure | ProgrammeFigure

CLIENT_FACTS = frozenset({ENROLLED, EXITED})
ACTIVITY_FACTS = frozenset({ACTIVITY_START, ACTIVITY_COMPLETE, ACTIVITY_ABANDON})
EMPLOYMENT_FACTS = frozenset({EMPLOYMENT_START, EMPLOYMENT_END})


# --- clients -----------------------------------------------------------------------------------


def _coverage(
    facts: Sequence[PersonFact], period: Period
) -> tuple[PersonFact, PersonFact | None, bool] | None:
    """(primary enrolment, exit, replacement) of a person covered in the period, else None."""
    enrolments = [f for f in facts if f.what == ENROLLED]
    scoped = [f for f in enrolments if period.in_scope(f)]
    if not scoped:
        return None
    start = min(f.day for f in scoped)
    exit_ = final_exit([f for f in facts if f.what == EXITED])
    if start > period.last:
        return None
    if exit_ is not None and max(exit_.day, start) < period.first:
        return None
    return primary_enrolment(enrolments), exit_, any(f.flag for f in scoped)


ClientCheck = Callable[[PersonFact, PersonFact | None, bool, Period, int], bool]
"""A test of a covered client: (primary enrolment, exit, replacement, period, first day)."""


def _client_test(check: ClientCheck) -> Test:
    def test(facts: Sequence[PersonFact], period: Period) -> bool:
        covered = _coverage(facts, period)
        if covered is None:
            return False
        primary, exit_, replacement = covered
        start = min(f.day for f in facts if f.what == ENROLLED and period.in_scope(f))
        return check(primary, exit_, replacement, period, start)

    return test


def _exited(exit_: PersonFact | None, period: Period, start: int) -> bool:
    return exit_ is not None and period.within(max(exit_.day, start))


def _any_client(primary: PersonFact, exit_: PersonFact | None, r: bool, p: Period, s: int) -> bool:
    return True


def _replacement(primary: PersonFact, exit_: PersonFact | None, r: bool, p: Period, s: int) -> bool:
    return r


def _recruited(primary: PersonFact, exit_: PersonFact | None, r: bool, p: Period, s: int) -> bool:
    return not r


def _has_exited(primary: PersonFact, exit_: PersonFact | None, r: bool, p: Period, s: int) -> bool:
    return _exited(exit_, p, s)


def _of_gender(gender: str) -> ClientCheck:
    return lambda primary, exit_, r, p, s: primary.label == gender


def _of_disability(degree: str) -> ClientCheck:
    return lambda primary, exit_, r, p, s: primary.extra == degree


def _exited_for(reason: str) -> ClientCheck:
    return lambda primary, exit_, r, p, s: (
        exit_ is not None and exit_.kind == reason and _exited(exit_, p, s)
    )


# --- activities, employment --------------------------------------------------------------------


def _took_part(kind: str, editions: frozenset[str] | None) -> Test:
    def test(facts: Sequence[PersonFact], period: Period) -> bool:
        return any(
            start.kind == kind
            and (editions is None or start.label in editions)
            and period.in_scope(start)
            and start.day <= period.last
            and end >= period.first
            for start, end in activity_intervals(facts)
        )

    return test


def _has_fact(what: str, kind: str | None = None, flagged: bool = False) -> Test:
    def test(facts: Sequence[PersonFact], period: Period) -> bool:
        return any(
            f.what == what
            and (kind is None or f.kind == kind)
            and (f.flag or not flagged)
            and period.in_scope(f)
            and period.within(f.day)
            for f in facts
        )

    return test


def _started_work(
    contract_type: str | None = None, open_market: bool = False, duration: str | None = None
) -> Test:
    def test(facts: Sequence[PersonFact], period: Period) -> bool:
        return any(
            period.in_scope(start)
            and period.within(start.day)
            and (contract_type is None or start.kind == contract_type)
            and (duration is None or start.label == duration)
            and (start.flag or not open_market)
            for start, _ in employment_spans(facts)
        )

    return test


def _still_employed(contract_type: str | None = None) -> Test:
    def test(facts: Sequence[PersonFact], period: Period) -> bool:
        return any(
            period.in_scope(start)
            and (contract_type is None or start.kind == contract_type)
            and start.day <= period.last < end
            for start, end in employment_spans(facts)
        )

    return test


# --- the catalogue of figures ------------------------------------------------------------------


def _catalogue() -> dict[str, Figure]:
    figures: dict[str, Figure] = {}

    def clients(name: str, check: ClientCheck) -> None:
        figures[f"clients.{name}"] = PersonFigure(CLIENT_FACTS, _client_test(check))

    clients("total", _any_client)
    clients("replacements", _replacement)
    clients("recruited", _recruited)
    clients("exited", _has_exited)
    for g in Gender:
        clients(f"by_gender.{g.value}", _of_gender(g.value))
    for d in DisabilityDegree:
        clients(f"by_disability.{d.value}", _of_disability(d.value))
    for reason in ExitReason:
        clients(f"by_exit_reason.{reason.value}", _exited_for(reason.value))
    for kind in ActivityKind:
        k = kind.value
        figures[f"activities.{k}.persons"] = PersonFigure(ACTIVITY_FACTS, _took_part(k, None))
        for what, fact in (
            ("started", ACTIVITY_START),
            ("completed", ACTIVITY_COMPLETE),
            ("abandoned", ACTIVITY_ABANDON),
        ):
            figures[f"activities.{k}.{what}"] = PersonFigure(ACTIVITY_FACTS, _has_fact(fact, k))
        figures[f"activities.{k}.completed_persons"] = PersonFigure(
            ACTIVITY_FACTS, _has_fact(ACTIVITY_COMPLETE, k)
        )
        figures[f"activities.{k}.qualified_persons"] = PersonFigure(
            ACTIVITY_FACTS, _has_fact(ACTIVITY_COMPLETE, k, flagged=True)
        )
    figures["employment.persons"] = PersonFigure(EMPLOYMENT_FACTS, _started_work())
    figures["employment.contracts"] = PersonFigure(EMPLOYMENT_FACTS, _started_work())
    figures["employment.open_labour_market_persons"] = PersonFigure(
        EMPLOYMENT_FACTS, _started_work(open_market=True)
    )
    for t in ContractType:
        for name in ("persons_by_type", "contracts_by_type"):
            figures[f"employment.{name}.{t.value}"] = PersonFigure(
                EMPLOYMENT_FACTS, _started_work(t.value)
            )
    for duration in EmploymentDuration:
        figures[f"employment.contracts_by_duration.{duration.value}"] = PersonFigure(
            EMPLOYMENT_FACTS, _started_work(duration=duration.value)
        )
    figures["employment.still_employed_persons"] = PersonFigure(EMPLOYMENT_FACTS, _still_employed())
    figures["employment.retained_persons"] = PersonFigure(
        frozenset({RETAINED}), _has_fact(RETAINED)
    )
    for t in ContractType:
        figures[f"employment.still_employed_by_type.{t.value}"] = PersonFigure(
            EMPLOYMENT_FACTS, _still_employed(t.value)
        )
        figures[f"employment.retained_persons_by_type.{t.value}"] = PersonFigure(
            frozenset({RETAINED}), _has_fact(RETAINED, t.value)
        )
    for name in ("enrolled", "with_contract", "completed", "persons"):
        figures[f"families.{name}"] = FamilyFigure(name)
    for contract_kind in ContractKind:
        figures[f"contracts.by_kind.{contract_kind.value}"] = EventFigure(
            "ContractSigned", dim=contract_kind.value
        )
    figures["corrections.corrected"] = EventFigure("RecordCorrected")
    figures["corrections.withdrawn"] = EventFigure("RecordWithdrawn")
    for prefix, event_type, dims in (
        ("hours", "ServiceDelivered", [r.value for r in SpecialistRole]),
        ("benefits", "BenefitPaid", [b.value for b in PaymentBasis]),
    ):
        figures[f"{prefix}.total"] = EventFigure(event_type)
        dim_name = "by_role" if prefix == "hours" else "by_basis"
        for dim in dims:
            figures[f"{prefix}.{dim_name}.{dim}"] = EventFigure(event_type, dim=dim)
        for partner in PartnerKind:
            kind_key = partner.value
            figures[f"{prefix}.by_partner_kind.{kind_key}"] = EventFigure(event_type, kind_key)
            if prefix == "hours":
                for dim in dims:
                    figures[f"hours.by_partner_role.{kind_key}.{dim}"] = EventFigure(
                        event_type, kind_key, dim
                    )
    figures["hours.sessions"] = EventFigure("ServiceDelivered")
    figures["benefits.payments"] = EventFigure("BenefitPaid")
    return figures


FIGURES = _catalogue()


def figure_named(name: str, editions: Mapping[str, Edition] | None = None) -> Figure:
    """The figure for a dotted key of the summary (`clients.total`, `hours.by_partner_kind.ops`,
    `activities.kis.editions.<id>.persons`, `activities.training.by_trade.<trade>`,
    `programmes.<id>.clients`); `editions` tell which editions teach a trade."""
    found = FIGURES.get(name)
    if found is not None:
        return found
    parts = name.split(".")
    kinds = {k.value for k in ActivityKind}
    if len(parts) >= 4 and parts[0] == "activities" and parts[1] in kinds:
        kind = parts[1]
        if parts[2] == "editions":
            edition = parts[3]
            if len(parts) == 4 or parts[4:] == ["persons"]:
                return PersonFigure(ACTIVITY_FACTS, _took_part(kind, frozenset({edition})))
        if parts[2] == "by_trade":
            trade = ".".join(parts[3:])
            teaching = frozenset(
                e.edition_id for e in (editions or {}).values() if e.trade == trade
            )
            return PersonFigure(ACTIVITY_FACTS, _took_part(kind, teaching))
    if len(parts) == 3 and parts[0] == "programmes" and parts[2] == "clients":
        return ProgrammeFigure(parts[1])
    raise UnknownFigure(
        f"unknown figure {name!r}: name a key of the summary, e.g. clients.total, "
        "employment.persons, activities.internship.persons, activities.kis.editions.<id>.persons, "
        "hours.by_partner_kind.ops, benefits.by_basis.social_assistance, families.enrolled, "
        "programmes.<id>.clients"
    )
