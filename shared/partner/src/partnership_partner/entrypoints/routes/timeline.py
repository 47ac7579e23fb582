"""A client's timeline: what every partner did for them, in date order, labelled with the
partner; another partner's payments without their amounts unless the agreement shares them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request

from partnership_partner.entrypoints.coordination_views import TimelineOut, entry_out
from partnership_partner.entrypoints.deps import ContextDep, NodeDep, PageDep
from partnership_partner.entrypoints.errors import ERROR_RESPONSES, request_lang
from partnership_partner.service_layer.handlers.timeline import client_timeline

router = APIRouter(prefix="/api/v1", tags=["coordination"], responses=ERROR_RESPONSES)


@router.get("/clients/{client_id}/timeline", response_model=TimelineOut)
async def timeline(
    client_id: UUID,
    node: NodeDep,
    ctx: ContextDep,
    page: PageDep,
    request: Request,
    withdrawn: Annotated[
        bool, Query(description="Show records their partner withdrew as made in error")
    ] = False,
) -> TimelineOut:
    """The client's services, activities, jobs, payments, plans and referrals, by every partner
    of the partnership (this one too), by day; overlaps and conflicting data among them."""
    async with node.unit_of_work() as uow:
        client, entries = await client_timeline(uow, client_id)
    shown = [entry for entry in entries if withdrawn or not entry.withdrawn]
    lang = request_lang(request)
    return TimelineOut(
        client_id=client.id,
        total=len(shown),
        limit=page.limit,
        offset=page.offset,
        entries=[
            entry_out(ctx, lang, entry) for entry in shown[page.offset : page.offset + page.limit]
        ],
    )
