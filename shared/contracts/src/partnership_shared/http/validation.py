"""What pydantic finds wrong with a request, in the reader's words: one message per field.

Every node answers a request it cannot read the same way: 422, a `message` naming each field
and its problem, and `detail` listing them (`loc`, `msg`, `type`), in Polish unless `?lang=en`,
a `lang` cookie or `Accept-Language` asks for English.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from partnership_shared.i18n import Catalogue, Lang, pick_lang


def request_lang(request: Request) -> Lang:
    """The reader's language: `?lang=`, then the `lang` cookie, then `Accept-Language`."""
    return pick_lang(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


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
        "float_parsing": ("to nie jest liczba", "is not a number"),
        "float_type": ("to nie jest liczba", "is not a number"),
        "decimal_not_finite": ("to nie jest skończona liczba", "is not a finite number"),
        "date_future": ("data nie może być z przyszłości", "must not be in the future"),
        "missing_argument": ("pole wymagane", "is required"),
        "unexpected_keyword_argument": ("nieznane pole", "is not a field of this request"),
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
    elif lang == "pl" and kind != "value_error":
        # A check this catalogue does not know yet: say so in Polish rather than in English.
        message = "nieprawidłowa wartość"
    else:
        message = str(item.get("msg")).removeprefix("Value error, ")
    return {"loc": [_location(loc)], "msg": message, "type": kind}


def _context_value(value: object) -> object:
    return str(value) if isinstance(value, Exception) else value


def problems(lang: Lang, errors: Iterable[Any]) -> list[dict[str, Any]]:
    """Each problem as `{loc: [field], msg, type}`, in `lang`."""
    return [_problem(lang, dict(item)) for item in errors]


async def validation_handler(request: Request, error: Exception) -> JSONResponse:
    """422 naming each field and its problem; malformed JSON is said to be malformed JSON."""
    assert isinstance(error, RequestValidationError)
    lang = request_lang(request)
    found = problems(lang, error.errors())
    return JSONResponse(
        status_code=422,
        content={
            "message": "; ".join(f"{p['loc'][0]}: {p['msg']}" for p in found),
            "detail": found,
        },
    )
