"""The partnership's figures: summary, monthly trend and the persons behind a figure."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from partnership_shared.kernel.problems import Refused
from reporting_node.api import models
from reporting_node.api.deps import FiltersDep, NodeDep, SessionDep
from reporting_node.api.errors import ERROR_RESPONSES
from reporting_node.domain.drilldown import UnknownFigure, figure_named
from reporting_node.domain.summary import programme_entries
from reporting_node.store.drilldown import pseudonyms_behind
from reporting_node.store.figures import monthly_trend, read_summary
from reporting_node.store.queries import Reader
from reporting_node.store.register import enrolled_buckets, load_editions, load_register

router = APIRouter(prefix="/api/v1", tags=["figures"], responses=ERROR_RESPONSES)


@router.get("/summary", response_model=models.Summary, response_model_by_alias=True)
async def summary(session: SessionDep, node: NodeDep, filters: FiltersDep) -> dict[str, Any]:
    """What the partnership achieved in a period: clients, hours, activities, employment, money.

    Dates are business dates (the day a service was delivered, a benefit paid…). Persons are
    counted once however many partners serve them; hours and money are exact decimal strings.
    Referrals per pair of partners, support plans' progress per partner, overlaps and data
    conflicts are judged on the period's last day (or today, when that comes first).
    """
    return await read_summary(session, filters, node.settings.partnership_id, node.terms)


@router.get("/trend", response_model=list[models.Month])
async def trend(session: SessionDep, filters: FiltersDep) -> list[dict[str, Any]]:
    """Month by month: hours, activities started, persons who started work, money paid."""
    reader = await Reader.open(session, filters)
    return await monthly_trend(reader)


@router.get("/drilldown", response_model=models.Drilldown)
async def drilldown(
    session: SessionDep,
    filters: FiltersDep,
    figure: Annotated[
        str,
        Query(
            min_length=1,
            max_length=120,
            description="A dotted key of the summary: clients.total, employment.persons, "
            "activities.internship.persons, hours.by_partner_kind.ops, …",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=5000, description="At most this many")] = 1000,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many")] = 0,
) -> dict[str, Any]:
    """The pseudonyms behind a figure of the summary (as many as it counts, for person counts),
    a page at a time: `total` says how many there are."""
    try:
        wanted = figure_named(figure, await load_editions(session))
    except UnknownFigure:
        raise Refused(422, "figure", "figure.unknown", UNKNOWN_FIGURE, name=figure) from None
    reader = await Reader.open(session, filters)
    behind = await pseudonyms_behind(reader, wanted)
    return {
        "figure": figure,
        "total": len(behind),
        "limit": limit,
        "offset": offset,
        "pseudonyms": behind[offset : offset + limit],
    }


UNKNOWN_FIGURE = (
    "nie ma liczby „{name}”: podaj klucz podsumowania, np. clients.total, employment.persons, "
    "hours.by_partner_kind.ops",
    "unknown figure {name!r}: name a key of the summary, e.g. clients.total, "
    "employment.persons, hours.by_partner_kind.ops",
)


@router.get("/programmes", response_model=list[models.ProgrammeEntry])
async def programmes(session: SessionDep) -> list[dict[str, Any]]:
    """Every programme known: as defined (code, name, period, lead partner, budget), or by its id
    alone while only enrolments name it. Filter the figures by one with `?programme=<id>`."""
    register = await load_register(session)
    return programme_entries(register, await enrolled_buckets(session))
