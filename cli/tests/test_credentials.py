"""`partnership init` and `partnership keys rotate`: secrets made strong and private, weak ones
refused saying why, and a rotated key's old checkpoints still verifiable."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from partnership_cli.main import app
from partnership_shared.kernel.keys import KeyRegistry, SigningKey
from partnership_shared.kernel.secrets import write_private

runner = CliRunner()


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_init_makes_every_secret_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    done = runner.invoke(app, ["init", "--data-dir", str(tmp_path)])
    assert done.exit_code == 0, done.output
    secret = (tmp_path / "secret").read_text()
    assert secret not in done.output
    for private in ("secret", "keys/pup.key", "keys/ops.key", "keys/ngo.key", "broker/users.acl"):
        assert mode(tmp_path / private) == 0o600, private
    registry = json.loads((tmp_path / "keys" / "partner-keys.json").read_text())
    assert sorted(entry["partner"] for entry in registry["keys"]) == ["ngo", "ops", "pup"]
    for user in ("reporting", "pup", "ops", "ngo"):
        password = (tmp_path / "broker" / f"{user}.password").read_text()
        assert mode(tmp_path / "broker" / f"{user}.password") == 0o600
        assert password not in done.output
    again = runner.invoke(app, ["init", "--data-dir", str(tmp_path)])
    assert "nothing new" in again.output
    assert (tmp_path / "secret").read_text() == secret


def test_init_refuses_a_weak_secret_saying_what_is_weak(tmp_path: Path) -> None:
    weak = tmp_path / "weak-secret"
    write_private(weak, b"bartoszyce2013")
    done = runner.invoke(
        app, ["init", "--data-dir", str(tmp_path / "var"), "--secret-file", str(weak)]
    )
    assert done.exit_code == 1
    assert "the pseudonym secret is weak: it has 14 characters" in done.output
    assert not (tmp_path / "var" / "secret").exists()
    loose = tmp_path / "loose-secret"
    loose.write_text("f" * 10 + "0123456789abcdef0a1b2c3d4e5f6a7b8c9d")
    loose.chmod(0o644)
    done = runner.invoke(
        app, ["init", "--data-dir", str(tmp_path / "var"), "--secret-file", str(loose)]
    )
    assert done.exit_code == 1
    assert "mode 0644: others may read it" in done.output


def test_a_rotated_key_leaves_what_the_old_one_signed_verifiable(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", "--data-dir", str(tmp_path)]).exit_code == 0
    old = SigningKey.load(tmp_path / "keys" / "pup.key", "pup")
    signed_before = old.sign("partnership", 7, "d" * 64)
    done = runner.invoke(
        app, ["keys", "rotate", "pup", "--data-dir", str(tmp_path), "--retire-after-seq", "7"]
    )
    assert done.exit_code == 0, done.output
    new = SigningKey.load(tmp_path / "keys" / "pup.key", "pup")
    assert new.key_id != old.key_id
    assert mode(tmp_path / "keys" / "pup.key") == 0o600
    registry = KeyRegistry.from_file(tmp_path / "keys" / "partner-keys.json")
    assert registry.refusal(signed_before) is None
    assert registry.refusal(new.sign("partnership", 8, "e" * 64)) is None
    refusal = registry.refusal(old.sign("partnership", 8, "e" * 64))
    assert refusal is not None
    assert refusal.endswith("retired after seq 7")
