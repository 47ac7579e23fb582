"""The reporting node's application: `create_app()` for tests and servers, `run()` to serve it."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import Depends, FastAPI

from partnership_shared.access import routes as access
from partnership_shared.access.roles import Role
from partnership_shared.http.docs import install_offline_docs
from partnership_shared.http.errors import install_error_answers
from reporting_node.api import clients, figures, health, ingest
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

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        node = await ReportingNode.start(settings(), consume=consume)
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
    app.include_router(health.router)
    for router in (figures.router, clients.router, ingest.router, web_router):
        app.include_router(router, dependencies=[PARTNERSHIP_VIEW])
    app.include_router(ingest.dead_letters_router, dependencies=[AUDITORS])
    access.install(app, home="/", audit_reads=False)
    return app


PARTNERSHIP_VIEW = Depends(access.require(Role.COORDINATOR, Role.AUDITOR))
"""The figures, journeys, reports and the dashboard: coordinators and auditors."""
AUDITORS = Depends(access.require(Role.AUDITOR))
"""Dead letters: auditors only (a refused entry may hold anything)."""


def run() -> None:
    """Serve the node on `HOST:PORT` (the `partnership-reporting` command)."""
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    app = create_app()
    tune_gc()
    # Every request is logged by the access gate (`partnership.access`), with its user.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=False,
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
