"""Access to a partnership started as a user starts it (`partnership up`, real processes)."""

from __future__ import annotations

import stat
import subprocess

import httpx
import pytest
from access_fixtures import routes
from running_partnership import BIN, RunningPartnership

pytestmark = pytest.mark.e2e

NODES = ("reporting", "pup", "ops", "ngo")
PASSWORD = "Bartoszyce-Audyt-2013"


def test_anonymous_requests_get_401_on_every_node(demo_partnership: RunningPartnership) -> None:
    for node in NODES:
        document = demo_partnership.get(node, "/openapi.json").json()
        refused = 0
        for method, path in routes(document):
            if path in ("/healthz", "/livez", "/readyz", "/api/v1/auth/tokens"):
                continue
            answer = httpx.request(method, demo_partnership.url(node) + path, json={}, timeout=10)
            assert answer.status_code == 401, (node, method, path, answer.text)
            assert answer.json()["message"].startswith("Wymagane logowanie")
            refused += 1
        assert refused > 10, node
        assert httpx.get(demo_partnership.url(node) + "/healthz").status_code == 200


def test_a_caseworker_of_one_node_gets_nothing_from_another(
    demo_partnership: RunningPartnership,
) -> None:
    pup = demo_partnership.headers("pup")  # the PUP service account: a caseworker there
    assert demo_partnership.get("pup", "/api/v1/clients").status_code == 200
    for node, path in (
        ("ops", "/api/v1/clients"),
        ("ngo", "/api/v1/services"),
        ("reporting", "/api/v1/summary"),
        ("reporting", "/api/v1/dead-letters"),
    ):
        answer = httpx.get(demo_partnership.url(node) + path, headers=pup, timeout=10)
        assert answer.status_code == 401, (node, path)


def test_a_coordinator_gets_nothing_personal(demo_partnership: RunningPartnership) -> None:
    demo_partnership.add_account("reporting", "koordynator", "coordinator", PASSWORD)
    signed = httpx.post(
        demo_partnership.reporting + "/api/v1/auth/tokens",
        json={"username": "koordynator", "password": PASSWORD},
        timeout=10,
    )
    assert signed.status_code == 201, signed.text
    coordinator = {"Authorization": f"Bearer {signed.json()['token']}"}
    summary = httpx.get(demo_partnership.reporting + "/api/v1/summary", headers=coordinator)
    assert summary.json()["clients"]["total"] == 11
    for node in ("pup", "ops", "ngo"):
        answer = httpx.get(demo_partnership.url(node) + "/api/v1/clients", headers=coordinator)
        assert answer.status_code == 401, node
    refused = subprocess.run(
        [
            str(BIN / "partnership"),
            "users",
            "add",
            "--node",
            "pup",
            "--username",
            "koordynator",
            "--role",
            "coordinator",
        ],
        env=demo_partnership.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 1
    assert "does not admit the role coordinator" in refused.stdout


def test_the_first_admins_one_time_passwords_are_kept_private(
    demo_partnership: RunningPartnership,
) -> None:
    access = demo_partnership.data_dir / "access"
    logs = "".join(
        path.read_text(errors="replace") for path in (demo_partnership.data_dir / "logs").iterdir()
    )
    for node in NODES:
        kept = access / f"{node}-admin-password"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert stat.S_IMODE((access / f"{node}.token").stat().st_mode) == 0o600
        assert str(kept.resolve()) in demo_partnership.banner
        password = kept.read_text().strip()
        assert password not in demo_partnership.banner
        assert password not in logs
    password = (access / "ngo-admin-password").read_text().strip()
    ngo = demo_partnership.url("ngo")
    token = httpx.post(
        ngo + "/api/v1/auth/tokens", json={"username": "admin", "password": password}
    ).json()["token"]
    admin = {"Authorization": f"Bearer {token}"}
    assert httpx.get(ngo + "/api/v1/accounts", headers=admin).status_code == 403
    changed = httpx.post(
        ngo + "/api/v1/auth/password",
        json={"current_password": password, "new_password": "Zarzad-NGO-Bartoszyce-13"},
        headers=admin,
    )
    assert changed.status_code == 204, changed.text
    accounts = httpx.get(ngo + "/api/v1/accounts", headers=admin).json()
    assert {"admin", "partnership-cli"} <= {account["username"] for account in accounts}
    assert not (access / "ngo-admin-password").exists()  # spent, so no longer kept


def test_requests_are_in_the_access_log_and_clients_in_the_audit_log(
    demo_partnership: RunningPartnership,
) -> None:
    log = (demo_partnership.data_dir / "logs" / "pup.log").read_text(errors="replace")
    assert "partnership-cli caseworker POST /api/v1/clients 201" in log
    demo_partnership.add_account("pup", "audytorka", "auditor", PASSWORD)
    token = httpx.post(
        demo_partnership.url("pup") + "/api/v1/auth/tokens",
        json={"username": "audytorka", "password": PASSWORD},
    ).json()["token"]
    entries = httpx.get(
        demo_partnership.url("pup") + "/api/v1/audit",
        params={"user": "partnership-cli", "limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert entries["total"] > 10
    assert {entry["address"] for entry in entries["items"]} == {"127.0.0.1"}
    assert any(
        entry["path"] == "/api/v1/clients" and entry["action"] == "change"
        for entry in entries["items"]
    )
