"""`partnership`: run a whole partnership locally, load the demo, print monitoring reports."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from datetime import date
from importlib.metadata import version as installed_version
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from partnership_cli import demo as demo_scenarios
from partnership_cli import reporting, users
from partnership_cli.credentials import Credentials
from partnership_cli.local import (
    PORT_BASE,
    REDIS_PORT,
    ConfigConflict,
    LocalPartnership,
    LockedBroker,
    PartnershipConfig,
    Running,
    first_admin_file,
    keep_private,
    node_specs,
    read_token,
    sigint_held,
)
from partnership_cli.operations import show_status, stop_running
from partnership_cli.report import report
from partnership_cli.retention import retention
from partnership_cli.verify import Finding
from partnership_shared.i18n import pick_lang
from partnership_shared.kernel.secrets import WeakSecret, read_private_text

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


DEFAULT_DATA_DIR = Path("var")
DESCRIPTIONS = {
    "reporting": "dashboard, /api/v1/summary",
    "pup": "Powiatowy Urząd Pracy — API at /docs",
    "ops": "Ośrodek Pomocy Społecznej — API at /docs",
    "ngo": "organizacja pozarządowa — API at /docs",
}


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


DataDir = Annotated[
    Path,
    typer.Option(
        envvar="PARTNERSHIP_DATA_DIR",
        help="Where databases, broker data, logs, keys and secrets live",
    ),
]


def _ensure_credentials(data_dir: Path, operator_secret: str | None = None) -> Credentials:
    try:
        return Credentials(data_dir).ensure(operator_secret)
    except (WeakSecret, ValueError) as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None


@app.command()
def init(
    data_dir: DataDir = DEFAULT_DATA_DIR,
    secret_file: Annotated[
        Path | None,
        typer.Option(
            help="Bring the partnership's own pseudonym secret (a file of mode 0600, at least 32 "
            "random characters); by default one is generated"
        ),
    ] = None,
) -> None:
    """Make the partnership's secrets: the pseudonym secret, each partner's signing key and the
    registry of their public keys, and the broker's users. What exists is kept."""
    operator_secret = None
    if secret_file is not None:
        try:
            operator_secret = read_private_text(secret_file, "the pseudonym secret file")
        except (OSError, WeakSecret) as error:
            console.print(f"[red]{error}[/]")
            raise typer.Exit(1) from None
    credentials = _ensure_credentials(data_dir, operator_secret)
    for made in credentials.made or ["nothing new: every secret was there already"]:
        console.print(f"made {made}" if credentials.made else made)
    console.print(f"registry of partner keys: {credentials.registry_file}")


keys = typer.Typer(help="The partners' signing keys.", no_args_is_help=True)
app.add_typer(keys, name="keys")


