"""The audit log: who read or changed which client's data, when, and from where.

An entry per client named in an answer (the client card, a page of the client list, any record
naming clients), or one without a client for events of access itself (sign-ins, accounts,
tokens, reading the audit log). Entries are only ever added: no route changes them, and the
database refuses UPDATE and DELETE (`tables.append_only_statements`). The path is kept without its
query string: a search may hold a person's name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.kernel.database import WriteGate

CLIENT_KEYS = frozenset({"client_id", "client_ids", "head_client_id", "member_ids"})
"""The keys under which an answer names clients (one id or a list of ids)."""
EXPORT_BATCH = 2000


@dataclass(frozen=True)
class Actor:
    """Who acts and from where."""

    username: str
    role: str
    address: str


@dataclass(frozen=True)
class AuditQuery:
    user: str | None = None
    client_id: str | None = None
    first: date | None = None
    last: date | None = None


def clients_named(answer: Any) -> list[str]:
    """Every client an answer names, in order, once: ids under `CLIENT_KEYS` anywhere in it, and
    the `id` of a client card (an object holding a `pesel`)."""
    found: dict[str, None] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "pesel" in value and isinstance(value.get("id"), str):
                found[value["id"]] = None
            for key, item in value.items():
                if key in CLIENT_KEYS:
                    for named in item if isinstance(item, list) else [item]:
                        if isinstance(named, str):
                            found[named] = None
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(answer)
    return list(found)


def entries(
    actor: Actor,
    action: str,
    method: str,
    path: str,
    status: int,
    clients: Iterable[str | None] = (None,),
) -> list[dict[str, Any]]:
    """The rows recording one request: one per client it named (or one without a client)."""
    at = datetime.now(UTC)
    return [
        {
            "at": at,
            "actor": actor.username[:64],
            "role": actor.role,
            "address": actor.address[:64],
            "action": action,
            "method": method[:8],
            "path": path[:300],
            "status": status,
            "client_id": client,
        }
        for client in clients
    ]


class AuditLog:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], table: Table, gate: WriteGate | None
    ) -> None:
        self._sessions = sessions
        self.table = table
        self._gate = gate or WriteGate("postgresql://")

    async def add(self, session: AsyncSession, rows: list[dict[str, Any]]) -> None:
        """Add entries inside the caller's transaction (a change and its entry commit together)."""
        if rows:
            await session.execute(insert(self.table), rows)

    async def write(self, rows: list[dict[str, Any]]) -> None:
        """Add entries in a transaction of their own."""
        if rows:
            async with self._gate, self._sessions.begin() as session:
                await session.execute(insert(self.table), rows)

    def _where(self, query: AuditQuery) -> list[Any]:
        c = self.table.c
        conditions: list[Any] = []
        if query.user:
            conditions.append(c.actor == query.user)
        if query.client_id:
            conditions.append(c.client_id == query.client_id)
        if query.first:
            conditions.append(c.at >= datetime.combine(query.first, time(), UTC))
        if query.last:
            conditions.append(c.at < datetime.combine(query.last + timedelta(days=1), time(), UTC))
        return conditions

    async def page(self, query: AuditQuery, limit: int, offset: int) -> tuple[int, list[Any]]:
        """The entries matching `query`, newest first: (how many in all, one page of them)."""
        conditions = self._where(query)
        async with self._sessions() as session:
            total = await session.scalar(
                select(func.count()).select_from(self.table).where(*conditions)
            )
            rows = await session.execute(
                select(self.table)
                .where(*conditions)
                .order_by(self.table.c.id.desc())
                .limit(limit)
                .offset(offset)
            )
            return int(total or 0), list(rows)

    async def csv_lines(self, query: AuditQuery) -> AsyncIterator[str]:
        """Every matching entry as CSV (a header line first), oldest first, read in batches."""
        columns = [
            "id",
            "at",
            "actor",
            "role",
            "address",
            "action",
            "method",
            "path",
            "status",
            "client_id",
        ]
        yield _csv_line(columns)
        after = 0
        while True:
            async with self._sessions() as session:
                rows = list(
                    await session.execute(
                        select(self.table)
                        .where(*self._where(query), self.table.c.id > after)
                        .order_by(self.table.c.id)
                        .limit(EXPORT_BATCH)
                    )
                )
            for row in rows:
                values = [getattr(row, name) for name in columns]
                values[1] = _utc_text(row.at)
                yield _csv_line(values)
            if len(rows) < EXPORT_BATCH:
                return
            after = rows[-1].id


def _utc_text(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _csv_line(values: list[Any]) -> str:
    out = io.StringIO()
    # Every cell as text, and none a spreadsheet would run as a formula.
    csv.writer(out).writerow([_cell(value) for value in values])
    return out.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
