"""Verifying a partner's event chain: which events the partner itself vouches for.

Every event names the SHA-256 of its source's previous event (`prev_hash`), and the partner signs
the hash of its newest event now and then (`ChainCheckpoint`). A signed hash vouches for the event
with that body; that event's `prev_hash` vouches for the one before it, and so on down the chain.
So the verifier walks *backwards* from each checkpoint, through the events it has, and accepts
exactly the events on that walk. Walking backwards needs no choice between two events claiming
the same `seq`: a forged one, however well formed and however correct its `prev_hash`, is simply
not on the walk, and is rejected once the genuine hash of its `seq` is known.

Events no checkpoint reaches yet wait (the consumer keeps them, crash-safe). A walk that meets a
missing event stops there and remembers the hash that event must have: it is then accepted when
it arrives (a replay), and anything else under that `seq` is rejected at once. The order of
entries on the stream does not matter; the chain is the order.

Only the newest checkpoint of a batch has its signature checked: an older one that lies on the
walk already taken says nothing new. The verifier is pure Python over a small storage interface
(`ChainStore`), so any consumer of partner streams can keep its state in its own database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from partnership_shared.events.control import ChainCheckpoint
from partnership_shared.kernel.keys import KeyRegistry

T = TypeVar("T")
C = TypeVar("C")


def body_hash(body: bytes) -> str:
    """The hash that chains events: SHA-256 of the body exactly as published, 64 hex digits."""
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True, slots=True)
class Link(Generic[T]):
    """An event as the chain sees it; `item` is whatever the consumer keeps with it."""

    seq: int
    hash: str
    prev_hash: str | None
    event_id: str
    item: T


@dataclass(frozen=True, slots=True)
class SignedHead(Generic[C]):
    """A checkpoint as received; `item` is the consumer's (the stream entry, say)."""

    checkpoint: ChainCheckpoint
    item: C


