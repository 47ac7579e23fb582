"""The plan editor: agreeing an individual support plan (IPW) for a client of this node, revising
it naming the team meeting (zespół specjalistów) that agreed it, and a plan's page with its
progress and the history of its revisions. Another partner's plan is shown, never changed here.

The rules (partners of the partnership, targets after the agreement, only the owner revises)
are the handlers' (`service_layer.handlers.plans`); a refusal lands on the row it names.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from partnership_partner.entrypoints.coordination_views import (
    PlanOut,
    overlap_out,
    partner_name,
    plan_out,
)
from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.clients import _client
from partnership_partner.entrypoints.web.coordination import action_rows, plan_title
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
from partnership_partner.entrypoints.web.records import options, with_blank
from partnership_partner.service_layer import commands as cmd
from partnership_partner.service_layer.handlers import duplication, plans
from partnership_shared.events import labels as L

router = APIRouter(include_in_schema=False)

ROWS = 6
"""Empty action rows a form offers (beyond a revised plan's own)."""
_ROW = re.compile(r"^actions\.(\d+)\.(.+)$")


def head_fields(v: View) -> list[Field]:
    return [
        Field(
            "agreed_on",
            v.t("field.agreed_on"),
            "date",
            required=True,
            value=v.node.context.today(),
            width="short",
        ),
        Field("team_meeting_on", v.t("field.team_meeting_on"), "date", width="short"),
    ]


def row_fields(v: View, row: int, action: Any = None) -> list[Field]:
    """One action's fields: its partner, kind and target date (and the id of one kept)."""
    ctx = v.node.context
    partners = [Option(p.id, partner_name(ctx, p.id)) for p in ctx.agreement.partners]
    kinds = options(v, "kind", list(L.KINDS))
    n = row + 1
    name = f"actions.{row}"
    return [
        Field(
            f"{name}.partner",
            f"{v.t('field.partner')} ({v.t('field.action', n=n)})",
            "select",
            options=with_blank(v, partners, "form.choose"),
            value=action.partner_id if action else None,
        ),
        Field(
            f"{name}.kind",
            f"{v.t('field.kind')} ({v.t('field.action', n=n)})",
            "select",
            options=with_blank(v, kinds, "form.choose"),
            value=action.kind if action else None,
        ),
        Field(
            f"{name}.target_on",
            f"{v.t('field.target_on')} ({v.t('field.action', n=n)})",
            "date",
            value=action.target_on if action else None,
            width="short",
        ),
    ]


def rows_of(v: View, actions: list[Any]) -> list[list[Field]]:
    return [row_fields(v, i, a) for i, a in enumerate([*actions, *([None] * ROWS)])]


def _page(
    v: View,
    title: str,
    head: list[Field],
    rows: list[list[Field]],
    ids: list[str],
    *,
    problems: dict[str, str] | None = None,
    general: list[str] | None = None,
    key: str | None = None,
    client: Any = None,
) -> Response:
    found = dict(problems or {})
    status = 422 if found or general else 200
    return render(
        v,
        "plan_form.html",
        status,
        title=title,
        head=head,
        rows=rows,
        ids=ids,
        fields=[*head, *(f for row in rows for f in row)],
        problems=found,
        general=general or [],
        key=key or new_form_key(),
        client=client,
    )


def _read(
    v: View, form: Any, rows: int
) -> tuple[dict[str, Any], list[dict[str, Any]], list[int], dict[str, str]]:
    """The plan's dates, its actions (rows left empty skipped), which row each came from, and
    the problems of what could not be read."""
    posted = forms.read(head_fields(v), form, {})
    problems = problems_of(v, posted)
    actions: list[dict[str, Any]] = []
    used: list[int] = []
    for row in range(rows):
        fields = row_fields(v, row)
        typed = [str(form.get(f.name) or "").strip() for f in fields]
        if not any(typed):
            continue
        required = [forms.replace_required(f) for f in fields]
        read = forms.read(required, form, {})
        problems.update(problems_of(v, read))
        action = {name.rsplit(".", 1)[1]: value for name, value in read.values.items()}
        if kept := str(form.get(f"actions.{row}.action_id") or ""):
            action["action_id"] = kept
        actions.append(action)
        used.append(row)
    return posted.values, actions, used, problems


def _to_rows(names: dict[str, str], used: list[int]) -> dict[str, str]:
    """Problems the command named by its action's number, moved to the form's row."""
    moved = {}
    for name, message in names.items():
        if (match := _ROW.match(name)) and int(match[1]) < len(used):
            name = f"actions.{used[int(match[1])]}.{match[2]}"
        moved[name] = message
    return moved


async def _submit(
    v: View,
    form: Any,
    title: str,
    rows: int,
    make: Any,
    run: Any,
    client: Any,
    done: Callable[[dict[str, Any]], Awaitable[Response]],
) -> Response:
    values, actions, used, problems = _read(v, form, rows)
    ids = [str(form.get(f"actions.{row}.action_id") or "") for row in range(rows)]
    head = forms.typed_back(head_fields(v), form, {})
    shown = [forms.typed_back(row_fields(v, row), form, {}) for row in range(rows)]
    general: list[str] = []
    if not problems:
        known = [f.name for f in head_fields(v)] + [
            f"actions.{n}.{part}"
            for n in range(len(actions))
            for part in ("partner", "kind", "target_on", "action_id")
        ]
        outcome = await save(v, form, lambda: make({**values, "actions": actions}), run, known)
        if outcome.answer is not None:
            return await done(outcome.answer)
        problems = _to_rows(outcome.problems, used)
        general = outcome.general
    return _page(
        v,
        title,
        head,
        shown,
        ids,
        problems=problems,
        general=general,
        key=form.get("form_key"),
        client=client,
    )


# --- agreeing a plan -----------------------------------------------------------------------------


@router.get("/clients/{client_id}/plans/new", dependencies=[WRITER])
async def plan_form(v: ViewDep, client_id: str) -> Response:
    client = await _client(v, client_id)
    return _page(v, v.t("form.plan"), head_fields(v), rows_of(v, []), [], client=client)


@router.post("/clients/{client_id}/plans/new", dependencies=[WRITER])
async def agree(v: ViewDep, client_id: str, form: FormDep) -> Response:
    client = await _client(v, client_id)
    ctx = v.node.context.acting(v.principal.username)

    def run(command: cmd.AgreePlan) -> Any:
        async def action(uow: Any) -> PlanOut:
            plan = await plans.agree_plan(uow, ctx, client.id, command)
            return await _answer(v, uow, plan, client.id)

        return action

    async def done(answer: dict[str, Any]) -> Response:
        return await _after(v, answer, "planned")

    return await _submit(
        v, form, v.t("form.plan"), ROWS, lambda values: cmd.AgreePlan(**values), run, client, done
    )


async def _answer(v: View, uow: Any, plan: Any, client_id: str) -> PlanOut:
    ctx = v.node.context
    found = await duplication.plan_overlaps(uow, ctx, plan)
    warnings = [overlap_out(ctx, v.lang, overlap, number) for number, overlap in found]
    states = await plans.plan_progress(uow, ctx, plan)
    return plan_out(ctx, v.lang, plan, client_id, states, warnings)


async def _after(v: View, answer: dict[str, Any], done: str) -> Response:
    """The plan's page; where an action duplicates another partner's support, it says so."""
    if answer.get("warnings"):
        return await _plan_page(v, answer["id"], done, [w["message"] for w in answer["warnings"]])
    return see_other(f"/plans/{answer['id']}?done={done}")


# --- a plan's page and its revision --------------------------------------------------------------


async def _plan(v: View, plan_id: str) -> tuple[PlanOut, Any]:
    ctx = v.node.context
    async with v.uow() as uow:
        plan, client = await plans.read_plan(uow, plan_id)
        states = await plans.plan_progress(uow, ctx, plan)
    await v.shown([client.id])
    return plan_out(ctx, v.lang, plan, client.id, states), client


async def _plan_page(
    v: View, plan_id: str, done: str = "", warned: list[str] | None = None
) -> Response:
    plan, client = await _plan(v, plan_id)
    revisions = [
        {
            "title": v.t("plan.revision", n=r.revision),
            "agreed": v.t("plan.agreed", date=v.date(r.agreed_on)),
            "meeting": v.t("plan.meeting", date=v.date(r.team_meeting_on)),
            "actions": [(a.partner, a.kind_label, v.date(a.target_on)) for a in r.actions],
        }
        for r in reversed(plan.revisions)
    ]
    return render(
        v,
        "plan.html",
        plan=plan,
        client=client,
        title=plan_title(v, plan),
        rows=action_rows(v, plan),
        revisions=revisions,
        done=done,
        warned=warned or [],
    )


@router.get("/plans/{plan_id}")
async def plan_page(v: ViewDep, plan_id: str, done: str = "") -> Response:
    return await _plan_page(v, plan_id, done)


@router.get("/plans/{plan_id}/revise", dependencies=[WRITER])
async def revision_form(v: ViewDep, plan_id: str) -> Response:
    plan, client = await _plan(v, plan_id)
    if not plan.changeable:
        raise HTTPException(404)
    head = [
        forms.replace_value(f, None) if f.name == "team_meeting_on" else f for f in head_fields(v)
    ]
    rows = rows_of(v, plan.actions)
    ids = [a.action_id for a in plan.actions]
    return _page(v, v.t("form.revision"), head, rows, ids, client=client)


@router.post("/plans/{plan_id}/revise", dependencies=[WRITER])
async def revise(v: ViewDep, plan_id: str, form: FormDep) -> Response:
    plan, client = await _plan(v, plan_id)
    ctx = v.node.context.acting(v.principal.username)

    def run(command: cmd.RevisePlan) -> Any:
        async def action(uow: Any) -> PlanOut:
            revised = await plans.revise_plan(uow, ctx, plan.id, command)
            return await _answer(v, uow, revised, client.id)

        return action

    async def done(answer: dict[str, Any]) -> Response:
        return await _after(v, answer, "revised")

    rows = len(plan.actions) + ROWS
    return await _submit(
        v,
        form,
        v.t("form.revision"),
        rows,
        lambda values: cmd.RevisePlan(**values),
        run,
        client,
        done,
    )
