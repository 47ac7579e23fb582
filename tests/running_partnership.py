"""A whole partnership started the way a user starts it: `partnership up`, as a real process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent


def free_port_run(count: int) -> int:
    """The first of `count` consecutive free ports."""
    for base in range(18100, 30000, 10):
        sockets = []
        try:
            for port in range(base, base + count):
                probe = socket.socket()
                sockets.append(probe)
                probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise RuntimeError("no free ports")


@dataclass
class RunningPartnership:
    process: subprocess.Popen[str]
    data_dir: Path
    env: dict[str, str]
    port_base: int
    banner: str

    @property
    def reporting(self) -> str:
        return f"http://127.0.0.1:{self.port_base}"

    def url(self, partner: str) -> str:
        offset = {"reporting": 0, "pup": 1, "ops": 2, "ngo": 3}[partner]
        return f"http://127.0.0.1:{self.port_base + offset}"

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "partnership"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def token(self, node: str = "reporting") -> str:
        """The token of the node's service account (`partnership-cli`: a caseworker on the
        partner nodes, a coordinator on the reporting node), as `partnership up` keeps it."""
        return (self.data_dir / "access" / f"{node}.token").read_text(encoding="utf-8").strip()

    def headers(self, node: str = "reporting") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(node)}"}

    def get(self, node: str, path: str, **params: str) -> httpx.Response:
        """GET `path` of a node, signed in as its service account."""
        return httpx.get(
            self.url(node) + path, params=params, headers=self.headers(node), timeout=10
        )

    def summary(self, **params: str) -> dict[str, object]:
        response = self.get("reporting", "/api/v1/summary", **params)
        response.raise_for_status()
        result: dict[str, object] = response.json()
        return result

    def sign_in(self, node: str, username: str, password: str) -> str:
        """A bearer token of an account on a node, asked for as a program does."""
        response = httpx.post(
            self.url(node) + "/api/v1/auth/tokens",
            json={"username": username, "password": password},
            timeout=10,
        )
        response.raise_for_status()
        return str(response.json()["token"])

    def add_account(self, node: str, username: str, role: str, password: str) -> None:
        """An account on a node, through `partnership users add` (the password from stdin)."""
        done = subprocess.run(
            [
                str(BIN / "partnership"),
                "users",
                "add",
                "--node",
                node,
                "--username",
                username,
                "--role",
                role,
                "--password-stdin",
            ],
            env=self.env,
            input=password + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def stop(self) -> tuple[int, str]:
        """Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        out, _ = self.process.communicate(timeout=60)
        return self.process.returncode, out

    def logs(self) -> str:
        return "".join(
            path.read_text(errors="replace") for path in sorted((self.data_dir / "logs").iterdir())
        )


def start_partnership(data_dir: Path, port_base: int, redis_port: int) -> RunningPartnership:
    env = dict(os.environ)
    env.update(
        PARTNERSHIP_DATA_DIR=str(data_dir),
        PARTNERSHIP_PORT_BASE=str(port_base),
        PARTNERSHIP_REDIS_PORT=str(redis_port),
        COLUMNS="200",
    )
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [str(BIN / "partnership"), "up"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, as in a terminal
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "stops everything" in line:
            return RunningPartnership(process, data_dir, env, port_base, "".join(lines))
    process.kill()
    raise AssertionError("`partnership up` did not come up:\n" + "".join(lines))


@contextmanager
def partnership_with_demo(data_dir: Path) -> Iterator[RunningPartnership]:
    """`partnership up` in `data_dir` on free ports, with `partnership demo` loaded once."""
    port_base = free_port_run(5)
    running = start_partnership(data_dir, port_base, port_base + 4)
    try:
        loaded = running.cli("demo")
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield running
    finally:
        if running.process.poll() is None:
            running.stop()
