"""The Ingestor's statistics steps: check the releases of the statistics folder (or one release
from anywhere), then release the changed ones with their profiles, all or nothing
(assistant/pipeline/releasing.py). With a shared database the release is one transaction there;
in chroma-only server mode the releases are published to the server in the same run
(`SharedStatistics`), so every app instance answers from the same release.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.models import Document
from assistant.pipeline.datasets import (
    Change,
    check_folder,
    check_release,
    data_files,
    read_release,
)
from assistant.pipeline.ingestion.documents import DocumentSteps, Embedded
from assistant.pipeline.ingestion.lock import write_lock
from assistant.pipeline.ingestion.report import Failure, IngestReport, new_report
from assistant.pipeline.releasing import InstallFiles, release
from assistant.reference import STATISTICS_DIR, is_profile
from assistant.stores.database import DatabaseUnavailable
from assistant.stores.statistics import LoadResult, StatisticsError
from assistant.stores.statistics.sharing import shared_statistics, uses_chroma_copy
from assistant.stores.vectors import StoreError, VectorStore

log = logging.getLogger(__name__)


class StatisticsSteps:
    """Mixed into `Ingestor`: what it does with statistics releases. Uses the ingestor's
    `settings`, `store`, `progress` and `_finish`, and `_ProfileSink` for the profiles."""

    settings: Settings
    store: VectorStore

    def load_statistics(self, data_path: str | Path, manifest_path: str | Path,
                        allow_unit_change: bool = False) -> IngestReport:
        """Load a new statistics release (CSV or XLSX + manifest) from anywhere, all or
        nothing (see assistant.pipeline.releasing): check it, build its tables and every profile and
        embed the changed profiles, then install it in `knowledge/statistics/<id>.<csv|xlsx>`,
        publish it (server mode), swap the table and the profiles. Any failure leaves the old
        release everywhere and is in the report. A new unit needs `allow_unit_change`."""
        report = new_report("stats load")
        started = time.perf_counter()
        data_path, manifest_path = Path(data_path), Path(manifest_path)
        with write_lock(self.settings):
            registry = {r.doc_id: r for r in self.store.documents()}
            try:
                stats = self.resources.local_statistics()
                shared = self._shared_statistics()
                release = read_release(data_path, manifest_path, check_name=False)
                checked = check_release(stats, release, shared, allow_unit_change)
                changes = [checked] if isinstance(checked, Change) else []
                if not changes:
                    report.datasets.append(checked)
                install = InstallFiles(self.settings.knowledge_dir / STATISTICS_DIR, data_path,
                                       manifest_path, release.manifest.id)
                self._release(stats, shared, changes, registry, report,
                              lambda change: data_path.name, first_steps=[install])
            except StatisticsError as e:  # also a release that failed and was undone
                log.warning("statistics release refused: %s", e.detail)
                report.failures.append(Failure(data_path.name, e.user_message, e.detail))
            except (StoreError, DatabaseUnavailable):
                raise
            except Exception as e:  # whatever it was, nothing of the release went live
                log.exception("statistics release failed")
                report.failures.append(Failure(
                    data_path.name, "Utgåvan kunde inte läsas in på grund av ett oväntat fel. "
                    "Ingenting har ändrats; den tidigare utgåvan gäller.",
                    f"{type(e).__name__}: {e}"))
            self._finish(report, started)
        return report

    def _sync_statistics(self, folder: Path, registry: dict[str, Any],
                         report: IngestReport, prune: bool,
                         allow_unit_change: bool = False) -> set[str]:
        """Check every release in the folder, then release the changed ones with their
        profiles, all or nothing (assistant.pipeline.releasing). Returns the profile ids the step
        handled, so that the document prune leaves them alone."""
        handled = {d for d in registry if is_profile(d)}
        changes: list[Any] = []
        try:
            stats = self.resources.local_statistics()
            shared = self._shared_statistics()
            results, changes = check_folder(stats, folder, shared, allow_unit_change)
            if prune:
                changes += self._unloads(stats, shared, folder, report)
            profiles = self._release(stats, shared, changes, registry, report,
                                     lambda change: _data_file_id(folder, change.dataset_id))
        except (StoreError, DatabaseUnavailable):
            raise
        except StatisticsError as e:  # the switch failed and was undone (ReleaseFailed)
            log.warning("statistics release failed: %s", e.detail)
            names = [_data_file_id(folder, c.dataset_id) for c in changes] or [f"{STATISTICS_DIR}/"]
            report.failures += [Failure(name, e.user_message, e.detail) for name in names]
            return handled
        except Exception as e:  # the tabular store must not take the documents down with it
            log.exception("statistics step failed")
            report.failures.append(Failure(f"{STATISTICS_DIR}/",
                                           "Statistiken kunde inte läsas in; ingenting i "
                                           "statistiken har ändrats.",
                                           f"{type(e).__name__}: {e}"))
            return handled  # without a fresh list nothing may be pruned
        for result in results:
            if result.status == "failed":
                report.failures.append(Failure(_data_file_id(folder, result.dataset_id),
                                               result.message, result.message))
        report.datasets = sorted([*results, *report.datasets], key=lambda d: d.dataset_id)
        return handled | {p.doc_id for p in profiles}

    def _release(self, stats: Any, shared: Any, changes: list[Any], registry: dict[str, Any],
                 report: IngestReport, name_of: Callable[[Any], str],
                 first_steps: Sequence[Any] = ()) -> list[Document]:
        """Run `releasing.release` and write its outcome into the report: the releases that went
        live, the ones kept out (failures, named by `name_of(change)`) and the profiles.
        Raises ReleaseFailed (a StatisticsError) when the switch was undone."""
        sink = _ProfileSink(self, registry)
        outcome = release(stats, shared, changes, sink, self.settings.store_dir,
                          first_steps=first_steps, progress=self.progress)
        report.datasets += outcome.results
        report.removed += [f"{STATISTICS_DIR}/{d}" for d in outcome.unloaded]
        for rejected in outcome.rejected:
            report.datasets.append(LoadResult(rejected.change.dataset_id, "failed", 0,
                                              rejected.message))
            report.failures.append(Failure(name_of(rejected.change), rejected.message,
                                           rejected.detail))
        for doc_id in outcome.written:
            (report.updated if doc_id in registry else report.added).append(doc_id)
        report.chunks_embedded += sum(sink.chunks.get(d, 0) for d in outcome.written)
        report.units_embedded += sum(sink.units.get(d, 0) for d in outcome.written)
        report.unchanged += [p.doc_id for p in outcome.profiles if p.doc_id not in
                             outcome.written]
        report.removed += outcome.removed
        return outcome.profiles

    def _unloads(self, stats: Any, shared: Any, folder: Path, report: IngestReport) -> list[Any]:
        """Datasets whose data file left the statistics folder are unloaded, in the same
        release as the run's new releases (their profiles go with them). An empty folder
        unloads nothing."""
        present = {p.stem for p in data_files(folder)}
        loaded = set(stats.signature()) | (set(shared.signature()) if shared else set())
        gone = sorted(loaded - present)
        if gone and not present:
            report.failures.append(Failure(f"{STATISTICS_DIR}/", "Inga statistikfiler hittades, "
                                           "så ingen statistik togs bort.",
                                           "empty statistics folder; refusing to unload all"))
            return []
        return [Change(dataset_id, f"{dataset_id} (borttagen)") for dataset_id in gone]

    def _shared_statistics(self) -> Any:
        if not uses_chroma_copy(self.settings):
            return None  # embedded, or the shared database is the system of record itself
        return shared_statistics(self.settings, self.store.client)


class _ProfileSink:
    """The statistics profiles in the vector store, for `releasing.release`: which ones changed
    (against the registry of this run), how one is embedded and written, and how many chunks
    each got."""

    def __init__(self, ingestor: DocumentSteps, registry: dict[str, Any]) -> None:
        self.ingestor = ingestor
        self.registry = registry
        self.chunks: dict[str, int] = {}  # chunks and units encoded per written profile
        self.units: dict[str, int] = {}

    def needs(self, doc: Document) -> bool:
        old = self.registry.get(doc.doc_id)
        return not (old is not None and old.sha256 == doc.sha256
                    and old.chunking == self.ingestor.chunking_tag())

    def prepare(self, doc: Document) -> Any:
        return self.ingestor.embed_document(doc)

    def commit(self, doc: Document, prepared: Embedded) -> None:
        self.ingestor.store_embedded(doc, prepared)
        self.chunks[doc.doc_id] = prepared.chunks_encoded
        self.units[doc.doc_id] = prepared.units_encoded

    def delete(self, doc_id: str) -> None:
        self.ingestor.store.delete_document(doc_id)

    def profile_ids(self) -> set[str]:
        return {d for d in self.registry if is_profile(d)}


def _data_file_id(folder: Path, dataset_id: str) -> str:
    """`statistics/<id>.csv` (or .xlsx): the failure's path as the inventory and verify name it."""
    names = [p.name for p in data_files(folder) if p.stem == dataset_id] or [f"{dataset_id}.csv"]
    return f"{STATISTICS_DIR}/{names[0]}"
