"""What a node does about access when it starts: its service, its audit log, its first admin and
the token of its service account (for the CLI), as its settings ask."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.access.audit import AuditLog
from partnership_shared.access.roles import Role
from partnership_shared.access.service import AccessService
from partnership_shared.access.tables import AccessTables
from partnership_shared.kernel.database import WriteGate
from partnership_shared.kernel.settings import NodeSettings

log = logging.getLogger(__name__)


async def start_access(
    sessions: async_sessionmaker[AsyncSession],
    tables: AccessTables,
    roles: frozenset[Role],
    settings: NodeSettings,
    service_role: Role,
    gate: WriteGate | None = None,
) -> tuple[AccessService, AuditLog]:
    service = AccessService(
        sessions,
        tables,
        roles,
        gate=gate,
        session_lifetime=timedelta(hours=settings.session_hours),
        token_lifetime=timedelta(days=settings.token_days),
        first_admin_file=settings.first_admin_file,
    )
    if await service.ensure_first_admin():
        # The path only: the password itself is in that file and nowhere else.
        log.warning(
            "first start: made the account 'admin'; its one-time password is in %s",
            settings.first_admin_file,
        )
    if settings.service_token_file is not None:
        await service.ensure_service_token(
            settings.service_account, service_role, settings.service_token_file
        )
    return service, AuditLog(sessions, tables.audit_log, gate)
