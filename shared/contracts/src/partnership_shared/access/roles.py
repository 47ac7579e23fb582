"""The roles of the partnership's staff, and which of them each kind of node admits."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CASEWORKER = "caseworker"
    """A partner's staff: the node's clients and their records (read and write)."""
    COORDINATOR = "coordinator"
    """The partnership's view on the reporting node: figures, reports, pseudonymous journeys."""
    AUDITOR = "auditor"
    """Reads what the node holds, never writes; reads the audit log and the dead letters."""
    ADMIN = "admin"
    """Accounts (and keys) of its node; sees no client and no figure."""


PARTNER_ROLES = frozenset({Role.CASEWORKER, Role.AUDITOR, Role.ADMIN})
"""A partner node's staff: caseworkers, auditors and its admins; no coordinator."""

REPORTING_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR, Role.ADMIN})
"""The reporting node admits coordinators and auditors, and admins for its accounts."""

READERS = frozenset({Role.CASEWORKER, Role.COORDINATOR, Role.AUDITOR})
"""Roles that read what a node holds (each node admits only its own of them)."""

WRITERS = frozenset({Role.CASEWORKER})
"""Roles that change records."""
