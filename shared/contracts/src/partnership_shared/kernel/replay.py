"""Gap healing on the publishing side: a consumer asks for a range, the partner sends it again."""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import RedisError

from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.streams import ensure_group_from_start, replay_request_stream

log = logging.getLogger(__name__)

GROUP = "relay"
StreamEntries = list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None


async def serve_replay_requests(
    redis: Redis, relay: OutboxRelay, partner_id: str, consumer: str = "relay-1"
) -> None:
    """Answer replay requests addressed to this partner until cancelled."""
    stream = replay_request_stream(partner_id)
    while True:
        try:
            await ensure_group_from_start(redis, stream, GROUP)
            # Our own pending entries first (a crash mid-request), then new ones.
            for start in ("0", ">"):
                reply = await redis.xreadgroup(
                    GROUP,
                    consumer,
                    {stream: start},
                    count=100,
                    block=None if start == "0" else 2000,
                )
                entries = cast(StreamEntries, reply)
                for _stream, messages in entries or []:
                    for entry_id, fields in messages:
                        await _answer(relay, fields)
                        await redis.xack(stream, GROUP, entry_id)
        except (RedisError, OSError) as error:
            log.warning("replay requests unavailable, retrying: %s", error)
            await asyncio.sleep(1)


async def _answer(relay: OutboxRelay, fields: dict[bytes, bytes]) -> None:
    try:
        first = int(fields[b"from_seq"])
        last = int(fields[b"to_seq"])
    except (KeyError, ValueError):
        log.warning("ignoring a malformed replay request: %r", fields)
        return
    if first < 1 or last < first or last - first > 1_000_000:
        log.warning("ignoring a replay request for an impossible range %s..%s", first, last)
        return
    count = await relay.republish(first, last)
    log.info("published seq %s..%s again on request (%s events)", first, last, count)
