"""One writer for the database, committing together the batches that wait for their turn.

Each partner stream has its own subscriber; while one batch is being committed the others are
validated and queue up. The next commit then takes all of them in one transaction (group commit):
one commit, one pass over the projections, instead of one per stream. Every subscriber still
acknowledges its own entries, and only after the commit that holds them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting_node.ingest.batch import BatchOutcome, ReadBatch, commit_batch


@dataclass(frozen=True, slots=True)
class Written:
    outcome: BatchOutcome
    """The outcome of the whole commit this batch was part of."""
    first: bool
    """True for one batch of each commit: its subscriber does what follows the commit."""


class BatchWriter:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], most_events: int = 5000) -> None:
        self._sessions = sessions
        self._most_events = most_events
        self._waiting: list[tuple[ReadBatch, asyncio.Future[Written]]] = []
        self.lock = asyncio.Lock()
        """Held while committing; a rebuild holds it to keep batches out."""

    async def write(self, read: ReadBatch) -> Written:
        """Commit `read`, alone or with the batches waiting beside it."""
        future: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
        self._waiting.append((read, future))
        while not future.done():
            async with self.lock:
                if not future.done():
                    await self._commit_waiting()
        return future.result()

    async def _commit_waiting(self) -> None:
        taken: list[tuple[ReadBatch, asyncio.Future[Written]]] = []
        events = 0
        while self._waiting and (
            not taken or events + _size(self._waiting[0][0]) <= self._most_events
        ):
            item = self._waiting.pop(0)
            taken.append(item)
            events += _size(item[0])
        merged = ReadBatch(
            [c for read, _ in taken for c in read.candidates],
            [letter for read, _ in taken for letter in read.letters],
        )
        try:
            outcome = await commit_batch(self._sessions, merged)
        except Exception as error:
            for _, future in taken:
                future.set_exception(error)
            return
        for number, (_, future) in enumerate(taken):
            future.set_result(Written(outcome, first=number == 0))


def _size(read: ReadBatch) -> int:
    return len(read.candidates) + len(read.letters)
