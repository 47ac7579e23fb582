"""Repositories of the coordination between partners: timeline entries, plans with their
revisions, referrals, overlaps and conflicts found, and events kept aside."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_partner.adapters import schema as db
from partnership_partner.adapters.repositories import SqlRepository
from partnership_partner.domain.aside import KeptAside
from partnership_partner.domain.overlaps import Finding
from partnership_partner.domain.plans import Plan, PlanAction, PlanRevision, action_kind
from partnership_partner.domain.referrals import Referral, service_kind
from partnership_partner.domain.timeline import Entry
from partnership_shared.events import encode_event, parse_event

T = db.timeline_entries


def _utc(moment: datetime) -> datetime:
    """A time read back as written (UTC): SQLite keeps no offset."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class SqlTimeline:
    """Entries are written in bulk: added ones wait until the next read or the commit
    (`flush`), so that a batch of other partners' events is one insert."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._added: list[dict[str, Any]] = []

    async def add(self, entries: Sequence[Entry]) -> None:
        self._added += [
            {
                "event_id": entry.event_id,
                "client": entry.client,
                "partner_id": entry.partner,
                "type": entry.type,
                "kind": entry.kind,
                "day": entry.on,
                "details": entry.details,
                "recorded_at": entry.recorded_at,
                "corrected": entry.corrected,
                "withdrawn": entry.withdrawn,
            }
            for entry in entries
        ]

    async def flush(self) -> None:
        if self._added:
            added, self._added = self._added, []
            await self.session.execute(insert(T), added)

    async def update(self, entry: Entry) -> None:
        assert entry.id is not None, "only an entry read from here is updated"
        await self.flush()
        await self.session.execute(
            update(T)
            .where(T.c.id == entry.id)
            .values(
                day=entry.on,
                kind=entry.kind,
                details=entry.details,
                corrected=entry.corrected,
                withdrawn=entry.withdrawn,
            )
        )

    async def of_client(self, client: str) -> list[Entry]:
        return await self._select(T.c.client == client)

    async def of_event(self, event_id: str) -> list[Entry]:
        return await self._select(T.c.event_id == event_id)

    async def of_kind(
        self,
        client: str,
        kind: str,
        *,
        not_by: str,
        sessions_within: tuple[date, date] | None = None,
    ) -> list[Entry]:
        conditions = [T.c.client == client, T.c.kind == kind, T.c.partner_id != not_by]
        if sessions_within is not None:
            first, last = sessions_within
            conditions.append((T.c.type != "ServiceDelivered") | T.c.day.between(first, last))
        return await self._select(*conditions)

    async def of_kinds(
        self, clients: Collection[str], kinds: Collection[str], *, by: str
    ) -> list[Entry]:
        return await self._select(
            T.c.client.in_(list(clients)), T.c.kind.in_(list(kinds)), T.c.partner_id == by
        )

    async def _select(self, *conditions: Any) -> list[Entry]:
        await self.flush()
        result = await self.session.execute(
            select(T).where(*conditions).order_by(T.c.day, T.c.recorded_at, T.c.id)
        )
        return [
            Entry(
                event_id=row.event_id,
                client=row.client,
                partner=row.partner_id,
                type=row.type,
                on=row.day,
                details=dict(row.details),
                recorded_at=_utc(row.recorded_at),
                corrected=row.corrected,
                withdrawn=row.withdrawn,
                id=row.id,
            )
            for row in result
        ]


class SqlPlans:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, plan_id: str) -> Plan | None:
        found = await self._load(db.plans.c.id == str(plan_id))
        return found[0] if found else None

    async def of_client(self, client: str) -> list[Plan]:
        return await self._load(db.plans.c.client == client)

    async def with_action(self, action_id: str) -> Plan | None:
        plan_id = await self.session.scalar(
            select(db.plan_actions.c.plan_id)
            .where(db.plan_actions.c.action_id == str(action_id))
            .limit(1)
        )
        return None if plan_id is None else await self.get(plan_id)

    async def save(self, plan: Plan) -> None:
        known = await self.get(plan.id)
        if known is None:
            await self.session.execute(
                insert(db.plans).values(
                    id=plan.id, client=plan.client, owner=plan.owner, family=plan.family
                )
            )
        kept = {revision.revision for revision in known.revisions} if known else set()
        for revision in plan.revisions:
            if revision.revision in kept:
                continue
            await self.session.execute(
                insert(db.plan_revisions).values(
                    plan_id=plan.id,
                    revision=revision.revision,
                    agreed_on=revision.agreed_on,
                    team_meeting_on=revision.team_meeting_on,
                    event_id=revision.event_id,
                )
            )
            await self.session.execute(
                insert(db.plan_actions),
                [
                    {
                        "plan_id": plan.id,
                        "revision": revision.revision,
                        "action_id": action.action_id,
                        "position": position,
                        "partner_id": action.partner,
                        "kind": action.kind.value,
                        "target_on": action.target_on,
                    }
                    for position, action in enumerate(revision.actions)
                ],
            )

    async def _load(self, *conditions: Any) -> list[Plan]:
        rows = list(await self.session.execute(select(db.plans).where(*conditions)))
        if not rows:
            return []
        ids = [row.id for row in rows]
        revisions = await self.session.execute(
            select(db.plan_revisions)
            .where(db.plan_revisions.c.plan_id.in_(ids))
            .order_by(db.plan_revisions.c.plan_id, db.plan_revisions.c.revision)
        )
        actions: dict[tuple[str, int], list[PlanAction]] = {}
        for row in await self.session.execute(
            select(db.plan_actions)
            .where(db.plan_actions.c.plan_id.in_(ids))
            .order_by(db.plan_actions.c.position)
        ):
            actions.setdefault((row.plan_id, row.revision), []).append(
                PlanAction(row.action_id, row.partner_id, action_kind(row.kind), row.target_on)
            )
        plans = {row.id: Plan(row.id, row.client, row.owner, [], row.family) for row in rows}
        for row in revisions:
            plans[row.plan_id].revisions.append(
                PlanRevision(
                    row.revision,
                    row.agreed_on,
                    row.team_meeting_on,
                    tuple(actions.get((row.plan_id, row.revision), [])),
                    row.event_id,
                )
            )
        return list(plans.values())


class SqlReferrals(SqlRepository[Referral]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, db.referrals, Referral)
        # A kind of two vocabularies: read by the domain's own rule, not by one enum.
        self._readers["service_kind"] = service_kind


class SqlFindings:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, finding_id: str) -> Finding | None:
        row = (
            await self.session.execute(select(db.findings).where(db.findings.c.id == finding_id))
        ).first()
        if row is None:
            return None
        return Finding(
            row.id,
            row.what,
            row.client,
            row.subject,
            (row.partner_a, row.partner_b),
            row.since,
            row.event_id,
        )

    async def add(self, finding: Finding) -> None:
        await self.session.execute(
            insert(db.findings).values(
                id=finding.id,
                what=finding.what,
                client=finding.client,
                subject=finding.subject,
                partner_a=finding.partners[0],
                partner_b=finding.partners[1],
                since=finding.since,
                event_id=finding.event_id,
            )
        )


A = db.events_kept_aside


class SqlAside:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, kept: KeptAside) -> None:
        await self.session.execute(
            insert(A).values(
                event_id=str(kept.event.event_id),
                waits_for=kept.waits_for,
                reason=kept.reason,
                type=kept.event.type,
                source_id=kept.event.source.partner_id,
                body=encode_event(kept.event),
                kept_at=kept.kept_at,
            )
        )

    async def waiting_for(self, key: str) -> list[KeptAside]:
        return await self.listed(A.c.waits_for == key)

    async def listed(self, *conditions: Any, limit: int | None = None) -> list[KeptAside]:
        result = await self.session.execute(
            select(A).where(*conditions).order_by(A.c.kept_at, A.c.event_id).limit(limit)
        )
        return [
            KeptAside(parse_event(row.body), row.waits_for, row.reason, _utc(row.kept_at))
            for row in result
        ]

    async def release(self, event_id: str) -> None:
        await self.session.execute(delete(A).where(A.c.event_id == event_id))

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(A)) or 0)
