"""`partnership verify`: is a partner's stream, or the reporting node's event store, one unbroken
chain the partner signed? Says where it breaks, if it does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy import text

from partnership_shared.events import parse_stream_message
from partnership_shared.events.control import ChainCheckpoint
from partnership_shared.kernel.chain import (
    ChainVerifier,
    Link,
    MemoryChainStore,
    SignedHead,
    body_hash,
)
from partnership_shared.kernel.database import create_engine
from partnership_shared.kernel.keys import KeyRegistry
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream


@dataclass
class Finding:
    """What a check found about one source: how far the chain holds, and what is wrong."""

    source: str
    verified_to: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def whole(self) -> bool:
        return not self.problems


def contiguous(seqs: Iterable[int]) -> int:
    """The highest seq n such that 1..n are all there."""
    have = set(seqs)
    n = 0
    while n + 1 in have:
        n += 1
    return n


async def verify_stream(
    redis: Redis, partner: str, registry: KeyRegistry, partnership_id: str
) -> Finding:
    """Check every entry of a partner's stream against the registry of partner keys."""
    finding = Finding(partner)
    links: list[Link[str]] = []
    heads: list[SignedHead[str]] = []
    entries = cast(
        list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(partner_stream(partner))
    )
    for entry_id, fields in entries:
        entry = entry_id.decode()
        body = fields.get(DATA_FIELD.encode())
        if body is None:
            finding.problems.append(f"entry {entry} holds no {DATA_FIELD}")
            continue
        try:
            message = parse_stream_message(body)
        except ValidationError as error:
            finding.problems.append(f"entry {entry} is neither an event nor a checkpoint: {error}")
            continue
        if isinstance(message, ChainCheckpoint):
            heads.append(SignedHead(message, entry))
        else:
            links.append(
                Link(message.seq, body_hash(body), message.prev_hash, str(message.event_id), entry)
            )
    finding.events = len(links)
    store: MemoryChainStore[str] = MemoryChainStore()
    verdict = await ChainVerifier(registry, partnership_id).verify(store, partner, links, heads)
    accepted = [link.seq for link in verdict.accepted]
    finding.verified_to = contiguous(accepted)
    for link, reason in verdict.rejected:
        finding.problems.append(f"entry {link.item}: {reason}")
    for head, reason in verdict.refused:
        finding.problems.append(f"entry {head.item}: {reason}")
    finding.problems.extend(verdict.breaks)
    for seq in sorted(store.expectations):
        finding.problems.append(f"seq {seq} is missing (the signed chain names it)")
    for link in sorted(store.waiting.values(), key=lambda link: link.seq):
        finding.problems.append(f"entry {link.item}: seq {link.seq} is signed by no checkpoint")
    return finding


async def verify_event_store(database_url: str) -> list[Finding]:
    """Check that every source's events in the reporting event store chain from seq 1."""
    engine = create_engine(database_url)
    findings: dict[str, Finding] = {}
    previous: dict[str, tuple[int, bytes]] = {}
    try:
        async with engine.connect() as connection:
            rows = await connection.stream(
                text("SELECT source_id, seq, body FROM event ORDER BY source_id, seq")
            )
            async for source, seq, body in rows:
                finding = findings.setdefault(source, Finding(source))
                finding.events += 1
                event = parse_stream_message(body)
                prev_hash = getattr(event, "prev_hash", None)
                last_seq, last_body = previous.get(source, (0, b""))
                previous[source] = (seq, body)
                if finding.problems:
                    continue  # the first break is where the chain stops holding
                if seq != last_seq + 1:
                    finding.problems.append(f"seq {last_seq + 1}..{seq - 1} missing")
                elif seq > 1 and prev_hash != body_hash(last_body):
                    finding.problems.append(
                        f"seq {seq} does not chain to seq {last_seq}: it names "
                        f"{(prev_hash or 'nothing')[:12]}…, seq {last_seq} hashes to "
                        f"{body_hash(last_body)[:12]}…"
                    )
                else:
                    finding.verified_to = seq
    finally:
        await engine.dispose()
    return list(findings.values())
