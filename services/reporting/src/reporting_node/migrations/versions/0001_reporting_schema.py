"""The reporting node's schema: event store, dead letters, source progress and projections.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AutoId = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("version", sa.SmallInteger, nullable=False),
        sa.Column("partner_kind", sa.String(8), nullable=False),
        sa.Column("client", sa.String(64)),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("dim", sa.String(200), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stream", sa.String(80), nullable=False),
        sa.Column("entry_id", sa.String(40), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_event"),
        sa.UniqueConstraint("source_id", "seq", name="uq_event_source_seq"),
    )
    op.create_index("ix_event_client_day", "event", ["client", "day"])
    op.create_index("ix_event_type_day", "event", ["type", "day"])

    op.create_table(
        "dead_letter",
        sa.Column("id", AutoId, autoincrement=True, nullable=False),
        sa.Column("stream", sa.String(80), nullable=False),
        sa.Column("entry_id", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("event_id", sa.String(36)),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dead_letter"),
        sa.UniqueConstraint("stream", "entry_id", name="uq_dead_letter_stream_entry"),
    )

    op.create_table(
        "source_progress",
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("partner_kind", sa.String(8), nullable=False),
        sa.Column("contiguous_seq", sa.BigInteger, nullable=False),
        sa.Column("highest_seq", sa.BigInteger, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("gaps_detected", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id", name="pk_source_progress"),
    )

    op.create_table(
        "person_fact",
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("what", sa.String(16), nullable=False),
        sa.Column("partner_kind", sa.String(8), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("ref", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(200), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("extra", sa.String(16), nullable=False),
        sa.Column("flag", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("client", "event_id", name="pk_person_fact"),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "service_attendee",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "client", name="pk_service_attendee"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_service_attendee_client", "service_attendee", ["client"])

    op.create_table(
        "person",
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("client", name="pk_person"),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "programme_set",
        sa.Column("id", sa.BigInteger, autoincrement=False, nullable=False),
        sa.Column("programmes", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programme_set"),
        sa.UniqueConstraint("programmes", name="uq_programme_set_programmes"),
    )

    op.create_table(
        "tally",
        sa.Column("grain", sa.SmallInteger, nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("metric", sa.String(24), nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("dim", sa.String(250), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "grain", "day", "metric", "bucket", "scope", "dim", name="pk_tally"
        ),
        sqlite_with_rowid=False,
    )

    op.create_table(
        "tally_gap",
        sa.Column("metric", sa.String(24), nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("dim", sa.String(250), nullable=False),
        sa.Column("left_day", sa.Integer, nullable=False),
        sa.Column("right_day", sa.Integer, nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "metric", "bucket", "scope", "dim", "left_day", "right_day", name="pk_tally_gap"
        ),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in (
        "tally_gap",
        "tally",
        "programme_set",
        "person",
        "service_attendee",
        "person_fact",
        "source_progress",
        "dead_letter",
        "event",
    ):
        op.drop_table(table)
