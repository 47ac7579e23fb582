"""Logs every node writes alike: one line per record, a UTC timestamp first, then key=value pairs.

    2026-11-25T16:29:45.123Z level=INFO logger=partnership.request node=pup msg="POST /api… 201"

Uvicorn's own loggers are sent through the same handler (`uvicorn.run(..., log_config=None)`),
so its start and stop lines carry the timestamp too; request lines come from `RequestLog`.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime

QUIET_WHEN_INFO = ("faststream", "faststream.access.redis", "aiosqlite", "asyncio")
"""Loggers whose INFO lines say nothing an operator needs (per-batch lines, driver chatter)."""


class KeyValueFormatter(logging.Formatter):
    """`<UTC time> level=… logger=… node=… msg="…"`, one line; a traceback, if any, follows."""

    def __init__(self, node: str) -> None:
        super().__init__()
        self._node = node

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        message = record.getMessage().replace("\\", "\\\\").replace('"', '\\"')
        line = (
            f"{stamp} level={record.levelname} logger={record.name} node={self._node} "
            f'msg="{message}"'
        )
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(node: str, level: str = "info") -> None:
    """Route every logger (the node's, uvicorn's, FastStream's) to stderr in one format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter(node))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    if root.level <= logging.INFO:
        for name in QUIET_WHEN_INFO:
            logging.getLogger(name).setLevel(max(root.level, logging.WARNING))
