"""What staff read of the coordination between partners: timelines, plans, referrals, warnings.

Answers name partners by the agreement's names and kinds in the reader's language (Polish unless
English is asked for); clients by this node's own ids. Pseudonyms never appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from partnership_partner.domain import scope
from partnership_partner.domain.messages import WARNING_CATALOGUE
from partnership_partner.domain.overlaps import DataConflict, Overlap
from partnership_partner.domain.plans import ActionProgress, ActionState, Plan, PlanAction
from partnership_partner.domain.referrals import Referral, ReferralStatus
from partnership_partner.domain.timeline import Entry, shown_details
from partnership_partner.entrypoints.errors import written
from partnership_partner.entrypoints.views import WarningOut
from partnership_partner.service_layer.context import NodeContext
from partnership_shared.events import labels as L
from partnership_shared.events.vocabulary import DeclineReason
from partnership_shared.i18n import Formatter, Lang


def partner_name(ctx: NodeContext, partner_id: str) -> str:
    """The partner as the agreement names it (its kind in capitals where it gives no name)."""
    return scope.partner_name(ctx.agreement, partner_id)


# --- warnings ------------------------------------------------------------------------------------


def overlap_out(
    ctx: NodeContext, lang: Lang, overlap: Overlap, number: int | None = None
) -> WarningOut:
    values = {
        "partner": partner_name(ctx, overlap.other),
        "kind": L.label(L.KINDS, overlap.kind, lang),
        "since_date": overlap.since,
        "number": number,
    }
    code = "overlap" if number is None else "overlap.planned"
    return WarningOut(
        kind="overlap",
        partner_id=overlap.other,
        partner=partner_name(ctx, overlap.other),
        subject=overlap.kind,
        since=overlap.since,
        message=WARNING_CATALOGUE.text(lang, code, **written(lang, values)),
    )


def conflict_out(ctx: NodeContext, lang: Lang, conflict: DataConflict) -> WarningOut:
    values = {
        "partner": partner_name(ctx, conflict.other),
        "fact": L.label(L.CLIENT_FACTS, conflict.fact, lang),
    }
    return WarningOut(
        kind="conflict",
        partner_id=conflict.other,
        partner=partner_name(ctx, conflict.other),
        subject=conflict.fact.value,
        since=conflict.since,
        message=WARNING_CATALOGUE.text(lang, "conflict", **values),
    )


# --- the timeline --------------------------------------------------------------------------------


class TimelineEntryOut(BaseModel):
    on: date
    partner_id: str
    partner: str
    own: bool
    type: str
    label: str
    details: dict[str, Any]
    corrected: bool
    withdrawn: bool


class TimelineOut(BaseModel):
    """What every partner did for the client, by day; each entry names its partner."""

    client_id: str
    total: int
    limit: int
    offset: int
    entries: list[TimelineEntryOut]


def entry_out(ctx: NodeContext, lang: Lang, entry: Entry) -> TimelineEntryOut:
    details = shown_details(entry, ctx.partner_id, ctx.agreement.coordination.share_amounts)
    return TimelineEntryOut(
        on=entry.on,
        partner_id=entry.partner,
        partner=partner_name(ctx, entry.partner),
        own=entry.partner == ctx.partner_id,
        type=entry.type,
        label=describe(ctx, lang, entry.type, details),
        details=details,
        corrected=entry.corrected,
        withdrawn=entry.withdrawn,
    )


def describe(ctx: NodeContext, lang: Lang, type_name: str, d: Mapping[str, Any]) -> str:
    """One line saying what happened, in the reader's words."""
    fmt = Formatter(lang)
    what = L.label(L.EVENT_TYPES, type_name, lang)
    more: list[str] = []
    match type_name:
        case "ServiceDelivered":
            more = [
                L.label(L.SPECIALIST_ROLES, d["role"], lang),
                fmt.hours(d["hours"]),
                L.label(L.SERVICE_MODES, d["mode"], lang),
            ]
        case "ActivityStarted" | "ActivityCompleted" | "ActivityAbandoned":
            return f"{L.label(L.ACTIVITY_KINDS, d['kind'], lang)}: {what}"
        case "EmploymentStarted" | "EmploymentEnded" | "EmploymentRetained":
            more = [L.label(L.CONTRACT_TYPES, d["contract_type"], lang)]
        case "BenefitPaid":
            more = [L.label(L.PAYMENT_BASES, d["basis"], lang)]
            if "amount" in d:
                more.append(fmt.money(d["amount"]))
        case "ClientExited" | "FamilyExited":
            more = [L.label(L.EXIT_REASONS, d["reason"], lang)]
        case "ContractSigned":
            more = [L.label(L.CONTRACT_KINDS, d["kind"], lang)]
        case "SupportPlanAgreed" | "SupportPlanRevised":
            more = [
                _word(lang, "revision", n=d["revision"]),
                _word(lang, "actions", n=len(d["actions"])),
            ]
        case "ReferralMade":
            more = [
                _word(lang, "to", partner=partner_name(ctx, d["to_partner"])),
                L.label(L.KINDS, d["service_kind"], lang),
            ]
        case "ReferralAccepted" | "ReferralDeclined" | "ReferralCompleted":
            more = [_word(lang, "from", partner=partner_name(ctx, d["referring_partner"]))]
            if "reason" in d:
                more.append(L.label(L.DECLINE_REASONS, d["reason"], lang))
        case "OverlapFound" | "DataConflictFound":
            subject = d.get("kind") or d.get("fact")
            vocabulary = L.KINDS if "kind" in d else L.CLIENT_FACTS
            pair = " / ".join(partner_name(ctx, p) for p in d["partners"])
            more = [L.label(vocabulary, subject, lang), pair]
    return " — ".join([what, ", ".join(str(part) for part in more)]) if more else what


