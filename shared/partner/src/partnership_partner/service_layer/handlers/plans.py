"""Individual support plans: agreed and revised by the node that made them, seen by every node
that knows the client, their progress read off the client's timeline."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from partnership_partner.domain.errors import Conflict, NotFound, Rejected
from partnership_partner.domain.model import Client
from partnership_partner.domain.plans import (
    ActionProgress,
    Plan,
    PlanAction,
    PlanRevision,
    check_owner,
    check_revision,
    progress,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.common import (
    client_of,
    enrolled_client,
    found,
    new_id,
)
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev


def _actions(items: list[cmd.PlannedActionIn]) -> list[PlanAction]:
    return [
        PlanAction(
            str(item.action_id) if item.action_id else new_id(),
            item.partner,
            item.kind,
            item.target_on,
        )
        for item in items
    ]


def _payload(plan: Plan, revision: PlanRevision) -> ev.SupportPlanPayload:
    return ev.SupportPlanPayload(
        plan_id=UUID(plan.id),
        revision=revision.revision,
        agreed_on=revision.agreed_on,
        team_meeting_on=revision.team_meeting_on,
        family=plan.family,
        actions=tuple(
            ev.PlannedAction(
                action_id=UUID(action.action_id),
                partner=action.partner,
                kind=action.kind,
                target_on=action.target_on,
            )
            for action in revision.actions
        ),
    )


def _partners(ctx: NodeContext) -> list[str]:
    return [partner.id for partner in ctx.agreement.partners]


async def agree_plan(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.AgreePlan
) -> Plan:
    """A plan for a client of this node, agreed by the team; this node keeps it."""
    meeting = command.team_meeting_on or command.agreed_on
    ctx.check_day("agreed_on", command.agreed_on)
    ctx.check_day("team_meeting_on", meeting)
    client, _ = await enrolled_client(uow, client_id, "client_id", command.agreed_on, "agreed_on")
    family: str | None = None
    if command.family_id is not None:
        unit = await found(uow.families, command.family_id, "family_id", "family")
        if client.id not in unit.member_ids:
            raise Rejected("family_id", "plan.client_not_in_family")
        family = unit.pseudonym
    actions = _actions(command.actions)
    check_revision(command.agreed_on, meeting, actions, _partners(ctx), None)
    await _check_new_ids(uow, command.actions, keeps=set())
    plan = Plan(new_id(), client.pseudonym, ctx.partner_id, family=family)
    return await _announce(
        uow,
        plan,
        PlanRevision(1, command.agreed_on, meeting, tuple(actions), ""),
        ev.SupportPlanAgreed,
    )


async def revise_plan(
    uow: UnitOfWork, ctx: NodeContext, plan_id: object, command: cmd.RevisePlan
) -> Plan:
    """The team agreed the plan anew: its actions now, the earlier ones kept as history."""
    plan = await found(uow.plans, plan_id, "plan_id", "plan")
    check_owner(plan, ctx.partner_id)
    meeting = command.team_meeting_on or command.agreed_on
    ctx.check_day("agreed_on", command.agreed_on)
    ctx.check_day("team_meeting_on", meeting)
    client = await _client(uow, plan)
    await enrolled_client(uow, client.id, "plan_id", command.agreed_on, "agreed_on")
    await _check_new_ids(uow, command.actions, keeps={a.action_id for a in plan.current.actions})
    actions = _actions(command.actions)
    check_revision(command.agreed_on, meeting, actions, _partners(ctx), plan.current)
    revision = PlanRevision(
        plan.current.revision + 1, command.agreed_on, meeting, tuple(actions), ""
    )
    return await _announce(uow, plan, revision, ev.SupportPlanRevised)


async def _check_new_ids(
    uow: UnitOfWork, items: list[cmd.PlannedActionIn], keeps: set[str]
) -> None:
    """An action's id is the plan's own: one that stays from the previous revision, a new one,
    or one staff chose (so that a referral can name it) that no other plan has."""
    for number, item in enumerate(items):
        ident = str(item.action_id) if item.action_id else None
        if ident is not None and ident not in keeps and await uow.plans.with_action(ident):
            raise Conflict(f"actions.{number}.action_id", "plan.action_taken")


async def _announce(
    uow: UnitOfWork,
    plan: Plan,
    revision: PlanRevision,
    event_class: type[ev.SupportPlanAgreed] | type[ev.SupportPlanRevised],
) -> Plan:
    event_id = uow.announce(
        event_class,
        _payload(plan, revision),
        client=plan.client,
        occurred_at=moment(revision.agreed_on),
    )
    plan = plan.with_revision(dataclasses.replace(revision, event_id=event_id))
    await uow.plans.save(plan)
    return plan


async def _client(uow: UnitOfWork, plan: Plan) -> Client:
    """The plan's client as this node knows them; a plan of a person unknown here is not shown."""
    known = await uow.clients.find(pseudonym=plan.client)
    if not known:
        raise NotFound("plan_id", "plan.unknown", ident=plan.id)
    return known[0]


async def read_plan(uow: UnitOfWork, plan_id: object) -> tuple[Plan, Client]:
    plan = await found(uow.plans, plan_id, "plan_id", "plan")
    return plan, await _client(uow, plan)


async def plans_of(uow: UnitOfWork, client_id: object) -> tuple[Client, list[Plan]]:
    """A client's plans, made by any partner, in the order they were first agreed."""
    client = await client_of(uow, client_id)
    plans = await uow.plans.of_client(client.pseudonym)
    return client, sorted(plans, key=lambda plan: (plan.starts_on, plan.id))


async def plan_progress(uow: UnitOfWork, ctx: NodeContext, plan: Plan) -> list[ActionProgress]:
    """How far each current action got, as the client's timeline on this node says today."""
    return progress(plan, await uow.timeline.of_client(plan.client), ctx.today())


def plan_from_event(
    event: ev.SupportPlanAgreed | ev.SupportPlanRevised, known: Plan | None
) -> Plan:
    """A plan another partner announced (or a revision of it), as this node keeps it."""
    p = event.payload
    revision = PlanRevision(
        p.revision,
        p.agreed_on,
        p.team_meeting_on,
        tuple(PlanAction(str(a.action_id), a.partner, a.kind, a.target_on) for a in p.actions),
        str(event.event_id),
    )
    plan = known or Plan(str(p.plan_id), event.client, event.source.partner_id, family=p.family)
    return plan.with_revision(revision)
