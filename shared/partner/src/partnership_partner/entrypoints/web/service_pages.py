"""What a partner service needs to give its own records a page: a form that runs its handler
like the common forms (one transaction, events, audit log, refusals by field), and a table for
the client card. A service names its fields, command and handler; the rest is the workspace's.

    add_form(router, "/clients/{target}/ops/decision", ("Decyzja…", "Benefit decision"),
             decision_fields, ops.Decide, ops.decide, DecisionOut)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.clients import form_page
from partnership_partner.entrypoints.web.forms import Field
from partnership_partner.entrypoints.web.page import (
    WRITER,
    FormDep,
    View,
    ViewDep,
    problems_of,
    save,
    see_other,
)
from partnership_partner.service_layer.context import NodeContext

Fields = Callable[[View], list[Field]]
Handler = Callable[[Any, NodeContext, str, Any], Awaitable[Any]]
ClientOf = Callable[[Any, str], Awaitable[str]]
"""The client a form's target (a decision, an internship…) belongs to, to go back to the card."""


async def _itself(_uow: Any, target: str) -> str:
    return target


def add_form(
    router: APIRouter,
    path: str,
    title: tuple[str, str],
    fields: Fields,
    command: type[BaseModel],
    handler: Handler,
    out: Callable[[Any], BaseModel],
    client_of: ClientOf = _itself,
) -> None:
    """`GET` and `POST` of a form at `path` (its one parameter `{target}`: a client's id, or
    the id of a service's own record); saved, it goes back to the client's card."""

    async def page(v: ViewDep, target: str) -> Response:
        client = await _client(v, client_of, target)
        return _form(v, title, fields(v), client)

    async def send(v: ViewDep, target: str, form: FormDep) -> Response:
        client = await _client(v, client_of, target)
        shown = fields(v)
        posted = forms.read(shown, form, {})
        outcome = None
        if not posted.problems:
            ctx = v.node.context.acting(v.principal.username)

            def action(made: Any) -> Any:
                async def run(uow: Any) -> BaseModel:
                    return out(await handler(uow, ctx, target, made))

                return run

            outcome = await save(
                v, form, lambda: command(**posted.values), action, [f.name for f in shown]
            )
            if outcome.answer is not None:
                return see_other(f"/clients/{client.id}?done=saved")
        return _form(
            v, title, forms.typed_back(shown, form, {}), client, outcome=outcome,
            problems=problems_of(v, posted), key=form.get("form_key"),
            confirmation=bool(form.get("confirmation")),
        )  # fmt: skip

    router.add_api_route(path, page, methods=["GET"], dependencies=[WRITER])
    router.add_api_route(path, send, methods=["POST"], dependencies=[WRITER])


async def _client(v: View, client_of: ClientOf, target: str) -> Any:
    async with v.uow() as uow:
        client_id = await client_of(uow, target)
        client = await uow.clients.get(client_id)
    if client is None:
        raise HTTPException(404)
    await v.shown([client.id])
    return client


def _form(
    v: View, title: tuple[str, str], fields: list[Field], client: Any, **more: Any
) -> Response:
    return form_page(v, "service_own", fields, v.path, client=client, title=v.pick(title), **more)
