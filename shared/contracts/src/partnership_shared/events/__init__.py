"""Event contracts of the partnership (see `models` for the catalogue)."""

from partnership_shared.events.catalogue import (
    EVENT_ADAPTER,
    EVENT_TYPES,
    AnyEvent,
    encode_event,
    event_tag,
    parse_event,
)
from partnership_shared.events.models import *  # noqa: F403
from partnership_shared.events.models import EVENT_CLASSES, EventBase, Source
from partnership_shared.events.vocabulary import *  # noqa: F403

__all__ = [
    "EVENT_ADAPTER",
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "AnyEvent",
    "EventBase",
    "Source",
    "encode_event",
    "event_tag",
    "parse_event",
]
