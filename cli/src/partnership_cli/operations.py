"""`partnership status` and `partnership stop`: how a running partnership is, and ending it."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from partnership_cli.local import NodeSpec, Running, node_specs


@dataclass(frozen=True)
class NodeState:
    node: NodeSpec
    ready: bool | None
    """None: the node does not answer at all."""
    answer: dict[str, Any]


def read_states(port_base: int) -> list[NodeState]:
    states = []
    for node in node_specs(port_base):
        try:
            response = httpx.get(f"{node.url}/readyz", timeout=3)
            states.append(NodeState(node, response.status_code == 200, response.json()))
        except (httpx.HTTPError, ValueError):
            states.append(NodeState(node, None, {}))
    return states


def ingest_status(port_base: int, token: str | None) -> dict[str, Any] | None:
    """The reporting node's ingest status, asked with the local run's service token."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = httpx.get(
            f"http://127.0.0.1:{port_base}/api/v1/ingest/status", timeout=5, headers=headers
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
    except (httpx.HTTPError, ValueError):
        return None
    return answer


def show_status(console: Console, port_base: int, token: str | None = None) -> bool:
    """Print each node's readiness, and ingest's lag, gaps, losses and dead letters (with the
    reporting node's `token`); True if every node is ready."""
    states = read_states(port_base)
    table = Table(title="Partnership nodes", show_lines=False)
    for column in ("node", "url", "state", "details"):
        table.add_column(column)
    for state in states:
        if state.ready is None:
            label, details = "[red]not answering[/]", ""
        else:
            label = "[green]ready[/]" if state.ready else "[yellow]not ready[/]"
            details = ", ".join(
                f"{key}: {value}"
                for key, value in state.answer.items()
                if key not in {"status", "node", "gaps", "lost", "backlog"} and value != "ok"
            )
        table.add_row(state.node.name, state.node.url, label, details)
    console.print(table)
    ingest = ingest_status(port_base, token)
    if ingest is not None:
        sources = Table(title="Reporting ingest, by partner")
        for column in (
            "partner",
            "events",
            "complete up to seq",
            "missing",
            "lost",
            "dead letters",
        ):
            sources.add_column(column, justify="right" if column != "partner" else "left")
        for source in ingest["sources"]:
            sources.add_row(
                source["source"],
                str(source["events"]),
                str(source["last_contiguous_seq"]),
                _ranges(source["missing"]) or "—",
                _ranges(source.get("lost", [])) or "—",
                str(source["dead_letters"]),
            )
        console.print(sources)
        lag = sum(s.get("pending", 0) for s in ingest["streams"] if "pending" in s)
        readiness = next((s.answer for s in states if s.node.name == "reporting"), {})
        console.print(
            f"backlog: {readiness.get('backlog', lag)} entries · dead letters: "
            f"{ingest['dead_letters']} · lost seqs: {ingest.get('lost', 0)}"
        )
    return all(state.ready for state in states)


def _ranges(ranges: list[dict[str, int]]) -> str:
    return ", ".join(
        str(r["from_seq"]) if r["from_seq"] == r["to_seq"] else f"{r['from_seq']}–{r['to_seq']}"
        for r in ranges
    )


def stop_running(data_dir: Path, console: Console, timeout: float = 60.0) -> bool:
    """Ask the `partnership up` of `data_dir` to stop, and wait until it has; False if none ran."""
    running = Running.load(data_dir)
    if running is None:
        return False
    os.kill(running.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    with console.status("Stopping the partnership…"):
        while running.alive():
            if time.monotonic() > deadline:
                raise RuntimeError(f"process {running.pid} still runs after {timeout:.0f} s")
            time.sleep(0.2)
    return True
