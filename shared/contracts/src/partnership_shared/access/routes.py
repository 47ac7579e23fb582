"""Routes of accounts and access, the same on every node, and the dependencies that decide roles.

* pages: `GET/POST /login`, `POST /logout`, `GET/POST /password` (a browser's session cookie);
* `POST /api/v1/auth/tokens` (a bearer token for a program), `GET /api/v1/auth/me`,
  `POST /api/v1/auth/logout`, `POST /api/v1/auth/password`;
* admins: `/api/v1/accounts…` (add, list, disable, enable, reset a password, revoke tokens,
  issue a token to a service account);
* auditors: `GET /api/v1/audit` (filtered by user, client, period; paged) and `/api/v1/audit.csv`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from partnership_shared.access import audit
from partnership_shared.access.gate import (
    HEALTH_PATHS,
    SESSION_COOKIE,
    SIGN_IN_PATHS,
    AccessGate,
    address_of,
    refusal,
    request_lang,
    wants_page,
)
from partnership_shared.access.messages import WORDS
from partnership_shared.access.passwords import MIN_LENGTH, one_time_password
from partnership_shared.access.roles import Role
from partnership_shared.access.service import (
    AccessError,
    AccessService,
    Account,
    Issued,
    Principal,
    TokenKind,
    utc,
)
from partnership_shared.http.errors import ErrorPage, PageRenderer
from partnership_shared.i18n import Lang, pick_lang
from partnership_shared.kernel.problems import BAD_REQUEST, TOO_LARGE, ErrorOut

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


# --- who may ---------------------------------------------------------------------------------


def principal_of(request: Request) -> Principal:
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:  # only where the gate is missing: refuse rather than serve
        raise AccessError(401, "auth.required", "Authorization")
    return principal


def require(*roles: Role) -> Callable[[Request], Principal]:
    """A dependency admitting only `roles` (403 naming the role and those allowed)."""
    allowed = frozenset(roles)

    def admitted(request: Request) -> Principal:
        principal = principal_of(request)
        if principal.role not in allowed:
            raise AccessError(
                403,
                "auth.forbidden",
                "role",
                role=principal.role.value,
                allowed=", ".join(sorted(allowed)),
            )
        return principal

    return admitted


def read_or_write(readers: frozenset[Role], writers: frozenset[Role]) -> Callable[..., Principal]:
    """A dependency for a router of records: `readers` may GET, only `writers` change."""
    may_read, may_write = require(*readers), require(*writers)

    def admitted(request: Request) -> Principal:
        if request.method in ("GET", "HEAD"):
            return may_read(request)
        return may_write(request)

    return admitted


PrincipalDep = Annotated[Principal, Depends(principal_of)]


def access_of(request: Request) -> AccessService:
    service: AccessService = request.app.state.access
    return service


AccessDep = Annotated[AccessService, Depends(access_of)]


async def access_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, AccessError)
    lang = request_lang(request)
    if wants_page(request):
        text = WORDS.text(lang, error.code, **error.params)
        renderer: PageRenderer | None = getattr(request.app.state, "error_page", None)
        if renderer is not None and error.status == 403:
            # In the node's own look, with its navigation (a caseworker's link to the start).
            denied = ErrorPage(error.status, WORDS.text(lang, "page.denied"), text, lang)
            return await renderer(request, denied)
        return _page(
            request, "denied.html", lang, WORDS.text(lang, "page.denied"), error.status, error=text
        )
    answer = refusal(lang, error.status, error.code, error.field, **error.params)
    if error.retry_after is not None:
        answer.headers["Retry-After"] = str(error.retry_after)
    return answer


async def note(
    request: Request,
    action: str,
    status: int = 200,
    actor: audit.Actor | None = None,
) -> None:
    """An entry of the audit log for an event of access itself (no client named)."""
    log: audit.AuditLog = request.app.state.audit
    who = (
        actor
        or getattr(request.state, "actor", None)
        or audit.Actor("-", "-", address_of(request.scope))
    )
    await log.write(audit.entries(who, action, request.method, request.url.path, status))


# --- pages -----------------------------------------------------------------------------------

pages = APIRouter(include_in_schema=False)


def _lang(request: Request, chosen: str | None = None) -> Lang:
    return pick_lang(
        chosen,
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def _page(
    request: Request, name: str, lang: Lang, title: str, status: int = 200, **context: Any
) -> HTMLResponse:
    def t(key: str, **values: object) -> str:
        return WORDS.text(lang, key, **values)

    return templates.TemplateResponse(
        request,
        name,
        {"t": t, "lang": lang, "title": title, "node": request.app.title, "next": "", **context},
        status_code=status,
    )


def _home(request: Request) -> str:
    return str(getattr(request.app.state, "home", "/docs"))


def _next(request: Request, wanted: str | None) -> str:
    """Where to go after signing in: a path of this node, never another site."""
    if wanted and wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted:
        return wanted
    return _home(request)


def _set_session(
    request: Request, response: Response, issued: Issued, service: AccessService
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        issued.token,
        max_age=int(service.session_lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


@pages.get("/login", response_class=HTMLResponse)
async def login_page(
    request: Request, next: str | None = None, lang: str | None = None
) -> Response:
    chosen = _lang(request, lang)
    return _page(
        request,
        "login.html",
        chosen,
        WORDS.text(chosen, "page.login"),
        next=_next(request, next),
        username="",
    )


@pages.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    service: AccessDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str | None, Form()] = None,
    lang: Annotated[str | None, Form()] = None,
) -> Response:
    chosen = _lang(request, lang)
    address = address_of(request.scope)
    try:
        issued = await service.sign_in(username, password, address, TokenKind.SESSION)
    except AccessError as error:
        await note(request, "login.refused", error.status, audit.Actor(username, "-", address))
        page = _page(
            request,
            "login.html",
            chosen,
            WORDS.text(chosen, "page.login"),
            error.status,
            error=WORDS.text(chosen, error.code, **error.params),
            next=_next(request, next),
            username=username,
        )
        if error.retry_after is not None:
            page.headers["Retry-After"] = str(error.retry_after)
        return page
    who = issued.principal
    await note(request, "login", 200, audit.Actor(who.username, who.role.value, address))
    target = _next(request, next)
    if who.must_change_password:
        target = f"/password?next={target}"
    response = RedirectResponse(target, status_code=303)
    _set_session(request, response, issued, service)
    return response


@pages.post("/logout")
async def logout(request: Request, service: AccessDep, who: PrincipalDep) -> Response:
    await service.revoke_token(who.token_id)
    await note(request, "logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@pages.get("/password", response_class=HTMLResponse)
async def password_page(request: Request, who: PrincipalDep, next: str | None = None) -> Response:
    chosen = _lang(request)
    return _page(
        request,
        "password.html",
        chosen,
        WORDS.text(chosen, "page.change"),
        next=_next(request, next),
        must_change=who.must_change_password,
        min_length=MIN_LENGTH,
    )


@pages.post("/password", response_class=HTMLResponse)
async def change_password_page(
    request: Request,
    service: AccessDep,
    who: PrincipalDep,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    repeat_password: Annotated[str, Form(max_length=200)],
    next: Annotated[str | None, Form()] = None,
    lang: Annotated[str | None, Form()] = None,
) -> Response:
    chosen = _lang(request, lang)
    try:
        if new_password != repeat_password:
            raise AccessError(422, "password.mismatch", "repeat_password")
        await service.change_password(who.username, current_password, new_password)
    except AccessError as error:
        return _page(
            request,
            "password.html",
            chosen,
            WORDS.text(chosen, "page.change"),
            error.status,
            error=WORDS.text(chosen, error.code, **error.params),
            next=_next(request, next),
            must_change=who.must_change_password,
            min_length=MIN_LENGTH,
        )
    await note(request, "password.changed")
    # Every session made with the old password ends; this browser gets a fresh one.
    await service.revoke_tokens(who.username)
    issued = await service.issue(who.username, TokenKind.SESSION)
    response = RedirectResponse(_next(request, next), status_code=303)
    _set_session(request, response, issued, service)
    return response


# --- the API of access ------------------------------------------------------------------------


class TokenRequest(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=200)
    label: str | None = Field(default=None, max_length=100)


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: datetime
    username: str
    role: Role


class MeOut(BaseModel):
    username: str
    role: Role
    kind: TokenKind
    must_change_password: bool


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class AccountIn(BaseModel):
    username: str = Field(max_length=64, description="3–64 characters: a-z, 0-9, . _ -")
    role: Role


class AccountOut(BaseModel):
    username: str
    role: Role
    active: bool
    must_change_password: bool
    created_at: datetime
    created_by: str
    has_password: bool


class NewAccountOut(BaseModel):
    account: AccountOut
    one_time_password: str = Field(
        description="Shown once: hand it to the person; they choose "
        "their own when they first sign in"
    )


class OneTimePasswordOut(BaseModel):
    one_time_password: str


class RevokedOut(BaseModel):
    revoked: int


class ServiceTokenIn(BaseModel):
    label: str | None = Field(default=None, max_length=100)
    days: int = Field(default=30, ge=1, le=365)


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str
    role: str
    address: str
    action: str
    method: str
    path: str
    status: int
    client_id: str | None


class AuditPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditEntryOut]


def account_out(account: Account) -> AccountOut:
    return AccountOut.model_validate(account, from_attributes=True)


def token_out(issued: Issued) -> TokenOut:
    return TokenOut(
        token=issued.token,
        expires_at=issued.expires_at,
        username=issued.principal.username,
        role=issued.principal.role,
    )


api = APIRouter(prefix="/api/v1/auth", tags=["access"])


@api.post("/tokens", status_code=201, response_model=TokenOut)
async def new_token(body: TokenRequest, request: Request, service: AccessDep) -> TokenOut:
    """A bearer token for a program, for the right user name and password (30 days).

    Failed attempts are slowed: 5 for one user name or 20 from one address within 15 minutes
    block further attempts for 15 minutes (429 with `Retry-After`)."""
    address = address_of(request.scope)
    try:
        issued = await service.sign_in(
            body.username, body.password, address, TokenKind.API, body.label
        )
    except AccessError as error:
        await note(request, "login.refused", error.status, audit.Actor(body.username, "-", address))
        raise
    who = issued.principal
    await note(request, "token.issued", 201, audit.Actor(who.username, who.role.value, address))
    return token_out(issued)


@api.get("/me", response_model=MeOut)
async def me(who: PrincipalDep) -> MeOut:
    """Who the credentials belong to."""
    return MeOut(
        username=who.username,
        role=who.role,
        kind=who.kind,
        must_change_password=who.must_change_password,
    )


@api.post("/logout", status_code=204)
async def end_token(request: Request, service: AccessDep, who: PrincipalDep) -> Response:
    """Revoke the session or token this request carries."""
    await service.revoke_token(who.token_id)
    await note(request, "logout")
    return Response(status_code=204)


@api.post("/password", status_code=204)
async def change_password(
    body: PasswordChange, request: Request, service: AccessDep, who: PrincipalDep
) -> Response:
    """Choose a new password (at least 12 characters, not containing the user name)."""
    await service.change_password(who.username, body.current_password, body.new_password)
    await note(request, "password.changed")
    return Response(status_code=204)


accounts = APIRouter(
    prefix="/api/v1/accounts", tags=["accounts"], dependencies=[Depends(require(Role.ADMIN))]
)


@accounts.get("", response_model=list[AccountOut])
async def list_accounts(service: AccessDep) -> list[AccountOut]:
    """The node's accounts (admins only)."""
    return [account_out(account) for account in await service.accounts()]


