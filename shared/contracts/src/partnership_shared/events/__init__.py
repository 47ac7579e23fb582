"""Event contracts of the partnership (see `models` for the catalogue)."""

from partnership_shared.events.catalogue import (
    EVENT_ADAPTER,
    EVENT_TYPES,
    LATEST,
    AnyEvent,
    encode_event,
    event_tag,
    parse_event,
    parse_stream_message,
    upcast,
    with_changes,
)
from partnership_shared.events.models import *  # noqa: F403
from partnership_shared.events.models import EVENT_CLASSES, EventBase, Source
from partnership_shared.events.vocabulary import *  # noqa: F403

__all__ = [
    "EVENT_ADAPTER",
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "LATEST",
    "AnyEvent",
    "EventBase",
    "Source",
    "encode_event",
    "event_tag",
    "parse_event",
    "parse_stream_message",
    "upcast",
    "with_changes",
]
