"""How the partnership uses Redis Streams: one stream per partner, read through consumer groups."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

DATA_FIELD = "__data__"
"""The stream entry field holding the event's JSON (the field FastStream's Redis parser reads)."""

DEAD_LETTER_STREAM = "stream:dead-letter"
"""`DeadLettered` notices (reason, digest, size — never the refused body itself)."""

DEAD_LETTERS_KEPT = 10_000
"""Notices the dead-letter stream keeps (approximately: Redis trims whole nodes)."""

REPLAY_REQUESTS_KEPT = 10_000
"""Replay requests a partner's request stream keeps, answered or not."""


def partner_stream(partner_id: str) -> str:
    """The stream a partner publishes its events on."""
    return f"stream:{partner_id}"


def replay_request_stream(partner_id: str) -> str:
    """The stream on which consumers ask a partner to publish a range of its events again."""
    return f"stream:{partner_id}:replay-requests"


def heartbeat_stream(partner_id: str) -> str:
    """The stream on which a partner's relay says how far it has published."""
    return f"stream:{partner_id}:heartbeats"


async def ensure_group_from_start(redis: Redis, stream: str, group: str) -> bool:
    """Create `group` on `stream` at id 0, so that it sees everything already in the stream.

    (A group created at `$`, FastStream's default, would never see the stream's history.)
    Returns False where the group already existed; its position is then left as it is.
    """
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
        return False
    return True


def _parse_id(entry_id: bytes | str) -> tuple[int, int]:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    milliseconds, _, sequence = text.partition("-")
    return int(milliseconds), int(sequence or 0)


async def trim_acknowledged(redis: Redis, stream: str, *, max_len: int) -> int:
    """Trim `stream` below the oldest entry some consumer group still needs; return how many.

    A group needs every entry after its last delivered one and every entry still pending in it.
    A stream no group reads is left alone. `max_len` bounds the stream whatever the groups do (a
    group abandoned long ago must not keep it growing): entries cut that way are not lost, the
    partner's outbox still holds them and publishes them again when a consumer asks.
    """
    try:
        groups: list[dict[str, Any]] = await redis.xinfo_groups(stream)
    except ResponseError as error:
        if "no such key" in str(error).lower():
            return 0
        raise
    trimmed = 0
    if groups:
        needed: list[tuple[int, int]] = []
        for group in groups:
            if group["pending"]:
                summary = await redis.xpending(stream, group["name"])
                needed.append(_parse_id(summary["min"]))
            else:
                needed.append(_parse_id(group["last-delivered-id"]))
        oldest = min(needed)
        if oldest > (0, 0):
            trimmed += await redis.xtrim(stream, minid=f"{oldest[0]}-{oldest[1]}")
    trimmed += await redis.xtrim(stream, maxlen=max_len, approximate=True)
    return trimmed
