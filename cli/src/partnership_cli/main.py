"""`partnership`: run a whole partnership locally, load the demo, print monitoring reports."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from partnership_cli import demo as demo_scenarios
from partnership_cli.credentials import Credentials
from partnership_cli.local import (
    PORT_BASE,
    REDIS_PORT,
    LocalPartnership,
    LockedBroker,
    PartnershipConfig,
    keep_private,
    node_specs,
)
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
console = Console()

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
        str, typer.Option(help="The partnership's id (fixed on first start)")
    ] = "partnership",
    starts_on: Annotated[
        str,
        typer.Option(
            help="The date the partnership agreement was signed, YYYY-MM-DD (fixed on first "
            "start); records dated earlier are refused",
        ),
    ] = "2013-01-15",
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
    """Start the broker and the four nodes on localhost; Ctrl-C stops them all."""
    try:
        began = date.fromisoformat(starts_on)
    except ValueError:
        raise typer.BadParameter(
            f"{starts_on!r} is not a date YYYY-MM-DD", param_hint="--starts-on"
        ) from None
    data_dir.mkdir(parents=True, exist_ok=True)
    keep_private(data_dir)
    config = PartnershipConfig.load_or_create(data_dir, partnership_id, began)
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
        local.start_nodes()
        local.wait_healthy()
        console.print(
            f"Partnership [bold]{config.partnership_id}[/] (since {config.starts_on:%d.%m.%Y}), "
            f"data in {data_dir.resolve()}"
        )
        users = " (a user per node, passwords in broker/)" if server is not None else ""
        shown = re.sub(r"://([^:@/]*):[^@/]*@", r"://\1:***@", redis_url)
        console.print(f"{'broker':<10} {shown}{users}")
        for node in local.nodes:
            console.print(f"{node.name:<10} {node.url:<24} {DESCRIPTIONS[node.name]}")
        console.print("Ctrl-C stops everything. Load the demo with: partnership demo")
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
        local.stop_nodes()
        if server is not None:
            server.stop()
    console.print("Stopped.")


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
) -> None:
    """Load a demo partnership through the partner nodes' APIs (a second run changes nothing)."""
    if scenario not in demo_scenarios.SCENARIOS:
        known = ", ".join(demo_scenarios.SCENARIOS)
        raise typer.BadParameter(f"{scenario!r}: the scenarios are {known}", param_hint="SCENARIO")
    nodes = {node.name: node.url for node in node_specs(port_base)}
    reporting = nodes.pop("reporting")
    try:
        outcome = demo_scenarios.load_scenario(scenario, nodes, reporting, console)
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
app.command()(retention)
