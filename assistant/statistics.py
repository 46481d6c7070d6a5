"""The statistics store: validated CSV tables in SQLite, beside the vector store.

A dataset is a CSV file plus its manifest (`knowledge/statistics/<id>.csv` and
`<id>.manifest.yaml`). `load_dataset` validates the whole file against the manifest before it
touches the store, then replaces the table and its manifest row in one SQLite transaction, so a
reader sees either the old release or the new one, never a mix, and a bad file leaves the old
release in place. `profiles()` turns the tables into short Swedish documents for retrieval.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from assistant.errors import UserFacingError
from assistant.figures import compute
from assistant.figures.formatting import format_signed, format_value
from assistant.models import Document, DocumentMeta, Section

log = logging.getLogger(__name__)

COLUMN_TYPES = ("str", "int", "float")
LEVELS = ("kommun", "lan", "riket", "mixed")
DATASET_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# A text cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@")
INT_TEXT = re.compile(r"^-?\d+$")
DATA_SUFFIXES = (".csv", ".xlsx")
MANIFEST_SUFFIX = ".manifest.yaml"
MAX_DATA_MB = 100  # a statistics release; the largest shipped CSV is 2.5 MB
MAX_MANIFEST_BYTES = 200_000  # the largest shipped manifest is 3.6 kB
# Characters of CSV text per record in the shared store: well below chroma's request limits.
SHARED_PART_CHARS = 1_000_000
_DUMMY_VECTOR = [1.0]  # shared records are fetched by id, never by similarity
# Plausibility (see `_check_plausible`). A value in one of these units is an amount of
# emissions and cannot be negative, unless the dataset includes land use (LULUCF, a net sink)
# and says so with `lulucf: true`; a rate ("t CO2e/år") may be.
EMISSION_UNIT = re.compile(r"^(?:t|kt|Mt) CO2e?(?:/inv| per invånare)?$")
POPULATION_UNIT = "invånare"  # a population is never 0
UNIT_COLUMN = "unit"  # a str column giving each row's unit, for a column whose unit says "se …"
MAX_UNIT_CHARS = 60
UNIT_FORBIDDEN = set("<>[](){}*_`$|#!\\\n\r\t")  # units are shown in answers as plain text
FIRST_YEAR = 1800
SWEDEN_CODE = "00"
MANIFEST_FIELDS = ("id", "title", "description", "source_organisation", "source_url", "via",
                   "release", "release_year", "unit", "years", "level", "key", "columns",
                   "caveats")


class StatisticsError(UserFacingError):
    """A dataset could not be loaded or read."""


# ---------------------------------------------------------------- manifest


@dataclass(frozen=True)
class ColumnSpec:
    type: Literal["str", "int", "float"]
    description: str
    required: bool = True
    unit: str = ""


@dataclass(frozen=True)
class Manifest:
    id: str
    title: str
    description: str
    source_organisation: str
    source_url: str
    via: str
    release: str
    release_year: int
    unit: str
    years: tuple[int, ...]
    level: str
    key: tuple[str, ...]
    columns: dict[str, ColumnSpec] = field(hash=False)
    caveats: tuple[str, ...]
    licence: str = ""
    lulucf: bool = False  # includes land use, whose net sink makes emissions negative

    @classmethod
    def from_file(cls, path: Path) -> Manifest:
        from assistant.loading import LoadError, open_regular

        try:
            with open_regular(path) as f:
                data = f.read(MAX_MANIFEST_BYTES + 1)
        except LoadError as exc:
            raise StatisticsError(f"Manifestet {Path(path).name}: {exc.user_message}",
                                  exc.detail) from exc
        return cls.from_text(data, origin=Path(path).name)

    @classmethod
    def from_text(cls, data: bytes, origin: str = "manifestet") -> Manifest:
        """Parse and validate a manifest's YAML (from a file or an upload) with limits: at most
        MAX_MANIFEST_BYTES, UTF-8, no YAML anchors, aliases or tags (see load_plain_yaml)."""
        from assistant.loading import YamlRefused, load_plain_yaml

        if len(data) > MAX_MANIFEST_BYTES:
            raise StatisticsError(f"{origin}: manifestet är för stort (högst "
                                  f"{MAX_MANIFEST_BYTES // 1000} kB).",
                                  f"{len(data)} bytes > {MAX_MANIFEST_BYTES}")
        try:
            raw = load_plain_yaml(data.decode("utf-8"), max_depth=3)
        except YamlRefused as exc:
            raise StatisticsError(f"{origin}: manifestet {exc.problem}.",
                                  f"{origin}: {exc.detail}") from exc
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise StatisticsError(f"{origin}: manifestet går inte att läsa; det ska vara YAML i "
                                  f"UTF-8 ({type(exc).__name__}).", f"{origin}: {exc!r}") from exc
        return cls.from_dict(raw, origin=origin)

    @classmethod
    def from_dict(cls, raw: Any, origin: str = "manifestet") -> Manifest:
        """Build and validate a manifest; every problem names the field that is wrong."""
        if not isinstance(raw, dict):
            raise StatisticsError(f"{origin}: manifestet måste vara en YAML-mappning.")
        missing = [f for f in MANIFEST_FIELDS if f not in raw]
        if missing:
            raise StatisticsError(f"{origin}: fälten {', '.join(missing)} saknas i manifestet.")
        manifest = cls(
            id=_text_field(raw, "id", origin),
            title=_text_field(raw, "title", origin),
            description=_text_field(raw, "description", origin),
            source_organisation=_text_field(raw, "source_organisation", origin),
            source_url=_text_field(raw, "source_url", origin, allow_empty=True),
            via=_text_field(raw, "via", origin, allow_empty=True),
            release=_text_field(raw, "release", origin),
            release_year=_int_field(raw, "release_year", origin),
            unit=_text_field(raw, "unit", origin, allow_empty=True),
            years=_years_field(raw.get("years"), origin),
            level=_text_field(raw, "level", origin),
            key=tuple(_list_of_text(raw.get("key"), "key", origin)),
            columns=_columns_field(raw.get("columns"), origin),
            caveats=tuple(_list_of_text(raw.get("caveats") or [], "caveats", origin)),
            licence=_text_field(raw, "licence", origin, allow_empty=True),
            lulucf=_bool_field(raw, "lulucf", origin),
        )
        manifest._check(origin)
        return manifest

    def _check(self, origin: str) -> None:
        if not DATASET_ID.match(self.id):
            raise StatisticsError(f"{origin}: id ”{self.id}” får bara innehålla små bokstäver a–z, "
                                  "siffror och understreck.")
        if self.level not in LEVELS:
            raise StatisticsError(f"{origin}: level måste vara en av {', '.join(LEVELS)}, inte "
                                  f"”{self.level}”.")
        unknown = [k for k in self.key if k not in self.columns]
        if not self.key or unknown:
            raise StatisticsError(f"{origin}: nyckeln måste bestå av kolumner i manifestet; "
                                  f"okända: {', '.join(unknown) or '(tom nyckel)'}.")
        optional = [k for k in self.key if not self.columns[k].required]
        if optional:
            raise StatisticsError(f"{origin}: nyckelkolumnerna {', '.join(optional)} måste vara "
                                  "required: true.")
        if self.years and (self.years[0] < FIRST_YEAR or self.years[-1] > self.release_year):
            raise StatisticsError(f"{origin}: years ({self.years[0]}–{self.years[-1]}) måste "
                                  f"ligga mellan {FIRST_YEAR} och release_year "
                                  f"({self.release_year}); en utgåva har inga senare år.")
        for where, unit in [("unit", self.unit)] + [(f"unit för kolumnen {name}", c.unit)
                                                    for name, c in self.columns.items()]:
            if len(unit) > MAX_UNIT_CHARS or UNIT_FORBIDDEN & set(unit):
                raise StatisticsError(f"{origin}: {where} ”{unit[:40]}” är ingen enhet (högst "
                                      f"{MAX_UNIT_CHARS} tecken, inga specialtecken som < > "
                                      "[ ] ( ) * _).")

    @property
    def first_sentence(self) -> str:
        return split_sentences(self.description)[0]

    def source_label(self) -> str:
        """`SMHI, Nationella emissionsdatabasen (via Klimatkollen)`."""
        via = self.via.split(",")[0].strip()
        return f"{self.source_organisation} (via {via})" if via else self.source_organisation

    def to_json(self) -> str:
        data = {f: getattr(self, f) for f in MANIFEST_FIELDS}
        data["licence"] = self.licence
        if self.lulucf:  # only when set: the other releases keep their identity (sha256)
            data["lulucf"] = True
        data["columns"] = {name: {"type": c.type, "description": c.description,
                                  "required": c.required, "unit": c.unit}
                           for name, c in self.columns.items()}
        return json.dumps(data, ensure_ascii=False)


def split_sentences(text: str) -> list[str]:
    """Sentences of a manifest description (split after . ! ? before a capital letter)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", " ".join(text.split()))
    return [p for p in parts if p] or [text]


