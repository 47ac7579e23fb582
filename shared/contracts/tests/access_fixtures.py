"""What the access tests of every node share: the routes of a node, read off its OpenAPI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

PLACEHOLDER = re.compile(r"\{([^}]+)\}")
SAMPLE = {"pseudonym": "a" * 64, "username": "someone"}
UUID = "00000000-0000-4000-8000-000000000000"


def routes(openapi: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every (method, path) the document declares, its path parameters filled in."""
    for template, operations in openapi["paths"].items():
        path = PLACEHOLDER.sub(lambda m: SAMPLE.get(m.group(1), UUID), template)
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path
