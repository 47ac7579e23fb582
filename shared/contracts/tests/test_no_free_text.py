"""No event can carry text a member of staff typed: every `str` in the contracts is an id, a
code, a pseudonym or hash (each with its pattern), a word of the vocabulary, or one of the few
names the partnership publishes (a programme's, a course's trade), listed here with the reason."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Any, Literal, Union

from annotated_types import MaxLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from partnership_shared.events.control import CONTROL_CLASSES
from partnership_shared.events.models import CORRECTABLE, EVENT_CLASSES

PUBLISHED_NAMES = {
    ("ProgrammePayload", "name"): "the programme's name, a public fact of the partnership",
    ("EditionPayload", "trade"): "the trade a course teaches, as its edition is announced",
    ("RecordCorrectedPayload", "original_type"): "an event type, checked against CORRECTABLE",
    ("RecordCorrectedPayload", "changes"): "corrected values of CORRECTABLE fields (below)",
    ("RecordWithdrawnPayload", "original_type"): "an event type, checked against WITHDRAWABLE",
    ("DeadLettered", "reason"): "written by the consumer that refused an entry, never by staff",
    ("DeadLettered", "stream"): "a stream's name, written by the consumer",
    ("DeadLettered", "entry_id"): "the broker's entry id",
    ("DeadLettered", "event_id"): "the refused event's id, as the consumer read it",
    ("DeadLettered", "refused_by"): "the consumer's name",
}


def _has_pattern(metadata: list[Any]) -> bool:
    for item in metadata:
        if getattr(item, "pattern", None):
            return True
        if isinstance(item, FieldInfo) and _has_pattern(item.metadata):
            return True
    return False


def free_strings(model: type[BaseModel]) -> Iterator[tuple[str, str, Any]]:
    """(model, field, annotation) of every `str` reached from `model` without a pattern."""
    seen: set[type[BaseModel]] = set()

    def walk(owner: str, name: str, annotation: Any, metadata: list[Any]) -> Iterator[Any]:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            inner, *more = typing.get_args(annotation)
            yield from walk(owner, name, inner, [*metadata, *more])
        elif origin is Literal or (isinstance(annotation, type) and issubclass(annotation, Enum)):
            return
        elif origin in (Union, types.UnionType, tuple, list, dict, frozenset, set):
            for arg in typing.get_args(annotation):
                if arg is not Ellipsis:
                    yield from walk(owner, name, arg, metadata)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from models(annotation)
        elif annotation is str and not _has_pattern(metadata):
            yield (owner, name, metadata)

    def models(cls: type[BaseModel]) -> Iterator[Any]:
        if cls in seen:
            return
        seen.add(cls)
        for name, field in cls.model_fields.items():
            yield from walk(cls.__name__, name, field.annotation, list(field.metadata))

    yield from models(model)


def test_no_contract_has_a_field_of_free_text() -> None:
    found = {
        (owner, name)
        for cls in (*EVENT_CLASSES, *CONTROL_CLASSES)
        for owner, name, _ in free_strings(cls)
    }
    unexplained = found - set(PUBLISHED_NAMES)
    assert unexplained == set(), f"free text could travel in: {sorted(unexplained)}"
    assert ("ProgrammePayload", "name") in found  # the walk reaches nested payloads


def test_a_note_typed_by_staff_would_be_found() -> None:
    class Payload(BaseModel):
        note: str | None = None

    class Typed(BaseModel):
        payload: tuple[Payload, ...]

    assert [(owner, name) for owner, name, _ in free_strings(Typed)] == [("Payload", "note")]


def test_the_published_names_are_short() -> None:
    for cls in EVENT_CLASSES:
        for owner, name, metadata in free_strings(cls):
            if owner in ("ProgrammePayload", "EditionPayload"):
                lengths = [m.max_length for m in metadata if isinstance(m, MaxLen)]
                lengths += [
                    getattr(m, "max_length", None) for m in metadata if hasattr(m, "max_length")
                ]
                assert any(length and length <= 200 for length in lengths), (owner, name)


def test_what_a_correction_may_change_is_never_free_text() -> None:
    payloads = {
        cls.model_fields["type"].default: cls.model_fields["payload"].annotation
        for cls in EVENT_CLASSES
    }
    for event_type, fields in CORRECTABLE.items():
        payload = payloads[event_type]
        for name in fields:
            loose = [found for found in free_strings(payload) if found[1] == name]
            assert loose == [], f"{event_type}.{name} could carry free text in a correction"
