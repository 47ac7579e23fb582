"""Server-sent events telling an open dashboard that new events were ingested.

The reporting node bumps a version after each committed batch and wakes whoever waits on it; each
open page waits here and is told `change` with the new version. A comment line every few seconds
keeps proxies from closing a quiet connection and lets us notice a page that went away.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol, cast

from fastapi import Request

KEEPALIVE_SECONDS = 10.0


class ChangeNotifier(Protocol):
    @property
    def version(self) -> int: ...

    async def wait_for_change(self, after_version: int, timeout: float) -> int: ...  # noqa: ASYNC109


def notifier_of(request: Request) -> ChangeNotifier | None:
    return cast(ChangeNotifier | None, getattr(request.app.state, "notifier", None))


def current_version(request: Request) -> int:
    notifier = notifier_of(request)
    return notifier.version if notifier else 0


async def live_changes(request: Request, after: int) -> AsyncIterator[str]:
    notifier = notifier_of(request)
    yield "retry: 3000\n\n"
    if notifier is None:
        return
    seen = after
    while not await request.is_disconnected():
        version = await notifier.wait_for_change(seen, KEEPALIVE_SECONDS)
        if version != seen:
            seen = version
            yield f"event: change\ndata: {version}\n\n"
        else:
            yield ": still here\n\n"