_WORDS = {
    "revision": ("wersja {n}", "revision {n}"),
    "actions": ("działań: {n}", "actions: {n}"),
    "to": ("do: {partner}", "to {partner}"),
    "from": ("od: {partner}", "from {partner}"),
}


def _word(lang: Lang, key: str, **values: object) -> str:
    return _WORDS[key][0 if lang == "pl" else 1].format(**values)


# --- plans ---------------------------------------------------------------------------------------


class PlannedActionOut(BaseModel):
    action_id: str
    partner_id: str
    partner: str
    kind: str
    kind_label: str
    target_on: date


class ActionProgressOut(PlannedActionOut):
    state: ActionState
    done_on: date | None


class PlanRevisionOut(BaseModel):
    revision: int
    agreed_on: date
    team_meeting_on: date
    actions: list[PlannedActionOut]


class ProgressOut(BaseModel):
    done: int
    done_late: int
    overdue: int
    pending: int


class PlanOut(BaseModel):
    """An individual support plan: its actions now, how far each got, and every revision."""

    id: str
    client_id: str
    owner: str
    owner_name: str
    changeable: bool
    revision: int
    agreed_on: date
    team_meeting_on: date
    actions: list[ActionProgressOut]
    progress: ProgressOut
    revisions: list[PlanRevisionOut]
    warnings: list[WarningOut] = []


def _action(ctx: NodeContext, lang: Lang, action: PlanAction) -> dict[str, Any]:
    return {
        "action_id": action.action_id,
        "partner_id": action.partner,
        "partner": partner_name(ctx, action.partner),
        "kind": action.kind.value,
        "kind_label": L.label(L.KINDS, action.kind, lang),
        "target_on": action.target_on,
    }


def plan_out(
    ctx: NodeContext,
    lang: Lang,
    plan: Plan,
    client_id: str,
    states: list[ActionProgress],
    warnings: list[WarningOut] | None = None,
) -> PlanOut:
    counts = {state: sum(1 for s in states if s.state is state) for state in ActionState}
    current = plan.current
    return PlanOut(
        id=plan.id,
        client_id=client_id,
        owner=plan.owner,
        owner_name=partner_name(ctx, plan.owner),
        changeable=plan.owner == ctx.partner_id,
        revision=current.revision,
        agreed_on=current.agreed_on,
        team_meeting_on=current.team_meeting_on,
        actions=[
            ActionProgressOut(**_action(ctx, lang, s.action), state=s.state, done_on=s.done_on)
            for s in states
        ],
        progress=ProgressOut(**{state.value: n for state, n in counts.items()}),
        revisions=[
            PlanRevisionOut(
                revision=r.revision,
                agreed_on=r.agreed_on,
                team_meeting_on=r.team_meeting_on,
                actions=[PlannedActionOut(**_action(ctx, lang, a)) for a in r.actions],
            )
            for r in plan.revisions
        ],
        warnings=warnings or [],
    )


# --- referrals -----------------------------------------------------------------------------------


class ReferralOut(BaseModel):
    id: str
    client_id: str | None
    """This node's client; none where the person is not registered here yet."""
    person_known: bool
    direction: Literal["incoming", "outgoing", "between_others"]
    from_partner: str
    from_partner_name: str
    to_partner: str
    to_partner_name: str
    service_kind: str
    service_label: str
    made_on: date
    consent_on: date
    due_on: date
    overdue: bool
    status: ReferralStatus
    answered_on: date | None
    completed_on: date | None
    decline_reason: DeclineReason | None
    plan_action_id: str | None
    note: str | None


def referral_out(
    ctx: NodeContext, lang: Lang, referral: Referral, client_id: str | None
) -> ReferralOut:
    days = ctx.agreement.coordination.referral_answer_days
    direction: Literal["incoming", "outgoing", "between_others"] = (
        "incoming"
        if referral.to_partner == ctx.partner_id
        else "outgoing"
        if referral.from_partner == ctx.partner_id
        else "between_others"
    )
    return ReferralOut(
        id=referral.id,
        client_id=client_id,
        person_known=client_id is not None,
        direction=direction,
        from_partner=referral.from_partner,
        from_partner_name=partner_name(ctx, referral.from_partner),
        to_partner=referral.to_partner,
        to_partner_name=partner_name(ctx, referral.to_partner),
        service_kind=referral.service_kind.value,
        service_label=L.label(L.KINDS, referral.service_kind, lang),
        made_on=referral.made_on,
        consent_on=referral.consent_on,
        due_on=referral.due_on(days),
        overdue=referral.overdue(ctx.today(), days),
        status=referral.status,
        answered_on=referral.answered_on,
        completed_on=referral.completed_on,
        decline_reason=referral.decline_reason,
        plan_action_id=referral.plan_action_id,
        note=referral.note,
    )
