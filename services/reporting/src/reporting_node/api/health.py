"""`/healthz`: 200 when the database and the broker answer, 503 saying which does not."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from partnership_shared.kernel.health import health_checks
from reporting_node.api.deps import NodeDep

router = APIRouter(tags=["node"])


@router.get("/healthz")
async def healthz(node: NodeDep) -> JSONResponse:
    """200 when the node's database and the broker answer."""
    healthy, checks = await health_checks(node.sessions, node.redis)
    return JSONResponse(
        {"status": "ok" if healthy else "degraded", "node": "reporting", **checks},
        status_code=200 if healthy else 503,
    )
