"""What each page needs from the figures, gathered for its template; the routes stay thin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from reporting_node.reports.model import MonitoringReport, build_report, programme_name
from reporting_node.reports.periods import PeriodError, ReportFilter, parse_period
from reporting_node.web.dashboard import build_dashboard
from reporting_node.web.i18n import Translator
from reporting_node.web.links import Links
from reporting_node.web.source import Figures
from reporting_node.web.view import Dashboard


@dataclass(frozen=True)
class Query:
    """The dashboard's URL parameters as typed, before they are understood."""

    period: str = ""
    date_from: str = ""
    date_to: str = ""
    partner: str = ""
    programme: str = ""

    def understood(self) -> tuple[ReportFilter, PeriodError | None]:
        """The filter, or no filter and the reason why the typed one cannot be used."""
        try:
            chosen = ReportFilter.from_query(
                period=self.period,
                date_from=self.date_from,
                date_to=self.date_to,
                partner=self.partner,
                programme=self.programme,
            )
        except PeriodError as error:
            return ReportFilter(), error
        return chosen, None

    def form(self, chosen: ReportFilter) -> dict[str, str]:
        named = chosen.url_params().get("period", "")
        return {
            "period": named or self.period,
            "from": "" if named else self.date_from,
            "to": "" if named else self.date_to,
            "partner": chosen.partner or "",
            "programme": chosen.programme or "",
        }


@dataclass(frozen=True)
class Option:
    value: str
    text: str


async def programme_options(figures: Figures, tr: Translator, chosen: str | None) -> list[Option]:
    """The programmes a filter may name, as `code — name` (the one chosen kept even if unknown)."""
    options = [Option(str(p["id"]), programme_name(tr, p)) for p in await figures.programmes()]
    if chosen and chosen not in {o.value for o in options}:
        options.append(Option(chosen, programme_name(tr, {"id": chosen})))
    return options


async def programme_label(figures: Figures, tr: Translator, chosen: str | None) -> str | None:
    """The chosen programme as people know it (`code — name`)."""
    if chosen is None:
        return None
    return next(o.text for o in await programme_options(figures, tr, chosen) if o.value == chosen)


@dataclass(frozen=True)
class QuickPeriod:
    name: str
    href: str
    current: bool


def quarters(trend: Sequence[Mapping[str, Any]], links: Links) -> list[QuickPeriod]:
    """One link per quarter that has any recorded month, keeping the rest of the filter."""
    names = sorted({parse_period(str(m["month"])).start for m in trend})
    seen: list[str] = []
    for start in names:
        name = f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        if name not in seen:
            seen.append(name)
    chosen = links.filter
    result = []
    for name in seen:
        period = parse_period(name)
        target = ReportFilter(period.start, period.end, chosen.partner, chosen.programme)
        result.append(QuickPeriod(name, links.dashboard(target), target == chosen))
    return result


async def dashboard_context(
    figures: Figures, tr: Translator, links: Links
) -> tuple[Dashboard, dict[str, Any]]:
    params = links.filter.api_params()
    summary = await figures.summary(params)
    trend = await figures.trend(params)
    return build_dashboard(tr, links, summary, trend), summary


async def report_of(figures: Figures, tr: Translator, chosen: ReportFilter) -> MonitoringReport:
    params = chosen.api_params()
    return build_report(tr, await figures.summary(params), await figures.trend(params))


def report_filename(chosen: ReportFilter, suffix: str) -> str:
    name = chosen.period_name or "all"
    # Only ASCII in a Content-Disposition name: a programme's name stays in the report itself.
    parts = ["sprawozdanie", name.replace("..", "_"), chosen.partner]
    return "-".join(part for part in parts if part) + suffix


def now_text(tr: Translator) -> str:
    return tr.fmt.datetime(datetime.now(UTC).astimezone())
