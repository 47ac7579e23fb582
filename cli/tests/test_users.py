"""`partnership users`: accounts of a node made and changed on its database, from its machine."""

from __future__ import annotations

import asyncio
import getpass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnership_cli.main import app
from partnership_partner.adapters.schema import access, metadata
from partnership_partner.bootstrap import MIGRATIONS
from partnership_shared.access.audit import AuditLog, AuditQuery
from partnership_shared.access.roles import PARTNER_ROLES
from partnership_shared.access.service import AccessService
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.migrations import upgrade_to_head

PASSWORD = "Wiosenna-Łąka-2013"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A local run's data directory whose PUP node has started once (migrated)."""
    upgrade_to_head(f"sqlite+aiosqlite:///{tmp_path / 'pup.db'}", MIGRATIONS, (), metadata)
    return tmp_path


def users(data_dir: Path, *args: str, password: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["users", *args, "--node", "pup", "--data-dir", str(data_dir)], input=password
    )
    return result.exit_code, result.output


async def _check(data_dir: Path, username: str, password: str) -> tuple[bool, int]:
    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'pup.db'}")
    try:
        sessions = session_factory(engine)
        service = AccessService(sessions, access, PARTNER_ROLES)
        try:
            issued = await service.sign_in(username, password, "127.0.0.1")
            signed = await service.authenticate(issued.token) is not None
        except Exception:
            signed = False
        total, _ = await AuditLog(sessions, access.audit_log, None).page(
            AuditQuery(user=f"cli:{getpass.getuser()}"), 100, 0
        )
        return signed, total
    finally:
        await engine.dispose()


def test_accounts_are_added_listed_disabled_and_reset(data_dir: Path) -> None:
    code, out = users(data_dir, "add", "--username", "anna", "--role", "caseworker")
    assert code == 0, out
    once = out.split("sign-in): ")[1].split()[0]
    assert asyncio.run(_check(data_dir, "anna", once))[0]

    code, out = users(
        data_dir,
        "add",
        "--username",
        "ewa",
        "--role",
        "auditor",
        "--password-stdin",
        password=PASSWORD + "\n",
    )
    assert code == 0, out
    assert PASSWORD not in out
    code, out = users(data_dir, "list")
    assert {"anna", "ewa", "auditor", "caseworker"} <= set(out.split())

    code, out = users(data_dir, "add", "--username", "jan", "--role", "coordinator")
    assert code == 1
    assert "does not admit the role coordinator" in out
    code, out = users(data_dir, "add", "--username", "anna", "--role", "caseworker")
    assert code == 1
    assert "the account anna exists" in out

    code, out = users(data_dir, "disable", "--username", "ewa")
    assert code == 0, out
    assert not asyncio.run(_check(data_dir, "ewa", PASSWORD))[0]
    code, out = users(data_dir, "enable", "--username", "ewa")
    assert asyncio.run(_check(data_dir, "ewa", PASSWORD))[0]

    code, out = users(data_dir, "reset-password", "--username", "ewa")
    assert code == 0, out
    assert not asyncio.run(_check(data_dir, "ewa", PASSWORD))[0]
    new = out.split("(shown only now): ")[1].split()[0]
    signed, entries = asyncio.run(_check(data_dir, "ewa", new))
    assert signed
    code, out = users(data_dir, "revoke-tokens", "--username", "ewa")
    assert code == 0, out
    assert "Revoked 1" in out
    assert entries == 6  # each command that did something, until the last: in the audit log


def test_a_node_that_never_started_is_named(tmp_path: Path) -> None:
    code, out = users(tmp_path, "list")
    assert code == 1
    assert "start the node once" in out
