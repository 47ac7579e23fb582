"""What the client card and "My day" show of the coordination between partners: the plan with its
progress, open referrals, the shared timeline, duplication warnings and data conflicts.

Everything is read through the service layer's handlers and worded by `coordination_views` (the
same words the API answers with); this module only lays it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.messages import WARNING_CATALOGUE
from partnership_partner.domain.plans import ActionState
from partnership_partner.domain.referrals import Referral, ReferralStatus
from partnership_partner.domain.timeline import Entry
from partnership_partner.entrypoints.coordination_views import (
    PlanOut,
    ReferralOut,
    entry_out,
    partner_name,
    plan_out,
    referral_out,
)
from partnership_partner.entrypoints.errors import written
from partnership_partner.entrypoints.web.extension import AttentionItem, Cell, Link, Section
from partnership_partner.entrypoints.web.page import View
from partnership_partner.service_layer.handlers import plans
from partnership_partner.service_layer.handlers.timeline import client_timeline
from partnership_shared.events import labels as L

FINDINGS = ("OverlapFound", "DataConflictFound")
LISTED = 30
PLANS_CHECKED = 60
"""Plans "My day" follows for overdue actions (those whose earliest target date passed first)."""
OPEN = (ReferralStatus.MADE.value, ReferralStatus.ACCEPTED.value)


# --- warnings ------------------------------------------------------------------------------------


def warning_text(v: View, entry: Entry) -> str:
    """An overlap or a data conflict on the client's timeline, naming the other partner."""
    d = entry.details
    mine = v.node.context.partner_id
    others = [p for p in d.get("partners", ()) if p != mine] or list(d.get("partners", ()))
    partner = " / ".join(partner_name(v.node.context, p) for p in others)
    if entry.type == "OverlapFound":
        values = {
            "partner": partner,
            "kind": L.label(L.KINDS, d.get("kind"), v.lang),
            "since_date": date.fromisoformat(str(d["since"])),
        }
        return WARNING_CATALOGUE.text(v.lang, "overlap", **written(v.lang, values))
    fact = L.label(L.CLIENT_FACTS, d.get("fact"), v.lang)
    return WARNING_CATALOGUE.text(v.lang, "conflict", partner=partner, fact=fact)


def findings_of(entries: Iterable[Entry]) -> list[Entry]:
    """The overlaps and conflicts among a client's entries, once each (both partners may tell)."""
    seen: set[str] = set()
    found = []
    for entry in entries:
        if entry.type not in FINDINGS:
            continue
        ident = str(entry.details.get("overlap_id") or entry.details.get("conflict_id"))
        if ident not in seen:
            seen.add(ident)
            found.append(entry)
    return found


async def record_warnings(
    v: View, uow: SqlUnitOfWork, client_ids: list[str], kind: str
) -> list[str]:
    """The duplication warnings about this kind of support for these clients (a record's page
    says them, so whoever just saved the record reads which partner already gives it)."""
    messages: list[str] = []
    for client_id in client_ids:
        _, entries = await client_timeline(uow, client_id)
        messages += [
            warning_text(v, e)
            for e in findings_of(entries)
            if e.type == "OverlapFound" and str(e.details.get("kind")) == kind
        ]
    return list(dict.fromkeys(messages))


async def warnings_section(v: View, uow: SqlUnitOfWork, client: Any) -> Section | None:
    _, entries = await client_timeline(uow, client.id)
    found = findings_of(entries)
    if not found:
        return None
    return Section(
        "warnings",
        v.t("card.warnings"),
        (v.t("warning.since"), v.t("warning.what")),
        tuple((Cell(v.date(e.on)), Cell(warning_text(v, e))) for e in found),
        slot="warnings",
    )


# --- the plan ------------------------------------------------------------------------------------


async def client_plans(v: View, uow: SqlUnitOfWork, client_id: str) -> list[PlanOut]:
    ctx = v.node.context
    _, found = await plans.plans_of(uow, client_id)
    return [
        plan_out(ctx, v.lang, plan, client_id, await plans.plan_progress(uow, ctx, plan))
        for plan in found
    ]


def plan_title(v: View, plan: PlanOut) -> str:
    heading = v.t(
        "plan.heading",
        owner=plan.owner_name,
        revision=plan.revision,
        date=v.date(plan.team_meeting_on),
    )
    return f"{heading} — {v.t('plan.progress', **plan.progress.model_dump())}"


def action_rows(v: View, plan: PlanOut) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            Cell(a.partner),
            Cell(a.kind_label),
            Cell(v.date(a.target_on)),
            Cell(v.t(f"state.{a.state.value}"), note=v.date(a.done_on) or None),
        )
        for a in sorted(
            plan.actions, key=lambda a: (a.state is not ActionState.OVERDUE, a.target_on)
        )
    )


