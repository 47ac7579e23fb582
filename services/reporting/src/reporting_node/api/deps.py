"""Dependencies the routes share: the running node, a read session, the filters of a question."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Depends, HTTPException, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.events.vocabulary import PartnerKind
from partnership_shared.http.validation import request_lang
from partnership_shared.i18n import Catalogue
from reporting_node.domain.summary import Filters
from reporting_node.node import ReportingNode


def get_node(request: Request) -> ReportingNode:
    node: ReportingNode = request.app.state.node
    return node


NodeDep = Annotated[ReportingNode, Depends(get_node)]


async def get_session(node: NodeDep) -> AsyncIterator[AsyncSession]:
    async with node.sessions() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


REFUSALS = Catalogue(
    {
        "period.empty": (
            "from: okres jest pusty: początek ({first}) jest po końcu ({last})",
            "from: the period is empty: 'from' ({first}) is after 'to' ({last})",
        ),
        "figure.unknown": (
            "figure: nie ma liczby „{name}”: podaj klucz podsumowania, np. clients.total, "
            "employment.persons, hours.by_partner_kind.ops",
            "figure: unknown figure {name!r}: name a key of the summary, e.g. clients.total, "
            "employment.persons, hours.by_partner_kind.ops",
        ),
        "client.no_events": (
            "pseudonym: nie ma zdarzeń klienta {pseudonym}",
            "pseudonym: no events of client {pseudonym}",
        ),
    }
)
"""The API's own refusals, in the reader's language (`?lang=`, `Accept-Language`)."""


def refused(request: Request, status: int, code: str, **values: object) -> HTTPException:
    return HTTPException(status, REFUSALS.text(request_lang(request), code, **values))


def get_filters(
    request: Request,
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
    if first is not None and last is not None and first > last:
        raise refused(request, 422, "period.empty", first=first, last=last)
    return Filters(
        first, last, partner.value if partner else None, str(programme) if programme else None
    )


FiltersDep = Annotated[Filters, Depends(get_filters)]
