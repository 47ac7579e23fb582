"""Duplication warnings and data conflicts: what staff are told when partners overlap.

Found when this node records or plans something (against what other partners already give the
client: the answer warns), and when another partner's record or enrolment arrives that this
node's own, made later, could not know of. The partner with the later record announces the overlap
or the conflict, once (a known id is not announced again); it then shows on the client's timeline
on every node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from uuid import UUID

from partnership_partner.domain.model import Activity, Client, Enrolment, Service
from partnership_partner.domain.overlaps import (
    DataConflict,
    Engagement,
    Enrolled,
    Finding,
    Overlap,
    conflicts,
    engagements,
    made_later,
    overlaps,
    session,
)
from partnership_partner.domain.plans import Plan
from partnership_partner.domain.timeline import Entry
from partnership_partner.service_layer.context import NodeContext, moment
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev
from partnership_shared.events.vocabulary import ClientFact, Outcome


async def _timeline(uow: UnitOfWork, client: str) -> list[Entry]:
    return await uow.timeline.of_client(client)


def _days(ctx: NodeContext) -> int:
    return ctx.agreement.coordination.overlap_days


async def note_overlap(uow: UnitOfWork, overlap: Overlap) -> None:
    """Announce an overlap this node found, unless it is known here already."""
    if await uow.findings.get(overlap.id) is not None:
        return
    event_id = uow.announce(
        ev.OverlapFound,
        ev.OverlapFoundPayload(
            overlap_id=UUID(overlap.id),
            kind=overlap.kind,  # validated into its vocabulary
            partners=overlap.partners,
            since=overlap.since,
        ),
        client=overlap.client,
        occurred_at=moment(overlap.since),
    )
    await uow.findings.add(
        Finding(
            overlap.id,
            "overlap",
            overlap.client,
            overlap.kind,
            overlap.partners,
            overlap.since,
            event_id,
        )
    )


async def note_conflict(uow: UnitOfWork, conflict: DataConflict) -> None:
    if await uow.findings.get(conflict.id) is not None:
        return
    event_id = uow.announce(
        ev.DataConflictFound,
        ev.DataConflictFoundPayload(
            conflict_id=UUID(conflict.id),
            fact=conflict.fact,
            partners=conflict.partners,
            since=conflict.since,
        ),
        client=conflict.client,
        occurred_at=moment(conflict.since),
    )
    await uow.findings.add(
        Finding(
            conflict.id,
            "conflict",
            conflict.client,
            conflict.fact.value,
            conflict.partners,
            conflict.since,
            event_id,
        )
    )


async def _overlapping(
    uow: UnitOfWork, ctx: NodeContext, clients: Iterable[str], new: Engagement
) -> list[Overlap]:
    # Another partner's session meets the new engagement only within `overlap_days` of it.
    reach = timedelta(days=_days(ctx))
    window = (new.starts_on - reach, (new.ends_on or date.max - reach) + reach)
    found = []
    for client in clients:
        others = await uow.timeline.of_kind(
            client, new.kind, not_by=new.partner, sessions_within=window
        )
        found += overlaps(client, new, engagements(others, _days(ctx)))
    for overlap in found:
        await note_overlap(uow, overlap)
    return found


# --- this node records or plans ------------------------------------------------------------------


async def service_overlaps(uow: UnitOfWork, ctx: NodeContext, service: Service) -> list[Overlap]:
    """Other partners already giving the clients of a session this kind of service."""
    clients = await uow.clients.many(service.client_ids)
    new = session(ctx.partner_id, service.role.value, service.delivered_on, _days(ctx))
    return await _overlapping(uow, ctx, (c.pseudonym for c in clients.values()), new)


async def activity_overlaps(uow: UnitOfWork, ctx: NodeContext, activity: Activity) -> list[Overlap]:
    """Other partners already running this kind of activity for the client."""
    client = await uow.clients.get(activity.client_id)
    assert client is not None
    new = Engagement(ctx.partner_id, activity.kind.value, activity.started_on, activity.ended_on)
    return await _overlapping(uow, ctx, [client.pseudonym], new)


async def plan_overlaps(uow: UnitOfWork, ctx: NodeContext, plan: Plan) -> list[tuple[int, Overlap]]:
    """Per action of the plan's current revision (numbered from 1): other partners already giving
    the client what the action assigns to its partner, while it is planned."""
    revision = plan.current
    known = engagements(await _timeline(uow, plan.client), _days(ctx))
    found = []
    for number, action in enumerate(revision.actions, start=1):
        if isinstance(action.kind, Outcome):
            continue
        planned = Engagement(
            action.partner, action.kind.value, revision.agreed_on, action.target_on
        )
        for overlap in overlaps(plan.client, planned, known):
            await note_overlap(uow, overlap)
            found.append((number, overlap))
    return found


async def enrolment_conflicts(
    uow: UnitOfWork, ctx: NodeContext, client: Client, enrolment: Enrolment
) -> list[DataConflict]:
    """Facts about the client other partners enrolled them with, different from this node's."""
    own = Enrolled(ctx.partner_id, enrolment.enrolled_on, _facts(client))
    others = [
        Enrolled.of(entry)
        for entry in await _timeline(uow, client.pseudonym)
        if entry.type == "ClientEnrolled" and not entry.withdrawn
    ]
    found = conflicts(client.pseudonym, own, others)
    for conflict in found:
        await note_conflict(uow, conflict)
    return found