async def plan_section(v: View, uow: SqlUnitOfWork, client: Any) -> Section:
    found = await client_plans(v, uow, client.id)
    columns = (v.t("field.partner"), v.t("field.kind"), v.t("field.target_on"), v.t("plan.state"))
    if not found:
        actions = (
            (Link(v.t("action.plan"), f"/clients/{client.id}/plans/new"),) if v.can_write else ()
        )
        return Section(
            "plan", v.t("card.plan"), empty=v.t("plan.none"), actions=actions, slot="plan"
        )
    plan = found[-1]  # the latest agreed; earlier ones stay on their own pages
    links = [Link(v.t("action.open_plan"), f"/plans/{p.id}") for p in found]
    if plan.changeable and v.can_write:
        links.append(Link(v.t("action.revise"), f"/plans/{plan.id}/revise"))
    return Section(
        "plan",
        plan_title(v, plan),
        columns,
        action_rows(v, plan),
        actions=tuple(links),
        slot="plan",
    )


# --- referrals -----------------------------------------------------------------------------------


def referral_state(v: View, r: ReferralOut) -> Cell:
    note = v.t("inbox.overdue") if r.overdue else None
    return Cell(v.t(f"status.{r.status.value}"), note=note)


async def referrals_section(v: View, uow: SqlUnitOfWork, client: Any) -> Section:
    R = db.referrals
    _, found = await uow.referrals.page(
        R.c.client == client.pseudonym,
        R.c.status.in_(OPEN),
        order_by=(R.c.made_on, R.c.id),
        limit=100,
        offset=0,
    )
    shown = sorted(
        (referral_out(v.node.context, v.lang, r, client.id) for r in found),
        key=lambda r: (not r.overdue, r.made_on),
    )
    actions = (
        (Link(v.t("action.refer"), f"/clients/{client.id}/referrals/new"),) if v.can_write else ()
    )
    return Section(
        "referrals",
        v.t("card.referrals"),
        (
            v.t("inbox.made"),
            v.t("inbox.from"),
            v.t("inbox.to"),
            v.t("inbox.kind"),
            v.t("inbox.state"),
        ),
        tuple(
            (
                Cell(v.date(r.made_on), "/referrals"),
                Cell(r.from_partner_name),
                Cell(r.to_partner_name),
                Cell(r.service_label),
                referral_state(v, r),
            )
            for r in shown
        ),
        v.t("card.no_referrals"),
        actions,
        slot="referrals",
    )


# --- the shared timeline -------------------------------------------------------------------------


async def timeline_section(v: View, uow: SqlUnitOfWork, client: Any) -> Section:
    _, entries = await client_timeline(uow, client.id)
    ctx = v.node.context
    shown = [entry_out(ctx, v.lang, e) for e in entries if not e.withdrawn]
    return Section(
        "timeline",
        v.t("card.timeline"),
        (v.t("timeline.on"), v.t("timeline.partner"), v.t("timeline.what")),
        tuple(
            (
                Cell(v.date(e.on)),
                Cell(e.partner),
                Cell(e.label, note=v.t("timeline.corrected") if e.corrected else None),
            )
            for e in shown
        ),
        v.t("card.no_timeline"),
        slot="timeline",
    )


# --- "My day" ------------------------------------------------------------------------------------


async def names_by_pseudonym(
    uow: SqlUnitOfWork, pseudonyms: Iterable[str]
) -> dict[str, tuple[str, str]]:
    """This node's clients by pseudonym: (id, "First Last")."""
    wanted = list(set(pseudonyms))
    if not wanted:
        return {}
    c = db.clients.c
    rows = (
        await uow.session.execute(
            select(c.pseudonym, c.id, c.first_name, c.last_name).where(c.pseudonym.in_(wanted))
        )
    ).all()
    return {r.pseudonym: (r.id, f"{r.first_name} {r.last_name}") for r in rows}


async def referrals_attention(v: View, uow: SqlUnitOfWork) -> list[AttentionItem]:
    """Referrals waiting for this node's answer, and any overdue, in or out (overdue first)."""
    ctx = v.node.context
    mine = ctx.partner_id
    R = db.referrals
    _, found = await uow.referrals.page(
        R.c.status == ReferralStatus.MADE.value,
        or_(R.c.to_partner == mine, R.c.from_partner == mine),
        order_by=(R.c.made_on, R.c.id),
        limit=LISTED,
        offset=0,
    )
    names = await names_by_pseudonym(uow, (r.client for r in found))
    items = []
    for referral in found:
        out = referral_out(ctx, v.lang, referral, names.get(referral.client, ("", ""))[0] or None)
        items.append(_referral_item(v, referral, out, names))
    return items


