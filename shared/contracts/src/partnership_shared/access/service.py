"""Signing in, sessions and API tokens, the slowing of failed logins, and the node's accounts.

One `AccessService` per node, over the node's own database. It is the core of the login and token
routes, of the admin's account routes and of the CLI's `partnership users` commands (which open
the node's database directly, as an operator's tool on the node's machine).

Failed logins are slowed: after 5 failures for one user name within 15 minutes, that name cannot
sign in for 15 minutes from the last failure (not even with the right password); after 20
failures from one address within 15 minutes, nobody signs in from it for 15 minutes. The refusal
(429) says for how many minutes, and `Retry-After` in seconds. A successful login clears the
name's failures.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from partnership_shared.access.passwords import (
    WeakPassword,
    check_strength,
    hash_password,
    one_time_password,
    verify_password,
)
from partnership_shared.access.roles import Role
from partnership_shared.access.tables import AccessTables
from partnership_shared.kernel.database import WriteGate

FAILURE_WINDOW = timedelta(minutes=15)
USER_FAILURES = 5
ADDRESS_FAILURES = 20
LOCKOUT = timedelta(minutes=15)

SESSION_LIFETIME = timedelta(hours=8)
TOKEN_LIFETIME = timedelta(days=30)
SERVICE_TOKEN_RENEWAL = timedelta(days=7)
"""A service token this close to its expiry is replaced when the node starts."""

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
FIRST_ADMIN = "admin"


class TokenKind(StrEnum):
    SESSION = "session"
    """A browser's sign-in, carried in an HttpOnly cookie."""
    API = "api"
    """A bearer token for programs (the CLI, scripts)."""


@dataclass(frozen=True)
class Principal:
    """Who is making a request, and through which session or token."""

    account_id: str
    username: str
    role: Role
    token_id: str
    kind: TokenKind
    must_change_password: bool = False


@dataclass(frozen=True)
class Issued:
    """A session or token just made: `token` is given to its holder once and kept nowhere."""

    token: str
    token_id: str
    expires_at: datetime
    principal: Principal


@dataclass(frozen=True)
class Account:
    username: str
    role: Role
    active: bool
    must_change_password: bool
    created_at: datetime
    created_by: str
    has_password: bool


