"""The statistics store: validated tables in one SQLite file, beside the vector store.

`load_release` validates a whole release against its manifest (assistant/stores/statistics/
validation.py) before it touches the store, then replaces the table and its manifest row in one
SQLite transaction, so a reader sees either the old release or the new one, never a mix, and a
bad file leaves the old release in place. `apply`, `snapshot`, `restore` and `copy_to` are what
the release transaction (assistant/pipeline/releasing.py) switches with.

A second backend (the shared PostgreSQL the operations plan names) implements the same
`StatisticsBackend` protocol (assistant/stores/statistics/backend.py); everything above the
store reads statistics through that protocol only.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from assistant.stores.statistics.manifest import DATASET_ID, Manifest, StatisticsError
from assistant.stores.statistics.validation import Table, read_and_validate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    title: str
    release: str
    release_year: int
    unit: str
    rows: int
    sha256: str
    loaded_at: str  # ISO 8601, UTC
    source_organisation: str


@dataclass(frozen=True)
class LoadResult:
    dataset_id: str
    status: Literal["loaded", "unchanged", "failed"]
    rows: int
    message: str
    sha256: str = ""  # the release that is live after the run ("" when it failed to load)


@dataclass(frozen=True)
class Release:
    """One dataset release read from disk and normalised to CSV bytes, not yet validated."""

    manifest: Manifest
    manifest_text: str  # normalised JSON, as stored
    csv: bytes  # the CSV itself, or an XLSX's first sheet written as CSV
    sha256: str  # of csv + manifest_text: the release's identity everywhere
    name: str  # the data file's name, for messages


_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL"}


def _table_name(dataset_id: str) -> str:
    return f'"data_{dataset_id}"'  # ids are validated against DATASET_ID, so this is safe


class StatisticsStore:
    """Tabular statistics in one SQLite file. Safe to share between threads: every call opens its
    own connection, and the DataFrame cache is guarded by a lock."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._frames: dict[str, tuple[str, pd.DataFrame]] = {}  # id -> (sha256, frame)
        self._manifests: dict[str, tuple[str, Manifest]] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("""CREATE TABLE IF NOT EXISTS datasets (
                id TEXT PRIMARY KEY, manifest TEXT NOT NULL, header TEXT NOT NULL,
                sha256 TEXT NOT NULL, rows INTEGER NOT NULL, loaded_at TEXT NOT NULL)""")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield con
        finally:
            con.close()

    # --- loading

    def load_release(self, release: Release) -> LoadResult:
        manifest = release.manifest
        current = self._info_row(manifest.id)
        if current is not None and current["sha256"] == release.sha256:
            return LoadResult(manifest.id, "unchanged", current["rows"],
                              f"{manifest.id}: oförändrad ({current['rows']} rader).")
        table = read_and_validate(release.csv, manifest, release.name)
        self.install(manifest, release.manifest_text, table, release.sha256)
        log.info("loaded %s: %d rows, sha %s", manifest.id, len(table.rows), release.sha256[:12])
        return LoadResult(manifest.id, "loaded", len(table.rows),
                          f"{manifest.id}: {len(table.rows)} rader inlästa ({manifest.release}).")

    def install(self, manifest: Manifest, manifest_text: str, table: Table, sha: str,
                expect: str | bool | None = True) -> bool:
        """Drop, create, fill and register in ONE transaction: a failure rolls back to the old
        release, and readers (other connections) never see a half-written table. `expect`
        (a sha, or None for "not loaded") makes it a compare-and-swap: a cache refresh must
        not overwrite a newer release another process wrote meanwhile. Returns whether it
        wrote."""
        with self._transaction() as con:
            if expect is not True:
                row = con.execute("SELECT sha256 FROM datasets WHERE id = ?",
                                  (manifest.id,)).fetchone()
                if (row[0] if row else None) != expect:
                    return False
            _write_dataset(con, _Saved(manifest.id, manifest_text, table.header, table.rows, sha,
                                       _now_iso()))
        return True

    def apply(self, releases: list[tuple[Release, Table]], removals: list[str]) -> None:
        """Several releases and unloads in ONE transaction: readers see all of a run's
        datasets switch together, or none."""
        with self._transaction() as con:
            for release, table in releases:
                _write_dataset(con, _Saved(release.manifest.id, release.manifest_text,
                                           table.header, table.rows, release.sha256, _now_iso()))
            for dataset_id in removals:
                _drop_dataset(con, dataset_id)
        self._forget(removals)

    def snapshot(self, dataset_ids: list[str]) -> dict[str, _Saved | None]:
        """The current state of these datasets, for `restore` (None: not loaded)."""
        saved: dict[str, _Saved | None] = {}
        with self._connect() as con:
            for dataset_id in dataset_ids:
                row = con.execute("SELECT manifest, header, sha256, loaded_at FROM datasets "
                                  "WHERE id = ?", (_checked_id(dataset_id),)).fetchone()
                if row is None:
                    saved[dataset_id] = None
                    continue
                rows = con.execute(f"SELECT * FROM {_table_name(dataset_id)}").fetchall()
                saved[dataset_id] = _Saved(dataset_id, row[0], tuple(json.loads(row[1])), rows,
                                           row[2], row[3])
        return saved

    def restore(self, snapshot: dict[str, _Saved | None]) -> None:
        """Put datasets back as `snapshot` found them, in one transaction."""
        with self._transaction() as con:
            for dataset_id, saved in snapshot.items():
                if saved is None:
                    _drop_dataset(con, dataset_id)
                else:
                    _write_dataset(con, saved)
        self._forget([d for d, saved in snapshot.items() if saved is None])

    def copy_to(self, path: Path) -> StatisticsStore:
        """A consistent copy of the whole store in another file (SQLite's backup API): the
        candidate a release is built and checked in before it goes live."""
        path = Path(path)
        with self._connect() as source:
            target = sqlite3.connect(path)
            try:
                source.backup(target)
            finally:
                target.close()
        return StatisticsStore(path)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _forget(self, dataset_ids: list[str]) -> None:
        with self._lock:
            for dataset_id in dataset_ids:
                self._frames.pop(dataset_id, None)
                self._manifests.pop(dataset_id, None)

    def signature(self) -> dict[str, str]:
        """dataset id -> sha256 of the loaded release: what a cache compares with the shared
        store in server mode."""
        with self._connect() as con:
            return dict(con.execute("SELECT id, sha256 FROM datasets").fetchall())

    def row_count(self, dataset_id: str) -> int:
        with self._connect() as con:
            return int(con.execute(f"SELECT COUNT(*) FROM {_table_name(_checked_id(dataset_id))}"
                                   ).fetchone()[0])

    def clear(self) -> None:
        """Forget every dataset (a rebuild reloads them from the knowledge folder)."""
        for dataset_id in self.signature():
            self.remove(dataset_id)

    def remove(self, dataset_id: str) -> None:
        with self._transaction() as con:
            _drop_dataset(con, dataset_id)
        self._forget([dataset_id])

    # --- reading

    def live(self, dataset_id: str) -> tuple[str, int] | None:
        """(sha256, rows) of the loaded release of a dataset, or None when it is not loaded."""
        row = self._info_row(dataset_id)
        return (row["sha256"], row["rows"]) if row is not None else None

    def _info_row(self, dataset_id: str) -> sqlite3.Row | None:
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            return con.execute("SELECT * FROM datasets WHERE id = ?", (dataset_id,)).fetchone()

    def datasets(self) -> list[DatasetInfo]:
        with self._connect() as con:
            con.row_factory = sqlite3.Row
            rows = con.execute("SELECT * FROM datasets ORDER BY id").fetchall()
        infos = []
        for row in rows:
            m = json.loads(row["manifest"])
            infos.append(DatasetInfo(row["id"], m["title"], m["release"], m["release_year"],
                                     m["unit"], row["rows"], row["sha256"], row["loaded_at"],
                                     m["source_organisation"]))
        return infos

    def has(self, dataset_id: str) -> bool:
        return self._info_row(dataset_id) is not None

    def manifest(self, dataset_id: str) -> Manifest:
        row = self._require(dataset_id)
        with self._lock:
            cached = self._manifests.get(dataset_id)
            if cached and cached[0] == row["sha256"]:
                return cached[1]
        manifest = Manifest.from_dict(json.loads(row["manifest"]), origin=dataset_id)
        with self._lock:
            self._manifests[dataset_id] = (row["sha256"], manifest)
        return manifest

    def frame(self, dataset_id: str) -> pd.DataFrame:
        """The table as a DataFrame (a copy; callers may modify it). Codes stay text with their
        leading zeros; int columns with empty cells are nullable Int64."""
        row = self._require(dataset_id)
        with self._lock:
            cached = self._frames.get(dataset_id)
        if cached is None or cached[0] != row["sha256"]:
            manifest = self.manifest(dataset_id)
            with self._connect() as con:
                df = pd.read_sql_query(f"SELECT * FROM {_table_name(dataset_id)}", con)
            df = _typed_frame(df, json.loads(row["header"]), manifest)
            cached = (row["sha256"], df)
            with self._lock:
                self._frames[dataset_id] = cached
        # pandas 3 is copy-on-write: a shallow copy is cheap and a caller's edits never reach
        # the cached frame.
        return cached[1].copy(deep=False)

    def _require(self, dataset_id: str) -> sqlite3.Row:
        row = self._info_row(_checked_id(dataset_id))
        if row is None:
            raise StatisticsError(f"Statistiken ”{dataset_id}” är inte inläst. Kör inläsningen "
                                  "(python ingest.py) och försök igen.",
                                  f"dataset {dataset_id} not in {self.path}")
        return row


