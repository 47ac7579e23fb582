"""Individual support plans (IPW, indywidualny plan wsparcia) and their progress.

A plan is agreed jointly by the team of specialists (zespół specjalistów) for one client: actions,
each assigned to one partner, with a kind (a specialist's service, an activity, an outcome) and a
target date. The partner whose node made the plan keeps it: only it revises it; a revision names
the meeting that agreed it and replaces the actions, and the plan keeps every revision.

Progress is not typed in: it is read off the client's timeline. An action is done when the partner
it is assigned to records something of its kind on or after the day the plan was first agreed
(a session of that specialist, the start of that activity, a job taken or still held); done late
when that came after the target date; overdue when nothing came and the target date has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.timeline import Entry
from partnership_shared.events.vocabulary import ActivityKind, Outcome, SpecialistRole

ActionKind = ActivityKind | SpecialistRole | Outcome


def action_kind(value: str) -> ActionKind:
    """A plan action's kind from its stored value (the three vocabularies share no value)."""
    for vocabulary in (SpecialistRole, ActivityKind, Outcome):
        try:
            return vocabulary(value)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is no kind of action")


@dataclass(frozen=True)
class PlanAction:
    action_id: str
    partner: str
    kind: ActionKind
    target_on: date


@dataclass(frozen=True)
class PlanRevision:
    """The actions as one meeting of the team agreed them."""

    revision: int
    agreed_on: date
    team_meeting_on: date
    actions: tuple[PlanAction, ...]
    event_id: str


@dataclass
class Plan:
    id: str
    client: str
    """The client's pseudonym (the plan is known to every partner that knows the client)."""
    owner: str
    revisions: list[PlanRevision] = field(default_factory=list)
    family: str | None = None

    @property
    def current(self) -> PlanRevision:
        return self.revisions[-1]

    @property
    def starts_on(self) -> date:
        return self.revisions[0].agreed_on

    def with_revision(self, revision: PlanRevision) -> Plan:
        """The plan with a revision added in its place (an older one arriving late goes before)."""
        kept = [r for r in self.revisions if r.revision != revision.revision]
        ordered = sorted([*kept, revision], key=lambda r: r.revision)
        return Plan(self.id, self.client, self.owner, ordered, self.family)


# --- the rules of a plan --------------------------------------------------------------------------


def check_owner(plan: Plan, partner_id: str) -> None:
    """Only the partner that made a plan changes it."""
    if plan.owner != partner_id:
        raise Conflict("plan_id", "plan.not_owner", owner=plan.owner)


def check_revision(
    agreed_on: date,
    team_meeting_on: date,
    actions: Sequence[PlanAction],
    partners: Iterable[str],
    previous: PlanRevision | None,
) -> None:
    """A revision's dates and actions: partners of the partnership, targets after agreement
    (but for an action kept from the previous revision as it was)."""
    if team_meeting_on > agreed_on:
        raise Rejected("team_meeting_on", "plan.meeting_after_agreement", agreed_date=agreed_on)
    if previous is not None and agreed_on < previous.agreed_on:
        raise Rejected(
            "agreed_on",
            "plan.before_previous",
            revision=previous.revision,
            agreed_date=previous.agreed_on,
        )
    known = set(partners)
    kept = {(a.action_id, a.target_on) for a in previous.actions} if previous else set()
    seen: set[str] = set()
    for number, action in enumerate(actions):
        if action.partner not in known:
            raise Rejected(f"actions.{number}.partner", "partner.unknown", partner=action.partner)
        # An action kept as it was may keep a target already past (it may well be done).
        if (action.action_id, action.target_on) not in kept and action.target_on < agreed_on:
            raise Rejected(
                f"actions.{number}.target_on", "plan.target_before_agreement", agreed_date=agreed_on
            )
        if action.action_id in seen:
            raise Rejected(f"actions.{number}.action_id", "plan.action_twice")
        seen.add(action.action_id)


# --- progress -----------------------------------------------------------------------------------


class ActionState(StrEnum):
    DONE = "done"  # zrealizowane w terminie
    DONE_LATE = "done_late"  # zrealizowane po terminie
    OVERDUE = "overdue"  # termin minął, nic nie zapisano
    PENDING = "pending"  # przed terminem


@dataclass(frozen=True)
class ActionProgress:
    action: PlanAction
    state: ActionState
    done_on: date | None = None


FULFILS: dict[str, str] = {
    "ServiceDelivered": "role",
    "ActivityStarted": "kind",
}
"""Which detail of which event names the kind of action it fulfils."""

OUTCOMES: dict[str, Outcome] = {
    "EmploymentStarted": Outcome.EMPLOYMENT,
    "EmploymentRetained": Outcome.EMPLOYMENT_RETAINED,
}


def fulfils(entry: Entry) -> str | None:
    """The kind of plan action an entry fulfils, if any."""
    if entry.type in OUTCOMES:
        return OUTCOMES[entry.type].value
    detail = FULFILS.get(entry.type)
    return str(entry.details[detail]) if detail else None


def progress(plan: Plan, entries: Iterable[Entry], today: date) -> list[ActionProgress]:
    """Each current action, done (on time or late), overdue or pending, as the timeline says."""
    first_done: dict[tuple[str, str], date] = {}
    for entry in entries:
        kind = fulfils(entry)
        if entry.withdrawn or kind is None or entry.on < plan.starts_on:
            continue
        key = (entry.partner, kind)
        if key not in first_done or entry.on < first_done[key]:
            first_done[key] = entry.on
    states = []
    for action in plan.current.actions:
        done_on = first_done.get((action.partner, action.kind.value))
        if done_on is not None:
            state = ActionState.DONE if done_on <= action.target_on else ActionState.DONE_LATE
        else:
            state = ActionState.OVERDUE if today > action.target_on else ActionState.PENDING
        states.append(ActionProgress(action, state, done_on))
    return states
