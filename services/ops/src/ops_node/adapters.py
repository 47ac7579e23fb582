"""The OPS's own tables, beside the common ones (foreign keys name them)."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, String, Table
from sqlalchemy.ext.asyncio import AsyncSession

from ops_node.domain.decisions import BenefitDecision
from partnership_partner.adapters.repositories import SqlRepository
from partnership_shared.kernel.database import new_metadata
from partnership_shared.kernel.types import ScaledDecimal

metadata = new_metadata()

decisions = Table(
    "ops_benefit_decisions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("basis", String(40), nullable=False),
    Column("monthly_amount", ScaledDecimal(2), nullable=False),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("reference", String(60)),
    Column("revoked_on", Date),
)


class SqlDecisions(SqlRepository[BenefitDecision]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, decisions, BenefitDecision)
