"""The OPS's own pages for its staff: benefit decisions on the client card, a form recording a
decision and one paying a month of it (the payment then counts like any other)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ops_node import service_layer as ops
from ops_node.domain.decisions import DECIDED_BASES
from ops_node.routes import DecisionOut
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.views import PaymentOut
from partnership_partner.entrypoints.web.extension import (
    Cell,
    ClientAction,
    Link,
    Section,
    Workspace,
)
from partnership_partner.entrypoints.web.forms import Field
from partnership_partner.entrypoints.web.page import View
from partnership_partner.entrypoints.web.records import confirmation_field, options
from partnership_partner.entrypoints.web.service_pages import add_form
from partnership_partner.service_layer.handlers.common import found

router = APIRouter(include_in_schema=False)

WORDS = {
    "ops.decisions": ("Decyzje o świadczeniach", "Benefit decisions"),
    "ops.decide": ("Zapisz decyzję", "Record a decision"),
    "ops.pay": ("Wypłać", "Pay"),
    "ops.monthly_amount": ("Kwota miesięczna (zł)", "Monthly amount (PLN)"),
    "ops.decided_on": ("Data decyzji", "Decided on"),
    "ops.reference": ("Numer decyzji", "Decision number"),
    "ops.pay_amount": (
        "Kwota (zł) — puste: kwota z decyzji",
        "Amount (PLN) — empty: the decision's",
    ),
    "ops.pay_hint": (
        "okres: miesiąc daty wypłaty, chyba że podasz inny",
        "period: the month paid in",
    ),
    "field.monthly_amount": ("Kwota miesięczna", "Monthly amount"),
    "field.decided_on": ("Data decyzji", "Decided on"),
}


def decision_fields(v: View) -> list[Field]:
    bases = sorted(DECIDED_BASES, key=lambda b: b.value)
    return [
        Field(
            "basis", v.t("field.basis"), "select", required=True, options=options(v, "basis", bases)
        ),
        Field(
            "monthly_amount",
            v.t("ops.monthly_amount"),
            "money",
            required=True,
            hint=v.t("hint.money"),
            width="short",
        ),
        Field(
            "period_from",
            v.t("field.period_from"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            width="short",
        ),
        Field(
            "period_to",
            v.t("field.period_to"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            width="short",
        ),
        Field(
            "decided_on",
            v.t("ops.decided_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        ),
        Field("reference", v.t("ops.reference"), hint=v.t("hint.stays_here")),
    ]


def payment_fields(v: View) -> list[Field]:
    return [
        Field(
            "paid_on",
            v.t("field.paid_on"),
            "date",
            required=True,
            hint=v.t("ops.pay_hint"),
            value=v.node.context.today(),
            width="short",
        ),
        Field("amount", v.t("ops.pay_amount"), "money", hint=v.t("hint.money"), width="short"),
        Field("period_from", v.t("field.period_from"), "date", width="short"),
        Field("period_to", v.t("field.period_to"), "date", width="short"),
        confirmation_field(v),
    ]


async def _decision_client(uow: Any, decision_id: str) -> str:
    decision = await found(uow.extension(ops.DECISIONS), decision_id, "decision_id", "decision")
    return str(decision.client_id)


add_form(
    router,
    "/clients/{target}/ops/decision",
    ("Decyzja o świadczeniu", "Benefit decision"),
    decision_fields,
    ops.Decide,
    ops.decide,
    DecisionOut.model_validate,
)
add_form(
    router,
    "/ops/decisions/{target}/payment",
    ("Wypłata z decyzji", "Payment under a decision"),
    payment_fields,
    ops.PayUnderDecision,
    ops.pay_under_decision,
    PaymentOut.model_validate,
    _decision_client,
)


async def decisions(v: View, uow: SqlUnitOfWork, client: Client) -> Section:
    found_ = sorted(
        await uow.extension(ops.DECISIONS).find(client_id=client.id), key=lambda d: d.period_from
    )
    rows = tuple(
        (
            Cell(v.label("basis", d.basis)),
            Cell(v.money(d.monthly_amount), numeric=True),
            Cell(f"{v.date(d.period_from)} – {v.date(d.period_to)}"),
            Cell(
                v.t("ops.pay") if v.can_write else "",
                f"/ops/decisions/{d.id}/payment" if v.can_write else None,
            ),
        )
        for d in found_
    )
    actions = (
        (Link(v.t("ops.decide"), f"/clients/{client.id}/ops/decision"),) if v.can_write else ()
    )
    return Section(
        "ops-decisions",
        v.t("ops.decisions"),
        (v.t("field.basis"), v.t("ops.monthly_amount"), v.t("field.period"), ""),
        rows,
        v.t("card.none"),
        actions,
        slot="service",
    )


WORKSPACE = Workspace(
    routers=[router],
    client_actions=[
        ClientAction(
            ("Decyzja o świadczeniu", "Benefit decision"), "/clients/{client_id}/ops/decision"
        )
    ],
    card_sections=[decisions],
    words=WORDS,
)
