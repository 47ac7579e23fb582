"""Relay heartbeats, ranges a partner can no longer replay, bounded dead letters.

* `source_progress` learns what each partner's heartbeat said: the highest `seq` it published
  (`announced_seq`: anything not seen up to it is a gap, even at the end of a stream) and the
  lowest it still keeps (`kept_from_seq`), with the heartbeat's time.
* `lost_range`: ranges missing below what the partner keeps, reported once, never asked for.
* `dead_letter` keeps each refused body's SHA-256 and size; a body is kept only up to a bound
  (see `reporting_node.store.dead_letters`), and a re-driven entry says when.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_progress") as table:
        table.add_column(
            sa.Column("announced_seq", sa.BigInteger, nullable=False, server_default="0")
        )
        table.add_column(sa.Column("kept_from_seq", sa.BigInteger))
        table.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True)))
    op.create_table(
        "lost_range",
        sa.Column("source_id", sa.String(40), nullable=False),
        sa.Column("from_seq", sa.BigInteger, nullable=False),
        sa.Column("to_seq", sa.BigInteger, nullable=False),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "from_seq", name="pk_lost_range"),
    )
    with op.batch_alter_table("dead_letter") as table:
        table.add_column(sa.Column("digest", sa.String(64), nullable=False, server_default=""))
        table.add_column(sa.Column("size", sa.BigInteger, nullable=False, server_default="0"))
        table.add_column(sa.Column("redriven_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("dead_letter") as table:
        table.drop_column("redriven_at")
        table.drop_column("size")
        table.drop_column("digest")
    op.drop_table("lost_range")
    with op.batch_alter_table("source_progress") as table:
        table.drop_column("heartbeat_at")
        table.drop_column("kept_from_seq")
        table.drop_column("announced_seq")
