"""What a node says about itself: alive (`/livez`), ready (`/readyz`), and its metrics.

* `/livez` — 200 while the process serves HTTP at all; a supervisor restarts a node that fails it.
* `/readyz` — 200 while the node can do its job (each node says what that takes: a partner node
  while it can accept writes, the reporting node while it keeps up with the streams); 503
  otherwise, with the checks that failed. A load balancer sends requests only to ready nodes.
* `/healthz` — the same answer as `/readyz` (kept for the health checks that already use it).
* `/metrics` — Prometheus' text format.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.kernel.metrics import CONTENT_TYPE, NodeMetrics

OK = "ok"


@dataclass(frozen=True, slots=True)
class Readiness:
    """Whether the node is ready, each check's answer (`ok` or what is wrong), and details."""

    ready: bool
    checks: dict[str, str]
    details: dict[str, Any] = field(default_factory=dict)


Probe = Callable[[Request], Awaitable[Readiness]]


async def database_check(sessions: async_sessionmaker[AsyncSession]) -> str:
    try:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
    except Exception as error:  # a health check reports every failure, whatever its kind
        return f"error: {type(error).__name__}"
    return OK


async def broker_check(redis: Redis) -> str:
    try:
        await redis.ping()
    except Exception as error:
        return f"error: {type(error).__name__}"
    return OK


def operations_router(
    node: str, readiness: Probe, metrics: Callable[[Request], NodeMetrics]
) -> APIRouter:
    """`/livez`, `/readyz`, `/healthz` and `/metrics` for a node named `node`."""
    router = APIRouter(tags=["node"])

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        """200 while the process answers at all."""
        return {"status": "alive", "node": node}

    async def ready(request: Request) -> JSONResponse:
        found = await readiness(request)
        return JSONResponse(
            {
                "status": "ok" if found.ready else "not ready",
                "node": node,
                **found.checks,
                **found.details,
            },
            status_code=200 if found.ready else 503,
        )

    router.add_api_route(
        "/readyz", ready, methods=["GET"], summary="200 while the node can do its job, else 503"
    )
    router.add_api_route("/healthz", ready, methods=["GET"], summary="The same answer as /readyz")

    @router.get("/metrics", response_class=Response)
    async def prometheus(request: Request) -> Response:
        """The node's metrics in Prometheus' text format."""
        return Response(metrics(request).exposition(), media_type=CONTENT_TYPE)

    return router
