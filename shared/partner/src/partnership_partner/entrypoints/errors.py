"""Refusals as staff read them: a 4xx whose message names the field and says what is wrong, in
the reader's language (Polish unless `?lang=en` or `Accept-Language` asks for English)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from partnership_partner.domain.errors import Rejected
from partnership_partner.domain.messages import CATALOGUE
from partnership_partner.domain.scope import partner_name
from partnership_shared.http.errors import error_answer, wants_page
from partnership_shared.http.validation import VALIDATION, request_lang, validation_handler
from partnership_shared.i18n import Catalogue, Formatter, Lang

__all__ = [
    "ERROR_RESPONSES",
    "VALIDATION",
    "ErrorOut",
    "refusal",
    "rejected_handler",
    "request_lang",
    "validation_handler",
    "written",
]


class Problem(BaseModel):
    loc: list[str]
    msg: str
    type: str


class ErrorOut(BaseModel):
    """What is wrong with a request: one message naming each field, and the problems one by one."""

    message: str
    detail: list[Problem]


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


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Something the request names is not in this node"},
    409: {"model": ErrorOut, "description": "The records do not allow it, or a duplicate"},
    422: {"model": ErrorOut, "description": "A field is wrong, or a limit needs a confirmation"},
}
"""The error answers every route documents."""
