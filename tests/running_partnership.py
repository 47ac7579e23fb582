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

    def get(self, node: str, path: str, **params: str) -> httpx.Response:
        """A GET to one of the nodes (`reporting`, `pup`, `ops`, `ngo`)."""
        return httpx.get(f"{self.url(node)}{path}", params=params, timeout=30)

    def summary(self, **params: str) -> dict[str, object]:
        response = httpx.get(f"{self.reporting}/api/v1/summary", params=params, timeout=10)
        response.raise_for_status()
        result: dict[str, object] = response.json()
        return result

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=60)
        return self.process.returncode, out


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
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C stops everything" in line:
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
