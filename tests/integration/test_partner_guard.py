"""Each partner node (PUP, OPS, NGO, their real apps) against hostile requests: a host it is not
known by, a body too large, an offset past any list, and the headers of its HTML answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from partner_fixtures import running_node

from ngo_node.extension import EXTENSION as NGO
from ops_node.extension import EXTENSION as OPS
from pup_node.extension import EXTENSION as PUP

pytestmark = pytest.mark.redis
NODES: dict[str, Any] = {"pup": PUP, "ops": OPS, "ngo": NGO}


@pytest.fixture(params=list(NODES))
def node(request: pytest.FixtureRequest, sqlite_url: str, redis_url: str) -> Iterator[TestClient]:
    with running_node(
        NODES[request.param], sqlite_url, redis_url, request.param, max_body_bytes=64 * 1024
    ) as client:
        yield client


def test_a_host_the_node_is_not_known_by_gets_400(node: TestClient) -> None:
    for path in ("/healthz", "/api/v1/clients", "/docs"):
        refused = node.get(path, headers={"Host": "evil.example"})
        assert refused.status_code == 400, path
        assert refused.json()["detail"][0]["loc"] == ["Host"]
    assert node.get("/healthz", headers={"Host": "127.0.0.1:8101"}).status_code == 200


def test_a_body_larger_than_the_cap_gets_413_and_changes_nothing(node: TestClient) -> None:
    person = {"pesel": "68041210123", "first_name": "A" * 70_000, "last_name": "B"}
    declared = node.post("/api/v1/clients", json=person)

    def chunks() -> Iterator[bytes]:
        yield b'{"pesel": "68041210123", "first_name": "'
        for _ in range(10):
            yield b"A" * 8192
        yield b'", "last_name": "B"}'

    chunked = node.post(
        "/api/v1/clients", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert declared.status_code == chunked.status_code == 413
    assert "at most 65536 bytes" in chunked.json()["message"]
    assert node.get("/api/v1/clients").json()["total"] == 0


def test_an_offset_past_any_list_is_refused_naming_it(node: TestClient) -> None:
    lists = [
        path
        for path, operations in node.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        if "get" in operations
        and any(p["name"] == "offset" for p in operations["get"].get("parameters", []))
        and not path.startswith("/api/v1/audit")  # auditors' alone: a caseworker gets a 403
    ]
    assert len(lists) >= 6
    for path in lists:
        refused = node.get(path, params={"offset": "9223372036854775808"})
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["detail"][0]["loc"] == ["offset"]


def test_the_html_answers_carry_the_security_headers(node: TestClient) -> None:
    docs = node.get("/docs")
    assert docs.status_code == 200
    policy = docs.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "'sha256-" in policy
    for answer in (docs, node.get("/api/v1/clients"), node.get("/nowhere")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["referrer-policy"] == "no-referrer"
    assert node.get("/redoc").status_code == 404
