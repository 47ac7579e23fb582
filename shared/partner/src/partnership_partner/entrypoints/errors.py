"""Refusals as staff read them: a 4xx whose message names the field and says what is wrong, in
the reader's language (Polish unless `?lang=en` or `Accept-Language` asks for English)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from partnership_partner.domain.errors import Rejected
from partnership_partner.domain.messages import CATALOGUE
from partnership_partner.domain.scope import partner_name
from partnership_shared.http.errors import error_answer, wants_page
from partnership_shared.i18n import Catalogue, Formatter, Lang
from partnership_shared.kernel.problems import (
    BAD_REQUEST,
    TOO_LARGE,
    ErrorOut,
    validation_answer,
)
from partnership_shared.kernel.problems import VALIDATION as COMMON_VALIDATION
from partnership_shared.kernel.problems import (
    request_lang as request_lang,
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


async def rejected_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, Rejected)
    messages = getattr(request.app.state, "messages", CATALOGUE)
    params = dict(error.params)
    node = getattr(request.app.state, "node", None)
    if node is not None:
        for name in PARTNERS & params.keys():
            value = params[name]
            if isinstance(value, str):
                params[name] = partner_name(node.context.agreement, value)
    content = refusal(request_lang(request), error.field, error.code, params, messages)
    if wants_page(request):  # a page of the workspace naming what it does not hold
        return await error_answer(request, error.status_code, content["message"], error.code)
    return JSONResponse(status_code=error.status_code, content=content)


# --- what pydantic finds wrong, in the reader's words: the kernel's, and the PESEL's ---------

VALIDATION = Catalogue(
    {
        **COMMON_VALIDATION.words,
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


async def validation_handler(request: Request, error: Exception) -> JSONResponse:
    """422 naming each field and its problem; malformed JSON is said to be malformed JSON."""
    assert isinstance(error, RequestValidationError)
    return validation_answer(request_lang(request), list(error.errors()), VALIDATION)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: BAD_REQUEST,
    404: {"model": ErrorOut, "description": "Something the request names is not in this node"},
    409: {"model": ErrorOut, "description": "The records do not allow it, or a duplicate"},
    413: TOO_LARGE,
    422: {"model": ErrorOut, "description": "A field is wrong, or a limit needs a confirmation"},
}
"""The error answers every route documents."""
