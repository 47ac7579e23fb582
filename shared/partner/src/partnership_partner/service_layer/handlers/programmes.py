"""Programmes and their editions: defined by one partner, known to all through their events."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from uuid import UUID

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import Edition, Programme
from partnership_partner.domain.programmes import (
    check_edition,
    check_funding,
    check_owner,
    check_period,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers.common import found, new_id
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev


def _funding(terms: cmd.FundingTerms | None) -> ev.Funding | None:
    if terms is None:
        return None
    check_funding(terms.total, terms.co_financing, terms.own_contribution)
    return ev.Funding(**terms.model_dump())


def _check_lead(ctx: NodeContext, lead_partner: str) -> None:
    if ctx.agreement.partner(lead_partner) is None:
        raise Rejected("lead_partner", "partner.unknown", partner=lead_partner)


async def define_programme(
    uow: UnitOfWork, ctx: NodeContext, command: cmd.DefineProgramme
) -> Programme:
    check_period(command.starts_on, command.ends_on)
    funding = _funding(command.funding)
    lead = command.lead_partner or ctx.partner_id
    _check_lead(ctx, lead)
    if await uow.programmes.by_code(command.code) is not None:
        raise Conflict("code", "programme.code_taken", programme_code=command.code)
    programme = Programme(
        id=new_id(),
        code=command.code,
        name=command.name,
        starts_on=command.starts_on,
        ends_on=command.ends_on,
        lead_partner=lead,
        owner=ctx.partner_id,
        funding=funding,
    )
    await _announce_programme(uow, programme)
    return programme


async def amend_programme(
    uow: UnitOfWork, ctx: NodeContext, programme_id: object, command: cmd.AmendProgramme
) -> Programme:
    programme = await found(uow.programmes, programme_id, "programme_id", "programme")
    check_owner(programme, ctx.partner_id)
    changes = {name: getattr(command, name) for name in command.model_fields_set}
    if "funding" in changes:
        changes["funding"] = _funding(command.funding)
    amended = dataclasses.replace(programme, **changes)
    check_period(amended.starts_on, amended.ends_on)
    _check_lead(ctx, amended.lead_partner)
    for edition in await uow.editions.find(programme_id=amended.id):
        if not (amended.covers(edition.starts_on) and amended.covers(edition.ends_on)):
            raise Conflict("starts_on", "programme.edition_outside", label=edition.label)
    await _announce_programme(uow, amended)
    return amended


async def _announce_programme(uow: UnitOfWork, programme: Programme) -> None:
    await uow.programmes.save(programme)
    uow.announce(
        ev.ProgrammeDefined,
        ev.ProgrammePayload(
            programme_id=UUID(programme.id),
            code=programme.code,
            name=programme.name,
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            lead_partner=programme.lead_partner,
            funding=programme.funding,
        ),
        client=None,
        occurred_at=datetime.now(UTC),
    )


async def schedule_edition(
    uow: UnitOfWork, ctx: NodeContext, programme_id: object, command: cmd.ScheduleEdition
) -> Edition:
    """An edition this partner provides, of a programme it or another partner defined."""
    programme = await found(uow.programmes, programme_id, "programme_id", "programme")
    check_edition(programme, command.kind, command.starts_on, command.ends_on, ctx.scope)
    edition = Edition(
        id=new_id(),
        programme_id=programme.id,
        kind=command.kind,
        label=command.label,
        starts_on=command.starts_on,
        ends_on=command.ends_on,
        provider=ctx.partner_id,
        capacity=command.capacity,
        trade=command.trade,
    )
    siblings = await uow.editions.find(programme_id=programme.id, kind=command.kind)
    if any(sibling.label == edition.label for sibling in siblings):
        raise Conflict("label", "edition.label_taken", label=edition.label)
    await uow.editions.save(edition)
    uow.announce(
        ev.EditionScheduled,
        ev.EditionPayload(
            edition_id=UUID(edition.id),
            programme_id=UUID(programme.id),
            kind=edition.kind,
            label=edition.label,
            trade=edition.trade,
            starts_on=edition.starts_on,
            ends_on=edition.ends_on,
            provider=edition.provider,
            capacity=edition.capacity,
        ),
        client=None,
        occurred_at=datetime.now(UTC),
    )
    return edition


def programme_from_event(event: ev.ProgrammeDefined) -> Programme:
    """A programme another partner announced, as this node keeps it in its catalogue."""
    p = event.payload
    return Programme(
        id=str(p.programme_id),
        code=p.code,
        name=p.name,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        lead_partner=p.lead_partner,
        owner=event.source.partner_id,
        funding=p.funding,
    )


def edition_from_event(event: ev.EditionScheduled) -> Edition:
    p = event.payload
    return Edition(
        id=str(p.edition_id),
        programme_id=str(p.programme_id),
        kind=p.kind,
        label=p.label,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        provider=p.provider,
        capacity=p.capacity,
        trade=p.trade,
    )
