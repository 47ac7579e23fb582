"""Referrals on the staff's pages: the inbox (received and sent, overdue first), sending one from
the client card with the client's consent, and answering one (accept — registering the person
where this node does not know them —, decline with a reason, complete).

Each form runs the same handler as the API (`service_layer.handlers.referrals`): the rules (no
consent, no referral; only the addressee answers) are the handler's, worded on the form's field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from sqlalchemy import or_

from partnership_partner.adapters import schema as db
from partnership_partner.domain.referrals import Referral, ReferralStatus
from partnership_partner.entrypoints.coordination_views import (
    ReferralOut,
    partner_name,
    referral_out,
)
from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.clients import _client, form_page
from partnership_partner.entrypoints.web.coordination import names_by_pseudonym
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import (
    WRITER,
    FormDep,
    View,
    ViewDep,
    problems_of,
    render,
    save,
    see_other,
)
from partnership_partner.entrypoints.web.records import options
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import referrals
from partnership_shared.events import labels as L
from partnership_shared.events.vocabulary import ActivityKind, DeclineReason, SpecialistRole

router = APIRouter(include_in_schema=False)

LISTED = 200
R = db.referrals


# --- the inbox -----------------------------------------------------------------------------------


@router.get("/referrals")
async def inbox(v: ViewDep, done: str = "") -> Response:
    ctx = v.node.context
    mine = ctx.partner_id
    async with v.uow() as uow:
        _, found = await uow.referrals.page(
            or_(R.c.to_partner == mine, R.c.from_partner == mine),
            order_by=(R.c.made_on.desc(), R.c.id),
            limit=LISTED,
            offset=0,
        )
        names = await names_by_pseudonym(uow, (r.client for r in found))
    rows = [
        (referral_out(ctx, v.lang, r, names.get(r.client, ("", ""))[0] or None), r) for r in found
    ]
    # Overdue first, then those waiting for an answer, then the rest; newest first within each.
    order = {ReferralStatus.MADE: 1, ReferralStatus.ACCEPTED: 2}
    rows.sort(key=lambda pair: (not pair[0].overdue, order.get(pair[0].status, 3)))
    received = [_row(v, out, names) for out, _ in rows if out.direction == "incoming"]
    sent = [_row(v, out, names) for out, _ in rows if out.direction == "outgoing"]
    await v.shown([row["client_id"] for row in received + sent if row["client_id"]])
    return render(v, "referrals.html", received=received, sent=sent, done=done)


def _row(v: View, r: ReferralOut, names: dict[str, tuple[str, str]]) -> dict[str, Any]:
    client_id = r.client_id or ""
    name = next((n for cid, n in names.values() if cid == client_id), "") if client_id else ""
    what = f"{r.service_label}, {name or v.t('inbox.unknown_person')}"
    actions: list[tuple[str, str, str]] = []
    if r.direction == "incoming" and v.can_write:
        if r.status is ReferralStatus.MADE:
            actions += [
                (v.t("action.accept"), v.t("action.accept_named", what=what), "accept"),
                (v.t("action.decline"), v.t("action.decline_named", what=what), "decline"),
            ]
        elif r.status is ReferralStatus.ACCEPTED:
            actions.append(
                (v.t("action.complete"), v.t("action.complete_named", what=what), "complete")
            )
    return {
        "out": r,
        "client_id": client_id,
        "name": name or v.t("inbox.unknown_person"),
        "state": v.t(f"status.{r.status.value}"),
        "reason": L.label(L.DECLINE_REASONS, r.decline_reason, v.lang) if r.decline_reason else "",
        "actions": [
            {"text": text, "label": label, "href": f"/referrals/{r.id}/{verb}"}
            for text, label, verb in actions
        ],
    }


# --- sending one ---------------------------------------------------------------------------------


def referral_fields(v: View) -> list[Field]:
    ctx = v.node.context
    others = [p for p in ctx.agreement.partners if p.id != ctx.partner_id]
    kinds = [*options(v, "role", list(SpecialistRole)), *options(v, "activity", list(ActivityKind))]
    return [
        Field(
            "to_partner",
            v.t("field.to_partner"),
            "select",
            required=True,
            options=[Option(p.id, partner_name(ctx, p.id)) for p in others],
        ),
        Field("service_kind", v.t("field.service_kind"), "select", required=True, options=kinds),
        Field(
            "made_on", v.t("field.made_on"), "date", required=True, value=ctx.today(), width="short"
        ),
        Field(
            "consent_on",
            v.t("field.consent_on"),
            "date",
            hint=v.t("hint.consent_on"),
            width="short",
        ),
        Field("note", v.t("field.note"), "textarea"),
    ]


@router.get("/clients/{client_id}/referrals/new", dependencies=[WRITER])
async def referral_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return form_page(v, "referral", referral_fields(v), v.path, client=client)


@router.post("/clients/{client_id}/referrals/new", dependencies=[WRITER])
async def refer(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    ctx = v.node.context.acting(v.principal.username)

    def action(command: cmd.MakeReferral) -> Any:
        async def run(uow: Any) -> ReferralOut:
            made = await referrals.make_referral(uow, ctx, client.id, command)
            return referral_out(ctx, v.lang, made, client.id)

        return run

    return await _answer_form(
        v,
        form,
        "referral",
        referral_fields(v),
        cmd.MakeReferral,
        action,
        lambda _answer: f"/clients/{client.id}?done=referred",
        client=client,
    )


# --- answering one -------------------------------------------------------------------------------


async def _addressed(v: View, referral_id: str) -> tuple[Referral, str | None]:
    """A referral to this partner, and this node's client it is for (None: not known here)."""
    async with v.uow() as uow:
        referral = await uow.referrals.get(referral_id)
        if referral is None or referral.to_partner != v.node.context.partner_id:
            raise HTTPException(404)
        names = await names_by_pseudonym(uow, [referral.client])
    client_id = names.get(referral.client, ("", ""))[0] or None
    if client_id:
        await v.shown([client_id])
    return referral, client_id


