"""What handlers need of storage: repositories of records, events to announce, one commit.

The SQL adapters implement it over the node's database and outbox; `partnership_partner.testing`
implements it in memory for the unit tier. Only the caller of a handler commits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from partnership_partner.domain.aside import KeptAside
from partnership_partner.domain.consent import Consent, Silenced
from partnership_partner.domain.model import (
    Activity,
    Client,
    Contract,
    Edition,
    Employment,
    Enrolment,
    Family,
    Payment,
    Programme,
    RecordChange,
    RetentionCheck,
    Service,
)
from partnership_partner.domain.overlaps import Finding
from partnership_partner.domain.plans import Plan
from partnership_partner.domain.referrals import Referral
from partnership_partner.domain.timeline import Entry
from partnership_shared.events.models import ClientErased, ConsentWithdrawn, EventBase

R = TypeVar("R")
T = TypeVar("T")


class Repository(Protocol[R]):
    """Records of one kind, by id."""

    async def get(self, record_id: str) -> R | None: ...

    async def add(self, record: R) -> None: ...

    async def update(self, record: R) -> None: ...

    async def find(self, **equal: Any) -> list[R]:
        """The records whose fields equal the values given (`withdrawn=False`, `client_id=…`)."""
        ...


class ClientRepository(Repository[Client], Protocol):
    async def by_pesel(self, pesel: str) -> Client | None: ...

    async def many(self, client_ids: Iterable[str]) -> dict[str, Client]: ...

    async def silenced(self, pseudonyms: Iterable[str]) -> list[Silenced]:
        """Those of the clients (by pseudonym) who withdrew consent or whose data were erased."""
        ...


class ConsentRepository(Protocol):
    """The consent standing for each client, by client id."""

    async def get(self, client_id: str) -> Consent | None: ...

    async def save(self, consent: Consent) -> None: ...


class EnrolmentRepository(Repository[Enrolment], Protocol):
    """Enrolments by client id (one per client in a node)."""

    async def many(self, client_ids: Iterable[str]) -> dict[str, Enrolment]: ...


class ProgrammeRepository(Repository[Programme], Protocol):
    async def by_code(self, code: str) -> Programme | None: ...

    async def save(self, programme: Programme) -> None:
        """Add or replace (an announcement of a programme replaces the earlier one)."""
        ...


class EditionRepository(Repository[Edition], Protocol):
    async def save(self, edition: Edition) -> None: ...


class ServiceRepository(Repository[Service], Protocol):
    async def given_to(self, client_ids: Iterable[str], on: date | None = None) -> list[Service]:
        """Services, not withdrawn, given to any of the clients (on one day, or on any)."""
        ...


class ChangeRepository(Protocol):
    async def add(self, change: RecordChange) -> None: ...

    async def of_record(self, record_kind: str, record_id: str) -> list[RecordChange]: ...

    async def scrub(self, record_ids: Iterable[str], fields: frozenset[str]) -> None:
        """Forget what staff typed in the history of these records: reasons, confirmations, and
        the old and new values of `fields`."""
        ...


class TimelineRepository(Protocol):
    """Every partner's entries for every client, by the client's pseudonym."""

    async def add(self, entries: Sequence[Entry]) -> None: ...

    async def update(self, entry: Entry) -> None:
        """Replace an entry that was read from here (its details, day and marks)."""
        ...

    async def of_client(self, client: str) -> list[Entry]:
        """The client's entries, in order (by day, then as recorded)."""
        ...

    async def of_event(self, event_id: str) -> list[Entry]: ...

    async def of_kind(
        self,
        client: str,
        kind: str,
        *,
        not_by: str,
        sessions_within: tuple[date, date] | None = None,
    ) -> list[Entry]:
        """The client's services and activities of one kind by every partner but one, in order
        (sessions only on the days within, where given)."""
        ...

    async def of_kinds(
        self, clients: Collection[str], kinds: Collection[str], *, by: str
    ) -> list[Entry]:
        """One partner's services and activities of any of the kinds for any of the clients."""
        ...


