"""Only what a partner vouches for is stored: each batch's events go through its chain first.

Per source, the batch's events and checkpoints go to the kernel's `ChainVerifier`; the events it
accepts go on to the event store, the ones it rejects and the checkpoints it refuses become dead
letters with the reason, and the rest wait in the database for a checkpoint.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.kernel.chain import ChainVerifier, Link, SignedHead, body_hash
from partnership_shared.kernel.keys import KeyRegistry
from reporting_node.ingest.batch import STREAM_PREFIX, Entry, ReadBatch, Signed, read_entry
from reporting_node.store.chain import SqlChainStore
from reporting_node.store.events import Candidate, DeadLetter

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Checked:
    accepted: list[Candidate] = field(default_factory=list)
    letters: list[DeadLetter] = field(default_factory=list)
    copies: int = 0
    waiting: int = 0


class ChainCheck:
    """The chain check of the reporting node: the partnership's keys and its partnership id."""

    def __init__(self, registry: KeyRegistry, partnership_id: str) -> None:
        self.verifier = ChainVerifier(registry, partnership_id)
        self.partnership_id = partnership_id

    def _revive(self, stream: str, entry_id: str, body: bytes) -> Candidate | None:
        found = read_entry(Entry(stream, entry_id, body), self.partnership_id)
        return found if isinstance(found, Candidate) else None

    async def check(self, session: AsyncSession, read: ReadBatch) -> Checked:
        """Verify one batch inside the caller's transaction."""
        links: dict[str, list[Link[Candidate]]] = defaultdict(list)
        for candidate in read.candidates:
            links[candidate.envelope.source_id].append(
                Link(
                    candidate.envelope.seq,
                    body_hash(candidate.body),
                    candidate.prev_hash,
                    candidate.event_id,
                    candidate,
                )
            )
        heads: dict[str, list[SignedHead[Signed]]] = defaultdict(list)
        for signed in read.checkpoints:
            heads[signed.stream.removeprefix(STREAM_PREFIX)].append(
                SignedHead(signed.checkpoint, signed)
            )
        store = SqlChainStore(session, self._revive)
        checked = Checked()
        for source in dict.fromkeys([*links, *heads]):
            verdict = await self.verifier.verify(store, source, links[source], heads[source])
            checked.accepted.extend(link.item for link in verdict.accepted)
            checked.letters.extend(
                DeadLetter(c.stream, c.entry_id, reason, c.body, c.event_id)
                for c, reason in ((link.item, reason) for link, reason in verdict.rejected)
            )
            checked.letters.extend(
                DeadLetter(s.stream, s.entry_id, reason, s.body)
                for s, reason in ((head.item, reason) for head, reason in verdict.refused)
            )
            checked.copies += len(verdict.copies)
            checked.waiting += verdict.waiting
            for problem in verdict.breaks:
                log.error("the chain of %r is broken: %s", source, problem)
        return checked
