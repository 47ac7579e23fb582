"""Fixtures of the reporting node's tests: events made with the shared models, a migrated
database, and a running node (real Valkey, real SQLite or PostgreSQL) reached over ASGI."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from chain_helpers import PartnerKeys
from event_factories import edition_id, programme_id
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.access.service import AccessError, AccessService
from partnership_shared.events import encode_event
from partnership_shared.events import models as ev
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.database import create_engine, session_factory
from partnership_shared.kernel.migrations import upgrade_to_head
from partnership_shared.kernel.streams import DATA_FIELD, partner_stream
from reporting_node.domain.summary import Filters
from reporting_node.ingest.batch import Entry, ingest_batch
from reporting_node.main import create_app
from reporting_node.node import MIGRATIONS
from reporting_node.settings import ReportingSettings
from reporting_node.store.figures import read_summary

PARTNERSHIP = "bartoszyce"


def person(number: int) -> str:
    """A fake pseudonym (64 hex digits) for test person `number`."""
    return f"{number:064x}"


class Events:
    """Builds valid events with the shared contracts; seqs run per partner from 1, and each event
    names the hash of the one made before it under the previous seq (a partner's chain)."""

    def __init__(self) -> None:
        self.seqs: dict[str, int] = defaultdict(int)
        self.hashes: dict[tuple[str, int], str] = {}

    def _make(
        self,
        cls: type[ev.EventBase],
        partner: str,
        client: str | None,
        payload: Any,
        seq: int | None = None,
        event_id: uuid.UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> Any:
        if seq is None:
            self.seqs[partner] += 1
            seq = self.seqs[partner]
        now = occurred_at or datetime(2013, 7, 1, 12, tzinfo=UTC)
        made = cls(
            event_id=event_id or uuid.uuid4(),
            partnership_id=PARTNERSHIP,
            source=ev.Source(partner_id=partner, kind=partner),
            seq=seq,
            prev_hash=self.hashes.get((partner, seq - 1)),
            occurred_at=now,
            recorded_at=now,
            client=client,
            payload=payload,
        )
        self.hashes[(partner, seq)] = body_hash(encode_event(made))
        return made

    def enrol(
        self,
        client: str,
        partner: str = "pup",
        on: date = date(2013, 1, 7),
        programme: str = "Bartoszyce 2013",
        gender: str = "female",
        disability: str = "moderate",
        replaces: str | None = None,
        **envelope: Any,
    ) -> ev.ClientEnrolled:
        payload = ev.ClientEnrolledPayload(
            programme_id=programme_id(programme),
            enrolled_on=on,
            gender=gender,
            birth_year=1975,
            disability_degree=disability,
            registered_unemployed=True,
            household_size=2,
            replaces=replaces,
        )
        return self._make(ev.ClientEnrolled, partner, client, payload, **envelope)

    def exit(
        self,
        client: str,
        partner: str = "pup",
        on: date = date(2013, 6, 28),
        reason: str = "completed",
        **envelope: Any,
    ) -> ev.ClientExited:
        payload = ev.ClientExitedPayload(reason=reason, exited_on=on)
        return self._make(ev.ClientExited, partner, client, payload, **envelope)

    def service(
        self,
        client: str | None,
        partner: str = "pup",
        hours: str = "1.5",
        on: date = date(2013, 2, 4),
        role: str = "vocational_counsellor",
        attendees: Iterable[str] = (),
        **envelope: Any,
    ) -> ev.ServiceDelivered:
        group = tuple(attendees)
        payload = ev.ServiceDeliveredPayload(
            service_id=uuid.uuid4(),
            role=role,
            mode="group" if group else "individual",
            hours=Decimal(hours),
            delivered_on=on,
            participants=max(len(group), 1),
            attendees=group,
        )
        return self._make(ev.ServiceDelivered, partner, client, payload, **envelope)

    def start(
        self,
        client: str,
        kind: str = "internship",
        partner: str = "pup",
        on: date = date(2013, 3, 1),
        edition: str | None = None,
        activity_id: uuid.UUID | None = None,
        **envelope: Any,
    ) -> ev.ActivityStarted:
        payload = ev.ActivityStartedPayload(
            activity_id=activity_id or uuid.uuid4(),
            kind=kind,
            started_on=on,
            edition_id=edition_id(edition) if edition else None,
        )
        return self._make(ev.ActivityStarted, partner, client, payload, **envelope)

    def end(
        self,
        started: ev.ActivityStarted,
        on: date,
        completed: bool = True,
        partner: str | None = None,
        qualified: bool = False,
        **envelope: Any,
    ) -> ev.EventBase:
        if completed:
            payload: ev.ActivityEndedPayload = ev.ActivityCompletedPayload(
                activity_id=started.payload.activity_id,
                kind=started.payload.kind,
                ended_on=on,
                qualification_gained=qualified,
            )
        else:
            payload = ev.ActivityEndedPayload(
                activity_id=started.payload.activity_id, kind=started.payload.kind, ended_on=on
            )
        cls = ev.ActivityCompleted if completed else ev.ActivityAbandoned
        return self._make(  # type: ignore[no-any-return]
            cls, partner or started.source.partner_id, started.client, payload, **envelope
        )

    def job(
        self,
        client: str,
        contract: str = "employment_fixed_term",
        partner: str = "pup",
        on: date = date(2013, 5, 6),
        open_market: bool = True,
        ends_on: date | None = None,
        **envelope: Any,
    ) -> ev.EmploymentStarted:
        payload = ev.EmploymentStartedPayload(
            employment_id=uuid.uuid4(),
            contract_type=contract,
            employer_kind="private",
            open_labour_market=open_market,
            working_time=Decimal("1"),
            started_on=on,
            ends_on=ends_on,
        )
        return self._make(ev.EmploymentStarted, partner, client, payload, **envelope)

    def job_ended(
        self,
        started: ev.EmploymentStarted,
        on: date,
        partner: str | None = None,
        **envelope: Any,
    ) -> ev.EmploymentEnded:
        payload = ev.EmploymentEndedPayload(
            employment_id=started.payload.employment_id,
            contract_type=started.payload.contract_type,
            ended_on=on,
        )
        return self._make(  # type: ignore[no-any-return]
            ev.EmploymentEnded,
            partner or started.source.partner_id,
            started.client,
            payload,
            **envelope,
        )

    def retained(
        self, started: ev.EmploymentStarted, on: date, months: int = 3, **envelope: Any
    ) -> ev.EmploymentRetained:
        payload = ev.EmploymentRetainedPayload(
            employment_id=started.payload.employment_id,
            contract_type=started.payload.contract_type,
            checked_on=on,
            months_since_start=months,
        )
        return self._make(  # type: ignore[no-any-return]
            ev.EmploymentRetained, started.source.partner_id, started.client, payload, **envelope
        )

    def programme(
        self,
        name: str = "Bartoszyce 2013",
        code: str = "POKL.07.01.01-28-001/13",
        partner: str = "ops",
        starts_on: date = date(2013, 1, 1),
        ends_on: date = date(2013, 12, 31),
        funding: tuple[str, str, str] | None = None,
        **envelope: Any,
    ) -> ev.ProgrammeDefined:
        """`funding` is `(total, co-financing, own contribution)`."""
        payload = ev.ProgrammePayload(
            programme_id=programme_id(name),
            code=code,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            lead_partner=partner,
            funding=ev.Funding(
                total=Decimal(funding[0]),
                co_financing=Decimal(funding[1]),
                own_contribution=Decimal(funding[2]),
            )
            if funding
            else None,
        )
        return self._make(ev.ProgrammeDefined, partner, None, payload, **envelope)

    def edition(
        self,
        label: str,
        kind: str = "kis",
        programme: str = "Bartoszyce 2013",
        trade: str | None = None,
        partner: str = "ops",
        starts_on: date = date(2013, 2, 1),
        ends_on: date = date(2013, 6, 30),
        capacity: int = 14,
        edition_label: str | None = None,
        **envelope: Any,
    ) -> ev.EditionScheduled:
        """An edition known in tests as `label` (its id); `edition_label` is what it is called."""
        payload = ev.EditionPayload(
            edition_id=edition_id(label),
            programme_id=programme_id(programme),
            kind=kind,
            label=edition_label or label,
            trade=trade,
            starts_on=starts_on,
            ends_on=ends_on,
            provider=partner,
            capacity=capacity,
        )
        return self._make(ev.EditionScheduled, partner, None, payload, **envelope)

    def family(
        self,
        family: str,
        members: Iterable[str],
        partner: str = "ops",
        on: date = date(2013, 11, 4),
        programme: str = "Schematom STOP",
        **envelope: Any,
    ) -> ev.FamilyEnrolled:
        listed = tuple(members)
        payload = ev.FamilyEnrolledPayload(
            family=family, members=listed, programme_id=programme_id(programme), enrolled_on=on
        )
        return self._make(ev.FamilyEnrolled, partner, listed[0], payload, **envelope)

    def family_exit(
        self,
        enrolled: ev.FamilyEnrolled,
        on: date = date(2015, 3, 31),
        reason: str = "completed",
        partner: str | None = None,
        **envelope: Any,
    ) -> ev.FamilyExited:
        payload = ev.FamilyExitedPayload(
            family=enrolled.payload.family, reason=reason, exited_on=on
        )
        return self._make(  # type: ignore[no-any-return]
            ev.FamilyExited,
            partner or enrolled.source.partner_id,
            enrolled.client,
            payload,
            **envelope,
        )

    def contract(
        self,
        client: str,
        kind: str = "social_contract",
        family: str | None = None,
        partner: str = "ops",
        on: date = date(2013, 12, 2),
        **envelope: Any,
    ) -> ev.ContractSigned:
        parties = ("family", "pup", "ops") if family else ("client", "ops")
        payload = ev.ContractSignedPayload(
            contract_id=uuid.uuid4(), kind=kind, signed_on=on, family=family, parties=parties
        )
        return self._make(ev.ContractSigned, partner, client, payload, **envelope)

    def correct(
        self,
        original: ev.EventBase,
        why: str = "data_entry_error",
        partner: str | None = None,
        original_type: str | None = None,
        **changes: Any,
    ) -> ev.RecordCorrected:
        """A correction of `original` by its own node (another with `partner`), `why` being its
        reason; `changes` are the payload's fields as they should read."""
        envelope = envelope_of(changes)
        payload = ev.RecordCorrectedPayload(
            original_event_id=original.event_id,
            original_type=original_type or original.type,
            changes={k: str(v) if isinstance(v, date | Decimal) else v for k, v in changes.items()},
            reason=why,
        )
        return self._make(  # type: ignore[no-any-return]
            ev.RecordCorrected,
            partner or original.source.partner_id,
            original.client,
            payload,
            **envelope,
        )

    def withdraw(
        self,
        original: ev.EventBase,
        reason: str = "duplicate",
        partner: str | None = None,
        **envelope: Any,
    ) -> ev.RecordWithdrawn:
        payload = ev.RecordWithdrawnPayload(
            original_event_id=original.event_id, original_type=original.type, reason=reason
        )
        return self._make(  # type: ignore[no-any-return]
            ev.RecordWithdrawn,
            partner or original.source.partner_id,
            original.client,
            payload,
            **envelope,
        )

    def benefit(
        self,
        client: str,
        amount: str = "350.00",
        partner: str = "ops",
        basis: str = "social_assistance",
        on: date = date(2013, 3, 15),
        **envelope: Any,
    ) -> ev.BenefitPaid:
        payload = ev.BenefitPaidPayload(
            payment_id=uuid.uuid4(), basis=basis, amount=Decimal(amount), paid_on=on
        )
        return self._make(ev.BenefitPaid, partner, client, payload, **envelope)

    # --- coordination (issue 9) ------------------------------------------------------------

    def plan(
        self,
        client: str,
        actions: Iterable[tuple[str, str, date]],
        partner: str = "ops",
        on: date = date(2013, 2, 1),
        plan_id: uuid.UUID | None = None,
        revision: int = 1,
        **envelope: Any,
    ) -> ev.EventBase:
        """A plan (revision 1: agreed; later: revised) with `(partner, kind, target)` actions;
        an action's id follows from the plan, partner and kind, so a revision keeps it."""
        plan = plan_id or uuid.uuid4()
        payload = ev.SupportPlanPayload(
            plan_id=plan,
            revision=revision,
            agreed_on=on,
            team_meeting_on=on,
            actions=tuple(
                ev.PlannedAction(
                    action_id=uuid.uuid5(plan, f"{who}|{kind}"),
                    partner=who,
                    kind=kind,
                    target_on=target,
                )
                for who, kind, target in actions
            ),
        )
        cls = ev.SupportPlanAgreed if revision == 1 else ev.SupportPlanRevised
        return self._make(cls, partner, client, payload, **envelope)  # type: ignore[no-any-return]

    def refer(
        self,
        client: str,
        partner: str = "ops",
        to: str = "ngo",
        on: date = date(2013, 2, 4),
        kind: str = "psychologist",
        **envelope: Any,
    ) -> ev.ReferralMade:
        payload = ev.ReferralMadePayload(
            referral_id=uuid.uuid4(), to_partner=to, service_kind=kind, made_on=on, consent_on=on
        )
        return self._make(ev.ReferralMade, partner, client, payload, **envelope)

    def answer(
        self, referral: ev.ReferralMade, answer: str, on: date, **envelope: Any
    ) -> ev.EventBase:
        """`accepted`, `declined` (no capacity) or `completed`, by the partner referred to."""
        common = {
            "referral_id": referral.payload.referral_id,
            "referring_partner": referral.source.partner_id,
            "answered_on": on,
        }
        made: tuple[type[ev.EventBase], Any] = {
            "accepted": (ev.ReferralAccepted, ev.ReferralAnswerPayload(**common)),
            "declined": (
                ev.ReferralDeclined,
                ev.ReferralDeclinedPayload(**common, reason="no_capacity"),
            ),
            "completed": (ev.ReferralCompleted, ev.ReferralAnswerPayload(**common)),
        }[answer]
        cls, payload = made
        return self._make(  # type: ignore[no-any-return]
            cls, referral.payload.to_partner, referral.client, payload, **envelope
        )

    def overlap(
        self,
        client: str,
        partner: str = "ngo",
        pair: tuple[str, str] = ("ngo", "pup"),
        kind: str = "vocational_counsellor",
        since: date = date(2013, 3, 4),
        **envelope: Any,
    ) -> ev.OverlapFound:
        payload = ev.OverlapFoundPayload(
            overlap_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{client}|{kind}|{pair}"),
            kind=kind,
            partners=pair,
            since=since,
        )
        return self._make(ev.OverlapFound, partner, client, payload, **envelope)

    def conflict(
        self,
        client: str,
        partner: str = "ops",
        pair: tuple[str, str] = ("ops", "pup"),
        fact: str = "birth_year",
        since: date = date(2013, 1, 8),
        **envelope: Any,
    ) -> ev.DataConflictFound:
        payload = ev.DataConflictFoundPayload(
            conflict_id=uuid.uuid5(uuid.NAMESPACE_URL, f"{client}|{fact}|{pair}"),
            fact=fact,
            partners=pair,
            since=since,
        )
        return self._make(ev.DataConflictFound, partner, client, payload, **envelope)


def envelope_of(changes: dict[str, Any]) -> dict[str, Any]:
    """Take the envelope's fields out of a correction's keyword arguments."""
    names = ("seq", "event_id", "occurred_at")
    return {name: changes.pop(name) for name in names if name in changes}


@pytest.fixture
def events() -> Events:
    return Events()


def entries(items: Iterable[ev.EventBase | tuple[str, bytes]]) -> list[Entry]:
    """Stream entries for `ingest_batch`: events on their partner's stream, or raw bodies."""
    found = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, tuple):
            stream, body = item
        else:
            stream, body = partner_stream(item.source.partner_id), encode_event(item)
        found.append(Entry(stream, f"{number}-0", body))
    return found


@dataclass
class Store:
    """A migrated reporting database, fed batch by batch without a broker."""

    sessions: async_sessionmaker[AsyncSession]
    url: str

    async def ingest(self, *items: ev.EventBase | tuple[str, bytes]) -> Any:
        return await ingest_batch(self.sessions, entries(items), PARTNERSHIP)

    def entries(self, *items: ev.EventBase | tuple[str, bytes]) -> list[Entry]:
        return entries(items)

    async def summary(self, **filters: Any) -> dict[str, Any]:
        if filters.get("programme"):
            filters["programme"] = str(programme_id(filters["programme"]))
        async with self.sessions() as session:
            return await read_summary(session, Filters(**filters), PARTNERSHIP)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    await asyncio.to_thread(upgrade_to_head, database_url, MIGRATIONS)
    engine = create_engine(database_url)
    try:
        yield Store(session_factory(engine), database_url)
    finally:
        await engine.dispose()


@pytest.fixture
async def sqlite_store(tmp_path: Any) -> AsyncIterator[Store]:
    """A second, empty store (SQLite), beside `store`."""
    url = f"sqlite+aiosqlite:///{tmp_path}/second.db"
    await asyncio.to_thread(upgrade_to_head, url, MIGRATIONS)
    engine = create_engine(url)
    try:
        yield Store(session_factory(engine), url)
    finally:
        await engine.dispose()


# --- a running node ---------------------------------------------------------------------------


def signed(item: ev.EventBase, keys: PartnerKeys) -> list[bytes]:
    """The event's body and a checkpoint of its partner vouching for the chain up to it."""
    body = encode_event(item)
    key = keys.keys[item.source.partner_id]
    checkpoint = key.sign(PARTNERSHIP, item.seq, body_hash(body))
    return [body, checkpoint.model_dump_json().encode()]


@pytest.fixture
def sign(partner_keys: PartnerKeys) -> Callable[[ev.EventBase], list[bytes]]:
    """`sign(event)`: the event's body and its partner's checkpoint, as the relay sends them."""
    return lambda item: signed(item, partner_keys)


@dataclass
class RunningNode:
    """The app with its lifespan entered: HTTP over ASGI, the broker it consumes.

    `http` is signed in as a coordinator (a bearer token); `signed_in(role)` gives the headers of
    an account of another role, `anonymous` a client without credentials."""

    app: Any
    http: httpx.AsyncClient
    redis: Redis
    keys: PartnerKeys
    anonymous: httpx.AsyncClient

    async def token(self, role: str, username: str | None = None) -> str:
        """A bearer token of an account of `role` on this node (made if missing)."""
        access: AccessService = self.app.state.access
        name = username or f"test-{role}"
        try:
            await access.add_account(name, role)
        except AccessError as error:
            if error.code != "account.exists":
                raise
        return (await access.issue(name)).token

    async def signed_in(self, role: str, username: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token(role, username)}"}

    async def publish(self, *items: ev.EventBase) -> list[bytes]:
        """Each event on its partner's stream, followed by the partner's signed checkpoint."""
        ids = []
        for item in items:
            body, checkpoint = signed(item, self.keys)
            stream = partner_stream(item.source.partner_id)
            ids.append(await self.redis.xadd(stream, {DATA_FIELD: body}))
            await self.redis.xadd(stream, {DATA_FIELD: checkpoint})
        return ids

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.http.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    async def get_as(self, role: str, path: str, **params: Any) -> Any:
        """`get` as an account of `role` (dead letters are for auditors)."""
        response = await self.http.get(path, params=params, headers=await self.signed_in(role))
        assert response.status_code == 200, response.text
        return response.json()

    async def wait_until(self, check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while not await check():
            assert time.monotonic() < deadline, "condition not met in time"
            await asyncio.sleep(0.05)

    async def wait_for_events(self, count: int, within: float = 10.0) -> dict[str, Any]:
        async def arrived() -> bool:
            status = await self.get("/api/v1/ingest/status")
            return bool(status["events"] >= count)

        await self.wait_until(arrived, within)
        return await self.get("/api/v1/summary")  # type: ignore[no-any-return]


def node_settings(
    redis_url: str, database_url: str, keys: PartnerKeys, **overrides: Any
) -> ReportingSettings:
    values: dict[str, Any] = {
        "partnership_id": PARTNERSHIP,
        "partner_keys_file": keys.registry_file,
        "redis_url": redis_url,
        "database_url": database_url,
        "consumer_name": "reporting-test",
        "polling_interval_ms": 20,
        "claim_idle_ms": 300,
        "replay_request_interval_s": 0.3,
        **overrides,
    }
    return ReportingSettings(**values)


@pytest.fixture
def start_node(redis_url: str, database_url: str, partner_keys: PartnerKeys) -> Callable[..., Any]:
    """`async with start_node(**settings) as node:` runs a reporting node for the block."""

    class _Running:
        def __init__(self, **overrides: Any) -> None:
            broker = overrides.pop("redis_url", redis_url)  # e.g. as a user with fewer rights
            database = overrides.pop("database_url", database_url)
            self.settings = node_settings(broker, database, partner_keys, **overrides)

        async def __aenter__(self) -> RunningNode:
            self.app = create_app(lambda: self.settings)
            self.lifespan = self.app.router.lifespan_context(self.app)
            await self.lifespan.__aenter__()
            transport = httpx.ASGITransport(app=self.app)
            self.anonymous = httpx.AsyncClient(transport=transport, base_url="http://reporting")
            self.http = httpx.AsyncClient(transport=transport, base_url="http://reporting")
            self.redis = Redis.from_url(redis_url)
            node = RunningNode(self.app, self.http, self.redis, partner_keys, self.anonymous)
            self.http.headers.update(await node.signed_in("coordinator"))
            return node

        async def __aexit__(self, *exc: object) -> None:
            await self.http.aclose()
            await self.anonymous.aclose()
            await self.redis.aclose()
            await self.lifespan.__aexit__(None, None, None)

    return _Running
