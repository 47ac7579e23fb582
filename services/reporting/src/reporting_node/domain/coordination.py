"""Coordination between partners, as the partnership counts it (issue 9): referrals between
each pair of partners, individual support plans (IPW) and their progress per partner, and the
overlaps (dublowanie usług) and data conflicts partners found.

Every plan revision, referral, answer, overlap and conflict becomes a `CoordinationFact`. They
are few beside services and payments (a partnership has hundreds of plans and referrals), so,
like families, they are judged whole at every question: the figures then depend only on the set
of facts, never on the order they arrived in (an answer may overtake its referral).

A period `[first, last]` is read this way (`as_of` is its last day, or today when that is
earlier, or today when the period is open):

* referrals: made, accepted, declined, completed — those whose day falls in the period;
  overdue — made by `as_of`, unanswered on `as_of`, more than the agreement's
  `referral_answer_days` after they were made (the partner nodes' rule); the median days to
  answer — over referrals first answered in the period;
* plans: the revision standing on `as_of` (the latest agreed by then); an action is done when its
  partner recorded a matching record on or after the plan's first agreement (the partner nodes'
  rule, `partnership_partner.domain.plans.progress`): done on time or late are counted when that
  record falls in the period, overdue and pending are the actions' state on `as_of`;
* overlaps and conflicts: distinct ids (both partners may announce one) whose `since` falls in
  the period.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from partnership_shared.events.models import (
    DataConflictFound,
    EventBase,
    OverlapFound,
    ReferralAccepted,
    ReferralCompleted,
    ReferralDeclined,
    ReferralMade,
    SupportPlanAgreed,
    SupportPlanRevised,
)
from partnership_shared.events.vocabulary import Outcome
from reporting_node.domain.days import day_key, to_date

PLAN = "plan"  # ref=plan id, seq=revision, day=agreed on, detail=the actions
REFERRAL = "referral"  # ref=referral id, other=partner referred to, kind=service kind
ACCEPTED = "accepted"  # ref=referral id, other=referring partner, day=answered on
DECLINED = "declined"  # the same, kind=decline reason
COMPLETED = "completed"  # the same
OVERLAP = "overlap"  # ref=overlap id, other=`a|b`, kind=service or activity kind, day=since
CONFLICT = "conflict"  # ref=conflict id, other=`a|b`, kind=the fact, day=since

ANSWERS = (ACCEPTED, DECLINED, COMPLETED)


class CoordinationFact(NamedTuple):
    """One plan revision, referral, answer, overlap or conflict, as stored in
    `coordination_fact` (see the constants above)."""

    event_id: str
    what: str
    ref: str
    client: str
    partner: str
    """The partner (its id) that announced it."""
    partner_kind: str
    other: str
    kind: str
    day: int
    seq: int = 0
    detail: str = ""


class Fulfilment(NamedTuple):
    """A record that may fulfil a plan action: who recorded what kind of thing for whom, when
    (as the record stands; a withdrawn one is none)."""

    client: str
    partner: str
    kind: str
    day: int


FULFILMENT_KIND: dict[str, str | None] = {
    "ServiceDelivered": None,  # the specialist's role (the record's dimension)
    "ActivityStarted": None,  # the activity's kind (the record's dimension)
    "EmploymentStarted": Outcome.EMPLOYMENT.value,
    "EmploymentRetained": Outcome.EMPLOYMENT_RETAINED.value,
}
"""The records that fulfil a plan action, and the kind of action each fulfils (None: the
record's own kind), as the partner nodes read their timelines."""


def fulfilment_kind(event_type: str, dim: str) -> str:
    fixed = FULFILMENT_KIND[event_type]
    return fixed if fixed is not None else dim


COORDINATION_TYPES = frozenset(
    {
        "SupportPlanAgreed",
        "SupportPlanRevised",
        "ReferralMade",
        "ReferralAccepted",
        "ReferralDeclined",
        "ReferralCompleted",
        "OverlapFound",
        "DataConflictFound",
    }
)


def coordination_fact_of(event: EventBase) -> CoordinationFact | None:
    """The coordination fact one event tells, if it tells one."""
    if event.type not in COORDINATION_TYPES:  # most events: one set lookup on the hot path
        return None
    event_id = str(event.event_id)
    client = event.client or ""
    partner, kind = event.source.partner_id, event.source.kind.value

    def fact(
        what: str, ref: object, other: str, kind_: str, day: int, seq: int = 0, detail: str = ""
    ) -> CoordinationFact:
        return CoordinationFact(
            event_id, what, str(ref), client, partner, kind, other, kind_, day, seq, detail
        )

    match event:
        case SupportPlanAgreed(payload=p) | SupportPlanRevised(payload=p):
            actions = "\n".join(
                f"{a.action_id}|{a.partner}|{a.kind.value}|{day_key(a.target_on)}"
                for a in p.actions
            )
            return fact(PLAN, p.plan_id, "", "", day_key(p.agreed_on), p.revision, actions)
        case ReferralMade(payload=p):
            made = day_key(p.made_on)
            return fact(REFERRAL, p.referral_id, p.to_partner, p.service_kind.value, made)
        case ReferralAccepted(payload=p):
            return fact(ACCEPTED, p.referral_id, p.referring_partner, "", day_key(p.answered_on))
        case ReferralDeclined(payload=p):
            answered = day_key(p.answered_on)
            return fact(DECLINED, p.referral_id, p.referring_partner, p.reason.value, answered)
        case ReferralCompleted(payload=p):
            return fact(COMPLETED, p.referral_id, p.referring_partner, "", day_key(p.answered_on))
        case OverlapFound(payload=p):
            pair = "|".join(p.partners)
            return fact(OVERLAP, p.overlap_id, pair, p.kind.value, day_key(p.since))
        case DataConflictFound(payload=p):
            pair = "|".join(p.partners)
            return fact(CONFLICT, p.conflict_id, pair, p.fact.value, day_key(p.since))
    return None


# --- the period asked about ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """The period `[first, last]` (day keys) and the day states are judged on."""

    first: int
    last: int
    as_of: int

    def holds(self, day: int) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Scope:
    """Whom a question is about: partners of one kind (or all), clients of one programme (or
    all). `kind_of` names a partner's kind by its id (the agreement's; else the id itself)."""

    partner_kind: str | None = None
    clients: frozenset[str] | None = None
    kind_of: Mapping[str, str] = field(default_factory=dict)

    def partner(self, partner_id: str) -> bool:
        if self.partner_kind is None:
            return True
        return self.kind_of.get(partner_id, partner_id) == self.partner_kind

    def client(self, pseudonym: str) -> bool:
        return self.clients is None or pseudonym in self.clients


# --- referrals ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Referral:
    ref: str
    client: str = ""
    from_partner: str = ""
    to_partner: str = ""
    made_on: int | None = None
    answers: dict[str, int] = field(default_factory=dict)
    """The first day of each answer (`accepted`, `declined`, `completed`)."""

    @property
    def answered_on(self) -> int | None:
        return min(self.answers.values(), default=None)


def referrals_of(facts: Iterable[CoordinationFact]) -> dict[str, Referral]:
    referrals: dict[str, Referral] = {}
    for fact in facts:
        if fact.what != REFERRAL and fact.what not in ANSWERS:
            continue
        found = referrals.setdefault(fact.ref, Referral(fact.ref))
        found.client = found.client or fact.client
        if fact.what == REFERRAL:
            found.from_partner, found.to_partner, found.made_on = fact.partner, fact.other, fact.day
        else:
            if not found.from_partner:  # the referral itself has not arrived (yet)
                found.from_partner, found.to_partner = fact.other, fact.partner
            found.answers[fact.what] = min(fact.day, found.answers.get(fact.what, fact.day))
    return referrals


def days_between(earlier: int, later: int) -> int:
    return (to_date(later) - to_date(earlier)).days


def overdue(referral: Referral, as_of: int, answer_days: int) -> bool:
    """Unanswered on `as_of` more than `answer_days` after it was made (as the partners judge)."""
    if referral.made_on is None or referral.made_on > as_of:
        return False
    answered = referral.answered_on
    if answered is not None and answered <= as_of:
        return False
    return days_between(referral.made_on, as_of) > answer_days


@dataclass(slots=True)
class PairFigures:
    made: int = 0
    accepted: int = 0
    declined: int = 0
    completed: int = 0
    overdue: int = 0
    days_to_answer: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "made": self.made,
            "accepted": self.accepted,
            "declined": self.declined,
            "completed": self.completed,
            "overdue": self.overdue,
            "answered": len(self.days_to_answer),
            "median_days_to_answer": median_text(self.days_to_answer),
        }


