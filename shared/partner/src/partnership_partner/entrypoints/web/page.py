"""What every page of the staff's application shares: the reader's language and words, the
signed-in person, the layout's templates, a guard against forged forms, the audit log of what a
page showed, and saving a form through the same handlers and transaction as the API."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from partnership_partner.adapters.unit_of_work import SqlUnitOfWork
from partnership_partner.bootstrap import PartnerNode
from partnership_partner.domain.errors import ConfirmationNeeded, Duplicate, Rejected
from partnership_partner.entrypoints.errors import VALIDATION, written
from partnership_partner.entrypoints.web import forms
from partnership_partner.entrypoints.web.extension import Workspace
from partnership_partner.entrypoints.web.words import CONFIRMATION_CODES, WEB_REFUSALS, WORDS
from partnership_partner.entrypoints.writes import write
from partnership_shared.access import audit
from partnership_shared.access.gate import credential
from partnership_shared.access.roles import Role
from partnership_shared.access.service import AccessError, Principal
from partnership_shared.events.labels import VOCABULARIES, label
from partnership_shared.http.errors import ErrorPage, plain_page
from partnership_shared.i18n import LANGS, Catalogue, Formatter, Lang, pick_lang
from partnership_shared.kernel.problems import problems

HERE = Path(__file__).parent
HISTORY_KINDS = {
    "role": "role",
    "basis": "basis",
    "contract_type": "contract_type",
    "employer_kind": "employer",
    "exit_reason": "exit",
    "mode": "mode",
}
"""Corrected fields whose values are a vocabulary's ids, and which vocabulary."""
LANG_COOKIE = "lang"
templates = Jinja2Templates(directory=HERE / "templates")
# An empty value shows nothing, not "None" (an erased client has no names, no birth date).
templates.env.finalize = lambda value: "" if value is None else value


def workspace_of(request: Request) -> Workspace:
    """The workspace as installed: the core's coordination pages and the service's own."""
    found: Workspace = request.app.state.workspace
    return found


@dataclass
class View:
    """One request's page: who reads it, in which language, on which node."""

    request: Request
    node: PartnerNode
    principal: Principal
    lang: Lang
    words: Catalogue
    refusals: Catalogue
    fmt: Formatter = field(init=False)

    def __post_init__(self) -> None:
        self.fmt = Formatter(self.lang)

    # --- words ---------------------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return self.words.text(self.lang, key, **values)

    def label(self, vocabulary: str, value: str | Enum | None) -> str:
        return label(VOCABULARIES.get(vocabulary, {}), value, self.lang)

    def pick(self, words: tuple[str, str]) -> str:
        return words[LANGS.index(self.lang)]

    def refusal(self, error: Rejected) -> str:
        return self.refusals.text(self.lang, error.code, **written(self.lang, error.params))

    def date(self, value: Any) -> str:
        return forms.write_date(value) if value else ""

    def changed(self, name: str, value: Any) -> str:
        """A value a correction changed, as the record's page writes it (it is kept as JSON)."""
        if value is None or value == "":
            return "—"
        if name in HISTORY_KINDS:
            return self.label(HISTORY_KINDS[name], str(value))
        if name.endswith(("_on", "_from", "_to")) and isinstance(value, str):
            with contextlib.suppress(ValueError):
                return forms.write_date(date.fromisoformat(value))
        with contextlib.suppress(ArithmeticError, ValueError):
            if name in ("amount", "monthly_amount", "monthly_stipend"):
                return self.money(Decimal(str(value)))
            if name == "hours":
                return self.hours(Decimal(str(value)))
        if isinstance(value, bool):
            return self.t("form.yes" if value else "form.no")
        return str(value)

    def money(self, value: Any) -> str:
        return self.fmt.money(value)

    def hours(self, value: Any) -> str:
        return self.fmt.hours(value)

    # --- who and where -------------------------------------------------------------------------

    @property
    def can_write(self) -> bool:
        return self.principal.role is Role.CASEWORKER

    @property
    def node_name(self) -> str:
        scope = self.node.scope
        return f"{scope.name} — {scope.title}"

    @property
    def csrf(self) -> str:
        return csrf_token(self.request)

    def other_lang_url(self) -> str:
        other: Lang = "en" if self.lang == "pl" else "pl"
        params = {k: v for k, v in self.request.query_params.items() if k != "lang"}
        return f"{self.request.url.path}?{urlencode({**params, 'lang': other})}"

    @property
    def path(self) -> str:
        return self.request.url.path

    def uow(self) -> SqlUnitOfWork:
        return self.node.unit_of_work()

    async def shown(self, clients: Iterable[str]) -> None:
        """Enter in the audit log that this page showed these clients' data."""
        named = list(dict.fromkeys(str(c) for c in clients if c))
        actor: audit.Actor | None = getattr(self.request.state, "actor", None)
        if named and actor is not None:
            await self.node.audit.write(
                audit.entries(actor, "read", "GET", self.request.url.path, 200, named)
            )


