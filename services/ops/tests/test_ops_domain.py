"""The OPS's own domain, in the unit tier: benefit decisions and social contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from partner_fixtures import enrolled, run

from ops_node import service_layer as ops
from ops_node.profile import OPS
from partnership_partner.domain.errors import ConfirmationNeeded, Rejected
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import records
from partnership_partner.testing import FakeRepository, FakeUnitOfWork, context

DECISION = ops.Decide(
    basis="housing_allowance",
    monthly_amount=Decimal("240.67"),
    period_from=date(2013, 2, 1),
    period_to=date(2013, 7, 31),
    decided_on=date(2013, 1, 25),
    reference="DM.5311.12.2013",
)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork(extensions={ops.DECISIONS: FakeRepository()})


async def test_a_payment_follows_its_decision(uow: FakeUnitOfWork) -> None:
    ctx = context(OPS, hooks=ops.OpsHooks())
    anna = await enrolled(uow, ctx)
    decision = await run(uow, ops.decide, ctx, anna, DECISION)
    paid = await run(
        uow,
        ops.pay_under_decision,
        ctx,
        decision.id,
        ops.PayUnderDecision(paid_on=date(2013, 3, 15)),
    )
    assert (paid.basis, paid.amount, paid.decision_id) == (
        "housing_allowance",
        Decimal("240.67"),
        decision.id,
    )
    assert (paid.period_from, paid.period_to) == (date(2013, 3, 1), date(2013, 3, 31))
    (event,) = uow.events("BenefitPaid")
    assert str(event.payload.decision_id) == decision.id  # type: ignore[attr-defined]
    assert "DM.5311" not in event.payload.model_dump_json()


async def test_a_payment_beyond_its_decision_is_refused(uow: FakeUnitOfWork) -> None:
    ctx = context(OPS, hooks=ops.OpsHooks())
    anna = await enrolled(uow, ctx)
    decision = await run(uow, ops.decide, ctx, anna, DECISION)
    with pytest.raises(Rejected) as late:
        await run(
            uow,
            ops.pay_under_decision,
            ctx,
            decision.id,
            ops.PayUnderDecision(paid_on=date(2013, 8, 10)),
        )
    assert late.value.code == "decision.outside_period"
    with pytest.raises(ConfirmationNeeded):
        await run(
            uow,
            ops.pay_under_decision,
            ctx,
            decision.id,
            ops.PayUnderDecision(paid_on=date(2013, 4, 10), amount=Decimal("500.00")),
        )
    assert uow.events("BenefitPaid") == []


async def test_a_decision_is_under_a_basis_the_centre_decides(uow: FakeUnitOfWork) -> None:
    ctx = context(OPS, hooks=ops.OpsHooks())
    anna = await enrolled(uow, ctx)
    with pytest.raises(Rejected) as refused:
        await run(
            uow, ops.decide, ctx, anna, DECISION.model_copy(update={"basis": "psu_compensation"})
        )
    assert refused.value.field == "basis"


async def test_a_social_contract_binds_both_sides_until_a_date(uow: FakeUnitOfWork) -> None:
    ctx = context(OPS, hooks=ops.OpsHooks())
    anna = await enrolled(uow, ctx)
    open_ended = cmd.SignContract(kind="social_contract", signed_on=date(2013, 2, 5))
    with pytest.raises(Rejected) as refused:
        await run(uow, records.sign_contract, ctx, anna, open_ended)
    assert refused.value.field == "ends_on"
    one_sided = open_ended.model_copy(
        update={
            "ends_on": date(2013, 8, 5),
            "obligations": [cmd.TermIn(party="client", obligation="job_search")],
        }
    )
    with pytest.raises(Rejected) as refused:
        await run(uow, records.sign_contract, ctx, anna, one_sided)
    assert refused.value.field == "obligations"
    both = one_sided.model_copy(
        update={
            "obligations": [
                cmd.TermIn(party="client", obligation="job_search"),
                cmd.TermIn(party="ops", obligation="financial_support"),
            ]
        }
    )
    signed = await run(uow, records.sign_contract, ctx, anna, both)
    assert signed.parties == ("client", "ops")
