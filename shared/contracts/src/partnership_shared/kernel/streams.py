"""How the partnership uses Redis Streams: one stream per partner, read through consumer groups."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.exceptions import ResponseError

DATA_FIELD = "__data__"
"""The stream entry field holding the event's JSON (the field FastStream's Redis parser reads)."""

DEAD_LETTER_STREAM = "stream:dead-letter"


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