def _text_field(raw: dict, name: str, origin: str, allow_empty: bool = False) -> str:
    value = raw.get(name)
    if value is None and allow_empty:
        return ""
    if not isinstance(value, str) or (not value.strip() and not allow_empty):
        raise StatisticsError(f"{origin}: fältet {name} måste vara en icke-tom text.")
    return " ".join(value.split())


def _bool_field(raw: dict, name: str, origin: str) -> bool:
    value = raw.get(name, False)
    if not isinstance(value, bool):
        raise StatisticsError(f"{origin}: fältet {name} måste vara true eller false.")
    return value


def _int_field(raw: dict, name: str, origin: str) -> int:
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise StatisticsError(f"{origin}: fältet {name} måste vara ett heltal.")
    return value


def _list_of_text(value: Any, name: str, origin: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise StatisticsError(f"{origin}: fältet {name} måste vara en lista med texter.")
    return [" ".join(v.split()) for v in value]


def _years_field(value: Any, origin: str) -> tuple[int, ...]:
    """`[1990, 2000]`, `{from: 1950, to: 2025}` or `[]` (no year column)."""
    if isinstance(value, dict) and set(value) == {"from", "to"}:
        start, end = value["from"], value["to"]
        if isinstance(start, int) and isinstance(end, int) and start <= end:
            return tuple(range(start, end + 1))
    if isinstance(value, list) and all(isinstance(y, int) and not isinstance(y, bool)
                                       for y in value):
        return tuple(sorted(set(value)))
    raise StatisticsError(f"{origin}: years måste vara en lista med år eller {{from: år, to: år}}.")


def _columns_field(value: Any, origin: str) -> dict[str, ColumnSpec]:
    if not isinstance(value, dict) or not value:
        raise StatisticsError(f"{origin}: columns måste vara en mappning från kolumnnamn till "
                              "beskrivning.")
    columns: dict[str, ColumnSpec] = {}
    for name, spec in value.items():
        if not isinstance(spec, dict) or spec.get("type") not in COLUMN_TYPES:
            raise StatisticsError(f"{origin}: kolumnen {name} måste ha type str, int eller float.")
        if not isinstance(spec.get("description"), str) or not spec["description"].strip():
            raise StatisticsError(f"{origin}: kolumnen {name} saknar description.")
        required = spec.get("required", True)
        if not isinstance(required, bool):
            raise StatisticsError(f"{origin}: required för kolumnen {name} måste vara true/false.")
        columns[str(name)] = ColumnSpec(spec["type"], spec["description"].strip(), required,
                                        str(spec.get("unit") or ""))
    return columns


# ---------------------------------------------------------------- results


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


# ---------------------------------------------------------------- CSV validation


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]  # typed values, None for empty cells