def view_of(request: Request) -> View:
    node: PartnerNode = request.app.state.node
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        raise AccessError(401, "auth.required", "Authorization")
    lang = pick_lang(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )
    space = workspace_of(request)
    messages: Catalogue = request.app.state.messages
    return View(
        request,
        node,
        principal,
        lang,
        Catalogue({**WORDS, **space.words}),
        Catalogue({**messages.words, **WEB_REFUSALS}),
    )


ViewDep = Annotated[View, Depends(view_of)]


def writer(request: Request) -> None:
    """A page that records something: caseworkers only (auditors read, admins see no client)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None or principal.role is not Role.CASEWORKER:
        role = principal.role.value if principal else "-"
        raise AccessError(403, "auth.forbidden", "role", role=role, allowed="caseworker")


WRITER = Depends(writer)


def render(view: View, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = templates.TemplateResponse(
        view.request, name, {"v": view, **context}, status_code=status
    )
    if view.request.query_params.get("lang") == view.lang:
        response.set_cookie(LANG_COOKIE, view.lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- forged forms ------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """A token only this browser's session can know: a hash of its session (HttpOnly)."""
    secret = credential(request) or ""
    return hmac.new(secret.encode(), b"partnership-form", hashlib.sha256).hexdigest()[:32]


async def checked_form(request: Request) -> Any:
    """The posted form, if it carries this session's token; a forged one gets a 403."""
    await request.body()  # kept: a write's idempotency key is checked against the whole body
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf", "")), csrf_token(request)):
        raise AccessError(403, "form.forged", "csrf")
    return form


FormDep = Annotated[Any, Depends(checked_form)]


# --- saving a form -----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What saving a form gave: the answer (as the API would give it), or the problems."""

    answer: dict[str, Any] | None = None
    problems: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    needs_confirmation: bool = False


Action = Callable[[SqlUnitOfWork], Awaitable[BaseModel]]


async def save(
    view: View,
    form: Mapping[str, Any],
    make: Callable[[], Any],
    action: Callable[[Any], Action],
    fields: Iterable[str] = (),
) -> Outcome:
    """Build the command (`make`), run it (`action(command)`) in one transaction with its events
    and audit entries; a refusal becomes a problem of the field it names.

    The form's own key makes a second click of the same form change nothing."""
    known = set(fields)
    try:
        command = make()
    except ValidationError as error:
        outcome = Outcome()
        for problem in problems(view.lang, error.errors(), VALIDATION):
            _place(outcome, known, str(problem["loc"][0]), problem["msg"], view)
        return outcome
    key = str(form.get("form_key") or "") or None
    try:
        response = await write(view.node, key, view.request, action(command))
    except Rejected as error:
        outcome = Outcome(needs_confirmation=isinstance(error, ConfirmationNeeded | Duplicate))
        outcome.needs_confirmation |= error.code in CONFIRMATION_CODES
        _place(outcome, known, error.field, view.refusal(error), view)
        return outcome
    return Outcome(answer=orjson.loads(bytes(response.body)))


def _place(outcome: Outcome, known: set[str], name: str, message: str, view: View) -> None:
    field_name = name if name in known else name.split(".")[0]
    if field_name in known:
        outcome.problems.setdefault(field_name, message)
    else:
        outcome.general.append(f"{view.t('field.' + field_name)}: {message}")


def new_form_key() -> str:
    return str(uuid.uuid4())


def problems_of(view: View, posted: forms.Posted) -> dict[str, str]:
    return {name: view.t(code) for name, code in posted.problems.items()}


# --- the node's error pages --------------------------------------------------------------------


async def error_page(request: Request, page: ErrorPage) -> Response:
    """A 404, 403 or 500 in the workspace's look, with its navigation where someone signed in."""
    principal: Principal | None = getattr(request.state, "principal", None)
    node: PartnerNode | None = getattr(request.app.state, "node", None)
    if principal is None or node is None:
        return plain_page(page)
    view = View(request, node, principal, page.lang, Catalogue(WORDS), Catalogue({}))
    return render(view, "error.html", page.status, page=page)
