"""Configuration of the reporting node (environment only; read once, when the app starts)."""

from __future__ import annotations

import socket
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import NoDecode

from partnership_shared.agreement import PartnershipAgreement
from partnership_shared.events.models import PartnerId
from partnership_shared.kernel.keys import KeyRegistry
from partnership_shared.kernel.settings import NodeSettings
from reporting_node.domain.coordination import Terms


def _default_consumer() -> str:
    return f"reporting-{socket.gethostname()}"


class ReportingSettings(NodeSettings):
    """What the reporting node needs beyond every node's settings.

    `PARTNER_IDS` names the partners whose streams it reads (comma separated); `CONSUMER_NAME` is
    its name in the consumer group (one per running process). Its own entries left pending by a
    crash are ingested again as soon as it starts; entries left pending longer than
    `CLAIM_IDLE_MS` by another consumer are claimed and ingested again, a batch at a time.
    Every `SUPERVISE_INTERVAL_S` the node checks its groups, subscribers, the partners'
    heartbeats and its gaps (see `reporting_node.ingest.supervisor`). The partnership's registry
    of partner keys comes from `PARTNER_KEYS_FILE` (a JSON file, read again when a checkpoint
    names a key it does not know) or `PARTNER_KEYS` (the same JSON, as text); without it the node
    does not start, since it would accept no event. `PARTNERSHIP_AGREEMENT_FILE` is the
    partnership agreement the partner nodes read (TOML): the reporting node takes from it when a
    referral is overdue (`[coordination] referral_answer_days`) and each partner's kind.
    """

    port: int = Field(default=8100, ge=1, le=65535)
    database_url: str = "sqlite+aiosqlite:///var/reporting.db"
    partner_ids: Annotated[tuple[PartnerId, ...], NoDecode] = ("pup", "ops", "ngo")
    consumer_group: str = "reporting"
    consumer_name: str = Field(default_factory=_default_consumer)
    batch_size: int = Field(default=1000, ge=1, le=10_000)
    polling_interval_ms: int = Field(default=50, ge=1, le=10_000)
    claim_idle_ms: int = Field(default=30_000, ge=1)
    replay_request_interval_s: float = Field(default=5.0, gt=0)
    supervise_interval_s: float = Field(default=1.0, gt=0, le=60)
    partner_keys_file: Path | None = None
    partner_keys: str | None = None
    partnership_agreement_file: Path | None = None

    def agreement(self) -> PartnershipAgreement:
        return PartnershipAgreement.load(self.partnership_agreement_file)

    def coordination_terms(self) -> Terms:
        """What the coordination figures take from the agreement (read once per node)."""
        agreement = self.agreement()
        return Terms(
            referral_answer_days=agreement.coordination.referral_answer_days,
            kind_of={partner.id: partner.kind.value for partner in agreement.partners},
        )

    def key_registry(self) -> KeyRegistry:
        """The partnership's registry of partner public keys."""
        if self.partner_keys_file is not None:
            return KeyRegistry.from_file(self.partner_keys_file)
        if self.partner_keys:
            return KeyRegistry.from_json(self.partner_keys)
        raise RuntimeError(
            "PARTNER_KEYS_FILE (or PARTNER_KEYS) is not set: without the partnership's registry "
            "of partner keys no event can be verified (`partnership init` makes it)"
        )

    @field_validator("partner_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


@lru_cache(maxsize=1)
def get_settings() -> ReportingSettings:
    """The node's settings, read from the environment on first use (never at import)."""
    return ReportingSettings()
