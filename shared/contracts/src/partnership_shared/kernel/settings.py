"""Configuration of a node, read from the environment only (pydantic-settings)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from partnership_shared.events.models import PartnerId
from partnership_shared.kernel.secrets import check_secret, read_private_text


class NodeSettings(BaseSettings):
    """What every node needs: its database, the broker, and which partnership it serves.

    `PARTNERSHIP_SECRET` (or a file named by `PARTNERSHIP_SECRET_FILE`, as Docker secrets are
    mounted, readable by its owner only) keys the client pseudonyms; it is never logged and never
    leaves the node, and a weak one is refused.

    `ALLOWED_HOSTS` (comma separated; `*.example.org` for its subdomains) are the names the node
    answers to besides the loopback ones; `MAX_BODY_BYTES` caps a request's body (see
    `partnership_shared.kernel.guard`).
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
    first_admin_file: Path | None = None
    """On first start (no admin yet), an `admin` is made and its one-time password written
    here (0600); it is never logged."""
    service_token_file: Path | None = None
    """Where the token of the node's service account (`service_account`) is kept (0600), made
    or renewed on start: how the CLI (`partnership demo`, `partnership report`) signs in."""
    service_account: str = "partnership-cli"
    session_hours: float = Field(default=8, gt=0, le=24 * 7)
    token_days: int = Field(default=30, ge=1, le=365)
    heartbeat_interval_s: float = Field(default=1.0, gt=0, le=60)
    """How often a partner's relay says how far it has published (a lost tail shows this fast)."""
    stream_max_len: int = Field(default=1_000_000, ge=1000)
    """The most entries a partner stream keeps, whatever its consumers have read (the outbox
    keeps them longer, for replays)."""
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ("localhost", "127.0.0.1", "::1")
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _secret_from_file(self) -> NodeSettings:
        if self.partnership_secret is None and self.partnership_secret_file is not None:
            secret = read_private_text(self.partnership_secret_file, "the pseudonym secret file")
            object.__setattr__(self, "partnership_secret", SecretStr(secret))
        return self

    def secret_bytes(self) -> bytes:
        if self.partnership_secret is None or not self.partnership_secret.get_secret_value():
            raise RuntimeError(
                "PARTNERSHIP_SECRET (or PARTNERSHIP_SECRET_FILE) is not set: "
                "the node cannot derive client pseudonyms without the partnership's secret"
            )
        return check_secret(self.partnership_secret.get_secret_value()).encode()
