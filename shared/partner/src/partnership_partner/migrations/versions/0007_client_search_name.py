"""clients.search_name: both names folded (lower case, no diacritics), for staff's searches

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from partnership_partner.domain.search import search_name

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_name", sa.String(length=201), server_default="", nullable=False)
        )
    # Clients registered before: their names folded as the repository folds new ones.
    clients = sa.table(
        "clients",
        sa.column("id", sa.String),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("search_name", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(clients.c.id, clients.c.first_name, clients.c.last_name))
    updates = [
        {"key": row.id, "search_name": search_name(row.first_name, row.last_name)} for row in rows
    ]
    if updates:
        connection.execute(
            clients.update()
            .where(clients.c.id == sa.bindparam("key"))
            .values(search_name=sa.bindparam("search_name")),
            updates,
        )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("search_name")
