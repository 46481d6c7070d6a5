"""What the rest of the package needs from a statistics store.

`StatisticsStore` implements it on both engines (one SQLAlchemy Core schema): an SQLite file
(embedded, or a cache in chroma-only server mode) or the shared PostgreSQL
(`KLIMAT_DATABASE_URL`). Readers (the figures engine, the documents-vs-statistics check, the
profiles, the admin page) use `StatisticsReader`; the release transaction
(assistant/pipeline/releasing.py) and the ingestion use `StatisticsBackend`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from assistant.stores.statistics.manifest import Manifest
from assistant.stores.statistics.store import DatasetInfo, LoadResult, Release
from assistant.stores.statistics.validation import Table


class StatisticsReader(Protocol):
    """The loaded releases, read-only."""

    path: Path  # where the store lives (a cache key for derived indexes)

    def signature(self) -> dict[str, str]:
        """dataset id -> sha256 of the loaded release."""

    def datasets(self) -> list[DatasetInfo]: ...

    def has(self, dataset_id: str) -> bool: ...

    def manifest(self, dataset_id: str) -> Manifest: ...

    def frame(self, dataset_id: str) -> pd.DataFrame:
        """The table, typed by its manifest; a copy the caller may change."""


class StatisticsBackend(StatisticsReader, Protocol):
    """The loaded releases and the writes a release transaction makes, each atomic."""

    def live(self, dataset_id: str) -> tuple[str, int] | None: ...

    def row_count(self, dataset_id: str) -> int: ...

    def load_release(self, release: Release) -> LoadResult: ...

    def apply(self, releases: list[tuple[Release, Table]], removals: list[str]) -> None:
        """Several releases and unloads in one transaction."""

    def snapshot(self, dataset_ids: list[str]) -> dict[str, Any]: ...

    def restore(self, snapshot: dict[str, Any]) -> None: ...

    def copy_to(self, path: Path) -> StatisticsBackend:
        """A consistent copy to build a candidate release in."""

    def remove(self, dataset_id: str) -> None: ...

    def clear(self) -> None: ...
