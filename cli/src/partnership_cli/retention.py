"""`partnership retention`: apply the partner nodes' retention rules now, rather than at the next
hourly run: personal data of clients who left longer ago than `PERSONAL_DATA_RETENTION_DAYS` are
erased, answers kept for repeated writes longer than `IDEMPOTENCY_HOURS` dropped.

It signs in to each partner node as its service account, with the token `partnership up` keeps in
the data directory (or `--token`, an admin's or caseworker's of every node alike)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console

from partnership_cli.local import PORT_BASE, node_specs, read_token
from partnership_shared.i18n import Catalogue, pick_lang

console = Console()
DEFAULT_DATA_DIR = Path("var")

WORDS = Catalogue(
    {
        "no_token": (
            "{node}: brak tokenu konta serwisowego w {where}: czy partnerstwo działa "
            "(partnership up) z tym katalogiem danych?",
            "{node}: no service token in {where}: is the partnership running (partnership up) "
            "with this data directory?",
        ),
        "no_answer": (
            "{node}: węzeł nie odpowiada: {error}",
            "{node}: the node did not answer: {error}",
        ),
        "refused": ("{node}: odmowa: {reason}", "{node}: refused: {reason}"),
        "done": (
            "{node}: usunięto dane osobowe {erased} klientów, usunięto {dropped} "
            "przechowywanych odpowiedzi",
            "{node}: personal data of {erased} clients erased, {dropped} kept answers dropped",
        ),
    }
)


def retention(
    port_base: Annotated[
        int, typer.Option(envvar="PARTNERSHIP_PORT_BASE", help="Port of the reporting node")
    ] = PORT_BASE,
    data_dir: Annotated[
        Path,
        typer.Option(
            envvar="PARTNERSHIP_DATA_DIR",
            help="The running partnership's data directory (its service tokens sign in)",
        ),
    ] = DEFAULT_DATA_DIR,
    token: Annotated[
        str | None,
        typer.Option(envvar="PARTNERSHIP_TOKEN", help="A bearer token to use on every node"),
    ] = None,
    lang: Annotated[
        str, typer.Option(envvar="PARTNERSHIP_LANG", help="pl (the default) or en")
    ] = "pl",
) -> None:
    """Apply the retention rules on every partner node now (they also run every hour)."""
    chosen = pick_lang(lang)
    failed = False
    for node in node_specs(port_base):
        if not node.partner:
            continue
        credential = token or read_token(data_dir, node.name)
        if credential is None:
            where = (data_dir / "access").resolve()
            console.print(f"[red]{WORDS.text(chosen, 'no_token', node=node.name, where=where)}[/]")
            failed = True
            continue
        try:
            answer = httpx.post(
                f"{node.url}/api/v1/retention",
                headers={"Authorization": f"Bearer {credential}", "Accept-Language": chosen},
                timeout=120,
            )
        except httpx.HTTPError as error:
            console.print(f"[red]{WORDS.text(chosen, 'no_answer', node=node.name, error=error)}[/]")
            failed = True
            continue
        if answer.status_code != 200:
            reason = answer.text.strip()
            if answer.headers.get("content-type", "").startswith("application/json"):
                reason = str(answer.json().get("message", reason))
            console.print(f"[red]{WORDS.text(chosen, 'refused', node=node.name, reason=reason)}[/]")
            failed = True
            continue
        done = answer.json()
        console.print(
            WORDS.text(
                chosen,
                "done",
                node=node.name,
                erased=len(done["erased_client_ids"]),
                dropped=done["answers_dropped"],
            ),
            markup=False,
        )
    if failed:
        raise typer.Exit(1)
