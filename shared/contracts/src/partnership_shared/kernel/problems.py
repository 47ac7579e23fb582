"""What every node answers when a request is refused: one shape, in the reader's language.

A 4xx body is `{"message": "field: what is wrong", "detail": [{"loc", "msg", "type"}]}` on every
node (`ErrorOut`, documented in each node's OpenAPI); the words are Polish unless `?lang=en`, a
`lang` cookie or `Accept-Language` asks for English. Validation errors (pydantic's), refusals a
route raises as `HTTPException`, and the guard's own (an unknown host, a body too large) all take
it, so a client reads every refusal the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from partnership_shared.i18n import Catalogue, Lang, pick_lang


class Problem(BaseModel):
    loc: list[str]
    msg: str
    type: str


class ErrorOut(BaseModel):
    """What is wrong with a request: one message naming each field, and the problems one by one."""

    message: str
    detail: list[Problem]


def lang_of(query: str | None, cookie: str | None, accept_language: str | None) -> Lang:
    return pick_lang(query, cookie, accept_language)


def request_lang(request: Request) -> Lang:
    return lang_of(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
    )


def problem(field: str, text: str, code: str) -> dict[str, Any]:
    """The body of a refusal of one field (of the request as a whole: the text alone)."""
    message = text if field == "request" else f"{field}: {text}"
    return {"message": message, "detail": [{"loc": [field], "msg": text, "type": code}]}


class Refused(StarletteHTTPException):
    """A refusal a route raises: the field at fault, a code, and the words in both languages."""

    def __init__(
        self, status_code: int, field: str, code: str, words: tuple[str, str], **params: object
    ) -> None:
        super().__init__(status_code, words[1].format(**params) if params else words[1])
        self.field = field
        self.code = code
        self.words = words
        self.params = params

    def text(self, lang: Lang) -> str:
        chosen = self.words[0 if lang == "pl" else 1]
        return chosen.format(**self.params) if self.params else chosen


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
        "finite_number": ("to nie jest skończona liczba", "is not a finite number"),
        "date_parsing": ("to nie jest data (RRRR-MM-DD)", "is not a date (YYYY-MM-DD)"),
        "date_from_datetime_parsing": (
            "to nie jest data (RRRR-MM-DD)",
            "is not a date (YYYY-MM-DD)",
        ),
        "date_from_datetime_inexact": ("to nie jest sama data", "is not a plain date"),
        "date_type": ("to nie jest data (RRRR-MM-DD)", "is not a date (YYYY-MM-DD)"),
        "uuid_parsing": ("to nie jest identyfikator (UUID)", "is not an id (UUID)"),
        "uuid_type": ("to nie jest identyfikator (UUID)", "is not an id (UUID)"),
        "uuid_version": ("to nie jest identyfikator (UUID)", "is not an id (UUID)"),
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
        "string_unicode": ("to nie jest tekst (UTF-8)", "is not text (UTF-8)"),
        "int_parsing": ("to nie jest liczba całkowita", "is not a whole number"),
        "int_parsing_size": ("liczba jest za duża", "the number is too large"),
        "int_type": ("to nie jest liczba całkowita", "is not a whole number"),
        "int_from_float": ("to nie jest liczba całkowita", "is not a whole number"),
        "bool_parsing": ("to nie jest wartość tak/nie", "is not true or false"),
        "bool_type": ("to nie jest wartość tak/nie", "is not true or false"),
        "too_short": ("co najmniej {min_length} pozycji", "at least {min_length} items"),
        "too_long": ("najwyżej {max_length} pozycji", "at most {max_length} items"),
        "list_type": ("to nie jest lista", "is not a list"),
        "dict_type": ("to nie jest obiekt", "is not an object"),
        "model_type": ("to nie jest obiekt", "is not an object"),
        "model_attributes_type": ("to nie jest obiekt", "is not an object"),
        "value_error": ("nieprawidłowa wartość: {error}", "invalid value: {error}"),
        "date_future": ("data nie może być z przyszłości", "must not be in the future"),
        "decimal_not_finite": ("to nie jest skończona liczba", "is not a finite number"),
        "float_parsing": ("to nie jest liczba", "is not a number"),
        "float_type": ("to nie jest liczba", "is not a number"),
        "missing_argument": ("pole wymagane", "is required"),
        "unexpected_keyword_argument": ("nieznane pole", "is not a field of this request"),
    }
)


def _location(loc: tuple[int | str, ...]) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or (str(loc[0]) if loc else "request")


def _context_value(value: object) -> object:
    return str(value) if isinstance(value, Exception) else value


def validation_problem(lang: Lang, item: dict[str, Any], words: Catalogue) -> dict[str, Any]:
    """One of pydantic's findings as a `Problem` in `lang` (`words` may add codes of its own)."""
    kind = str(item.get("type"))
    loc = tuple(item.get("loc", ()))
    ctx = {name: _context_value(value) for name, value in (item.get("ctx") or {}).items()}
    if kind == "json_invalid":
        ctx["error"] = ctx.get("error", item.get("msg"))
        return {"loc": ["body"], "msg": words.text(lang, kind, **ctx), "type": kind}
    if kind in words.words:
        try:
            message = words.text(lang, kind, **ctx)
        except (KeyError, IndexError):
            message = str(item.get("msg"))
    elif lang == "pl" and kind != "value_error":
        # A check this catalogue does not know yet: say so in Polish rather than in English.
        message = "nieprawidłowa wartość"
    else:
        message = str(item.get("msg")).removeprefix("Value error, ")
    return {"loc": [_location(loc)], "msg": message, "type": kind}


def problems(
    lang: Lang, errors: Iterable[Any], words: Catalogue = VALIDATION
) -> list[dict[str, Any]]:
    """Each of pydantic's findings as `{loc: [field], msg, type}`, in `lang`."""
    return [validation_problem(lang, dict(item), words) for item in errors]


def validation_answer(lang: Lang, errors: list[Any], words: Catalogue = VALIDATION) -> JSONResponse:
    found = problems(lang, errors, words)
    return JSONResponse(
        status_code=422,
        content={
            "message": "; ".join(f"{p['loc'][0]}: {p['msg']}" for p in found),
            "detail": found,
        },
    )


async def validation_handler(request: Request, error: Exception) -> JSONResponse:
    """422 naming each field and its problem; malformed JSON is said to be malformed JSON."""
    assert isinstance(error, RequestValidationError)
    words = getattr(request.app.state, "validation_words", VALIDATION)
    return validation_answer(request_lang(request), list(error.errors()), words)


BAD_REQUEST = {"model": ErrorOut, "description": "The request's host or form is not accepted"}
TOO_LARGE = {"model": ErrorOut, "description": "The request's body is larger than the node takes"}
