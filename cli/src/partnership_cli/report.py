"""`partnership report`: the monitoring report (sprawozdanie z monitoringu) as a file.

The reporting node builds the report; this command asks it over HTTP and saves what it answers, so
the file is the one the dashboard offers for the same period and holds the figures of
`/api/v1/summary`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console

from partnership_cli.local import read_token

FORMATS = {"xlsx": ".xlsx", "csv": ".csv", "html": ""}
DEFAULT_URL = "http://127.0.0.1:8100"

console = Console(stderr=True)


def report_url(base: str, format: str) -> str:
    return f"{base.rstrip('/')}/reports/monitoring{FORMATS[format]}"


def default_name(period: str, format: str) -> Path:
    safe = period.replace("..", "_").replace("/", "_")
    return Path(f"sprawozdanie-{safe}.{format}")


def report(
    period: Annotated[
        str,
        typer.Option(
            help="A quarter (2013-Q2), a month (2013-05), a year (2013) or a range "
            "(2013-02-01..2013-06-30)"
        ),
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="xlsx, csv or html")] = "xlsx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Where to save it (default: ./sprawozdanie-PERIOD.FORMAT)"
        ),
    ] = None,
    url: Annotated[str, typer.Option(help="The reporting node")] = DEFAULT_URL,
    partner: Annotated[str | None, typer.Option(help="Only one partner: pup, ops or ngo")] = None,
    lang: Annotated[str, typer.Option(help="pl or en")] = "pl",
    token: Annotated[
        str | None,
        typer.Option(
            envvar="PARTNERSHIP_TOKEN",
            help="A bearer token of a coordinator or auditor (default: the local run's service "
            "token in DATA_DIR/access/reporting.token)",
        ),
    ] = None,
    data_dir: Annotated[
        Path, typer.Option(envvar="PARTNERSHIP_DATA_DIR", help="The local run's data directory")
    ] = Path("var"),
) -> None:
    """Save the monitoring report for a period, as built by the reporting node."""
    if format not in FORMATS:
        raise typer.BadParameter(
            f"format must be one of {', '.join(FORMATS)}", param_hint="--format"
        )
    params = {"period": period, "lang": lang, **({"partner": partner} if partner else {})}
    credential = token or read_token(data_dir, "reporting")
    if not credential:
        console.print(
            "[red]No token: give --token (or PARTNERSHIP_TOKEN), or run where `partnership up` "
            "keeps its data (--data-dir).[/red]"
        )
        raise typer.Exit(2)
    headers = {"Authorization": f"Bearer {credential}"}
    try:
        response = httpx.get(report_url(url, format), params=params, timeout=60, headers=headers)
    except httpx.HTTPError as error:
        console.print(f"[red]The reporting node at {url} did not answer: {error}[/red]")
        raise typer.Exit(2) from error
    if response.status_code != 200:
        console.print(f"[red]The reporting node refused: {response.text.strip()}[/red]")
        raise typer.Exit(1)
    target = output or default_name(period, format)
    target.write_bytes(response.content)
    console.print(f"Saved the monitoring report for {period} to [bold]{target}[/bold]")
