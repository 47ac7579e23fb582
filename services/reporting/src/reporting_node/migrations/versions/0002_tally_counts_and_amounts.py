"""Tally rows carry a count and an amount (one row per event); projection versions.

The projections are derived data: their tables are recreated empty here, and the node rebuilds
them from the event store when it starts (`projection_state` has no version yet).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _tally(with_amount: bool) -> None:
    value_columns = (
        [
            sa.Column("n", sa.BigInteger, nullable=False),
            sa.Column("amount", sa.BigInteger, nullable=False),
        ]
        if with_amount
        else [sa.Column("value", sa.BigInteger, nullable=False)]
    )
    op.create_table(
        "tally",
        sa.Column("grain", sa.SmallInteger, nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("metric", sa.String(24), nullable=False),
        sa.Column("bucket", sa.BigInteger, nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("dim", sa.String(250), nullable=False),
        *value_columns,
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
        sa.Column("n" if with_amount else "value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint(
            "metric", "bucket", "scope", "dim", "left_day", "right_day", name="pk_tally_gap"
        ),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    op.drop_index("ix_event_type_day", table_name="event")
    op.drop_table("tally_gap")
    op.drop_table("tally")
    _tally(with_amount=True)
    for table in ("programme_set", "person", "service_attendee", "person_fact"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.create_table(
        "projection_state",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("rebuilt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_projection_state"),
    )


def downgrade() -> None:
    op.drop_table("projection_state")
    op.drop_table("tally_gap")
    op.drop_table("tally")
    _tally(with_amount=False)
    for table in ("programme_set", "person", "service_attendee", "person_fact"):
        op.execute(sa.text(f"DELETE FROM {table}"))
    op.create_index("ix_event_type_day", "event", ["type", "day"])
