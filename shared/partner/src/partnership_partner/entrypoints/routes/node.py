"""The node itself: what it records in this partnership, and what its relay still owes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from partnership_partner.entrypoints.deps import NodeDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.views import RetentionOut
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


@router.post("/retention", response_model=RetentionOut)
async def run_retention(node: NodeDep) -> RetentionOut:
    """Apply the retention rules now (they also run every hour): erase the personal data of
    clients who left longer ago than `PERSONAL_DATA_RETENTION_DAYS`, and drop answers kept for
    repeated writes longer than `IDEMPOTENCY_HOURS`."""
    erased, dropped = await node.run_retention()
    return RetentionOut(erased_client_ids=erased, answers_dropped=dropped)


@router.get("/outbox", response_model=OutboxOut)
async def outbox_status(node: NodeDep) -> OutboxOut:
    """Events written and published: what the relay still owes the broker."""
    return OutboxOut.model_validate(await node.outbox_status())
