"""The FastAPI application of a partner node (PUP, OPS or NGO), built from its profile."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError

from partnership_partner.api import rejected_handler, router, validation_handler
from partnership_partner.errors import RequestRejected
from partnership_partner.node import PartnerNode, PartnerSettings
from partnership_partner.profile import PartnerProfile
from partnership_shared.kernel.health import Readiness, operations_router
from partnership_shared.kernel.logs import configure_logging
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.requests import RequestLog


def create_partner_app(profile: PartnerProfile, settings: Callable[[], PartnerSettings]) -> FastAPI:
    """The node's app; settings are read when it starts, not when it is built."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        node = await PartnerNode.start(profile, settings(), metrics=app.state.metrics)
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

    # Operations (issue 11): /livez, /readyz, /healthz, /metrics; a log line per request.
    metrics = NodeMetrics()
    app.state.metrics = metrics

    async def readiness(request: Request) -> Readiness:
        node: PartnerNode = request.app.state.node
        return await node.readiness()

    app.include_router(operations_router(profile.kind.value, readiness, lambda request: metrics))
    app.add_middleware(RequestLog, metrics=metrics)
    return app


def serve(app_path: str, settings: PartnerSettings) -> None:
    """Run a node's app with uvicorn on its configured host and port."""
    configure_logging(settings.partner_id, settings.log_level)
    uvicorn.run(
        app_path,
        factory=True,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,  # configure_logging's format, timestamps included
        access_log=False,  # RequestLog writes one line per request, with its duration
    )
