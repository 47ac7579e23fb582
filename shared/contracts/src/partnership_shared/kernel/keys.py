"""Partner signing keys (Ed25519) and the partnership's registry of their public halves.

Each partner signs the head of its event chain with its own private key (`SigningKey`, a PEM file
of mode 0600 on the partner's node). Every consumer checks those signatures against the registry
(`KeyRegistry`, configuration shared by the whole partnership): a key id, the partner it belongs
to, the public key, and for a retired key the last `seq` it may vouch for. A key id is derived
from the public key, so two keys never share one.

The registry's JSON form: `{"keys": [{"key_id": "pup-…", "partner": "pup", "public_key": "<64 hex
digits>", "until_seq": null}]}`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from partnership_shared.events.control import ChainCheckpoint, signed_checkpoint_message
from partnership_shared.kernel.secrets import WeakSecret, check_private_file, write_private

MIN_DISTINCT_SEED_BYTES = 16


def key_id_for(partner: str, public_key: Ed25519PublicKey) -> str:
    """`<partner>-<12 hex digits of the public key's SHA-256>`."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"{partner}-{hashlib.sha256(raw).hexdigest()[:12]}"


class SigningKey:
    """A partner's private key: signs checkpoints of its chain."""

    def __init__(self, partner: str, private_key: Ed25519PrivateKey) -> None:
        seed = private_key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        if len(set(seed)) < MIN_DISTINCT_SEED_BYTES:
            raise WeakSecret(
                f"the signing key of {partner!r} is weak: its seed has only {len(set(seed))} "
                "different bytes out of 32, so it was not made at random"
            )
        self.partner = partner
        self._private = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id_for(partner, self.public_key)

    @classmethod
    def generate(cls, partner: str) -> SigningKey:
        return cls(partner, Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, path: Path, partner: str) -> SigningKey:
        """Read a PEM (PKCS #8) Ed25519 key from a file only its owner may read."""
        what = f"the signing key file of {partner!r}"
        check_private_file(path, what)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as error:
            raise WeakSecret(f"{what} {path} holds no readable private key: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise WeakSecret(
                f"{what} {path} holds a {type(key).__name__.removeprefix('_')}; "
                "the partnership signs with Ed25519 only"
            )
        return cls(partner, key)

    def save(self, path: Path) -> None:
        """Write the key as PEM to a new file of mode 0600."""
        write_private(
            path,
            self._private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )

    def public_hex(self) -> str:
        raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return raw.hex()

    def registry_entry(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "partner": self.partner,
            "public_key": self.public_hex(),
            "until_seq": None,
        }

    def sign(
        self, partnership_id: str, seq: int, head: str, signed_at: datetime | None = None
    ) -> ChainCheckpoint:
        """A checkpoint vouching for this partner's chain up to `seq`, whose event hashes to
        `head`."""
        moment = signed_at or datetime.now(UTC)
        message = signed_checkpoint_message(
            partnership_id, self.partner, seq, head, self.key_id, moment
        )
        return ChainCheckpoint(
            partnership_id=partnership_id,
            source=self.partner,
            seq=seq,
            head=head,
            key_id=self.key_id,
            signed_at=moment,
            signature=self._private.sign(message).hex(),
        )

    def __repr__(self) -> str:  # never the key itself
        return f"SigningKey({self.key_id})"


@dataclass(frozen=True, slots=True)
class PartnerKey:
    key_id: str
    partner: str
    public_key: Ed25519PublicKey
    until_seq: int | None = None
    """A retired key vouches for no `seq` after this one (a rotated or leaked key)."""


class KeyRegistry:
    """The partnership's partner public keys, by key id.

    Built from a file, it reads the file again when asked about a key it does not know and the
    file has changed since (a key added by a rotation is known without a restart).
    """

    def __init__(self, keys: Iterable[PartnerKey], path: Path | None = None) -> None:
        self._keys = {key.key_id: key for key in keys}
        self._path = path
        self._read_at = path.stat().st_mtime_ns if path is not None else 0

    @classmethod
    def from_json(cls, text: str, path: Path | None = None) -> KeyRegistry:
        try:
            document = json.loads(text)
            entries = document["keys"]
            keys = [
                PartnerKey(
                    key_id=entry["key_id"],
                    partner=entry["partner"],
                    public_key=Ed25519PublicKey.from_public_bytes(
                        bytes.fromhex(entry["public_key"])
                    ),
                    until_seq=entry.get("until_seq"),
                )
                for entry in entries
            ]
        except (ValueError, KeyError, TypeError) as error:
            where = f" in {path}" if path else ""
            raise ValueError(f"the registry of partner keys{where} is not valid: {error}") from None
        return cls(keys, path)

    @classmethod
    def from_file(cls, path: Path) -> KeyRegistry:
        return cls.from_json(path.read_text(encoding="utf-8"), path)

    @property
    def keys(self) -> list[PartnerKey]:
        return list(self._keys.values())

    def partners(self) -> set[str]:
        return {key.partner for key in self._keys.values()}

    def refusal(self, checkpoint: ChainCheckpoint) -> str | None:
        """Why the checkpoint cannot be trusted, or None when its signature holds."""
        key = self._keys.get(checkpoint.key_id) or self._reloaded().get(checkpoint.key_id)
        if key is None:
            return f"checkpoint of {checkpoint.source!r} under unknown key {checkpoint.key_id!r}"
        if key.partner != checkpoint.source:
            return (
                f"checkpoint of {checkpoint.source!r} under key {key.key_id!r}, "
                f"which belongs to {key.partner!r}"
            )
        if key.until_seq is not None and checkpoint.seq > key.until_seq:
            return (
                f"checkpoint of {checkpoint.source!r} at seq {checkpoint.seq} under key "
                f"{key.key_id!r}, retired after seq {key.until_seq}"
            )
        try:
            key.public_key.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_message())
        except InvalidSignature:
            return (
                f"checkpoint of {checkpoint.source!r} at seq {checkpoint.seq}: the signature "
                f"does not match key {key.key_id!r}"
            )
        return None

    def _reloaded(self) -> dict[str, PartnerKey]:
        if self._path is None:
            return {}
        try:
            changed = self._path.stat().st_mtime_ns
        except OSError:
            return {}
        if changed != self._read_at:
            try:
                fresh = KeyRegistry.from_file(self._path)
            except (OSError, ValueError):
                return {}
            self._keys = fresh._keys
            self._read_at = changed
        return self._keys


def registry_document(entries: Iterable[dict[str, Any]]) -> str:
    """The registry's JSON text for these entries."""
    return json.dumps({"keys": list(entries)}, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class ChainSigner:
    """What a partner's relay signs its chain with: its key, for its partnership."""

    key: SigningKey
    partnership_id: str
    every: int = 100
    """A checkpoint after at most this many events (and after the last of each batch)."""

    def checkpoint(self, seq: int, body: bytes) -> bytes:
        """The JSON of a checkpoint vouching for the chain up to the event `seq` with `body`."""
        head = hashlib.sha256(body).hexdigest()
        return self.key.sign(self.partnership_id, seq, head).model_dump_json().encode()