@dataclass(frozen=True)
class _Saved:
    """One dataset as stored: what `snapshot` keeps and `_write_dataset` writes."""

    dataset_id: str
    manifest_text: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    sha256: str
    loaded_at: str


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _write_dataset(con: sqlite3.Connection, saved: _Saved) -> None:
    """Drop, create, fill and register one dataset inside the caller's transaction."""
    manifest = Manifest.from_dict(json.loads(saved.manifest_text), origin=saved.dataset_id)
    name = _table_name(_checked_id(saved.dataset_id))
    columns = ", ".join(f'"{h}" {_SQL_TYPES[manifest.columns[h].type]}' for h in saved.header)
    marks = ", ".join("?" for _ in saved.header)
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TABLE {name} ({columns})")
    con.executemany(f"INSERT INTO {name} VALUES ({marks})", saved.rows)
    con.execute("INSERT OR REPLACE INTO datasets VALUES (?, ?, ?, ?, ?, ?)",
                (saved.dataset_id, saved.manifest_text, json.dumps(list(saved.header)),
                 saved.sha256, len(saved.rows), saved.loaded_at))


def _drop_dataset(con: sqlite3.Connection, dataset_id: str) -> None:
    con.execute(f"DROP TABLE IF EXISTS {_table_name(_checked_id(dataset_id))}")
    con.execute("DELETE FROM datasets WHERE id = ?", (dataset_id,))


def _checked_id(dataset_id: str) -> str:
    if not DATASET_ID.match(dataset_id or ""):
        raise StatisticsError(f"Ogiltigt statistik-id ”{dataset_id}”.")
    return dataset_id


def _typed_frame(df: pd.DataFrame, header: list[str], manifest: Manifest) -> pd.DataFrame:
    """Cast every column to the manifest type: SQLite gives object columns when a column is all
    NULL, and ints with NULLs would silently become floats."""
    df = df[header].copy()
    for name in header:
        kind = manifest.columns[name].type
        if kind == "str":
            df[name] = df[name].astype("str").where(df[name].notna(), None)
        elif kind == "int":
            df[name] = df[name].astype("Int64" if df[name].isna().any() else "int64")
        else:
            df[name] = df[name].astype("float64")
    return df
