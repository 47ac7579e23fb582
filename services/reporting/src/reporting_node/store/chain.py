"""What the chain verifier remembers between batches, in the reporting node's database.

Events no signed checkpoint vouches for yet wait in `chain_held` (whole, with their stream entry);
hashes the signed chain names for events that have not come wait in `chain_expected`. Both change
in the batch's own transaction, so a crash loses nothing and counts nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_shared.kernel.chain import ChainChanges, Link, body_hash
from reporting_node.store.events import Candidate
from reporting_node.store.schema import chain_expected, chain_held, event
from reporting_node.store.sql import chunks, insert_for

Revive = Callable[[str, str, bytes], Candidate | None]
"""Reads a held event again from its stream, entry id and body."""


class SqlChainStore:
    """`partnership_shared.kernel.chain.ChainStore` over the caller's transaction."""

    def __init__(self, session: AsyncSession, revive: Revive) -> None:
        self._session = session
        self._revive = revive

    async def held(self, source: str, up_to_seq: int) -> list[Link[Candidate]]:
        h = chain_held.c
        rows = await self._session.execute(
            select(h.seq, h.hash, h.prev_hash, h.event_id, h.stream, h.entry_id, h.body).where(
                h.source_id == source, h.seq <= up_to_seq
            )
        )
        links = []
        for row in rows:
            candidate = self._revive(row.stream, row.entry_id, row.body)
            if candidate is not None:
                links.append(Link(row.seq, row.hash, row.prev_hash, row.event_id, candidate))
        return links

    async def expected(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        if not seqs:
            return {}
        x = chain_expected.c
        rows = await self._session.execute(
            select(x.seq, x.hash).where(x.source_id == source, x.seq.between(min(seqs), max(seqs)))
        )
        return {row.seq: row.hash for row in rows if row.seq in seqs}

    async def accepted(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for part in chunks(sorted(seqs)):
            rows = await self._session.execute(
                select(event.c.seq, event.c.body).where(
                    event.c.source_id == source, event.c.seq.in_(part)
                )
            )
            found.update({row.seq: body_hash(row.body) for row in rows})
        return found

    async def record(self, source: str, changes: ChainChanges[Candidate]) -> None:
        session = self._session
        h = chain_held.c
        for hashes in chunks([link.hash for link in changes.release]):
            await session.execute(
                delete(chain_held).where(and_(h.source_id == source, h.hash.in_(hashes)))
            )
        now = datetime.now(UTC)
        if changes.hold:
            await session.execute(
                insert_for(session, chain_held).on_conflict_do_nothing(),
                [
                    {
                        "source_id": source,
                        "hash": link.hash,
                        "seq": link.seq,
                        "prev_hash": link.prev_hash,
                        "event_id": link.event_id,
                        "stream": link.item.stream,
                        "entry_id": link.item.entry_id,
                        "body": link.item.body,
                        "received_at": now,
                    }
                    for link in changes.hold
                ],
            )
        x = chain_expected.c
        if changes.expect:
            statement = insert_for(session, chain_expected)
            statement = statement.on_conflict_do_update(
                index_elements=[x.source_id, x.seq],
                set_={"hash": statement.excluded.hash, "learned_at": statement.excluded.learned_at},
            )
            await session.execute(
                statement,
                [
                    {"source_id": source, "seq": seq, "hash": digest, "learned_at": now}
                    for seq, digest in changes.expect.items()
                ],
            )
        for seqs in chunks(changes.fulfilled):
            await session.execute(
                delete(chain_expected).where(and_(x.source_id == source, x.seq.in_(seqs)))
            )
