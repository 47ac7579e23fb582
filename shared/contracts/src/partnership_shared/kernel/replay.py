"""Gap healing on the publishing side: a consumer asks for a range, the partner sends it again.

Requests are `ReplayRequested` JSON in the entry's `__data__` field (entries in the older form, with
`from_seq`/`to_seq` fields, are still answered). The stream is trimmed by the relay's heartbeat
loop once the requests are acknowledged; a range the outbox no longer keeps is published as far as
it is kept (the heartbeat's `kept_from_seq` tells consumers not to ask for the rest).
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from partnership_shared.events.control import ReplayRequested
from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.streams import (
    DATA_FIELD,
    ensure_group_from_start,
    replay_request_stream,
)

log = logging.getLogger(__name__)

GROUP = "relay"
StreamEntries = list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None
DATA_KEY = DATA_FIELD.encode()
LARGEST_RANGE = 1_000_000


async def serve_replay_requests(
    redis: Redis,
    relay: OutboxRelay,
    partner_id: str,
    consumer: str = "relay-1",
    stop: asyncio.Event | None = None,
) -> None:
    """Answer replay requests addressed to this partner until `stop` is set (or cancelled:
    `stop` ends it even where a client library turned the cancellation into an error)."""
    stream = replay_request_stream(partner_id)
    failing = False
    while stop is None or not stop.is_set():
        try:
            # Also after a broker restarted empty: the group is made again at 0.
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
            if failing:
                log.info("replay requests answered again")
            failing = False
        except (RedisError, OSError) as error:
            if not failing:
                log.warning("replay requests unavailable, retrying: %s", error)
            failing = True
            await asyncio.sleep(1)


def requested_range(fields: dict[bytes, bytes]) -> tuple[int, int] | None:
    """The range a request asks for, or None (with a warning) when it is not a valid one."""
    try:
        if DATA_KEY in fields:
            request = ReplayRequested.model_validate_json(fields[DATA_KEY])
            first, last = request.from_seq, request.to_seq
        else:
            first, last = int(fields[b"from_seq"]), int(fields[b"to_seq"])
    except (KeyError, ValueError, ValidationError):
        log.warning("ignoring a malformed replay request: %r", fields)
        return None
    if first < 1 or last < first or last - first > LARGEST_RANGE:
        log.warning("ignoring a replay request for an impossible range %s..%s", first, last)
        return None
    return first, last


async def _answer(relay: OutboxRelay, fields: dict[bytes, bytes]) -> None:
    found = requested_range(fields)
    if found is None:
        return
    first, last = found
    count = await relay.republish(first, last)
    log.info("published seq %s..%s again on request (%s events)", first, last, count)