def read_and_validate(data: bytes, manifest: Manifest, name: str) -> _Table:
    """Parse CSV bytes and check them against the manifest; raise StatisticsError on the first
    problem, naming the row (as a spreadsheet shows it: the header is row 1) and the column."""
    text = _decode(data, name)
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not any(cell.strip() for cell in records[0]):
        raise StatisticsError(f"{name} är tom: filen har ingen rubrikrad.")
    header = tuple(h.strip() for h in records[0])
    _check_header(header, manifest, name)
    body = [r for r in records[1:] if r]  # a trailing blank line is not a row
    if not body:
        raise StatisticsError(f"{name} har en rubrikrad men inga datarader.")
    specs = [manifest.columns[h] for h in header]
    rows = [_typed_row(record, number, header, specs, name)
            for number, record in enumerate(body, start=2)]
    _check_key(rows, header, manifest, name)
    _check_years(rows, header, manifest, name)
    _check_plausible(rows, header, manifest, name)
    return _Table(header, rows)


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StatisticsError(
            f"{name} är inte UTF-8: ogiltig byte på rad {line} (byte {exc.start}). "
            "Spara filen som UTF-8 (CSV UTF-8 i Excel).", f"{name}: {exc}") from exc
    return text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" writes a BOM


def _check_header(header: tuple[str, ...], manifest: Manifest, name: str) -> None:
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise StatisticsError(f"{name}: kolumnen {', '.join(duplicated)} förekommer flera gånger.")
    missing = [c for c in manifest.columns if c not in header]
    extra = [c for c in header if c not in manifest.columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"saknade kolumner: {', '.join(missing)}")
        if extra:
            parts.append(f"okända kolumner: {', '.join(extra)}")
        raise StatisticsError(f"{name} stämmer inte med manifestet ({'; '.join(parts)}).")


