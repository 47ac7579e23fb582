"""The node itself: what it records in this partnership, and what its relay still owes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy import func, select

from partnership_partner.adapters import schema as db
from partnership_partner.domain.messages import CATALOGUE
from partnership_partner.entrypoints.deps import NodeDep, PageDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.entrypoints.views import RetentionOut
from partnership_shared.access.roles import Role
from partnership_shared.access.routes import require
from partnership_shared.agreement import Limits
from partnership_shared.events.vocabulary import (
    ActivityKind,
    ContractKind,
    PartnerKind,
    PaymentBasis,
)

router = APIRouter(prefix="/api/v1", tags=["node"], responses=ERROR_RESPONSES)


class ProfileOut(BaseModel):
    """What this partner records, as the partnership agreement sets it."""

    partner_id: str
    kind: PartnerKind
    title: str
    partnership_id: str
    partnership_starts_on: Any
    partners: list[str]
    activity_kinds: list[ActivityKind]
    payment_bases: list[PaymentBasis]
    contract_kinds: list[ContractKind]
    records_employment: bool
    limits: Limits


class OutboxOut(BaseModel):
    source: dict[str, str]
    pending: int
    last_seq: int
    last_published_seq: int
    relay_error: str | None


@router.get("/profile", response_model=ProfileOut)
async def profile(node: NodeDep) -> ProfileOut:
    """What this institution records here: activities it runs, bases it pays on, contracts it
    signs, and the plausibility limits of the partnership."""
    scope = node.scope
    return ProfileOut(
        partner_id=scope.partner_id,
        kind=scope.kind,
        title=scope.title,
        partnership_id=node.settings.partnership_id,
        partnership_starts_on=node.settings.partnership_starts_on,
        partners=[partner.id for partner in node.context.agreement.partners],
        activity_kinds=sorted(scope.activity_kinds),
        payment_bases=sorted(scope.payment_bases),
        contract_kinds=sorted(scope.contract_kinds),
        records_employment=scope.records_employment,
        limits=node.context.limits,
    )


@router.post(
    "/retention",
    response_model=RetentionOut,
    # Auditors read only; the rules applied are the node's own settings, whoever asks.
    dependencies=[Depends(require(Role.CASEWORKER, Role.ADMIN))],
)
async def run_retention(node: NodeDep) -> RetentionOut:
    """Apply the retention rules now (they also run every hour): erase the personal data of
    clients who left longer ago than `PERSONAL_DATA_RETENTION_DAYS`, and drop answers kept for
    repeated writes longer than `IDEMPOTENCY_HOURS`. Caseworkers and admins."""
    erased, dropped = await node.run_retention()
    return RetentionOut(erased_client_ids=erased, answers_dropped=dropped)


@router.get("/outbox", response_model=OutboxOut)
async def outbox_status(node: NodeDep) -> OutboxOut:
    """Events written and published: what the relay still owes the broker."""
    return OutboxOut.model_validate(await node.outbox_status())


class KeptAsideOut(BaseModel):
    event_id: str
    type: str
    source: str
    waits_for: str
    reason: str
    kept_at: datetime


class FeedOut(BaseModel):
    """The other partners' streams as this node reads them."""

    received: int
    kept_aside: int
    waiting: list[KeptAsideOut]
    error: str | None


@router.get("/feed", response_model=FeedOut)
async def feed_status(node: NodeDep, page: PageDep, request: Request) -> FeedOut:
    """Events received from the other partners, and those kept aside until what they refer to
    arrives (an answer to a referral not received yet…), each with the reason."""
    lang = request_lang(request)
    async with node.unit_of_work() as uow:
        received = await uow.session.scalar(select(func.count()).select_from(db.received_events))
        count = await uow.aside.count()
        kept = await uow.aside.listed(limit=page.limit)
    waiting = []
    for item in kept:
        ident = item.waits_for.split(":", 1)[1]
        waiting.append(
            KeptAsideOut(
                event_id=str(item.event.event_id),
                type=item.event.type,
                source=item.event.source.partner_id,
                waits_for=item.waits_for,
                reason=CATALOGUE.text(lang, item.reason, ident=ident),
                kept_at=item.kept_at,
            )
        )
    return FeedOut(
        received=int(received or 0), kept_aside=count, waiting=waiting, error=node.feed.last_error
    )