class PlanRepository(Protocol):
    async def get(self, plan_id: str) -> Plan | None: ...

    async def save(self, plan: Plan) -> None:
        """Add the plan, or its revisions not kept yet."""
        ...

    async def of_client(self, client: str) -> list[Plan]: ...

    async def with_action(self, action_id: str) -> Plan | None:
        """The plan one of whose revisions has this action."""
        ...


class FindingRepository(Protocol):
    async def get(self, finding_id: str) -> Finding | None: ...

    async def add(self, finding: Finding) -> None: ...


class AsideRepository(Protocol):
    """Other partners' events waiting for what they refer to."""

    async def add(self, kept: KeptAside) -> None: ...

    async def waiting_for(self, key: str) -> list[KeptAside]: ...

    async def release(self, event_id: str) -> None: ...

    async def count(self) -> int: ...


@dataclass(frozen=True)
class Key(Generic[T]):
    """Names a repository a partner service adds to the unit of work: `uow.extension(KEY)`."""

    name: str


class UnitOfWork(Protocol):
    """Repositories on one transaction, events announced into it, one commit (by the caller)."""

    @property
    def clients(self) -> ClientRepository: ...
    @property
    def enrolments(self) -> EnrolmentRepository: ...
    @property
    def programmes(self) -> ProgrammeRepository: ...
    @property
    def editions(self) -> EditionRepository: ...
    @property
    def families(self) -> Repository[Family]: ...
    @property
    def services(self) -> ServiceRepository: ...
    @property
    def activities(self) -> Repository[Activity]: ...
    @property
    def employments(self) -> Repository[Employment]: ...
    @property
    def retention_checks(self) -> Repository[RetentionCheck]: ...
    @property
    def payments(self) -> Repository[Payment]: ...
    @property
    def contracts(self) -> Repository[Contract]: ...
    @property
    def changes(self) -> ChangeRepository: ...
    @property
    def timeline(self) -> TimelineRepository: ...
    @property
    def plans(self) -> PlanRepository: ...
    @property
    def referrals(self) -> Repository[Referral]: ...
    @property
    def findings(self) -> FindingRepository: ...
    @property
    def aside(self) -> AsideRepository: ...
    @property
    def consents(self) -> ConsentRepository: ...

    def announce(
        self,
        event_class: type[EventBase],
        payload: BaseModel,
        *,
        client: str | None,
        occurred_at: datetime | None = None,
    ) -> str:
        """Queue an event for this transaction's outbox; returns its event id."""
        ...

    def extension(self, key: Key[T]) -> T:
        """A repository a partner service added (its own domain's records)."""
        ...

    async def commit(self) -> None: ...


def total_hours(
    services: Iterable[Service], client_ids: Iterable[str]
) -> list[tuple[str, Decimal]]:
    """Hours already given on a day, per client (a group session counts for each attendee)."""
    wanted = list(client_ids)
    totals = dict.fromkeys(wanted, Decimal(0))
    for service in services:
        for client_id in service.client_ids:
            if client_id in totals:
                totals[client_id] += service.hours
    return list(totals.items())


NOTICES: frozenset[type[EventBase]] = frozenset({ConsentWithdrawn, ClientErased})
"""Events that may still name a silenced client: the notices that they were silenced."""


def named_pseudonyms(client: str | None, payload: BaseModel) -> set[str]:
    """Every pseudonym an event names: its client, and any in its payload (attendees, members,
    the client replaced), so nothing about a silenced client slips out in a group's list."""
    found = {client} if client else set()
    stack: list[Any] = [payload.model_dump(mode="json")]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, str) and len(value) == 64 and _HEX.issuperset(value):
            found.add(value)
    return found


_HEX = frozenset("0123456789abcdef")