def _typed_row(record: list[str], number: int, header: tuple[str, ...],
               specs: list[ColumnSpec], name: str) -> tuple[Any, ...]:
    if len(record) != len(header):
        raise StatisticsError(f"{name}, rad {number}: {len(record)} fält, men rubrikraden har "
                              f"{len(header)}.")
    return tuple(_typed_cell(cell, spec, number, column, name)
                 for cell, spec, column in zip(record, specs, header, strict=True))


def _typed_cell(cell: str, spec: ColumnSpec, number: int, column: str, name: str) -> Any:
    where = f"{name}, rad {number}, kolumn {column}"
    if cell == "":
        if spec.required:
            raise StatisticsError(f"{where}: värde saknas, men kolumnen är obligatorisk.")
        return None
    if spec.type == "int":
        if not INT_TEXT.match(cell.strip()):
            raise StatisticsError(f"{where}: ”{cell[:40]}” är inte ett heltal.")
        return int(cell)
    if spec.type == "float":
        try:
            value = float(cell)
        except ValueError:
            raise StatisticsError(f"{where}: ”{cell[:40]}” är inte ett tal (använd punkt som "
                                  "decimaltecken).") from None
        if not math.isfinite(value):
            raise StatisticsError(f"{where}: ”{cell[:40]}” är inte ett ändligt tal.")
        return value
    if cell.startswith(FORMULA_START):
        raise StatisticsError(f"{where}: texten ”{cell[:40]}” börjar med {cell[0]} och kan tolkas "
                              "som en formel i kalkylprogram; ta bort tecknet.")
    return cell


def _check_key(rows: list[tuple[Any, ...]], header: tuple[str, ...], manifest: Manifest,
               name: str) -> None:
    positions = [header.index(k) for k in manifest.key]
    seen: dict[tuple[Any, ...], int] = {}
    for number, row in enumerate(rows, start=2):
        key = tuple(row[p] for p in positions)
        if key in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(manifest.key, key, strict=True))
            raise StatisticsError(f"{name}, rad {number}: nyckeln ({shown}) finns redan på rad "
                                  f"{seen[key]}.")
        seen[key] = number


def _check_years(rows: list[tuple[Any, ...]], header: tuple[str, ...], manifest: Manifest,
                 name: str) -> None:
    """A year outside the manifest's list usually means the wrong release was dropped in."""
    if "year" not in header or not manifest.years:
        return
    position = header.index("year")
    allowed = set(manifest.years)
    for number, row in enumerate(rows, start=2):
        if row[position] is not None and row[position] not in allowed:
            raise StatisticsError(f"{name}, rad {number}, kolumn year: året {row[position]} finns "
                                  "inte bland manifestets år.")


def _check_plausible(rows: list[tuple[Any, ...]], header: tuple[str, ...], manifest: Manifest,
                     name: str) -> None:
    """Values that cannot be true: negative emissions (unless `lulucf: true`), a population of
    0, a municipality or county code that does not exist. Each names the row and the column."""
    checks = _code_checks(header) + _value_checks(header, manifest)
    for number, row in enumerate(rows, start=2):
        for check in checks:
            problem = check(row)
            if problem:
                raise StatisticsError(f"{name}, rad {number}, {problem}")


def _code_checks(header: tuple[str, ...]) -> list[Any]:
    from assistant.figures.places import COUNTIES, kommun_places

    known = {"kommun": frozenset(kommun_places()), "lan": frozenset(COUNTIES) | {SWEDEN_CODE},
             "riket": frozenset({SWEDEN_CODE})}
    checks = []
    for column, level in (("kommun_code", "kommun"), ("lan_code", "lan")):
        if column in header:
            checks.append(_code_check(header.index(column), column, lambda _row, k=level: k,
                                      known))
    if "code" in header and "level" in header:
        at = header.index("level")
        checks.append(_code_check(header.index("code"), "code", lambda row: row[at], known))
    return checks


def _code_check(position: int, column: str, level_of: Any, known: dict) -> Any:
    def check(row: tuple[Any, ...]) -> str:
        code, level = row[position], level_of(row)
        if code is None or level not in known or code in known[level]:
            return ""
        kind = "kommunkod" if level == "kommun" else "länskod" if level == "lan" else "kod"
        return f"kolumn {column}: okänd {kind} ”{str(code)[:20]}” (SCB:s koder gäller)."
    return check


