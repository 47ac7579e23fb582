"""What every node does to each request before its routes see it, and to each answer after.

* **Host check.** A request names the host it was sent to; a node answers only under the names it
  is configured with (`ALLOWED_HOSTS`), so a page on another site that makes the browser call the
  node through a name it controls (DNS rebinding) gets a 400, and so does a forged `Host`. The
  loopback names are always allowed: they are what a browser on the node's own machine sends, and
  what the dashboard uses to ask its own API in process.
* **Bodies capped.** A body larger than `MAX_BODY_BYTES` gets a 413 before a route reads it
  (announced by `Content-Length`), or as soon as the bytes read pass the limit (chunked).
* **Security headers** on every answer: `nosniff`, no framing, no referrer; HTML answers get a
  Content Security Policy with no inline script and nothing from elsewhere (a page may set its
  own, as `/docs` does, hashing its one inline script).

A pure ASGI middleware: answers stream through it untouched (the dashboard's live updates), and a
refused request never reaches the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from partnership_shared.i18n import Catalogue
from partnership_shared.kernel.problems import lang_of, problem, request_lang

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_MAX_BODY_BYTES = 1024 * 1024

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""HTML answers: scripts, styles and images from the node itself only, never inline."""

ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)

WORDS = Catalogue(
    {
        "host.not_allowed": (
            "ten węzeł nie odpowiada pod nazwą {host!r} (zob. ALLOWED_HOSTS)",
            "this node does not answer to the name {host!r} (see ALLOWED_HOSTS)",
        ),
        "host.missing": (
            "brak nagłówka Host: ten węzeł odpowiada tylko pod swoimi nazwami",
            "no Host header: this node answers only to its own names",
        ),
        "body.too_large": (
            "treść żądania jest za duża: najwyżej {limit} bajtów",
            "the request's body is too large: at most {limit} bytes",
        ),
    }
)


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """`host` (without its port) is one of `allowed`, or under a `*.domain` of them."""
    host = host.lower().rstrip(".")
    if host in LOOPBACK:
        return True
    for name in allowed:
        name = name.lower()
        if name == host or (name.startswith("*.") and host.endswith(name[1:])):
            return True
    return False


_PORT = re.compile(r":\d+$")


def host_of(header: str) -> str:
    """The name in a `Host` header: `[::1]:8100` → `::1`, `example.org:8101` → `example.org`."""
    header = header.strip()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return _PORT.sub("", header)


class BodyTooLarge(StarletteHTTPException):
    """Raised while a body is read, once it passes the limit (the route never sees it)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request's body is too large: at most {limit} bytes")
        self.limit = limit


class NodeGuard:
    """The host check, the body cap and the security headers, around a node's whole app."""

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Callable[[], Iterable[str]],
        max_body_bytes: Callable[[], int],
    ) -> None:
        self.app = app
        self._allowed_hosts = allowed_hosts
        self._max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        allowed = tuple(self._allowed_hosts())
        host = host_of(headers.get("host", ""))
        if not host:
            await self._refuse(scope, send, 400, "Host", "host.missing")
            return
        if not host_allowed(host, allowed):
            await self._refuse(scope, send, 400, "Host", "host.not_allowed", host=host)
            return
        limit = self._max_body_bytes()
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, 413, "body", "body.too_large", limit=limit)
            return
        started = False
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = secured(list(message.get("headers", [])))
            await send(message)

        try:
            await self.app(scope, capped_receive, secured_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, send, 413, "body", "body.too_large", limit=limit)

    async def _refuse(
        self, scope: Scope, send: Send, status: int, field: str, code: str, **params: object
    ) -> None:
        headers = Headers(scope=scope)
        lang = lang_of(
            QueryParams(scope.get("query_string", b"")).get("lang"),
            _cookie(headers.get("cookie", ""), "lang"),
            headers.get("accept-language"),
        )
        body = orjson.dumps(problem(field, WORDS.text(lang, code, **params), code))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": secured(
                    [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ]
                ),
            }
        )
        await send({"type": "http.response.body", "body": body})


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def secured(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The answer's headers with the security headers added where the route set none."""
    present = {name.lower() for name, _ in headers}
    added = [(name, value) for name, value in ALWAYS if name not in present]
    content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html") and b"content-security-policy" not in present:
        added.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
    return headers + added


def install_guard(
    app: FastAPI,
    allowed_hosts: Callable[[], Iterable[str]],
    max_body_bytes: Callable[[], int] = lambda: DEFAULT_MAX_BODY_BYTES,
) -> None:
    """Guard `app`: the middleware, and a 413 in the usual shape when a route was already reading
    the body (`/docs`, with a policy of its own, is `partnership_shared.http.docs`)."""
    app.add_middleware(
        NodeGuard,
        allowed_hosts=allowed_hosts,
        max_body_bytes=max_body_bytes,
    )

    async def too_large(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, BodyTooLarge)
        text = WORDS.text(request_lang(request), "body.too_large", limit=error.limit)
        return JSONResponse(problem("body", text, "body.too_large"), status_code=413)

    app.add_exception_handler(BodyTooLarge, too_large)


def memo(read: Callable[[], Any]) -> Callable[[], Any]:
    """`read()` once, on first use (a node's settings are read when it starts, not when built)."""
    cache: list[Any] = []

    def once() -> Any:
        if not cache:
            cache.append(read())
        return cache[0]

    return once
