"""Individual support plans: agreed by one partner for all, progress read off the timeline."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from coordination_fixtures import ANNA_PSEUDONYM, activity, arrive, from_partner, session
from partner_fixtures import ANNA, enrolled, run

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.plans import ActionState
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, plans
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.events import models as ev


def agreement(*actions: dict[str, Any], on: str = "2013-02-04", **more: Any) -> cmd.AgreePlan:
    return cmd.AgreePlan.model_validate(
        {
            "agreed_on": on,
            "team_meeting_on": "2013-02-01",
            "actions": list(actions)
            or [
                {"partner": "pup", "kind": "internship", "target_on": "2013-04-30"},
                {"partner": "ngo", "kind": "psychologist", "target_on": "2013-03-29"},
            ],
            **more,
        }
    )


def states(progress: list[Any]) -> list[tuple[str, str, ActionState, date | None]]:
    return [(p.action.partner, p.action.kind.value, p.state, p.done_on) for p in progress]


async def test_a_plan_agreed_here_is_announced_with_its_actions_and_team_meeting(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    plan = await run(uow, plans.agree_plan, ctx, anna, agreement())
    (agreed,) = uow.events("SupportPlanAgreed")
    payload = agreed.payload
    assert isinstance(payload, ev.SupportPlanPayload)
    assert agreed.client == ANNA_PSEUDONYM
    assert (payload.revision, payload.agreed_on, payload.team_meeting_on) == (
        1,
        date(2013, 2, 4),
        date(2013, 2, 1),
    )
    assert [(a.partner, a.kind.value) for a in payload.actions] == [
        ("pup", "internship"),
        ("ngo", "psychologist"),
    ]
    kept = await uow.plans.get(plan.id)
    assert kept is not None
    assert kept.owner == "ops"
    timeline = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert [(e.type, e.partner) for e in timeline][-1] == ("SupportPlanAgreed", "ops")


async def test_progress_is_what_the_assigned_partners_recorded_by_the_target_date(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    plan = await run(
        uow,
        plans.agree_plan,
        ctx,
        anna,
        agreement(
            {"partner": "ngo", "kind": "psychologist", "target_on": "2013-03-29"},
            {"partner": "pup", "kind": "internship", "target_on": "2013-04-30"},
            {"partner": "pup", "kind": "vocational_counsellor", "target_on": "2013-06-28"},
            {"partner": "pup", "kind": "employment", "target_on": "2014-06-30"},
        ),
    )
    await arrive(
        uow,
        ctx,
        session("psychologist", date(2013, 1, 30), partner="ngo"),  # before the plan: not it
        session("psychologist", date(2013, 3, 11), partner="pup"),  # another partner's: not it
        session("psychologist", date(2013, 3, 14), partner="ngo"),
        activity("internship", date(2013, 5, 6), partner="pup"),
    )
    async with uow:
        progress = await plans.plan_progress(uow, ctx, plan)
    assert states(progress) == [
        ("ngo", "psychologist", ActionState.DONE, date(2013, 3, 14)),
        ("pup", "internship", ActionState.DONE_LATE, date(2013, 5, 6)),
        ("pup", "vocational_counsellor", ActionState.OVERDUE, None),  # today is 31.12.2013
        ("pup", "employment", ActionState.PENDING, None),
    ]


async def test_a_withdrawn_record_no_longer_fulfils_an_action(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    plan = await run(uow, plans.agree_plan, ctx, anna, agreement())
    given = session("psychologist", date(2013, 3, 14), partner="ngo")
    await arrive(uow, ctx, given)
    withdrawal = ev.RecordWithdrawnPayload(
        original_event_id=given.event_id,
        original_type="ServiceDelivered",
        reason=ev.CorrectionReason.WRONG_CLIENT,
    )
    await arrive(uow, ctx, from_partner(ev.RecordWithdrawn, withdrawal, "ngo"))
    async with uow:
        progress = await plans.plan_progress(uow, ctx, plan)
    assert progress[1].state is ActionState.OVERDUE


async def test_a_revision_names_its_meeting_and_keeps_the_history(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    plan = await run(uow, plans.agree_plan, ctx, anna, agreement())
    kept_action = plan.current.actions[1].action_id
    revision = cmd.RevisePlan.model_validate(
        {
            "agreed_on": "2013-03-04",
            "team_meeting_on": "2013-03-04",
            "actions": [
                {
                    "action_id": kept_action,
                    "partner": "ngo",
                    "kind": "psychologist",
                    "target_on": "2013-04-30",
                },
                {"partner": "ops", "kind": "psu", "target_on": "2013-03-31"},
            ],
        }
    )
    revised = await run(uow, plans.revise_plan, ctx, plan.id, revision)
    assert [r.revision for r in revised.revisions] == [1, 2]
    assert revised.revisions[0].actions == plan.current.actions
    assert revised.current.team_meeting_on == date(2013, 3, 4)
    assert revised.current.actions[0].action_id == kept_action
    (announced,) = uow.events("SupportPlanRevised")
    assert isinstance(announced.payload, ev.SupportPlanPayload)
    assert announced.payload.revision == 2
    stored = await uow.plans.get(plan.id)
    assert stored is not None
    assert [r.revision for r in stored.revisions] == [1, 2]


async def test_only_the_partner_that_made_a_plan_changes_it(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    await enrolled(uow, ctx)
    payload = ev.SupportPlanPayload(
        plan_id=uuid.uuid4(),
        revision=1,
        agreed_on=date(2013, 2, 4),
        team_meeting_on=date(2013, 2, 4),
        actions=(
            ev.PlannedAction(
                action_id=uuid.uuid4(),
                partner="ops",
                kind=ev.ActivityKind.PSU,
                target_on=date(2013, 3, 1),
            ),
        ),
    )
    await arrive(uow, ctx, from_partner(ev.SupportPlanAgreed, payload, "pup"))
    before = len(uow.published)
    with pytest.raises(Conflict) as refused:
        await run(
            uow,
            plans.revise_plan,
            ctx,
            payload.plan_id,
            cmd.RevisePlan.model_validate(
                {
                    "agreed_on": "2013-03-01",
                    "actions": [{"partner": "ops", "kind": "psu", "target_on": "2013-04-01"}],
                }
            ),
        )
    assert (refused.value.field, refused.value.code) == ("plan_id", "plan.not_owner")
    assert len(uow.published) == before
    stored = await uow.plans.get(str(payload.plan_id))
    assert stored is not None
    assert len(stored.revisions) == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            {"actions": [{"partner": "mops", "kind": "psu", "target_on": "2013-04-01"}]},
            "actions.0.partner",
            "partner.unknown",
        ),
        (
            {"actions": [{"partner": "ops", "kind": "psu", "target_on": "2013-01-31"}]},
            "actions.0.target_on",
            "plan.target_before_agreement",
        ),
        ({"team_meeting_on": "2013-02-05"}, "team_meeting_on", "plan.meeting_after_agreement"),
        ({"agreed_on": "2014-02-04"}, "agreed_on", "date.future"),
    ],
)
async def test_a_plan_that_cannot_stand_is_refused_naming_the_field_and_changes_nothing(
    uow: FakeUnitOfWork, ctx: NodeContext, change: dict[str, Any], field: str, code: str
) -> None:
    anna = await enrolled(uow, ctx)
    before = len(uow.published)
    with pytest.raises(Rejected) as refused:
        await run(uow, plans.agree_plan, ctx, anna, agreement(**change))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert uow.plans.rows == {}
    assert len(uow.published) == before


async def test_a_plan_for_a_client_not_enrolled_is_refused(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**ANNA))
    with pytest.raises(Conflict) as refused:
        await run(uow, plans.agree_plan, ctx, anna.id, agreement())
    assert (refused.value.field, refused.value.code) == ("client_id", "client.not_enrolled")
    assert uow.plans.rows == {}
    assert uow.published == []


async def test_an_action_id_staff_choose_is_the_plans_own(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    chosen = str(uuid.uuid4())
    action = {"action_id": chosen, "partner": "ngo", "kind": "psychologist"}
    first = await run(
        uow, plans.agree_plan, ctx, anna, agreement({**action, "target_on": "2013-03-29"})
    )
    assert first.current.actions[0].action_id == chosen
    with pytest.raises(Conflict) as refused:
        await run(
            uow, plans.agree_plan, ctx, anna, agreement({**action, "target_on": "2013-04-30"})
        )
    assert (refused.value.field, refused.value.code) == ("actions.0.action_id", "plan.action_taken")
    added = {"action_id": str(uuid.uuid4()), "partner": "pup", "kind": "internship"}
    revised = await run(
        uow,
        plans.revise_plan,
        ctx,
        first.id,
        cmd.RevisePlan.model_validate(
            {
                "agreed_on": "2013-03-01",
                "actions": [
                    {**action, "target_on": "2013-04-30"},
                    {**added, "target_on": "2013-04-30"},
                ],
            }
        ),
    )
    assert [a.action_id for a in revised.current.actions] == [chosen, added["action_id"]]


async def test_a_revision_keeps_an_action_whose_target_has_passed_but_sets_no_new_one_past(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    first = await run(uow, plans.agree_plan, ctx, anna, agreement())
    psychologist = first.current.actions[1]
    kept = {
        "action_id": psychologist.action_id,
        "partner": "ngo",
        "kind": "psychologist",
        "target_on": "2013-03-29",
    }

    def revision(*actions: dict[str, str]) -> cmd.RevisePlan:
        return cmd.RevisePlan.model_validate({"agreed_on": "2013-04-02", "actions": list(actions)})

    with pytest.raises(Rejected) as refused:
        await run(
            uow, plans.revise_plan, ctx, first.id, revision({**kept, "target_on": "2013-04-01"})
        )
    assert (refused.value.field, refused.value.code) == (
        "actions.0.target_on",
        "plan.target_before_agreement",
    )
    revised = await run(uow, plans.revise_plan, ctx, first.id, revision(kept))
    assert revised.current.actions[0].target_on == date(2013, 3, 29)
