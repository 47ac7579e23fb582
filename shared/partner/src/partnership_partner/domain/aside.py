"""Events kept aside: another partner's event that refers to something this node has not heard of.

Streams of different partners are read side by side, so an answer to a referral may arrive before
the referral itself, or a referral may name the action of a plan another partner has not yet
published. Such an event is not dropped and not applied half-way: it is kept aside with the reason,
under the key of what it waits for, and applied as soon as an event providing that key arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from partnership_shared.events import models as ev


@dataclass(frozen=True)
class KeptAside:
    event: ev.EventBase
    waits_for: str
    """`referral:<id>`, `plan:<id>`, `action:<id>` or `event:<id>`."""
    reason: str
    """The message code saying why (`referral.unknown`…)."""
    kept_at: datetime


def needs(event: ev.EventBase) -> list[tuple[str, str]]:
    """What an event refers to that must be known before it applies: `(key, reason)`."""
    match event:
        case (
            ev.ReferralAccepted(payload=p)
            | ev.ReferralDeclined(payload=p)
            | ev.ReferralCompleted(payload=p)
        ):
            return [(f"referral:{p.referral_id}", "referral.unknown")]
        case ev.SupportPlanRevised(payload=p):
            return [(f"plan:{p.plan_id}", "plan.unknown")]
        case ev.ReferralMade(payload=p) if p.plan_action_id is not None:
            return [(f"action:{p.plan_action_id}", "plan_action.unknown")]
        case ev.RecordCorrected(payload=p) | ev.RecordWithdrawn(payload=p):
            return [(f"event:{p.original_event_id}", "event.unknown")]
    return []


def provides(event: ev.EventBase) -> list[str]:
    """The keys an event makes known (what events kept aside may be waiting for)."""
    keys = [f"event:{event.event_id}"]
    match event:
        case ev.ReferralMade(payload=p):
            keys.append(f"referral:{p.referral_id}")
        case ev.SupportPlanAgreed(payload=p) | ev.SupportPlanRevised(payload=p):
            keys.append(f"plan:{p.plan_id}")
            keys += [f"action:{action.action_id}" for action in p.actions]
    return keys
