"""The NGO's own domain, in the unit tier: volunteering agreements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import ANNA, enrolled, programme, run

from ngo_node import service_layer as ngo
from ngo_node.profile import NGO
from partnership_partner.domain.errors import ConfirmationNeeded
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import clients
from partnership_partner.testing import FakeRepository, FakeUnitOfWork, context

AGREEMENT = ngo.Conclude(
    host="Dom Pomocy Społecznej w Bartoszycach",
    field="care",
    weekly_hours=Decimal("8"),
    starts_on=date(2013, 4, 2),
    planned_end=date(2013, 6, 28),
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(extensions={ngo.AGREEMENTS: FakeRepository()})


async def test_an_agreement_realised_is_a_volunteering_completed(uow: FakeUnitOfWork) -> None:
    ctx = context(NGO)
    anna = await enrolled(uow, ctx)
    agreement, activity = await run(uow, ngo.conclude, ctx, anna, AGREEMENT)
    assert activity.kind == "volunteering"
    await run(
        uow, ngo.finish, ctx, agreement.id, ngo.Finish(ended_on=date(2013, 6, 28), realised=True)
    )
    (completed,) = uow.events("ActivityCompleted")
    assert str(completed.payload.activity_id) == activity.id  # type: ignore[attr-defined]
    assert (await uow.activities.get(activity.id)).outcome == "completed"  # type: ignore[union-attr]


async def test_an_unemployed_volunteer_beyond_10_hours_a_week_needs_a_confirmation(
    uow: FakeUnitOfWork,
) -> None:
    ctx = context(NGO)
    client = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**ANNA))
    await run(
        uow,
        clients.enrol_client,
        ctx,
        client.id,
        cmd.EnrolClient(
            programme_id=await programme(uow, ctx),
            enrolled_on=date(2013, 2, 1),
            consent_ref="Z/1",
            registered_unemployed=True,
        ),
    )
    twelve = AGREEMENT.model_copy(update={"weekly_hours": Decimal("12")})
    with pytest.raises(ConfirmationNeeded) as refused:
        await run(uow, ngo.conclude, ctx, client.id, twelve)
    assert refused.value.field == "weekly_hours"
    assert uow.activities.rows == {}
    assert uow.events("ActivityStarted") == []
    meant = twelve.model_copy(update={"confirmation": "status bezrobotnego wygasł w marcu"})
    agreement, _ = await run(uow, ngo.conclude, ctx, client.id, meant)
    assert agreement.confirmation == "status bezrobotnego wygasł w marcu"
