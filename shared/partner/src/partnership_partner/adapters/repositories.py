"""Repositories over the node's tables: records in, records out, inside the caller's transaction.

A record's fields map to the columns of the same name; kinds (enums) are stored by value and read
back by the field's type; collections live in tables or JSON columns of their own.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, delete, false, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_partner.adapters import schema as db
from partnership_partner.domain.consent import Consent, ConsentScope, LegalBasis, Silenced
from partnership_partner.domain.corrections import as_json
from partnership_partner.domain.model import (
    Client,
    Contract,
    ContractTerm,
    Edition,
    Family,
    Programme,
    RecordChange,
    Service,
)
from partnership_partner.domain.search import search_name, search_terms
from partnership_shared.events.models import Funding
from partnership_shared.events.vocabulary import CorrectionReason, Obligation, Party

R = TypeVar("R")

Row = dict[str, Any]


def _readers(cls: type) -> dict[str, Callable[[Any], Any]]:
    """How each field of a record class is read back from its column (kinds by their enum)."""
    readers: dict[str, Callable[[Any], Any]] = {}
    for name, hint in typing.get_type_hints(cls).items():
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        for option in options:
            if isinstance(option, type) and issubclass(option, Enum):
                readers[name] = _enum_reader(option)
    return readers


@functools.cache
def _mapping(
    table: Table, cls: type
) -> tuple[list[str], dict[str, tuple[()]], dict[str, Callable[[Any], Any]]]:
    """A record class's columns in `table`, the required fields kept elsewhere (a service's
    clients: they start empty and are filled after) and the readers; worked out once, since a
    unit of work opens every repository."""
    fields = dataclasses.fields(cls)
    columns = [field.name for field in fields if field.name in table.c]
    elsewhere: dict[str, tuple[()]] = {
        field.name: ()
        for field in fields
        if field.name not in table.c
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    }
    return columns, elsewhere, _readers(cls)


def _enum_reader(kind: type[Enum]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        return None if value is None else kind(value)

    return read


def _id(record: object) -> str:
    return str(cast(Any, record).id)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _aware(value: Any) -> Any:
    """SQLite gives back times without their zone; every time kept is UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class SqlRepository(Generic[R]):
    """Records of one class in one table, by its `key` column."""

    def __init__(self, session: AsyncSession, table: Table, cls: type[R], key: str = "id") -> None:
        self.session = session
        self.table = table
        self.cls = cls
        self.key = key
        self._columns, self._elsewhere, self._readers = _mapping(table, cast(type, cls))

    # --- mapping (subclasses add what lives elsewhere) ---------------------------------------

    def to_row(self, record: R) -> Row:
        return {name: _plain(getattr(record, name)) for name in self._columns}

    def from_row(self, row: Any) -> R:
        values = {}
        for name in self._columns:
            value = _aware(row[name])
            reader = self._readers.get(name)
            values[name] = reader(value) if reader else value
        if "event_id" in values and values["event_id"] is None:
            values["event_id"] = ""  # recorded before events were remembered
        return self.cls(**values, **self._elsewhere)

    async def _load(self, rows: list[Any]) -> list[R]:
        return [self.from_row(row) for row in rows]

    async def _select(self, *conditions: Any) -> list[R]:
        result = await self.session.execute(select(self.table).where(*conditions))
        return await self._load(list(result.mappings()))

    # --- the repository ----------------------------------------------------------------------

    async def get(self, record_id: str) -> R | None:
        found = await self._select(self.table.c[self.key] == str(record_id))
        return found[0] if found else None

    async def page(
        self, *conditions: Any, order_by: Sequence[Any], limit: int, offset: int
    ) -> tuple[int, list[R]]:
        """How many records meet the conditions, and one page of them in order."""
        total = await self.session.scalar(
            select(func.count()).select_from(self.table).where(*conditions)
        )
        result = await self.session.execute(
            select(self.table).where(*conditions).order_by(*order_by).limit(limit).offset(offset)
        )
        return int(total or 0), await self._load(list(result.mappings()))

    async def many(self, record_ids: Iterable[str]) -> dict[str, R]:
        wanted = [str(ident) for ident in record_ids]
        if not wanted:
            return {}
        found = await self._select(self.table.c[self.key].in_(wanted))
        return {str(getattr(record, self.key)): record for record in found}

    async def find(self, **equal: Any) -> list[R]:
        return await self._select(
            *(self.table.c[name] == _plain(value) for name, value in equal.items())
        )

    async def add(self, record: R) -> None:
        await self.session.execute(insert(self.table).values(self.to_row(record)))

    async def update(self, record: R) -> None:
        row = self.to_row(record)
        key = row.pop(self.key)
        await self.session.execute(
            update(self.table).where(self.table.c[self.key] == key).values(row)
        )

    async def save(self, record: R) -> None:
        """Add, or replace the record kept under the same key."""
        row = self.to_row(record)
        statement = insert_for(self.session, self.table).values(row)
        changed = {name: value for name, value in row.items() if name != self.key}
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=[self.key], set_=changed)
        )


