"""What the dashboard shows, laid out from `/api/v1/summary` and `/api/v1/trend`.

Each panel is a chart with its numbers as a table; every number that stands for people links to
the pseudonyms behind it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reporting_node.reports.model import Summary
from reporting_node.web import panels
from reporting_node.web.i18n import Translator
from reporting_node.web.links import Links
from reporting_node.web.view import Builder, Dashboard, Headline


def _headlines(b: Builder) -> tuple[Headline, ...]:
    tr = b.tr
    return (
        Headline(
            "clients",
            tr.t("headline.clients"),
            b.value("clients.total", "count"),
            tr.t(
                "headline.clients_note",
                female=b.text("clients.by_gender.female", "count"),
                male=b.text("clients.by_gender.male", "count"),
            ),
        ),
        Headline(
            "hours",
            tr.t("headline.hours"),
            b.value("hours.total", "hours"),
            tr.t("headline.hours_note", sessions=b.text("hours.sessions", "count")),
        ),
        Headline(
            "employed",
            tr.t("headline.employed"),
            b.value("employment.persons", "count"),
            tr.t("headline.employed_note", rate=b.text("employment.rate", "rate")),
        ),
        Headline(
            "money",
            tr.t("headline.money"),
            b.value("benefits.total", "money"),
            tr.t("headline.money_note", payments=b.text("benefits.payments", "count")),
        ),
    )


def build_dashboard(
    tr: Translator, links: Links, summary: Summary, trend: Sequence[Mapping[str, Any]]
) -> Dashboard:
    b = Builder(tr, links, summary)
    shown = [
        panels.hours_by_partner(b),
        panels.funnel(b),
        panels.hours_by_role(b),
        panels.benefits(b),
        panels.contract_types(b),
        panels.durations(b),
        panels.activities(b),
        panels.trend(tr, list(trend)),
        panels.editions(b),
        panels.trades(b),
        panels.programmes(b),
        panels.families(b),
        panels.contracts(b),
        panels.corrections(b),
        panels.referrals(b),
        panels.plans(b),
        panels.overlaps(b),
    ]
    events = summary.get("events", 0)
    return Dashboard(
        _headlines(b),
        tuple(
            panel for panel in shown if panel is not None
        ),  # a panel with nothing to show is left out
        events if isinstance(events, int) else 0,
    )