def _about(v: View, referral: Referral) -> str:
    return v.t(
        "form.referral_of",
        kind=L.label(L.KINDS, referral.service_kind, v.lang),
        partner=partner_name(v.node.context, referral.from_partner),
        date=v.date(referral.made_on),
    )


def accept_fields(v: View, known: bool) -> list[Field]:
    fields = [
        Field(
            "answered_on",
            v.t("field.answered_on"),
            "date",
            required=True,
            value=v.node.context.today(),
            width="short",
        )
    ]
    if not known:
        fields += [
            Field(
                "person.pesel",
                v.t("field.person.pesel"),
                required=True,
                hint=v.t("hint.person"),
                autocomplete="off",
            ),
            Field("person.first_name", v.t("field.person.first_name"), required=True),
            Field("person.last_name", v.t("field.person.last_name"), required=True),
        ]
    return fields


def decline_fields(v: View) -> list[Field]:
    return [
        Field(
            "answered_on",
            v.t("field.answered_on"),
            "date",
            required=True,
            value=v.node.context.today(),
            width="short",
        ),
        Field(
            "reason",
            v.t("field.reason"),
            "select",
            required=True,
            options=options(v, "decline", list(DeclineReason)),
        ),
        Field("note", v.t("field.note"), "textarea"),
    ]


def complete_fields(v: View) -> list[Field]:
    return [
        Field(
            "completed_on",
            v.t("field.completed_on"),
            "date",
            required=True,
            value=v.node.context.today(),
            width="short",
        )
    ]


def _nested(values: dict[str, Any]) -> dict[str, Any]:
    """`person.pesel` and its like as the command's `person` object."""
    person = {k.removeprefix("person."): v for k, v in values.items() if k.startswith("person.")}
    plain = {k: v for k, v in values.items() if not k.startswith("person.")}
    return {**plain, "person": person} if person else plain


ANSWERS: dict[str, tuple[Callable[[View, bool], list[Field]], type[cmd.Command], Any, str]] = {
    "accept": (accept_fields, cmd.AcceptReferral, referrals.accept_referral, "accepted"),
    "decline": (
        lambda v, _known: decline_fields(v),
        cmd.DeclineReferral,
        referrals.decline_referral,
        "declined",
    ),
    "complete": (
        lambda v, _known: complete_fields(v),
        cmd.CompleteReferral,
        referrals.complete_referral,
        "completed",
    ),
}


@router.get("/referrals/{referral_id}/{verb}", dependencies=[WRITER])
async def answer_form(v: ViewDep, referral_id: str, verb: str) -> Response:
    if verb not in ANSWERS:
        raise HTTPException(404)
    referral, client_id = await _addressed(v, referral_id)
    fields = ANSWERS[verb][0](v, client_id is not None)
    return form_page(v, verb, fields, v.path, lead=_about(v, referral), back="/referrals")


@router.post("/referrals/{referral_id}/{verb}", dependencies=[WRITER])
async def answer(v: ViewDep, referral_id: str, verb: str, form: FormDep) -> Response:
    if verb not in ANSWERS:
        raise HTTPException(404)
    referral, client_id = await _addressed(v, referral_id)
    make_fields, command_class, handler, done = ANSWERS[verb]
    ctx = v.node.context.acting(v.principal.username)

    def action(command: Any) -> Any:
        async def run(uow: Any) -> ReferralOut:
            answered = await handler(uow, ctx, referral.id, command)
            names = await names_by_pseudonym(uow, [answered.client])
            return referral_out(
                ctx, v.lang, answered, names.get(answered.client, ("", ""))[0] or None
            )

        return run

    def next_page(answer: dict[str, Any]) -> str:
        if verb == "accept" and answer.get("client_id"):
            return f"/clients/{answer['client_id']}?done=accepted"
        return f"/referrals?done={done}"

    return await _answer_form(
        v,
        form,
        verb,
        make_fields(v, client_id is not None),
        command_class,
        action,
        next_page,
        lead=_about(v, referral),
        back="/referrals",
    )


async def _answer_form(
    v: View,
    form: Any,
    what: str,
    fields: list[Field],
    command_class: type[cmd.Command],
    action: Any,
    next_page: Callable[[dict[str, Any]], str],
    **context: Any,
) -> Response:
    """Read the form, run the handler, go on to `next_page(answer)`, or show the form again with
    each problem at its field."""
    posted = forms.read(fields, form, {})
    outcome = None
    if not posted.problems:
        values = _nested(posted.values)
        outcome = await save(
            v, form, lambda: command_class(**values), action, [f.name for f in fields]
        )
        if outcome.answer is not None:
            return see_other(next_page(outcome.answer))
    return form_page(
        v,
        what,
        forms.typed_back(fields, form, {}),
        v.path,
        outcome=outcome,
        problems=problems_of(v, posted),
        key=form.get("form_key"),
        **context,
    )
