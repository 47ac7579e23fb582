"""Configuration of a node, read from the environment only (pydantic-settings)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from partnership_shared.events.models import PartnerId


class NodeSettings(BaseSettings):
    """What every node needs: its database, the broker, and which partnership it serves.

    `PARTNERSHIP_SECRET` (or a file named by `PARTNERSHIP_SECRET_FILE`, as Docker secrets are
    mounted) keys the client pseudonyms; it is never logged and never leaves the node.
    """

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    partnership_id: PartnerId = "partnership"
    partnership_starts_on: date = date(2013, 1, 1)
    partnership_secret: SecretStr | None = None
    partnership_secret_file: Path | None = None
    database_url: str = "sqlite+aiosqlite:///var/node.db"
    redis_url: str = "redis://127.0.0.1:6390/0"
    host: str = "127.0.0.1"
    port: int = Field(default=8100, ge=1, le=65535)
    log_level: str = "info"
    heartbeat_interval_s: float = Field(default=1.0, gt=0, le=60)
    """How often a partner's relay says how far it has published (a lost tail shows this fast)."""
    stream_max_len: int = Field(default=1_000_000, ge=1000)
    """The most entries a partner stream keeps, whatever its consumers have read (the outbox
    keeps them longer, for replays)."""

    @model_validator(mode="after")
    def _secret_from_file(self) -> NodeSettings:
        if self.partnership_secret is None and self.partnership_secret_file is not None:
            secret = self.partnership_secret_file.read_text(encoding="utf-8").strip()
            object.__setattr__(self, "partnership_secret", SecretStr(secret))
        return self

    def secret_bytes(self) -> bytes:
        if self.partnership_secret is None or not self.partnership_secret.get_secret_value():
            raise RuntimeError(
                "PARTNERSHIP_SECRET (or PARTNERSHIP_SECRET_FILE) is not set: "
                "the node cannot derive client pseudonyms without the partnership's secret"
            )
        return self.partnership_secret.get_secret_value().encode()
