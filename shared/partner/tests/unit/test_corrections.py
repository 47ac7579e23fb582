"""Corrections and withdrawals: the history is kept, an event refers to the original."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import enrolled, run
from pydantic import ValidationError

from partnership_partner.domain.errors import ConfirmationNeeded, Conflict, NotFound, Rejected
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import corrections, records
from partnership_partner.testing import FakeUnitOfWork


async def thirty_hours(uow: FakeUnitOfWork, ctx: NodeContext) -> str:
    anna = await enrolled(uow, ctx)
    command = cmd.RecordService.model_validate(
        {
            "client_ids": [anna],
            "role": "psychologist",
            "hours": "30",
            "delivered_on": "2013-02-04",
            "confirmation": "jak zapisano w karcie",
        }
    )
    return str((await run(uow, records.record_service, ctx, command)).id)


async def test_correcting_hours_keeps_the_history_and_refers_to_the_original_event(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    service_id = await thirty_hours(uow, ctx)
    original = uow.events("ServiceDelivered")[0]
    fix = cmd.CorrectService(hours=Decimal(3), reason="literówka: 3 godziny, nie 30")
    corrected, _change = await run(
        uow, corrections.correct, ctx.acting("a.nowak"), "service", service_id, fix
    )
    assert corrected.hours == Decimal(3)
    assert (await uow.services.get(service_id)).hours == Decimal(3)  # type: ignore[union-attr]
    (announced,) = uow.events("RecordCorrected")
    payload = announced.payload
    assert str(payload.original_event_id) == original.event_id  # type: ignore[attr-defined]
    assert payload.changes == {"hours": "3"}  # type: ignore[attr-defined]
    assert payload.reason == "data_entry_error"  # type: ignore[attr-defined]
    assert announced.client == original.client
    (history,) = await uow.changes.of_record("service", service_id)
    assert history.changes == {"hours": (Decimal(30), Decimal(3))}
    assert (history.actor, history.reason) == ("a.nowak", "literówka: 3 godziny, nie 30")


async def test_a_correction_beyond_a_limit_needs_its_confirmation_too(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    service_id = await thirty_hours(uow, ctx)
    with pytest.raises(ConfirmationNeeded):
        await run(
            uow,
            corrections.correct,
            ctx,
            "service",
            service_id,
            cmd.CorrectService(hours=Decimal(20), reason="jednak 20"),
        )
    assert (await uow.services.get(service_id)).hours == Decimal(30)  # type: ignore[union-attr]
    assert uow.events("RecordCorrected") == []


async def test_withdrawing_a_payment_withdraws_its_event(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    paid = await run(
        uow,
        records.record_payment,
        ctx,
        anna,
        cmd.RecordPayment(
            basis="social_assistance", amount=Decimal("604.00"), paid_on=date(2013, 2, 10)
        ),
    )
    await run(
        uow,
        corrections.withdraw,
        ctx,
        "payment",
        paid.id,
        cmd.Withdrawal(reason="wypłata zaksięgowana dwa razy", reason_kind="duplicate"),
    )
    (withdrawn,) = uow.events("RecordWithdrawn")
    assert str(withdrawn.payload.original_event_id) == paid.event_id  # type: ignore[attr-defined]
    assert (await uow.payments.get(paid.id)).withdrawn  # type: ignore[union-attr]
    with pytest.raises(Conflict):
        await run(
            uow,
            corrections.correct,
            ctx,
            "payment",
            paid.id,
            cmd.CorrectPayment(amount=Decimal("1.00"), reason="za późno"),
        )
    again = await run(  # a withdrawn payment is no longer a duplicate of a new one
        uow,
        records.record_payment,
        ctx,
        anna,
        cmd.RecordPayment(
            basis="social_assistance", amount=Decimal("604.00"), paid_on=date(2013, 2, 10)
        ),
    )
    assert not again.withdrawn


async def test_an_unknown_record_a_field_that_cannot_change_and_no_change_are_refused(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    service_id = await thirty_hours(uow, ctx)
    with pytest.raises(NotFound) as unknown:
        await run(
            uow,
            corrections.correct,
            ctx,
            "service",
            "0" * 32,
            cmd.CorrectService(hours=Decimal(3), reason="literówka"),
        )
    assert unknown.value.field == "service_id"
    with pytest.raises(Rejected) as same:
        await run(
            uow,
            corrections.correct,
            ctx,
            "service",
            service_id,
            cmd.CorrectService(hours=Decimal(30), reason="bez zmian", confirmation="tak było"),
        )
    assert same.value.code == "correction.nothing_changed"
    with pytest.raises(Rejected) as emptied:
        await run(
            uow,
            corrections.correct,
            ctx,
            "service",
            service_id,
            cmd.CorrectService.model_validate({"hours": None, "reason": "usuwam godziny"}),
        )
    assert emptied.value.field == "hours"
    with pytest.raises(ValidationError, match="reason"):
        cmd.CorrectService.model_validate({"hours": "3"})
    assert uow.events("RecordCorrected") == []


async def test_the_end_of_an_activity_that_has_not_ended_cannot_be_corrected(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    kis = await run(
        uow,
        records.start_activity,
        ctx,
        anna,
        cmd.StartActivity(kind="kis", started_on=date(2013, 3, 4)),
    )
    with pytest.raises(Conflict) as refused:
        await run(
            uow,
            corrections.correct,
            ctx,
            "activity",
            kis.id,
            cmd.CorrectActivity(ended_on=date(2013, 5, 1), reason="koniec"),
        )
    assert refused.value.field == "changes.ended_on"
    await run(
        uow,
        records.end_activity,
        ctx,
        kis.id,
        cmd.EndActivity(outcome="completed", ended_on=date(2013, 6, 28)),
    )
    _, change = await run(
        uow,
        corrections.correct,
        ctx,
        "activity",
        kis.id,
        cmd.CorrectActivity(
            ended_on=date(2013, 6, 27), started_on=date(2013, 3, 5), reason="daty z listy obecności"
        ),
    )
    by_type = {e.payload.original_type: e.payload.changes for e in uow.events("RecordCorrected")}  # type: ignore[attr-defined]
    assert by_type == {
        "ActivityStarted": {"started_on": "2013-03-05"},
        "ActivityCompleted": {"ended_on": "2013-06-27"},
    }
    assert len(change.event_ids) == 2


async def test_an_enrolment_with_records_is_not_withdrawn(
    uow: FakeUnitOfWork, ctx: NodeContext
) -> None:
    anna = await enrolled(uow, ctx)
    await run(
        uow,
        records.start_activity,
        ctx,
        anna,
        cmd.StartActivity(kind="kis", started_on=date(2013, 3, 4)),
    )
    with pytest.raises(Conflict) as refused:
        await run(
            uow, corrections.withdraw, ctx, "enrolment", anna, cmd.Withdrawal(reason="pomyłka")
        )
    assert refused.value.code == "enrolment.has_records"
    assert uow.events("RecordWithdrawn") == []
