"""Live updates: a version number that grows with every committed batch that changed figures.

The dashboard waits on it (server-sent events) instead of polling the database.
"""

from __future__ import annotations

import asyncio
import contextlib


class ProjectionChanges:
    """`version` grows by one after each commit that changed the projections."""

    def __init__(self) -> None:
        self.version = 0
        self._condition = asyncio.Condition()

    async def changed(self) -> int:
        """Announce a committed change; wake every waiter."""
        async with self._condition:
            self.version += 1
            self._condition.notify_all()
            return self.version

    async def wait_for_change(self, after_version: int, timeout: float) -> int:  # noqa: ASYNC109
        """Wait until `version > after_version` or `timeout` seconds pass; return `version`.

        (`timeout` is part of the interface the dashboard builds its server-sent events on.)
        """
        async with self._condition:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._condition.wait_for(lambda: self.version > after_version), timeout
                )
            return self.version
