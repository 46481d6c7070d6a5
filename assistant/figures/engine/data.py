"""The tables a computation reads, indexed once per loaded release and cached across questions.

`Data(stats)` reads the store's signature (dataset id -> sha256 of the loaded release) once per
question; an index is rebuilt only when its release changed, so a newly loaded release is used
at the next question and an old one is never mixed in. Units come from the manifests.

Questions run in several threads at once (one per app session), and the app warms the tables in
a thread of its own: each table is built by one thread while the others that need it wait for
it, and a table already built is read without waiting for anything.
"""

from __future__ import annotations

import threading
from typing import Any

import pandas as pd

from assistant.figures import tables
from assistant.figures.compute import MissingDataError
from assistant.figures.indicators import (
    COUNTY,
    EMISSION_COLUMN,
    EMISSIONS,
    INDICATORS,
    POPULATION,
    POPULATION_COLUMN,
    PREVIOUS,
)
from assistant.reference import BICYCLE, CARS_FUEL, CHARGING, CONSUMPTION, EV, KK
from assistant.stores.statistics import Manifest, StatisticsError, StatisticsStore

# The row lookups the indicator rankings, filters and values read (indicators.py,
# indicator_sets.py): built at the warm-up, so no question pays for one.
KEYED: tuple[tuple[str, tuple[str, ...]], ...] = (
    (EV, ("kommun_code", "year")), (BICYCLE, ("kommun_code", "year")),
    (CHARGING, ("kommun_code",)), (CONSUMPTION, ("level", "code")),
    (CARS_FUEL, ("kommun_code", "measure", "year")), (KK, ("kommun_code",)),
)

_LOCK = threading.Lock()
# (store path, dataset id, kind) -> (sha256, built object)
_CACHE: dict[tuple[str, str, str], tuple[str, Any]] = {}
# (store path, dataset id, kind) -> the lock its builder holds (an index builds on its frame,
# another key, so the locks nest in one order only: index, then frame)
_BUILDING: dict[tuple[str, str, str], threading.Lock] = {}


class Data:
    """One question's view of the statistics store."""

    def __init__(self, stats: StatisticsStore):
        self.stats = stats
        self.signature = stats.signature()
        self._manifests: dict[str, Manifest] = {}

    def has(self, dataset_id: str) -> bool:
        return dataset_id in self.signature

    def manifest(self, dataset_id: str) -> Manifest:
        if dataset_id not in self._manifests:
            self._manifests[dataset_id] = self.stats.manifest(dataset_id)
        return self._manifests[dataset_id]

    def unit(self, dataset_id: str, column: str | None = None) -> str:
        """The unit of a dataset's column (or of the dataset) as its manifest states it."""
        manifest = self.manifest(dataset_id)
        if column and column in manifest.columns and manifest.columns[column].unit:
            return manifest.columns[column].unit
        return manifest.unit

    def frame(self, dataset_id: str) -> pd.DataFrame:
        return self._cached(dataset_id, "frame", lambda: self.stats.frame(dataset_id))

    def emissions(self, dataset_id: str = EMISSIONS) -> tables.EmissionTable:
        return self._cached(dataset_id, "emissions", lambda: tables.emission_table(
            self.frame(dataset_id), value_column=EMISSION_COLUMN))

    def county(self) -> tables.EmissionTable:
        return self._cached(COUNTY, "emissions", lambda: tables.emission_table(
            self.frame(COUNTY), "lan_code", EMISSION_COLUMN, "lan"))

    def population(self) -> tables.PopulationTable:
        return self._cached(POPULATION, "population", lambda: tables.population_table(
            self.frame(POPULATION), POPULATION_COLUMN))

    def keyed(self, dataset_id: str, columns: tuple[str, ...]) -> dict[tuple, list[dict]]:
        """The dataset's rows grouped by `columns` (an indicator ranking's lookups)."""
        return self._cached(dataset_id, "keyed:" + ",".join(columns),
                            lambda: tables.keyed(self.frame(dataset_id), columns))

    def rows(self, dataset_id: str, columns: tuple[str, ...], keys: list[tuple]) -> list[dict]:
        """The rows for each key; a key without rows is missing data, never skipped."""
        index = self.keyed(dataset_id, columns)
        missing = [k for k in keys if k not in index]
        if missing:
            raise MissingDataError(f"{dataset_id} saknar rader för {missing[0]}")
        return [row for k in keys for row in index[k]]

    def warm(self) -> None:
        """Load every dataset the figures read and build every index once per release (the app
        does this at start-up, in the background), so no question pays for one."""
        for dataset_id in (EMISSIONS, PREVIOUS):
            if self.has(dataset_id):
                self.emissions(dataset_id)
        if self.has(COUNTY):
            self.county()
        if self.has(POPULATION):
            self.population()
        for spec in INDICATORS.values():
            if self.has(spec.dataset):
                self.frame(spec.dataset)
        for dataset_id, columns in KEYED:
            if self.has(dataset_id):
                self.keyed(dataset_id, columns)

    def _cached(self, dataset_id: str, kind: str, build: Any) -> Any:
        sha = self.signature.get(dataset_id)
        if sha is None:
            raise StatisticsError(f"Statistiken ”{dataset_id}” är inte inläst. Kör inläsningen "
                                  "(python ingest.py) och försök igen.",
                                  f"dataset {dataset_id} not in {self.stats.path}")
        key = (str(self.stats.path), dataset_id, kind)
        with _LOCK:
            hit = _CACHE.get(key)
            building = _BUILDING.setdefault(key, threading.Lock())
        if hit is not None and hit[0] == sha:
            return hit[1]
        with building:
            with _LOCK:
                hit = _CACHE.get(key)
            if hit is not None and hit[0] == sha:  # built by another thread meanwhile
                return hit[1]
            value = build()
            with _LOCK:
                _CACHE[key] = (sha, value)
        return value