def median_text(days: list[int]) -> str | None:
    """The median as a decimal string (`3`, `3.5`), none without a value."""
    if not days:
        return None
    middle = Decimal(str(statistics.median(days)))
    return str(middle.quantize(Decimal(1)) if middle == middle.to_integral() else middle)


def judge_referrals(
    facts: Iterable[CoordinationFact], window: Window, scope: Scope, answer_days: int
) -> dict[str, Any]:
    """Per pair of partners (from → to) and in total."""
    pairs: dict[tuple[str, str], PairFigures] = defaultdict(PairFigures)
    total = PairFigures()
    for referral in referrals_of(facts).values():
        if not scope.client(referral.client):
            continue
        if not (scope.partner(referral.from_partner) or scope.partner(referral.to_partner)):
            continue
        pair = pairs[(referral.from_partner, referral.to_partner)]
        for figures in (pair, total):
            if referral.made_on is not None and window.holds(referral.made_on):
                figures.made += 1
            for answer, day in referral.answers.items():
                if window.holds(day):
                    setattr(figures, answer, getattr(figures, answer) + 1)
            answered = referral.answered_on
            if referral.made_on is not None and answered is not None and window.holds(answered):
                figures.days_to_answer.append(days_between(referral.made_on, answered))
            if overdue(referral, window.as_of, answer_days):
                figures.overdue += 1
    by_pair = [
        {"from": source, "to": target, **figures.as_dict()}
        for (source, target), figures in sorted(pairs.items())
        if figures.made or figures.overdue or figures.days_to_answer or _any_answer(figures)
    ]
    return {**total.as_dict(), "answer_days": answer_days, "by_pair": by_pair}


