"""Statistics files -> checked releases: a data file (CSV, or XLSX read in the sandbox) and its
manifest become a `Release`, checked against the live store as a `Change` (or found unchanged).

Nothing here writes the store except `load_dataset`, `load_one` and `load_directory`, which load
one release at a time without profiles (tests and tools); the ingestion releases a folder with
its profiles, all or nothing (assistant/pipeline/releasing.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import LoadError
from assistant.files import open_regular
from assistant.pipeline.sandbox import read_spreadsheet_safely
from assistant.stores.statistics import (
    LoadResult,
    Manifest,
    Release,
    StatisticsError,
    StatisticsStore,
    Table,
    read_and_validate,
    unit_changes,
)
from assistant.stores.statistics.manifest import MANIFEST_SUFFIX
from assistant.stores.statistics.sharing import SharedStatistics

log = logging.getLogger(__name__)

DATA_SUFFIXES = (".csv", ".xlsx")
MAX_DATA_MB = 100  # a statistics release; the largest shipped CSV is 2.5 MB


def load_dataset(store: StatisticsStore, data_path: Path, manifest_path: Path) -> LoadResult:
    """Validate a CSV or XLSX release against its manifest and make it the current one."""
    return store.load_release(read_release(data_path, manifest_path))


@dataclass(frozen=True)
class Change:
    """One dataset a release run changes: a checked new release (with its validated table), or
    an unload (its data file left the statistics folder)."""

    dataset_id: str
    name: str  # the data file's name, for messages
    release: Release | None = None
    table: Table | None = None

    def loaded(self) -> LoadResult:
        """The result once the change is live."""
        if self.release is None or self.table is None:
            return LoadResult(self.dataset_id, "loaded", 0, f"{self.dataset_id}: borttagen.")
        manifest, rows = self.release.manifest, len(self.table.rows)
        return LoadResult(manifest.id, "loaded", rows,
                          f"{manifest.id}: {rows} rader inlästa ({manifest.release}).",
                          self.release.sha256)


def check_release(store: StatisticsStore, release: Release,
                  shared: SharedStatistics | None = None,
                  allow_unit_change: bool = False) -> Change | LoadResult:
    """A release as a Change once it is checked (the manifest, every row, plausibility, and
    the units against the previous release of the dataset), or the "unchanged" result when
    it is live already (locally and, in server mode, on the server). Raises StatisticsError.
    Nothing is written: the caller switches (see assistant.pipeline.releasing)."""
    manifest = release.manifest
    current = store.live(manifest.id)
    live_here = current is not None and current[0] == release.sha256
    if live_here and (shared is None or shared.signature().get(manifest.id) == release.sha256):
        rows = current[1]
        return LoadResult(manifest.id, "unchanged", rows,
                          f"{manifest.id}: oförändrad ({rows} rader).", release.sha256)
    table = read_and_validate(release.csv, manifest, release.name)
    if current is not None and not allow_unit_change:
        previous = store.manifest(manifest.id)
        changes = unit_changes(previous, manifest)
        if changes:
            raise StatisticsError(
                f"{release.name}: {'; '.join(changes)} jämfört med den inlästa utgåvan "
                f"({previous.release}). Siffror i en ny enhet skulle annars läsas i den gamla. "
                "Är ändringen avsiktlig, läs in utgåvan med --allow-unit-change (i "
                "administrationen: ”Enheten ändras avsiktligt”).",
                f"unit change for {manifest.id} without allow_unit_change: {changes}")
    return Change(manifest.id, release.name, release, table)


def check_folder(store: StatisticsStore, folder: Path, shared: SharedStatistics | None = None,
                 allow_unit_change: bool = False) -> tuple[list[LoadResult], list[Change]]:
    """Every release in a statistics folder, checked: the unchanged and failed ones as results,
    the changed ones as Changes. One bad file does not stop the others."""
    results: list[LoadResult] = []
    changes: list[Change] = []
    paths = data_files(folder)
    stems = [p.stem for p in paths]
    for data_path in paths:
        manifest_path = manifest_for(data_path)
        if stems.count(data_path.stem) > 1:
            results.append(LoadResult(data_path.stem, "failed", 0,
                                      f"{data_path.stem}: både CSV- och XLSX-fil finns; ta "
                                      "bort den som inte gäller."))
            continue
        if not manifest_path.exists():
            results.append(LoadResult(data_path.stem, "failed", 0,
                                      f"{data_path.name}: manifest saknas ({manifest_path.name})."))
            continue
        try:
            checked = check_release(store, read_release(data_path, manifest_path), shared,
                                    allow_unit_change)
        except StatisticsError as exc:
            log.warning("could not load %s: %s", data_path.name, exc.detail)
            results.append(LoadResult(data_path.stem, "failed", 0, exc.user_message))
            continue
        (changes if isinstance(checked, Change) else results).append(checked)
    return results, changes


def load_directory(store: StatisticsStore, folder: Path,
                   shared: SharedStatistics | None = None) -> list[LoadResult]:
    """Check and load every `*.csv`/`*.xlsx` in `folder` with its `<stem>.manifest.yaml`, one
    dataset at a time and without profiles (the ingestion releases a folder with its profiles,
    all or nothing: assistant.pipeline.releasing). A failing file is reported as "failed" and
    does not stop the others. With `shared` (server mode), each release is published there first."""
    results, changes = check_folder(store, folder, shared)
    for change in changes:
        results.append(_load_change(store, change, shared))
    return sorted(results, key=lambda r: r.dataset_id)


def load_one(store: StatisticsStore, data_path: Path, manifest_path: Path,
             shared: SharedStatistics | None = None) -> LoadResult:
    """Check, publish (server mode), then load one release. Raises StatisticsError."""
    checked = check_release(store, read_release(data_path, manifest_path), shared)
    return checked if isinstance(checked, LoadResult) else _load_change(store, checked, shared)


def _load_change(store: StatisticsStore, change: Change,
                 shared: SharedStatistics | None) -> LoadResult:
    assert change.release is not None and change.table is not None
    if shared is not None and shared.signature().get(change.dataset_id) != change.release.sha256:
        shared.publish(change.release)  # the system of record first
    store.apply([(change.release, change.table)], [])
    log.info("loaded %s: %d rows, sha %s", change.dataset_id, len(change.table.rows),
             change.release.sha256[:12])
    return change.loaded()


def data_files(folder: Path) -> list[Path]:
    """The data files of a statistics folder; a dataset with both a CSV and an XLSX is an error
    the caller sees as two results for one id."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in DATA_SUFFIXES
                  and not p.is_symlink() and p.is_file() and not p.name.startswith((".", "~$")))


