"""The chain verifier on its own: which events a partner vouches for, and why the rest are refused.

The store is a hand-written in-memory one (what a consumer keeps in its database between batches).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from event_factories import service

from partnership_shared.events import encode_event, parse_event
from partnership_shared.kernel.chain import (
    ChainChanges,
    ChainVerifier,
    Link,
    SignedHead,
    body_hash,
)
from partnership_shared.kernel.keys import KeyRegistry, PartnerKey, SigningKey

PARTNERSHIP = "bartoszyce"


@dataclass
class MemoryStore:
    """What a consumer remembers between batches, in memory."""

    waiting: dict[str, Link[bytes]] = field(default_factory=dict)
    expectations: dict[int, str] = field(default_factory=dict)
    taken: dict[int, str] = field(default_factory=dict)

    async def held(self, source: str, up_to_seq: int) -> list[Link[bytes]]:
        return [link for link in self.waiting.values() if link.seq <= up_to_seq]

    async def expected(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        return {seq: self.expectations[seq] for seq in seqs if seq in self.expectations}

    async def accepted(self, source: str, seqs: Collection[int]) -> dict[int, str]:
        return {seq: self.taken[seq] for seq in seqs if seq in self.taken}

    async def record(self, source: str, changes: ChainChanges[bytes]) -> None:
        for link in changes.release:
            self.waiting.pop(link.hash, None)
        for link in changes.hold:
            self.waiting[link.hash] = link
        self.expectations.update(changes.expect)
        for seq in changes.fulfilled:
            self.expectations.pop(seq, None)


class Partner:
    """A partner writing a chain: events linked by hash, checkpoints signed with its key."""

    def __init__(self, key: SigningKey) -> None:
        self.key = key
        self.head: str | None = None
        self.bodies: list[bytes] = []

    def record(self, count: int = 1) -> list[bytes]:
        made = []
        for _ in range(count):
            event = service(seq=len(self.bodies) + 1, prev_hash=self.head)
            body = encode_event(event)
            self.head = body_hash(body)
            self.bodies.append(body)
            made.append(body)
        return made

    def checkpoint(self, seq: int | None = None, key: SigningKey | None = None) -> SignedHead[str]:
        seq = seq or len(self.bodies)
        signer = key or self.key
        return SignedHead(signer.sign(PARTNERSHIP, seq, body_hash(self.bodies[seq - 1])), "cp")


def link(body: bytes) -> Link[bytes]:
    event = parse_event(body)
    return Link(event.seq, body_hash(body), event.prev_hash, str(event.event_id), body)


def forged(seq: int, prev_hash: str | None, hours: str = "99") -> bytes:
    return encode_event(service(hours, seq=seq, prev_hash=prev_hash))


class Consumer:
    def __init__(self, registry: KeyRegistry) -> None:
        self.verifier = ChainVerifier(registry, PARTNERSHIP)
        self.store = MemoryStore()
        self.counted: list[int] = []

    async def take(self, bodies: list[bytes], *heads: SignedHead[str]) -> object:
        verdict = await self.verifier.verify(self.store, "pup", [link(b) for b in bodies], heads)
        for accepted in verdict.accepted:
            self.store.taken[accepted.seq] = accepted.hash
            self.counted.append(accepted.seq)
        return verdict


@pytest.fixture
def pup_key() -> SigningKey:
    return SigningKey.generate("pup")


@pytest.fixture
def registry(pup_key: SigningKey) -> KeyRegistry:
    return KeyRegistry([PartnerKey(pup_key.key_id, "pup", pup_key.public_key)])


async def test_events_wait_for_a_checkpoint_and_are_accepted_by_it(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    first = pup.record(3)
    verdict = await reporting.take(first)
    assert verdict.waiting == 3
    assert reporting.counted == []
    await reporting.take([], pup.checkpoint())
    assert sorted(reporting.counted) == [1, 2, 3]
    assert reporting.store.waiting == {}


async def test_a_forged_next_event_with_a_correct_prev_hash_is_rejected_and_the_genuine_accepted(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    await reporting.take(pup.record(2), pup.checkpoint())
    impostor = forged(3, pup.head)
    verdict = await reporting.take([impostor])
    assert verdict.waiting == 1
    assert reporting.counted == [2, 1]
    genuine = pup.record()
    verdict = await reporting.take(genuine, pup.checkpoint())
    assert reporting.counted[-1] == 3
    [(refused, reason)] = verdict.rejected  # type: ignore[attr-defined]
    assert refused.item == impostor
    assert reason.startswith("not the event the partner signed: seq 3 of 'pup'")
    assert reporting.store.waiting == {}


async def test_a_modified_event_is_rejected_and_the_chain_goes_on(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    one, two, three = pup.record(3)
    modified = two.replace(b'"1.5"', b'"15.5"')
    verdict = await reporting.take([one, modified, three], pup.checkpoint())
    assert sorted(reporting.counted) == [3]
    [(refused, reason)] = verdict.rejected  # type: ignore[attr-defined]
    assert refused.item == modified
    assert "seq 2 of 'pup'" in reason
    # The genuine 2 is missing: its hash is expected, and 1 waits behind it.
    assert reporting.store.expectations == {2: body_hash(two)}
    await reporting.take([two])
    assert sorted(reporting.counted) == [1, 2, 3]
    assert reporting.store.expectations == {}


async def test_a_removed_event_leaves_a_hole_that_only_the_genuine_event_fills(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    one, two, three, four = pup.record(4)
    await reporting.take([one, three, four], pup.checkpoint())
    assert sorted(reporting.counted) == [3, 4]  # 1 waits: nothing signed reaches it yet
    assert reporting.store.expectations == {2: body_hash(two)}
    verdict = await reporting.take([forged(2, body_hash(one))])
    assert len(verdict.rejected) == 1  # type: ignore[attr-defined]
    await reporting.take([two])
    assert sorted(reporting.counted) == [1, 2, 3, 4]


async def test_reordered_events_are_rejected(pup_key: SigningKey, registry: KeyRegistry) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    one, two, three = pup.record(3)
    # The second and third swap places: each says the other's seq.
    swapped = [
        encode_event(parse_event(body).model_copy(update={"seq": seq}))
        for body, seq in ((two, 3), (three, 2))
    ]
    verdict = await reporting.take([one, *swapped], pup.checkpoint())
    assert reporting.counted == []
    assert [link.seq for link, _ in verdict.rejected] == [3]  # type: ignore[attr-defined]
    # The genuine events, sent again on request, put everything in its place.
    verdict = await reporting.take([two, three], pup.checkpoint())
    assert sorted(reporting.counted) == [1, 2, 3]
    assert [link.seq for link, _ in verdict.rejected] == [2]  # type: ignore[attr-defined]
    assert reporting.store.waiting == {}


async def test_a_checkpoint_under_an_unknown_key_is_refused_and_vouches_for_nothing(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    pup.record(1)
    attacker = SigningKey.generate("pup")
    verdict = await reporting.take(pup.bodies, pup.checkpoint(key=attacker))
    [(_, reason)] = verdict.refused  # type: ignore[attr-defined]
    assert reason == f"checkpoint of 'pup' under unknown key {attacker.key_id!r}"
    assert reporting.counted == []
    await reporting.take([], pup.checkpoint())
    assert reporting.counted == [1]


async def test_a_partner_cannot_sign_for_another(pup_key: SigningKey) -> None:
    ops_key = SigningKey.generate("ops")
    registry = KeyRegistry(
        [
            PartnerKey(pup_key.key_id, "pup", pup_key.public_key),
            PartnerKey(ops_key.key_id, "ops", ops_key.public_key),
        ]
    )
    pup, reporting = Partner(pup_key), Consumer(registry)
    pup.record(1)
    ops_signed = SignedHead(
        ops_key.sign(PARTNERSHIP, 1, body_hash(pup.bodies[0])).model_copy(update={"source": "pup"}),
        "cp",
    )
    verdict = await reporting.take(pup.bodies, ops_signed)
    [(_, reason)] = verdict.refused  # type: ignore[attr-defined]
    assert reason == f"checkpoint of 'pup' under key {ops_key.key_id!r}, which belongs to 'ops'"
    assert reporting.counted == []


async def test_a_tampered_signature_is_refused(pup_key: SigningKey, registry: KeyRegistry) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    pup.record(2)
    genuine = pup.checkpoint(1)
    tampered = SignedHead(genuine.checkpoint.model_copy(update={"seq": 2}), "cp")
    verdict = await reporting.take(pup.bodies, tampered)
    [(_, reason)] = verdict.refused  # type: ignore[attr-defined]
    assert "the signature does not match key" in reason
    assert reporting.counted == []


async def test_after_a_rotation_events_signed_under_the_old_key_stay_verifiable(
    pup_key: SigningKey,
) -> None:
    new_key = SigningKey.generate("pup")
    pup = Partner(pup_key)
    pup.record(2)
    old_checkpoint = pup.checkpoint()
    pup.record(2)
    new_checkpoint = pup.checkpoint(key=new_key)
    # The old key is retired after seq 2: it vouches for what it signed, and nothing later.
    registry = KeyRegistry(
        [
            PartnerKey(pup_key.key_id, "pup", pup_key.public_key, until_seq=2),
            PartnerKey(new_key.key_id, "pup", new_key.public_key),
        ]
    )
    reporting = Consumer(registry)
    await reporting.take(pup.bodies[:2], old_checkpoint)
    await reporting.take(pup.bodies[2:], new_checkpoint)
    assert sorted(reporting.counted) == [1, 2, 3, 4]
    leaked = Consumer(registry)
    verdict = await leaked.take(pup.bodies, pup.checkpoint(key=pup_key))
    [(_, reason)] = verdict.refused  # type: ignore[attr-defined]
    assert reason.endswith(f"under key {pup_key.key_id!r}, retired after seq 2")


async def test_the_same_event_again_is_a_copy_not_a_rejection(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    pup, reporting = Partner(pup_key), Consumer(registry)
    await reporting.take(pup.record(2), pup.checkpoint())
    verdict = await reporting.take(pup.bodies, pup.checkpoint())  # a replay of the range
    assert verdict.rejected == []
    assert verdict.refused == []
    verdict = await reporting.take([pup.bodies[0]])  # a stray copy without a checkpoint
    assert [copy.seq for copy in verdict.copies] == [1]  # type: ignore[attr-defined]
    assert reporting.store.waiting == {}


async def test_only_the_newest_checkpoint_of_a_batch_has_its_signature_checked(
    pup_key: SigningKey, registry: KeyRegistry
) -> None:
    checked: list[int] = []

    class Counting(KeyRegistry):
        def refusal(self, checkpoint: object) -> str | None:
            checked.append(checkpoint.seq)  # type: ignore[attr-defined]
            return super().refusal(checkpoint)  # type: ignore[arg-type]

    counting = Counting(registry.keys)
    pup, reporting = Partner(pup_key), Consumer(counting)
    pup.record(300)
    heads = [pup.checkpoint(seq) for seq in (100, 200, 300)]
    await reporting.take(pup.bodies, *heads)
    assert len(reporting.counted) == 300
    assert checked == [300]


def test_a_checkpoint_says_when_it_was_signed(pup_key: SigningKey) -> None:
    moment = datetime(2013, 3, 1, 12, tzinfo=UTC)
    checkpoint = pup_key.sign(PARTNERSHIP, 1, "a" * 64, moment)
    registry = KeyRegistry([PartnerKey(pup_key.key_id, "pup", pup_key.public_key)])
    assert registry.refusal(checkpoint) is None
    later = checkpoint.model_copy(update={"signed_at": datetime(2014, 1, 1, tzinfo=UTC)})
    assert registry.refusal(later) is not None