def client_search(query: str) -> list[Any]:
    """Conditions finding clients by a query: every word in a name (letters and case forgiven),
    or the beginning of a PESEL."""
    words, pesel = search_terms(query)
    if pesel is not None:
        return [db.clients.c.pesel.like(f"{pesel}%")]
    if not words:
        return [false()]  # only punctuation: nobody's name is made of it
    return [db.clients.c.search_name.contains(word, autoescape=True) for word in words]


def insert_for(session: AsyncSession, table: Table) -> Any:
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


class SqlClients(SqlRepository[Client]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.clients, Client)

    def to_row(self, record: Client) -> Row:
        row = super().to_row(record)
        row["search_name"] = search_name(record.first_name, record.last_name)
        return row

    async def by_pesel(self, pesel: str) -> Client | None:
        found = await self.find(pesel=pesel)
        return found[0] if found else None

    async def silenced(self, pseudonyms: Iterable[str]) -> list[Silenced]:
        wanted = sorted(set(pseudonyms))
        if not wanted:
            return []
        result = await self.session.execute(
            select(db.clients.c.id, db.consents.c.withdrawn_on, db.clients.c.erased_on)
            .select_from(db.clients.outerjoin(db.consents))
            .where(db.clients.c.pseudonym.in_(wanted))
            .where(db.clients.c.erased_on.is_not(None) | db.consents.c.withdrawn_on.is_not(None))
        )
        return [Silenced(str(ident), withdrawn, erased) for ident, withdrawn, erased in result]


class SqlConsents(SqlRepository[Consent]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.consents, Consent, key="client_id")

    def to_row(self, record: Consent) -> Row:
        row = super().to_row(record)
        row["scope"] = sorted(scope.value for scope in record.scope)
        return row

    def from_row(self, row: Any) -> Consent:
        consent = super().from_row(row)
        consent.scope = frozenset(ConsentScope(scope) for scope in row["scope"])
        consent.legal_basis = LegalBasis(row["legal_basis"])
        return consent


class SqlProgrammes(SqlRepository[Programme]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.programmes, Programme)

    def to_row(self, record: Programme) -> Row:
        row = super().to_row(record)
        funding = record.funding
        row.update(
            funding_total=funding.total if funding else None,
            funding_co_financing=funding.co_financing if funding else None,
            funding_source=funding.co_financing_source.value if funding else None,
            funding_own_contribution=funding.own_contribution if funding else None,
        )
        return row

    def from_row(self, row: Any) -> Programme:
        programme = super().from_row(row)
        if row["funding_total"] is not None:
            programme.funding = Funding(
                total=row["funding_total"],
                co_financing=row["funding_co_financing"],
                co_financing_source=row["funding_source"],
                own_contribution=row["funding_own_contribution"],
            )
        return programme

    async def by_code(self, code: str) -> Programme | None:
        found = await self.find(code=code)
        return found[0] if found else None


class SqlEditions(SqlRepository[Edition]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.editions, Edition)


