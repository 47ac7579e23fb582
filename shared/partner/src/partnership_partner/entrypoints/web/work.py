"""Pages recording the work: a service for one client or a group, an activity, a job, a payment,
a contract; a record's page with its history, its correction and its withdrawal."""

from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from partnership_partner.adapters.repositories import client_search
from partnership_partner.domain.model import Client
from partnership_partner.entrypoints.views import (
    ActivityOut,
    Changed,
    ContractOut,
    EmploymentOut,
    PaymentOut,
    ServiceOut,
    change_out,
)
from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.card import record_link
from partnership_partner.entrypoints.web.clients import _client, _submit, form_page
from partnership_partner.entrypoints.web.coordination import record_warnings
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
)
from partnership_partner.entrypoints.web.record_pages import RECORD_PAGES
from partnership_partner.entrypoints.web.records import (
    activity_fields,
    confirmation_field,
    contract_fields,
    contract_values,
    employment_fields,
    payment_fields,
    reason_fields,
    service_fields,
)
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import corrections, duplication, records
from partnership_partner.service_layer.handlers.common import found

router = APIRouter(include_in_schema=False)

ROLE_COOKIE = "role"
"""The role this person last recorded a service as: the form's default next time."""


# --- services, for one client or a group ---------------------------------------------------------


async def _participants(v: View, ids: list[str]) -> list[Client]:
    async with v.uow() as uow:
        known = await uow.clients.many(ids)
    return [known[i] for i in ids if i in known]


async def _matching(v: View, typed: str, chosen: list[str]) -> list[Client]:
    """The node's clients whose names (or PESEL) match what was typed, not yet chosen."""
    async with v.uow() as uow:
        _, found_ = await uow.clients.page(*client_search(typed), order_by=(), limit=20, offset=0)
    return [c for c in found_ if c.id not in chosen]


def _service_page(
    v: View,
    fields: list[Field],
    chosen: list[Client],
    *,
    typed: str = "",
    matches: list[Client] | None = None,
    outcome: Any = None,
    problems: dict[str, str] | None = None,
    key: str | None = None,
    confirmation: bool = False,
) -> Response:
    if len(chosen) > 1:
        # Two people or more: a group service, unless staff chose otherwise.
        individual = (None, "", "individual")
        fields = [
            forms.replace_value(f, "group") if f.name == "mode" and f.value in individual else f
            for f in fields
        ]
    return form_page(
        v,
        "service",
        fields,
        "/services/new",
        outcome=outcome,
        problems=problems,
        key=key,
        participants=chosen,
        typed=typed,
        matches=matches,
        confirmation=confirmation,
    )


@router.get("/services/new", dependencies=[WRITER])
async def service_form(v: ViewDep, client: str = "") -> Response:
    chosen = await _participants(v, [client] if client else [])
    await v.shown(c.id for c in chosen)
    return _service_page(v, service_fields(v, v.request.cookies.get(ROLE_COOKIE)), chosen)


@router.post("/services/new", dependencies=[WRITER])
async def record_service(v: ViewDep, form: FormDep) -> Response:
    """Adding a participant (typing a name and Enter), removing one, or saving the service."""
    fields = [*service_fields(v, None), confirmation_field(v)]
    chosen_ids = [str(i) for i in form.getlist("client_ids")]
    if removed := form.get("remove"):
        chosen_ids = [i for i in chosen_ids if i != removed]
    typed = str(form.get("participant") or "").strip()
    shown = forms.typed_back(fields, form, {})
    key = str(form.get("form_key") or "")
    if (form.get("add") is not None and typed) or form.get("remove") or form.get("pick"):
        if picked := form.get("pick"):
            chosen_ids.append(str(picked))
            typed = ""
        matches = await _matching(v, typed, chosen_ids) if typed else []
        if len(matches) == 1:
            chosen_ids.append(matches[0].id)
            typed, matches = "", []
        chosen = await _participants(v, list(dict.fromkeys(chosen_ids)))
        await v.shown([*(c.id for c in chosen), *(c.id for c in matches)])
        problems = {"participant": v.t("form.no_match")} if typed and not matches else None
        return _service_page(
            v,
            shown,
            chosen,
            typed=typed,
            matches=matches,
            problems=problems,
            key=key,
            confirmation=bool(form.get("confirmation")),
        )
    chosen = await _participants(v, chosen_ids)
    posted = forms.read(fields, form, {})
    if not chosen:
        posted.problems["client_ids"] = "form.no_participants"
    outcome = None
    if not posted.problems:
        posted.values["client_ids"] = [c.id for c in chosen]
        ctx = v.node.context.acting(v.principal.username)

        def action(command: cmd.RecordService) -> Any:
            async def run(uow: Any) -> ServiceOut:
                service = await records.record_service(uow, ctx, command)
                # As the API does: another partner giving the same is found and announced.
                await duplication.service_overlaps(uow, ctx, service)
                return ServiceOut.model_validate(service)

            return run

        outcome = await save(
            v,
            form,
            lambda: cmd.RecordService(**posted.values),
            action,
            [*(f.name for f in fields), "client_ids"],
        )
        if outcome.answer is not None:
            answer = see_other(f"{record_link('service', outcome.answer['id'])}?done=saved")
            answer.set_cookie(
                ROLE_COOKIE,
                str(posted.values["role"]),
                max_age=365 * 24 * 3600,
                samesite="lax",
                httponly=True,
            )
            return answer
    return _service_page(
        v,
        shown,
        chosen,
        outcome=outcome,
        problems=problems_of(v, posted),
        key=key,
        confirmation=bool(form.get("confirmation")),
    )


