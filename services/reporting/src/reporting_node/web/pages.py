"""What each page needs from the figures, gathered for its template; the routes stay thin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from reporting_node.reports.model import MonitoringReport, build_report
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


@dataclass(frozen=True)
class JourneyStep:
    when: str
    partner: str
    partner_name: str
    event: str
    details: str
    details_lang: str  # the API's own note is in English


def journey_steps(tr: Translator, events: Any) -> list[JourneyStep]:
    """Each event of a journey, labelled with its partner, in the order they happened."""
    items = events.get("events", []) if isinstance(events, Mapping) else events
    return [_step(tr, item) for item in items or []]


def _step(tr: Translator, item: Mapping[str, Any]) -> JourneyStep:
    when = str(item.get("occurred_on") or item.get("occurred_at") or "")
    try:
        shown = tr.fmt.date(date.fromisoformat(when[:10]))
    except ValueError:
        shown = when
    partner = item.get("partner_kind") or item.get("partner") or ""
    payload = item.get("details") or item.get("payload")
    details = _details(tr, payload) if isinstance(payload, Mapping) else ""
    return JourneyStep(
        shown,
        tr.label("partner_short", str(partner)),
        tr.label("partner", str(partner)),
        tr.label("event", str(item.get("type", ""))),
        details or str(item.get("summary") or ""),
        tr.lang if details else "en",
    )


_DETAIL_FIELDS = (
    ("kind", "activity"),
    ("role", "role"),
    ("contract_type", "contract_type"),
    ("basis", "basis"),
    ("reason", "exit_reason"),
    ("service_kind", "activity"),
)


def _details(tr: Translator, payload: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for name, vocabulary in _DETAIL_FIELDS:
        if value := payload.get(name):
            label = tr.label(vocabulary, str(value))
            if vocabulary == "activity" and label == str(value).replace("_", " "):
                label = tr.label("role", str(value))
            parts.append(label)
    if payload.get("programme_id"):
        parts.append(str(payload["programme_id"]))
    if payload.get("edition_id"):
        parts.append(f"{tr.t('col.edition')} {payload['edition_id']}")
    if payload.get("hours"):
        parts.append(tr.fmt.hours(str(payload["hours"])))
    if payload.get("amount"):
        parts.append(tr.fmt.money(str(payload["amount"])))
    for side in ("referring_partner", "to_partner"):
        if payload.get(side):
            parts.append(tr.label("partner_short", str(payload[side])))
    return " · ".join(parts)