@accounts.post("", status_code=201, response_model=NewAccountOut)
async def add_account(
    body: AccountIn, request: Request, service: AccessDep, who: PrincipalDep
) -> NewAccountOut:
    """A new account with a one-time password, shown once in this answer."""
    password = one_time_password()
    made = await service.add_account(body.username, body.role, password=password, by=who.username)
    await note(request, f"account.added:{made.username}", 201)
    return NewAccountOut(account=account_out(made), one_time_password=password)


@accounts.post("/{username}/disable", response_model=AccountOut)
async def disable_account(
    username: str, request: Request, service: AccessDep, who: PrincipalDep
) -> AccountOut:
    """Disable an account: its sessions and tokens stop working at once."""
    if username.lower() == who.username:
        raise AccessError(422, "account.self", "username")
    changed = await service.set_active(username, False)
    await note(request, f"account.disabled:{changed.username}")
    return account_out(changed)


@accounts.post("/{username}/enable", response_model=AccountOut)
async def enable_account(username: str, request: Request, service: AccessDep) -> AccountOut:
    changed = await service.set_active(username, True)
    await note(request, f"account.enabled:{changed.username}")
    return account_out(changed)


@accounts.post("/{username}/password-reset", response_model=OneTimePasswordOut)
async def reset_password(username: str, request: Request, service: AccessDep) -> OneTimePasswordOut:
    """A new one-time password (shown once); the account's sessions and tokens end."""
    password = await service.reset_password(username)
    await note(request, f"account.password_reset:{username.lower()}")
    return OneTimePasswordOut(one_time_password=password)


