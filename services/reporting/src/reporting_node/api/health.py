"""`/healthz`: 200 when the database and the broker answer, 503 saying which does not."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from reporting_node.api.deps import NodeDep

router = APIRouter(tags=["node"])


@router.get("/healthz")
async def healthz(node: NodeDep) -> JSONResponse:
    """200 when the node's database and the broker answer."""
    checks: dict[str, str] = {}
    try:
        async with node.sessions() as session:
            await session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # a health check reports every failure, whatever its kind
        checks["database"] = f"error: {type(error).__name__}"
    try:
        await node.redis.ping()
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "failing", **checks}, 200 if healthy else 503
    )
