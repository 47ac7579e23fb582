"""`partnership users`: the accounts of a node, from the node's own machine.

The commands open the node's database directly (the local run's SQLite file in the data
directory, or `--database-url`), as an operator's tool: they work before any admin exists and
while the node runs. Each change is entered in the node's audit log as done by `cli:<user>`.
The node must have started once (its migrations made the tables).
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import inspect

from partnership_shared.access.audit import Actor, AuditLog, entries
from partnership_shared.access.messages import WORDS
from partnership_shared.access.passwords import one_time_password
from partnership_shared.access.roles import PARTNER_ROLES, REPORTING_ROLES
from partnership_shared.access.service import AccessError, AccessService
from partnership_shared.access.tables import define_access
from partnership_shared.kernel.database import create_engine, new_metadata, session_factory

T = TypeVar("T")

NODES = ("reporting", "pup", "ops", "ngo")
console = Console()
app = typer.Typer(
    help="Accounts of a node: add, list, disable, enable, reset a password, revoke tokens.",
    no_args_is_help=True,
)

Node = Annotated[str, typer.Option("--node", help="reporting, pup, ops or ngo")]
DataDir = Annotated[
    Path,
    typer.Option(envvar="PARTNERSHIP_DATA_DIR", help="The local run's data directory"),
]
DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        envvar="DATABASE_URL", help="The node's database (default: the data directory's file)"
    ),
]
Username = Annotated[str, typer.Option("--username", help="The account's user name")]


def database_url(node: str, data_dir: Path, url: str | None) -> str:
    if node not in NODES:
        raise typer.BadParameter(f"{node!r}: the nodes are {', '.join(NODES)}", param_hint="--node")
    return url or f"sqlite+aiosqlite:///{(data_dir / f'{node}.db').resolve()}"


def run(node: str, url: str, work: Callable[[AccessService], Awaitable[T]], action: str) -> T:
    """Run `work` on the node's accounts; enter `action` in its audit log."""

    async def session() -> T:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                known = await connection.run_sync(lambda c: inspect(c).has_table("accounts"))
            if not known:
                console.print(
                    f"[red]The {node} node's database has no accounts yet: start the node once "
                    "(partnership up), then try again.[/]"
                )
                raise typer.Exit(1)
            sessions = session_factory(engine)
            tables = define_access(new_metadata())
            roles = REPORTING_ROLES if node == "reporting" else PARTNER_ROLES
            service = AccessService(sessions, tables, roles)
            try:
                result = await work(service)
            except AccessError as error:
                console.print(f"[red]{WORDS.text('en', error.code, **error.params)}[/]")
                raise typer.Exit(1) from None
            who = Actor(f"cli:{getpass.getuser()}", "operator", "local")
            await AuditLog(sessions, tables.audit_log, None).write(
                entries(who, action, "CLI", f"partnership users {action}", 0)
            )
            return result
        finally:
            await engine.dispose()

    return asyncio.run(session())


@app.command()
def add(
    node: Node,
    username: Username,
    role: Annotated[str, typer.Option(help="caseworker, coordinator, auditor or admin")],
    data_dir: DataDir = Path("var"),
    url: DatabaseUrl = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from standard input (at least 12 characters) instead of "
            "making a one-time password",
        ),
    ] = False,
) -> None:
    """Add an account; without --password-stdin it gets a one-time password, shown once here."""
    chosen = sys.stdin.readline().rstrip("\n") if password_stdin else one_time_password()

    async def work(service: AccessService) -> Any:
        return await service.add_account(
            username,
            role,
            password=chosen,
            by=f"cli:{getpass.getuser()}",
            one_time=not password_stdin,
        )

    made = run(node, database_url(node, data_dir, url), work, f"account.added:{username}")
    console.print(f"Added {made.username} ({made.role.value}) to the {node} node.")
    if not password_stdin:
        console.print(
            f"One-time password (shown only now; {made.username} chooses their own at first "
            f"sign-in): [bold]{chosen}[/]"
        )


@app.command("list")
def list_accounts(node: Node, data_dir: DataDir = Path("var"), url: DatabaseUrl = None) -> None:
    """The node's accounts."""

    async def work(service: AccessService) -> Any:
        return await service.accounts()

    found = run(node, database_url(node, data_dir, url), work, "accounts.listed")
    table = Table(title=f"Accounts of the {node} node")
    for column in ("user", "role", "active", "one-time password", "created", "by"):
        table.add_column(column)
    for account in found:
        table.add_row(
            account.username,
            account.role.value,
            "yes" if account.active else "no",
            "yes" if account.must_change_password else "",
            f"{account.created_at:%Y-%m-%d %H:%M}",
            account.created_by,
        )
    console.print(table)


@app.command()
def disable(
    node: Node, username: Username, data_dir: DataDir = Path("var"), url: DatabaseUrl = None
) -> None:
    """Disable an account: its sessions and tokens stop working at once."""

    async def work(service: AccessService) -> Any:
        return await service.set_active(username, False)

    run(node, database_url(node, data_dir, url), work, f"account.disabled:{username}")
    console.print(f"Disabled {username} on the {node} node; its sessions and tokens are revoked.")


@app.command()
def enable(
    node: Node, username: Username, data_dir: DataDir = Path("var"), url: DatabaseUrl = None
) -> None:
    """Enable a disabled account again."""

    async def work(service: AccessService) -> Any:
        return await service.set_active(username, True)

    run(node, database_url(node, data_dir, url), work, f"account.enabled:{username}")
    console.print(f"Enabled {username} on the {node} node.")


@app.command("reset-password")
def reset_password(
    node: Node, username: Username, data_dir: DataDir = Path("var"), url: DatabaseUrl = None
) -> None:
    """A new one-time password, shown once; the account's sessions and tokens end."""

    async def work(service: AccessService) -> Any:
        return await service.reset_password(username)

    password = run(
        node, database_url(node, data_dir, url), work, f"account.password_reset:{username}"
    )
    console.print(f"New one-time password of {username} (shown only now): [bold]{password}[/]")


@app.command("revoke-tokens")
def revoke_tokens(
    node: Node, username: Username, data_dir: DataDir = Path("var"), url: DatabaseUrl = None
) -> None:
    """End every session and token of an account."""

    async def work(service: AccessService) -> Any:
        return await service.revoke_tokens(username)

    count = run(node, database_url(node, data_dir, url), work, f"account.tokens_revoked:{username}")
    console.print(f"Revoked {count} session(s) and token(s) of {username} on the {node} node.")
