"""The knowledge base's life cycle: sync, add, remove, load statistics, inventory, verify.

`Ingestor(settings).sync()` brings the store in line with the knowledge folder: the document
steps (assistant/pipeline/ingestion/documents.py) and the statistics steps (statistics.py),
one writer at a time (lock.py), each writing command leaving its report where `last_report()`
finds it (report.py). Untrusted formats are parsed in a resource-limited child process
(assistant/pipeline/sandbox.py). The ingest CLI and the admin page share these methods: one way
to do each thing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.pipeline.ingestion.documents import DocumentSteps
from assistant.pipeline.ingestion.lock import lock_holder, write_lock
from assistant.pipeline.ingestion.report import (
    IngestReport,
    StatusReport,
    failed_paths,
    last_report,
    new_report,
    save_report,
)
from assistant.pipeline.ingestion.statistics import StatisticsSteps
from assistant.pipeline.maintenance import InventoryRow, VerifyReport, inventory, verify
from assistant.reference import is_profile
from assistant.resources import Resources
from assistant.stores.vectors import VectorStore, drop_collections

log = logging.getLogger(__name__)

# progress(done, total, label): called before each document; total may grow once statistics
# profiles are known.
Progress = Callable[[int, int, str], None]


class Ingestor(DocumentSteps, StatisticsSteps):
    def __init__(self, settings: Settings, embeddings: Any = None,
                 store: VectorStore | None = None, progress: Progress | None = None, *,
                 resources: Resources | None = None) -> None:
        self.settings = settings
        self.resources = resources or Resources(settings, embeddings=embeddings, store=store)
        self.progress = progress

    @property
    def embeddings(self) -> Any:
        return self.resources.embeddings

    @property
    def store(self) -> VectorStore:
        return self.resources.store

    def sync(self, paths: Sequence[str | Path] | None = None, prune: bool = True,
             rebuild: bool = False, allow_unit_change: bool = False) -> IngestReport:
        """Ingest the whole knowledge folder (paths=None) or just `paths` (files or folders
        inside it). Raises IngestLocked, StoreError (e.g. StoreModelMismatch); file problems
        are reported. A statistics release whose unit differs from the loaded one is refused
        unless `allow_unit_change`."""
        report = new_report("rebuild" if rebuild else "sync" if paths is None else "add")
        with write_lock(self.settings):
            self._sync_locked(paths, prune, rebuild, report, allow_unit_change)
        return report

    def add(self, paths: Sequence[str | Path], copy: bool = True) -> IngestReport:
        """Add or update files and folders. Inside the knowledge folder they are ingested where
        they are; outside it they are first copied in under `docs/uploads/` with a generated
        name (see `save_upload`), or refused with copy=False."""
        report = new_report("add")
        with write_lock(self.settings):
            targets = self._bring_in(paths, copy, report)
            self._sync_locked(targets, False, False, report)
        return report

    def _sync_locked(self, paths: Sequence[str | Path] | None, prune: bool, rebuild: bool,
                     report: IngestReport, allow_unit_change: bool = False) -> None:
        started = time.perf_counter()
        if rebuild:
            self._rebuild()
        store = self.store
        store.tune_search()
        registry = {r.doc_id: r for r in store.documents()}
        files, stats_folder = self._select(paths, report)
        seen = self._sync_files(files, registry, report)
        if stats_folder is not None:
            seen |= self._sync_statistics(stats_folder, registry, report,
                                          prune=paths is None and prune,
                                          allow_unit_change=allow_unit_change)
        if paths is None and prune:
            self._prune(registry, seen, report, stats_synced=stats_folder is not None)
        report.orphans_removed = store.remove_orphans()
        self._finish(report, started)

    def inventory(self) -> list[InventoryRow]:
        """Every document and statistics profile: indexed, on disk, or both, with a status."""
        return inventory(self.settings, self.store, failed_paths(self.settings))

    def verify(self) -> VerifyReport:
        """Check the base against the knowledge folder; takes the write lock so that a running
        sync is not mistaken for an inconsistency (raises IngestLocked)."""
        with write_lock(self.settings):
            stats = self.resources.local_statistics()
            last = last_report(self.settings)
            failed = {f.path: f.message for f in last.failures} if last else {}
            return verify(self.settings, self.store, failed, stats, self._shared_statistics(),
                          last)

    def status(self) -> StatusReport:
        store = self.store
        records = store.documents()
        profiles = sum(1 for r in records if is_profile(r.doc_id))
        datasets = [asdict(d) for d in self.resources.local_statistics().datasets()]
        return StatusReport(
            mode="server" if self.settings.chroma_url else "embedded",
            location=self.settings.chroma_url or str(self.settings.chroma_dir),
            model=store.model_id, dimension=store.dimension, generation=store.generation(),
            documents=len(records) - profiles, profiles=profiles, chunks=store.count(),
            datasets=datasets, locked_by=lock_holder(self.settings),
            last_run=last_report(self.settings))

    def _finish(self, report: IngestReport, started: float) -> None:
        """Inside the lock: tell readers (generation) and keep the report for status pages."""
        if report.changed:
            self.store.bump_generation()
        report.seconds = time.perf_counter() - started
        save_report(self.settings, self.store, report)
        log.info("%s done: %s", report.command, report.to_dict())

    def _rebuild(self) -> None:
        if not self.resources.has_store:  # the old store may be of another model: don't open it
            drop_collections(self.settings)
        else:
            self.store.reset()
        self.resources.local_statistics().clear()
