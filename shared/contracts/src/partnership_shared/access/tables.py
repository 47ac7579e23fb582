"""The tables of accounts and access, added to a node's metadata (like `define_outbox`).

Passwords are kept as argon2 hashes only; sessions and API tokens as SHA-256 digests of the
random value the holder keeps (a token is 256 random bits: a slow hash would add nothing but time
to every request). The audit log is append-only: triggers refuse UPDATE and DELETE (and TRUNCATE
on PostgreSQL), and no route changes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    false,
    true,
)


@dataclass(frozen=True)
class AccessTables:
    accounts: Table
    tokens: Table
    login_failures: Table
    audit_log: Table


def define_access(metadata: MetaData) -> AccessTables:
    """The access tables, in the metadata of the node that keeps them."""
    accounts = Table(
        "accounts",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("username", String(64), nullable=False, unique=True),
        Column("role", String(20), nullable=False),
        Column("password_hash", String(200)),
        Column("active", Boolean, nullable=False, server_default=true()),
        Column("must_change_password", Boolean, nullable=False, server_default=false()),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("created_by", String(64), nullable=False),
        Column("password_changed_at", DateTime(timezone=True)),
    )
    tokens = Table(
        "access_tokens",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("account_id", String(36), ForeignKey("accounts.id"), nullable=False, index=True),
        Column("kind", String(10), nullable=False),
        Column("digest", String(64), nullable=False, unique=True),
        Column("label", String(100)),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True)),
    )
    login_failures = Table(
        "login_failures",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("username", String(64), nullable=False),
        Column("address", String(64), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )
    audit_log = Table(
        "audit_log",
        metadata,
        Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("at", DateTime(timezone=True), nullable=False, index=True),
        Column("actor", String(64), nullable=False, index=True),
        Column("role", String(20), nullable=False),
        Column("address", String(64), nullable=False),
        Column("action", String(40), nullable=False),
        Column("method", String(8), nullable=False),
        Column("path", String(300), nullable=False),
        Column("status", Integer, nullable=False),
        Column("client_id", String(64), index=True),
    )
    return AccessTables(accounts, tokens, login_failures, audit_log)


APPEND_ONLY = "the audit log is append-only"

SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRES_APPEND_ONLY = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def append_only_statements(dialect: str) -> list[str]:
    """The DDL that makes `audit_log` append-only on this database (for a migration)."""
    return POSTGRES_APPEND_ONLY if dialect == "postgresql" else SQLITE_APPEND_ONLY