class ChainStore(Protocol[T]):
    """What the verifier needs to remember between batches, per source."""

    async def held(self, source: str, up_to_seq: int) -> list[Link[T]]:
        """Events received and not yet vouched for, with `seq` up to `up_to_seq`."""
        ...

    async def expected(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        """The hashes known to be genuine for these seqs, whose events have not come yet."""
        ...

    async def accepted(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        """The hashes of the events already accepted under these seqs."""
        ...

    async def record(self, source: str, changes: ChainChanges[T]) -> None:
        """Keep what this batch changed."""
        ...


@dataclass(slots=True)
class ChainChanges(Generic[T]):
    hold: list[Link[T]] = field(default_factory=list)
    """New events to keep waiting for a checkpoint."""
    release: list[Link[T]] = field(default_factory=list)
    """Waiting events now accepted, rejected or found to be copies: forget them."""
    expect: dict[int, str] = field(default_factory=dict)
    """Missing events: the hash each must have."""
    fulfilled: list[int] = field(default_factory=list)
    """Seqs whose expected event has now come."""


@dataclass(slots=True)
class Verdict(Generic[T, C]):
    accepted: list[Link[T]] = field(default_factory=list)
    """Events the partner vouches for, in no particular order."""
    rejected: list[tuple[Link[T], str]] = field(default_factory=list)
    """Events that are not the partner's, with the reason."""
    copies: list[Link[T]] = field(default_factory=list)
    """Events received again with the same body (dropped: delivery is at least once)."""
    refused: list[tuple[SignedHead[C], str]] = field(default_factory=list)
    """Checkpoints that cannot be trusted, with the reason."""
    breaks: list[str] = field(default_factory=list)
    """Where the partner's signed chain disagrees with what was accepted before."""
    waiting: int = 0
    """Events of this batch left waiting for a checkpoint."""


class ChainVerifier:
    """Checks one partner's chain batch by batch against the registry of partner keys."""

    def __init__(self, registry: KeyRegistry, partnership_id: str) -> None:
        self.registry = registry
        self.partnership_id = partnership_id

    async def verify(
        self,
        store: ChainStore[T],
        source: str,
        links: Sequence[Link[T]],
        heads: Sequence[SignedHead[C]],
    ) -> Verdict[T, C]:
        verdict: Verdict[T, C] = Verdict()
        anchors = self._addressed_here(source, heads, verdict)
        top = max([h.checkpoint.seq for h in anchors] + [link.seq for link in links], default=0)
        waiting = await store.held(source, top) if top else []
        held = {link.hash for link in waiting}
        pool: dict[str, Link[T]] = {}
        for link in (*waiting, *links):
            if link.hash in pool:
                if link.hash not in held:
                    verdict.copies.append(link)
                continue
            pool[link.hash] = link
        expected = await store.expected(source, {link.seq for link in pool.values()})

        walk = _Walk(pool)
        for head in sorted(anchors, key=lambda h: h.checkpoint.seq, reverse=True):
            checkpoint = head.checkpoint
            if walk.path.get(checkpoint.seq) == checkpoint.head:
                continue  # a later checkpoint's walk vouched for this one's event already
            reason = self.registry.refusal(checkpoint)
            if reason is None and checkpoint.seq in walk.path:
                reason = (
                    f"checkpoint of {source!r} at seq {checkpoint.seq} signs another event "
                    "than the partner's later checkpoint"
                )
            if reason is not None:
                verdict.refused.append((head, reason))
                continue
            walk.down_from(checkpoint.seq, checkpoint.head)
        for seq, digest in expected.items():
            awaited = pool.get(digest)
            if awaited is not None and awaited.seq == seq:
                walk.down_from(seq, digest)

        changes: ChainChanges[T] = ChainChanges()
        verdict.accepted = walk.accepted
        verdict.breaks = walk.breaks
        taken = {link.hash for link in walk.accepted}
        rest = [link for link in pool.values() if link.hash not in taken]
        asked = set(walk.holes) | {
            link.seq for link in rest if link.seq not in walk.path and link.seq not in expected
        }
        known = await store.accepted(source, asked) if asked else {}
        for seq, digest in walk.holes.items():
            if seq in known:
                if known[seq] != digest:
                    verdict.breaks.append(
                        f"the event accepted under seq {seq} of {source!r} hashes to "
                        f"{known[seq][:12]}…, the partner's signed chain has {digest[:12]}…"
                    )
            elif expected.get(seq) != digest:
                changes.expect[seq] = digest
        changes.fulfilled = [seq for seq in expected if seq in walk.path and seq not in walk.holes]
        for link in rest:
            genuine = walk.path.get(link.seq) or expected.get(link.seq) or known.get(link.seq)
            if genuine is None:
                if link.hash not in held:
                    changes.hold.append(link)
                    verdict.waiting += 1
                continue
            if link.hash in held:
                changes.release.append(link)
            if genuine == link.hash:
                verdict.copies.append(link)
            else:
                verdict.rejected.append((link, _not_signed(source, link, genuine)))
        changes.release.extend(link for link in walk.accepted if link.hash in held)
        await store.record(source, changes)
        return verdict

    def _addressed_here(
        self, source: str, heads: Sequence[SignedHead[C]], verdict: Verdict[T, C]
    ) -> list[SignedHead[C]]:
        anchors = []
        for head in heads:
            checkpoint = head.checkpoint
            if checkpoint.partnership_id != self.partnership_id:
                verdict.refused.append(
                    (
                        head,
                        f"checkpoint of partnership {checkpoint.partnership_id!r}, this node "
                        f"serves {self.partnership_id!r}",
                    )
                )
            elif checkpoint.source != source:
                verdict.refused.append(
                    (head, f"checkpoint of {checkpoint.source!r} on the stream of {source!r}")
                )
            else:
                anchors.append(head)
        return anchors


def _not_signed(source: str, link: Link[T], genuine: str) -> str:
    return (
        f"not the event the partner signed: seq {link.seq} of {source!r} hashes to "
        f"{link.hash[:12]}…, the partner's chain has {genuine[:12]}… there "
        "(a forged, modified or reordered event)"
    )


class _Walk(Generic[T]):
    """Walks down the chain from signed hashes, through the events in the pool."""

    def __init__(self, pool: dict[str, Link[T]]) -> None:
        self.pool = pool
        self.path: dict[int, str] = {}
        """The genuine hash of every seq a walk passed."""
        self.holes: dict[int, str] = {}
        """Seqs a walk reached whose event is not in the pool."""
        self.accepted: list[Link[T]] = []
        self.breaks: list[str] = []

    def down_from(self, seq: int, digest: str) -> None:
        while True:
            known = self.path.get(seq)
            if known is not None:
                if known != digest:
                    self.breaks.append(
                        f"two signed chains disagree at seq {seq}: {known[:12]}… and {digest[:12]}…"
                    )
                return
            self.path[seq] = digest
            link = self.pool.get(digest)
            if link is None or link.seq != seq:
                self.holes[seq] = digest
                return
            self.accepted.append(link)
            if seq == 1 or link.prev_hash is None:
                return
            seq, digest = seq - 1, link.prev_hash


class MemoryChainStore(Generic[T]):
    """A `ChainStore` in memory: for checking a whole stream at once (`partnership verify`)."""

    def __init__(self) -> None:
        self.waiting: dict[str, Link[T]] = {}
        self.expectations: dict[int, str] = {}
        self.taken: dict[int, str] = {}

    async def held(self, source: str, up_to_seq: int) -> list[Link[T]]:
        return [link for link in self.waiting.values() if link.seq <= up_to_seq]

    async def expected(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        return {seq: self.expectations[seq] for seq in seqs if seq in self.expectations}

    async def accepted(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        return {seq: self.taken[seq] for seq in seqs if seq in self.taken}

    async def record(self, source: str, changes: ChainChanges[T]) -> None:
        for link in changes.release:
            self.waiting.pop(link.hash, None)
        for link in changes.hold:
            self.waiting[link.hash] = link
        self.expectations.update(changes.expect)
        for seq in changes.fulfilled:
            self.expectations.pop(seq, None)
