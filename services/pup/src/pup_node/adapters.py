"""The PUP's own tables, beside the common ones (foreign keys name them)."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, String, Table
from sqlalchemy.ext.asyncio import AsyncSession

from partnership_partner.adapters.repositories import SqlRepository
from partnership_shared.kernel.database import new_metadata
from partnership_shared.kernel.types import ScaledDecimal
from pup_node.domain.registration import Registration
from pup_node.domain.stipends import InternshipTerms

metadata = new_metadata()

registrations = Table(
    "pup_registrations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("registered_on", Date, nullable=False),
    Column("deregistered_on", Date),
    Column("reason", String(20)),
)

internships = Table(
    "pup_internships",
    metadata,
    Column("activity_id", String(36), ForeignKey("activities.id"), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False),
    Column("host", String(200), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("monthly_stipend", ScaledDecimal(2), nullable=False),
)


class SqlRegistrations(SqlRepository[Registration]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, registrations, Registration)


class SqlInternships(SqlRepository[InternshipTerms]):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, internships, InternshipTerms, key="activity_id")
