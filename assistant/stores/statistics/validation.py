"""A statistics release's CSV checked against its manifest, before anything is stored.

Every row is read and typed by the manifest's columns; the key must be unique, the years must be
the manifest's, and values must be plausible (no negative emissions unless the dataset includes
land use, no population of 0, only SCB's municipality and county codes). The first problem
raises StatisticsError naming the row as a spreadsheet shows it (the header is row 1) and the
column, so whoever maintains the file can fix it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import Any

from assistant.reference import COUNTIES, KOMMUNER, SWEDEN
from assistant.stores.statistics.manifest import ColumnSpec, Manifest, StatisticsError

# A text cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_START = ("=", "+", "-", "@")
INT_TEXT = re.compile(r"^-?\d+$")
# Plausibility (see `_check_plausible`). A value in one of these units is an amount of
# emissions and cannot be negative, unless the dataset includes land use (LULUCF, a net sink)
# and says so with `lulucf: true`; a rate ("t CO2e/år") may be.
EMISSION_UNIT = re.compile(r"^(?:t|kt|Mt) CO2e?(?:/inv| per invånare)?$")
POPULATION_UNIT = "invånare"  # a population is never 0
UNIT_COLUMN = "unit"  # a str column giving each row's unit, for a column whose unit says "se …"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]  # typed values, None for empty cells


def read_and_validate(data: bytes, manifest: Manifest, name: str) -> Table:
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
    return Table(header, rows)


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
    known = {"kommun": frozenset(code for code, _, _ in KOMMUNER),
             "lan": frozenset(COUNTIES) | {SWEDEN}, "riket": frozenset({SWEDEN})}
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