# --- activities, jobs, payments, contracts ----------------------------------------------------


async def _fields(v: View, kind: str, client: Client) -> list[Field]:
    if kind == "activity":
        async with v.uow() as uow:
            return await activity_fields(v, uow)
    if kind == "employment":
        return employment_fields(v)
    if kind == "payment":
        return [*payment_fields(v), confirmation_field(v)]
    async with v.uow() as uow:
        families = [
            Option(f.id, v.t("field.family_of", name=client.last_name))
            for f in await uow.families.find(head_client_id=client.id)
        ]
    return contract_fields(v, families)


COMMANDS: dict[str, tuple[type[cmd.Command], Any, Any]] = {
    "activity": (cmd.StartActivity, records.start_activity, ActivityOut),
    "employment": (cmd.StartEmployment, records.start_employment, EmploymentOut),
    "payment": (cmd.RecordPayment, records.record_payment, PaymentOut),
    "contract": (cmd.SignContract, records.sign_contract, ContractOut),
}


@router.get("/clients/{client_id}/{kind}/new", dependencies=[WRITER])
async def record_form(v: ViewDep, client_id: str, kind: str) -> Response:
    if kind not in COMMANDS:
        return await _not_found(v)
    client = await _client(v, client_id)
    return form_page(v, kind, await _fields(v, kind, client), v.path, client=client)


@router.post("/clients/{client_id}/{kind}/new", dependencies=[WRITER])
async def record(v: ViewDep, client_id: str, kind: str, form: FormDep) -> Response:
    if kind not in COMMANDS:
        return await _not_found(v)
    client = await _client(v, client_id)
    command_class, handler, out = COMMANDS[kind]
    ctx = v.node.context.acting(v.principal.username)

    def action(command: Any) -> Any:
        async def run(uow: Any) -> Any:
            made = await handler(uow, ctx, client.id, command)
            if kind == "activity":  # as the API does: another partner running the same
                await duplication.activity_overlaps(uow, ctx, made)
            return out.model_validate(made)

        return run

    convert = contract_values if kind == "contract" else None
    return await _submit(
        v,
        form,
        await _fields(v, kind, client),
        kind,
        command_class,
        action,
        client,
        kind,
        convert=convert,
    )


async def _not_found(v: View) -> Response:
    raise HTTPException(404)


# --- a record's page ---------------------------------------------------------------------------


async def _record(v: View, kind: str, record_id: str) -> tuple[Any, list[Any], list[Client]]:
    spec = corrections.KINDS[kind]
    async with v.uow() as uow:
        found_ = await found(spec.repository(uow), record_id, spec.field, kind)
        history = await uow.changes.of_record(kind, found_.id)
        people = await uow.clients.many(RECORD_PAGES[kind].clients(found_))
    clients = list(people.values())
    await v.shown(c.id for c in clients)
    return found_, history, clients


def _record_page(
    v: View, kind: str, found_: Any, history: list[Any], clients: list[Client], **context: Any
) -> Response:
    page = RECORD_PAGES[kind]
    correctable = context.pop("correctable", None) or page.correctable(v, found_)
    withdrawal = [
        forms.replace_prefix(f, "w")
        for f in context.pop("withdrawal_fields", None) or reason_fields(v)
    ]
    reasons = context.pop("reason_fields", None) or reason_fields(v)
    status = 422 if context.get("problems") or context.get("general") else 200
    return render(
        v,
        "record.html",
        status,
        kind=kind,
        record=found_,
        details=page.details(v, found_),
        history=[change_out(c) for c in history],
        clients=clients,
        correctable=correctable,
        reasons=reasons,
        withdrawal=withdrawal,
        key=new_form_key(),
        **context,
    )


