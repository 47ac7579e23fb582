"""The client's timeline: this node's own events and every other partner's, kept as entries.

The unit of work keeps this node's own events on it as it commits them (`keep`), the feed keeps
the others' as they arrive: one code path, so a correction or a withdrawal changes an entry the
same way whoever made it.
"""

from __future__ import annotations

import dataclasses

from partnership_partner.domain.model import Client
from partnership_partner.domain.timeline import Entry, Happened, corrected, entries_of
from partnership_partner.service_layer.handlers.common import client_of
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev


async def keep(uow: UnitOfWork, happened: Happened) -> None:
    """Add what an event says to the timeline, or change what an earlier one said."""
    payload = happened.payload
    if isinstance(payload, ev.RecordCorrectedPayload):
        for entry in await uow.timeline.of_event(str(payload.original_event_id)):
            await uow.timeline.update(corrected(entry, payload.changes))
    elif isinstance(payload, ev.RecordWithdrawnPayload):
        for entry in await uow.timeline.of_event(str(payload.original_event_id)):
            await uow.timeline.update(dataclasses.replace(entry, withdrawn=True))
    else:
        entries = entries_of(happened)
        if entries:
            await uow.timeline.add(entries)


async def client_timeline(uow: UnitOfWork, client_id: object) -> tuple[Client, list[Entry]]:
    """A client of this node and what every partner did for them, in order."""
    client = await client_of(uow, client_id)
    return client, await uow.timeline.of_client(client.pseudonym)
