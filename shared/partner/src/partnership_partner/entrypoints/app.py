"""The FastAPI application of a partner node, built from its service's extension."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from partnership_partner.bootstrap import PartnerExtension, PartnerNode, PartnerSettings
from partnership_partner.domain.errors import Rejected
from partnership_partner.domain.messages import MESSAGES
from partnership_partner.entrypoints.errors import rejected_handler, validation_handler
from partnership_partner.entrypoints.routes import clients, node, programmes, records
from partnership_shared.i18n import Catalogue
from partnership_shared.kernel.guard import install_guard, memo
from partnership_shared.kernel.health import health_checks
from partnership_shared.kernel.problems import http_exception_handler


def create_partner_app(
    extension: PartnerExtension, settings: Callable[[], PartnerSettings]
) -> FastAPI:
    """The node's app; settings are read when it starts, not when it is built."""
    profile = extension.profile
    settings = memo(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        running = await PartnerNode.start(extension, settings())
        app.state.node = running
        try:
            yield
        finally:
            await running.stop()

    app = FastAPI(
        title=f"{profile.name} node — {profile.title}",
        description=(
            f"The {profile.name} partner node: the clients it serves, their enrolment in the "
            "partnership's programmes, services, activities, employment, payments and contracts, "
            "with corrections and their history. Personal data stays here; the partnership "
            "learns of each change through events. Answers are in Polish unless `?lang=en` or "
            "`Accept-Language: en` asks for English."
        ),
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    for router in (clients.router, programmes.router, records.router, node.router):
        app.include_router(router)
    for router in extension.routers:
        app.include_router(router)
    app.state.messages = Catalogue({**MESSAGES, **extension.messages})
    app.add_exception_handler(Rejected, rejected_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(StarletteHTTPException, http_exception_handler)
    install_guard(app, lambda: settings().allowed_hosts, lambda: settings().max_body_bytes)

    @app.get("/healthz", tags=["node"])
    async def healthz(request: Request) -> JSONResponse:
        """200 when the node's database and the broker answer."""
        running: PartnerNode = request.app.state.node
        healthy, checks = await health_checks(running.sessions, running.redis)
        return JSONResponse(
            {"status": "ok" if healthy else "degraded", "node": profile.kind.value, **checks},
            status_code=200 if healthy else 503,
        )

    return app


def serve(app_path: str, settings: PartnerSettings) -> None:
    """Run a node's app with uvicorn on its configured host and port."""
    logging.basicConfig(level=settings.log_level.upper())
    uvicorn.run(
        app_path,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=False,
    )