@router.get("/records/{kind}/{record_id}")
async def record_page(v: ViewDep, kind: str, record_id: str, done: str = "") -> Response:
    if kind not in RECORD_PAGES:
        return await _not_found(v)
    found_, history, clients = await _record(v, kind, record_id)
    warned: list[str] = []
    if done and kind in WARNED_KINDS:  # just saved: whether another partner gives the same
        kind_of = getattr(found_, WARNED_KINDS[kind])
        async with v.uow() as uow:
            warned = await record_warnings(
                v, uow, [c.id for c in clients], str(getattr(kind_of, "value", kind_of))
            )
    return _record_page(v, kind, found_, history, clients, done=done, warned=warned)


WARNED_KINDS = {"service": "role", "activity": "kind"}
"""Records another partner may already give the same client, and the field naming the kind."""


def _changes(fields: list[Field], posted: forms.Posted, found_: Any) -> dict[str, Any]:
    """Only what differs from the record: a correction sends the fields that change."""
    changed: dict[str, Any] = {}
    for spec in fields:
        now = getattr(found_, spec.name, None)
        now = now.value if isinstance(now, Enum) else now
        new = posted.values.get(spec.name)
        if spec.kind == "yesno" and new is None:
            continue
        if new != now and not (new is None and now in (None, "")):
            changed[spec.name] = new
    return changed


@router.post("/records/{kind}/{record_id}/correction", dependencies=[WRITER])
async def correct(v: ViewDep, kind: str, record_id: str, form: FormDep) -> Response:
    if kind not in RECORD_PAGES:
        return await _not_found(v)
    page = RECORD_PAGES[kind]
    found_, history, clients = await _record(v, kind, record_id)
    fields = page.correctable(v, found_)
    meta = [*reason_fields(v), confirmation_field(v)]
    posted = forms.read([*fields, *meta], form, {})
    outcome = None
    if not posted.problems:
        values = _changes(fields, posted, found_)
        values.update({m.name: posted.values[m.name] for m in meta if m.name in posted.values})
        ctx = v.node.context.acting(v.principal.username)

        def action(command: cmd.Correction) -> Any:
            async def run(uow: Any) -> Changed[Any]:
                fixed, change = await corrections.correct(uow, ctx, kind, record_id, command)
                return Changed[Any](record=_out(kind, fixed), change=change_out(change))

            return run

        outcome = await save(
            v,
            form,
            lambda: page.correction(**values),
            action,
            [*(f.name for f in fields), *(m.name for m in meta)],
        )
        if outcome.answer is not None:
            return see_other(f"{record_link(kind, record_id)}?done=corrected")
    return _record_page(
        v,
        kind,
        found_,
        history,
        clients,
        correctable=forms.typed_back(fields, form, {}),
        reason_fields=forms.typed_back(reason_fields(v), form, {}),
        problems={**problems_of(v, posted), **(outcome.problems if outcome else {})},
        general=outcome.general if outcome else [],
        confirmation=bool(outcome and outcome.needs_confirmation) or bool(form.get("confirmation")),
        confirmation_value=form.get("confirmation", ""),
        opened="correction",
    )


@router.post("/records/{kind}/{record_id}/withdrawal", dependencies=[WRITER])
async def withdraw(v: ViewDep, kind: str, record_id: str, form: FormDep) -> Response:
    if kind not in RECORD_PAGES:
        return await _not_found(v)
    found_, history, clients = await _record(v, kind, record_id)
    fields = reason_fields(v)
    posted = forms.read(fields, form, {})
    outcome = None
    if not posted.problems:
        ctx = v.node.context.acting(v.principal.username)

        def action(command: cmd.Withdrawal) -> Any:
            async def run(uow: Any) -> Changed[Any]:
                gone, change = await corrections.withdraw(uow, ctx, kind, record_id, command)
                return Changed[Any](record=_out(kind, gone), change=change_out(change))

            return run

        outcome = await save(
            v, form, lambda: cmd.Withdrawal(**posted.values), action, [f.name for f in fields]
        )
        if outcome.answer is not None:
            return see_other(f"{record_link(kind, record_id)}?done=withdrawn")
    found_problems = {**problems_of(v, posted), **(outcome.problems if outcome else {})}
    return _record_page(
        v,
        kind,
        found_,
        history,
        clients,
        withdrawal_fields=forms.typed_back(fields, form, {}),
        problems=found_problems,
        general=outcome.general if outcome else [],
        opened="withdrawal",
    )


OUTS: dict[str, Any] = {
    "service": ServiceOut,
    "activity": ActivityOut,
    "employment": EmploymentOut,
    "payment": PaymentOut,
    "contract": ContractOut,
}


def _out(kind: str, record_: Any) -> Any:
    return OUTS[kind].model_validate(record_)
