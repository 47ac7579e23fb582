"""The dashboard's URLs: every link keeps the filter and the language, so any view can be shared."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from reporting_node.reports.periods import ReportFilter
from reporting_node.web.formatting import Lang


@dataclass(frozen=True)
class Links:
    filter: ReportFilter
    lang: Lang

    def _query(self, params: dict[str, str]) -> str:
        if self.lang != "pl":
            params = {**params, "lang": self.lang}
        return f"?{urlencode(params)}" if params else ""

    def dashboard(self, chosen: ReportFilter | None = None) -> str:
        return "/" + self._query((chosen or self.filter).url_params())

    def fragment(self) -> str:
        return "/fragments/dashboard" + self._query(self.filter.url_params())

    def drilldown(self, figure: str) -> str:
        return "/drilldown" + self._query({"figure": figure, **self.filter.url_params()})

    def journey(self, pseudonym: str) -> str:
        return f"/clients/{quote(pseudonym)}" + self._query({})

    def report(self, suffix: str = "") -> str:
        return f"/reports/monitoring{suffix}" + self._query(self.filter.url_params())

    def other_language(self, path: str, params: dict[str, str]) -> str:
        other: Lang = "en" if self.lang == "pl" else "pl"
        return path + "?" + urlencode({**params, "lang": other})
