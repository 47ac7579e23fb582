"""Error answers in the reader's language: 404, 405, 500 and the rest, on every node.

A program gets the JSON every refusal of the partnership's APIs has (`message`, `detail` with
`loc`, `msg`, `type`); a browser asking for a page gets a page in the node's own look, drawn by
the renderer the node gives (`app.state.error_page`), else a plain one. A 500 never shows what
went wrong inside: the log has it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException

from partnership_shared.i18n import Catalogue, Lang
from partnership_shared.kernel.problems import Refused, problem, request_lang, validation_handler

WORDS = Catalogue(
    {
        "http.400": ("Nieprawidłowe żądanie", "Bad request"),
        "http.400.text": ("Żądanie jest nieprawidłowe.", "The request is not valid."),
        "http.403": ("Brak dostępu", "Access denied"),
        "http.403.text": ("Nie masz dostępu do tej strony.", "You may not open this page."),
        "http.404": ("Nie ma takiej strony", "Page not found"),
        "http.404.text": (
            "Pod tym adresem nic nie ma: sprawdź adres albo wróć na stronę główną.",
            "There is nothing at this address: check it, or go back to the start page.",
        ),
        "http.405": ("Niedozwolona metoda", "Method not allowed"),
        "http.405.text": (
            "Tego adresu nie można użyć w ten sposób ({method}).",
            "This address cannot be used this way ({method}).",
        ),
        "http.422": ("Nieprawidłowe dane", "Invalid data"),
        "http.422.text": ("Dane są nieprawidłowe.", "The data are not valid."),
        "http.500": ("Błąd serwera", "Server error"),
        "http.500.text": (
            "Coś poszło nie tak po stronie węzła; nic nie zapisano. Spróbuj ponownie; jeśli "
            "błąd się powtarza, powiadom administratora (godzina: {time}).",
            "Something went wrong in the node; nothing was saved. Try again; if it happens "
            "again, tell the administrator (time: {time}).",
        ),
        "http.other": ("Błąd {status}", "Error {status}"),
        "http.home": ("Strona główna", "Start page"),
    }
)


@dataclass(frozen=True)
class ErrorPage:
    """What an error page says: its status, title and message, in `lang`."""

    status: int
    title: str
    message: str
    lang: Lang


PageRenderer = Callable[[Request, ErrorPage], Awaitable[Response]]
"""Draws an error page in a node's own look (`app.state.error_page`)."""

_plain = Environment(
    loader=PackageLoader("partnership_shared.http", "templates"),
    autoescape=select_autoescape(),
)


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, not a file)."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def describe(lang: Lang, status: int, **values: object) -> tuple[str, str]:
    """The title and message of an error by its status."""
    if f"http.{status}" in WORDS.words:
        return WORDS.text(lang, f"http.{status}"), WORDS.text(lang, f"http.{status}.text", **values)
    title = WORDS.text(lang, "http.other", status=status)
    return title, title


async def error_answer(
    request: Request, status: int, message: str, code: str, field: str = "request"
) -> Response:
    """The answer for an error: a page for a browser, the partnership's JSON for a program."""
    lang = request_lang(request)
    title, _ = describe(lang, status)
    if wants_page(request):
        page = ErrorPage(status, title, message, lang)
        renderer: PageRenderer | None = getattr(request.app.state, "error_page", None)
        if renderer is not None:
            return await renderer(request, page)
        return plain_page(page)
    return JSONResponse(problem(field, message, code), status_code=status)


def plain_page(page: ErrorPage) -> HTMLResponse:
    html = _plain.get_template("error.html").render(
        page=page, home=WORDS.text(page.lang, "http.home")
    )
    return HTMLResponse(html, status_code=page.status)


async def http_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    lang = request_lang(request)
    default = HTTPStatus(error.status_code).phrase if error.status_code in _STATUSES else None
    field, code = "request", f"http.{error.status_code}"
    if isinstance(error, Refused):  # a route's refusal naming its field, in both languages
        field, code, message = error.field, error.code, error.text(lang)
    elif error.detail in (None, default):
        # Starlette's own words ("Not Found"): said again in the reader's language.
        _, message = describe(lang, error.status_code, method=request.method)
    else:
        message = str(error.detail)
    answer = await error_answer(request, error.status_code, message, code, field)
    for name, value in (error.headers or {}).items():
        answer.headers[name] = value
    return answer


async def server_error_handler(request: Request, error: Exception) -> Response:
    """500 in the reader's words; the server logs the error itself (Starlette raises it on)."""
    lang = request_lang(request)
    moment = datetime.now(UTC).astimezone().strftime("%H:%M:%S")
    _, message = describe(lang, 500, time=moment)
    return await error_answer(request, 500, message, "http.500")


_STATUSES = frozenset(status.value for status in HTTPStatus)


def install_error_answers(app: FastAPI) -> None:
    """Every error the app answers, in the reader's language (validation errors included)."""
    app.add_exception_handler(HTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(Exception, server_error_handler)