def _referral_item(
    v: View, referral: Referral, r: ReferralOut, names: dict[str, tuple[str, str]]
) -> AttentionItem:
    client_id, name = names.get(referral.client, ("", v.t("inbox.unknown_person")))
    if r.overdue:
        direction = (
            v.t("day.received", partner=r.from_partner_name)
            if r.direction == "incoming"
            else v.t("day.sent", partner=r.to_partner_name)
        )
        text = v.t(
            "day.referral_overdue",
            direction=direction,
            kind=r.service_label,
            client=name,
            date=v.date(r.made_on),
        )
        rank = 10
    else:
        text = v.t(
            "day.referral_waiting",
            kind=r.service_label,
            partner=r.from_partner_name,
            date=v.date(r.made_on),
        )
        rank = 30
    clients = (client_id,) if client_id else ()
    return AttentionItem("referral", text, "/referrals", rank=rank, clients=clients)


async def plans_attention(v: View, uow: SqlUnitOfWork) -> list[AttentionItem]:
    """Overdue actions of plans of this node's clients: those assigned to this partner, and all
    of the plans this partner keeps."""
    ctx = v.node.context
    mine = ctx.partner_id
    A, P = db.plan_actions, db.plans
    known = select(db.clients.c.pseudonym)
    rows = (
        await uow.session.execute(
            select(P.c.id)
            .join(A, A.c.plan_id == P.c.id)
            .where(
                A.c.target_on < ctx.today(),
                or_(A.c.partner_id == mine, P.c.owner == mine),
                P.c.client.in_(known),
            )
            .group_by(P.c.id)
            .order_by(func.min(A.c.target_on))
            .limit(PLANS_CHECKED)
        )
    ).all()
    items: list[AttentionItem] = []
    for row in rows:
        plan = await uow.plans.get(row.id)
        if plan is None:
            continue
        names = await names_by_pseudonym(uow, [plan.client])
        client_id, name = names.get(plan.client, ("", ""))
        for state in await plans.plan_progress(uow, ctx, plan):
            action = state.action
            if state.state is not ActionState.OVERDUE:
                continue
            if action.partner != mine and plan.owner != mine:
                continue
            text = v.t(
                "day.action_overdue",
                kind=L.label(L.KINDS, action.kind, v.lang),
                partner=partner_name(ctx, action.partner),
                date=v.date(action.target_on),
                client=name,
            )
            items.append(
                AttentionItem("plan", text, f"/clients/{client_id}", rank=20, clients=(client_id,))
            )
        if len(items) >= LISTED:
            break
    return items[:LISTED]


async def without_plan(v: View, uow: SqlUnitOfWork) -> list[AttentionItem]:
    """Clients enrolled here, not gone, whom no partner's plan covers yet."""
    c = db
    query = (
        select(c.clients.c.id, c.clients.c.first_name, c.clients.c.last_name)
        .join(c.enrolments, c.enrolments.c.client_id == c.clients.c.id)
        .where(
            c.enrolments.c.withdrawn.is_(False),
            c.enrolments.c.exited_on.is_(None),
            c.clients.c.pseudonym.not_in(select(c.plans.c.client)),
        )
        .order_by(c.clients.c.last_name, c.clients.c.first_name)
        .limit(LISTED)
    )
    rows = (await uow.session.execute(query)).all()
    return [
        AttentionItem(
            "no_plan",
            v.t("day.no_plan", client=f"{r.first_name} {r.last_name}"),
            f"/clients/{r.id}",
            rank=45,
            clients=(r.id,),
        )
        for r in rows
    ]


async def warnings_attention(v: View, uow: SqlUnitOfWork) -> list[AttentionItem]:
    """Overlaps and conflicts of the last 30 days about this node's clients."""
    T = db.timeline_entries
    since = v.node.context.today() - timedelta(days=30)
    rows = (
        await uow.session.execute(
            select(T.c.client)
            .where(T.c.type.in_(FINDINGS), T.c.day >= since, T.c.client.is_not(None))
            .group_by(T.c.client)
            .limit(LISTED)
        )
    ).all()
    names = await names_by_pseudonym(uow, (r.client for r in rows))
    items: list[AttentionItem] = []
    for pseudonym, (client_id, name) in names.items():
        entries = await uow.timeline.of_client(pseudonym)
        for entry in findings_of(entries):
            if entry.on < since:
                continue
            text = v.t("day.warning", client=name, message=warning_text(v, entry))
            items.append(
                AttentionItem(
                    "warning", text, f"/clients/{client_id}", rank=35, clients=(client_id,)
                )
            )
    return items
