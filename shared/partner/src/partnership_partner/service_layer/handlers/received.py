"""What this node does with the other partners' events: their programmes and editions to refer to,
the timeline of the clients, plans and referrals, and the duplications and conflicts they reveal.

An event that refers to something this node has not heard of (an answer to a referral not yet
received, a revision of a plan not yet known) is kept aside with the reason and applied, never
dropped, once the event it waits for arrives.

Whether another partner's record duplicates this node's work is judged once the whole batch is
in, so that an overlap the other partner announced with its record is listed, not announced again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from partnership_partner.domain.aside import KeptAside, needs, provides
from partnership_partner.domain.overlaps import Engagement, Finding, session
from partnership_partner.domain.timeline import Entry, Happened, entries_of
from partnership_partner.service_layer.context import NodeContext
from partnership_partner.service_layer.handlers import duplication, timeline
from partnership_partner.service_layer.handlers.plans import plan_from_event
from partnership_partner.service_layer.handlers.programmes import (
    edition_from_event,
    programme_from_event,
)
from partnership_partner.service_layer.handlers.referrals import answered, referral_from_event
from partnership_partner.service_layer.unit_of_work import UnitOfWork
from partnership_shared.events import models as ev


@dataclass
class ToCheck:
    """What the batch brought that may duplicate or contradict this node's own work."""

    records: list[tuple[str, Engagement]] = field(default_factory=list)
    enrolments: list[Entry] = field(default_factory=list)


async def receive(uow: UnitOfWork, ctx: NodeContext, events: Sequence[ev.EventBase]) -> None:
    """Apply other partners' events, new to this node, in order (the caller keeps each once)."""
    waiting = await uow.aside.count() > 0
    checks = ToCheck()
    for event in events:
        waiting = await _receive(uow, ctx, event, waiting, checks)
    await duplication.received_records(uow, ctx, checks.records)
    for entry in checks.enrolments:
        await duplication.received_enrolment(uow, ctx, entry)


async def _receive(
    uow: UnitOfWork, ctx: NodeContext, event: ev.EventBase, waiting: bool, checks: ToCheck
) -> bool:
    """Apply one event, or keep it aside; then what waited for it. Whether anything waits now."""
    for key, reason in needs(event):
        if not await _known(uow, key):
            await uow.aside.add(KeptAside(event, key, reason, datetime.now(UTC)))
            return True
    await _apply(uow, ctx, event, checks)
    if waiting:
        for key in provides(event):
            for kept in await uow.aside.waiting_for(key):
                await uow.aside.release(str(kept.event.event_id))
                await _receive(uow, ctx, kept.event, True, checks)
        waiting = await uow.aside.count() > 0
    return waiting


async def _known(uow: UnitOfWork, key: str) -> bool:
    what, ident = key.split(":", 1)
    if what == "referral":
        return await uow.referrals.get(ident) is not None
    if what == "plan":
        return await uow.plans.get(ident) is not None
    if what == "action":
        return await uow.plans.with_action(ident) is not None
    return bool(await uow.timeline.of_event(ident))


async def _apply(uow: UnitOfWork, ctx: NodeContext, event: ev.EventBase, checks: ToCheck) -> None:
    """Apply one event, noting what is left to check once the batch is in."""
    finding = _finding(event)
    if finding is not None:
        if await uow.findings.get(finding.id) is None:  # found here too: listed once
            await uow.findings.add(finding)
            await timeline.keep(uow, Happened.of(event))
        return
    partner = event.source.partner_id
    match event:
        case ev.ProgrammeDefined():
            await uow.programmes.save(programme_from_event(event))
        case ev.EditionScheduled():
            await uow.editions.save(edition_from_event(event))
        case ev.SupportPlanAgreed() | ev.SupportPlanRevised():
            known = await uow.plans.get(str(event.payload.plan_id))
            if known is not None and known.owner != partner:
                return  # only the plan's owner revises it: a stranger's revision changes nothing
            await uow.plans.save(plan_from_event(event, known))
        case ev.ReferralMade():
            if await uow.referrals.get(str(event.payload.referral_id)) is None:
                await uow.referrals.add(referral_from_event(event))
        case ev.ReferralAccepted() | ev.ReferralDeclined() | ev.ReferralCompleted():
            referral = await uow.referrals.get(str(event.payload.referral_id))
            assert referral is not None, "kept aside until the referral is known"
            if referral.to_partner != partner:
                return  # only the partner referred to answers
            await uow.referrals.update(answered(referral, event))
        case ev.ServiceDelivered(payload=p):
            clients = [event.client] if event.client else list(p.attendees)
            days = ctx.agreement.coordination.overlap_days
            new = session(partner, p.role.value, p.delivered_on, days, event.recorded_at)
            checks.records += [(client, new) for client in clients]
        case ev.ActivityStarted(payload=p):
            started = Engagement(partner, p.kind.value, p.started_on, None, event.recorded_at)
            checks.records.append((event.client, started))
        case ev.ClientEnrolled():
            checks.enrolments += entries_of(Happened.of(event))
    await timeline.keep(uow, Happened.of(event))


def _finding(event: ev.EventBase) -> Finding | None:
    match event:
        case ev.OverlapFound(payload=p):
            return Finding(
                str(p.overlap_id),
                "overlap",
                event.client,
                p.kind.value,
                p.partners,
                p.since,
                str(event.event_id),
            )
        case ev.DataConflictFound(payload=p):
            return Finding(
                str(p.conflict_id),
                "conflict",
                event.client,
                p.fact.value,
                p.partners,
                p.since,
                str(event.event_id),
            )
    return None
