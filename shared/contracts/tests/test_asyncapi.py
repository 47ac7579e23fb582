"""The checked-in AsyncAPI document is the one FastStream generates from the contracts today."""

from __future__ import annotations

import json
from pathlib import Path

from partnership_shared.asyncapi import asyncapi_document
from partnership_shared.events import EVENT_CLASSES
from partnership_shared.events.control import CONTROL_CLASSES

DOCUMENT = Path(__file__).parents[3] / "docs" / "asyncapi.json"


def test_the_checked_in_document_is_current() -> None:
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == asyncapi_document(), (
        "docs/asyncapi.json is out of date: run "
        "`.venv/bin/python -m partnership_shared.asyncapi > docs/asyncapi.json`"
    )


def test_every_event_message_and_stream_is_documented() -> None:
    document = asyncapi_document()
    schemas = document["components"]["schemas"]
    for message_class in (*EVENT_CLASSES, *CONTROL_CLASSES):
        assert message_class.__name__ in schemas
        assert schemas[message_class.__name__]["properties"]["type"]["const"] == (
            message_class.model_fields["type"].default
        )
    streams = {address["address"] for address in document["channels"].values()}
    partners = ("pup", "ops", "ngo")
    assert streams == {
        "stream:dead-letter",
        *(f"stream:{partner}" for partner in partners),
        *(f"stream:{partner}:heartbeats" for partner in partners),
        *(f"stream:{partner}:replay-requests" for partner in partners),
    }
