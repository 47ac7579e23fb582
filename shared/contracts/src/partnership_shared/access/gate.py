"""The gate every request passes: who is asking, a refusal for nobody, the audit and access logs.

A pure ASGI middleware, so nothing a node serves escapes it (API, pages, `/docs`, static files,
unknown paths alike). Only health and the sign-in itself answer without credentials. Credentials
are a bearer token (`Authorization: Bearer …`) or the session cookie of a signed-in browser.
Anonymous requests get 401 with a message in the reader's language, or, for a page, the login
page; a holder of a one-time password is sent to change it first. What each role may then do is
decided by the routes' dependencies (`routes.require`).

On a node that holds personal data (`audit_reads`), every answer of the API that names clients is
entered in the audit log before it leaves (held back until the entry is written; a write records
its entry in its own transaction and marks the request done). Every request is logged to the
`partnership.access` logger: when, who, method, path, status, duration, address.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from partnership_shared.access import audit
from partnership_shared.access.messages import WORDS
from partnership_shared.access.service import AccessService, Principal
from partnership_shared.i18n import Lang
from partnership_shared.kernel.problems import request_lang as request_lang

access_log = logging.getLogger("partnership.access")

SESSION_COOKIE = "partnership_session"
HEALTH_PATHS = frozenset(
    {"/healthz", "/livez", "/readyz", "/health", "/health/live", "/health/ready"}
)
SIGN_IN_PATHS = frozenset({"/login", "/api/v1/auth/tokens"})
PASSWORD_PATHS = frozenset(
    {"/password", "/logout", "/api/v1/auth/password", "/api/v1/auth/me", "/api/v1/auth/logout"}
)
"""What a holder of a one-time password may do before choosing their own."""
UNAUDITED_PREFIXES = ("/api/v1/audit", "/api/v1/auth/", "/api/v1/accounts")
"""Answers about access itself: audited where they happen, not by the clients they name."""


def refusal(
    lang: Lang, status: int, code: str, field: str = "request", **params: Any
) -> JSONResponse:
    """An error answer shaped like every other of the partnership's APIs."""
    text = WORDS.text(lang, code, **params)
    headers = {"WWW-Authenticate": 'Bearer realm="partnership"'} if status == 401 else None
    return JSONResponse(
        {"message": text, "detail": [{"loc": [field], "msg": text, "type": code}]},
        status_code=status,
        headers=headers,
    )


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API): it gets the login page rather than a 401."""
    return (
        request.method == "GET"
        and not request.url.path.startswith("/api/")
        and "text/html" in request.headers.get("accept", "")
    )


def address_of(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def credential(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else ""
    return request.cookies.get(SESSION_COOKIE)


class AccessGate:
    """`app.add_middleware(AccessGate, audit_reads=True)`; `app.state.access` is the node's
    `AccessService` and `app.state.audit` its `AuditLog` (both set when the node starts)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        audit_reads: bool = False,
        public_paths: Iterable[str] = (),
    ) -> None:
        self.app = app
        self.audit_reads = audit_reads
        self.public = HEALTH_PATHS | SIGN_IN_PATHS | frozenset(public_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request = Request(scope)
        path = request.url.path
        status = {"code": 0}

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        principal: Principal | None = None
        try:
            if path in self.public:
                await self.app(scope, receive, noting)
                return
            principal = await self._principal(request)
            refused = self._refusal(request, principal)
            if refused is not None:
                await refused(scope, receive, noting)
                return
            assert principal is not None
            actor = audit.Actor(principal.username, principal.role.value, address_of(scope))
            state = scope.setdefault("state", {})
            state.update(principal=principal, actor=actor, audited=False)
            if (
                self.audit_reads
                and path.startswith("/api/")
                and not path.startswith(UNAUDITED_PREFIXES)
            ):
                await self._audited(scope, receive, noting, actor)
            else:
                await self.app(scope, receive, noting)
        finally:
            self._log(request, principal, status["code"], started)

    async def _principal(self, request: Request) -> Principal | None:
        token = credential(request)
        if not token:
            return None
        access: AccessService = request.app.state.access
        return await access.authenticate(token)

    def _refusal(self, request: Request, principal: Principal | None) -> Response | None:
        path = request.url.path
        if principal is None:
            if wants_page(request):
                return RedirectResponse(f"/login?next={_quoted(request)}", status_code=303)
            code = "auth.invalid" if credential(request) is not None else "auth.required"
            return refusal(request_lang(request), 401, code, "Authorization")
        if principal.must_change_password and path not in PASSWORD_PATHS:
            if wants_page(request):
                return RedirectResponse(f"/password?next={_quoted(request)}", status_code=303)
            return refusal(request_lang(request), 403, "auth.change_password", "password")
        return None

    async def _audited(
        self, scope: Scope, receive: Receive, send: Send, actor: audit.Actor
    ) -> None:
        """Run the request holding its answer back; enter the clients it names, then send it."""
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)
        start = next((m for m in held if m["type"] == "http.response.start"), None)
        state = scope.get("state", {})
        if start is not None and start["status"] < 400 and not state.get("audited"):
            body = b"".join(m.get("body", b"") for m in held if m["type"] == "http.response.body")
            clients = _clients_in(body)
            if clients:
                method = scope["method"]
                action = "read" if method in ("GET", "HEAD") else "change"
                if state.get("replayed"):
                    action = "replay"  # an idempotent write's first answer, shown again
                log: audit.AuditLog = scope["app"].state.audit
                await log.write(
                    audit.entries(actor, action, method, scope["path"], start["status"], clients)
                )
        for message in held:
            await send(message)

    @staticmethod
    def _log(request: Request, principal: Principal | None, status: int, started: float) -> None:
        milliseconds = (time.perf_counter() - started) * 1000
        user = principal.username if principal else "-"
        role = principal.role.value if principal else "-"
        address = address_of(request.scope)
        access_log.info(
            "%s %s %s %s %s %.1fms %s",
            user,
            role,
            request.method,
            request.url.path,
            status,
            milliseconds,
            address,
            extra={
                "user": user,
                "role": role,
                "method": request.method,
                "path": request.url.path,
                "status": status,
                "duration_ms": round(milliseconds, 1),
                "address": address,
            },
        )


def _clients_in(body: bytes) -> list[str]:
    try:
        return audit.clients_named(orjson.loads(body)) if body else []
    except orjson.JSONDecodeError:
        return []


def _quoted(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return quote(target, safe="")
