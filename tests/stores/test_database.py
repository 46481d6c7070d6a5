"""The relational engine under the stores (assistant/stores/database.py, schema.py): schema
versions and migrations, readers during releases, the advisory lock, `ingest.py db upgrade`;
on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import UserFacingError
from assistant.pipeline.datasets import read_release
from assistant.pipeline.ingestion import IngestLocked, lock_holder, write_lock
from assistant.stores import database, schema
from assistant.stores.statistics import StatisticsStore, read_and_validate
from tests.conftest import cli_env
from tests.stores.test_statistics import GOOD, MANIFEST, write


def release_of(tmp_path: Path, value: str):
    """The tiny dataset with every value `value`."""
    rows = GOOD.replace("1.5", value).replace("121152.559", value)
    release = read_release(*write(tmp_path, rows))
    return release, read_and_validate(release.csv, release.manifest, release.name)


def test_a_statistics_file_from_before_versioning_is_upgraded_in_place(tmp_path: Path) -> None:
    """The layout every existing `.store/statistics.sqlite` has: `datasets` without a table
    name, the rows in data_<id>. Opening it upgrades it and keeps the release readable; the
    next release replaces the old table."""
    path = tmp_path / "statistics.sqlite"
    release, table = release_of(tmp_path, "4.5")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE datasets (id TEXT PRIMARY KEY, manifest TEXT NOT NULL, header "
                "TEXT NOT NULL, sha256 TEXT NOT NULL, rows INTEGER NOT NULL, loaded_at TEXT "
                "NOT NULL)")
    con.execute('CREATE TABLE "data_tiny" ("kommun_code" TEXT, "kommun" TEXT, "year" INTEGER, '
                '"value" REAL, "note" TEXT)')
    con.executemany('INSERT INTO "data_tiny" VALUES (?, ?, ?, ?, ?)', table.rows)
    con.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?)",
                ("tiny", release.manifest_text, json.dumps(list(table.header)), release.sha256,
                 len(table.rows), "2026-01-01T00:00:00+00:00"))
    con.commit()
    con.close()

    store = StatisticsStore(path)
    assert store.frame("tiny")["value"].tolist() == [4.5, 4.5]
    assert store.live("tiny") == (release.sha256, 2)
    for value in ("5.5", "6.5"):  # the old table stays one switch (a reader may be in it)
        newer, newer_table = release_of(tmp_path, value)
        store.apply([(newer, newer_table)], [])
        assert store.frame("tiny")["value"].tolist() == [float(value)] * 2
        names = set(sqlalchemy.inspect(store.db.engine).get_table_names())
        assert ("data_tiny" in names) == (value == "5.5")
    assert schema.release_table_name(newer.sha256) in names
    with store.db.read() as con:
        assert con.execute(sqlalchemy.select(schema.version_table.c.version).where(
            schema.version_table.c.component == "statistics")).scalar() == 2


def test_upgrades_are_idempotent_and_safe_from_several_processes_at_once(
        postgres_url: str) -> None:
    """Four first uses at once on an empty database, then `db upgrade` again: one schema."""
    database.forget_upgrades()
    errors: list[BaseException] = []

    def first_use() -> None:
        try:
            database.upgrade_stores(Settings(database_url=postgres_url))
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    database.forget_upgrades()
    assert database.upgrade_stores(Settings(database_url=postgres_url)) == {
        "statistics": 2, "audit": 1, "ingestion": 1}


def test_a_newer_schema_is_refused_with_a_message(database_url: str, tmp_path: Path) -> None:
    store = StatisticsStore(database_url or tmp_path / "statistics.sqlite")
    with store.db.write() as con:
        con.execute(schema.version_table.update().values(version=99))
    database.forget_upgrades()
    with pytest.raises(UserFacingError, match="nyare schema"):
        StatisticsStore(store.location)
    database.forget_upgrades()


def test_readers_see_one_whole_release_while_releases_switch(database_url: str,
                                                              tmp_path: Path) -> None:
    """Every frame a reader gets is all of one release, and the release its manifest names,
    while a writer switches between two releases 40 times."""
    store = StatisticsStore(database_url or tmp_path / "statistics.sqlite")
    versions = [release_of(tmp_path, value) for value in ("1.0", "2.0")]
    store.apply([versions[0]], [])
    done = threading.Event()
    problems: list[str] = []
    reads = [0]

    def read() -> None:
        reader = StatisticsStore(store.location)  # another instance
        while not done.is_set():
            try:
                values = set(reader.frame("tiny")["value"].tolist())
            except Exception as e:
                problems.append(repr(e))
                return
            if len(values) != 1:
                problems.append(f"mixed release {values}")
            reads[0] += 1

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for cycle in range(40):
            store.apply([versions[(cycle + 1) % 2]], [])
    finally:
        done.set()
        for t in threads:
            t.join(60)
    assert problems == [] and reads[0] > 0
    assert len(store.history("tiny")) == 41  # the history has every switch


def test_the_advisory_lock_names_its_holder_and_goes_with_its_session(
        postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store", database_url=postgres_url)
    assert lock_holder(settings) is None
    with write_lock(settings):
        holder = lock_holder(settings)
        assert holder is not None and f"pid {__import__('os').getpid()}" in holder
        with pytest.raises(IngestLocked) as err, write_lock(settings):
            pass
        assert holder.split(",")[0] in err.value.user_message
        # The server ends the holder's session (as when its host dies): the lock goes with it.
        admin = sqlalchemy.create_engine(postgres_url, poolclass=sqlalchemy.pool.NullPool)
        with admin.begin() as con:
            con.execute(sqlalchemy.text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND pid <> pg_backend_pid()"))
        assert lock_holder(settings) is None
    assert not (tmp_path / "store" / "ingest.lock").exists()  # no lock file with a database


def test_db_upgrade_command(database_url: str, tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path / "store", knowledge_dir=tmp_path / "knowledge",
                        database_url=database_url)
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "ingest.py"), "db", "upgrade",
                           "--json"], env=cli_env(settings), capture_output=True, text=True,
                          timeout=120, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    expected = {"statistics": 2, "audit": 1} if not database_url else {
        "statistics": 2, "audit": 1, "ingestion": 1}
    assert json.loads(done.stdout) == expected
    if not database_url:
        assert (tmp_path / "store" / "statistics.sqlite").is_file()
    assert MANIFEST["id"] == "tiny"
