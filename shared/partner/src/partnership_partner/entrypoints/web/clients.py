"""Pages of the register: find a client, register one, the client card, enrolment and exit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import select

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.repositories import client_search
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.routes.clients import client_out, consent_out
from partnership_partner.entrypoints.routes.clients import erase as erase_client
from partnership_partner.entrypoints.views import ClientOut, ConsentOut, FamilyOut
from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.card import records_sections
from partnership_partner.entrypoints.web.extension import SLOTS, Section
from partnership_partner.entrypoints.web.forms import Field, Option
from partnership_partner.entrypoints.web.page import (
    WRITER,
    FormDep,
    View,
    ViewDep,
    new_form_key,
    problems_of,
    render,
    save,
    see_other,
    workspace_of,
)
from partnership_partner.entrypoints.web.records import (
    enrolment_fields,
    exit_fields,
    options,
    programme_options,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import clients, consent, duplication, families
from partnership_partner.service_layer.handlers.common import client_of
from partnership_shared.events.vocabulary import DisabilityDegree

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


@router.get("/clients")
async def find_clients(v: ViewDep, q: str = "", page: int = 1) -> Response:
    query = q.strip()[:100]
    page = max(page, 1)
    conditions = client_search(query) if query else []
    async with v.uow() as uow:
        total, found = await uow.clients.page(
            *conditions,
            order_by=(db.clients.c.last_name, db.clients.c.first_name, db.clients.c.id),
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        enrolments = await uow.enrolments.many(c.id for c in found)
    await v.shown(c.id for c in found)
    return render(
        v,
        "clients.html",
        q=query,
        clients=found,
        enrolments=enrolments,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )


def registration_fields(v: View) -> list[Field]:
    return [
        Field(
            "pesel",
            "PESEL",
            required=True,
            hint=v.t("hint.pesel"),
            width="short",
            autocomplete="off",
        ),
        Field("first_name", v.t("field.first_name"), required=True, autocomplete="off"),
        Field("last_name", v.t("field.last_name"), required=True, autocomplete="off"),
        Field(
            "disability_degree",
            v.t("field.disability"),
            "select",
            options=options(v, "disability", list(DisabilityDegree)),
            value="none",
        ),
        Field("address", v.t("field.address"), autocomplete="off"),
        Field("phone", v.t("field.phone"), autocomplete="off", width="short"),
    ]


@router.get("/clients/new", dependencies=[WRITER])
async def registration_form(v: ViewDep) -> Response:
    return form_page(v, "register", registration_fields(v), "/clients/new", pesel=True)


@router.post("/clients/new", dependencies=[WRITER])
async def register(v: ViewDep, form: FormDep) -> Response:
    fields = registration_fields(v)
    posted = forms.read(fields, form, {})
    if not posted.problems:

        def action(command: cmd.RegisterClient) -> Any:
            async def run(uow: Any) -> ClientOut:
                return client_out(
                    await clients.register_client(
                        uow, v.node.context.acting(v.principal.username), command
                    ),
                    None,
                )

            return run

        outcome = await save(
            v, form, lambda: cmd.RegisterClient(**posted.values), action, [f.name for f in fields]
        )
        if outcome.answer is not None:
            return see_other(f"/clients/{outcome.answer['id']}?done=registered")
        return form_page(
            v,
            "register",
            forms.typed_back(fields, form, {}),
            "/clients/new",
            outcome=outcome,
            key=form.get("form_key"),
            pesel=True,
        )
    return form_page(
        v,
        "register",
        forms.typed_back(fields, form, {}),
        "/clients/new",
        problems=problems_of(v, posted),
        key=form.get("form_key"),
        pesel=True,
    )


def form_page(
    v: View,
    what: str,
    fields: list[Field],
    action: str,
    *,
    outcome: Any = None,
    problems: dict[str, str] | None = None,
    key: str | None = None,
    client: Client | None = None,
    confirmation: bool = False,
    title: str | None = None,
    **context: Any,
) -> Response:
    """A form of the workspace: its fields, the problems found (summed up above it), the key
    that makes a second click harmless."""
    found = dict(problems or {})
    general: list[str] = []
    if outcome is not None:
        found.update(outcome.problems)
        general = outcome.general
        confirmation = confirmation or outcome.needs_confirmation
    status = 422 if found or general else 200
    return render(
        v,
        "form.html",
        status,
        what=what,
        title=title or v.t(f"form.{what}"),
        fields=fields,
        problems=found,
        general=general,
        action=action,
        key=key or new_form_key(),
        client=client,
        confirmation=confirmation,
        **context,
    )


# --- the client card -------------------------------------------------------------------------


@router.get("/clients/{client_id}")
async def card(v: ViewDep, client_id: str, done: str = "") -> Response:
    space = workspace_of(v.request)
    async with v.uow() as uow:
        client = await client_of(uow, client_id)
        enrolment = await uow.enrolments.get(client.id)
        programme = await uow.programmes.get(enrolment.programme_id) if enrolment else None
        standing = await uow.consents.get(client.id)
        family = await _family_of(uow, client.id)
        sections: list[Section] = list(await records_sections(v, uow, client))
        for contribute in space.card_sections:
            section = await contribute(v, uow, client)
            if section is not None:
                sections.append(section)
    named = [client.id, *(c for s in sections for c in s.clients)]
    if family is not None:
        named += family.member_ids
    await v.shown(named)
    actions = [(v.pick(a.label), a.path.format(client_id=client.id)) for a in space.client_actions]
    slots = {slot: [s for s in sections if s.slot == slot] for slot in SLOTS}
    return render(
        v,
        "client.html",
        client=client,
        enrolment=enrolment,
        programme=programme,
        consent=standing,
        family=family,
        slots=slots,
        actions=actions,
        done=done,
    )


async def _family_of(uow: Any, client_id: str) -> FamilyOut | None:
    row = (
        await uow.session.execute(
            select(db.family_members.c.family_id).where(db.family_members.c.client_id == client_id)
        )
    ).first()
    if row is None:
        return None
    found = await uow.families.get(row.family_id)
    return FamilyOut.model_validate(found) if found else None


# --- enrolment, family, exit -----------------------------------------------------------------


async def _enrolment_fields(v: View, client: Client) -> list[Field]:
    async with v.uow() as uow:
        programmes = await programme_options(uow)
        left = [e for e in (await uow.enrolments.find(withdrawn=False)) if e.exited_on is not None]
        people = await uow.clients.many(e.client_id for e in left)
    gone = [Option(c.id, f"{c.last_name} {c.first_name}") for c in people.values()]
    return enrolment_fields(v, programmes, sorted(gone, key=lambda o: o.text))


@router.get("/clients/{client_id}/enrolment", dependencies=[WRITER])
async def enrolment_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return form_page(v, "enrol", await _enrolment_fields(v, client), v.path, client=client)


@router.post("/clients/{client_id}/enrolment", dependencies=[WRITER])
async def enrol(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    fields = await _enrolment_fields(v, client)
    ctx = v.node.context.acting(v.principal.username)

    def action(command: cmd.EnrolClient) -> Any:
        async def run(uow: Any) -> ClientOut:
            enrolment = await clients.enrol_client(uow, ctx, client.id, command)
            enrolled = await client_of(uow, client.id)
            # As the API does: another partner holding different facts on the person is told.
            await duplication.enrolment_conflicts(uow, ctx, enrolled, enrolment)
            return client_out(enrolled, enrolment)

        return run

    return await _submit(v, form, fields, "enrol", cmd.EnrolClient, action, client, "enrolled")


@router.get("/clients/{client_id}/exit", dependencies=[WRITER])
async def exit_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return form_page(v, "exit", exit_fields(v), v.path, client=client)


@router.post("/clients/{client_id}/exit", dependencies=[WRITER])
async def leave(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    ctx = v.node.context.acting(v.principal.username)

    def action(command: cmd.ExitClient) -> Any:
        async def run(uow: Any) -> ClientOut:
            enrolment = await clients.exit_client(uow, ctx, client.id, command)
            return client_out(await client_of(uow, client.id), enrolment)

        return run

    return await _submit(v, form, exit_fields(v), "exit", cmd.ExitClient, action, client, "exited")


# --- consent withdrawn, personal data erased (GDPR) -------------------------------------------


def consent_withdrawal_fields(v: View) -> list[Field]:
    return [
        Field(
            "withdrawn_on",
            v.t("field.withdrawn_on"),
            "date",
            required=True,
            hint=v.t("hint.date"),
            value=v.node.context.today(),
            width="short",
        )
    ]


@router.get("/clients/{client_id}/consent/withdrawal", dependencies=[WRITER])
async def consent_withdrawal_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return form_page(
        v,
        "withdraw_consent",
        consent_withdrawal_fields(v),
        v.path,
        client=client,
        lead=v.t("lead.withdraw_consent"),
    )


@router.post("/clients/{client_id}/consent/withdrawal", dependencies=[WRITER])
async def withdraw_consent(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    ctx = v.node.context.acting(v.principal.username)

    def action(command: cmd.WithdrawConsent) -> Any:
        async def run(uow: Any) -> ConsentOut:
            return consent_out(await consent.withdraw_consent(uow, ctx, client.id, command))

        return run

    return await _submit(
        v,
        form,
        consent_withdrawal_fields(v),
        "withdraw_consent",
        cmd.WithdrawConsent,
        action,
        client,
        "consent_withdrawn",
        lead=v.t("lead.withdraw_consent"),
    )


def erasure_fields(v: View) -> list[Field]:
    return [Field("understood", v.t("field.erasure_understood"), "check", required=True)]


def _erasure_page(v: View, client: Client, **context: Any) -> Response:
    return form_page(
        v,
        "erase",
        erasure_fields(v),
        f"/clients/{client.id}/erasure",
        client=client,
        lead=v.t("lead.erase"),
        submit=v.t("action.erase"),
        danger=True,
        **context,
    )


@router.get("/clients/{client_id}/erasure", dependencies=[WRITER])
async def erasure_form(v: ViewDep, client_id: str) -> Response:
    return _erasure_page(v, await _client(v, client_id))


@router.post("/clients/{client_id}/erasure", dependencies=[WRITER])
async def erase(v: ViewDep, client_id: str, form: FormDep) -> Response:
    """The client's personal data erased (GDPR art. 17), once the caseworker has ticked that they
    understand it cannot be undone; the card then shows what stays."""
    client = await _client(v, client_id)
    posted = forms.read(erasure_fields(v), form, {})
    if posted.problems:
        return _erasure_page(v, client, problems=problems_of(v, posted), key=form.get("form_key"))
    ctx = v.node.context.acting(v.principal.username)

    def action(_: None) -> Any:
        async def run(uow: Any) -> ClientOut:
            return await erase_client(uow, ctx, client.id)

        return run

    outcome = await save(v, form, lambda: None, action, ["understood"])
    if outcome.answer is not None:
        return see_other(f"/clients/{client.id}?done=erased")
    return _erasure_page(v, client, outcome=outcome, key=form.get("form_key"))


async def _family_fields(v: View, client: Client) -> list[Field]:
    async with v.uow() as uow:
        _, everyone = await uow.clients.page(
            order_by=(db.clients.c.last_name, db.clients.c.first_name), limit=500, offset=0
        )
        enrolled = await uow.enrolments.many(c.id for c in everyone)
        programmes = await programme_options(uow)
    free = [
        Option(c.id, f"{c.last_name} {c.first_name} ({c.birth_date.year})")
        for c in everyone
        if c.id != client.id
        and c.birth_date is not None  # an erased client joins no family
        and (c.id not in enrolled or enrolled[c.id].withdrawn)
    ]
    base = enrolment_fields(v, programmes, [])
    return [
        Field(
            "member_ids", v.t("field.members"), "clients", options=free, hint=v.t("hint.members")
        ),
        *[
            f
            for f in base
            if f.name in ("programme_id", "enrolled_on", "consent_ref", "registered_unemployed")
        ],
    ]


@router.get("/clients/{client_id}/family", dependencies=[WRITER])
async def family_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return form_page(v, "family", await _family_fields(v, client), v.path, client=client)


@router.post("/clients/{client_id}/family", dependencies=[WRITER])
async def enrol_family(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    fields = await _family_fields(v, client)
    ctx = v.node.context.acting(v.principal.username)
    many = {"member_ids": [str(m) for m in form.getlist("member_ids")]}
    posted = forms.read(fields, form, many)
    posted.values["member_ids"] = [client.id, *posted.values.get("member_ids", [])]
    posted.values["head_client_id"] = client.id

    def action(command: cmd.EnrolFamily) -> Any:
        async def run(uow: Any) -> FamilyOut:
            return FamilyOut.model_validate(await families.enrol_family(uow, ctx, command))

        return run

    if not posted.problems:
        outcome = await save(
            v, form, lambda: cmd.EnrolFamily(**posted.values), action, [f.name for f in fields]
        )
        if outcome.answer is not None:
            return see_other(f"/clients/{client.id}?done=family")
    else:
        outcome = None
    return form_page(
        v,
        "family",
        forms.typed_back(fields, form, many),
        v.path,
        outcome=outcome,
        problems=problems_of(v, posted),
        key=form.get("form_key"),
        client=client,
    )


async def _client(v: View, client_id: str) -> Client:
    async with v.uow() as uow:
        client = await client_of(uow, client_id)
    await v.shown([client.id])
    return client


async def _submit(
    v: View,
    form: Any,
    fields: list[Field],
    what: str,
    command_class: Any,
    action: Any,
    client: Client,
    done: str,
    extra: dict[str, Any] | None = None,
    convert: Any = None,
    **context: Any,
) -> Response:
    """Read a posted form, run its command, and go back to the card, or show it again."""
    posted = forms.read(fields, form, {})
    outcome = None
    if not posted.problems:
        values = {**posted.values, **(extra or {})}
        if convert is not None:
            values = convert(values)
        outcome = await save(
            v, form, lambda: command_class(**values), action, [f.name.split(".")[0] for f in fields]
        )
        if outcome.answer is not None:
            return see_other(f"/clients/{client.id}?done={done}")
    return form_page(
        v,
        what,
        forms.typed_back(fields, form, {}),
        v.path,
        outcome=outcome,
        problems=problems_of(v, posted),
        key=form.get("form_key"),
        client=client,
        confirmation=bool(form.get("confirmation")),
        **context,
    )
