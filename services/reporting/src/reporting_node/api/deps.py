"""Dependencies the routes share: the running node, a read session, the filters of a question."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.events.vocabulary import PartnerKind
from partnership_shared.kernel.problems import Refused
from reporting_node.domain.summary import Filters
from reporting_node.node import ReportingNode
from reporting_node.reports.periods import EARLIEST, LATEST


def get_node(request: Request) -> ReportingNode:
    node: ReportingNode = request.app.state.node
    return node


NodeDep = Annotated[ReportingNode, Depends(get_node)]


async def get_session(node: NodeDep) -> AsyncIterator[AsyncSession]:
    async with node.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


def get_filters(
    first: Annotated[
        date | None, Query(alias="from", description="First day of the period (inclusive)")
    ] = None,
    last: Annotated[
        date | None, Query(alias="to", description="Last day of the period (inclusive)")
    ] = None,
    partner: Annotated[
        PartnerKind | None,
        Query(description="Only what this kind of partner recorded (and the clients it enrolled)"),
    ] = None,
    programme: Annotated[
        UUID | None,
        Query(description="Only clients (and families) enrolled in this programme, by its id"),
    ] = None,
) -> Filters:
    for field, day in (("from", first), ("to", last)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise Refused(422, field, "period.out_of_range", OUT_OF_RANGE, day=day)
    if first is not None and last is not None and first > last:
        raise Refused(422, "to", "period.empty", EMPTY, first=first, last=last)
    return Filters(
        first, last, partner.value if partner else None, str(programme) if programme else None
    )


OUT_OF_RANGE = (
    f"dzień musi przypadać między {EARLIEST} a {LATEST}, a nie {{day}}",
    f"the day must lie between {EARLIEST} and {LATEST}, not {{day}}",
)
EMPTY = (
    "okres jest pusty: 'from' ({first}) przypada po 'to' ({last})",
    "the period is empty: 'from' ({first}) is after 'to' ({last})",
)


FiltersDep = Annotated[Filters, Depends(get_filters)]
