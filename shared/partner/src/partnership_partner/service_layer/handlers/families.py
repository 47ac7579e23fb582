"""Families enrolled as a unit, and their exit: members are enrolled and leave with the family."""

from __future__ import annotations

from uuid import UUID

from partnership_partner.domain.consent import check_enrolment_consent
from partnership_partner.domain.errors import Conflict, Rejected
from partnership_partner.domain.families import check_members
from partnership_partner.domain.model import Enrolment, Family
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.handlers.clients import enrolled_payload, leave
from partnership_partner.service_layer.handlers.common import found, new_id
from partnership_partner.service_layer.handlers.consent import consent_for_enrolment
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.kernel.pseudonym import family_pseudonym_for


async def enrol_family(uow: UnitOfWork, ctx: NodeContext, command: cmd.EnrolFamily) -> Family:
    ctx.check_day("enrolled_on", command.enrolled_on)
    programme = await found(uow.programmes, command.programme_id, "programme_id", "programme")
    if not programme.covers(command.enrolled_on):
        raise Rejected(
            "enrolled_on",
            "enrolment.outside_programme",
            start_date=programme.starts_on,
            end_date=programme.ends_on,
        )
    member_ids = [str(member) for member in command.member_ids]
    head_id = str(command.head_client_id)
    clients = await uow.clients.many(member_ids)
    enrolments = await uow.enrolments.many(member_ids)
    check_members(head_id, member_ids, clients, enrolments, programme.id)
    for member_id in member_ids:
        consent = await consent_for_enrolment(
            uow, clients[member_id], command.consent, command.consent_ref, command.enrolled_on
        )
        check_enrolment_consent(consent, member_id, command.enrolled_on)
    head_pesel = clients[head_id].pesel
    assert head_pesel is not None  # an erased client has no consent to enrol (above)
    pseudonym = family_pseudonym_for(head_pesel, ctx.secret)
    if [f for f in await uow.families.find(pseudonym=pseudonym) if not f.withdrawn]:
        raise Conflict("head_client_id", "family.already_enrolled")
    family = Family(
        id=new_id(),
        pseudonym=pseudonym,
        head_client_id=head_id,
        member_ids=tuple(member_ids),
        programme_id=programme.id,
        enrolled_on=command.enrolled_on,
        event_id="",
    )
    await uow.families.add(family)  # first: the members' enrolments refer to it
    for member_id in member_ids:
        member, enrolment = clients[member_id], enrolments.get(member_id)
        if enrolment is not None and not enrolment.withdrawn:
            enrolment.family_id = family.id
            await uow.enrolments.update(enrolment)
            continue
        registered = command.registered_unemployed
        if registered is None:
            registered = await ctx.hooks.registered_unemployed(uow, member_id, family.enrolled_on)
        joined = Enrolment(
            client_id=member_id,
            programme_id=programme.id,
            enrolled_on=family.enrolled_on,
            consent_ref=command.consent_ref,
            registered_unemployed=registered,
            household_size=len(member_ids),
            event_id="",
            family_id=family.id,
        )
        joined.event_id = uow.announce(
            ev.ClientEnrolled,
            enrolled_payload(member, joined, None, pseudonym),
            client=member.pseudonym,
            occurred_at=moment(family.enrolled_on),
        )
        if enrolment is None:
            await uow.enrolments.add(joined)
        else:
            await uow.enrolments.update(joined)
    family.event_id = uow.announce(
        ev.FamilyEnrolled,
        ev.FamilyEnrolledPayload(
            family=pseudonym,
            members=tuple(clients[m].pseudonym for m in member_ids),
            programme_id=UUID(programme.id),
            enrolled_on=family.enrolled_on,
        ),
        client=clients[head_id].pseudonym,
        occurred_at=moment(family.enrolled_on),
    )
    await uow.families.update(family)
    return family


async def exit_family(
    uow: UnitOfWork, ctx: NodeContext, family_id: object, command: cmd.ExitFamily
) -> Family:
    """The family leaves the programme; members still in it leave with it, for the same reason."""
    ctx.check_day("exited_on", command.exited_on)
    family = await found(uow.families, family_id, "family_id", "family")
    if family.withdrawn:
        raise Conflict("family_id", "record.withdrawn")
    if family.exited_on is not None:
        raise Conflict("family_id", "family.already_left", exit_date=family.exited_on)
    if command.exited_on < family.enrolled_on:
        raise Rejected(
            "exited_on",
            "date.before_enrolment",
            day_date=command.exited_on,
            enrolled_date=family.enrolled_on,
        )
    clients = await uow.clients.many(family.member_ids)
    enrolments = await uow.enrolments.many(family.member_ids)
    for member_id in family.member_ids:
        enrolment = enrolments.get(member_id)
        if enrolment is None or enrolment.withdrawn or enrolment.exited_on is not None:
            continue
        await leave(uow, clients[member_id], enrolment, command.reason, command.exited_on)
    family.exited_on = command.exited_on
    family.exit_reason = command.reason
    family.exit_event_id = uow.announce(
        ev.FamilyExited,
        ev.FamilyExitedPayload(
            family=family.pseudonym, reason=command.reason, exited_on=command.exited_on
        ),
        client=clients[family.head_client_id].pseudonym,
        occurred_at=moment(command.exited_on),
    )
    await uow.families.update(family)
    return family
