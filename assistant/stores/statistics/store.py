"""The statistics store: validated tables in one database, an SQLite file beside the vector
store or, in server mode with `KLIMAT_DATABASE_URL`, the shared PostgreSQL (the same schema
code, assistant/stores/schema.py).

`load_release` validates a whole release against its manifest (assistant/stores/statistics/
validation.py) before it touches the store, then writes the release's table, its `datasets`
row and its history row in one transaction, so a reader on any instance sees either the old
release or the new one, never a mix, and a bad file leaves the old release in place. `apply`,
`snapshot`, `restore` and `copy_to` are what the release transaction
(assistant/pipeline/releasing.py) switches with. Everything above the store reads statistics
through the `StatisticsBackend` protocol (assistant/stores/statistics/backend.py) only.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Connection, MetaData, column, select
from sqlalchemy import Table as SaTable
from sqlalchemy import exc as sa_exc
from sqlalchemy import table as sa_table

from assistant.stores import database, schema
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


READ_ATTEMPTS = 3  # a release's table dropped by a writer between two reads: read again


class StatisticsStore:
    """Tabular statistics in one database: an SQLite file (`path`) or, with a URL, the shared
    PostgreSQL (assistant/stores/database.py). Safe to share between threads: every call takes
    a connection of its own, and the DataFrame cache is guarded by a lock."""

    def __init__(self, path: Path | str):
        self.url, self.path = database.locate(path)
        if not database.is_server(self.url):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = database.Database(self.url, "statistics")
        self._lock = threading.Lock()
        self._frames: dict[str, tuple[str, pd.DataFrame]] = {}  # id -> (sha256, frame)
        self._manifests: dict[str, tuple[str, Manifest]] = {}

    @property
    def location(self) -> Path | str:
        """What opens this store again: the SQLite file, or the database URL."""
        return self.url if self.db.server else self.path

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
        with self.db.write() as con:
            if expect is not True:
                row = con.execute(select(schema.datasets.c.sha256).where(
                    schema.datasets.c.id == manifest.id)).first()
                if (row[0] if row else None) != expect:
                    return False
            _write_dataset(con, _Saved(manifest.id, manifest_text, table.header, table.rows, sha,
                                       _now_iso()))
        return True

    def apply(self, releases: list[tuple[Release, Table]], removals: list[str]) -> None:
        """Several releases and unloads in ONE transaction: readers see all of a run's
        datasets switch together, or none."""
        with self.db.write() as con:
            for release, table in releases:
                _write_dataset(con, _Saved(release.manifest.id, release.manifest_text,
                                           table.header, table.rows, release.sha256, _now_iso()))
            for dataset_id in removals:
                _drop_dataset(con, dataset_id)
        self._forget(removals)

    def snapshot(self, dataset_ids: list[str]) -> dict[str, _Saved | None]:
        """The current state of these datasets, for `restore` (None: not loaded)."""
        saved: dict[str, _Saved | None] = {}
        with self.db.read() as con:
            for dataset_id in dataset_ids:
                row = _info(con, _checked_id(dataset_id))
                if row is None:
                    saved[dataset_id] = None
                    continue
                header = tuple(json.loads(row["header"]))
                rows = [tuple(r) for r in con.execute(select(_rows_table(row, header)))]
                saved[dataset_id] = _Saved(dataset_id, row["manifest"], header, rows,
                                           row["sha256"], row["loaded_at"])
        return saved

    def restore(self, snapshot: dict[str, _Saved | None]) -> None:
        """Put datasets back as `snapshot` found them, in one transaction."""
        with self.db.write() as con:
            for dataset_id, saved in snapshot.items():
                if saved is None:
                    _drop_dataset(con, dataset_id)
                else:
                    _write_dataset(con, saved)
        self._forget([d for d, saved in snapshot.items() if saved is None])

    def copy_to(self, path: Path) -> StatisticsStore:
        """A consistent copy of the whole store in an SQLite file (from either engine): the
        candidate a release is built and checked in before it goes live."""
        target = StatisticsStore(Path(path))
        target.restore(self.snapshot(sorted(self.signature())))
        return target

    def close(self) -> None:
        """Close the SQLite file's connections (before the file is deleted)."""
        self.db.close()

    def _forget(self, dataset_ids: list[str]) -> None:
        with self._lock:
            for dataset_id in dataset_ids:
                self._frames.pop(dataset_id, None)
                self._manifests.pop(dataset_id, None)

    def signature(self) -> dict[str, str]:
        """dataset id -> sha256 of the loaded release: one small query, what a reader compares
        to notice a new release (and a cache with the shared store)."""
        with self.db.read() as con:
            return dict(con.execute(select(schema.datasets.c.id, schema.datasets.c.sha256)).all())

    def history(self, dataset_id: str | None = None) -> list[dict[str, Any]]:
        """What was loaded and unloaded when, newest first."""
        query = select(schema.releases).order_by(schema.releases.c.seq.desc())
        if dataset_id is not None:
            query = query.where(schema.releases.c.dataset_id == dataset_id)
        with self.db.read() as con:
            return [dict(r._mapping) for r in con.execute(query)]

    def row_count(self, dataset_id: str) -> int:
        return int(self._require(dataset_id)["rows"])

    def clear(self) -> None:
        """Forget every dataset (a rebuild reloads them from the knowledge folder)."""
        for dataset_id in self.signature():
            self.remove(dataset_id)

    def remove(self, dataset_id: str) -> None:
        with self.db.write() as con:
            _drop_dataset(con, dataset_id)
        self._forget([dataset_id])

    # --- reading

    def live(self, dataset_id: str) -> tuple[str, int] | None:
        """(sha256, rows) of the loaded release of a dataset, or None when it is not loaded."""
        row = self._info_row(dataset_id)
        return (row["sha256"], row["rows"]) if row is not None else None

    def _info_row(self, dataset_id: str) -> dict[str, Any] | None:
        with self.db.read() as con:
            return _info(con, dataset_id)

    def datasets(self) -> list[DatasetInfo]:
        with self.db.read() as con:
            rows = [r._mapping for r in con.execute(
                select(schema.datasets).order_by(schema.datasets.c.id))]
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
        return self._manifest_of(self._require(dataset_id))

    def _manifest_of(self, row: dict[str, Any]) -> Manifest:
        dataset_id = row["id"]
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
            row, df = self._read_frame(dataset_id, row)
            cached = (row["sha256"], df)
            with self._lock:
                self._frames[dataset_id] = cached
        # pandas 3 is copy-on-write: a shallow copy is cheap and a caller's edits never reach
        # the cached frame.
        return cached[1].copy(deep=False)

    def _read_frame(self, dataset_id: str, row: dict[str, Any]
                    ) -> tuple[dict[str, Any], pd.DataFrame]:
        """The release `row` names, read with its row in one transaction; when a writer
        replaced it in between (its table is gone), the release that is live now."""
        for attempt in range(READ_ATTEMPTS):
            try:
                with self.db.read() as con:
                    row = _info(con, dataset_id) if attempt else row
                    if row is None:
                        break
                    header = json.loads(row["header"])
                    records = con.execute(select(_rows_table(row, header))).all()
            except (sa_exc.ProgrammingError, sa_exc.OperationalError):
                if attempt == READ_ATTEMPTS - 1:
                    raise
                log.info("release of %s replaced while reading; reading again", dataset_id)
                continue
            # Plain tuples: pandas probes each SQLAlchemy Row for dict-like attributes, and
            # every miss raises inside SQLAlchemy (a third of a second per table here).
            df = pd.DataFrame.from_records([tuple(r) for r in records], columns=header)
            return row, _typed_frame(df, header, self._manifest_of(row))
        return self._require(dataset_id), pd.DataFrame()  # raises: unloaded meanwhile

    def _require(self, dataset_id: str) -> dict[str, Any]:
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


