"""consents with their legal basis and scope, erasable clients, idempotency answers that expire

The common history's branch `partner`, after coordination.

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
    op.create_table(
        "consents",
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.String(length=30), nullable=False),
        sa.Column("document_ref", sa.String(length=200), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_event_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_consents_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_consents")),
    )
    # Clients enrolled before consents were recorded consented to both scopes on enrolment,
    # under the reference they gave (what `consent_ref` always meant).
    both = '\'["processing", "sharing"]\''
    if op.get_bind().dialect.name == "postgresql":
        both = f"CAST({both} AS JSON)"
    op.execute(
        "INSERT INTO consents (client_id, given_on, scope, legal_basis, document_ref) "
        f"SELECT client_id, enrolled_on, {both}, 'consent', consent_ref FROM enrolments"
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_on", sa.Date(), nullable=True))
        batch_op.alter_column("pesel", existing_type=sa.String(length=11), nullable=True)
        batch_op.alter_column("first_name", existing_type=sa.String(length=100), nullable=True)
        batch_op.alter_column("last_name", existing_type=sa.String(length=100), nullable=True)
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=True)
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_id", sa.String(length=36), nullable=True))
        batch_op.alter_column("response", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.alter_column("response", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("made_id")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("last_name", existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column("first_name", existing_type=sa.String(length=100), nullable=False)
        batch_op.alter_column("pesel", existing_type=sa.String(length=11), nullable=False)
        batch_op.drop_column("erased_on")
    op.drop_table("consents")
