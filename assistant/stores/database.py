"""The relational engine under the statistics, the audit log, the run reports and the lock:
one SQLAlchemy Core engine per database, the same schema code for SQLite and PostgreSQL.

Embedded (no `KLIMAT_DATABASE_URL`) each store keeps its SQLite file as before
(`statistics.sqlite`, `audit.sqlite`); with a `postgresql+psycopg://` URL every instance and
every writer share one PostgreSQL. What really differs between the two engines is here and
nowhere else: SQLite's transaction start (pysqlite begins no transaction before DDL, so the
engine emits BEGIN itself), its pragmas, and PostgreSQL's advisory locks and connection errors.

The schema is versioned per component (`schema_version`: statistics, audit, ingestion) and
upgraded by idempotent migrations, on first use and by `ingest.py db upgrade`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.stores import schema

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 10
POOL_SIZE = 5  # per process and database: the app's threads, the admin page, the lock


class DatabaseUnavailable(UserFacingError):
    """The shared database cannot be reached, or the connection was lost mid-call."""


class DatabaseLocked(UserFacingError):
    """An advisory lock is held by another session; `holder` names it."""

    def __init__(self, user_message: str, detail: str, holder: str) -> None:
        super().__init__(user_message, detail)
        self.holder = holder


def is_server(url: str) -> bool:
    return not url.startswith("sqlite")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path)}"


def locate(where: Path | str) -> tuple[str, Path]:
    """(URL, path) of a store given as an SQLite file or a database URL. For a URL the path is
    only a name (its text without the password): a cache key and what messages show."""
    if isinstance(where, str) and "://" in where:
        return where, Path(describe(where))
    return sqlite_url(Path(where)), Path(where)


def describe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


# ---------------------------------------------------------------------------------------------
# Engines


def engine_for(url: str, pragmas: tuple[str, ...] = ()) -> Engine:
    """The engine for `url`. PostgreSQL: one pooled engine per process and URL. SQLite: a new
    engine for each store object, its connections pooled (a fresh connection per call costs
    more than the query; `Database.close` ends them), `pragmas` run on every new connection."""
    if is_server(url):
        return _server_engine(url)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (transactional DDL)
        for pragma in pragmas:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin",
                                                                          "BEGIN"))

    return engine


@cache
def _server_engine(url: str) -> Engine:
    return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS,
                                       "application_name": _application_name()})


def dispose(url: str) -> None:
    """Close the pooled connections of `url` (tests dropping their database)."""
    if url in _known_urls:
        _server_engine(url).dispose()


_known_urls: set[str] = set()


def _application_name() -> str:
    """Who a session is, as pg_stat_activity shows it (and a lock error names the holder)."""
    return f"klimatassistenten {socket.gethostname()} pid {os.getpid()}"[:63]


@contextmanager
def reachable(url: str) -> Iterator[None]:
    """Turn a lost or refused PostgreSQL connection into DatabaseUnavailable (Swedish message,
    precise detail); SQLite's own errors pass as they are."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError) as e:
        if not is_server(url):
            raise
        raise DatabaseUnavailable(
            "Databasen (PostgreSQL) går inte att nå just nu. Ingenting har ändrats; försök igen "
            "om en stund eller kontakta driften.",
            f"{describe(url)}: {type(e.orig or e).__name__}: {str(e.orig or e).strip()}",
        ) from e
    except sa_exc.DBAPIError as e:
        if not (is_server(url) and e.connection_invalidated):
            raise
        raise DatabaseUnavailable(
            "Förbindelsen med databasen (PostgreSQL) bröts. Ingenting har ändrats; försök igen.",
            f"{describe(url)}: connection lost: {e.orig}") from e


