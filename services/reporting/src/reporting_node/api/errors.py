"""The refusals the reporting API documents: the kernel's `ErrorOut` for every 4xx."""

from __future__ import annotations

from typing import Any

from partnership_shared.kernel.problems import BAD_REQUEST, TOO_LARGE, ErrorOut

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: BAD_REQUEST,
    404: {"model": ErrorOut, "description": "Nothing of what the request names is here"},
    413: TOO_LARGE,
    422: {"model": ErrorOut, "description": "A parameter is wrong: the message names it"},
}
