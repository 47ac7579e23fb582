"""Demo partnerships, loaded through the partner nodes' APIs: `partnership demo [SCENARIO]`.

* `bartoszyce` (the default): PUP, MOPS and SION in Bartoszyce, January–June 2013 (seed 000).
* `poznan`: the family programme "Schematom STOP!" of the Poznań county, 2013–2015, with
  tripartite family contracts (seed 004).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from rich.console import Console
from rich.table import Table

from partnership_cli.demo import bartoszyce, poznan
from partnership_cli.demo.loader import DemoError, Outcome, load
from partnership_shared.i18n import Catalogue, Formatter, Lang

SCENARIOS: dict[str, ModuleType] = {"bartoszyce": bartoszyce, "poznan": poznan}

__all__ = ["SCENARIOS", "DemoError", "Outcome", "load_scenario", "print_outcome"]

WORDS = Catalogue(
    {
        "loaded": (
            "Wczytano demo {title}: dodano {added} zapisów",
            "Loaded the {title} demo: {added} records added",
        ),
        "also_there": (", {n} było już wcześniej.", ", {n} already there."),
        "already": (
            "Demo {title} było już wczytane ({n} zapisów): nic nie dodano, żadna liczba się "
            "nie zmieniła.",
            "The {title} demo was already loaded ({n} records): nothing was added and no figure "
            "changed.",
        ),
        "table": ("Podsumowanie partnerstwa (węzeł raportowy)", "The partnership's summary"),
        "figure": ("wskaźnik", "figure"),
        "value": ("wartość", "value"),
        "clients": ("uczestnicy (z zastępstwami)", "clients (incl. replacements)"),
        "replacements": ("zastępstw: {n}", "{n} replacement"),
        "by_gender": ("kobiety / mężczyźni", "women / men"),
        "hours": ("godziny usług specjalistów", "hours of specialist services"),
        "persons_in": ("osoby w formie: {kind}", "persons in {kind}"),
        "employed": ("osoby zatrudnione (wskaźnik)", "persons employed (rate)"),
        "money": ("świadczenia wypłacone klientom", "money paid to clients"),
        "families": ("rodziny / osoby w rodzinach", "families / persons in them"),
        "unchanged": ("Liczby bez zmian.", "Figures unchanged."),
        "changed": ("Liczby się zmieniły.", "Figures changed."),
    }
)


def load_scenario(
    name: str,
    urls: dict[str, str],
    reporting_url: str,
    console: Console,
    tokens: dict[str, str],
) -> Outcome:
    """Load a scenario; `tokens` sign in to each node by name (`reporting` too)."""
    scenario = SCENARIOS[name]
    return load(
        scenario.plan(), scenario.TITLE, scenario.KEY_PREFIX, urls, reporting_url, console, tokens
    )


def print_outcome(name: str, outcome: Outcome, console: Console, lang: Lang = "pl") -> None:
    title = SCENARIOS[name].TITLE
    if outcome.added == 0:
        console.print(WORDS.text(lang, "already", title=title, n=outcome.already_there))
    else:
        line = WORDS.text(lang, "loaded", title=title, added=outcome.added)
        more = WORDS.text(lang, "also_there", n=outcome.already_there)
        console.print(line + (more if outcome.already_there else "."))
    console.print(_table(outcome.summary, lang))
    if outcome.summary_before is not None and outcome.added == 0:
        same = _figures(outcome.summary_before) == _figures(outcome.summary)
        console.print(WORDS.text(lang, "unchanged" if same else "changed"))


def _table(summary: dict[str, Any], lang: Lang) -> Table:
    fmt = Formatter(lang)
    table = Table(title=WORDS.text(lang, "table"))
    table.add_column(WORDS.text(lang, "figure"))
    table.add_column(WORDS.text(lang, "value"), justify="right")
    clients = summary["clients"]
    replaced = WORDS.text(lang, "replacements", n=clients["replacements"])
    table.add_row(WORDS.text(lang, "clients"), f"{clients['total']} ({replaced})")
    genders = clients["by_gender"]
    table.add_row(WORDS.text(lang, "by_gender"), f"{genders['female']} / {genders['male']}")
    hours = summary["hours"]
    table.add_row(WORDS.text(lang, "hours"), fmt.hours(hours["total"]))
    for partner, value in hours["by_partner_kind"].items():
        table.add_row(f"  {partner.upper()}", fmt.hours(value))
    for kind in ("training", "psu", "internship"):
        persons = summary["activities"][kind]["persons"]
        table.add_row(WORDS.text(lang, "persons_in", kind=kind), str(persons))
    employment = summary["employment"]
    rate = fmt.rate(employment["rate"])
    table.add_row(WORDS.text(lang, "employed"), f"{employment['persons']} ({rate})")
    table.add_row(WORDS.text(lang, "money"), fmt.money(summary["benefits"]["total"]))
    families = summary.get("families")
    if families and families.get("enrolled"):
        table.add_row(
            WORDS.text(lang, "families"), f"{families['enrolled']} / {families['persons']}"
        )
    return table


def _figures(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        key: summary.get(key)
        for key in ("clients", "hours", "activities", "employment", "benefits", "families")
    }
