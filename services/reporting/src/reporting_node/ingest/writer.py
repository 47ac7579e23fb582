"""One writer for the database, committing together the batches that wait for their turn.

Each partner stream has its own subscriber; while one batch is being committed the others queue
up. The next commit then validates and takes all of them in one transaction (group commit): one
commit, one pass over the projections, instead of one per stream. Every subscriber still
acknowledges its own entries, and only after the commit that holds them.

Batches come as raw entries that the writer validates in its own turn: validating beside a
write made both slower (pydantic holds Python's GIL, and the database driver's thread needs it
after every statement). A batch may also come validated already (`ReadBatch`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting_node.ingest.batch import BatchOutcome, Entry, ReadBatch, commit_batch, read_batch
from reporting_node.ingest.chain import ChainCheck

Batch = ReadBatch | Sequence[Entry]
Waiting = tuple[Batch, "asyncio.Future[Written]"]


@dataclass(frozen=True, slots=True)
class Written:
    outcome: BatchOutcome
    """The outcome of the whole commit this batch was part of."""
    first: bool
    """True for one batch of each commit: its subscriber does what follows the commit."""


class BatchWriter:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        partnership_id: str,
        most_events: int = 5000,
        chains: ChainCheck | None = None,
        timed: Callable[[float], None] = lambda _seconds: None,
    ) -> None:
        self._timed = timed
        self._sessions = sessions
        self.chains = chains
        """The chain check every batch goes through (None: events are taken as they come)."""
        self._partnership_id = partnership_id
        self._most_events = most_events
        self._waiting: list[Waiting] = []
        self.lock = asyncio.Lock()
        """Held while committing; a rebuild holds it to keep batches out."""

    async def write(self, batch: Batch) -> Written:
        """Commit a batch (validating it first if it comes raw), alone or with those waiting."""
        future: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
        self._waiting.append((batch, future))
        while not future.done():
            async with self.lock:
                if not future.done():
                    await self._commit_waiting()
        return future.result()

    async def _commit_waiting(self) -> None:
        taken: list[Waiting] = []
        events = 0
        while self._waiting:
            if taken and events + _size(self._waiting[0][0]) > self._most_events:
                break
            item = self._waiting.pop(0)
            taken.append(item)
            events += _size(item[0])
        started = time.perf_counter()
        try:
            merged = ReadBatch()
            for batch, _ in taken:
                if isinstance(batch, ReadBatch):
                    read = batch
                else:
                    read = read_batch(batch, self._partnership_id)
                merged.extend(read)
            outcome = await commit_batch(self._sessions, merged, self.chains)
            self._timed(time.perf_counter() - started)
        except Exception as error:
            for _, future in taken:
                future.set_exception(error)
            return
        for number, (_, future) in enumerate(taken):
            future.set_result(Written(outcome, first=number == 0))


def _size(batch: Batch) -> int:
    if isinstance(batch, ReadBatch):
        return len(batch.candidates) + len(batch.letters) + len(batch.checkpoints)
    return len(batch)