def _any_answer(figures: PairFigures) -> bool:
    return bool(figures.accepted or figures.declined or figures.completed)


# --- plans ----------------------------------------------------------------------------------------


class Action(NamedTuple):
    action_id: str
    partner: str
    kind: str
    target_on: int


def actions_of(detail: str) -> list[Action]:
    actions = []
    for line in detail.split("\n"):
        if line:
            action_id, partner, kind, target = line.split("|")
            actions.append(Action(action_id, partner, kind, int(target)))
    return actions


@dataclass(slots=True)
class Plan:
    ref: str
    client: str
    revisions: dict[int, CoordinationFact] = field(default_factory=dict)

    @property
    def starts_on(self) -> int:
        """The day of its first agreement (the first revision known)."""
        return self.revisions[min(self.revisions)].day

    def standing_on(self, day: int) -> CoordinationFact | None:
        """The revision that stands on `day`: the latest agreed by then."""
        agreed = [number for number, revision in self.revisions.items() if revision.day <= day]
        return self.revisions[max(agreed)] if agreed else None


DONE = "done"  # zrealizowane w terminie
DONE_LATE = "done_late"  # zrealizowane po terminie
OVERDUE = "overdue"  # termin minął, nic nie zapisano
PENDING = "pending"  # przed terminem


def action_state(action: Action, done_on: int | None, as_of: int) -> tuple[str, int | None]:
    """An action's state on `as_of`, given the first matching record on or after the plan's
    first agreement (`done_on`): the partner nodes' `progress`, read on another day."""
    if done_on is not None and done_on <= as_of:
        return (DONE if done_on <= action.target_on else DONE_LATE), done_on
    return (OVERDUE if as_of > action.target_on else PENDING), None


@dataclass(slots=True)
class PartnerPlanFigures:
    clients: set[str] = field(default_factory=set)
    actions: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    pending: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "clients": len(self.clients),
            "actions": self.actions,
            "done_on_time": self.done,
            "done_late": self.done_late,
            "overdue": self.overdue,
            "pending": self.pending,
        }