class Database:
    """One database for one component's tables: its engine, transactions and schema version.
    `write()` is a transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE),
    so two writers queue instead of failing half-way."""

    def __init__(self, url: str, component: str, pragmas: tuple[str, ...] = ()) -> None:
        self.url = url
        self.component = component
        self.server = is_server(url)
        self.engine = engine_for(url, pragmas)
        if self.server:
            _known_urls.add(url)
        self._writer = (self.engine if self.server else
                        self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE"))
        upgrade(self, component)

    def close(self) -> None:
        """Close an SQLite file's pooled connections (a scratch candidate before it is
        deleted); a server engine is the process's and stays."""
        if not self.server:
            self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with reachable(self.url), self.engine.begin() as con:
            yield con

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with reachable(self.url), self._writer.begin() as con:
            yield con

    def try_xact_lock(self, con: Connection, name: str) -> bool:
        """PostgreSQL: an advisory lock held until the end of `con`'s transaction, or False when
        another session holds it. SQLite: the write transaction is the lock already."""
        if not self.server:
            return True
        return bool(con.execute(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                {"key": lock_key(name)}).scalar())


# ---------------------------------------------------------------------------------------------
# Advisory locks (PostgreSQL): held by a session, so they hold across hosts and go with a
# connection that dies (a writer killed with -9 releases its lock).


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@dataclass(frozen=True)
class Holder:
    application: str  # "klimatassistenten <host> pid <pid>"
    client: str
    since: datetime  # when its session last finished a statement: taking the lock

    def __str__(self) -> str:
        where = f" från {self.client}" if self.client else ""
        return f"{self.application}{where}, sedan {self.since:%Y-%m-%d %H:%M:%S} UTC"


@contextmanager
def advisory_lock(url: str, name: str, locked: Callable[[Holder | None], Exception]
                  ) -> Iterator[None]:
    """Hold the session-level advisory lock `name` on its own connection (autocommit, so no
    transaction stays open for the run) until the block ends; raise `locked(holder)` when
    another session holds it."""
    key = lock_key(name)
    engine = engine_for(url)
    with reachable(url):
        con = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        with reachable(url):
            got = con.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
            holder = None if got else _holder(con, key)
        if not got:
            raise locked(holder)
        yield
        try:
            con.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        except sa_exc.DBAPIError:  # the connection is gone, and the lock with it
            log.warning("advisory lock %s: connection lost before unlock", name)
    finally:
        try:
            con.close()
        except sa_exc.DBAPIError:
            log.warning("advisory lock %s: closing a lost connection failed", name)


def lock_holder(url: str, name: str) -> Holder | None:
    """The session that holds the advisory lock `name`, or None when it is free."""
    with reachable(url), engine_for(url).connect() as con:
        return _holder(con, lock_key(name))


def _holder(con: Connection, key: int) -> Holder | None:
    # A bigint key is kept as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    row = con.execute(text(
        "SELECT a.application_name, COALESCE(host(a.client_addr), ''), a.state_change "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = :high AND l.objid = :low"),
        {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}).first()
    if row is None:
        return None
    return Holder(row[0] or "okänd process", row[1], row[2].astimezone(UTC))


# ---------------------------------------------------------------------------------------------
# Schema versions and migrations


_upgraded: set[tuple[str, str]] = set()
_upgrade_lock = threading.Lock()


def upgrade(db: Database, component: str) -> int:
    """Bring `component`'s tables to the latest version; idempotent and safe to run from
    several processes at once (SQLite's write transaction, PostgreSQL's advisory transaction
    lock). The version is read first without a write lock, so a store opened while a release
    is being written does not wait for it; a server database is checked once per process.
    Returns the version now in place."""
    latest = schema.latest_version(component)
    if (db.url, component) in _upgraded:
        return latest
    with db.read() as con:
        if _version(con, component) == latest:
            return _checked(db, component, latest)
    with _upgrade_lock, db.write() as con:
        if db.server:
            con.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": lock_key("klimatassistenten.schema")})
        schema.version_table.create(con, checkfirst=True)
        current = _version(con, component)
        if current > latest:
            raise UserFacingError(
                "Databasen har ett nyare schema än den här versionen av Klimatassistenten "
                "känner till. Uppdatera programmet.",
                f"{describe(db.url)}: {component} schema {current} > {latest}")
        for migration in schema.MIGRATIONS[component][current:]:
            migration.apply(con)
            log.info("schema %s: migrated to %d (%s)", component, migration.version,
                     migration.description)
        if current < latest:
            con.execute(schema.version_table.delete().where(
                schema.version_table.c.component == component))
            con.execute(schema.version_table.insert().values(
                component=component, version=latest,
                applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
    return _checked(db, component, latest)


def _version(con: Connection, component: str) -> int:
    if not inspect(con).has_table(schema.version_table.name):
        return 0
    return con.execute(select(schema.version_table.c.version).where(
        schema.version_table.c.component == component)).scalar() or 0


def _checked(db: Database, component: str, version: int) -> int:
    if db.server:
        _upgraded.add((db.url, component))
    return version


def upgrade_stores(settings: Settings) -> dict[str, int]:
    """`ingest.py db upgrade`: every component's tables in the shared database, or embedded
    the SQLite files (statistics and audit; run reports stay a file there)."""
    if settings.database_url:
        places = dict.fromkeys(schema.MIGRATIONS, settings.database_url)
    else:
        places = {"statistics": sqlite_url(settings.stats_path),
                  "audit": sqlite_url(settings.audit_path)}
        settings.store_dir.mkdir(parents=True, exist_ok=True)
    return {component: upgrade(Database(url, component), component)
            for component, url in places.items()}


def forget_upgrades() -> None:
    """Tests that drop a database: the next use upgrades it again."""
    _upgraded.clear()
