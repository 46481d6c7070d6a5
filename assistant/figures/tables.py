"""The statistics tables as lookups: built once per loaded release, then read in microseconds.

Pure functions from DataFrames (shaped like the CSVs in knowledge/statistics) to small indexes;
no I/O. A ranking of 290 municipalities over two years is 580 lookups here instead of 580 scans
of a 29 000-row frame. The rules are those of compute.py: a missing row raises
`MissingDataError`, nothing is filled in, Sweden's total is the sum of its nine sectors (the
source has no total row), and a county in a municipality-only release is the sum of its
municipalities.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assistant.figures.compute import SWEDEN, TOTAL, MissingDataError

Row = dict[str, Any]


def _native(value: Any) -> Any:
    """numpy/pandas scalars to plain Python, so rows serialise as JSON."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(df: pd.DataFrame) -> list[Row]:
    """The rows as dicts of plain Python values, missing values as None. Column by column:
    `tolist()` gives Python scalars already, so only a column with gaps is looked at value by
    value (the 37 700-row release is indexed at start-up; row by row it took most of a
    second)."""
    columns = list(df.columns)
    values = [_plain(df[c]) for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _plain(column: pd.Series) -> list[Any]:
    values = column.tolist()
    if not column.hasnans:
        return values
    return [_native(v) for v in values]


@dataclass
class EmissionTable:
    """One emissions release per municipality (or the county table): (code, year, sector) ->
    the source row. `code` is kommun_code, or lan_code for the county table."""

    rows: dict[tuple[str, int, str], Row]
    value_column: str
    years: tuple[int, ...]
    names: dict[str, str] = field(default_factory=dict)  # code -> name
    levels: dict[str, str] = field(default_factory=dict)  # code -> "lan" / "riket" (county)

    def row(self, code: str, year: int, sector: str | None = None) -> Row:
        hit = self.rows.get((code, year, sector or TOTAL))
        if hit is None:
            raise MissingDataError(f"ingen rad för {code}, år {year}, sektor {sector or TOTAL}")
        return hit

    def value(self, code: str, year: int, sector: str | None = None) -> float:
        return float(self.row(code, year, sector)[self.value_column])

    def sector_rows(self, code: str, year: int, sectors: Iterable[str]) -> list[Row]:
        return [self.row(code, year, s) for s in sectors]

    def has(self, code: str) -> bool:
        return code in self.names

    @property
    def codes(self) -> list[str]:
        return sorted(self.names)


def emission_table(df: pd.DataFrame, code_column: str = "kommun_code",
                   value_column: str = "emissions_t_co2e",
                   name_column: str = "kommun") -> EmissionTable:
    rows = records(df)
    index = {(r[code_column], int(r["year"]), r["sector"]): r for r in rows}
    names = {r[code_column]: r[name_column] for r in rows}
    levels = {r[code_column]: r["level"] for r in rows} if "level" in df.columns else {}
    years = tuple(sorted({int(r["year"]) for r in rows}))
    return EmissionTable(index, value_column, years, names, levels)


def region_value(table: EmissionTable, code: str, year: int, sector: str | None,
                 sectors: Iterable[str]) -> tuple[float, bool, list[Row]]:
    """A county's or Sweden's emissions from the county table: (value, summed, rows). Sweden
    has no total row, so its total is the sum of the nine sectors (summed = True)."""
    if sector is not None or (code, year, TOTAL) in table.rows:
        row = table.row(code, year, sector)
        return float(row[table.value_column]), False, [row]
    parts = [table.rows[(code, year, s)] for s in sectors if (code, year, s) in table.rows]
    if not parts:
        raise MissingDataError(f"inga rader för {code}, år {year}")
    return float(sum(float(r[table.value_column]) for r in parts)), True, parts


def county_codes(codes: Iterable[str], lan_code: str) -> list[str]:
    """The municipality codes of a county (their first two digits), or all for Sweden."""
    return sorted(c for c in codes if lan_code == SWEDEN or c.startswith(lan_code))


def municipalities_value(table: EmissionTable, codes: list[str], year: int,
                         sector: str | None) -> tuple[float, list[Row]]:
    """Sum of several municipalities (a county or Sweden within one release)."""
    rows = [table.rows.get((c, year, sector or TOTAL)) for c in codes]
    if any(r is None for r in rows):
        found = sum(r is not None for r in rows)
        raise MissingDataError(f"{found} av {len(codes)} kommuner har rader för år {year}")
    return float(sum(float(r[table.value_column]) for r in rows if r)), [r for r in rows if r]


@dataclass
class PopulationTable:
    rows: dict[tuple[str, int], Row]
    value_column: str

    def people(self, codes: list[str], year: int) -> tuple[int, list[Row]]:
        rows = [self.rows.get((c, year)) for c in codes]
        missing = sum(r is None for r in rows)
        if missing:
            raise MissingDataError(f"folkmängd saknas för {missing} kommuner år {year}")
        return int(sum(int(r[self.value_column]) for r in rows if r)), [r for r in rows if r]


def population_table(df: pd.DataFrame, value_column: str = "population") -> PopulationTable:
    return PopulationTable({(r["kommun_code"], int(r["year"])): r for r in records(df)},
                           value_column)


def keyed(df: pd.DataFrame, columns: tuple[str, ...]) -> dict[tuple, list[Row]]:
    """The rows grouped by the values of `columns`: ("kommun_code", "year") -> its rows."""
    groups: dict[tuple, list[Row]] = {}
    for row in records(df):
        groups.setdefault(tuple(row[c] for c in columns), []).append(row)
    return groups
