"""Secrets and keys: weak ones are refused saying what is weak, files others can read too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from partnership_shared.kernel.keys import KeyRegistry, SigningKey, registry_document
from partnership_shared.kernel.secrets import (
    WeakSecret,
    check_secret,
    new_pseudonym_secret,
    read_private_text,
    write_private,
)
from partnership_shared.kernel.settings import NodeSettings


@pytest.mark.parametrize(
    ("secret", "weakness"),
    [
        ("hunter2", "it has 7 characters; at least 32 random ones are needed"),
        ("ab" * 20, "it uses only 2 different characters"),
        ("0123456789abcdef0123456789abcdef", "a run of 10 repeated or consecutive characters"),
        ("partnership-partnership-partnership!", "it is mostly the word 'partnership'"),
    ],
)
def test_a_weak_pseudonym_secret_is_refused_saying_why(secret: str, weakness: str) -> None:
    with pytest.raises(WeakSecret) as refused:
        check_secret(secret)
    assert weakness in str(refused.value)
    assert secret not in str(refused.value)


def test_a_generated_secret_is_strong() -> None:
    secret = new_pseudonym_secret()
    assert check_secret(secret) == secret


def test_a_node_refuses_a_weak_secret_and_a_secret_file_others_can_read(tmp_path: Path) -> None:
    with pytest.raises(WeakSecret, match="the pseudonym secret is weak"):
        NodeSettings(partnership_secret="short").secret_bytes()
    loose = tmp_path / "secret"
    loose.write_text(new_pseudonym_secret())
    loose.chmod(0o644)
    with pytest.raises(ValueError, match=r"mode 0644: others may read it"):
        NodeSettings(partnership_secret_file=loose)


def test_secret_files_are_made_for_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "secret"
    write_private(path, b"x" * 64)
    assert (path.stat().st_mode & 0o777) == 0o600
    assert read_private_text(path, "a secret") == "x" * 64
    with pytest.raises(FileExistsError):
        write_private(path, b"again")


def test_a_signing_key_round_trips_and_weak_or_foreign_keys_are_refused(tmp_path: Path) -> None:
    key = SigningKey.generate("pup")
    key.save(tmp_path / "pup.key")
    loaded = SigningKey.load(tmp_path / "pup.key", "pup")
    assert loaded.key_id == key.key_id
    assert key.key_id.startswith("pup-")
    assert "PRIVATE" not in repr(loaded)
    registry = KeyRegistry.from_json(registry_document([key.registry_entry()]))
    assert registry.refusal(loaded.sign("bartoszyce", 1, "b" * 64)) is None

    rsa_file = tmp_path / "rsa.key"
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private(rsa_file, pem)
    with pytest.raises(WeakSecret, match="the partnership signs with Ed25519 only"):
        SigningKey.load(rsa_file, "pup")

    with pytest.raises(WeakSecret, match="its seed has only 1 different bytes"):
        SigningKey("pup", Ed25519PrivateKey.from_private_bytes(bytes(32)))

    (tmp_path / "pup.key").chmod(0o640)
    with pytest.raises(WeakSecret, match="mode 0640"):
        SigningKey.load(tmp_path / "pup.key", "pup")


def test_a_registry_file_changed_by_a_rotation_is_read_again(tmp_path: Path) -> None:
    old, new = SigningKey.generate("pup"), SigningKey.generate("pup")
    path = tmp_path / "partner-keys.json"
    path.write_text(registry_document([old.registry_entry()]))
    registry = KeyRegistry.from_file(path)
    checkpoint = new.sign("bartoszyce", 5, "c" * 64)
    assert registry.refusal(checkpoint) == f"checkpoint of 'pup' under unknown key {new.key_id!r}"
    path.write_text(registry_document([old.registry_entry(), new.registry_entry()]))
    os.utime(path, ns=(1, 1))  # a changed file, whatever the clock's resolution
    assert registry.refusal(checkpoint) is None
