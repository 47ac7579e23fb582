"""What handlers know of the node they run in and of who is acting."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from partnership_partner.domain import rules
from partnership_partner.domain.scope import Scope
from partnership_partner.service_layer.hooks import Hooks
from partnership_shared.agreement import Limits, PartnershipAgreement

POLAND = ZoneInfo("Europe/Warsaw")


@dataclass(frozen=True)
class NodeContext:
    """The node's scope (what it records), the agreement's limits, its secret and the actor."""

    scope: Scope
    agreement: PartnershipAgreement
    partnership_starts_on: date
    secret: bytes
    actor: str = "system"
    hooks: Hooks = dataclasses.field(default_factory=Hooks)
    clock: object = None
    """A fixed `date` for tests of date rules; None: today in Poland."""

    @property
    def partner_id(self) -> str:
        return self.scope.partner_id

    @property
    def limits(self) -> Limits:
        return self.agreement.limits

    def acting(self, actor: str) -> NodeContext:
        """The same node, with a person (or the system) acting."""
        return dataclasses.replace(self, actor=actor)

    def today(self) -> date:
        if isinstance(self.clock, date):
            return self.clock
        return datetime.now(POLAND).date()

    def check_day(self, field: str, day: date) -> None:
        """A record's date lies between the partnership's start and today."""
        rules.check_day(field, day, starts_on=self.partnership_starts_on, today=self.today())


def moment(day: date) -> datetime:
    """The instant an event dated `day` occurred, for the envelope's `occurred_at` (noon)."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=POLAND).astimezone(UTC)
