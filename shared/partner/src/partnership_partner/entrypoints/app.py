"""The FastAPI application of a partner node, built from its service's extension."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError

from partnership_partner.bootstrap import PartnerExtension, PartnerNode, PartnerSettings
from partnership_partner.domain.errors import Rejected
from partnership_partner.domain.messages import MESSAGES
from partnership_partner.entrypoints.errors import rejected_handler, validation_handler
from partnership_partner.entrypoints.routes import (
    clients,
    node,
    plans,
    programmes,
    records,
    referrals,
    timeline,
)
from partnership_partner.entrypoints.web.app import install_workspace
from partnership_shared.access import routes as access
from partnership_shared.access.roles import PARTNER_ROLES, Role
from partnership_shared.http.docs import install_offline_docs
from partnership_shared.http.errors import install_error_answers
from partnership_shared.i18n import Catalogue
from partnership_shared.kernel.guard import install_guard, memo
from partnership_shared.kernel.health import Readiness, operations_router
from partnership_shared.kernel.logs import configure_logging
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.requests import RequestLog

RECORDS = Depends(
    access.read_or_write(frozenset({Role.CASEWORKER, Role.AUDITOR}), frozenset({Role.CASEWORKER}))
)
"""Clients and their records: caseworkers read and write them, auditors only read."""
STAFF = Depends(access.require(*PARTNER_ROLES))
"""What the node is and what its relay owes: any of its staff."""


def create_partner_app(
    extension: PartnerExtension, settings: Callable[[], PartnerSettings]
) -> FastAPI:
    """The node's app; settings are read when it starts, not when it is built."""
    profile = extension.profile
    settings = memo(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        running = await PartnerNode.start(extension, settings(), metrics=app.state.metrics)
        app.state.node = running
        app.state.access = running.access
        app.state.audit = running.audit
        try:
            yield
        finally:
            await running.stop()

    app = FastAPI(
        title=f"{profile.name} node — {profile.title}",
        description=(
            f"The {profile.name} partner node: the clients it serves, their enrolment in the "
            "partnership's programmes, services, activities, employment, payments and contracts, "
            "with corrections and their history; every partner's work on a client's timeline, "
            "joint support plans, referrals between partners and warnings of duplicated "
            "support. Personal data stays here; the partnership "
            "learns of each change through events. Answers are in Polish unless `?lang=en` or "
            "`Accept-Language: en` asks for English.\n\n"
            "Every route but `/healthz` needs credentials: a bearer token "
            "(`POST /api/v1/auth/tokens`) or a signed-in browser (`/login`). Caseworkers read "
            "and write clients and records, auditors read them and the audit log, admins manage "
            "accounts. Every answer naming a client is entered in the audit log."
        ),
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    install_offline_docs(app)
    for router in (
        clients.router,
        programmes.router,
        records.router,
        timeline.router,
        plans.router,
        referrals.router,
        *extension.routers,
    ):
        app.include_router(router, dependencies=[RECORDS])
    app.include_router(node.router, dependencies=[STAFF])
    install_workspace(app, extension.workspace, RECORDS)
    access.install(app, home="/", audit_reads=True)
    app.state.messages = Catalogue({**MESSAGES, **extension.messages})
    install_error_answers(app)
    app.add_exception_handler(Rejected, rejected_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)  # the PESEL's words too
    install_guard(app, lambda: settings().allowed_hosts, lambda: settings().max_body_bytes)

    # Operations: /livez, /readyz, /healthz (= ready), /metrics; requests counted and timed
    # (the access gate logs each with its user).
    metrics = NodeMetrics()
    app.state.metrics = metrics

    async def readiness(request: Request) -> Readiness:
        running: PartnerNode = request.app.state.node
        return await running.readiness()

    app.include_router(operations_router(profile.kind.value, readiness, lambda _request: metrics))
    app.add_middleware(RequestLog, metrics=metrics, lines=False)
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
        access_log=False,  # the access gate logs every request, with its user
    )
