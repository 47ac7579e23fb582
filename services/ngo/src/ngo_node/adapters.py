"""The NGO's own tables, beside the common ones (foreign keys name them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table
from sqlalchemy.ext.asyncio import AsyncSession

from ngo_node.domain.volunteering import VolunteeringAgreement
from partnership_partner.adapters.repositories import SqlRepository
from partnership_shared.kernel.database import new_metadata
from partnership_shared.kernel.types import ScaledDecimal

metadata = new_metadata()

agreements = Table(
    "ngo_volunteering_agreements",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("activity_id", String(36), ForeignKey("activities.id"), nullable=False),
    Column("host", String(200), nullable=False),
    Column("field", String(20), nullable=False),
    Column("weekly_hours", ScaledDecimal(1), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("ended_on", Date),
    Column("realised", Boolean),
    Column("confirmation", String(500)),
)


class SqlAgreements(SqlRepository[VolunteeringAgreement]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, agreements, VolunteeringAgreement)
