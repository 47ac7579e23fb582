"""The dashboard's HTTP routes: pages, the live stream, report downloads and our static files."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, StreamingResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from partnership_shared.http.errors import ErrorPage
from reporting_node.reports.csv_report import report_csv
from reporting_node.reports.model import describe_period
from reporting_node.reports.periods import PeriodError, ReportFilter
from reporting_node.reports.xlsx_report import report_xlsx
from reporting_node.web import pages
from reporting_node.web.figure_names import figure_name
from reporting_node.web.i18n import LANG_COOKIE, Translator, pick_lang
from reporting_node.web.ingest_line import ingest_line_of
from reporting_node.web.journey import journey_steps
from reporting_node.web.links import Links
from reporting_node.web.live import current_version, live_changes
from reporting_node.web.source import Figures, FiguresError, figures_of

HERE = Path(__file__).parent
STATIC = {"dashboard.css": "text/css", "live.js": "text/javascript", "report.js": "text/javascript"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DashboardRoute(APIRoute):
    """Turns a filter that cannot be read, or a question the API refuses, into a clear page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except PeriodError as error:
                lang = translator(request, request.query_params.get("lang")).lang
                return await refused(request, 400, error.text(lang))
            except FiguresError as error:
                return await refused(request, error.status, str(error))

        return handle


router = APIRouter(include_in_schema=False, route_class=DashboardRoute)
templates = Jinja2Templates(directory=HERE / "templates")


def translator(request: Request, lang: str | None = None) -> Translator:
    return Translator(pick_lang(lang, request.cookies.get(LANG_COOKIE)))


def typed_query(
    period: str = "",
    date_from: Annotated[str, Query(alias="from")] = "",
    date_to: Annotated[str, Query(alias="to")] = "",
    partner: str = "",
    programme: str = "",
) -> pages.Query:
    return pages.Query(period, date_from, date_to, partner, programme)


def report_filter(query: Annotated[pages.Query, Depends(typed_query)]) -> ReportFilter:
    chosen, error = query.understood()
    if error:
        raise error
    return chosen


Tr = Annotated[Translator, Depends(translator)]
TypedQuery = Annotated[pages.Query, Depends(typed_query)]
FiguresDep = Annotated[Figures, Depends(figures_of)]


def render(
    request: Request, tr: Translator, name: str, status: int = 200, **context: Any
) -> Response:
    links = context.setdefault("links", Links(ReportFilter(), tr.lang))
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    context.setdefault("other_lang_url", links.other_language(request.url.path, params))
    response = templates.TemplateResponse(request, name, {"tr": tr, **context}, status_code=status)
    if request.query_params.get("lang") == tr.lang:
        response.set_cookie(LANG_COOKIE, tr.lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, tr: Tr, query: TypedQuery, figures: FiguresDep) -> Response:
    chosen, error = query.understood()
    links = Links(chosen, tr.lang)
    board, summary = await pages.dashboard_context(figures, tr, links)
    everything = await figures.trend(chosen.without("date_from", "date_to").api_params())
    return render(
        request,
        tr,
        "dashboard.html",
        400 if error else 200,
        page="dashboard",
        links=links,
        dashboard=board,
        error=error.text(tr.lang) if error else None,
        form=query.form(chosen),
        programmes=await pages.programme_options(figures, tr, chosen.programme),
        version=current_version(request),
        partnership_id=summary.get("partnership_id"),
        ingest=await ingest_line_of(request, tr),
        quarters=pages.quarters(everything, links),
        clear_url=Links(ReportFilter(), tr.lang).dashboard(),
    )


@router.get("/fragments/dashboard", response_class=HTMLResponse)
async def dashboard_fragment(
    request: Request,
    tr: Tr,
    chosen: Annotated[ReportFilter, Depends(report_filter)],
    figures: FiguresDep,
) -> Response:
    links = Links(chosen, tr.lang)
    board, _ = await pages.dashboard_context(figures, tr, links)
    return render(
        request,
        tr,
        "_dashboard_body.html",
        links=links,
        dashboard=board,
        version=current_version(request),
    )


