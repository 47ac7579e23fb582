"""Clients: registration (personal data stays here), enrolment in a programme, exit."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from stdnum.pl import pesel as stdnum_pesel

from partnership_partner.domain.consent import check_enrolment_consent
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.model import Client, Enrolment
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.common import (
    client_of,
    enrolled_client,
    found,
    new_id,
)
from partnership_partner.service_layer.handlers.consent import consent_for_enrolment
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import ExitReason, Gender
from partnership_shared.kernel.pseudonym import pseudonym_for


async def register_client(uow: UnitOfWork, ctx: NodeContext, command: cmd.RegisterClient) -> Client:
    """Record a person's personal data in this node only; nothing is announced yet."""
    birth_date = stdnum_pesel.get_birth_date(command.pesel)
    gender = Gender.MALE if stdnum_pesel.get_gender(command.pesel) == "M" else Gender.FEMALE
    if command.birth_date is not None and command.birth_date != birth_date:
        raise Rejected("birth_date", "client.birth_date_mismatch", pesel_date=birth_date)
    if command.gender is not None and command.gender != gender:
        raise Rejected("gender", "client.gender_mismatch", gender=gender)
    existing = await uow.clients.by_pesel(command.pesel)
    if existing is not None:
        raise Conflict("pesel", "client.pesel_registered", client_id=existing.id)
    pseudonym = pseudonym_for(command.pesel, ctx.secret)
    erased = await uow.clients.find(pseudonym=pseudonym)
    if erased:
        raise Conflict(
            "pesel", "client.pesel_erased", client_id=erased[0].id, erased_date=erased[0].erased_on
        )
    client = Client(
        id=new_id(),
        pesel=command.pesel,
        pseudonym=pseudonym,
        first_name=command.first_name,
        last_name=command.last_name,
        gender=gender,
        birth_date=birth_date,
        disability_degree=command.disability_degree,
        registered_at=datetime.now(UTC),
        address=command.address,
        phone=command.phone,
    )
    await uow.clients.add(client)
    return client


def enrolled_payload(
    client: Client, enrolment: Enrolment, replaces: str | None, family: str | None
) -> ev.ClientEnrolledPayload:
    if client.birth_date is None:  # erased: nothing is announced about them any more
        raise Conflict("client_id", "client.erased", erased_date=client.erased_on)
    return ev.ClientEnrolledPayload(
        programme_id=UUID(enrolment.programme_id),
        enrolled_on=enrolment.enrolled_on,
        gender=client.gender,
        birth_year=client.birth_date.year,
        disability_degree=client.disability_degree,
        registered_unemployed=enrolment.registered_unemployed,
        household_size=enrolment.household_size,
        replaces=replaces,
        family=family,
    )


async def enrol_client(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.EnrolClient
) -> Enrolment:
    ctx.check_day("enrolled_on", command.enrolled_on)
    client = await client_of(uow, client_id)
    existing = await uow.enrolments.get(client.id)
    if existing is not None and not existing.withdrawn:
        raise Conflict("client_id", "client.already_enrolled", client_id=client.id)
    programme = await found(uow.programmes, command.programme_id, "programme_id", "programme")
    if not programme.covers(command.enrolled_on):
        raise Rejected(
            "enrolled_on",
            "enrolment.outside_programme",
            start_date=programme.starts_on,
            end_date=programme.ends_on,
        )
    replaces: str | None = None
    if command.replaces_client_id is not None:
        replaced = await client_of(uow, command.replaces_client_id, "replaces_client_id")
        left = await uow.enrolments.get(replaced.id)
        if left is None or left.withdrawn or left.exited_on is None:
            raise Conflict("replaces_client_id", "replacement.not_left", client_id=replaced.id)
        replaces = replaced.pseudonym
    consent = await consent_for_enrolment(
        uow, client, command.consent, command.consent_ref, command.enrolled_on
    )
    check_enrolment_consent(consent, client.id, command.enrolled_on)
    registered = command.registered_unemployed
    if registered is None:
        registered = await ctx.hooks.registered_unemployed(uow, client.id, command.enrolled_on)
    enrolment = Enrolment(
        client_id=client.id,
        programme_id=programme.id,
        enrolled_on=command.enrolled_on,
        consent_ref=command.consent_ref,
        registered_unemployed=registered,
        household_size=command.household_size,
        event_id="",
        replaces_client_id=str(command.replaces_client_id) if command.replaces_client_id else None,
    )
    enrolment.event_id = uow.announce(
        ev.ClientEnrolled,
        enrolled_payload(client, enrolment, replaces, None),
        client=client.pseudonym,
        occurred_at=moment(command.enrolled_on),
    )
    if existing is None:
        await uow.enrolments.add(enrolment)
    else:
        await uow.enrolments.update(enrolment)
    return enrolment


async def exit_client(
    uow: UnitOfWork, ctx: NodeContext, client_id: object, command: cmd.ExitClient
) -> Enrolment:
    ctx.check_day("exited_on", command.exited_on)
    client, enrolment = await enrolled_client(
        uow, client_id, "client_id", command.exited_on, "exited_on"
    )
    return await leave(uow, client, enrolment, command.reason, command.exited_on)


async def leave(
    uow: UnitOfWork, client: Client, enrolment: Enrolment, reason: ExitReason, on: date
) -> Enrolment:
    """The client leaves the partnership's support on `on` (alone, or with their family)."""
    if enrolment.exited_on is not None:
        raise Conflict("client_id", "client.already_left", exit_date=enrolment.exited_on)
    enrolment.exited_on = on
    enrolment.exit_reason = reason
    enrolment.exit_event_id = uow.announce(
        ev.ClientExited,
        ev.ClientExitedPayload(reason=reason, exited_on=on),
        client=client.pseudonym,
        occurred_at=moment(on),
    )
    await uow.enrolments.update(enrolment)
    return enrolment
