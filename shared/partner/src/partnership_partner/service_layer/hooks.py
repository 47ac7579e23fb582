"""Where a partner service's own domain joins the common handlers (the extension point's rules)."""

from __future__ import annotations

from datetime import date

from partnership_partner.domain.model import Contract
from partnership_partner.service_layer.unit_of_work import UnitOfWork


class Hooks:
    """Rules a partner service may add to the common ones; by default they add nothing."""

    async def registered_unemployed(self, uow: UnitOfWork, client_id: str, on: date) -> bool:
        """Whether the client is registered as unemployed on `on`, where staff did not say."""
        return False

    def check_contract(self, contract: Contract) -> None:
        """The service's own rules for a contract it signs (raise a `Rejected` to refuse)."""
