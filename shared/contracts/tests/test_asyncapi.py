"""The checked-in AsyncAPI document is the one FastStream generates from the contracts today."""

from __future__ import annotations

import json
from pathlib import Path

from partnership_shared.asyncapi import asyncapi_document
from partnership_shared.events import EVENT_CLASSES

DOCUMENT = Path(__file__).parents[3] / "docs" / "asyncapi.json"


def test_the_checked_in_document_is_current() -> None:
    assert json.loads(DOCUMENT.read_text(encoding="utf-8")) == asyncapi_document(), (
        "docs/asyncapi.json is out of date: run "
        "`.venv/bin/python -m partnership_shared.asyncapi > docs/asyncapi.json`"
    )


def test_every_event_and_every_partner_stream_is_documented() -> None:
    document = asyncapi_document()
    schemas = document["components"]["schemas"]
    for event_class in EVENT_CLASSES:
        assert event_class.__name__ in schemas
        assert schemas[event_class.__name__]["properties"]["type"]["const"] == (
            event_class.model_fields["type"].default
        )
    assert {address["address"] for address in document["channels"].values()} == {
        "stream:pup",
        "stream:ops",
        "stream:ngo",
    }
