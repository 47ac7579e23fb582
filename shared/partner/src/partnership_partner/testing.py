"""An in-memory unit of work for the unit tier of the partner domain: no database, no broker.

It behaves like the real one where handlers can tell: records are copies (changing an object a
handler got does not change what is kept until it is saved), and leaving `async with` without
`commit` forgets everything the block did, events included. Partner services use it for their own
domain's tests, registering fakes of their own repositories as extensions.
"""

from __future__ import annotations

import copy
import dataclasses
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast

from pydantic import BaseModel

from partnership_partner.domain.aside import KeptAside
from partnership_partner.domain.consent import Consent, Silenced, check_announceable
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
from partnership_partner.domain.scope import PartnerProfile, Scope
from partnership_partner.domain.timeline import Entry, Happened, in_order
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers.timeline import keep
from partnership_partner.service_layer.hooks import Hooks
from partnership_partner.service_layer.unit_of_work import NOTICES, Key, named_pseudonyms
from partnership_shared.agreement import PartnershipAgreement
from partnership_shared.events.models import EventBase
from partnership_shared.events.vocabulary import PartnerKind

R = TypeVar("R")
T = TypeVar("T")


class FakeRepository(Generic[R]):
    """Records in a dict, by the attribute `key` (`id`, or `client_id` for enrolments)."""

    def __init__(self, key: str = "id") -> None:
        self.key = key
        self.rows: dict[str, R] = {}

    async def get(self, record_id: str) -> R | None:
        found = self.rows.get(str(record_id))
        return copy.deepcopy(found) if found is not None else None

    async def add(self, record: R) -> None:
        ident = str(getattr(record, self.key))
        assert ident not in self.rows, f"{ident} is already kept"
        self.rows[ident] = copy.deepcopy(record)

    async def update(self, record: R) -> None:
        ident = str(getattr(record, self.key))
        assert ident in self.rows, f"{ident} was never added"
        self.rows[ident] = copy.deepcopy(record)

    async def save(self, record: R) -> None:
        self.rows[str(getattr(record, self.key))] = copy.deepcopy(record)

    async def find(self, **equal: Any) -> list[R]:
        return [
            copy.deepcopy(row)
            for row in self.rows.values()
            if all(getattr(row, name) == value for name, value in equal.items())
        ]

    async def many(self, record_ids: Iterable[str]) -> dict[str, R]:
        return {
            ident: copy.deepcopy(self.rows[ident]) for ident in record_ids if ident in self.rows
        }


class FakeClients(FakeRepository[Client]):
    async def by_pesel(self, pesel: str) -> Client | None:
        found = await self.find(pesel=pesel)
        return found[0] if found else None

    async def silenced(self, pseudonyms: Iterable[str]) -> list[Silenced]:
        """The erased ones (consents live beside: `FakeUnitOfWork` adds the withdrawn)."""
        wanted = set(pseudonyms)
        return [
            Silenced(client.id, None, client.erased_on)
            for client in self.rows.values()
            if client.pseudonym in wanted and client.erased_on is not None
        ]


class FakeProgrammes(FakeRepository[Programme]):
    async def by_code(self, code: str) -> Programme | None:
        found = await self.find(code=code)
        return found[0] if found else None


class FakeServices(FakeRepository[Service]):
    async def given_to(self, client_ids: Iterable[str], on: date | None = None) -> list[Service]:
        wanted = set(client_ids)
        return [
            copy.deepcopy(service)
            for service in self.rows.values()
            if not service.withdrawn
            and (on is None or service.delivered_on == on)
            and wanted & set(service.client_ids)
        ]


class FakeChanges:
    def __init__(self) -> None:
        self.rows: list[RecordChange] = []

    async def add(self, change: RecordChange) -> None:
        self.rows.append(copy.deepcopy(change))

    async def scrub(self, record_ids: Iterable[str], fields: frozenset[str]) -> None:
        wanted = set(record_ids)
        for change in self.rows:
            if change.record_id in wanted:
                change.reason, change.confirmation = "", None
                change.changes = {n: v for n, v in change.changes.items() if n not in fields}

    async def of_record(self, record_kind: str, record_id: str) -> list[RecordChange]:
        return [
            copy.deepcopy(change)
            for change in self.rows
            if (change.record_kind, change.record_id) == (record_kind, record_id)
        ]


