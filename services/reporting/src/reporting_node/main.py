"""The reporting node's application: `create_app()` for tests and servers, `run()` to serve it."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import Depends, FastAPI, Request

from partnership_shared.access import routes as access
from partnership_shared.access.roles import Role
from partnership_shared.http.docs import install_offline_docs
from partnership_shared.http.errors import install_error_answers
from partnership_shared.kernel.guard import install_guard, memo
from partnership_shared.kernel.health import Readiness, operations_router
from partnership_shared.kernel.logs import configure_logging
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.requests import RequestLog
from reporting_node.api import clients, figures, ingest, operations
from reporting_node.node import ReportingNode
from reporting_node.settings import ReportingSettings, get_settings
from reporting_node.web.routes import error_page
from reporting_node.web.routes import router as web_router


def create_app(
    settings: Callable[[], ReportingSettings] = get_settings, *, consume: bool = True
) -> FastAPI:
    """The app; settings are read when it starts, not when it is built.

    `app.state.node` is the running node; `app.state.changes` (`version`, `wait_for_change`)
    tells the dashboard when a committed batch changed the figures.
    """
    settings = memo(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        node = await ReportingNode.start(settings(), consume=consume, metrics=metrics)
        app.state.node = node
        app.state.changes = node.changes
        app.state.notifier = node.changes  # the name the dashboard reads
        app.state.access = node.access
        app.state.audit = node.audit
        try:
            yield
        finally:
            await node.stop()

    app = FastAPI(
        title="Reporting node — the partnership view",
        description=(
            "Consumes every partner's events (PUP, OPS, NGO) and answers for the partnership as "
            "a whole: clients, hours of specialist services, activities, employment and money "
            "paid, for any period, partner kind or programme. Persons appear only as pseudonyms."
            "\n\nEvery route but `/healthz` needs credentials: a bearer token "
            "(`POST /api/v1/auth/tokens`) or a signed-in browser (`/login`). Coordinators and "
            "auditors read the figures; auditors also the dead letters and the audit log; "
            "admins manage the node's accounts."
        ),
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_offline_docs(app)
    install_error_answers(app)
    app.state.error_page = error_page
    metrics = NodeMetrics()
    app.state.metrics = metrics

    async def readiness(request: Request) -> Readiness:
        node: ReportingNode = request.app.state.node
        return await node.readiness()

    app.include_router(operations_router("reporting", readiness, lambda _request: metrics))
    for router in (figures.router, clients.router, ingest.router, web_router):
        app.include_router(router, dependencies=[PARTNERSHIP_VIEW])
    app.include_router(ingest.dead_letters_router, dependencies=[AUDITORS])
    app.include_router(operations.router, dependencies=[OPERATORS])
    access.install(app, home="/", audit_reads=False)
    install_guard(app, lambda: settings().allowed_hosts, lambda: settings().max_body_bytes)
    # The access gate logs every request with its user; this counts and times them.
    app.add_middleware(RequestLog, metrics=metrics, lines=False)
    return app


PARTNERSHIP_VIEW = Depends(access.require(Role.COORDINATOR, Role.AUDITOR))
"""The figures, journeys, reports and the dashboard: coordinators and auditors."""
AUDITORS = Depends(access.require(Role.AUDITOR))
"""Dead letters: auditors only (a refused entry may hold anything)."""
OPERATORS = Depends(access.require(Role.COORDINATOR, Role.ADMIN))
"""Rebuilding the projections and re-driving dead letters: coordinators (the CLI's service
account is one) and admins."""


def run() -> None:
    """Serve the node on `HOST:PORT` (the `partnership-reporting` command)."""
    settings = get_settings()
    configure_logging("reporting", settings.log_level)
    app = create_app()
    tune_gc()
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # configure_logging's format, timestamps included
        access_log=False,  # RequestLog writes one line per request, with its duration
    )


def tune_gc() -> None:
    """Fewer, cheaper garbage collections for a long-running server.

    Everything alive once the app is built (modules, schemas, routes) is frozen out of the
    collector's sight, and young objects are collected less often: ingest allocates many
    short-lived objects per event, and each full collection used to walk them all.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
