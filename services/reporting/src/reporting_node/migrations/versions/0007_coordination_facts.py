"""Coordination facts: plan revisions, referrals, answers, overlaps and conflicts (issue 9).

One `coordination_fact` row each, derived from the event store (the projections' new version
rebuilds them for events already held).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coordination_fact",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("what", sa.String(10), nullable=False),
        sa.Column("ref", sa.String(36), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("partner", sa.String(40), nullable=False),
        sa.Column("partner_kind", sa.String(8), nullable=False),
        sa.Column("other", sa.String(81), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_coordination_fact"),
    )


def downgrade() -> None:
    op.drop_table("coordination_fact")
