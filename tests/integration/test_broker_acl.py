"""The broker as `partnership up` runs it (real Valkey, Redis 7 ACLs): each node's user may do
what its node needs and nothing more, and a connection without credentials may do nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.exceptions import AuthenticationError, NoPermissionError, ResponseError

from partnership_cli.credentials import Credentials
from partnership_cli.local import LockedBroker

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LockedBroker, Credentials]]:
    data_dir = tmp_path_factory.mktemp("partnership")
    credentials = Credentials(data_dir).ensure()
    server = LockedBroker(credentials, data_dir=data_dir / "redis")
    server.start()
    try:
        yield server, credentials
    finally:
        server.stop()


def connect(broker: tuple[LockedBroker, Credentials], user: str | None) -> redis.Redis:
    server, credentials = broker
    if user is None:
        return redis.Redis(host="127.0.0.1", port=server.port)
    return redis.Redis(
        host="127.0.0.1", port=server.port, username=user, password=credentials.password(user)
    )


def test_a_partner_appends_to_its_own_stream_and_cannot_write_another(broker: object) -> None:
    pup = connect(broker, "pup")  # type: ignore[arg-type]
    assert pup.xadd("stream:pup", {"__data__": b"{}"})
    assert pup.xadd("stream:pup:heartbeats", {"published_seq": "1"})
    for stream in ("stream:ops", "stream:ngo", "stream:dead-letter"):
        with pytest.raises(NoPermissionError):
            pup.xadd(stream, {"__data__": b'{"forged": true}'})
    with pytest.raises(NoPermissionError):
        pup.xrange("stream:pup")  # append only: it reads nothing back from its own stream
    with pytest.raises(NoPermissionError):
        pup.delete("stream:pup")


def test_only_the_reporting_node_may_ask_a_partner_to_publish_again(broker: object) -> None:
    request = {"from_seq": "1", "to_seq": "5", "requested_by": "reporting"}
    for partner in ("pup", "ops", "ngo"):
        user = connect(broker, partner)  # type: ignore[arg-type]
        for target in ("pup", "ops", "ngo"):
            with pytest.raises(NoPermissionError):
                user.xadd(f"stream:{target}:replay-requests", request)
    reporting = connect(broker, "reporting")  # type: ignore[arg-type]
    assert reporting.xadd("stream:pup:replay-requests", request)
    # PUP's relay reads the requests addressed to it through its group, and acknowledges them.
    pup = connect(broker, "pup")  # type: ignore[arg-type]
    pup.xgroup_create("stream:pup:replay-requests", "relay", id="0")
    [(_, [(entry_id, fields)])] = pup.xreadgroup(
        "relay", "relay-1", {"stream:pup:replay-requests": ">"}
    )
    assert fields[b"from_seq"] == b"1"
    assert pup.xack("stream:pup:replay-requests", "relay", entry_id) == 1
    ops = connect(broker, "ops")  # type: ignore[arg-type]
    with pytest.raises(NoPermissionError):
        ops.xreadgroup("relay", "spy", {"stream:pup:replay-requests": "0"})


def test_the_reporting_node_reads_and_acknowledges_but_never_writes_a_partner_stream(
    broker: object,
) -> None:
    connect(broker, "ops").xadd("stream:ops", {"__data__": b"{}"})  # type: ignore[arg-type]
    reporting = connect(broker, "reporting")  # type: ignore[arg-type]
    reporting.xgroup_create("stream:ops", "reporting", id="0")
    [(_, entries)] = reporting.xreadgroup("reporting", "r-1", {"stream:ops": ">"})
    assert reporting.xack("stream:ops", "reporting", *(entry_id for entry_id, _ in entries))
    assert reporting.xlen("stream:ops") >= 1
    assert reporting.xadd("stream:dead-letter", {"reason": "test"})
    with pytest.raises(NoPermissionError):
        reporting.xadd("stream:ops", {"__data__": b'{"forged": true}'})
    with pytest.raises(NoPermissionError):
        reporting.xtrim("stream:ops", maxlen=0)


def test_without_credentials_nothing_is_allowed(broker: object) -> None:
    anonymous = connect(broker, None)  # type: ignore[arg-type]
    with pytest.raises((AuthenticationError, ResponseError)):
        anonymous.xadd("stream:pup", {"__data__": b"{}"})
    with pytest.raises((AuthenticationError, ResponseError)):
        anonymous.ping()
    wrong = redis.Redis(
        host="127.0.0.1",
        port=broker[0].port,  # type: ignore[index]
        username="pup",
        password="not-the-password",
    )
    with pytest.raises(AuthenticationError):
        wrong.ping()


def test_the_acl_file_holds_no_password_in_clear(broker: object) -> None:
    _, credentials = broker  # type: ignore[misc]
    text = credentials.acl_file.read_text()
    assert "user default off" in text
    for user in credentials.broker_users():
        assert credentials.password(user) not in text
    assert (credentials.acl_file.stat().st_mode & 0o777) == 0o600
    assert Path(credentials.password_file("pup")).stat().st_mode & 0o077 == 0
