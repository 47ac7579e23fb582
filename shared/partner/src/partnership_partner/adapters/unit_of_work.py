"""The unit of work over the node's database: repositories on one session, events into the outbox,
one commit for both (the kernel's `UnitOfWork` does the transaction and the outbox).

What this node announces is also kept on its clients' timelines, in the same commit: staff see
their own partner's work beside the others'."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar, cast

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.coordination import (
    SqlAside,
    SqlFindings,
    SqlPlans,
    SqlReferrals,
    SqlTimeline,
)
from partnership_partner.adapters.repositories import (
    SqlChanges,
    SqlClients,
    SqlConsents,
    SqlContracts,
    SqlEditions,
    SqlFamilies,
    SqlProgrammes,
    SqlRepository,
    SqlServices,
)
from partnership_partner.domain.consent import check_announceable
from partnership_partner.domain.model import (
    Activity,
    Employment,
    Enrolment,
    Payment,
    RetentionCheck,
)
from partnership_partner.domain.timeline import Happened
from partnership_partner.service_layer.handlers.timeline import keep
from partnership_partner.service_layer.unit_of_work import NOTICES, Key, named_pseudonyms
from partnership_shared.events.models import EventBase
from partnership_shared.kernel.unit_of_work import UnitOfWork as Transaction

T = TypeVar("T")

RepositoryFactory = Callable[[AsyncSession], object]
"""How a partner service's own repository is made on the transaction's session."""


class SqlUnitOfWork:
    """`async with uow:` opens a transaction; leaving it without `commit` keeps nothing."""

    def __init__(
        self,
        transaction: Transaction,
        extensions: Mapping[Key[Any], RepositoryFactory],
        partner_id: str,
    ) -> None:
        self._transaction = transaction
        self._factories = extensions
        self._extensions: dict[Key[Any], object] = {}
        self.partner_id = partner_id
        self._announced: list[tuple[type[EventBase], BaseModel, str | None, datetime, str]] = []

    @property
    def session(self) -> AsyncSession:
        return self._transaction.session

    async def __aenter__(self) -> Self:
        await self._transaction.__aenter__()
        session = self.session
        self.clients = SqlClients(session)
        self.enrolments = SqlRepository(session, db.enrolments, Enrolment, key="client_id")
        self.programmes = SqlProgrammes(session)
        self.editions = SqlEditions(session)
        self.families = SqlFamilies(session)
        self.services = SqlServices(session)
        self.activities = SqlRepository(session, db.activities, Activity)
        self.employments = SqlRepository(session, db.employments, Employment)
        self.retention_checks = SqlRepository(session, db.retention_checks, RetentionCheck)
        self.payments = SqlRepository(session, db.payments, Payment)
        self.contracts = SqlContracts(session)
        self.changes = SqlChanges(session)
        self.timeline = SqlTimeline(session)
        self.plans = SqlPlans(session)
        self.referrals = SqlReferrals(session)
        self.findings = SqlFindings(session)
        self.aside = SqlAside(session)
        self.consents = SqlConsents(session)
        self._extensions = {}
        self._announced = []
        self._named: set[str] = set()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._transaction.__aexit__(exc_type, exc, tb)

    def announce(
        self,
        event_class: type[EventBase],
        payload: BaseModel,
        *,
        client: str | None,
        occurred_at: datetime | None = None,
    ) -> str:
        if event_class not in NOTICES:
            self._named |= named_pseudonyms(client, payload)
        event_id = self._transaction.announce(
            event_class, payload, client=client, occurred_at=occurred_at
        )
        moment = occurred_at or datetime.now(UTC)
        self._announced.append((event_class, payload, client, moment, event_id))
        return event_id

    def extension(self, key: Key[T]) -> T:
        found = self._extensions.get(key)
        if found is None:
            found = self._extensions[key] = self._factories[key](self.session)
        return cast(T, found)

    async def commit(self) -> None:
        """Commit the records and their events, unless an event names a client the node
        announces nothing more about (consent withdrawn, data erased): then a 409, and nothing."""
        if self._named:
            check_announceable(await self.clients.silenced(self._named))
        now = datetime.now(UTC)
        for event_class, payload, client, occurred_at, event_id in self._announced:
            kind = str(event_class.model_fields["type"].default)
            await keep(
                self, Happened(event_id, kind, self.partner_id, client, payload, occurred_at, now)
            )
        self._announced = []
        await self.timeline.flush()
        await self._transaction.commit()

    @property
    def published(self) -> list[EventBase]:
        """The events the last commit wrote to the outbox."""
        return self._transaction.published
