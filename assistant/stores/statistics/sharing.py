"""Server mode without a shared database: the statistics on the ChromaDB server, so every app
instance answers from the same release. Each process keeps its SQLite store as a cache and
refreshes it from here. With `KLIMAT_DATABASE_URL` none of this is used: every instance reads
the releases from PostgreSQL itself.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from assistant.config import Settings
from assistant.stores.statistics.manifest import Manifest
from assistant.stores.statistics.store import Release, StatisticsStore
from assistant.stores.statistics.validation import read_and_validate
from assistant.stores.vectors import make_client

log = logging.getLogger(__name__)

# Characters of CSV text per record in the shared store: well below chroma's request limits.
SHARED_PART_CHARS = 1_000_000
_DUMMY_VECTOR = [1.0]  # shared records are fetched by id, never by similarity


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
            if store.install(release.manifest, release.manifest_text, table, sha,
                             expect=local.get(dataset_id)):
                changed.append(dataset_id)
        for dataset_id in sorted(set(local) - set(shared)):
            store.remove(dataset_id)
            changed.append(dataset_id)
        if changed:
            log.info("statistics cache refreshed from the server: %s", changed)
        return changed


def open_statistics(settings: Settings) -> StatisticsStore:
    """The statistics an app instance answers from. Embedded: the SQLite file. With a shared
    database: that database (a new release is seen at the next question, which reads the
    releases' signature). Chroma-only server mode: the SQLite file as a cache, first brought up
    to date with the shared store on the server."""
    store = StatisticsStore(settings.statistics_location)
    if uses_chroma_copy(settings):
        shared_statistics(settings).materialise(store)
    return store


def statistics_changed(settings: Settings, store: StatisticsStore) -> bool:
    """Whether the shared store (server mode) holds other releases than this cache; always
    False embedded and with a shared database, where every reader reads the one store."""
    if not uses_chroma_copy(settings):
        return False
    return shared_statistics(settings).signature() != store.signature()


def uses_chroma_copy(settings: Settings) -> bool:
    """Whether the statistics are shared through the chroma server (no shared database)."""
    return bool(settings.chroma_url) and not settings.database_url


def shared_statistics(settings: Settings, client: Any = None) -> SharedStatistics:
    return SharedStatistics(client or make_client(settings), settings.collection)

