"""Referrals (skierowania) from one partner to another for a kind of service.

A referral needs the client's consent to share with the partner referred to, the day it was given
recorded on it (no consent, no referral). The partner referred to finds it in its inbox and
accepts it, declines it with a reason, or, once accepted, completes it; the referring partner sees
each answer. Unanswered after the agreement's number of days, it is overdue on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from partnership_partner.domain.errors import Conflict, Rejected
from partnership_shared.events.vocabulary import ActivityKind, DeclineReason, SpecialistRole

ServiceKind = ActivityKind | SpecialistRole


def service_kind(value: str) -> ServiceKind:
    try:
        return SpecialistRole(value)
    except ValueError:
        return ActivityKind(value)


class ReferralStatus(StrEnum):
    MADE = "made"  # czeka na odpowiedź
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


@dataclass
class Referral:
    id: str
    client: str
    """The client's pseudonym (the partner referred to may not know the person yet)."""
    from_partner: str
    to_partner: str
    service_kind: ServiceKind
    made_on: date
    consent_on: date
    event_id: str
    plan_action_id: str | None = None
    status: ReferralStatus = ReferralStatus.MADE
    answered_on: date | None = None
    completed_on: date | None = None
    decline_reason: DeclineReason | None = None
    note: str | None = None
    """What the staff of this node wrote (why referred, why declined): it stays in this node."""

    def due_on(self, answer_days: int) -> date:
        return self.made_on + timedelta(days=answer_days)

    def overdue(self, today: date, answer_days: int) -> bool:
        """Not answered, and the days the partnership allows for an answer are over."""
        return self.status is ReferralStatus.MADE and today > self.due_on(answer_days)


def check_referral(
    own: str, to_partner: str, partners: set[str], made_on: date, consent_on: date | None
) -> None:
    """To a partner of the partnership other than oneself, with the client's consent before."""
    if to_partner not in partners:
        raise Rejected("to_partner", "partner.unknown", partner=to_partner)
    if to_partner == own:
        raise Rejected("to_partner", "referral.to_self")
    if consent_on is None:
        raise Rejected("consent_on", "referral.no_consent", partner=to_partner)
    if consent_on > made_on:
        raise Rejected("consent_on", "referral.consent_after", made_date=made_on)


def check_answer(referral: Referral, own: str, answered_on: date, *, completing: bool) -> None:
    """Only the partner referred to answers, once; it completes only what it accepted."""
    if referral.to_partner != own:
        raise Conflict("referral_id", "referral.not_addressee", partner=referral.to_partner)
    if completing:
        if referral.status is not ReferralStatus.ACCEPTED:
            raise Conflict("referral_id", "referral.not_accepted", status=referral.status)
        assert referral.answered_on is not None
        if answered_on < referral.answered_on:
            raise Rejected(
                "completed_on", "referral.before_acceptance", accepted_date=referral.answered_on
            )
        return
    if referral.status is not ReferralStatus.MADE:
        raise Conflict("referral_id", "referral.answered", status=referral.status)
    if answered_on < referral.made_on:
        raise Rejected("answered_on", "referral.before_made", made_date=referral.made_on)
