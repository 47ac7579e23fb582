"""The PUP's own domain, in the unit tier: registration at the office and internship stipends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import ANNA, enrolled, programme, run

from partnership_partner.domain.errors import Conflict
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import clients
from partnership_partner.testing import FakeRepository, FakeUnitOfWork, context
from pup_node import service_layer as pup
from pup_node.domain.stipends import InternshipTerms, stipend_for
from pup_node.profile import PUP

TERMS = InternshipTerms(
    activity_id="a",
    client_id="c",
    host="Hotel „Bartis”",
    starts_on=date(2013, 6, 3),
    planned_end=date(2013, 12, 2),
    monthly_stipend=Decimal("1033.70"),
)


@pytest.mark.parametrize(
    ("month", "ended_on", "stipend"),
    [
        ("2013-07", None, "1033.70"),  # a whole month: the monthly amount
        ("2013-06", None, "964.79"),  # 28 days of 30: 1033.70 × 28/30
        ("2013-12", None, "68.91"),  # 2 days
        ("2013-09", date(2013, 9, 15), "516.85"),  # ended mid-month: 15 days
    ],
)
def test_a_month_in_part_is_paid_by_days_of_a_30_day_month(
    month: str, ended_on: date | None, stipend: str
) -> None:
    assert stipend_for(TERMS, month, ended_on) == Decimal(stipend)


def test_no_stipend_for_a_month_outside_the_internship() -> None:
    with pytest.raises(Conflict) as refused:
        stipend_for(TERMS, "2014-01")
    assert refused.value.field == "month"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(
        extensions={
            pup.REGISTRATIONS: FakeRepository(),
            pup.INTERNSHIPS: FakeRepository("activity_id"),
        }
    )


async def test_a_registered_unemployed_client_is_enrolled_as_such(uow: FakeUnitOfWork) -> None:
    ctx = context(PUP, hooks=pup.PupHooks())
    client = await run(uow, clients.register_client, ctx, cmd.RegisterClient(**ANNA))
    await run(uow, pup.register, ctx, client.id, pup.Register(registered_on=date(2013, 1, 2)))
    with pytest.raises(Conflict) as twice:
        await run(uow, pup.register, ctx, client.id, pup.Register(registered_on=date(2013, 1, 3)))
    assert twice.value.code == "registration.open"
    programme_id = await programme(uow, ctx)
    enrolment = await run(
        uow,
        clients.enrol_client,
        ctx,
        client.id,
        cmd.EnrolClient(programme_id=programme_id, enrolled_on=date(2013, 2, 1), consent_ref="Z/1"),
    )
    assert enrolment.registered_unemployed is True
    barbara = await enrolled(uow, ctx, {**ANNA, "pesel": "75090310247", "first_name": "Barbara"})
    assert not (await uow.enrolments.get(barbara)).registered_unemployed  # type: ignore[union-attr]


async def test_a_stipend_is_reckoned_and_paid_once_a_month(uow: FakeUnitOfWork) -> None:
    ctx = context(PUP, hooks=pup.PupHooks())
    anna = await enrolled(uow, ctx)
    _, terms = await run(
        uow,
        pup.start_internship,
        ctx,
        anna,
        pup.StartInternship(
            started_on=date(2013, 6, 3),
            planned_end=date(2013, 12, 2),
            host="Hotel „Bartis”",
            monthly_stipend=Decimal("1033.70"),
        ),
    )
    june = pup.PayStipend(month="2013-06", paid_on=date(2013, 6, 28))
    paid = await run(uow, pup.pay_stipend, ctx, terms.activity_id, june)
    assert (paid.amount, paid.period_from, paid.period_to) == (
        Decimal("964.79"),
        date(2013, 6, 3),
        date(2013, 6, 30),
    )
    with pytest.raises(Conflict) as twice:
        await run(uow, pup.pay_stipend, ctx, terms.activity_id, june)
    assert twice.value.code == "stipend.paid"
    assert [e.type for e in uow.published].count("BenefitPaid") == 1
