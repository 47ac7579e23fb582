"""Referrals between partners: made by one, answered by the one referred to, seen by both."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from partnership_partner.domain.errors import NotFound, Rejected
from partnership_partner.domain.referrals import (
    Referral,
    ReferralStatus,
    check_answer,
    check_referral,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.clients import register_client
from partnership_partner.service_layer.handlers.common import enrolled_client, found, new_id
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.kernel.pseudonym import pseudonym_for


async def make_referral(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.MakeReferral
) -> Referral:
    """Refer a client of this node to another partner, with the client's consent to share."""
    partners = {partner.id for partner in ctx.agreement.partners}
    check_referral(
        ctx.partner_id, command.to_partner, partners, command.made_on, command.consent_on
    )
    assert command.consent_on is not None
    ctx.check_day("made_on", command.made_on)
    client, _ = await enrolled_client(uow, client_id, "client_id", command.made_on, "made_on")
    action_id = str(command.plan_action_id) if command.plan_action_id else None
    if action_id is not None:
        plan = await uow.plans.with_action(action_id)
        action = (
            next((a for a in plan.current.actions if a.action_id == action_id), None)
            if plan
            else None
        )
        if plan is None or action is None:
            raise NotFound("plan_action_id", "plan_action.unknown", ident=action_id)
        if plan.client != client.pseudonym:
            raise Rejected("plan_action_id", "referral.action_other_client")
        if action.partner != command.to_partner:
            raise Rejected(
                "plan_action_id",
                "referral.action_other_partner",
                partner=action.partner,
                to_partner=command.to_partner,
            )
    referral = Referral(
        id=new_id(),
        client=client.pseudonym,
        from_partner=ctx.partner_id,
        to_partner=command.to_partner,
        service_kind=command.service_kind,
        made_on=command.made_on,
        consent_on=command.consent_on,
        event_id="",
        plan_action_id=action_id,
        note=command.note,
    )
    referral.event_id = uow.announce(
        ev.ReferralMade,
        ev.ReferralMadePayload(
            referral_id=UUID(referral.id),
            to_partner=referral.to_partner,
            service_kind=referral.service_kind,
            made_on=referral.made_on,
            consent_on=referral.consent_on,
            plan_action_id=UUID(action_id) if action_id else None,
        ),
        client=referral.client,
        occurred_at=moment(referral.made_on),
    )
    await uow.referrals.add(referral)
    return referral


async def _addressed(
    uow: UnitOfWork, ctx: NodeContext, referral_id: object, day: date, *, completing: bool
) -> Referral:
    referral = await found(uow.referrals, referral_id, "referral_id", "referral")
    check_answer(referral, ctx.partner_id, day, completing=completing)
    ctx.check_day("completed_on" if completing else "answered_on", day)
    return referral


async def accept_referral(
    uow: UnitOfWork, ctx: NodeContext, referral_id: object, command: cmd.AcceptReferral
) -> Referral:
    """Take the client on; a person this node does not know yet is registered here first."""
    referral = await _addressed(uow, ctx, referral_id, command.answered_on, completing=False)
    person = command.person
    if person is not None and pseudonym_for(person.pesel, ctx.secret) != referral.client:
        raise Rejected("person.pesel", "referral.other_person")
    if not await uow.clients.find(pseudonym=referral.client):
        if person is None:
            raise Rejected("person", "referral.person_needed")
        await register_client(uow, ctx, person)
    referral.status = ReferralStatus.ACCEPTED
    referral.answered_on = command.answered_on
    _answer(uow, referral, ev.ReferralAccepted, _answer_payload(referral, command.answered_on))
    await uow.referrals.update(referral)
    return referral


async def decline_referral(
    uow: UnitOfWork, ctx: NodeContext, referral_id: object, command: cmd.DeclineReferral
) -> Referral:
    referral = await _addressed(uow, ctx, referral_id, command.answered_on, completing=False)
    referral.status = ReferralStatus.DECLINED
    referral.answered_on = command.answered_on
    referral.decline_reason = command.reason
    referral.note = command.note
    _answer(
        uow,
        referral,
        ev.ReferralDeclined,
        ev.ReferralDeclinedPayload(
            **_answer_payload(referral, command.answered_on).model_dump(), reason=command.reason
        ),
    )
    await uow.referrals.update(referral)
    return referral


async def complete_referral(
    uow: UnitOfWork, ctx: NodeContext, referral_id: object, command: cmd.CompleteReferral
) -> Referral:
    """The service the client was referred for was given."""
    referral = await _addressed(uow, ctx, referral_id, command.completed_on, completing=True)
    referral.status = ReferralStatus.COMPLETED
    referral.completed_on = command.completed_on
    _answer(uow, referral, ev.ReferralCompleted, _answer_payload(referral, command.completed_on))
    await uow.referrals.update(referral)
    return referral


def _answer_payload(referral: Referral, day: date) -> ev.ReferralAnswerPayload:
    return ev.ReferralAnswerPayload(
        referral_id=UUID(referral.id), referring_partner=referral.from_partner, answered_on=day
    )


def _answer(
    uow: UnitOfWork,
    referral: Referral,
    event_class: type[ev.EventBase],
    payload: ev.ReferralAnswerPayload,
) -> None:
    uow.announce(
        event_class, payload, client=referral.client, occurred_at=moment(payload.answered_on)
    )


# --- what other partners announce ----------------------------------------------------------------


def referral_from_event(event: ev.ReferralMade) -> Referral:
    p = event.payload
    return Referral(
        id=str(p.referral_id),
        client=event.client,
        from_partner=event.source.partner_id,
        to_partner=p.to_partner,
        service_kind=p.service_kind,
        made_on=p.made_on,
        consent_on=p.consent_on,
        event_id=str(event.event_id),
        plan_action_id=str(p.plan_action_id) if p.plan_action_id else None,
    )


def answered(referral: Referral, event: ev.EventBase) -> Referral:
    """The referral as the partner referred to answered it."""
    match event:
        case ev.ReferralAccepted(payload=p):
            referral.status = ReferralStatus.ACCEPTED
            referral.answered_on = p.answered_on
        case ev.ReferralDeclined(payload=p):
            referral.status = ReferralStatus.DECLINED
            referral.answered_on = p.answered_on
            referral.decline_reason = p.reason
        case ev.ReferralCompleted(payload=p):
            referral.status = ReferralStatus.COMPLETED
            referral.completed_on = p.answered_on
            referral.answered_on = referral.answered_on or p.answered_on
    return referral
