"""The statistics: manifests, validated tables, the store and its sharing in server mode.

`manifest` (what a release states, a pydantic model), `validation` (a CSV checked against it),
`store` (the store, on SQLite or PostgreSQL), `sharing` (the ChromaDB copy every instance reads
in server mode without a shared database),
`backend` (the protocol a second backend implements). The names most callers need are here;
`sharing` is imported on its own (it loads chromadb, which a manifest check in a memory-capped
child must not).
"""

from assistant.stores.statistics.manifest import DATASET_ID, Manifest, StatisticsError, unit_changes
from assistant.stores.statistics.store import DatasetInfo, LoadResult, Release, StatisticsStore
from assistant.stores.statistics.validation import Table, read_and_validate

__all__ = ["DATASET_ID", "DatasetInfo", "LoadResult", "Manifest", "Release",
           "StatisticsError", "StatisticsStore", "Table", "read_and_validate", "unit_changes"]