class FakeTimeline:
    def __init__(self) -> None:
        self.rows: list[Entry] = []

    async def add(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            self.rows.append(dataclasses.replace(copy.deepcopy(entry), id=len(self.rows) + 1))

    async def update(self, entry: Entry) -> None:
        assert entry.id is not None, "only an entry read from here is updated"
        self.rows[entry.id - 1] = copy.deepcopy(entry)

    async def of_client(self, client: str) -> list[Entry]:
        return copy.deepcopy(in_order(e for e in self.rows if e.client == client))

    async def of_event(self, event_id: str) -> list[Entry]:
        return copy.deepcopy([e for e in self.rows if e.event_id == event_id])

    async def of_kind(
        self,
        client: str,
        kind: str,
        *,
        not_by: str,
        sessions_within: tuple[date, date] | None = None,
    ) -> list[Entry]:
        first, last = sessions_within or (date.min, date.max)
        return [
            entry
            for entry in await self.of_client(client)
            if entry.kind == kind
            and entry.partner != not_by
            and (entry.type != "ServiceDelivered" or first <= entry.on <= last)
        ]

    async def of_kinds(
        self, clients: Collection[str], kinds: Collection[str], *, by: str
    ) -> list[Entry]:
        return copy.deepcopy(
            in_order(
                e for e in self.rows if e.client in clients and e.kind in kinds and e.partner == by
            )
        )


class FakePlans:
    def __init__(self) -> None:
        self.rows: dict[str, Plan] = {}

    async def get(self, plan_id: str) -> Plan | None:
        return copy.deepcopy(self.rows.get(str(plan_id)))

    async def save(self, plan: Plan) -> None:
        known = self.rows.get(plan.id)
        kept = copy.deepcopy(plan)
        if known is not None:  # revisions are added, never replaced
            for revision in known.revisions:
                kept = kept.with_revision(revision)
        self.rows[plan.id] = kept

    async def of_client(self, client: str) -> list[Plan]:
        return copy.deepcopy([plan for plan in self.rows.values() if plan.client == client])

    async def with_action(self, action_id: str) -> Plan | None:
        for plan in self.rows.values():
            for revision in plan.revisions:
                if any(action.action_id == str(action_id) for action in revision.actions):
                    return copy.deepcopy(plan)
        return None


class FakeFindings:
    def __init__(self) -> None:
        self.rows: dict[str, Finding] = {}

    async def get(self, finding_id: str) -> Finding | None:
        return self.rows.get(finding_id)

    async def add(self, finding: Finding) -> None:
        assert finding.id not in self.rows, f"{finding.id} is already known"
        self.rows[finding.id] = finding


class FakeAside:
    def __init__(self) -> None:
        self.rows: dict[str, KeptAside] = {}

    async def add(self, kept: KeptAside) -> None:
        self.rows[str(kept.event.event_id)] = kept

    async def waiting_for(self, key: str) -> list[KeptAside]:
        return [kept for kept in self.rows.values() if kept.waits_for == key]

    async def release(self, event_id: str) -> None:
        del self.rows[event_id]

    async def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Announced:
    """An event a handler announced: its class, payload and client, and the id it was given."""

    event_class: type[EventBase]
    payload: BaseModel
    client: str | None
    event_id: str
    occurred_at: datetime

    @property
    def type(self) -> str:
        return str(self.event_class.model_fields["type"].default)


@dataclass
class FakeUnitOfWork:
    """The unit of work of `partnership_partner.service_layer.unit_of_work`, in memory."""

    clients: FakeClients = field(default_factory=FakeClients)
    enrolments: FakeRepository[Enrolment] = field(
        default_factory=lambda: FakeRepository("client_id")
    )
    programmes: FakeProgrammes = field(default_factory=FakeProgrammes)
    editions: FakeRepository[Edition] = field(default_factory=FakeRepository)
    families: FakeRepository[Family] = field(default_factory=FakeRepository)
    services: FakeServices = field(default_factory=FakeServices)
    activities: FakeRepository[Activity] = field(default_factory=FakeRepository)
    employments: FakeRepository[Employment] = field(default_factory=FakeRepository)
    retention_checks: FakeRepository[RetentionCheck] = field(default_factory=FakeRepository)
    payments: FakeRepository[Payment] = field(default_factory=FakeRepository)
    contracts: FakeRepository[Contract] = field(default_factory=FakeRepository)
    changes: FakeChanges = field(default_factory=FakeChanges)
    timeline: FakeTimeline = field(default_factory=FakeTimeline)
    plans: FakePlans = field(default_factory=FakePlans)
    referrals: FakeRepository[Referral] = field(default_factory=FakeRepository)
    findings: FakeFindings = field(default_factory=FakeFindings)
    aside: FakeAside = field(default_factory=FakeAside)
    consents: FakeRepository[Consent] = field(default_factory=lambda: FakeRepository("client_id"))
    extensions: Mapping[Key[Any], object] = field(default_factory=dict)
    partner_id: str = "ops"
    """Whose node this is: its own events go on the timeline under this partner."""
    published: list[Announced] = field(default_factory=list)
    """Events of committed units of work, in order."""
    commits: int = 0
    _pending: list[Announced] = field(default_factory=list)
    _snapshot: dict[str, Any] | None = None

    def _state(self) -> dict[str, Any]:
        kept = {name: getattr(self, name) for name in _STORES}
        kept["extensions"] = self.extensions
        return kept

    async def __aenter__(self) -> Self:
        self._snapshot = copy.deepcopy(self._state())
        self._pending = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._snapshot is not None:  # not committed: forget what the block did
            for name, value in self._snapshot.items():
                object.__setattr__(self, name, value)
        self._snapshot = None
        self._pending = []

    def announce(
        self,
        event_class: type[EventBase],
        payload: BaseModel,
        *,
        client: str | None,
        occurred_at: datetime | None = None,
    ) -> str:
        event_id = str(uuid.uuid4())
        moment = occurred_at or datetime.now(UTC)
        self._pending.append(Announced(event_class, payload, client, event_id, moment))
        return event_id

    def extension(self, key: Key[T]) -> T:
        return cast(T, self.extensions[key])

    async def commit(self) -> None:
        named: set[str] = set()
        for event in self._pending:
            if event.event_class not in NOTICES:
                named |= named_pseudonyms(event.client, event.payload)
        check_announceable(self._silenced(named))
        now = datetime.now(UTC)
        for made in self._pending:
            happened = Happened(
                made.event_id,
                made.type,
                self.partner_id,
                made.client,
                made.payload,
                made.occurred_at,
                now,
            )
            await keep(self, happened)
        self.published.extend(self._pending)
        self._pending = []
        self._snapshot = None
        self.commits += 1

    def _silenced(self, pseudonyms: set[str]) -> list[Silenced]:
        found = []
        for client in self.clients.rows.values():
            if client.pseudonym in pseudonyms:
                consent = self.consents.rows.get(client.id)
                withdrawn = consent.withdrawn_on if consent else None
                if client.erased_on or withdrawn:
                    found.append(Silenced(client.id, withdrawn, client.erased_on))
        return found

    def events(self, type_name: str | None = None) -> list[Announced]:
        return [e for e in self.published if type_name is None or e.type == type_name]


_STORES = (
    "clients",
    "enrolments",
    "programmes",
    "editions",
    "families",
    "services",
    "activities",
    "employments",
    "retention_checks",
    "payments",
    "contracts",
    "changes",
    "timeline",
    "plans",
    "referrals",
    "findings",
    "aside",
    "consents",
)

TEST_PROFILE = PartnerProfile(
    kind=PartnerKind.OPS,
    title="Ośrodek Pomocy Społecznej",
    activity_kinds=frozenset(),
    payment_bases=frozenset(),
    contract_kinds=frozenset(),
)


def context(
    profile: PartnerProfile = TEST_PROFILE,
    partner_id: str | None = None,
    *,
    agreement: PartnershipAgreement | None = None,
    starts_on: date = date(2013, 1, 15),
    today: date = date(2013, 12, 31),
    hooks: Hooks | None = None,
) -> NodeContext:
    """A node's context for unit tests: a fixed today, the default agreement unless given."""
    agreement = agreement or PartnershipAgreement()
    partner = partner_id or profile.kind.value
    return NodeContext(
        scope=Scope.of(profile, partner, agreement),
        agreement=agreement,
        partnership_starts_on=starts_on,
        secret=b"unit test secret of the partnership",
        hooks=hooks or Hooks(),
        clock=today,
    )
