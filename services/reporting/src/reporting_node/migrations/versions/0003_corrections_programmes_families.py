"""Corrections and withdrawals, programmes and editions, families.

The event store learns which event a correction `refers_to` (a partial index: corrections are
few) and how each record now stands (`standing`); programmes, editions and families' facts get
tables of their own. All three are projections: the node rebuilds them from the event store when
it starts (the projection version changed), which also fills in `refers_to` and `standing`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("refers_to", sa.String(36)))
    op.add_column("event", sa.Column("standing", sa.String(10), nullable=False, server_default=""))
    # Corrections stored before this revision: their original is named in their body.
    bind = op.get_bind()
    stored = bind.execute(
        sa.text(
            "SELECT event_id, body FROM event WHERE type IN ('RecordCorrected', 'RecordWithdrawn')"
        )
    ).all()
    for event_id, body in stored:
        original = json.loads(bytes(body))["payload"]["original_event_id"]
        bind.execute(
            sa.text(
                "UPDATE event SET refers_to = :original, standing = 'pending' WHERE event_id = :id"
            ),
            {"original": original, "id": event_id},
        )
    op.create_index(
        "ix_event_refers_to",
        "event",
        ["refers_to"],
        sqlite_where=sa.text("refers_to IS NOT NULL"),
        postgresql_where=sa.text("refers_to IS NOT NULL"),
    )
    op.create_table(
        "programme",
        sa.Column("programme_id", sa.String(36), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("lead_partner", sa.String(40), nullable=False),
        sa.Column("funding_total", sa.BigInteger),
        sa.Column("co_financing", sa.BigInteger),
        sa.Column("co_financing_source", sa.String(10)),
        sa.Column("own_contribution", sa.BigInteger),
        sa.PrimaryKeyConstraint("programme_id", name="pk_programme"),
    )
    op.create_table(
        "edition",
        sa.Column("edition_id", sa.String(36), nullable=False),
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("programme_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("label", sa.String(12), nullable=False),
        sa.Column("trade", sa.String(200)),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("provider", sa.String(40), nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("edition_id", name="pk_edition"),
    )
    op.create_table(
        "family_fact",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("family", sa.String(64), nullable=False),
        sa.Column("what", sa.String(10), nullable=False),
        sa.Column("partner_kind", sa.String(8), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("members", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_family_fact"),
    )
    op.create_index("ix_family_fact_family", "family_fact", ["family"])


def downgrade() -> None:
    op.drop_index("ix_family_fact_family", table_name="family_fact")
    op.drop_table("family_fact")
    op.drop_table("edition")
    op.drop_table("programme")
    op.drop_index("ix_event_refers_to", table_name="event")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("standing")
        batch.drop_column("refers_to")
