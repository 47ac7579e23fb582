"""What `/healthz` asks of a node: does its own database answer, does the broker answer?"""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


async def health_checks(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> tuple[bool, dict[str, str]]:
    """(healthy, {"database": "ok" | "error: …", "broker": …})."""
    checks: dict[str, str] = {}
    try:
        async with sessions() as session:
            await session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # a health check reports every failure, whatever its kind
        checks["database"] = f"error: {type(error).__name__}"
    try:
        await redis.ping()
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"error: {type(error).__name__}"
    return all(value == "ok" for value in checks.values()), checks