def _value_checks(header: tuple[str, ...], manifest: Manifest) -> list[Any]:
    row_unit = header.index(UNIT_COLUMN) if UNIT_COLUMN in header else None
    checks = []
    for position, column in enumerate(header):
        spec = manifest.columns[column]
        if spec.type == "str":
            continue
        defers = row_unit is not None and (not spec.unit or spec.unit.startswith("se "))
        checks.append(_value_check(position, column, spec.unit, row_unit if defers else None,
                                   manifest.lulucf))
    return checks


def _value_check(position: int, column: str, unit: str, row_unit: int | None,
                 lulucf: bool) -> Any:
    def check(row: tuple[Any, ...]) -> str:
        value = row[position]
        if value is None:
            return ""
        this_unit = str(row[row_unit] or "") if row_unit is not None else unit
        if value < 0 and not lulucf and EMISSION_UNIT.match(this_unit):
            return (f"kolumn {column}: negativa utsläpp ({value} {this_unit}) är inte rimliga. "
                    "Omfattar datasetet markanvändning (LULUCF), som kan vara en nettosänka, "
                    "ange lulucf: true i manifestet.")
        if value <= 0 and this_unit == POPULATION_UNIT:
            return f"kolumn {column}: en folkmängd på {value} är inte rimlig."
        return ""
    return check


def unit_changes(previous: Manifest, new: Manifest) -> list[str]:
    """How the units of a new release differ from the previous release of the same dataset
    (the dataset's unit and each column's), in Swedish; [] when they agree. A change needs
    an explicit `--allow-unit-change`: numbers in another unit would be read in the old one."""
    changes = []
    if previous.unit != new.unit:
        changes.append(f"enheten ändras från ”{previous.unit}” till ”{new.unit}”")
    for name, column in new.columns.items():
        old = previous.columns.get(name)
        if old is not None and old.unit != column.unit:
            changes.append(f"kolumnen {name} ändras från ”{old.unit}” till ”{column.unit}”")
    return changes