@keys.command("rotate")
def rotate(
    partner: Annotated[str, typer.Argument(help="The partner whose key to replace: pup, ops, ngo")],
    data_dir: DataDir = DEFAULT_DATA_DIR,
    retire_after_seq: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="The old key vouches for no event after this seq (the partner's last published "
            "seq; at once, when the key may have leaked)",
        ),
    ] = None,
) -> None:
    """Give a partner a new signing key; what the old one signed stays verifiable. Restart the
    partner's node afterwards (consumers read the registry again on their own)."""
    credentials = Credentials(data_dir)
    if partner not in credentials.partners or not credentials.key_file(partner).exists():
        console.print(f"[red]no signing key of {partner!r} in {credentials.keys_dir}[/]")
        raise typer.Exit(1)
    old, new = credentials.rotate(partner, retire_after_seq)
    retired = f", retired after seq {retire_after_seq}" if retire_after_seq is not None else ""
    console.print(f"{partner}: new key {new}; {old} stays in the registry{retired}")


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
    keep_private(data_dir)
    try:
        config = PartnershipConfig.load_or_create(data_dir, partnership_id, began)
    except ConfigConflict as conflict:
        console.print(f"[red]{conflict}[/]")
        raise typer.Exit(2) from None
    credentials = _ensure_credentials(data_dir)
    # Both stop everything, even where the shell started us with SIGINT ignored (in background).
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    server = None
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        server = LockedBroker(
            credentials,
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
    local = LocalPartnership(
        data_dir,
        config,
        redis_url,
        node_specs(port_base),
        broker_port=server.port if server is not None else None,
    )
    try:
        Running(os.getpid(), port_base, redis_url).save(data_dir)
        local.start_nodes()
        with console.status("Starting the nodes…"):
            local.wait_ready()
        console.print(
            f"Partnership [bold]{config.partnership_id}[/] (since {config.starts_on:%d.%m.%Y}), "
            f"data in {data_dir.resolve()}"
        )
        broker_users = " (a user per node, passwords in broker/)" if server is not None else ""
        shown = re.sub(r"://([^:@/]*):[^@/]*@", r"://\1:***@", redis_url)
        console.print(f"{'broker':<10} {shown}{broker_users}")
        for node in local.nodes:
            console.print(f"{node.name:<10} {node.url:<24} {DESCRIPTIONS[node.name]}")
        _first_admins(data_dir, local)
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
    if not show_status(console, port_base, read_token(data_dir, "reporting")):
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


def _first_admins(data_dir: Path, local: LocalPartnership) -> None:
    """Where each node's first admin finds its one-time password (never the password itself)."""
    waiting = [
        (node.name, path)
        for node in local.nodes
        if (path := first_admin_file(data_dir, node.name)).exists()
    ]
    if waiting:
        console.print(
            "Sign in as [bold]admin[/] on each node with its one-time password (you choose your "
            "own at first sign-in), kept readable by you only in:"
        )
        for name, path in waiting:
            console.print(f"  {name:<10} {path.resolve()}")


@app.command()
def demo(
    scenario: Annotated[
        str,
        typer.Argument(
            help="bartoszyce (Bartoszyce 2013, the default) or poznan (the family programme "
            "Schematom STOP!, 2013–2015)"
        ),
    ] = "bartoszyce",
    port_base: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
    ] = PORT_BASE,
    lang: Annotated[
        str, typer.Option(envvar="PARTNERSHIP_LANG", help="pl (the default) or en")
    ] = "pl",
    data_dir: Annotated[
        Path,
        typer.Option(
            envvar="PARTNERSHIP_DATA_DIR",
            help="The running partnership's data directory (its service tokens sign the demo in)",
        ),
    ] = DEFAULT_DATA_DIR,
) -> None:
    """Load a demo partnership through the partner nodes' APIs (a second run changes nothing).

    It signs in to each node as that node's service account `partnership-cli` (a caseworker on
    the partner nodes, a coordinator on the reporting node), with the tokens `partnership up`
    keeps in the data directory."""
    if scenario not in demo_scenarios.SCENARIOS:
        known = ", ".join(demo_scenarios.SCENARIOS)
        raise typer.BadParameter(f"{scenario!r}: the scenarios are {known}", param_hint="SCENARIO")
    nodes = {node.name: node.url for node in node_specs(port_base)}
    reporting = nodes.pop("reporting")
    tokens = {name: read_token(data_dir, name) for name in (*nodes, "reporting")}
    missing = [name for name, token in tokens.items() if token is None]
    if missing:
        console.print(
            f"[red]No service token of {', '.join(missing)} in {data_dir.resolve()}/access: is "
            "the partnership running (partnership up) with this data directory?[/]"
        )
        raise typer.Exit(1)
    try:
        outcome = demo_scenarios.load_scenario(
            scenario, nodes, reporting, console, {k: v for k, v in tokens.items() if v}
        )
    except demo_scenarios.DemoError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(1) from None
    demo_scenarios.print_outcome(scenario, outcome, console, pick_lang(lang))


@app.command()
def verify(
    stream: Annotated[
        list[str] | None,
        typer.Option(help="A partner whose stream to check (repeat for several)"),
    ] = None,
    event_store: Annotated[
        bool, typer.Option(help="Check the reporting node's event store instead")
    ] = False,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    redis_url: Annotated[
        str | None,
        typer.Option(
            envvar="REDIS_URL",
            help="The broker; by default the local one, as the reporting node's user",
        ),
    ] = None,
    redis_port: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_REDIS_PORT", help="Port of the embedded broker")
    ] = REDIS_PORT,
    database_url: Annotated[
        str | None,
        typer.Option(help="The reporting node's database; by default the local one"),
    ] = None,
) -> None:
    """Check that a partner's stream, or the reporting event store, is one unbroken chain the
    partner signed, and say where it breaks."""
    import asyncio

    from redis.asyncio import Redis

    from partnership_cli.verify import verify_event_store, verify_stream
    from partnership_shared.kernel.keys import KeyRegistry

    credentials = Credentials(data_dir)
    findings = []
    if event_store:
        url = database_url or f"sqlite+aiosqlite:///{(data_dir / 'reporting.db').resolve()}"
        findings = asyncio.run(verify_event_store(url))
    else:
        config = json.loads((data_dir / "partnership.json").read_text(encoding="utf-8"))
        registry = KeyRegistry.from_file(credentials.registry_file)
        url = redis_url or credentials.redis_url("reporting", "127.0.0.1", redis_port)

        async def check() -> list[Finding]:
            redis = Redis.from_url(url)
            try:
                return [
                    await verify_stream(redis, partner, registry, config["partnership_id"])
                    for partner in (stream or list(credentials.partners))
                ]
            finally:
                await redis.aclose()

        findings = asyncio.run(check())
    broken = False
    for finding in findings:
        if finding.whole:
            console.print(
                f"{finding.source}: {finding.events} events, chain whole and signed "
                f"to seq {finding.verified_to}"
            )
            continue
        broken = True
        console.print(
            f"[red]{finding.source}: {finding.events} events, chain holds to seq "
            f"{finding.verified_to}; breaks:[/]"
        )
        for problem in finding.problems:
            console.print(f"  {problem}")
    if broken:
        raise typer.Exit(1)


app.command(help="Write the monitoring report (sprawozdanie z monitoringu) for a period.")(report)
app.add_typer(users.app, name="users")
app.command()(retention)
