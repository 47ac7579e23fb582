"""Programmes, their editions, and families enrolled in them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from partnership_partner.adapters import schema as db
from partnership_partner.entrypoints.deps import (
    ContextDep,
    IdempotencyKey,
    NodeDep,
    PageDep,
    listing,
)
from partnership_partner.entrypoints.errors import ERROR_RESPONSES
from partnership_partner.entrypoints.routes.corrections import add_correction_routes
from partnership_partner.entrypoints.views import EditionOut, FamilyOut, PageOut, ProgrammeOut
from partnership_partner.entrypoints.writes import write
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import families, programmes
from partnership_partner.service_layer.handlers.common import found

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)


@router.post("/programmes", status_code=201, response_model=ProgrammeOut, tags=["programmes"])
async def define_programme(
    command: cmd.DefineProgramme,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A programme (project) of the partnership: its code, name, period, lead partner and budget
    (total value = co-financing + own contribution, to the grosz). Every partner learns of it."""

    async def action(uow: Any) -> ProgrammeOut:
        return ProgrammeOut.model_validate(await programmes.define_programme(uow, ctx, command))

    return await write(node, key, request, action)


@router.patch("/programmes/{programme_id}", response_model=ProgrammeOut, tags=["programmes"])
async def amend_programme(
    programme_id: UUID,
    command: cmd.AmendProgramme,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """Amend a programme this partner announced (its period, budget, name, lead partner)."""

    async def action(uow: Any) -> ProgrammeOut:
        return ProgrammeOut.model_validate(
            await programmes.amend_programme(uow, ctx, programme_id, command)
        )

    return await write(node, key, request, action, status_code=200)


@router.get("/programmes", response_model=PageOut[ProgrammeOut], tags=["programmes"])
async def list_programmes(node: NodeDep, page: PageDep) -> PageOut[ProgrammeOut]:
    """Every programme this node knows: its own and those the other partners announced."""
    return await listing(
        node,
        lambda uow: uow.programmes,
        ProgrammeOut,
        page,
        order_by=(db.programmes.c.starts_on, db.programmes.c.code),
    )


@router.get("/programmes/{programme_id}", response_model=ProgrammeOut, tags=["programmes"])
async def read_programme(programme_id: UUID, node: NodeDep) -> ProgrammeOut:
    async with node.unit_of_work() as uow:
        programme = await found(uow.programmes, programme_id, "programme_id", "programme")
    return ProgrammeOut.model_validate(programme)


@router.post(
    "/programmes/{programme_id}/editions",
    status_code=201,
    response_model=EditionOut,
    tags=["programmes"],
)
async def schedule_edition(
    programme_id: UUID,
    command: cmd.ScheduleEdition,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """An edition or course this partner provides (KIS edition I, a vocational course by trade),
    within the programme's period."""

    async def action(uow: Any) -> EditionOut:
        return EditionOut.model_validate(
            await programmes.schedule_edition(uow, ctx, programme_id, command)
        )

    return await write(node, key, request, action)


@router.get("/editions", response_model=PageOut[EditionOut], tags=["programmes"])
async def list_editions(
    node: NodeDep, page: PageDep, programme_id: UUID | None = None
) -> PageOut[EditionOut]:
    conditions = [] if programme_id is None else [db.editions.c.programme_id == str(programme_id)]
    return await listing(
        node,
        lambda uow: uow.editions,
        EditionOut,
        page,
        *conditions,
        order_by=(db.editions.c.starts_on, db.editions.c.label),
    )


@router.get("/editions/{edition_id}", response_model=EditionOut, tags=["programmes"])
async def read_edition(edition_id: UUID, node: NodeDep) -> EditionOut:
    async with node.unit_of_work() as uow:
        edition = await found(uow.editions, edition_id, "edition_id", "edition")
    return EditionOut.model_validate(edition)


# --- families ------------------------------------------------------------------------------------


@router.post("/families", status_code=201, response_model=FamilyOut, tags=["families"])
async def enrol_family(
    command: cmd.EnrolFamily,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """A family joins a programme as a unit: each member (a client of this node) is enrolled."""

    async def action(uow: Any) -> FamilyOut:
        return FamilyOut.model_validate(await families.enrol_family(uow, ctx, command))

    return await write(node, key, request, action)


@router.post("/families/{family_id}/exit", response_model=FamilyOut, tags=["families"])
async def exit_family(
    family_id: UUID,
    command: cmd.ExitFamily,
    node: NodeDep,
    ctx: ContextDep,
    request: Request,
    key: IdempotencyKey = None,
) -> Response:
    """The family leaves the programme (`completed` when it finished it); its members with it."""

    async def action(uow: Any) -> FamilyOut:
        return FamilyOut.model_validate(await families.exit_family(uow, ctx, family_id, command))

    return await write(node, key, request, action, status_code=200)


@router.get("/families", response_model=PageOut[FamilyOut], tags=["families"])
async def list_families(
    node: NodeDep, page: PageDep, programme_id: UUID | None = None
) -> PageOut[FamilyOut]:
    conditions = [] if programme_id is None else [db.families.c.programme_id == str(programme_id)]
    return await listing(
        node,
        lambda uow: uow.families,
        FamilyOut,
        page,
        *conditions,
        order_by=(db.families.c.enrolled_on, db.families.c.id),
    )


@router.get("/families/{family_id}", response_model=FamilyOut, tags=["families"])
async def read_family(family_id: UUID, node: NodeDep) -> FamilyOut:
    async with node.unit_of_work() as uow:
        family = await found(uow.families, family_id, "family_id", "family")
    return FamilyOut.model_validate(family)


add_correction_routes(
    router,
    "/families/{record_id}",
    "family",
    cmd.CorrectFamily,
    FamilyOut.model_validate,
    FamilyOut,
    "family",
)