# ---------------------------------------------------------------- the store

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

    def load_dataset(self, data_path: Path, manifest_path: Path) -> LoadResult:
        """Validate a CSV or XLSX release against its manifest and make it the current one."""
        return self.load_release(read_release(data_path, manifest_path))

    def load_release(self, release: Release) -> LoadResult:
        manifest = release.manifest
        current = self._info_row(manifest.id)
        if current is not None and current["sha256"] == release.sha256:
            return LoadResult(manifest.id, "unchanged", current["rows"],
                              f"{manifest.id}: oförändrad ({current['rows']} rader).")
        table = read_and_validate(release.csv, manifest, release.name)
        self._replace(manifest, release.manifest_text, table, release.sha256)
        log.info("loaded %s: %d rows, sha %s", manifest.id, len(table.rows), release.sha256[:12])
        return LoadResult(manifest.id, "loaded", len(table.rows),
                          f"{manifest.id}: {len(table.rows)} rader inlästa ({manifest.release}).")

    def _replace(self, manifest: Manifest, manifest_text: str, table: _Table, sha: str,
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

    def apply(self, releases: list[tuple[Release, _Table]], removals: list[str]) -> None:
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

    # --- profiles for retrieval

    def profiles(self) -> list[Document]:
        """One document per dataset, and one per municipality of Stockholms län plus the county."""
        documents = [self._dataset_profile(info.id) for info in self.datasets()]
        return documents + _place_profiles(self)

    def _dataset_profile(self, dataset_id: str) -> Document:
        m = self.manifest(dataset_id)
        years = _years_text(m.years)
        lines = [
            f"{m.title}.",
            m.description,
            f"Källa: {m.source_label()}." + (f" Länk: {m.source_url}" if m.source_url else ""),
            f"Publicering: {m.release}.",
            f"Enhet: {m.unit}." if m.unit else "",
            f"År: {years}." if years else "",
            "Förbehåll: " + " ".join(m.caveats) if m.caveats else "",
        ]
        text = "\n".join(line for line in lines if line)
        meta = DocumentMeta(title=m.title, doc_type="statistikbeskrivning",
                            publisher=m.source_organisation, source_url=m.source_url,
                            source_date=str(m.release_year), topics=("statistik", m.id))
        return _document(f"statistik/{m.id}", f"statistics/{m.id}.csv", meta, text)


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


def _years_text(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    if len(years) > 3 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _document(doc_id: str, path: str, meta: DocumentMeta, text: str) -> Document:
    # The version is the text itself: unchanged data gives an unchanged profile, so ingestion
    # does not re-embed it.
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id=doc_id, path=path, meta=meta, sections=(Section(text=text),),
                    sha256=sha)


@dataclass(frozen=True)
class Change:
    """One dataset a release run changes: a checked new release (with its validated table), or
    an unload (its data file left the statistics folder)."""

    dataset_id: str
    name: str  # the data file's name, for messages
    release: Release | None = None
    table: _Table | None = None

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
    Nothing is written: the caller switches (see assistant.releasing)."""
    manifest = release.manifest
    current = store._info_row(manifest.id)
    live_here = current is not None and current["sha256"] == release.sha256
    if live_here and (shared is None or shared.signature().get(manifest.id) == release.sha256):
        return LoadResult(manifest.id, "unchanged", current["rows"],
                          f"{manifest.id}: oförändrad ({current['rows']} rader).", release.sha256)
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
    all or nothing: assistant.releasing). A failing file is reported as "failed" and does not
    stop the others. With `shared` (server mode), each release is published there first."""
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


# ---------------------------------------------------------------- releases (files on disk)


@dataclass(frozen=True)
class Release:
    """One dataset release read from disk and normalised to CSV bytes, not yet validated."""

    manifest: Manifest
    manifest_text: str  # normalised JSON, as stored
    csv: bytes  # the CSV itself, or an XLSX's first sheet written as CSV
    sha256: str  # of csv + manifest_text: the release's identity everywhere
    name: str  # the data file's name, for messages


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
        from assistant.loading import LoadError
        from assistant.sandbox import read_spreadsheet_safely

        try:
            return read_spreadsheet_safely(data_path, max_mb=max_mb).encode("utf-8")
        except LoadError as exc:
            raise StatisticsError(f"{data_path.name}: {exc.user_message}", exc.detail) from exc
    from assistant.loading import LoadError, open_regular

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


# ---------------------------------------------------------------- server mode: shared store


class SharedStatistics:
    """The system of record for statistics in server mode: a ChromaDB collection
    `<name>_statistics` on the same server as the vectors, so every app instance answers from
    the same release. Each process keeps its SQLite file as a cache and refreshes it from here.

    Layout: a release is split into parts (`<id>:<sha12>:<n>`, the CSV text as the document)
    and one pointer record `<id>` names the active sha and the number of parts. Publishing
    writes the parts, then moves the pointer, then deletes the old parts, the same
    replace-without-mixing order as documents: a reader follows a pointer to complete parts.
    """

    def __init__(self, client: Any, collection: str) -> None:
        self.collection = client.get_or_create_collection(
            f"{collection}_statistics", embedding_function=None,
            metadata={"purpose": "statistics releases (system of record in server mode)"})

    def signature(self) -> dict[str, str]:
        got = self.collection.get(where={"kind": "pointer"}, include=["metadatas"])
        return {md["dataset_id"]: md["sha256"] for md in got["metadatas"]}

    def publish(self, release: Release) -> None:
        dataset_id, sha = release.manifest.id, release.sha256
        text = release.csv.decode("utf-8")
        parts = [text[i:i + SHARED_PART_CHARS] for i in range(0, len(text), SHARED_PART_CHARS)]
        for n, part in enumerate(parts or [""]):
            self.collection.upsert(
                ids=[f"{dataset_id}:{sha[:12]}:{n}"], embeddings=[_DUMMY_VECTOR],
                documents=[part], metadatas=[{"kind": "part", "dataset_id": dataset_id,
                                              "sha256": sha, "part": n}])
        self.collection.upsert(
            ids=[dataset_id], embeddings=[_DUMMY_VECTOR], documents=[release.manifest_text],
            metadatas=[{"kind": "pointer", "dataset_id": dataset_id, "sha256": sha,
                        "parts": max(1, len(parts)), "name": release.name,
                        "release": release.manifest.release,
                        "published_at": datetime.now(UTC).isoformat(timespec="seconds")}])
        self.collection.delete(where={"$and": [{"dataset_id": dataset_id}, {"kind": "part"},
                                               {"sha256": {"$ne": sha}}]})
        log.info("published %s (%d parts, sha %s)", dataset_id, len(parts), sha[:12])

    def remove(self, dataset_id: str) -> None:
        self.collection.delete(ids=[dataset_id])  # the pointer first: readers stop following
        self.collection.delete(where={"dataset_id": dataset_id})

    def fetch(self, dataset_id: str) -> Release | None:
        """The active release, or None when it is gone or was replaced while we read."""
        got = self.collection.get(ids=[dataset_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        md, manifest_text = got["metadatas"][0], got["documents"][0]
        sha, count = md["sha256"], int(md["parts"])
        ids = [f"{dataset_id}:{sha[:12]}:{n}" for n in range(count)]
        parts = self.collection.get(ids=ids, include=["documents"])
        if len(parts["ids"]) != count:
            return None
        by_id = dict(zip(parts["ids"], parts["documents"], strict=True))
        csv_bytes = "".join(by_id[i] for i in ids).encode("utf-8")
        manifest = Manifest.from_dict(json.loads(manifest_text), origin=dataset_id)
        return Release(manifest, manifest_text, csv_bytes, sha, str(md.get("name", "")))

    def materialise(self, store: StatisticsStore) -> list[str]:
        """Make the local cache equal the shared store; returns the dataset ids it changed.
        The local signature is read before the shared one: the writer publishes before it
        loads locally, so a cache can only be moved forward, never back to an older release."""
        local = store.signature()
        shared = self.signature()
        changed = []
        for dataset_id, sha in sorted(shared.items()):
            if local.get(dataset_id) == sha:
                continue
            release = self.fetch(dataset_id)
            if release is None or release.sha256 != sha:
                continue  # replaced while we read: the next refresh picks the newer one up
            table = read_and_validate(release.csv, release.manifest, release.name or dataset_id)
            if store._replace(release.manifest, release.manifest_text, table, sha,
                              expect=local.get(dataset_id)):
                changed.append(dataset_id)
        for dataset_id in sorted(set(local) - set(shared)):
            store.remove(dataset_id)
            changed.append(dataset_id)
        if changed:
            log.info("statistics cache refreshed from the server: %s", changed)
        return changed


def open_statistics(settings: Any) -> StatisticsStore:
    """The statistics an app instance answers from. Embedded: the SQLite file. Server mode
    (`settings.chroma_url`): the SQLite file as a cache, first brought up to date with the
    shared store on the server."""
    store = StatisticsStore(settings.stats_path)
    if settings.chroma_url:
        shared_statistics(settings).materialise(store)
    return store


def statistics_changed(settings: Any, store: StatisticsStore) -> bool:
    """Whether the shared store (server mode) holds other releases than this cache; always
    False embedded, where every reader reads the one SQLite file."""
    if not settings.chroma_url:
        return False
    return shared_statistics(settings).signature() != store.signature()


def shared_statistics(settings: Any, client: Any = None) -> SharedStatistics:
    from assistant.storing import make_client

    return SharedStatistics(client or make_client(settings), settings.collection)


# ---------------------------------------------------------------- place profiles

_EMISSIONS = "emissions_by_sector"
_COUNTY = "emissions_by_sector_county"
_POPULATION = "population"


def _place_profiles(store: StatisticsStore) -> list[Document]:
    """Short key-figure texts for the 26 municipalities of Stockholms län and the county, so a
    retrieval question like "Hur går det för Nacka?" finds the right numbers."""
    if not (store.has(_EMISSIONS) and store.has(_POPULATION)):
        return []
    emissions, population = store.frame(_EMISSIONS), store.frame(_POPULATION)
    release = store.manifest(_EMISSIONS).release
    year = int(emissions["year"].max())
    extras = _ProfileExtras.from_store(store)
    documents = []
    for code in compute.county_codes(emissions, compute.STOCKHOLM_COUNTY):
        name = str(emissions.loc[emissions["kommun_code"] == code, "kommun"].iloc[0])
        lines = [f"{name} (kommunkod {code}), Stockholms län: nyckeltal ur statistiken."]
        lines += _emission_lines(
            total=lambda y, c=code: compute.kommun_emissions(emissions, c, y),
            sectors=compute.sector_values(emissions, code, year),
            people=compute.population(population, [code], year), year=year, release=release)
        lines += extras.lines(code)
        documents.append(_place_document(code, name, lines))
    if store.has(_COUNTY):
        county = store.frame(_COUNTY)
        codes = compute.county_codes(population, compute.STOCKHOLM_COUNTY)
        lines = ["Stockholms län (länskod 01): nyckeltal ur statistiken."]
        lines += _emission_lines(
            total=lambda y: compute.region_emissions(county, "lan", "01", y)[0],
            sectors=compute.sector_values(county, "01", year, code_column="lan_code"),
            people=compute.population(population, codes, year), year=year, release=release)
        lines += extras.county_lines(codes)
        documents.append(_place_document("01", "Stockholms län", lines))
    return documents


def _emission_lines(total, sectors: dict[str, float], people: int, year: int,
                    release: str) -> list[str]:
    latest, base = total(year), total(compute.BASE_YEAR)
    _, pct = compute.change(base, latest)
    biggest, value, part = compute.sector_shares(sectors, latest)[0]
    abroad = sectors.get("Utrikes transporter", 0.0)
    lines = [
        f"Territoriella utsläpp av växthusgaser {year}: {format_value(latest, 't CO2e')} "
        f"(publicering: {release}).",
        f"Utsläpp per invånare {year}: "
        f"{format_value(compute.per_capita(latest, people), 't CO2e/inv')} "
        f"(folkmängd 31 december {year}: {format_value(people, 'invånare')}).",
        f"Förändring {compute.BASE_YEAR}–{year}: {format_signed(pct, '%')} "
        f"(från {format_value(base, 't CO2e')}).",
        f"Största sektor {year}: {biggest}, {format_value(value, 't CO2e')} "
        f"({format_value(part, '%')} av totalen).",
    ]
    if abroad > 0:
        # SMHI allocated international transport to municipalities only for 2023-2024.
        lines.append(f"I totalen {year} ingår Utrikes transporter med "
                     f"{format_value(abroad, 't CO2e')}, som SMHI bara fördelar på kommuner "
                     "2023–2024; totalen är därför inte helt jämförbar med tidigare år.")
    return lines


@dataclass(frozen=True)
class _ProfileExtras:
    """The non-emission tables a profile mentions; each is optional."""

    plans: pd.DataFrame | None
    cars: pd.DataFrame | None
    consumption: pd.DataFrame | None

    @classmethod
    def from_store(cls, store: StatisticsStore) -> _ProfileExtras:
        def frame(dataset_id: str) -> pd.DataFrame | None:
            return store.frame(dataset_id) if store.has(dataset_id) else None

        return cls(frame("climate_plans"), frame("electric_cars_new_registrations"),
                   frame("consumption_emissions_per_capita"))

    def lines(self, code: str) -> list[str]:
        lines = self._car_lines([code])
        if self.consumption is not None:
            value, year = compute.consumption(self.consumption, "kommun", code)
            lines.append(f"Konsumtionsbaserade utsläpp per invånare {year} (modellerad "
                         f"uppskattning från SEI): {format_value(value, 't CO2e/inv')}.")
        if self.plans is not None:
            lines.append(_plan_line(compute.climate_plan(self.plans, code)))
        return lines

    def county_lines(self, codes: list[str]) -> list[str]:
        lines = self._car_lines(codes)
        if self.consumption is not None:
            value, year = compute.consumption(self.consumption, "lan", compute.STOCKHOLM_COUNTY)
            lines.append(f"Konsumtionsbaserade utsläpp per invånare {year} (modellerad "
                         f"uppskattning från SEI): {format_value(value, 't CO2e/inv')}.")
        if self.plans is not None:
            with_plan, count = compute.plans_count(self.plans, codes)
            lines.append(f"Kommuner med klimatplan i Klimatkollens lista: {with_plan} av {count}.")
        return lines

    def _car_lines(self, codes: list[str]) -> list[str]:
        if self.cars is None:
            return []
        year = int(self.cars["year"].max())
        ev = compute.ev_share(self.cars, codes, year)
        return [f"Laddbara bilars andel av nyregistrerade personbilar {year}: "
                f"{format_value(ev.share_pct, '%')} (Trafikanalys; bilar räknas i ägarens "
                "kommun)."]


def _plan_line(plan: compute.ClimatePlan) -> str:
    if not plan.exists:
        return f"Klimatplan: ingen i Klimatkollens lista ({plan.name or 'Plan saknas.'})."
    adopted = f", antagen {plan.year}" if plan.year else ""
    return f"Klimatplan: {plan.name or 'namn saknas'}{adopted}. Länk: {plan.link}"


def _place_document(code: str, name: str, lines: list[str]) -> Document:
    meta = DocumentMeta(title=f"Nyckeltal för {name}", doc_type="statistikprofil",
                        publisher="Klimatassistenten (beräknat ur statistiken)",
                        topics=("statistik", "kommunprofil"), kommun=name)
    return _document(f"statistik/kommun/{code}", f"statistics/kommun/{code}", meta,
                     "\n".join(lines))
