"""Live updates: a version number that grows with every committed batch that changed figures.

The dashboard waits on it (server-sent events) instead of polling the database.

Ingest announces a change without waiting for anyone: it swaps in a fresh `asyncio.Event` and
sets the old one, so no listener can hold it up. (An `asyncio.Condition` used to be shared by
ingest and every open page: when 200 pages were dropped at once, their cancelled waits left its
lock in a state where ingest, announcing the next batch, waited for it forever.)
"""

from __future__ import annotations

import asyncio
import contextlib


class ProjectionChanges:
    """`version` grows by one after each commit that changed the projections."""

    def __init__(self) -> None:
        self.version = 0
        self._next = asyncio.Event()

    async def changed(self) -> int:
        """Announce a committed change; wake every listener. Never waits."""
        self.version += 1
        announced, self._next = self._next, asyncio.Event()
        announced.set()
        return self.version

    async def wait_for_change(self, after_version: int, timeout: float) -> int:  # noqa: ASYNC109
        """Wait until `version > after_version` or `timeout` seconds pass; return `version`.

        (`timeout` is part of the interface the dashboard builds its server-sent events on.)
        """
        if self.version <= after_version:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._next.wait(), timeout)
        return self.version
