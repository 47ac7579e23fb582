"""Fuzzing a node's API from its own OpenAPI document with schemathesis.

`cases(openapi, per_operation)` draws, for every operation, `per_operation` valid requests and as
many invalid ones (schemathesis' positive and negative modes, reproducible: derandomized);
`check(case, response)` says what is wrong with an answer: a 5xx, a status or a body the document
does not declare, a 4xx that is not the nodes' error shape naming what is wrong, and, on a partner
node, anything that looks like a pseudonym. The cases are drawn first and sent afterwards, so the
same helpers serve a synchronous `TestClient` and an asynchronous `httpx` client.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PSEUDONYM = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def cases(openapi: dict[str, Any], per_operation: int) -> list[Case]:
    """`per_operation` valid and `per_operation` invalid requests of every operation."""
    schema = schemathesis.openapi.from_dict(openapi)
    drawn: list[Case] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=per_operation,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(operation.as_strategy(generation_mode=mode))
            def collect(case: Case) -> None:
                drawn.append(case)

            try:
                collect()
            except Unsatisfiable:  # nothing to get wrong: an operation without input
                continue
    return drawn


def request_of(case: Case, base_url: str) -> dict[str, Any]:
    """The case as keyword arguments of `httpx` (and so of Starlette's `TestClient`)."""
    kwargs = case.as_transport_kwargs(base_url=base_url)
    headers = {
        name: value
        for name, value in kwargs.get("headers", {}).items()
        if name.lower() not in ("connection", "accept-encoding")
    }
    request: dict[str, Any] = {
        "method": kwargs["method"],
        "url": kwargs["url"],
        "headers": headers,
        "params": kwargs.get("params") or None,
        "cookies": kwargs.get("cookies") or None,
    }
    if "json" in kwargs:
        request["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        request["content"] = kwargs["data"]
    return request


def check(case: Case, response: Any, *, partner: bool) -> list[str]:
    """What is wrong with `response` to `case` (nothing: an empty list)."""
    where = f"{case.method.upper()} {case.formatted_path} → {response.status_code}"
    problems: list[str] = []
    try:
        case.validate_response(response, checks=CHECKS)
    except Exception as failure:  # schemathesis gathers every failed check in one
        problems.append(f"{where}: {failure}")
    if 400 <= response.status_code < 500:
        body = response.json() if "json" in response.headers.get("content-type", "") else None
        detail = body.get("detail") if isinstance(body, dict) else None
        if not (
            isinstance(body, dict)
            and isinstance(body.get("message"), str)
            and body["message"].strip()
            and isinstance(detail, list)
            and detail
            and all(item.get("loc") and item.get("msg") for item in detail)
        ):
            problems.append(f"{where}: a refusal that does not say what is wrong: {response.text}")
    if partner and 200 <= response.status_code < 300 and PSEUDONYM.search(response.text):
        problems.append(f"{where}: a pseudonym in a partner's answer: {response.text[:300]}")
    return problems