@accounts.post("/{username}/revoke-tokens", response_model=RevokedOut)
async def revoke_tokens(username: str, request: Request, service: AccessDep) -> RevokedOut:
    """End every session and token of the account."""
    revoked = await service.revoke_tokens(username)
    await note(request, f"account.tokens_revoked:{username.lower()}")
    return RevokedOut(revoked=revoked)


@accounts.post("/{username}/tokens", status_code=201, response_model=TokenOut)
async def issue_token(
    username: str, body: ServiceTokenIn, request: Request, service: AccessDep
) -> TokenOut:
    """A bearer token for an account (a service account of a program, say), for `days` days."""
    issued = await service.issue(username, TokenKind.API, timedelta(days=body.days), body.label)
    await note(request, f"account.token_issued:{issued.principal.username}", 201)
    return token_out(issued)


audit_routes = APIRouter(
    prefix="/api/v1", tags=["audit"], dependencies=[Depends(require(Role.AUDITOR))]
)


def audit_query(
    user: Annotated[
        str | None, Query(max_length=64, description="Only this user's entries")
    ] = None,
    client_id: Annotated[
        str | None, Query(max_length=64, description="Only entries naming this client")
    ] = None,
    first: Annotated[date | None, Query(alias="from", description="From this day (UTC)")] = None,
    last: Annotated[date | None, Query(alias="to", description="To this day, inclusive")] = None,
) -> audit.AuditQuery:
    if first is not None and last is not None and first > last:
        raise AccessError(422, "audit.period", "from")
    return audit.AuditQuery(user, client_id, first, last)


