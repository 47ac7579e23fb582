"""The client's timeline from every partner's events, and events kept aside until they can apply."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from coordination_fixtures import ANNA_PSEUDONYM, arrive, enrolment, from_partner, session
from partner_fixtures import enrolled, run

from partnership_partner.domain.referrals import ReferralStatus
from partnership_partner.domain.timeline import shown_details
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import corrections, records
from partnership_partner.testing import FakeUnitOfWork
from partnership_shared.events import models as ev

OTHER = "b" * 64


async def test_every_partners_work_is_on_the_timeline_in_date_order_with_the_partner(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await run(
        uow,
        records.record_service,
        ctx,
        cmd.RecordService.model_validate(
            {
                "client_ids": [anna],
                "role": "social_worker",
                "hours": "2",
                "delivered_on": "2013-02-20",
            }
        ),
    )
    group = ev.ServiceDeliveredPayload(
        service_id=uuid.uuid4(),
        role=ev.SpecialistRole.IT_TRAINER,
        mode=ev.ServiceMode.GROUP,
        hours=Decimal(3),
        delivered_on=date(2013, 2, 18),
        participants=5,
        attendees=(OTHER, ANNA_PSEUDONYM),
    )
    await arrive(
        uow,
        ctx,
        session("vocational_counsellor", date(2013, 3, 5), partner="pup"),
        from_partner(ev.ServiceDelivered, group, "ngo", client=None),
    )
    entries = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert [(e.on, e.partner, e.type) for e in entries] == [
        (date(2013, 2, 1), "ops", "ClientEnrolled"),
        (date(2013, 2, 18), "ngo", "ServiceDelivered"),
        (date(2013, 2, 20), "ops", "ServiceDelivered"),
        (date(2013, 3, 5), "pup", "ServiceDelivered"),
    ]
    assert "attendees" not in entries[1].details, "no pseudonym reaches a staff member"
    assert [e.type for e in await uow.timeline.of_client(OTHER)] == ["ServiceDelivered"]


async def test_another_partners_payment_shows_its_amount_only_if_the_agreement_shares_it(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    paid = ev.BenefitPaidPayload(
        payment_id=uuid.uuid4(),
        basis=ev.PaymentBasis.INTERNSHIP_STIPEND,
        amount=Decimal("997.40"),
        paid_on=date(2013, 3, 29),
    )
    await arrive(uow, ctx, from_partner(ev.BenefitPaid, paid, "pup"))
    (entry,) = await uow.timeline.of_client(ANNA_PSEUDONYM)
    hidden = shown_details(entry, "ops", share_amounts=False)
    assert hidden["basis"] == "internship_stipend"
    assert "amount" not in hidden
    assert shown_details(entry, "ops", share_amounts=True)["amount"] == "997.40"
    assert shown_details(entry, "pup", share_amounts=False)["amount"] == "997.40"


async def test_a_correction_moves_an_entry_and_a_withdrawal_marks_it(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    given = session("psychologist", date(2013, 3, 1), partner="ngo")
    await arrive(uow, ctx, given)
    correction = ev.RecordCorrectedPayload(
        original_event_id=given.event_id,
        original_type="ServiceDelivered",
        changes={"delivered_on": "2013-03-08", "hours": "2"},
        reason=ev.CorrectionReason.DATA_ENTRY_ERROR,
    )
    await arrive(uow, ctx, from_partner(ev.RecordCorrected, correction, "ngo"))
    (entry,) = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert (entry.on, entry.details["hours"], entry.corrected) == (date(2013, 3, 8), "2", True)
    withdrawal = ev.RecordWithdrawnPayload(
        original_event_id=given.event_id,
        original_type="ServiceDelivered",
        reason=ev.CorrectionReason.DUPLICATE,
    )
    await arrive(uow, ctx, from_partner(ev.RecordWithdrawn, withdrawal, "ngo"))
    (entry,) = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert entry.withdrawn


def referral_made(partner: str = "pup", to: str = "ngo") -> ev.ReferralMade:
    payload = ev.ReferralMadePayload(
        referral_id=uuid.uuid4(),
        to_partner=to,
        service_kind=ev.SpecialistRole.VOCATIONAL_COUNSELLOR,
        made_on=date(2013, 2, 11),
        consent_on=date(2013, 2, 11),
    )
    event = from_partner(ev.ReferralMade, payload, partner)
    assert isinstance(event, ev.ReferralMade)
    return event


async def test_an_answer_that_arrives_before_its_referral_waits_and_is_never_dropped(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    made = referral_made()
    answer = ev.ReferralAnswerPayload(
        referral_id=made.payload.referral_id, referring_partner="pup", answered_on=date(2013, 2, 12)
    )
    accepted = from_partner(ev.ReferralAccepted, answer, "ngo")
    await arrive(uow, ctx, accepted)
    (kept,) = uow.aside.rows.values()
    assert (kept.waits_for, kept.reason) == (
        f"referral:{made.payload.referral_id}",
        "referral.unknown",
    )
    assert [e.type for e in await uow.timeline.of_client(ANNA_PSEUDONYM)] == []

    await arrive(uow, ctx, made)
    assert uow.aside.rows == {}
    referral = await uow.referrals.get(str(made.payload.referral_id))
    assert referral is not None
    assert referral.status is ReferralStatus.ACCEPTED
    assert [e.type for e in await uow.timeline.of_client(ANNA_PSEUDONYM)] == [
        "ReferralMade",
        "ReferralAccepted",
    ]


async def test_a_revision_before_its_plan_and_a_referral_before_the_plan_it_serves_wait(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    action = ev.PlannedAction(
        action_id=uuid.uuid4(),
        partner="ngo",
        kind=ev.SpecialistRole.VOCATIONAL_COUNSELLOR,
        target_on=date(2013, 4, 30),
    )
    plan = ev.SupportPlanPayload(
        plan_id=uuid.uuid4(),
        revision=1,
        agreed_on=date(2013, 2, 4),
        team_meeting_on=date(2013, 2, 4),
        actions=(action,),
    )
    revised = plan.model_copy(update={"revision": 2, "agreed_on": date(2013, 3, 4)})
    made = referral_made()
    made = made.model_copy(
        update={"payload": made.payload.model_copy(update={"plan_action_id": action.action_id})}
    )
    await arrive(uow, ctx, from_partner(ev.SupportPlanRevised, revised, "pup"), made)
    assert sorted(kept.reason for kept in uow.aside.rows.values()) == [
        "plan.unknown",
        "plan_action.unknown",
    ]
    await arrive(uow, ctx, from_partner(ev.SupportPlanAgreed, plan, "pup"))
    assert uow.aside.rows == {}
    stored = await uow.plans.get(str(plan.plan_id))
    assert stored is not None
    assert [r.revision for r in stored.revisions] == [1, 2]
    assert await uow.referrals.get(str(made.payload.referral_id)) is not None


async def test_a_redelivered_plan_revision_does_not_change_its_history(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    plan = ev.SupportPlanPayload(
        plan_id=uuid.uuid4(),
        revision=1,
        agreed_on=date(2013, 2, 4),
        team_meeting_on=date(2013, 2, 4),
        actions=(
            ev.PlannedAction(
                action_id=uuid.uuid4(),
                partner="ops",
                kind=ev.ActivityKind.PSU,
                target_on=date(2013, 4, 30),
            ),
        ),
    )
    await arrive(uow, ctx, from_partner(ev.SupportPlanAgreed, plan, "pup"))
    await arrive(uow, ctx, from_partner(ev.SupportPlanAgreed, plan, "ngo"))  # not its plan
    timeline = await uow.timeline.of_client(ANNA_PSEUDONYM)
    assert [(e.type, e.partner) for e in timeline] == [("SupportPlanAgreed", "pup")]
    stored = await uow.plans.get(str(plan.plan_id))
    assert stored is not None
    assert stored.owner == "pup"
    assert len(stored.revisions) == 1


async def test_enrolments_with_different_facts_are_a_conflict_announced_once(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    ngos = enrolment("ngo", disability="moderate")  # enrolled there first…
    await enrolled(uow, ctx)  # …and here without a disability certificate, before it arrived
    await arrive(uow, ctx, ngos)
    (found,) = uow.events("DataConflictFound")
    assert isinstance(found.payload, ev.DataConflictFoundPayload)
    assert (found.payload.fact, found.payload.partners) == (
        ev.ClientFact.DISABILITY_DEGREE,
        ("ngo", "ops"),
    )
    announced_by_ngo = found.payload.model_copy()
    await arrive(uow, ctx, from_partner(ev.DataConflictFound, announced_by_ngo, "ngo"))
    assert len(uow.events("DataConflictFound")) == 1
    types = [e.type for e in await uow.timeline.of_client(ANNA_PSEUDONYM)]
    assert types.count("DataConflictFound") == 1
    await arrive(uow, ctx, enrolment("pup", disability="none"))
    assert len(uow.events("DataConflictFound")) == 1, "the same facts are no conflict"


async def test_a_partner_enrolling_later_with_other_facts_is_the_one_to_announce_it(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    await enrolled(uow, ctx)
    await arrive(uow, ctx, enrolment("ngo", disability="severe"))
    assert uow.events("DataConflictFound") == []


async def test_this_nodes_own_correction_moves_its_entry_too(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    service = await run(
        uow,
        records.record_service,
        ctx,
        cmd.RecordService.model_validate(
            {"client_ids": [anna], "role": "pedagogue", "hours": "2", "delivered_on": "2013-02-20"}
        ),
    )
    await run(
        uow,
        corrections.correct,
        ctx,
        "service",
        service.id,
        cmd.CorrectService(delivered_on=date(2013, 2, 21), reason="pomyłka w dacie"),
    )
    entry = (await uow.timeline.of_client(ANNA_PSEUDONYM))[-1]
    assert (entry.type, entry.on, entry.corrected) == ("ServiceDelivered", date(2013, 2, 21), True)
