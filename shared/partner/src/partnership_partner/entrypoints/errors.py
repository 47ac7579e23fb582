"""Refusals as staff read them: a 4xx whose message names the field and says what is wrong, in
the reader's language (Polish unless `?lang=en` or `Accept-Language` asks for English)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from partnership_partner.domain.errors import Rejected
from partnership_partner.domain.messages import CATALOGUE
from partnership_partner.domain.scope import partner_name
from partnership_shared.i18n import Catalogue, Formatter, Lang, pick_lang


class Problem(BaseModel):
    loc: list[str]
    msg: str
    type: str


class ErrorOut(BaseModel):
    """What is wrong with a request: one message naming each field, and the problems one by one."""

    message: str
    detail: list[Problem]


def request_lang(request: Request) -> Lang:
    return pick_lang(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def written(lang: Lang, params: dict[str, object]) -> dict[str, object]:
    """The values of a message as the reader writes them (dates, money, hours, kinds)."""
    fmt = Formatter(lang)
    out: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Enum):
            out[name] = value.value
        elif name.endswith("_date") and isinstance(value, date):
            out[name] = fmt.date(value)
        elif name.endswith("_money") and isinstance(value, Decimal | int | str):
            out[name] = fmt.money(value)
        elif name.endswith("_hours") and isinstance(value, Decimal | int | str):
            out[name] = fmt.hours(value)
        else:
            out[name] = value
    return out


def refusal(
    lang: Lang,
    field: str,
    code: str,
    params: dict[str, object],
    messages: Catalogue = CATALOGUE,
) -> dict[str, Any]:
    text = messages.text(lang, code, **written(lang, params))
    return {
        "message": f"{field}: {text}",
        "detail": [{"loc": [field], "msg": text, "type": code}],
    }


PARTNERS = frozenset({"partner", "owner", "to_partner", "provider"})
"""Values of a refusal that name a partner: written as the agreement names it."""


async def rejected_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Rejected)
    messages = getattr(request.app.state, "messages", CATALOGUE)
    params = dict(error.params)
    node = getattr(request.app.state, "node", None)
    if node is not None:
        for name in PARTNERS & params.keys():
            value = params[name]
            if isinstance(value, str):
                params[name] = partner_name(node.context.agreement, value)
    return JSONResponse(
        status_code=error.status_code,
        content=refusal(request_lang(request), error.field, error.code, params, messages),
    )


# --- what pydantic finds wrong, in the reader's words --------------------------------------------

VALIDATION = Catalogue(
    {
        "missing": ("pole wymagane", "is required"),
        "json_invalid": ("nieprawidłowy JSON: {error}", "malformed JSON: {error}"),
        "extra_forbidden": ("nieznane pole", "is not a field of this request"),
        "greater_than": ("musi być większe niż {gt}", "must be greater than {gt}"),
        "greater_than_equal": ("musi wynosić co najmniej {ge}", "must be at least {ge}"),
        "less_than": ("musi być mniejsze niż {lt}", "must be less than {lt}"),
        "less_than_equal": ("może wynosić najwyżej {le}", "must be at most {le}"),
        "decimal_max_places": (
            "najwyżej {decimal_places} cyfry po przecinku",
            "at most {decimal_places} decimal places",
        ),
        "decimal_max_digits": ("najwyżej {max_digits} cyfr", "at most {max_digits} digits"),
        "decimal_whole_digits": (
            "najwyżej {whole_digits} cyfr przed przecinkiem",
            "at most {whole_digits} digits before the point",
        ),
        "decimal_parsing": ("to nie jest liczba", "is not a number"),
        "decimal_type": ("to nie jest liczba", "is not a number"),
        "date_parsing": ("to nie jest data (RRRR-MM-DD)", "is not a date (YYYY-MM-DD)"),
        "date_from_datetime_parsing": (
            "to nie jest data (RRRR-MM-DD)",
            "is not a date (YYYY-MM-DD)",
        ),
        "date_from_datetime_inexact": ("to nie jest sama data", "is not a plain date"),
        "date_type": ("to nie jest data (RRRR-MM-DD)", "is not a date (YYYY-MM-DD)"),
        "uuid_parsing": ("to nie jest identyfikator (UUID)", "is not an id (UUID)"),
        "uuid_type": ("to nie jest identyfikator (UUID)", "is not an id (UUID)"),
        "enum": ("dozwolone wartości: {expected}", "allowed values: {expected}"),
        "literal_error": ("dozwolone wartości: {expected}", "allowed values: {expected}"),
        "string_too_short": (
            "co najmniej {min_length} znaków",
            "at least {min_length} characters",
        ),
        "string_too_long": (
            "najwyżej {max_length} znaków",
            "at most {max_length} characters",
        ),
        "string_pattern_mismatch": ("ma nieprawidłowy format", "has the wrong format"),
        "string_type": ("to nie jest tekst", "is not text"),
        "int_parsing": ("to nie jest liczba całkowita", "is not a whole number"),
        "int_type": ("to nie jest liczba całkowita", "is not a whole number"),
        "int_from_float": ("to nie jest liczba całkowita", "is not a whole number"),
        "bool_parsing": ("to nie jest wartość tak/nie", "is not true or false"),
        "bool_type": ("to nie jest wartość tak/nie", "is not true or false"),
        "too_short": ("co najmniej {min_length} pozycji", "at least {min_length} items"),
        "too_long": ("najwyżej {max_length} pozycji", "at most {max_length} items"),
        "list_type": ("to nie jest lista", "is not a list"),
        "dict_type": ("to nie jest obiekt", "is not an object"),
        "model_type": ("to nie jest obiekt", "is not an object"),
        "pesel_length": (
            "nieprawidłowy PESEL: powinien mieć 11 cyfr",
            "invalid PESEL: it has 11 digits",
        ),
        "pesel_format": (
            "nieprawidłowy PESEL: tylko cyfry",
            "invalid PESEL: digits only",
        ),
        "pesel_checksum": (
            "nieprawidłowy PESEL: cyfra kontrolna się nie zgadza",
            "invalid PESEL: the check digit is wrong",
        ),
        "pesel_component": (
            "nieprawidłowy PESEL: nie ma takiej daty urodzenia",
            "invalid PESEL: there is no such birth date",
        ),
    }
)


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or (str(loc[0]) if loc else "request")


def _problem(lang: Lang, item: dict[str, Any]) -> dict[str, Any]:
    kind = str(item.get("type"))
    loc = tuple(item.get("loc", ()))
    ctx = {name: _context_value(value) for name, value in (item.get("ctx") or {}).items()}
    if kind == "json_invalid":
        ctx["error"] = ctx.get("error", item.get("msg"))
        return {"loc": ["body"], "msg": VALIDATION.text(lang, kind, **ctx), "type": kind}
    if kind in VALIDATION.words:
        try:
            message = VALIDATION.text(lang, kind, **ctx)
        except (KeyError, IndexError):
            message = str(item.get("msg"))
    else:
        message = str(item.get("msg")).removeprefix("Value error, ")
    return {"loc": [_location(loc)], "msg": message, "type": kind}


def _context_value(value: object) -> object:
    return str(value) if isinstance(value, Exception) else value


async def validation_handler(request: Request, error: Exception) -> JSONResponse:
    """422 naming each field and its problem; malformed JSON is said to be malformed JSON."""
    assert isinstance(error, RequestValidationError)
    lang = request_lang(request)
    problems = [_problem(lang, dict(item)) for item in error.errors()]
    return JSONResponse(
        status_code=422,
        content={
            "message": "; ".join(f"{p['loc'][0]}: {p['msg']}" for p in problems),
            "detail": problems,
        },
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Something the request names is not in this node"},
    409: {"model": ErrorOut, "description": "The records do not allow it, or a duplicate"},
    422: {"model": ErrorOut, "description": "A field is wrong, or a limit needs a confirmation"},
}
"""The error answers every route documents."""