AuditQueryDep = Annotated[audit.AuditQuery, Depends(audit_query)]


@audit_routes.get("/audit", response_model=AuditPageOut)
async def read_audit(
    request: Request,
    query: AuditQueryDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> AuditPageOut:
    """Who read or changed which client's data, and every sign-in and account change; newest
    first (auditors only). Nothing here changes an entry: the log is append-only."""
    log: audit.AuditLog = request.app.state.audit
    total, rows = await log.page(query, limit, offset)
    await note(request, "audit.read")
    return AuditPageOut(
        total=total,
        limit=limit,
        offset=offset,
        items=[AuditEntryOut.model_validate({**row._mapping, "at": utc(row.at)}) for row in rows],
    )


@audit_routes.get("/audit.csv", response_class=StreamingResponse)
async def export_audit(request: Request, query: AuditQueryDep) -> StreamingResponse:
    """The matching entries as CSV, oldest first (auditors only)."""
    log: audit.AuditLog = request.app.state.audit
    await note(request, "audit.exported")

    async def lines() -> AsyncIterator[str]:
        async for line in log.csv_lines(query):
            yield line

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )


def install(app: Any, *, home: str, audit_reads: bool) -> None:
    """Put a node's app behind the gate and add the routes of access.

    `home` is where a browser goes after signing in; `audit_reads` enters every answer naming
    clients in the audit log (the partner nodes, which hold personal data)."""
    app.state.home = home
    for router in (pages, api, accounts, audit_routes):
        app.include_router(router)
    app.add_exception_handler(AccessError, access_error_handler)
    app.add_middleware(AccessGate, audit_reads=audit_reads)
    _document_refusals(app)


REFUSALS: dict[str, dict[str, Any]] = {
    "400": {"description": BAD_REQUEST["description"]},
    "413": {"description": TOO_LARGE["description"]},
    "401": {"description": "No credentials, or wrong ones: sign in (`POST /api/v1/auth/tokens`)"},
    "403": {"description": "The account's role may not do this"},
    "429": {"description": "Too many failed sign-ins: wait for `Retry-After` seconds"},
}


def _document_refusals(app: Any) -> None:
    """Every operation behind the gate documents the gate's and the guard's answers (400, 413,
    401, 403; 429 on signing in) in the nodes' error shape, whichever router (also one added
    after this) it is on."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return cast(dict[str, Any], app.openapi_schema)
        schema: dict[str, Any] = build()
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for path, operations in schema.get("paths", {}).items():
            if path in HEALTH_PATHS:
                continue
            for operation in operations.values():
                answers = operation.setdefault("responses", {})
                wanted = ("400", "413", "401", *(("429",) if path in SIGN_IN_PATHS else ("403",)))
                for status in wanted:
                    answers.setdefault(status, {**REFUSALS[status], **error})
        shapes = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        known = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, shape in {**shapes.pop("$defs", {}), "ErrorOut": shapes}.items():
            known.setdefault(name, shape)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
