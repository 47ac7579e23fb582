"""Server-sent events telling an open dashboard that new events were ingested.

The reporting node bumps a version after each committed batch and wakes whoever waits on it; each
open page waits here and is told `change` with the new version as the event id. A comment line
every few seconds keeps proxies from closing a quiet connection. A connection ends after a while
on purpose: the browser reconnects by itself, naming the last version it saw (`Last-Event-ID`),
and a server that is stopping never waits long for an open page.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Protocol, cast

from fastapi import Request

KEEPALIVE_SECONDS = 10.0
CONNECTION_SECONDS = 30.0
RECONNECT_MS = 1000


class ChangeNotifier(Protocol):
    @property
    def version(self) -> int: ...

    async def wait_for_change(self, after_version: int, timeout: float) -> int: ...  # noqa: ASYNC109


def notifier_of(request: Request) -> ChangeNotifier | None:
    return cast(ChangeNotifier | None, getattr(request.app.state, "changes", None))


def current_version(request: Request) -> int:
    notifier = notifier_of(request)
    return notifier.version if notifier else 0


def last_seen(request: Request, after: int) -> int:
    header = request.headers.get("last-event-id", "")
    return int(header) if header.isdigit() else after


async def live_changes(request: Request, after: int) -> AsyncIterator[str]:
    notifier = notifier_of(request)
    yield f"retry: {RECONNECT_MS}\n\n"
    if notifier is None:
        return
    seen = last_seen(request, after)
    if seen > notifier.version:  # the node restarted and counts from zero again: redraw
        seen = notifier.version
        yield f"id: {seen}\nevent: change\ndata: {seen}\n\n"
    ends = time.monotonic() + CONNECTION_SECONDS
    while time.monotonic() < ends and not await request.is_disconnected():
        wait = min(KEEPALIVE_SECONDS, max(ends - time.monotonic(), 0.1))
        version = await notifier.wait_for_change(seen, wait)
        if version != seen:
            seen = version
            yield f"id: {version}\nevent: change\ndata: {version}\n\n"
        else:
            yield ": still here\n\n"