def _write_dataset(con: Connection, saved: _Saved) -> None:
    """Create and fill the release's table and point the dataset at it, inside the caller's
    transaction; the replaced release's table stays until the next switch, the one before it
    is dropped. The history gets a row."""
    manifest = Manifest.from_dict(json.loads(saved.manifest_text), origin=saved.dataset_id)
    old = _info(con, _checked_id(saved.dataset_id))
    name = schema.release_table_name(saved.sha256)
    table = schema.data_table(name, [(h, manifest.columns[h].type) for h in saved.header])
    # The live release's table stays until the next switch (a reader may have just found it);
    # the one before it goes now.
    previous = _table_of(old) if old is not None and _table_of(old) != name else None
    for stale in {old and old["previous_table"], name} - {previous, None}:
        _drop_table(con, stale)  # `name`: left by a writer that died before its commit
    table.create(con)
    if saved.rows:
        con.execute(table.insert(), [dict(zip(saved.header, row, strict=True))
                                     for row in saved.rows])
    con.execute(schema.datasets.delete().where(schema.datasets.c.id == saved.dataset_id))
    con.execute(schema.datasets.insert().values(
        id=saved.dataset_id, manifest=saved.manifest_text, header=json.dumps(list(saved.header)),
        sha256=saved.sha256, rows=len(saved.rows), loaded_at=saved.loaded_at, data_table=name,
        previous_table=previous))
    con.execute(schema.releases.insert().values(
        dataset_id=saved.dataset_id, sha256=saved.sha256, release=manifest.release,
        rows=len(saved.rows), at=_now_iso()))


def _drop_dataset(con: Connection, dataset_id: str) -> None:
    old = _info(con, _checked_id(dataset_id))
    if old is None:
        return
    for name in {_table_of(old), old["previous_table"]} - {None}:
        _drop_table(con, name)
    con.execute(schema.datasets.delete().where(schema.datasets.c.id == dataset_id))
    con.execute(schema.releases.insert().values(dataset_id=dataset_id, sha256=None,
                                                release=None, rows=0, at=_now_iso()))


def _info(con: Connection, dataset_id: str) -> dict[str, Any] | None:
    row = con.execute(select(schema.datasets).where(schema.datasets.c.id == dataset_id)).first()
    return dict(row._mapping) if row is not None else None


def _table_of(row: dict[str, Any]) -> str:
    """The table a `datasets` row's release is in (data_<id> in a store from before versions)."""
    return row["data_table"] or schema.legacy_table_name(row["id"])


def _drop_table(con: Connection, name: str) -> None:
    SaTable(name, MetaData()).drop(con, checkfirst=True)


def _rows_table(row: dict[str, Any], header: list[str] | tuple[str, ...]) -> Any:
    """The table a `datasets` row points at, with the columns to read (no types needed)."""
    return sa_table(_table_of(row), *(column(h) for h in header))


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