def _facts(client: Client) -> dict[ClientFact, str]:
    facts = {
        ClientFact.GENDER: client.gender.value,
        ClientFact.DISABILITY_DEGREE: client.disability_degree.value,
    }
    if client.birth_date is not None:  # None once the client's personal data were erased
        facts[ClientFact.BIRTH_YEAR] = str(client.birth_date.year)
    return facts


# --- another partner recorded --------------------------------------------------------------------


async def received_records(
    uow: UnitOfWork, ctx: NodeContext, records: Sequence[tuple[str, Engagement]]
) -> None:
    """Other partners' sessions and activities `(client, what)` duplicating this node's own,
    recorded later without knowing of them: this node announces the overlap (for an earlier one,
    the other partner does). One look at this node's own work for the whole batch."""
    if not records:
        return
    own = await uow.timeline.of_kinds(
        {client for client, _ in records}, {new.kind for _, new in records}, by=ctx.partner_id
    )
    by_client: dict[tuple[str, str], list[Entry]] = {}
    for entry in own:
        if entry.client is not None and entry.kind is not None:
            by_client.setdefault((entry.client, entry.kind), []).append(entry)
    for client, new in records:
        mine = engagements(by_client.get((client, new.kind), []), _days(ctx))
        for overlap in overlaps(client, new, [e for e in mine if made_later(e, new)]):
            await note_overlap(uow, overlap)


async def received_enrolment(uow: UnitOfWork, ctx: NodeContext, entry: Entry) -> None:
    """Another partner enrolled a client this node knows with facts different from its own.
    The partner that enrolled later announces the conflict: this node, where its own enrolment
    is the later one (made before the other's reached it)."""
    if entry.client is None:
        return
    own_entries = [
        e
        for e in await _timeline(uow, entry.client)
        if e.type == "ClientEnrolled" and e.partner == ctx.partner_id and not e.withdrawn
    ]
    if not own_entries or max(e.recorded_at for e in own_entries) <= entry.recorded_at:
        return
    found = await uow.clients.find(pseudonym=entry.client)
    enrolment = await uow.enrolments.get(found[0].id) if found else None
    if enrolment is None or enrolment.withdrawn:
        return
    client = found[0]
    own = Enrolled(ctx.partner_id, enrolment.enrolled_on, _facts(client))
    for conflict in conflicts(entry.client, own, [Enrolled.of(entry)]):
        await note_conflict(uow, conflict)
