"""The OPS's own commands and handlers: benefit decisions and payments under them."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Protocol

from pydantic import Field

from ops_node.domain.decisions import (
    BenefitDecision,
    check_decision,
    check_payment,
    check_social_contract,
)
from partnership_partner.domain.model import Contract, Payment
from partnership_partner.service_layer.commands import Command, Confirmation
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import records
from partnership_partner.service_layer.handlers.common import client_of, found, new_id
from partnership_partner.service_layer.hooks import Hooks
from partnership_partner.service_layer.unit_of_work import Key, Repository, UnitOfWork
from partnership_shared.events.models import Money
from partnership_shared.events.vocabulary import PaymentBasis


class Decisions(Repository[BenefitDecision], Protocol):
    """Benefit decisions, by id."""


DECISIONS: Key[Decisions] = Key("ops.decisions")


class Decide(Command):
    """A benefit granted by decision: its legal basis, monthly amount and period."""

    basis: PaymentBasis
    monthly_amount: Money
    period_from: date
    period_to: date
    decided_on: date
    reference: str | None = Field(
        default=None, max_length=60, description="The decision's number (stays in this node)"
    )


class PayUnderDecision(Command):
    """A payment for one month (default: the month of `paid_on`) of a decision's period."""

    paid_on: date
    amount: Money | None = Field(default=None, description="Default: the decision's amount")
    period_from: date | None = None
    period_to: date | None = None
    confirmation: Confirmation = None


async def decide(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: Decide
) -> BenefitDecision:
    ctx.check_day("decided_on", command.decided_on)
    client = await client_of(uow, client_id)
    decision = BenefitDecision(
        id=new_id(),
        client_id=client.id,
        basis=command.basis,
        monthly_amount=command.monthly_amount,
        period_from=command.period_from,
        period_to=command.period_to,
        decided_on=command.decided_on,
        reference=command.reference,
    )
    check_decision(decision)
    await uow.extension(DECISIONS).add(decision)
    return decision


async def pay_under_decision(
    uow: UnitOfWork, ctx: NodeContext, decision_id: object, command: PayUnderDecision
) -> Payment:
    decisions = uow.extension(DECISIONS)
    decision = await found(decisions, decision_id, "decision_id", "decision")
    month_end = calendar.monthrange(command.paid_on.year, command.paid_on.month)[1]
    period_from = command.period_from or command.paid_on.replace(day=1)
    period_to = command.period_to or command.paid_on.replace(day=month_end)
    amount = command.amount or decision.monthly_amount
    check_payment(decision, amount, period_from, period_to, command.confirmation)
    payment = Payment(
        id=new_id(),
        client_id=decision.client_id,
        basis=decision.basis,
        amount=amount,
        paid_on=command.paid_on,
        event_id="",
        period_from=period_from,
        period_to=period_to,
        decision_id=decision.id,
        confirmation=command.confirmation,
    )
    return await records.pay(uow, ctx, payment, command.confirmation)


class OpsHooks(Hooks):
    def check_contract(self, contract: Contract) -> None:
        check_social_contract(contract)
