"""The tables every partner node has (changed only through the Alembic migrations beside them).

Personal data (PESEL, names, address) lives only here. Each record keeps the id of the event that
announced it (`event_id`; `end_event_id`, `exit_event_id` for a second one) and a `withdrawn` mark;
`record_changes` is the history of corrections and withdrawals. `received_events` holds what the
other partners announced, once each; `timeline_entries` what every partner (this one too) did for
each client, by pseudonym; `plans`, `plan_revisions`, `plan_actions`, `referrals` and `findings`
(overlaps, data conflicts) the coordination between partners; `events_kept_aside` other partners'
events waiting for what they refer to. A partner service's own tables live in its own metadata,
next to its own migrations.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    false,
)

from partnership_shared.access.tables import define_access
from partnership_shared.kernel.database import new_metadata
from partnership_shared.kernel.outbox import define_outbox, define_source_sequence
from partnership_shared.kernel.types import ScaledDecimal

metadata = new_metadata()

Id = String(36)


def _announced() -> list[Column[object]]:
    return [
        Column("event_id", Id),
        Column("withdrawn", Boolean, nullable=False, server_default=false()),
    ]


clients = Table(
    "clients",
    metadata,
    Column("id", Id, primary_key=True),
    Column("pesel", String(11), unique=True),
    Column("pseudonym", String(64), nullable=False, unique=True),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("gender", String(10), nullable=False),
    Column("birth_date", Date),
    Column("disability_degree", String(20), nullable=False),
    Column("address", String(300)),
    Column("phone", String(40)),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("erased_on", Date),
    # Both names folded (`domain.search`): what staff's searches compare.
    Column("search_name", String(201), nullable=False, server_default=""),
)
"""Personal data (PESEL, names and their folded form, birth date, address, phone) are empty once
erased (`erased_on`)."""

consents = Table(
    "consents",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("given_on", Date, nullable=False),
    Column("scope", JSON, nullable=False),
    Column("legal_basis", String(30), nullable=False),
    Column("document_ref", String(200), nullable=False),
    Column("withdrawn_on", Date),
    Column("withdrawal_event_id", Id),
)

programmes = Table(
    "programmes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code", String(60), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("lead_partner", String(40), nullable=False),
    Column("owner", String(40), nullable=False),
    Column("funding_total", ScaledDecimal(2)),
    Column("funding_co_financing", ScaledDecimal(2)),
    Column("funding_source", String(10)),
    Column("funding_own_contribution", ScaledDecimal(2)),
)

editions = Table(
    "editions",
    metadata,
    Column("id", Id, primary_key=True),
    Column("programme_id", Id, nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("label", String(12), nullable=False),
    Column("trade", String(200)),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("provider", String(40), nullable=False),
    Column("capacity", Integer, nullable=False),
)

families = Table(
    "families",
    metadata,
    Column("id", Id, primary_key=True),
    Column("pseudonym", String(64), nullable=False, index=True),
    Column("head_client_id", Id, ForeignKey("clients.id"), nullable=False),
    Column("programme_id", Id, nullable=False),
    Column("enrolled_on", Date, nullable=False),
    Column("exited_on", Date),
    Column("exit_reason", String(20)),
    Column("exit_event_id", Id),
    *_announced(),
)

family_members = Table(
    "family_members",
    metadata,
    Column("family_id", Id, ForeignKey("families.id"), primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True, index=True),
    Column("position", Integer, nullable=False),
)

enrolments = Table(
    "enrolments",
    metadata,
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True),
    Column("programme_id", Id, nullable=False),
    Column("enrolled_on", Date, nullable=False),
    Column("consent_ref", String(200), nullable=False),
    Column("registered_unemployed", Boolean, nullable=False),
    Column("household_size", Integer, nullable=False),
    Column("replaces_client_id", Id, ForeignKey("clients.id")),
    Column("family_id", Id, ForeignKey("families.id")),
    Column("exited_on", Date),
    Column("exit_reason", String(20)),
    Column("exit_event_id", Id),
    *_announced(),
)

services = Table(
    "services",
    metadata,
    Column("id", Id, primary_key=True),
    Column("role", String(40), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("hours", ScaledDecimal(2), nullable=False),
    Column("delivered_on", Date, nullable=False, index=True),
    Column("participants", Integer, nullable=False),
    Column("note", String(500)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("confirmation", String(500)),
    *_announced(),
)

service_clients = Table(
    "service_clients",
    metadata,
    Column("service_id", Id, ForeignKey("services.id"), primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), primary_key=True, index=True),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("programme_id", Id),
    Column("edition_id", Id, index=True),
    Column("ended_on", Date),
    Column("outcome", String(20)),
    Column("qualification_gained", Boolean, nullable=False, server_default=false()),
    Column("end_event_id", Id),
    *_announced(),
)

employments = Table(
    "employments",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False, index=True),
    Column("contract_type", String(40), nullable=False),
    Column("employer_kind", String(30), nullable=False),
    Column("employer_name", String(200)),
    Column("open_labour_market", Boolean, nullable=False),
    Column("working_time", ScaledDecimal(3), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("ended_on", Date),
    Column("end_event_id", Id),
    *_announced(),
)

retention_checks = Table(
    "retention_checks",
    metadata,
    Column("id", Id, primary_key=True),
    Column("employment_id", Id, ForeignKey("employments.id"), nullable=False, index=True),
    Column("checked_on", Date, nullable=False),
    Column("months_since_start", Integer, nullable=False, server_default="0"),
    *_announced(),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False, index=True),
    Column("basis", String(40), nullable=False),
    Column("amount", ScaledDecimal(2), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("period_from", Date),
    Column("period_to", Date),
    Column("decision_id", Id),
    Column("confirmation", String(500)),
    *_announced(),
)

contracts = Table(
    "contracts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client_id", Id, ForeignKey("clients.id"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("family_id", Id, ForeignKey("families.id")),
    Column("parties", JSON, nullable=False),
    Column("obligations", JSON, nullable=False),
    *_announced(),
)

record_changes = Table(
    "record_changes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("record_kind", String(30), nullable=False),
    Column("record_id", Id, nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("reason", String(500), nullable=False),
    Column("reason_kind", String(30), nullable=False),
    Column("confirmation", String(500)),
    Column("actor", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("event_ids", JSON, nullable=False),
)

received_events = Table(
    "received_events",
    metadata,
    Column("event_id", Id, primary_key=True),
    Column("source_id", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("type", String(60), nullable=False),
    Column("client", String(64), index=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)

# --- coordination between partners --------------------------------------------------------------

Pseudonym = String(64)
PartnerId = String(40)

timeline_entries = Table(
    "timeline_entries",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("event_id", Id, nullable=False, index=True),
    Column("client", Pseudonym),
    Column("partner_id", PartnerId, nullable=False),
    Column("type", String(60), nullable=False),
    Column("kind", String(40)),  # a client's entries of one kind by one partner: one index
    Column("day", Date, nullable=False),
    Column("details", JSON, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("corrected", Boolean, nullable=False, server_default=false()),
    Column("withdrawn", Boolean, nullable=False, server_default=false()),
    Index("ix_timeline_entries_client_kind", "client", "kind", "partner_id"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client", Pseudonym, nullable=False, index=True),
    Column("owner", PartnerId, nullable=False),
    Column("family", Pseudonym),
)

plan_revisions = Table(
    "plan_revisions",
    metadata,
    Column("plan_id", Id, ForeignKey("plans.id"), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("agreed_on", Date, nullable=False),
    Column("team_meeting_on", Date, nullable=False),
    Column("event_id", Id, nullable=False),
)

plan_actions = Table(
    "plan_actions",
    metadata,
    Column("plan_id", Id, primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("action_id", Id, primary_key=True, index=True),
    Column("position", Integer, nullable=False),
    Column("partner_id", PartnerId, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("target_on", Date, nullable=False),
    ForeignKeyConstraint(
        ["plan_id", "revision"],
        ["plan_revisions.plan_id", "plan_revisions.revision"],
        name="fk_plan_actions_plan_revisions",
    ),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", Id, primary_key=True),
    Column("client", Pseudonym, nullable=False, index=True),
    Column("from_partner", PartnerId, nullable=False, index=True),
    Column("to_partner", PartnerId, nullable=False, index=True),
    Column("service_kind", String(40), nullable=False),
    Column("made_on", Date, nullable=False),
    Column("consent_on", Date, nullable=False),
    Column("event_id", Id, nullable=False),
    Column("plan_action_id", Id),
    Column("status", String(20), nullable=False),
    Column("answered_on", Date),
    Column("completed_on", Date),
    Column("decline_reason", String(30)),
    Column("note", String(500)),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Id, primary_key=True),
    Column("what", String(10), nullable=False),
    Column("client", Pseudonym, nullable=False, index=True),
    Column("subject", String(40), nullable=False),
    Column("partner_a", PartnerId, nullable=False),
    Column("partner_b", PartnerId, nullable=False),
    Column("since", Date, nullable=False),
    Column("event_id", Id, nullable=False),
)

events_kept_aside = Table(
    "events_kept_aside",
    metadata,
    Column("event_id", Id, primary_key=True),
    Column("waits_for", String(80), nullable=False, index=True),
    Column("reason", String(40), nullable=False),
    Column("type", String(60), nullable=False),
    Column("source_id", PartnerId, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("kept_at", DateTime(timezone=True), nullable=False),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("made_id", Id),
)
"""A write's answer, replayed for a repeated key; the answer (which may hold a PESEL) is dropped
after a day and with the client's erasure, and the key stays to say what it made (`made_id`)."""

outbox = define_outbox(metadata)
source_sequence = define_source_sequence(metadata)
access = define_access(metadata)

RECORD_TABLES = (services, activities, employments, retention_checks, payments, contracts)
"""Records with a `withdrawn` mark that are listed and read back the same way."""

__all__ = [
    "RECORD_TABLES",
    "access",
    "activities",
    "clients",
    "consents",
    "contracts",
    "editions",
    "employments",
    "enrolments",
    "events_kept_aside",
    "families",
    "family_members",
    "findings",
    "idempotency_keys",
    "metadata",
    "outbox",
    "plan_actions",
    "plan_revisions",
    "plans",
    "programmes",
    "received_events",
    "record_changes",
    "referrals",
    "retention_checks",
    "service_clients",
    "services",
    "source_sequence",
    "timeline_entries",
]
