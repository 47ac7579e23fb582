"""Referrals: made with the client's consent, answered only by the partner referred to."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from coordination_fixtures import ANNA_PSEUDONYM, arrive, from_partner
from partner_fixtures import ANNA, JERZY, OPS, enrolled, run

from partnership_partner.domain.errors import Conflict, NotFound, Rejected
from partnership_partner.domain.referrals import ReferralStatus
from partnership_partner.domain.scope import PartnerProfile
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import clients, plans, referrals
from partnership_partner.testing import FakeUnitOfWork, context
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import PartnerKind

NGO = PartnerProfile(
    kind=PartnerKind.NGO,
    title="Stowarzyszenie Integracji Osób Niepełnosprawnych",
    activity_kinds=frozenset(),
    payment_bases=frozenset(),
    contract_kinds=frozenset(),
)


def referral(**more: Any) -> cmd.MakeReferral:
    return cmd.MakeReferral.model_validate(
        {
            "to_partner": "ngo",
            "service_kind": "psychologist",
            "made_on": "2013-02-11",
            "consent_on": "2013-02-08",
            **more,
        }
    )


async def test_a_referral_is_announced_with_the_day_of_consent(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    made = await run(uow, referrals.make_referral, ctx, anna, referral(note="prosi o wsparcie"))
    (announced,) = uow.events("ReferralMade")
    assert isinstance(announced.payload, ev.ReferralMadePayload)
    assert announced.client == ANNA_PSEUDONYM
    assert (announced.payload.to_partner, announced.payload.consent_on) == (
        "ngo",
        date(2013, 2, 8),
    )
    assert "prosi" not in announced.payload.model_dump_json(), "staff's words stay here"
    kept = await uow.referrals.get(made.id)
    assert kept is not None
    assert kept.note == "prosi o wsparcie"
    assert kept.due_on(14) == date(2013, 2, 25)
    assert kept.overdue(date(2013, 2, 25), 14) is False
    assert kept.overdue(date(2013, 2, 26), 14) is True


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"to_partner": "mops"}, "to_partner", "partner.unknown"),
        ({"to_partner": "ops"}, "to_partner", "referral.to_self"),
        ({"consent_on": None}, "consent_on", "referral.no_consent"),
        ({"consent_on": "2013-02-12"}, "consent_on", "referral.consent_after"),
        ({"made_on": "2014-01-02", "consent_on": "2014-01-02"}, "made_on", "date.future"),
    ],
)
async def test_a_referral_that_cannot_stand_is_refused_and_nothing_is_announced(
    uow: FakeUnitOfWork, ctx: NodeContext, change: dict[str, Any], field: str, code: str
) -> None:
    anna = await enrolled(uow, ctx)
    before = len(uow.published)
    with pytest.raises(Rejected) as refused:
        await run(uow, referrals.make_referral, ctx, anna, referral(**change))
    assert (refused.value.field, refused.value.code) == (field, code)
    assert uow.referrals.rows == {}
    assert len(uow.published) == before


async def test_a_client_not_enrolled_is_not_referred(uow: FakeUnitOfWork, ctx: NodeContext) -> None:
    jerzy = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**JERZY))
    with pytest.raises(Conflict) as refused:
        await run(uow, referrals.make_referral, ctx, jerzy.id, referral())
    assert refused.value.code == "client.not_enrolled"
    assert uow.published == []


async def test_a_referral_serves_a_plan_action_of_the_partner_referred_to(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    plan = await run(
        uow,
        plans.agree_plan,
        ctx,
        anna,
        cmd.AgreePlan.model_validate(
            {
                "agreed_on": "2013-02-04",
                "actions": [
                    {"partner": "ngo", "kind": "psychologist", "target_on": "2013-03-29"},
                    {"partner": "pup", "kind": "internship", "target_on": "2013-04-30"},
                ],
            }
        ),
    )
    ngo_action, pup_action = (action.action_id for action in plan.current.actions)
    with pytest.raises(Rejected) as refused:
        await run(uow, referrals.make_referral, ctx, anna, referral(plan_action_id=pup_action))
    assert (refused.value.field, refused.value.code) == (
        "plan_action_id",
        "referral.action_other_partner",
    )
    with pytest.raises(NotFound):
        await run(uow, referrals.make_referral, ctx, anna, referral(plan_action_id=uuid.uuid4()))
    made = await run(uow, referrals.make_referral, ctx, anna, referral(plan_action_id=ngo_action))
    assert made.plan_action_id == ngo_action


# --- the partner referred to ---------------------------------------------------------------------


def ngo() -> tuple[FakeUnitOfWork, NodeContext]:
    return FakeUnitOfWork(partner_id="ngo"), context(NGO)


def made_by_ops(made_on: date = date(2013, 2, 11)) -> ev.ReferralMade:
    payload = ev.ReferralMadePayload(
        referral_id=uuid.uuid4(),
        to_partner="ngo",
        service_kind=ev.SpecialistRole.PSYCHOLOGIST,
        made_on=made_on,
        consent_on=made_on,
    )
    event = from_partner(ev.ReferralMade, payload, "ops", on=made_on)
    assert isinstance(event, ev.ReferralMade)
    return event


def accept(person: dict[str, str] | None = None, on: str = "2013-02-13") -> cmd.AcceptReferral:
    return cmd.AcceptReferral.model_validate({"answered_on": on, "person": person})


async def test_a_person_not_known_here_is_registered_when_their_referral_is_accepted() -> None:
    uow, ctx = ngo()
    made = made_by_ops()
    await arrive(uow, ctx, made)
    referral_id = str(made.payload.referral_id)
    with pytest.raises(Rejected) as refused:
        await run(uow, referrals.accept_referral, ctx, referral_id, accept())
    assert (refused.value.field, refused.value.code) == ("person", "referral.person_needed")
    with pytest.raises(Rejected) as refused:
        await run(uow, referrals.accept_referral, ctx, referral_id, accept(JERZY))
    assert (refused.value.field, refused.value.code) == ("person.pesel", "referral.other_person")
    assert uow.clients.rows == {}
    assert uow.published == []

    accepted = await run(uow, referrals.accept_referral, ctx, referral_id, accept(ANNA))
    assert accepted.status is ReferralStatus.ACCEPTED
    (client,) = uow.clients.rows.values()
    assert client.pseudonym == ANNA_PSEUDONYM
    (answer,) = uow.events("ReferralAccepted")
    assert answer.client == ANNA_PSEUDONYM
    assert isinstance(answer.payload, ev.ReferralAnswerPayload)
    assert answer.payload.referring_partner == "ops"


async def test_only_the_partner_referred_to_answers_and_completes_what_it_accepted() -> None:
    uow, ctx = ngo()
    made = made_by_ops()
    await arrive(uow, ctx, made)
    referral_id = str(made.payload.referral_id)
    pup = context(OPS, "pup")
    with pytest.raises(Conflict) as refused:
        await run(uow, referrals.accept_referral, pup, referral_id, accept(ANNA))
    assert refused.value.code == "referral.not_addressee"
    complete = cmd.CompleteReferral(completed_on=date(2013, 3, 29))
    with pytest.raises(Conflict) as refused:
        await run(uow, referrals.complete_referral, ctx, referral_id, complete)
    assert refused.value.code == "referral.not_accepted"
    with pytest.raises(Rejected) as refused:
        await run(uow, referrals.accept_referral, ctx, referral_id, accept(ANNA, "2013-02-10"))
    assert (refused.value.field, refused.value.code) == ("answered_on", "referral.before_made")
    assert uow.published == []

    await run(uow, referrals.accept_referral, ctx, referral_id, accept(ANNA))
    done = await run(uow, referrals.complete_referral, ctx, referral_id, complete)
    assert (done.status, done.completed_on) == (ReferralStatus.COMPLETED, date(2013, 3, 29))
    with pytest.raises(Conflict) as refused:
        await run(uow, referrals.accept_referral, ctx, referral_id, accept())
    assert refused.value.code == "referral.answered"


async def test_a_declined_referral_gives_its_reason_and_keeps_the_note_here() -> None:
    uow, ctx = ngo()
    made = made_by_ops()
    await arrive(uow, ctx, made)
    declined = await run(
        uow,
        referrals.decline_referral,
        ctx,
        str(made.payload.referral_id),
        cmd.DeclineReferral(
            answered_on=date(2013, 2, 12), reason=ev.DeclineReason.NO_CAPACITY, note="urlop"
        ),
    )
    assert declined.status is ReferralStatus.DECLINED
    (answer,) = uow.events("ReferralDeclined")
    assert isinstance(answer.payload, ev.ReferralDeclinedPayload)
    assert answer.payload.reason is ev.DeclineReason.NO_CAPACITY
    assert "urlop" not in answer.payload.model_dump_json()


async def test_the_referring_partner_sees_the_answer(uow: FakeUnitOfWork, ctx: NodeContext) -> None:
    anna = await enrolled(uow, ctx)
    made = await run(uow, referrals.make_referral, ctx, anna, referral())
    answer = ev.ReferralAnswerPayload(
        referral_id=uuid.UUID(made.id), referring_partner="ops", answered_on=date(2013, 2, 14)
    )
    await arrive(uow, ctx, from_partner(ev.ReferralAccepted, answer, "pup"))  # not its to answer
    still = await uow.referrals.get(made.id)
    assert still is not None
    assert still.status is ReferralStatus.MADE
    timeline = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert "ReferralAccepted" not in [e.type for e in timeline], "a stranger's answer is no answer"
    await arrive(uow, ctx, from_partner(ev.ReferralAccepted, answer, "ngo"))
    accepted = await uow.referrals.get(made.id)
    assert accepted is not None
    assert accepted.status is ReferralStatus.ACCEPTED
    assert accepted.answered_on == date(2013, 2, 14)
