"""Who may do what on a partner node: nobody without credentials, each role its own, failed
logins slowed, passwords as argon2 hashes only, and the audit log of who saw which client."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from access_fixtures import routes
from fastapi.testclient import TestClient
from partner_fixtures import (
    ANNA,
    JERZY,
    PUP_LIKE,
    http_enrolled,
    http_programme,
    running_node,
    signed_in,
)
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from partnership_partner.bootstrap import PartnerExtension
from partnership_shared.access.gate import SESSION_COOKIE
from partnership_shared.access.service import AccessService
from partnership_shared.kernel.database import create_engine

pytestmark = pytest.mark.redis

PASSWORD = "Zielona-Łąka-2013"
EXTENSION = PartnerExtension(profile=PUP_LIKE)


@pytest.fixture
def anonymous(database_url: str, redis_url: str) -> Iterator[TestClient]:
    """A PUP-like node reached without credentials."""
    with running_node(EXTENSION, database_url, redis_url, "pup", role=None) as node:
        yield node


def access(node: TestClient) -> AccessService:
    service: AccessService = node.app.state.access  # type: ignore[attr-defined]
    return service


def person_with_password(
    node: TestClient, username: str, role: str, one_time: bool = False
) -> None:
    assert node.portal is not None
    node.portal.call(
        lambda: access(node).add_account(username, role, password=PASSWORD, one_time=one_time)
    )


def test_nothing_but_health_answers_without_credentials(anonymous: TestClient) -> None:
    caseworker = signed_in(anonymous, "caseworker")
    document = anonymous.get("/openapi.json", headers=caseworker).json()
    checked = []
    for method, path in routes(document):
        answer = anonymous.request(method, path, headers={"Accept-Language": "pl"}, json={})
        if path in ("/healthz", "/livez", "/readyz", "/api/v1/auth/tokens"):
            continue
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.json()["message"].startswith("Wymagane logowanie"), (method, path)
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        checked.append(path)
    assert len(checked) > 40
    assert anonymous.get("/healthz").status_code == 200
    english = anonymous.get("/api/v1/clients")
    assert english.json()["message"].startswith("You must sign in")
    assert anonymous.get("/api/v1/clients?lang=pl").json()["detail"][0]["type"] == "auth.required"
    assert anonymous.get("/openapi.json").status_code == 401
    assert anonymous.get("/no/such/page").status_code == 401
    wrong = anonymous.get("/api/v1/clients", headers={"Authorization": "Bearer made-up"})
    assert wrong.status_code == 401
    assert "not valid" in wrong.json()["message"]


def test_each_role_does_only_its_own(anonymous: TestClient) -> None:
    caseworker = signed_in(anonymous, "caseworker")
    auditor = signed_in(anonymous, "auditor")
    admin = signed_in(anonymous, "admin")
    programme_id = http_programme(_as(anonymous, caseworker))
    assert anonymous.get("/api/v1/programmes", headers=auditor).status_code == 200
    refused = anonymous.post("/api/v1/clients", json=ANNA, headers=auditor)
    assert refused.status_code == 403
    assert refused.json()["message"] == ("The role auditor may not do this; it needs: caseworker.")
    assert anonymous.get("/api/v1/clients", headers=admin).status_code == 403
    assert anonymous.get("/api/v1/accounts", headers=caseworker).status_code == 403
    assert anonymous.get("/api/v1/accounts", headers=admin).status_code == 200
    assert anonymous.get("/api/v1/audit", headers=caseworker).status_code == 403
    assert anonymous.get("/api/v1/audit", headers=auditor).status_code == 200
    assert anonymous.get("/api/v1/profile", headers=admin).status_code == 200
    made = anonymous.post(
        "/api/v1/accounts", json={"username": "jan", "role": "coordinator"}, headers=admin
    )
    assert made.status_code == 422
    assert "does not admit the role coordinator" in made.json()["message"]
    assert programme_id


def _as(node: TestClient, headers: dict[str, str]) -> TestClient:
    node.headers.update(headers)
    return node


def test_expired_revoked_and_disabled_credentials_are_refused(anonymous: TestClient) -> None:
    assert anonymous.portal is not None
    signed_in(anonymous, "caseworker", "ewa")
    expired = anonymous.portal.call(
        lambda: access(anonymous).issue("ewa", lifetime=timedelta(seconds=-1))
    )
    bearer = {"Authorization": f"Bearer {expired.token}"}
    assert anonymous.get("/api/v1/clients", headers=bearer).status_code == 401

    headers = signed_in(anonymous, "caseworker", "ewa")
    assert anonymous.get("/api/v1/clients", headers=headers).status_code == 200
    assert anonymous.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert anonymous.get("/api/v1/clients", headers=headers).status_code == 401

    headers = signed_in(anonymous, "caseworker", "ewa")
    admin = signed_in(anonymous, "admin")
    revoked = anonymous.post("/api/v1/accounts/ewa/revoke-tokens", headers=admin)
    assert revoked.json() == {"revoked": 2}  # the first and this one; not the expired
    assert anonymous.get("/api/v1/clients", headers=headers).status_code == 401

    headers = signed_in(anonymous, "caseworker", "ewa")
    assert anonymous.post("/api/v1/accounts/ewa/disable", headers=admin).status_code == 200
    assert anonymous.get("/api/v1/clients", headers=headers).status_code == 401
    assert anonymous.post("/api/v1/accounts/test-admin/disable", headers=admin).status_code == 422


def test_repeated_failed_logins_are_slowed(anonymous: TestClient) -> None:
    person_with_password(anonymous, "marta", "caseworker")
    wrong = {"username": "marta", "password": "not her password"}
    for _attempt in range(5):
        assert anonymous.post("/api/v1/auth/tokens", json=wrong).status_code == 401
    right = {"username": "marta", "password": PASSWORD}
    blocked = anonymous.post("/api/v1/auth/tokens", json=right, headers={"Accept-Language": "pl"})
    assert blocked.status_code == 429
    assert blocked.json()["message"] == (
        "Zbyt wiele nieudanych logowań na to konto: spróbuj ponownie za 15 min."
    )
    assert 800 < int(blocked.headers["Retry-After"]) <= 901
    # Another person from the same address still signs in, until the address is blocked too.
    person_with_password(anonymous, "tomasz", "caseworker")
    assert (
        anonymous.post(
            "/api/v1/auth/tokens", json={"username": "tomasz", "password": PASSWORD}
        ).status_code
        == 201
    )
    for number in range(15):
        guess = {"username": f"guess{number}", "password": "x"}
        assert anonymous.post("/api/v1/auth/tokens", json=guess).status_code == 401
    from_here = anonymous.post(
        "/api/v1/auth/tokens", json={"username": "tomasz", "password": PASSWORD}
    )
    assert from_here.status_code == 429
    assert "from this address" in from_here.json()["message"]


def test_passwords_are_kept_as_argon2_hashes_only(anonymous: TestClient, database_url: str) -> None:
    person_with_password(anonymous, "marta", "caseworker")
    token = anonymous.post(
        "/api/v1/auth/tokens", json={"username": "marta", "password": PASSWORD}
    ).json()["token"]
    assert anonymous.portal is not None

    async def stored() -> tuple[list[Any], list[Any]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                accounts = (await connection.execute(text("SELECT * FROM accounts"))).all()
                tokens = (await connection.execute(text("SELECT * FROM access_tokens"))).all()
        finally:
            await engine.dispose()
        return accounts, tokens

    accounts, tokens = anonymous.portal.call(stored)
    marta = next(row for row in accounts if row.username == "marta")
    assert marta.password_hash.startswith("$argon2id$")
    everything = repr(accounts) + repr(tokens)
    assert PASSWORD not in everything
    assert token not in everything


def test_a_browser_signs_in_and_changes_a_one_time_password(anonymous: TestClient) -> None:
    page = {"Accept": "text/html"}
    to_docs = anonymous.get("/docs", headers=page, follow_redirects=False)
    assert to_docs.status_code == 303
    assert to_docs.headers["location"] == "/login?next=%2Fdocs"
    form = anonymous.get("/login?next=/docs", headers={"Accept-Language": "pl"})
    assert form.status_code == 200
    assert 'lang="pl"' in form.text
    assert "Nazwa użytkownika" in form.text
    person_with_password(anonymous, "zofia", "caseworker", one_time=True)
    refused = anonymous.post(
        "/login", data={"username": "zofia", "password": "wrong", "next": "/docs", "lang": "pl"}
    )
    assert refused.status_code == 401
    assert "Nieprawidłowy login lub hasło." in refused.text
    signed = anonymous.post(
        "/login",
        data={"username": "zofia", "password": PASSWORD, "next": "/docs"},
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/password?next=/docs"
    cookie = signed.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over TLS the cookie is Secure
    # Until she chooses her own password, nothing else answers.
    blocked = anonymous.get("/api/v1/clients")
    assert blocked.status_code == 403
    assert "one-time password" in blocked.json()["message"]
    weak = anonymous.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "short",
            "repeat_password": "short",
        },
    )
    assert weak.status_code == 422
    assert "at least 12 characters" in weak.text
    changed = anonymous.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "Jesienne-Liście-2013",
            "repeat_password": "Jesienne-Liście-2013",
            "next": "/docs",
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert changed.headers["location"] == "/docs"
    assert anonymous.get("/api/v1/clients").status_code == 200
    assert anonymous.get("/docs", headers=page).status_code == 200
    assert anonymous.get("/openapi.json").status_code == 200
    anonymous.post("/logout", follow_redirects=False)
    assert anonymous.get("/api/v1/clients").status_code == 401


def test_an_admin_adds_an_account_with_a_one_time_password(anonymous: TestClient) -> None:
    admin = signed_in(anonymous, "admin")
    made = anonymous.post(
        "/api/v1/accounts", json={"username": "Piotr", "role": "caseworker"}, headers=admin
    )
    assert made.status_code == 201, made.text
    assert made.json()["account"]["username"] == "piotr"
    assert made.json()["account"]["must_change_password"] is True
    once = made.json()["one_time_password"]
    token = anonymous.post("/api/v1/auth/tokens", json={"username": "piotr", "password": once})
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    assert anonymous.get("/api/v1/clients", headers=bearer).status_code == 403
    changed = anonymous.post(
        "/api/v1/auth/password",
        json={"current_password": once, "new_password": "Piotr-ma-nowe-hasło"},
        headers=bearer,
    )
    assert changed.status_code == 422  # it holds his user name
    changed = anonymous.post(
        "/api/v1/auth/password",
        json={"current_password": once, "new_password": "Zimowy-Poranek-44"},
        headers=bearer,
    )
    assert changed.status_code == 204
    assert anonymous.get("/api/v1/clients", headers=bearer).status_code == 200
    assert anonymous.get("/api/v1/auth/me", headers=bearer).json() == {
        "username": "piotr",
        "role": "caseworker",
        "kind": "api",
        "must_change_password": False,
    }
    listed = anonymous.get("/api/v1/accounts", headers=admin).json()
    assert {"piotr", "test-admin"} <= {account["username"] for account in listed}


def test_who_read_or_changed_a_client_is_in_the_audit_log(
    anonymous: TestClient, database_url: str
) -> None:
    caseworker = signed_in(anonymous, "caseworker", "anna.k")
    auditor = signed_in(anonymous, "auditor")
    node = _as(anonymous, caseworker)
    anna = http_enrolled(node, http_programme(node), ANNA)
    jerzy = http_enrolled(node, http_programme(node, code="X/2"), JERZY)
    assert node.get(f"/api/v1/clients/{anna}").status_code == 200
    assert node.get("/api/v1/clients", params={"q": "Wiśniewska"}).status_code == 200
    del node.headers["Authorization"]

    log = anonymous.get("/api/v1/audit", params={"client_id": anna}, headers=auditor).json()
    found = [(e["action"], e["method"], e["path"], e["actor"]) for e in log["items"]]
    assert found == [
        ("read", "GET", "/api/v1/clients", "anna.k"),
        ("read", "GET", f"/api/v1/clients/{anna}", "anna.k"),
        ("change", "POST", f"/api/v1/clients/{anna}/enrolment", "anna.k"),
        ("change", "POST", "/api/v1/clients", "anna.k"),
    ]
    assert {e["address"] for e in log["items"]} == {"testclient"}
    assert all(e["role"] == "caseworker" and e["status"] < 300 for e in log["items"])
    # The search (a name) is not kept: only the path.
    everything = anonymous.get("/api/v1/audit", params={"limit": 1000}, headers=auditor).text
    assert "Wiśniewska" not in everything
    by_user = anonymous.get("/api/v1/audit", params={"user": "anna.k"}, headers=auditor).json()
    assert {e["client_id"] for e in by_user["items"]} == {anna, jerzy}
    page = anonymous.get(
        "/api/v1/audit", params={"user": "anna.k", "limit": 2, "offset": 2}, headers=auditor
    ).json()
    assert (page["total"], len(page["items"])) == (by_user["total"], 2)
    before = anonymous.get(
        "/api/v1/audit", params={"to": "2013-12-31", "user": "anna.k"}, headers=auditor
    ).json()
    assert before["total"] == 0
    exported = anonymous.get("/api/v1/audit.csv", params={"user": "anna.k"}, headers=auditor)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == by_user["total"]
    assert rows[0]["path"] == "/api/v1/clients"
    # Nobody changes the log through the API: it has no route that would.
    document = anonymous.get("/openapi.json", headers=auditor).json()
    assert {
        m for p, ops in document["paths"].items() if p.startswith("/api/v1/audit") for m in ops
    } == {"get"}
    assert anonymous.get("/api/v1/audit", headers=caseworker).status_code == 403

    async def tamper(statement: str) -> None:
        engine = create_engine(database_url)
        try:
            async with engine.begin() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    assert anonymous.portal is not None
    for statement in ("UPDATE audit_log SET actor = 'nobody'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            anonymous.portal.call(tamper, statement)
