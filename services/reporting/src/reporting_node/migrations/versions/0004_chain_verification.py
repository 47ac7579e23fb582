"""Events waiting for a partner's signed checkpoint, and the hashes of missing ones

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_held",
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("stream", sa.String(length=80), nullable=False),
        sa.Column("entry_id", sa.String(length=40), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "hash", name=op.f("pk_chain_held")),
    )
    op.create_index("ix_chain_held_source_id", "chain_held", ["source_id", "seq"])
    op.create_table(
        "chain_expected",
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("learned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "seq", name=op.f("pk_chain_expected")),
    )


def downgrade() -> None:
    op.drop_table("chain_expected")
    op.drop_index("ix_chain_held_source_id", table_name="chain_held")
    op.drop_table("chain_held")