class AccessError(Exception):
    """A refusal: its HTTP status, a message key of `messages.WORDS` and the values it names."""

    def __init__(
        self,
        status: int,
        code: str,
        field: str = "request",
        *,
        retry_after: int | None = None,
        **params: object,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field
        self.retry_after = retry_after
        self.params = params


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def utc(moment: datetime) -> datetime:
    """SQLite gives datetimes back without their zone; every one we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path`, readable and writable by its owner only (0600), replacing it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


class AccessService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: AccessTables,
        roles: frozenset[Role],
        *,
        gate: WriteGate | None = None,
        session_lifetime: timedelta = SESSION_LIFETIME,
        token_lifetime: timedelta = TOKEN_LIFETIME,
        first_admin_file: Path | None = None,
    ) -> None:
        self._sessions = sessions
        self.tables = tables
        self.roles = roles
        self._gate = gate or WriteGate("postgresql://")
        self.session_lifetime = session_lifetime
        self.token_lifetime = token_lifetime
        self.first_admin_file = first_admin_file

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        async with self._gate, self._sessions.begin() as session:
            yield session

    # --- who is asking ---------------------------------------------------------------------

    async def authenticate(self, token: str) -> Principal | None:
        """The holder of a valid session or token; None if it is unknown, expired or revoked,
        or its account is disabled."""
        accounts, tokens = self.tables.accounts, self.tables.tokens
        async with self._sessions() as session:
            row = (
                await session.execute(
                    select(
                        tokens.c.id,
                        tokens.c.kind,
                        tokens.c.expires_at,
                        tokens.c.revoked_at,
                        accounts.c.id.label("account_id"),
                        accounts.c.username,
                        accounts.c.role,
                        accounts.c.active,
                        accounts.c.must_change_password,
                    )
                    .join(accounts, accounts.c.id == tokens.c.account_id)
                    .where(tokens.c.digest == digest(token))
                )
            ).first()
        if row is None or row.revoked_at is not None or not row.active:
            return None
        if utc(row.expires_at) <= datetime.now(UTC) or row.role not in self.roles:
            return None
        return Principal(
            row.account_id,
            row.username,
            Role(row.role),
            row.id,
            TokenKind(row.kind),
            bool(row.must_change_password),
        )

    async def sign_in(
        self,
        username: str,
        password: str,
        address: str,
        kind: TokenKind = TokenKind.SESSION,
        label: str | None = None,
    ) -> Issued:
        """A new session or token for the right password; refusals are slowed (see above)."""
        username = username.strip().lower()
        await self._refuse_if_throttled(username, address)
        found = await self._account_row(username)
        hashed = found.password_hash if found is not None else None
        matches = await asyncio.to_thread(verify_password, password, hashed)
        if not matches or found is None or not found.active or found.role not in self.roles:
            await self._failed(username, address)
            raise AccessError(401, "login.failed", "password")
        async with self._writing() as session:
            await session.execute(
                delete(self.tables.login_failures).where(
                    self.tables.login_failures.c.username == username
                )
            )
        return await self.issue(username, kind, label=label)

    async def _refuse_if_throttled(self, username: str, address: str) -> None:
        failures = self.tables.login_failures
        since = datetime.now(UTC) - FAILURE_WINDOW
        async with self._sessions() as session:
            for column, value, limit, code in (
                (failures.c.username, username, USER_FAILURES, "login.throttled_user"),
                (failures.c.address, address, ADDRESS_FAILURES, "login.throttled_address"),
            ):
                count, last = (
                    await session.execute(
                        select(func.count(), func.max(failures.c.at)).where(
                            and_(column == value, failures.c.at > since)
                        )
                    )
                ).one()
                if count >= limit:
                    wait = utc(last) + LOCKOUT - datetime.now(UTC)
                    seconds = max(1, int(wait.total_seconds()) + 1)
                    raise AccessError(
                        429, code, "username", retry_after=seconds, minutes=-(-seconds // 60)
                    )

    async def _failed(self, username: str, address: str) -> None:
        failures = self.tables.login_failures
        now = datetime.now(UTC)
        async with self._writing() as session:
            await session.execute(delete(failures).where(failures.c.at < now - FAILURE_WINDOW))
            await session.execute(
                insert(failures).values(username=username[:64], address=address[:64], at=now)
            )

    async def issue(
        self,
        username: str,
        kind: TokenKind = TokenKind.API,
        lifetime: timedelta | None = None,
        label: str | None = None,
    ) -> Issued:
        """A new session or API token for an account (its holder gets `token` once)."""
        found = await self._account_row(username)
        if found is None:
            raise AccessError(404, "account.unknown", "username", username=username)
        token = secrets.token_urlsafe(32)
        token_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        default = self.session_lifetime if kind is TokenKind.SESSION else self.token_lifetime
        expires_at = now + (lifetime or default)
        async with self._writing() as session:
            await session.execute(
                insert(self.tables.tokens).values(
                    id=token_id,
                    account_id=found.id,
                    kind=kind.value,
                    digest=digest(token),
                    label=label,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
        principal = Principal(
            found.id,
            found.username,
            Role(found.role),
            token_id,
            kind,
            bool(found.must_change_password),
        )
        return Issued(token, token_id, expires_at, principal)

    async def revoke_token(self, token_id: str) -> None:
        tokens = self.tables.tokens
        async with self._writing() as session:
            await session.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )

    async def revoke_tokens(self, username: str) -> int:
        """Revoke every session and token of an account; how many were still standing."""
        found = await self._existing(username)
        tokens = self.tables.tokens
        now = datetime.now(UTC)
        async with self._writing() as session:
            result = await session.execute(
                update(tokens)
                .where(
                    tokens.c.account_id == found.id,
                    tokens.c.revoked_at.is_(None),
                    tokens.c.expires_at > now,
                )
                .values(revoked_at=now)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    # --- accounts --------------------------------------------------------------------------

    async def add_account(
        self,
        username: str,
        role: Role | str,
        *,
        password: str | None = None,
        by: str = "system",
        one_time: bool = True,
    ) -> Account:
        """A new account. With a password, it is checked for strength; `one_time` makes its
        holder choose their own at first use. Without one, the account signs in by token only."""
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise AccessError(422, "account.username", "username")
        chosen = self._admitted(role)
        hashed = None
        if password is not None:
            if not one_time:
                self._strong(password, username)
            hashed = await asyncio.to_thread(hash_password, password)
        try:
            async with self._writing() as session:
                await session.execute(
                    insert(self.tables.accounts).values(
                        id=str(uuid.uuid4()),
                        username=username,
                        role=chosen.value,
                        password_hash=hashed,
                        must_change_password=password is not None and one_time,
                        created_at=datetime.now(UTC),
                        created_by=by[:64],
                    )
                )
        except IntegrityError:
            raise AccessError(409, "account.exists", "username", username=username) from None
        return await self.account(username)

    async def account(self, username: str) -> Account:
        return _account(await self._existing(username))

    async def accounts(self) -> list[Account]:
        async with self._sessions() as session:
            rows = await session.execute(
                select(self.tables.accounts).order_by(self.tables.accounts.c.username)
            )
            return [_account(row) for row in rows]

    async def set_active(self, username: str, active: bool) -> Account:
        """Disable (every session and token stops at once) or enable an account."""
        found = await self._existing(username)
        async with self._writing() as session:
            await session.execute(
                update(self.tables.accounts)
                .where(self.tables.accounts.c.id == found.id)
                .values(active=active)
            )
        if not active:
            await self.revoke_tokens(username)
        return await self.account(username)

    async def reset_password(self, username: str) -> str:
        """A new one-time password for the account (returned once); its sessions and tokens end."""
        found = await self._existing(username)
        password = one_time_password()
        hashed = await asyncio.to_thread(hash_password, password)
        async with self._writing() as session:
            await session.execute(
                update(self.tables.accounts)
                .where(self.tables.accounts.c.id == found.id)
                .values(password_hash=hashed, must_change_password=True)
            )
        await self.revoke_tokens(username)
        return password

    async def change_password(self, username: str, current: str, new: str) -> None:
        """The holder chooses a new password (the current one proves it is them)."""
        found = await self._existing(username)
        if not await asyncio.to_thread(verify_password, current, found.password_hash):
            raise AccessError(422, "password.wrong", "current_password")
        if new == current:
            raise AccessError(422, "password.same", "new_password")
        self._strong(new, found.username)
        hashed = await asyncio.to_thread(hash_password, new)
        async with self._writing() as session:
            await session.execute(
                update(self.tables.accounts)
                .where(self.tables.accounts.c.id == found.id)
                .values(
                    password_hash=hashed,
                    must_change_password=False,
                    password_changed_at=datetime.now(UTC),
                )
            )
        if found.username == FIRST_ADMIN and self.first_admin_file is not None:
            # The one-time password is spent: nothing should keep it any longer.
            self.first_admin_file.unlink(missing_ok=True)

    # --- first start -----------------------------------------------------------------------

    async def ensure_first_admin(self) -> bool:
        """On a node's first start (no admin at all): an `admin` with a one-time password,
        written to `first_admin_file` (0600) and nowhere else. True if it was made now."""
        if self.first_admin_file is None:
            return False
        accounts = self.tables.accounts
        async with self._sessions() as session:
            admins = await session.scalar(
                select(func.count()).where(accounts.c.role == Role.ADMIN.value)
            )
        if admins:
            return False
        password = one_time_password()
        await self.add_account(FIRST_ADMIN, Role.ADMIN, password=password, by="first start")
        write_private(self.first_admin_file, password + "\n")
        return True

    async def ensure_service_token(self, username: str, role: Role, path: Path) -> None:
        """A service account (token only, no password) and a valid token of it in `path`
        (0600): renewed when missing, unknown, revoked or within a week of expiring."""
        if await self._account_row(username) is None:
            await self.add_account(username, role, by="first start")
        kept = await asyncio.to_thread(_read_if_there, path)
        if kept:
            principal = await self.authenticate(kept)
            if principal is not None and principal.username == username:
                expires = await self._expiry(principal.token_id)
                if expires - datetime.now(UTC) > SERVICE_TOKEN_RENEWAL:
                    return
        issued = await self.issue(username, TokenKind.API, label="service token")
        write_private(path, issued.token + "\n")

    # --- helpers ---------------------------------------------------------------------------

    def _admitted(self, role: Role | str) -> Role:
        allowed = ", ".join(sorted(self.roles))
        try:
            chosen = Role(role)
        except ValueError:
            raise AccessError(422, "account.role", "role", role=role, allowed=allowed) from None
        if chosen not in self.roles:
            raise AccessError(422, "account.role", "role", role=role, allowed=allowed)
        return chosen

    @staticmethod
    def _strong(password: str, username: str) -> None:
        try:
            check_strength(password, username)
        except WeakPassword as weak:
            refused = AccessError(422, weak.code, "new_password")
            refused.params = dict(weak.params)
            raise refused from None

    async def _account_row(self, username: str) -> Any:
        async with self._sessions() as session:
            return (
                await session.execute(
                    select(self.tables.accounts).where(
                        self.tables.accounts.c.username == username.strip().lower()
                    )
                )
            ).first()

    async def _existing(self, username: str) -> Any:
        found = await self._account_row(username)
        if found is None:
            raise AccessError(404, "account.unknown", "username", username=username)
        return found

    async def _expiry(self, token_id: str) -> datetime:
        async with self._sessions() as session:
            expires = await session.scalar(
                select(self.tables.tokens.c.expires_at).where(self.tables.tokens.c.id == token_id)
            )
        assert expires is not None, "the token was found a moment ago"
        return utc(expires)


def _read_if_there(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip() if path.exists() else ""


def _account(row: Any) -> Account:
    return Account(
        username=row.username,
        role=Role(row.role),
        active=bool(row.active),
        must_change_password=bool(row.must_change_password),
        created_at=utc(row.created_at),
        created_by=row.created_by,
        has_password=row.password_hash is not None,
    )