@router.get("/events/live")
async def live(request: Request, after: int = 0) -> StreamingResponse:
    return StreamingResponse(
        live_changes(request, after),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/drilldown", response_class=HTMLResponse)
async def drilldown(
    request: Request,
    tr: Tr,
    figure: str,
    chosen: Annotated[ReportFilter, Depends(report_filter)],
    figures: FiguresDep,
) -> Response:
    links = Links(chosen, tr.lang)
    answer = await figures.drilldown(figure, chosen.api_params())
    return render(
        request,
        tr,
        "drilldown.html",
        links=links,
        figure=figure_name(tr, figure),
        programme=await pages.programme_label(figures, tr, chosen.programme),
        pseudonyms=list(answer.get("pseudonyms", [])),
        period=describe_period(tr, *_period_ends(chosen)),
    )


@router.get("/clients/{pseudonym}", response_class=HTMLResponse)
async def journey(request: Request, tr: Tr, pseudonym: str, figures: FiguresDep) -> Response:
    steps = journey_steps(tr, await figures.journey(pseudonym))
    return render(request, tr, "journey.html", pseudonym=pseudonym, steps=steps)


@router.get("/reports/monitoring", response_class=HTMLResponse)
async def report_page(request: Request, tr: Tr, query: TypedQuery, figures: FiguresDep) -> Response:
    chosen, error = query.understood()
    links = Links(chosen, tr.lang)
    report = await pages.report_of(figures, tr, chosen)
    return render(
        request,
        tr,
        "report.html",
        400 if error else 200,
        page="report",
        links=links,
        report=report,
        error=error.text(tr.lang) if error else None,
        form=query.form(chosen),
        programmes=await pages.programme_options(figures, tr, chosen.programme),
        generated=pages.now_text(tr),
        quarters=[],
        clear_url=Links(ReportFilter(), tr.lang).report(),
        action="/reports/monitoring",
    )


@router.get("/reports/monitoring.csv")
async def report_csv_download(
    tr: Tr, chosen: Annotated[ReportFilter, Depends(report_filter)], figures: FiguresDep
) -> Response:
    report = await pages.report_of(figures, tr, chosen)
    return _download(
        report_csv(report, tr), "text/csv; charset=utf-8", pages.report_filename(chosen, ".csv")
    )


@router.get("/reports/monitoring.xlsx")
async def report_xlsx_download(
    tr: Tr, chosen: Annotated[ReportFilter, Depends(report_filter)], figures: FiguresDep
) -> Response:
    report = await pages.report_of(figures, tr, chosen)
    return _download(
        report_xlsx(report, tr, pages.now_text(tr)), XLSX, pages.report_filename(chosen, ".xlsx")
    )


def _period_ends(chosen: ReportFilter) -> tuple[str | None, str | None]:
    ends = (chosen.date_from, chosen.date_to)
    return ends[0].isoformat() if ends[0] else None, ends[1].isoformat() if ends[1] else None


def _download(content: bytes, media_type: str, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(
        HERE / "static" / name, media_type=STATIC[name], headers={"Cache-Control": "no-cache"}
    )


async def error_page(request: Request, page: ErrorPage) -> Response:
    """A 404, 403 or 500 in the dashboard's look (`app.state.error_page`)."""
    tr = Translator(page.lang)
    return render(request, tr, "error.html", page.status, message=page.message, title=page.title)


async def refused(request: Request, status: int, message: str) -> Response:
    tr = translator(request, request.query_params.get("lang"))
    if request.url.path.startswith(("/reports/monitoring.", "/fragments/")):
        text = tr.t("filter.error", error=message)
        return Response(text, status_code=status, media_type="text/plain; charset=utf-8")
    return render(request, tr, "error.html", status, message=message)
