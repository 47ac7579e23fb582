"""Referrals between partners: made by one, found by the other in its inbox (`direction=incoming`)
and answered there; overdue on both sides when unanswered for the agreement's number of days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import or_

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.domain.referrals import Referral, ReferralStatus
from partnership_partner.entrypoints.coordination_views import ReferralOut, referral_out
from partnership_partner.entrypoints.deps import ContextDep, IdempotencyKey, NodeDep, PageDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.entrypoints.views import PageOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import referrals
from partnership_partner.service_layer.handlers.common import found
from partnership_shared.i18n import Lang

router = APIRouter(prefix="/api/v1", tags=["coordination"], responses=ERROR_RESPONSES)

R = db.referrals


async def _client_ids(uow: SqlUnitOfWork, pseudonyms: Iterable[str]) -> dict[str, str]:
    """This node's clients by pseudonym, for the referrals' persons it knows."""
    wanted = list(set(pseudonyms))
    if not wanted:
        return {}
    known = await uow.clients.page(
        db.clients.c.pseudonym.in_(wanted), order_by=(db.clients.c.id,), limit=len(wanted), offset=0
    )
    return {client.pseudonym: client.id for client in known[1]}


async def _out(uow: SqlUnitOfWork, ctx: NodeContext, lang: Lang, referral: Referral) -> ReferralOut:
    ids = await _client_ids(uow, [referral.client])
    return referral_out(ctx, lang, referral, ids.get(referral.client))


@router.post("/clients/{client_id}/referrals", status_code=201, response_model=ReferralOut)
async def make_referral(
    client_id: UUID,
    command: cmd.MakeReferral,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Refer a client to another partner for a kind of service, with the day the client
    consented to sharing with that partner (no consent, no referral)."""
    lang = request_lang(request)

    async def action(uow: Any) -> ReferralOut:
        return await _out(
            uow, ctx, lang, await referrals.make_referral(uow, ctx, client_id, command)
        )

    return await write(node, key, request, action)


@router.get("/referrals", response_model=PageOut[ReferralOut])
async def list_referrals(
    node: NodeDep,
    ctx: ContextDep,
    page: PageDep,
    request: Request,
    direction: Annotated[
        Literal["incoming", "outgoing"] | None,
        Query(description="incoming: this node's inbox; outgoing: made here; none: both"),
    ] = None,
    status: ReferralStatus | None = None,
    overdue: Annotated[bool | None, Query(description="Only those overdue (or not)")] = None,
) -> PageOut[ReferralOut]:
    mine = ctx.partner_id
    conditions: list[Any] = [
        R.c.to_partner == mine
        if direction == "incoming"
        else R.c.from_partner == mine
        if direction == "outgoing"
        else or_(R.c.to_partner == mine, R.c.from_partner == mine)
    ]
    if status is not None:
        conditions.append(R.c.status == status.value)
    if overdue is not None:
        answer_by = ctx.today() - timedelta(days=ctx.agreement.coordination.referral_answer_days)
        late = (R.c.status == ReferralStatus.MADE.value) & (R.c.made_on < answer_by)
        conditions.append(late if overdue else ~late)
    lang = request_lang(request)
    async with node.unit_of_work() as uow:
        total, items = await uow.referrals.page(
            *conditions, order_by=(R.c.made_on, R.c.id), limit=page.limit, offset=page.offset
        )
        ids = await _client_ids(uow, (referral.client for referral in items))
    return PageOut[ReferralOut](
        total=total,
        limit=page.limit,
        offset=page.offset,
        items=[referral_out(ctx, lang, r, ids.get(r.client)) for r in items],
    )


@router.get("/referrals/{referral_id}", response_model=ReferralOut)
async def read_referral(
    referral_id: UUID, node: NodeDep, ctx: ContextDep, request: Request
) -> ReferralOut:
    async with node.unit_of_work() as uow:
        referral = await found(uow.referrals, referral_id, "referral_id", "referral")
        return await _out(uow, ctx, request_lang(request), referral)


@router.post("/referrals/{referral_id}/accept", response_model=ReferralOut)
async def accept_referral(
    referral_id: UUID,
    command: cmd.AcceptReferral,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Accept a referral addressed to this partner. A person not registered here yet is
    registered with the data given in `person` (their PESEL must be the person's referred)."""
    lang = request_lang(request)

    async def action(uow: Any) -> ReferralOut:
        referral = await referrals.accept_referral(uow, ctx, referral_id, command)
        return await _out(uow, ctx, lang, referral)

    return await write(node, key, request, action, status_code=200)


@router.post("/referrals/{referral_id}/decline", response_model=ReferralOut)
async def decline_referral(
    referral_id: UUID,
    command: cmd.DeclineReferral,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Decline a referral addressed to this partner, with the reason."""
    lang = request_lang(request)

    async def action(uow: Any) -> ReferralOut:
        referral = await referrals.decline_referral(uow, ctx, referral_id, command)
        return await _out(uow, ctx, lang, referral)

    return await write(node, key, request, action, status_code=200)


@router.post("/referrals/{referral_id}/complete", response_model=ReferralOut)
async def complete_referral(
    referral_id: UUID,
    command: cmd.CompleteReferral,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The service an accepted referral asked for was given."""
    lang = request_lang(request)

    async def action(uow: Any) -> ReferralOut:
        referral = await referrals.complete_referral(uow, ctx, referral_id, command)
        return await _out(uow, ctx, lang, referral)

    return await write(node, key, request, action, status_code=200)
