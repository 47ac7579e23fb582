"""`partnership reporting …`: operate the reporting node (rebuild, dead letters) over its API.

Each command signs in with `--token`, by default the local run's service token (a coordinator:
it may rebuild and re-drive). Dead letters are shown to auditors only: list them with an
auditor's token."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from partnership_cli.local import PORT_BASE, read_token

app = typer.Typer(help="Operate the reporting node: rebuild projections, dead letters.")
DATA_DIR = Path("var")
console = Console()

PortBase = Annotated[
    int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
]
DataDir = Annotated[
    Path, typer.Option(envvar="PARTNERSHIP_DATA_DIR", help="The local run's data directory")
]
Token = Annotated[
    str | None,
    typer.Option(
        envvar="PARTNERSHIP_TOKEN",
        help="A bearer token of the reporting node (default: the local run's service token)",
    ),
]


def _url(port_base: int, path: str) -> str:
    return f"http://127.0.0.1:{port_base}/api/v1{path}"


def _credentials(data_dir: Path, token: str | None) -> dict[str, str]:
    credential = token or read_token(data_dir, "reporting")
    return {"Authorization": f"Bearer {credential}"} if credential else {}


def _call(method: str, url: str, headers: dict[str, str], **options: Any) -> Any:
    try:
        response = httpx.request(method, url, timeout=30, headers=headers, **options)
        response.raise_for_status()
    except httpx.HTTPError as error:
        console.print(f"[red]The reporting node did not answer as expected: {error}[/]")
        raise typer.Exit(1) from None
    return response.json()


@app.command()
def rebuild(
    port_base: PortBase = PORT_BASE, data_dir: DataDir = DATA_DIR, token: Token = None
) -> None:
    """Derive every projection again from the event store, with a progress bar; says whether the
    rebuilt figures are identical to the live ones."""
    headers = _credentials(data_dir, token)
    state = _call("POST", _url(port_base, "/projections/rebuild"), headers)
    with Progress(
        TextColumn("rebuilding projections"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("rebuild", total=state.get("events") or None)
        while state["state"] == "running":
            time.sleep(0.2)
            state = _call("GET", _url(port_base, "/projections/rebuild"), headers)
            progress.update(task, total=state["events"] or None, completed=state["read"])
        progress.update(task, completed=state["read"])
    if state["state"] != "done":
        console.print(f"[red]The rebuild failed: {state['error']}[/]")
        raise typer.Exit(1)
    verdict = (
        "[green]identical to the live figures[/]"
        if state["identical"]
        else "[yellow]different from the live figures (the rebuilt ones now stand)[/]"
    )
    console.print(f"Rebuilt from {state['read']} events in {state['seconds']:.1f} s: {verdict}")


@app.command("dead-letters")
def dead_letters(
    port_base: PortBase = PORT_BASE,
    data_dir: DataDir = DATA_DIR,
    token: Token = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 50,
) -> None:
    """List the entries ingest refused, newest first, with the reason (an auditor's token)."""
    letters = _call(
        "GET",
        _url(port_base, "/dead-letters"),
        _credentials(data_dir, token),
        params={"limit": limit},
    )
    if not letters:
        console.print("No dead letters.")
        return
    table = Table(title="Dead letters")
    for column in ("id", "stream", "entry", "received", "size", "re-driven", "reason"):
        table.add_column(column)
    for letter in letters:
        table.add_row(
            str(letter["id"]),
            letter["stream"],
            letter["entry_id"],
            letter["received_at"][:19],
            f"{letter['size']} B",
            (letter["redriven_at"] or "")[:19],
            letter["reason"],
        )
    console.print(table)


@app.command()
def redrive(
    port_base: PortBase = PORT_BASE,
    data_dir: DataDir = DATA_DIR,
    token: Token = None,
    ids: Annotated[
        list[int] | None, typer.Option("--id", help="A dead letter to re-drive (repeatable)")
    ] = None,
) -> None:
    """Offer dead letters to ingest again after a fix (all not yet re-driven, or those --id)."""
    answer = _call(
        "POST",
        _url(port_base, "/dead-letters/redrive"),
        _credentials(data_dir, token),
        json={"ids": ids or None},
    )
    console.print(
        f"re-driven: {answer['redriven']} · still refused: {answer['still_refused']} · "
        f"without a kept body: {answer['without_body']}"
    )
