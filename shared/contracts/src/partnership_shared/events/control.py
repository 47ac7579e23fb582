"""Control messages: what nodes tell each other about the streams themselves, not about clients.

They travel on streams of their own (see `partnership_shared.kernel.streams`), carry no `seq` and no
pseudonym, and are documented in the AsyncAPI document beside the events.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from partnership_shared.events.models import Contract, PartnerId, UtcDatetime

Digest = str
"""SHA-256 of a body, as 64 hex digits."""


class ReplayRequested(Contract):
    """A consumer found a gap in a partner's `seq` and asks the partner to publish it again."""

    type: Literal["ReplayRequested"] = "ReplayRequested"
    partnership_id: PartnerId
    source: PartnerId = Field(description="The partner whose events are missing")
    from_seq: int = Field(ge=1)
    to_seq: int = Field(ge=1)
    requested_by: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._:-]+$")
    requested_at: UtcDatetime

    @model_validator(mode="after")
    def _range_in_order(self) -> ReplayRequested:
        if self.to_seq < self.from_seq:
            raise ValueError("to_seq is before from_seq")
        return self


class DeadLettered(Contract):
    """An entry a consumer refused, and why; the body itself stays with the consumer."""

    type: Literal["DeadLettered"] = "DeadLettered"
    stream: str = Field(max_length=80)
    entry_id: str = Field(max_length=40)
    event_id: str | None = Field(default=None, max_length=36)
    reason: str = Field(max_length=2000)
    digest: Digest = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the refused body")
    size: int = Field(ge=0, description="Bytes of the refused body")
    refused_by: str = Field(max_length=80)
    refused_at: UtcDatetime


class RelayHeartbeat(Contract):
    """A partner's relay says how far it has published, so a lost tail is noticed."""

    type: Literal["RelayHeartbeat"] = "RelayHeartbeat"
    partnership_id: PartnerId
    source: PartnerId
    published_seq: int = Field(ge=0, description="The highest `seq` published so far")
    kept_from_seq: int | None = Field(
        default=None,
        ge=1,
        description=(
            "The lowest `seq` the partner still keeps for replays (None: it keeps every one); "
            "a gap below it cannot be healed and is reported instead of asked for"
        ),
    )
    at: UtcDatetime


CONTROL_CLASSES: tuple[type[Contract], ...] = (ReplayRequested, DeadLettered, RelayHeartbeat)