class _WithMembers(SqlRepository[R]):
    """Records whose list of clients lives in a table of its own (`owner` → `client_id`)."""

    members_table: Table
    owner: str
    attribute: str

    async def _load(self, rows: list[Any]) -> list[R]:
        records = [self.from_row(row) for row in rows]
        if not records:
            return records
        ids = [_id(record) for record in records]
        members: dict[str, list[str]] = {ident: [] for ident in ids}
        order = [self.members_table.c.position] if "position" in self.members_table.c else []
        result = await self.session.execute(
            select(self.members_table.c[self.owner], self.members_table.c.client_id)
            .where(self.members_table.c[self.owner].in_(ids))
            .order_by(*order, self.members_table.c.client_id)
        )
        for owner, client_id in result:
            members[owner].append(client_id)
        return [
            cast(
                R,
                dataclasses.replace(
                    cast(Any, record), **{self.attribute: tuple(members[_id(record)])}
                ),
            )
            for record in records
        ]

    def _member_rows(self, record: R) -> list[Row]:
        ids = getattr(record, self.attribute)
        rows: list[Row] = [{self.owner: _id(record), "client_id": client_id} for client_id in ids]
        if "position" in self.members_table.c:
            for position, row in enumerate(rows):
                row["position"] = position
        return rows

    async def add(self, record: R) -> None:
        await super().add(record)
        await self.session.execute(insert(self.members_table), self._member_rows(record))

    async def update(self, record: R) -> None:
        await super().update(record)
        await self.session.execute(
            delete(self.members_table).where(self.members_table.c[self.owner] == _id(record))
        )
        await self.session.execute(insert(self.members_table), self._member_rows(record))


class SqlServices(_WithMembers[Service]):
    members_table = db.service_clients
    owner = "service_id"
    attribute = "client_ids"

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.services, Service)

    async def given_to(self, client_ids: Iterable[str], on: date | None = None) -> list[Service]:
        attended = select(db.service_clients.c.service_id).where(
            db.service_clients.c.client_id.in_([str(c) for c in client_ids])
        )
        conditions: list[Any] = [
            db.services.c.id.in_(attended),
            db.services.c.withdrawn.is_(False),
        ]
        if on is not None:
            conditions.append(db.services.c.delivered_on == on)
        return await self._select(*conditions)


class SqlFamilies(_WithMembers[Family]):
    members_table = db.family_members
    owner = "family_id"
    attribute = "member_ids"

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.families, Family)


class SqlContracts(SqlRepository[Contract]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.contracts, Contract)

    def to_row(self, record: Contract) -> Row:
        row = super().to_row(record)
        row["parties"] = [party.value for party in record.parties]
        row["obligations"] = [
            {"party": t.party.value, "obligation": t.obligation.value, "description": t.description}
            for t in record.obligations
        ]
        return row

    def from_row(self, row: Any) -> Contract:
        contract = super().from_row(row)
        contract.parties = tuple(Party(party) for party in row["parties"])
        contract.obligations = tuple(
            ContractTerm(Party(t["party"]), Obligation(t["obligation"]), t.get("description"))
            for t in row["obligations"]
        )
        return contract


class SqlChanges:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, change: RecordChange) -> None:
        await self.session.execute(
            insert(db.record_changes).values(
                id=change.id,
                record_kind=change.record_kind,
                record_id=change.record_id,
                action=change.action,
                changes={
                    name: [as_json(old), as_json(new)]
                    for name, (old, new) in change.changes.items()
                },
                reason=change.reason,
                reason_kind=change.reason_kind.value,
                confirmation=change.confirmation,
                actor=change.actor,
                at=change.at,
                event_ids=list(change.event_ids),
            )
        )

    async def scrub(self, record_ids: Iterable[str], fields: frozenset[str]) -> None:
        table = db.record_changes
        result = await self.session.execute(
            select(table.c.id, table.c.changes).where(
                table.c.record_id.in_([str(ident) for ident in record_ids])
            )
        )
        for ident, changes in list(result):
            kept = {name: pair for name, pair in changes.items() if name not in fields}
            await self.session.execute(
                update(table)
                .where(table.c.id == ident)
                .values(reason="", confirmation=None, changes=kept)
            )

    async def of_record(self, record_kind: str, record_id: str) -> list[RecordChange]:
        result = await self.session.execute(
            select(db.record_changes)
            .where(db.record_changes.c.record_kind == record_kind)
            .where(db.record_changes.c.record_id == str(record_id))
            .order_by(db.record_changes.c.at, db.record_changes.c.id)
        )
        return [
            RecordChange(
                id=row["id"],
                record_kind=row["record_kind"],
                record_id=row["record_id"],
                action=row["action"],
                changes={name: (pair[0], pair[1]) for name, pair in row["changes"].items()},
                reason=row["reason"],
                reason_kind=CorrectionReason(row["reason_kind"]),
                actor=row["actor"],
                at=_aware(row["at"]),
                confirmation=row["confirmation"],
                event_ids=tuple(row["event_ids"]),
            )
            for row in result.mappings()
        ]
