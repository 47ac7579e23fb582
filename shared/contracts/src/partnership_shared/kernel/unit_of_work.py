"""The unit of work: the one place that commits, and it commits state and events together."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.events.models import EventBase
from partnership_shared.kernel.database import WriteGate
from partnership_shared.kernel.outbox import EventDraft, Outbox


class UnitOfWork:
    """`async with uow:` opens a transaction; `announce` queues events; `commit` writes both.

    Leaving the block without `commit` rolls everything back: no state, no event.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Outbox,
        on_commit: Callable[[], None] = lambda: None,
        gate: WriteGate | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._on_commit = on_commit
        self._gate = gate
        self._drafts: list[EventDraft] = []
        self._session: AsyncSession | None = None
        self.published: list[EventBase] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        if self._gate is not None:
            await self._gate.__aenter__()
        self._session = self._sessions()
        self._drafts = []
        self.published = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None
            if self._gate is not None:
                await self._gate.__aexit__()

    def announce(
        self,
        event_class: type[EventBase],
        payload: BaseModel,
        *,
        client: str | None,
        occurred_at: datetime | None = None,
    ) -> str:
        """Queue an event that will be written to the outbox with this transaction; its id.

        The id is given now, so that a record can remember the event that announced it.
        """
        event_id = uuid.uuid4()
        self._drafts.append(
            EventDraft(event_class, payload, client, occurred_at or datetime.now(UTC), event_id)
        )
        return str(event_id)

    async def commit(self) -> None:
        events = await self._outbox.write(self.session, self._drafts)
        await self.session.commit()
        self._drafts = []
        self.published.extend(events)
        if events:
            self._on_commit()
