"""One log line and two metrics per HTTP request, for every node (a pure ASGI middleware).

Routes are labelled by their template (`/api/v1/clients/{client_id}`), never by the path a client
sent: a path holds ids, and a label per id would grow the metrics without bound.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from partnership_shared.kernel.metrics import NodeMetrics

log = logging.getLogger("partnership.request")

QUIET_PATHS = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})
"""Probed every few seconds by orchestrators and scrapers: counted, logged only at DEBUG."""


class RequestLog:
    """Counts and times every request; logs a line for each unless another part of the app does
    (the access gate logs each request with its user: `lines=False` then)."""

    def __init__(self, app: ASGIApp, metrics: NodeMetrics, lines: bool = True) -> None:
        self.app = app
        self.metrics = metrics
        self.lines = lines

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            took = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.request_seconds.labels(method, route).observe(took)
            path = scope["path"]
            if self.lines:
                log.log(
                    logging.DEBUG if path in QUIET_PATHS else logging.INFO,
                    "%s %s %s %.1f ms",
                    method,
                    path,
                    status,
                    took * 1000,
                )
