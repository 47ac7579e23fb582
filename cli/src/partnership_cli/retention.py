"""`partnership retention`: apply the partner nodes' retention rules now, rather than at the next
hourly run: personal data of clients who left longer ago than `PERSONAL_DATA_RETENTION_DAYS` are
erased, answers kept for repeated writes longer than `IDEMPOTENCY_HOURS` dropped."""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.console import Console

from partnership_cli.local import PORT_BASE, node_specs

console = Console()


def retention(
    port_base: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
    ] = PORT_BASE,
) -> None:
    """Apply the retention rules on every partner node now (they also run every hour)."""
    failed = False
    for node in node_specs(port_base):
        if not node.partner:
            continue
        try:
            answer = httpx.post(f"{node.url}/api/v1/retention", timeout=120)
        except httpx.HTTPError as error:
            console.print(f"[red]{node.name}: the node did not answer: {error}[/]")
            failed = True
            continue
        if answer.status_code != 200:
            console.print(f"[red]{node.name}: refused: {answer.text.strip()}[/]")
            failed = True
            continue
        done = answer.json()
        console.print(
            f"{node.name}: personal data of {len(done['erased_client_ids'])} clients erased, "
            f"{done['answers_dropped']} kept answers dropped"
        )
    if failed:
        raise typer.Exit(1)
