"""The partner node's own database. Personal data (PESEL, names, address) lives only here."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
)

from partnership_shared.kernel.database import new_metadata
from partnership_shared.kernel.outbox import define_outbox, define_source_sequence
from partnership_shared.kernel.types import ScaledDecimal

metadata = new_metadata()

clients = Table(
    "clients",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("pesel", String(11), nullable=False, unique=True),
    Column("pseudonym", String(64), nullable=False, unique=True),
    Column("first_name", String(100), nullable=False),
    Column("last_name", String(100), nullable=False),
    Column("gender", String(10), nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("disability_degree", String(20), nullable=False),
    Column("address", String(300)),
    Column("phone", String(40)),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

enrolments = Table(
    "enrolments",
    metadata,
    Column("client_id", String(36), ForeignKey("clients.id"), primary_key=True),
    Column("programme", String(200), nullable=False),
    Column("enrolled_on", Date, nullable=False),
    Column("consent_ref", String(200), nullable=False),
    Column("registered_unemployed", Boolean, nullable=False),
    Column("household_size", Integer, nullable=False),
    Column("replaces_client_id", String(36), ForeignKey("clients.id")),
    Column("exited_on", Date),
    Column("exit_reason", String(20)),
)

services = Table(
    "services",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("role", String(40), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("hours", ScaledDecimal(2), nullable=False),
    Column("delivered_on", Date, nullable=False, index=True),
    Column("participants", Integer, nullable=False),
    Column("note", String(500)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

service_clients = Table(
    "service_clients",
    metadata,
    Column("service_id", String(36), ForeignKey("services.id"), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), primary_key=True, index=True),
)

activities = Table(
    "activities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("edition", String(40)),
    Column("trade", String(120)),
    Column("provider", String(200)),
    Column("ended_on", Date),
    Column("outcome", String(20)),
)

employments = Table(
    "employments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("contract_type", String(40), nullable=False),
    Column("employer_kind", String(30), nullable=False),
    Column("employer_name", String(200)),
    Column("open_labour_market", Boolean, nullable=False),
    Column("working_time", ScaledDecimal(3), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
)

retention_checks = Table(
    "retention_checks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("employment_id", String(36), ForeignKey("employments.id"), nullable=False, index=True),
    Column("checked_on", Date, nullable=False),
)

payments = Table(
    "payments",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("basis", String(40), nullable=False),
    Column("amount", ScaledDecimal(2), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("period_from", Date),
    Column("period_to", Date),
)

contracts = Table(
    "contracts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("client_id", String(36), ForeignKey("clients.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("signed_on", Date, nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

outbox = define_outbox(metadata)
source_sequence = define_source_sequence(metadata)

__all__ = [
    "activities",
    "clients",
    "contracts",
    "employments",
    "enrolments",
    "idempotency_keys",
    "metadata",
    "outbox",
    "payments",
    "retention_checks",
    "service_clients",
    "services",
    "source_sequence",
]
