"""The composition root of a partner node: settings, database, outbox, relay, the other partners'
streams, and the handlers' context, wired once; and the extension point through which a partner
service (PUP, OPS, NGO) adds its own domain: its profile, tables, migrations, routes, repositories
and rules."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from pydantic import Field
from redis.asyncio import Redis
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.answers import drop_answers_naming, drop_answers_older_than
from partnership_partner.adapters.feed import PartnerFeed
from partnership_partner.adapters.unit_of_work import RepositoryFactory, SqlUnitOfWork
from partnership_partner.domain.scope import PartnerProfile, Scope
from partnership_partner.entrypoints.web.extension import Workspace
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import consent
from partnership_partner.service_layer.handlers.common import client_of
from partnership_partner.service_layer.hooks import Hooks
from partnership_partner.service_layer.unit_of_work import Key
from partnership_shared.access.audit import AuditLog
from partnership_shared.access.bootstrap import start_access
from partnership_shared.access.roles import PARTNER_ROLES, Role
from partnership_shared.access.service import AccessService
from partnership_shared.agreement import PartnershipAgreement
from partnership_shared.events.models import Source
from partnership_shared.kernel.database import WriteGate, combined, create_engine, session_factory
from partnership_shared.kernel.health import Readiness, broker_check, database_check
from partnership_shared.kernel.heartbeat import OUTBOX_METRICS, RelayHeartbeatLoop
from partnership_shared.kernel.keys import ChainSigner, SigningKey
from partnership_shared.kernel.metrics import NodeMetrics
from partnership_shared.kernel.migrations import upgrade_to_head
from partnership_shared.kernel.outbox import Outbox, OutboxState
from partnership_shared.kernel.relay import OutboxRelay
from partnership_shared.kernel.replay import serve_replay_requests
from partnership_shared.kernel.settings import NodeSettings
from partnership_shared.kernel.streams import partner_stream
from partnership_shared.kernel.unit_of_work import UnitOfWork as Transaction

log = logging.getLogger(__name__)

MIGRATIONS = "partnership_partner:migrations"
RETENTION_FIRST_RUN_S = 300.0


class PartnerSettings(NodeSettings):
    """A partner node's settings; each service sets its own default `partner_id` and `port`.

    `PARTNERSHIP_AGREEMENT_FILE` names the partnership agreement (TOML, see
    `partnership_shared.agreement`): the partners, what each runs and pays, the limits.
    `SIGNING_KEY_FILE` is the partner's Ed25519 key (PEM, mode 0600, made by `partnership init`):
    the relay signs the head of the event chain with it after every batch.
    """

    partner_id: str = "partner"
    partnership_agreement_file: Path | None = None
    outbox_retention_days: int = 90
    personal_data_retention_days: int | None = Field(default=None, ge=1)
    """Days after a client left when their personal data are erased (off unless set: the period
    is the controller's decision, e.g. what the funding agreement says documents are kept for)."""
    idempotency_hours: float = Field(default=24, gt=0, le=24 * 30)
    """Hours an answer is kept for a repeated write (it may hold a PESEL)."""
    signing_key_file: Path | None = None
    checkpoint_every: int = Field(default=100, ge=1, le=10_000)

    def agreement(self) -> PartnershipAgreement:
        return PartnershipAgreement.load(self.partnership_agreement_file)

    def chain_signer(self) -> ChainSigner:
        if self.signing_key_file is None:
            raise RuntimeError(
                "SIGNING_KEY_FILE is not set: the node cannot sign its event chain, and no "
                "consumer accepts unsigned events (`partnership init` makes the key)"
            )
        key = SigningKey.load(self.signing_key_file, self.partner_id)
        return ChainSigner(key, self.partnership_id, self.checkpoint_every)


@dataclass(frozen=True)
class PartnerExtension:
    """What a partner service adds to the common node (its own domain)."""

    profile: PartnerProfile
    metadata: MetaData | None = None
    """Its own tables (in a metadata of their own; foreign keys may name the common tables)."""
    migrations: str | None = None
    """Its own Alembic versions folder (`package:folder`), on top of the common history."""
    routers: Sequence[APIRouter] = ()
    repositories: Mapping[Key[Any], RepositoryFactory] = field(default_factory=dict)
    hooks: Hooks = field(default_factory=Hooks)
    messages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """The words of its own refusals, `(Polish, English)` by code."""
    workspace: Workspace = field(default_factory=Workspace)
    """Its own pages for staff, client-card sections and "My day" items."""

    def schema(self) -> MetaData:
        """Every table of the node: the common ones and the service's own."""
        return combined(db.metadata, *([self.metadata] if self.metadata is not None else []))

    def migrate(self, database_url: str) -> None:
        """Bring the node's database to the heads of both histories (blocking)."""
        extra = [self.migrations] if self.migrations else []
        upgrade_to_head(database_url, MIGRATIONS, extra, self.schema())


@dataclass
class PartnerNode:
    extension: PartnerExtension
    settings: PartnerSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    outbox: Outbox
    redis: Redis
    relay: OutboxRelay
    feed: PartnerFeed
    context: NodeContext
    gate: WriteGate
    access: AccessService
    audit: AuditLog
    metrics: NodeMetrics = field(default_factory=NodeMetrics)
    heartbeat: RelayHeartbeatLoop | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def scope(self) -> Scope:
        return self.context.scope

    @classmethod
    async def start(
        cls,
        extension: PartnerExtension,
        settings: PartnerSettings,
        metrics: NodeMetrics | None = None,
    ) -> PartnerNode:
        signer = settings.chain_signer()
        secret = settings.secret_bytes()
        await asyncio.to_thread(extension.migrate, settings.database_url)
        agreement = settings.agreement()
        engine = create_engine(settings.database_url)
        sessions = session_factory(engine)
        source = Source(partner_id=settings.partner_id, kind=extension.profile.kind)
        outbox = Outbox(db.outbox, db.source_sequence, source, settings.partnership_id)
        async with sessions.begin() as session:
            await outbox.ensure_source(session)
        redis = Redis.from_url(settings.redis_url)
        gate = WriteGate(settings.database_url)
        relay = OutboxRelay(
            sessions,
            db.outbox,
            redis,
            partner_stream(settings.partner_id),
            gate=gate,
            signer=signer,
        )
        context = NodeContext(
            scope=Scope.of(extension.profile, settings.partner_id, agreement),
            agreement=agreement,
            partnership_starts_on=settings.partnership_starts_on,
            secret=secret,
            hooks=extension.hooks,
        )
        # Its service account records the demo through the API: a caseworker, by token only.
        access, audit = await start_access(
            sessions, db.access, PARTNER_ROLES, settings, Role.CASEWORKER, gate
        )

        def unit_of_work() -> SqlUnitOfWork:  # the feed's, once the node exists
            return node.unit_of_work()

        others = [p.id for p in agreement.partners if p.id != settings.partner_id]
        feed = PartnerFeed(unit_of_work, context, redis, others)
        node = cls(
            extension,
            settings,
            engine,
            sessions,
            outbox,
            redis,
            relay,
            feed,
            context,
            gate,
            access,
            audit,
            metrics or NodeMetrics(),
        )
        node.heartbeat = RelayHeartbeatLoop(
            sessions,
            db.outbox,
            db.source_sequence,
            redis,
            partnership_id=settings.partnership_id,
            partner_id=settings.partner_id,
            interval=settings.heartbeat_interval_s,
            stream_max_len=settings.stream_max_len,
            metrics=node.metrics.sampled(OUTBOX_METRICS),
        )
        node._tasks = [
            asyncio.create_task(relay.run(), name="outbox-relay"),
            asyncio.create_task(
                serve_replay_requests(redis, relay, settings.partner_id, stop=node._stopping),
                name="replay-requests",
            ),
            asyncio.create_task(node._purge_daily(), name="outbox-retention"),
            asyncio.create_task(node.heartbeat.run(), name="relay-heartbeat"),
            asyncio.create_task(node._lifecycle_hourly(), name="personal-data-retention"),
            asyncio.create_task(feed.run(), name="partner-feed"),
        ]
        return node

    async def readiness(self) -> Readiness:
        """Ready while writes can be accepted: the database answers. The broker may be down:
        events wait in the outbox meanwhile, so it is reported, never a reason to refuse."""
        database = await database_check(self.sessions)
        return Readiness(
            ready=database == "ok",
            checks={"database": database, "broker": await broker_check(self.redis)},
        )

    async def stop(self) -> None:
        self.relay.stop()
        relay_task, *others = self._tasks
        # On time-out wait_for cancels it: unpublished rows stay pending for the next start.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(relay_task, timeout=10)
        # Flags first: a loop whose cancellation a client library swallowed still ends.
        self._stopping.set()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        for task in others:
            task.cancel()
        for task in others:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=5)
        await self.redis.aclose()
        await self.engine.dispose()

    def unit_of_work(self) -> SqlUnitOfWork:
        transaction = Transaction(
            self.sessions, self.outbox, on_commit=self.relay.wake, gate=self.gate
        )
        return SqlUnitOfWork(transaction, self.extension.repositories, self.settings.partner_id)

    async def outbox_status(self) -> dict[str, object]:
        table = db.outbox
        async with self.sessions() as session:
            pending = await session.scalar(
                select(func.count()).where(table.c.state == OutboxState.PENDING.value)
            )
            last_seq = await session.scalar(select(func.max(table.c.seq)))
            last_published = await session.scalar(
                select(func.max(table.c.seq)).where(table.c.state == OutboxState.PUBLISHED.value)
            )
        return {
            "source": self.outbox.source.model_dump(),
            "pending": pending or 0,
            "last_seq": last_seq or 0,
            "last_published_seq": last_published or 0,
            "relay_error": self.relay.last_error,
        }

    async def erase(self, client_id: str, actor: str) -> None:
        """Erase a client's personal data, with every kept answer that names them."""
        async with self.unit_of_work() as uow:
            before = await client_of(uow, client_id)
            await consent.erase_client(uow, self.context.acting(actor), client_id)
            await drop_answers_naming(uow.session, [before.id, before.pesel])
            await uow.commit()

    async def run_retention(self) -> tuple[list[str], int]:
        """Erase the personal data of clients who left longer ago than the retention period,
        and drop answers kept longer than `idempotency_hours`: whom it erased, how many."""
        erased: list[str] = []
        days = self.settings.personal_data_retention_days
        if days is not None:
            async with self.unit_of_work() as uow:
                due = await consent.clients_past_retention(uow, self.context, days)
            for client_id in due:
                await self.erase(client_id, "retention")
                erased.append(client_id)
        cutoff = datetime.now(UTC) - timedelta(hours=self.settings.idempotency_hours)
        async with self.unit_of_work() as uow:
            dropped = await drop_answers_older_than(uow.session, cutoff)
            await uow.commit()
        return erased, dropped

    async def _lifecycle_hourly(self) -> None:
        # The first run waits a while: a node stopped right after it started (a test, a failed
        # deployment) is not cancelled in the middle of a database round trip.
        await asyncio.sleep(RETENTION_FIRST_RUN_S)
        while True:
            try:
                erased, dropped = await self.run_retention()
                if erased or dropped:
                    log.info(
                        "retention: %d clients erased, %d answers dropped", len(erased), dropped
                    )
            except Exception:  # the next hour tries again; the node goes on meanwhile
                log.exception("retention run failed")
            await asyncio.sleep(3600)

    async def _purge_daily(self) -> None:
        retention = timedelta(days=self.settings.outbox_retention_days)
        while True:
            await self.relay.purge_published(retention)
            await asyncio.sleep(24 * 3600)