def first_done(
    fulfilments: Iterable[Fulfilment],
) -> dict[tuple[str, str, str], list[int]]:
    """Each `(client, partner, kind)`'s record days, in order."""
    days: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for found in fulfilments:
        days[(found.client, found.partner, found.kind)].append(found.day)
    for found_days in days.values():
        found_days.sort()
    return days


def judge_plans(
    facts: Iterable[CoordinationFact],
    fulfilments: Iterable[Fulfilment],
    window: Window,
    scope: Scope,
) -> dict[str, Any]:
    """Clients with a plan, and per partner the actions done on time, late, overdue, pending."""
    plans: dict[str, Plan] = {}
    for fact in facts:
        if fact.what == PLAN and scope.client(fact.client):
            plans.setdefault(fact.ref, Plan(fact.ref, fact.client)).revisions[fact.seq] = fact
    records = first_done(fulfilments)
    by_partner: dict[str, PartnerPlanFigures] = defaultdict(PartnerPlanFigures)
    total = PartnerPlanFigures()
    clients: set[str] = set()
    counted_plans = 0
    for plan in plans.values():
        standing = plan.standing_on(window.as_of)
        if standing is None:
            continue
        actions = [a for a in actions_of(standing.detail) if scope.partner(a.partner)]
        if not actions:
            continue
        counted_plans += 1
        clients.add(plan.client)
        for action in actions:
            days = records.get((plan.client, action.partner, action.kind), [])
            done_on = next((day for day in days if day >= plan.starts_on), None)
            state, done = action_state(action, done_on, window.as_of)
            for figures in (by_partner[action.partner], total):
                figures.clients.add(plan.client)
                figures.actions += 1
                if state in (DONE, DONE_LATE):
                    if done is not None and window.holds(done):
                        setattr(figures, state, getattr(figures, state) + 1)
                else:
                    setattr(figures, state, getattr(figures, state) + 1)
    return {
        "clients_with_plan": len(clients),
        "plans": counted_plans,
        **{k: v for k, v in total.as_dict().items() if k != "clients"},
        "by_partner": {partner: f.as_dict() for partner, f in sorted(by_partner.items())},
    }


def plan_clients(facts: Iterable[CoordinationFact]) -> set[str]:
    """The clients some plan is for (whose records may fulfil its actions)."""
    return {fact.client for fact in facts if fact.what == PLAN and fact.client}


# --- overlaps and conflicts ----------------------------------------------------------------------


def judge_findings(
    facts: Iterable[CoordinationFact], what: str, window: Window, scope: Scope
) -> dict[str, Any]:
    """Distinct overlaps (or conflicts) whose `since` falls in the period: in total, by kind (or
    fact), and by partner (each of the pair)."""
    found: dict[str, CoordinationFact] = {}
    for fact in facts:
        if fact.what != what or not window.holds(fact.day) or not scope.client(fact.client):
            continue
        if not any(scope.partner(p) for p in fact.other.split("|")):
            continue
        found.setdefault(fact.ref, fact)
    by_kind: dict[str, int] = defaultdict(int)
    by_partner: dict[str, int] = defaultdict(int)
    for fact in found.values():
        by_kind[fact.kind] += 1
        for partner in fact.other.split("|"):
            by_partner[partner] += 1
    key = "by_kind" if what == OVERLAP else "by_fact"
    return {
        "total": len(found),
        key: dict(sorted(by_kind.items())),
        "by_partner": dict(sorted(by_partner.items())),
    }


def judge_coordination(
    facts: list[CoordinationFact],
    fulfilments: Iterable[Fulfilment],
    window: Window,
    scope: Scope,
    answer_days: int,
) -> dict[str, Any]:
    """The summary's `referrals`, `plans`, `overlaps` and `conflicts`."""
    return {
        "referrals": judge_referrals(facts, window, scope, answer_days),
        "plans": judge_plans(facts, fulfilments, window, scope),
        "overlaps": judge_findings(facts, OVERLAP, window, scope),
        "conflicts": judge_findings(facts, CONFLICT, window, scope),
    }


@dataclass(frozen=True, slots=True)
class Terms:
    """What the partnership agreement says that these figures need: when a referral is overdue,
    and each partner's kind (for the partner filter)."""

    referral_answer_days: int = 14
    kind_of: Mapping[str, str] = field(default_factory=dict)
