"""Recording the work: plausibility limits, duplicates, and what each partner may record."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import ANNA, JERZY, OPS, enrolled, run

from partnership_partner.domain.errors import ConfirmationNeeded, Duplicate, Rejected
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import records
from partnership_partner.testing import FakeUnitOfWork, context
from partnership_shared.agreement import PartnershipAgreement


def service(client_ids: list[str], hours: str = "1.5", **more: object) -> cmd.RecordService:
    return cmd.RecordService.model_validate(
        {
            "client_ids": client_ids,
            "role": "social_worker",
            "hours": hours,
            "delivered_on": "2013-02-04",
            **more,
        }
    )


def payment(amount: str = "604.00", **more: object) -> cmd.RecordPayment:
    return cmd.RecordPayment.model_validate(
        {"basis": "social_assistance", "amount": amount, "paid_on": "2013-02-10", **more}
    )


async def test_a_30_hour_session_needs_a_confirmation_with_its_reason(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    with pytest.raises(ConfirmationNeeded) as refused:
        await run(uow, records.record_service, ctx, service([anna], "30"))
    assert refused.value.field == "hours"
    assert refused.value.params["limit_hours"] == Decimal(10)
    assert uow.services.rows == {}
    assert uow.events("ServiceDelivered") == []

    meant = service([anna], "30", confirmation="całodniowy wyjazd integracyjny, 3 dni")
    kept = await run(uow, records.record_service, ctx, meant)
    assert kept.confirmation == "całodniowy wyjazd integracyjny, 3 dni"
    assert uow.events("ServiceDelivered")[0].payload.hours == Decimal(30)  # type: ignore[attr-defined]


async def test_hours_per_client_per_day_count_every_service_of_the_day(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await run(uow, records.record_service, ctx, service([anna], "8"))
    with pytest.raises(ConfirmationNeeded) as refused:
        await run(uow, records.record_service, ctx, service([anna], "5", role="psychologist"))
    assert refused.value.code == "limit.client_day_hours"
    assert refused.value.params["value_hours"] == Decimal(13)


async def test_a_payment_of_millions_is_refused_unless_confirmed(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    with pytest.raises(ConfirmationNeeded) as refused:
        await run(uow, records.record_payment, ctx, anna, payment("9999999.99"))
    assert (refused.value.field, refused.value.params["limit_money"]) == ("amount", Decimal(10000))
    assert uow.payments.rows == {}


async def test_the_agreement_sets_the_limit_of_a_basis() -> None:
    agreement = PartnershipAgreement.model_validate(
        {"limits": {"payment_amount_by_basis": {"social_assistance": "500.00"}}}
    )
    ctx, uow = context(OPS, agreement=agreement), FakeUnitOfWork()
    anna = await enrolled(uow, ctx)
    with pytest.raises(ConfirmationNeeded):
        await run(uow, records.record_payment, ctx, anna, payment("604.00"))


async def test_the_same_payment_twice_is_refused_unless_confirmed(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await run(uow, records.record_payment, ctx, anna, payment())
    with pytest.raises(Duplicate) as refused:
        await run(uow, records.record_payment, ctx, anna, payment())
    assert refused.value.status_code == 409
    assert len(uow.payments.rows) == 1
    await run(uow, records.record_payment, ctx, anna, payment(confirmation="dwie decyzje"))
    assert len(uow.events("BenefitPaid")) == 2


async def test_the_same_group_session_twice_is_refused_unless_confirmed(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    group = [await enrolled(uow, ctx, ANNA), await enrolled(uow, ctx, JERZY)]
    await run(uow, records.record_service, ctx, service(group, "2", mode="group"))
    with pytest.raises(Duplicate):
        await run(uow, records.record_service, ctx, service(group[::-1], "2", mode="group"))
    other_hours = await run(uow, records.record_service, ctx, service(group, "1", mode="group"))
    assert other_hours.client_ids == tuple(group)


async def test_an_activity_kind_the_partnership_has_not_assigned_is_refused(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    training = cmd.StartActivity(kind="training", started_on=date(2013, 3, 4))
    with pytest.raises(Rejected) as refused:
        await run(uow, records.start_activity, ctx, anna, training)
    assert (refused.value.field, refused.value.code) == ("kind", "activity.not_run")
    assert uow.activities.rows == {}


async def test_the_agreement_may_give_the_ops_vocational_training() -> None:
    agreement = PartnershipAgreement.model_validate(
        {"partners": [{"id": "ops", "kind": "ops", "activity_kinds": ["kis", "training"]}]}
    )
    ctx, uow = context(OPS, agreement=agreement), FakeUnitOfWork()
    anna = await enrolled(uow, ctx)
    training = cmd.StartActivity(kind="training", started_on=date(2013, 3, 4))
    started = await run(uow, records.start_activity, ctx, anna, training)
    assert started.kind == "training"
    with pytest.raises(Rejected):  # what the agreement lists replaces the defaults
        await run(
            uow,
            records.start_activity,
            ctx,
            anna,
            cmd.StartActivity(kind="psu", started_on=date(2013, 3, 4)),
        )


async def test_records_need_an_enrolled_client_on_their_day(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx, on="2013-03-01")
    with pytest.raises(Rejected) as refused:
        await run(uow, records.record_payment, ctx, anna, payment())
    assert (refused.value.field, refused.value.code) == ("paid_on", "date.before_enrolment")
