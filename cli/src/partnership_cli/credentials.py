"""The partnership's secrets in its data directory: made once, strong, readable by their owner only.

    secret                    the pseudonym secret (HMAC key of client pseudonyms)      0600
    keys/<partner>.key        each partner's Ed25519 signing key (PEM)                  0600
    keys/partner-keys.json    the registry of partner public keys (shared, not secret)  0644
    broker/<user>.password    each broker user's password                               0600
    broker/users.acl          the broker's users and rules, passwords hashed            0600

`partnership init` (and the first `up`) makes what is missing and leaves the rest as it is; an
operator may bring their own pseudonym secret, which is refused when weak. Values are never
printed or logged: only paths and key ids.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partnership_cli.broker import REPORTING_USER, acl_file
from partnership_shared.kernel.keys import SigningKey, registry_document
from partnership_shared.kernel.secrets import (
    check_secret,
    new_pseudonym_secret,
    read_private_text,
    write_private,
)

PARTNERS = ("pup", "ops", "ngo")


@dataclass
class Credentials:
    """Where the partnership's secrets are, and what `ensure` made this time."""

    data_dir: Path
    partners: Sequence[str] = PARTNERS
    made: list[str] = field(default_factory=list)

    @property
    def secret_file(self) -> Path:
        return self.data_dir / "secret"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def registry_file(self) -> Path:
        return self.keys_dir / "partner-keys.json"

    def key_file(self, partner: str) -> Path:
        return self.keys_dir / f"{partner}.key"

    @property
    def broker_dir(self) -> Path:
        return self.data_dir / "broker"

    @property
    def acl_file(self) -> Path:
        return self.broker_dir / "users.acl"

    def password_file(self, user: str) -> Path:
        return self.broker_dir / f"{user}.password"

    def broker_users(self) -> list[str]:
        return [REPORTING_USER, *self.partners]

    def password(self, user: str) -> str:
        return read_private_text(self.password_file(user), f"the broker password of {user!r}")

    def redis_url(self, user: str, host: str, port: int) -> str:
        return f"redis://{user}:{self.password(user)}@{host}:{port}/0"

    def ensure(self, operator_secret: str | None = None) -> Credentials:
        """Make whatever is missing; refuse a weak secret, given or found."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._ensure_secret(operator_secret)
        self._ensure_keys()
        self._ensure_broker()
        return self

    def _ensure_secret(self, operator_secret: str | None) -> None:
        if self.secret_file.exists():
            check_secret(read_private_text(self.secret_file, "the pseudonym secret file"))
            if operator_secret is not None:
                raise ValueError(
                    f"{self.secret_file} exists already: the pseudonym secret of a partnership "
                    "cannot change (every pseudonym would change with it)"
                )
            return
        secret = new_pseudonym_secret() if operator_secret is None else operator_secret
        write_private(self.secret_file, check_secret(secret).encode())
        self.made.append(f"pseudonym secret {self.secret_file}")

    def _ensure_keys(self) -> None:
        entries = self._registry_entries()
        for partner in self.partners:
            path = self.key_file(partner)
            if path.exists():
                key = SigningKey.load(path, partner)
            else:
                key = SigningKey.generate(partner)
                key.save(path)
                self.made.append(f"signing key {key.key_id} {path}")
            if all(entry["key_id"] != key.key_id for entry in entries):
                entries.append(key.registry_entry())
        self._write_registry(entries)

    def _registry_entries(self) -> list[dict[str, object]]:
        if not self.registry_file.exists():
            return []
        entries: list[dict[str, object]] = json.loads(self.registry_file.read_text("utf-8"))["keys"]
        return entries

    def _write_registry(self, entries: list[dict[str, object]]) -> None:
        text = registry_document(entries)
        if self.registry_file.exists() and self.registry_file.read_text("utf-8") == text:
            return
        # Replaced whole, so a node reading it never sees half a file.
        partial = self.registry_file.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.registry_file)

    def _ensure_broker(self) -> None:
        for user in self.broker_users():
            path = self.password_file(user)
            if not path.exists():
                write_private(path, secrets.token_hex(24).encode())
                self.made.append(f"broker password of {user!r} {path}")
        passwords = {user: self.password(user) for user in self.broker_users()}
        text = acl_file(passwords, list(self.partners))
        if (
            self.acl_file.exists()
            and read_private_text(self.acl_file, "the ACL file") == text.strip()
        ):
            return
        self.acl_file.unlink(missing_ok=True)
        write_private(self.acl_file, text.encode())

    def rotate(self, partner: str, retire_after_seq: int | None) -> tuple[str, str]:
        """A new signing key for `partner`; the old one stays in the registry (what it signed
        stays verifiable), retired after `retire_after_seq` when given. Returns both key ids."""
        old = SigningKey.load(self.key_file(partner), partner)
        new = SigningKey.generate(partner)
        entries = self._registry_entries()
        for entry in entries:
            if entry["key_id"] == old.key_id and retire_after_seq is not None:
                entry["until_seq"] = retire_after_seq
        entries.append(new.registry_entry())
        self._write_registry(entries)
        # The old private key is destroyed: nobody should sign with it any more.
        self.key_file(partner).unlink()
        new.save(self.key_file(partner))
        return old.key_id, new.key_id
