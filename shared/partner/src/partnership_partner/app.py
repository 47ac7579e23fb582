"""The FastAPI application of a partner node (PUP, OPS or NGO), built from its profile."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from partnership_partner.api import rejected_handler, router, validation_handler
from partnership_partner.errors import RequestRejected
from partnership_partner.node import PartnerNode, PartnerSettings
from partnership_partner.profile import PartnerProfile
from partnership_shared.kernel.health import health_checks


def create_partner_app(profile: PartnerProfile, settings: Callable[[], PartnerSettings]) -> FastAPI:
    """The node's app; settings are read when it starts, not when it is built."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        node = await PartnerNode.start(profile, settings())
        app.state.node = node
        try:
            yield
        finally:
            await node.stop()

    app = FastAPI(
        title=f"{profile.name} node — {profile.title}",
        description=(
            f"The {profile.name} partner node: clients it serves, their enrolment in the "
            "partnership, services, activities, employment and payments. Personal data stays "
            "here; the partnership learns of each change through events."
        ),
        version="1.0.0",
        lifespan=lifespan,
    )
    app.include_router(router)
    app.add_exception_handler(RequestRejected, rejected_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)

    @app.get("/healthz", tags=["node"])
    async def healthz(request: Request) -> JSONResponse:
        """200 when the node's database and the broker answer."""
        node: PartnerNode = request.app.state.node
        healthy, checks = await health_checks(node.sessions, node.redis)
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
