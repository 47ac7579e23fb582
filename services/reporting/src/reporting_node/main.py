"""The reporting node's application: `create_app()` for tests and servers, `run()` to serve it."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from partnership_shared.kernel.guard import install_guard, memo
from partnership_shared.kernel.problems import install_problem_handlers
from reporting_node.api import clients, figures, health, ingest
from reporting_node.node import ReportingNode
from reporting_node.settings import ReportingSettings, get_settings
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
        node = await ReportingNode.start(settings(), consume=consume)
        app.state.node = node
        app.state.changes = node.changes
        app.state.notifier = node.changes  # the name the dashboard reads
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
        ),
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(health.router)
    app.include_router(figures.router)
    app.include_router(clients.router)
    app.include_router(ingest.router)
    app.include_router(web_router)
    install_problem_handlers(app)
    install_guard(app, lambda: settings().allowed_hosts, lambda: settings().max_body_bytes)
    return app


def run() -> None:
    """Serve the node on `HOST:PORT` (the `partnership-reporting` command)."""
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    app = create_app()
    tune_gc()
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


def tune_gc() -> None:
    """Fewer, cheaper garbage collections for a long-running server.

    Everything alive once the app is built (modules, schemas, routes) is frozen out of the
    collector's sight, and young objects are collected less often: ingest allocates many
    short-lived objects per event, and each full collection used to walk them all.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