def manifest_for(data_path: Path) -> Path:
    return Path(data_path).with_name(f"{Path(data_path).stem}{MANIFEST_SUFFIX}")


def read_release(data_path: Path, manifest_path: Path, max_mb: int = MAX_DATA_MB,
                 check_name: bool = True) -> Release:
    """`check_name=False` for a release that is still to be installed under its id. A data
    file or manifest that is a symbolic link is refused: links are never read."""
    data_path, manifest_path = Path(data_path), Path(manifest_path)
    for path in (data_path, manifest_path):
        if path.is_symlink():
            raise StatisticsError(f"{path.name} är en symbolisk länk och läses inte. Kopiera in "
                                  "själva filen.", f"{path} is a symlink")
    manifest = Manifest.from_file(manifest_path)
    if check_name and manifest.id != data_path.stem:
        raise StatisticsError(f"Manifestet {manifest_path.name} har id ”{manifest.id}”, men "
                              f"filen heter {data_path.name}; id ska vara filnamnet utan "
                              f"{data_path.suffix}.")
    data = _read_data(data_path, max_mb)
    manifest_text = manifest.to_json()
    # The version covers the manifest too: a corrected caveat must reach the profiles.
    sha = hashlib.sha256(data + b"\0" + manifest_text.encode()).hexdigest()
    return Release(manifest, manifest_text, data, sha, data_path.name)


def _read_data(data_path: Path, max_mb: int) -> bytes:
    suffix = data_path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        raise StatisticsError(f"{data_path.name}: statistik måste vara CSV eller XLSX.",
                              f"unsupported statistics suffix {suffix!r}")
    if suffix == ".xlsx":
        try:
            return read_spreadsheet_safely(data_path, max_mb=max_mb).encode("utf-8")
        except LoadError as exc:
            raise StatisticsError(f"{data_path.name}: {exc.user_message}", exc.detail) from exc
    try:
        with open_regular(data_path) as f:  # no link, no pipe; the size before any byte
            size = os.fstat(f.fileno()).st_size
            if size > max_mb * 1024 * 1024:
                raise StatisticsError(f"{data_path.name} är för stor ({size / 1024 / 1024:.1f} "
                                      f"MB); högst {max_mb} MB.", f"{size} bytes > {max_mb} MB")
            return f.read(max_mb * 1024 * 1024 + 1)
    except LoadError as exc:
        raise StatisticsError(f"{data_path.name}: {exc.user_message}", exc.detail) from exc
    except OSError as exc:
        raise StatisticsError(f"{data_path.name} går inte att läsa.", repr(exc)) from exc

