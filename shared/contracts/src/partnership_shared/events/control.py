"""Control messages: what nodes tell each other about the streams themselves, not about clients.

They travel on streams of their own (see `partnership_shared.kernel.streams`), except the chain
checkpoints, which follow the events they sign on the partner's own stream; none carries a
pseudonym, and all are documented in the AsyncAPI document beside the events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from partnership_shared.events.models import Contract, PartnerId, Sha256Hex, UtcDatetime

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


CHECKPOINT_DOMAIN = "partnership-chain-checkpoint/1"
"""What a checkpoint's signed message begins with, so the signature means nothing elsewhere."""


class ChainCheckpoint(Contract):
    """A partner's Ed25519 signature over the head of its event chain.

    `head` is the SHA-256 of the body of the partner's event `seq`, exactly as published; as every
    event names the hash of the one before it (`prev_hash`), the signature vouches for every event
    up to `seq`. The partner sends one after each batch it publishes, on its own stream, after the
    batch's events; `key_id` names the key in the partnership's registry of partner keys.
    """

    type: Literal["ChainCheckpoint"] = "ChainCheckpoint"
    partnership_id: PartnerId
    source: PartnerId = Field(description="The partner whose chain this is")
    seq: int = Field(ge=1, description="The last `seq` the signature covers")
    head: Sha256Hex = Field(description="SHA-256 of the body of the event `seq`")
    key_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")
    signed_at: UtcDatetime
    signature: str = Field(
        pattern=r"^[0-9a-f]{128}$", description="Ed25519 signature of `signed_message()`, hex"
    )

    def signed_message(self) -> bytes:
        """The bytes the partner signs: every field but the signature, one per line."""
        return signed_checkpoint_message(
            self.partnership_id, self.source, self.seq, self.head, self.key_id, self.signed_at
        )


def signed_checkpoint_message(
    partnership_id: str, source: str, seq: int, head: str, key_id: str, signed_at: datetime
) -> bytes:
    fields = (CHECKPOINT_DOMAIN, partnership_id, source, str(seq), head, key_id)
    return "\n".join((*fields, signed_at.isoformat())).encode()


CONTROL_CLASSES: tuple[type[Contract], ...] = (
    ReplayRequested,
    DeadLettered,
    RelayHeartbeat,
    ChainCheckpoint,
)
