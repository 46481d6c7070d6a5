"""The knowledge base's life cycle: sync, remove, load statistics, inventory, verify.

`Ingestor(settings).sync()` brings the store in line with the knowledge folder.

Per document: load -> compare its sha256 with the registry -> unchanged ones cost nothing;
new or changed ones are chunked, embedded and swapped in with `VectorStore.replace_document`.
Documents that disappeared from disk are deleted (only when the whole folder is synced).
Statistics go to the tabular store (`assistant.statistics`); their profiles are embedded like
documents. One bad file never stops the rest: it becomes a `Failure` in the report.

Only one writer at a time (ChromaDB silently loses vectors with two): `write_lock` holds an
exclusive fcntl lock on `<store_dir>/ingest.lock` for the whole sync.

Untrusted formats are parsed in a resource-limited child process (`assistant.sandbox`). In
server mode the statistics are published to the server in the same run (`SharedStatistics`), so
every app instance answers from the same release. Each writing command leaves its report where
`last_report()` finds it: `<store_dir>/last_run.json`, or on the server in server mode.

The ingest CLI and the admin page share these functions: one way to do each thing.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.chunking import CHUNKER_VERSION, chunk_document
from assistant.config import Settings
from assistant.errors import UserFacingError, printable
from assistant.loading import (
    STATISTICS_DIR,
    LoadError,
    discover,
    document_id,
    skipped_links,
    unsupported_files,
)
from assistant.maintenance import (
    PROFILE_PREFIX,
    STATUS_LABELS,
    InventoryRow,
    Problem,
    VerifyReport,
    inventory,
    verify,
)
from assistant.models import Chunk, Document
from assistant.sandbox import load_document
from assistant.storing import StoreError, VectorStore, drop_collections, make_client
from assistant.uploads import import_file, save_upload

__all__ = ["PROFILE_PREFIX", "STATUS_LABELS", "Failure", "IngestLocked", "IngestReport",
           "Ingestor", "InventoryRow", "Problem", "VerifyReport", "import_file", "last_report",
           "lock_holder", "save_upload", "write_lock"]

log = logging.getLogger(__name__)

LOCK_NAME = "ingest.lock"
LAST_RUN_NAME = "last_run.json"  # embedded mode; in server mode a note in the state collection
LAST_RUN_NOTE = "last_run"

# progress(done, total, label): called before each document; total may grow once statistics
# profiles are known.
Progress = Callable[[int, int, str], None]


class IngestLocked(UserFacingError):
    """Another writer holds the store's write lock."""


@dataclass(frozen=True)
class Failure:
    path: str
    message: str  # Swedish, for the person who maintains the file
    detail: str  # for the log


@dataclass
class IngestReport:
    command: str = "sync"  # sync, rebuild, add, remove, stats load
    started_at: str = ""  # ISO 8601 UTC
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    units_embedded: int = 0  # answer units encoded (a text already stored is never encoded again)
    datasets: list[Any] = field(default_factory=list)  # statistics.LoadResult
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Symbolic links found and never read (their target could be anything on the machine).
    skipped_links: list[str] = field(default_factory=list)
    orphans_removed: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def changed(self) -> bool:
        """Whether readers must reopen: anything added, replaced, removed or reloaded."""
        return bool(self.added or self.updated or self.removed or self.orphans_removed
                    or any(d.status == "loaded" for d in self.datasets))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IngestReport:
        """The inverse of to_dict (for the persisted last run)."""
        from assistant.statistics import LoadResult

        known = {f.name for f in fields(cls)}
        report = cls(**{k: v for k, v in data.items() if k in known})
        report.failures = [Failure(**f) for f in report.failures]
        report.datasets = [LoadResult(**d) for d in report.datasets]
        return report

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["datasets"] = [asdict(d) if hasattr(d, "__dataclass_fields__") else d
                            for d in self.datasets]
        data["seconds"] = round(self.seconds, 2)
        return _printable(data)  # a file name that is not UTF-8 must not break the JSON

    def summary(self) -> str:
        """A few Swedish lines for the terminal or the admin page."""
        loaded = sum(1 for d in self.datasets if d.status == "loaded")
        same = sum(1 for d in self.datasets if d.status == "unchanged")
        lines = [
            f"Inläsningen tog {self.seconds:.1f} s.",
            f"Dokument: {len(self.added)} nya, {len(self.updated)} uppdaterade, "
            f"{len(self.unchanged)} oförändrade, {len(self.removed)} borttagna.",
            f"Textavsnitt inbäddade: {self.chunks_embedded} (och {self.units_embedded} "
            "svarsenheter).",
        ]
        if self.datasets:
            lines.append(f"Statistik: {loaded} dataset inlästa, {same} oförändrade, "
                         f"{len(self.datasets) - loaded - same} misslyckade.")
        if self.orphans_removed:
            lines.append(f"Städade bort {self.orphans_removed} kvarlämnade textavsnitt.")
        if self.skipped_links:
            lines.append(f"Hoppade över {len(self.skipped_links)} symbolisk(a) länk(ar); länkar "
                         "läses aldrig in. Kopiera in själva filerna i stället:")
            lines += [f"  - {link}" for link in self.skipped_links]
        lines += [f"Varning: {w}" for w in self.warnings]
        if self.failures:
            lines.append(f"{len(self.failures)} fel:")
            lines += [f"  - {f.path}: {f.message}" for f in self.failures]
        else:
            lines.append("Inga fel.")
        return printable("\n".join(lines))


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """Exclusive, non-blocking lock on `<store_dir>/ingest.lock`. It guards one host: in server
    mode, writers on different machines must be coordinated outside this lock."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    path = settings.store_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise IngestLocked(
                "En annan inläsning av kunskapsbasen pågår redan. Vänta tills den är klar och "
                "försök sedan igen.", f"{path} is locked by {holder or 'another process'}",
            ) from e
        # Who holds it, for the message above; the kernel drops the lock if we die.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(),
                  0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def lock_holder(settings: Settings) -> str | None:
    """Who holds the write lock right now ("pid 123 since ..."), or None when it is free."""
    try:
        with write_lock(settings):
            return None
    except IngestLocked as e:
        return e.detail.split(" is locked by ", 1)[-1]


def last_report(settings: Settings) -> IngestReport | None:
    """The report of the last writing run (sync, add, remove, rebuild, stats load), from any
    process: the file in store_dir, or in server mode the note on the server."""
    try:
        text = _read_last_run(settings)
        return IngestReport.from_dict(json.loads(text)) if text else None
    except Exception:  # a missing or unreadable report must not break status pages
        log.warning("could not read the last run's report", exc_info=True)
        return None


def _read_last_run(settings: Settings) -> str | None:
    if not settings.chroma_url:
        path = settings.store_dir / LAST_RUN_NAME
        return path.read_text(encoding="utf-8") if path.is_file() else None
    client = make_client(settings)
    names = {c.name for c in client.list_collections()}
    state = f"{settings.collection}_state"
    if state not in names:
        return None
    got = client.get_collection(state).get(ids=[f"note:{LAST_RUN_NOTE}"], include=["documents"])
    return got["documents"][0] if got["ids"] else None


@dataclass
class StatusReport:
    """`ingest.py status`: what the base holds and how the last run went."""

    mode: str  # "server" or "embedded"
    location: str
    model: str
    dimension: int
    generation: int
    documents: int
    profiles: int
    chunks: int
    datasets: list[dict[str, Any]]
    locked_by: str | None
    last_run: IngestReport | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_run"] = self.last_run.to_dict() if self.last_run else None
        return data

    def summary(self) -> str:
        where = "ChromaDB-server" if self.mode == "server" else "på disk"
        lines = [f"Kunskapsbas: {where} ({self.location}), modell {self.model} "
                 f"({self.dimension} dimensioner), generation {self.generation}.",
                 f"{self.documents} dokument, {self.profiles} statistikprofiler, "
                 f"{self.chunks} textavsnitt, {len(self.datasets)} dataset."]
        lines += [f"  - {d['id']}: {d['release']} ({d['rows']} rader, inläst {d['loaded_at']})"
                  for d in self.datasets]
        if self.locked_by:
            lines.append(f"En inläsning pågår just nu ({self.locked_by}).")
        if self.last_run is None:
            lines.append("Ingen inläsning är registrerad ännu.")
        else:
            run = self.last_run
            lines.append(f"Senaste körning: {run.command} {run.started_at}, "
                         f"{len(run.failures)} fel.")
            lines += [f"  - {f.path}: {f.message}" for f in run.failures]
        return "\n".join(lines)


class Ingestor:
    def __init__(self, settings: Settings, embeddings: Any = None,
                 store: VectorStore | None = None, progress: Progress | None = None) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._store = store
        self.progress = progress

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from assistant.embedding import get_embeddings

            self._embeddings = get_embeddings(self.settings)
        return self._embeddings

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = VectorStore(self.settings, self.embeddings)
        return self._store

    # -- writing commands -----------------------------------------------------------------

    def sync(self, paths: Sequence[str | Path] | None = None, prune: bool = True,
             rebuild: bool = False, allow_unit_change: bool = False) -> IngestReport:
        """Ingest the whole knowledge folder (paths=None) or just `paths` (files or folders
        inside it). Raises IngestLocked, StoreError (e.g. StoreModelMismatch); file problems
        are reported. A statistics release whose unit differs from the loaded one is refused
        unless `allow_unit_change`."""
        report = _new_report("rebuild" if rebuild else "sync" if paths is None else "add")
        with write_lock(self.settings):
            self._sync_locked(paths, prune, rebuild, report, allow_unit_change)
        return report

    def add(self, paths: Sequence[str | Path], copy: bool = True) -> IngestReport:
        """Add or update files and folders. Inside the knowledge folder they are ingested where
        they are; outside it they are first copied in under `docs/uploads/` with a generated
        name (see `save_upload`), or refused with copy=False."""
        report = _new_report("add")
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

    def _bring_in(self, paths: Sequence[str | Path], copy: bool,
                  report: IngestReport) -> list[Path]:
        """The paths to sync: those inside the knowledge folder as they are, outside files
        (and the documents of outside folders) copied in when `copy`."""
        root = self.settings.knowledge_dir.resolve()
        targets: list[Path] = []
        for raw in paths:
            given = Path(raw).expanduser().absolute()
            p = given.resolve()
            if p.is_relative_to(root) or not copy or not p.exists():
                targets.append(given)  # _select reports links, what is missing or outside
                continue
            if given.is_symlink():
                report.failures.append(_link_failure(str(raw), given))
                continue
            if p.is_dir():
                report.skipped_links += [str(link) for link in skipped_links(p)]
            for source in (discover(p) if p.is_dir() else [p]):
                try:
                    targets.append(import_file(self.settings, source, within=p))
                except LoadError as e:
                    report.failures.append(Failure(str(source), e.user_message, e.detail))
        return targets

    def remove(self, doc_ids: Sequence[str], delete_files: bool = True) -> IngestReport:
        """Withdraw documents: delete each file (and its sidecar) from the knowledge folder,
        then its chunks and registry record. The file goes first: should we die in between,
        the next sync removes the record, whereas the other order would bring the document
        back. With delete_files=False only the index entry goes; the next full sync adds the
        file again unless it is moved out of the knowledge folder."""
        report = _new_report("remove")
        started = time.perf_counter()
        with write_lock(self.settings):
            registry = {r.doc_id: r for r in self.store.documents()}
            for doc_id in doc_ids:
                self._remove_one(doc_id, registry, delete_files, report)
            self._finish(report, started)
        return report

    def load_statistics(self, data_path: str | Path, manifest_path: str | Path,
                        allow_unit_change: bool = False) -> IngestReport:
        """Load a new statistics release (CSV or XLSX + manifest) from anywhere, all or
        nothing (see assistant.releasing): check it, build its tables and every profile and
        embed the changed profiles, then install it in `knowledge/statistics/<id>.<csv|xlsx>`,
        publish it (server mode), swap the table and the profiles. Any failure leaves the old
        release everywhere and is in the report. A new unit needs `allow_unit_change`."""
        from assistant.releasing import InstallFiles
        from assistant.statistics import (
            Change,
            StatisticsError,
            StatisticsStore,
            check_release,
            read_release,
        )

        report = _new_report("stats load")
        started = time.perf_counter()
        data_path, manifest_path = Path(data_path), Path(manifest_path)
        with write_lock(self.settings):
            registry = {r.doc_id: r for r in self.store.documents()}
            try:
                stats = StatisticsStore(self.settings.stats_path)
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
            except StoreError:
                raise
            except Exception as e:  # whatever it was, nothing of the release went live
                log.exception("statistics release failed")
                report.failures.append(Failure(
                    data_path.name, "Utgåvan kunde inte läsas in på grund av ett oväntat fel. "
                    "Ingenting har ändrats; den tidigare utgåvan gäller.",
                    f"{type(e).__name__}: {e}"))
            self._finish(report, started)
        return report

    # -- reading commands -----------------------------------------------------------------

    def inventory(self) -> list[InventoryRow]:
        """Every document and statistics profile: indexed, on disk, or both, with a status."""
        return inventory(self.settings, self.store, _failed_paths(self.settings))

    def verify(self) -> VerifyReport:
        """Check the base against the knowledge folder; takes the write lock so that a running
        sync is not mistaken for an inconsistency (raises IngestLocked)."""
        from assistant.statistics import StatisticsStore

        with write_lock(self.settings):
            stats = StatisticsStore(self.settings.stats_path)
            last = last_report(self.settings)
            failed = {f.path: f.message for f in last.failures} if last else {}
            return verify(self.settings, self.store, failed, stats, self._shared_statistics(),
                          last)

    def status(self) -> StatusReport:
        from assistant.statistics import StatisticsStore

        store = self.store
        records = store.documents()
        profiles = sum(1 for r in records if r.doc_id.startswith(PROFILE_PREFIX))
        datasets = [asdict(d) for d in StatisticsStore(self.settings.stats_path).datasets()]
        return StatusReport(
            mode="server" if self.settings.chroma_url else "embedded",
            location=self.settings.chroma_url or str(self.settings.chroma_dir),
            model=store.model_id, dimension=store.dimension, generation=store.generation(),
            documents=len(records) - profiles, profiles=profiles, chunks=store.count(),
            datasets=datasets, locked_by=lock_holder(self.settings),
            last_run=last_report(self.settings))

    # -- steps ----------------------------------------------------------------------------

    def _finish(self, report: IngestReport, started: float) -> None:
        """Inside the lock: tell readers (generation) and keep the report for status pages."""
        if report.changed:
            self.store.bump_generation()
        report.seconds = time.perf_counter() - started
        self._save_report(report)
        log.info("%s done: %s", report.command, report.to_dict())

    def _save_report(self, report: IngestReport) -> None:
        text = json.dumps(report.to_dict(), ensure_ascii=False)
        try:
            if self.settings.chroma_url:
                self.store.put_note(LAST_RUN_NOTE, text)
            else:
                _write_atomically(self.settings.store_dir / LAST_RUN_NAME, text)
        except Exception:  # the run itself succeeded; losing its report must not undo that
            log.warning("could not save the run's report", exc_info=True)

    def _rebuild(self) -> None:
        from assistant.statistics import StatisticsStore

        if self._store is None:  # the old store may be of another model: don't open it
            drop_collections(self.settings)
        else:
            self._store.reset()
        StatisticsStore(self.settings.stats_path).clear()

    def _select(self, paths: Sequence[str | Path] | None,
                report: IngestReport) -> tuple[list[Path], Path | None]:
        """The document files to load, and the statistics folder when it is part of the run."""
        root = self.settings.knowledge_dir
        stats = root / STATISTICS_DIR
        if paths is None:
            if not root.is_dir():
                report.failures.append(Failure(str(root), "Kunskapsmappen finns inte.",
                                               f"knowledge_dir {root} is not a directory"))
                return [], None
            self._report_unsupported(root, report)
            self._report_links(root, report)
            return discover(root), stats if stats.is_dir() else None
        files: list[Path] = []
        stats_selected = False
        for raw in paths:
            given = Path(os.path.normpath(Path(raw).expanduser().absolute()))
            p = given.resolve()
            if _through_link(given, root):
                # A link, or a path through a linked folder: never read, whatever it points at.
                report.failures.append(_link_failure(self._doc_id(given), given))
            elif not p.is_relative_to(root.resolve()):
                # It would be ingested now and pruned by the next full sync: refuse instead.
                report.failures.append(Failure(str(raw), "Filen ligger utanför kunskapsmappen "
                                               f"({root}). Kopiera in den dit först.",
                                               f"{p} is not under {root}"))
            elif p == stats.resolve() or p.is_relative_to(stats.resolve()):
                stats_selected = True
            elif p.is_dir():
                self._report_unsupported(p, report)
                self._report_links(p, report)
                files += discover(p)
                stats_selected |= (p / STATISTICS_DIR).is_dir() and p == root.resolve()
            elif p.exists():
                files.append(p)
            else:
                report.failures.append(Failure(str(raw), "Filen eller mappen finns inte.",
                                               f"{p} does not exist"))
        return sorted(set(files)), stats if stats_selected and stats.is_dir() else None

    def _report_unsupported(self, folder: Path, report: IngestReport) -> None:
        for p in unsupported_files(folder):
            report.failures.append(Failure(self._doc_id(p), f"Filtypen {p.suffix or '(ingen)'} "
                                           "stöds inte och lästes inte in.",
                                           f"no loader for {p.name}"))

    def _report_links(self, folder: Path, report: IngestReport) -> None:
        """Name each link under `folder` by its own path in the knowledge folder (not by what
        it points at, which `document_id` would resolve to)."""
        roots = (self.settings.knowledge_dir.absolute(), self.settings.knowledge_dir.resolve())
        for link in skipped_links(folder):
            names = [link.relative_to(r).as_posix() for r in roots if link.is_relative_to(r)]
            report.skipped_links.append(names[0] if names else str(link))

    def _sync_files(self, files: list[Path], registry: dict[str, Any],
                    report: IngestReport) -> set[str]:
        seen: set[str] = set()
        for i, path in enumerate(files):
            doc_id = self._doc_id(path)
            seen.add(doc_id)  # a file that fails to load keeps its previous version
            self._progress(i, len(files), doc_id)
            try:
                doc = load_document(path, self.settings.knowledge_dir,
                                    max_mb=self.settings.max_upload_mb)
            except LoadError as e:
                log.warning("could not load %s: %s", path, e.detail)
                report.failures.append(Failure(doc_id, e.user_message, e.detail))
                continue
            self._apply(doc, registry, report)
        self._progress(len(files), len(files), "")
        return seen

    def _sync_statistics(self, folder: Path, registry: dict[str, Any],
                         report: IngestReport, prune: bool,
                         allow_unit_change: bool = False) -> set[str]:
        """Check every release in the folder, then release the changed ones with their
        profiles, all or nothing (assistant.releasing). Returns the profile ids the step
        handled, so that the document prune leaves them alone."""
        from assistant.statistics import StatisticsError, StatisticsStore, check_folder

        handled = {d for d in registry if d.startswith(PROFILE_PREFIX)}
        changes: list[Any] = []
        try:
            stats = StatisticsStore(self.settings.stats_path)
            shared = self._shared_statistics()
            results, changes = check_folder(stats, folder, shared, allow_unit_change)
            if prune:
                changes += self._unloads(stats, shared, folder, report)
            profiles = self._release(stats, shared, changes, registry, report,
                                     lambda change: _data_file_id(folder, change.dataset_id))
        except StoreError:
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
        from assistant.releasing import release
        from assistant.statistics import LoadResult

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
        from assistant.statistics import Change, data_files

        present = {p.stem for p in data_files(folder)}
        loaded = set(stats.signature()) | (set(shared.signature()) if shared else set())
        gone = sorted(loaded - present)
        if gone and not present:
            report.failures.append(Failure(f"{STATISTICS_DIR}/", "Inga statistikfiler hittades, "
                                           "så ingen statistik togs bort.",
                                           "empty statistics folder; refusing to unload all"))
            return []
        return [Change(dataset_id, f"{dataset_id} (borttagen)") for dataset_id in gone]

    def _apply(self, doc: Document, registry: dict[str, Any], report: IngestReport) -> None:
        """Embed and store one document unless the registry already holds this version."""
        chunking = self._chunking_tag()
        old = registry.get(doc.doc_id)
        if old is not None and old.sha256 == doc.sha256 and old.chunking == chunking:
            report.unchanged.append(doc.doc_id)
            return
        try:
            embedded = self._embed(doc, reuse=old is not None)
            self._store_embedded(doc, embedded)
        except LoadError as e:
            report.failures.append(Failure(doc.doc_id, e.user_message, e.detail))
            return
        except StoreError:
            raise  # the store itself is broken: stop rather than fail every document
        except Exception as e:
            log.exception("could not ingest %s", doc.doc_id)
            report.failures.append(Failure(doc.doc_id, "Dokumentet kunde inte läggas in i "
                                           "kunskapsbasen.", f"{type(e).__name__}: {e}"))
            return
        report.chunks_embedded += embedded.chunks_encoded
        report.units_embedded += embedded.units_encoded
        (report.updated if old is not None else report.added).append(doc.doc_id)
        report.warnings += [f"{doc.doc_id}: {w}" for w in doc.warnings]

    def _embed(self, doc: Document, reuse: bool = True) -> Embedded:
        """Chunks, answer units and their vectors for one document; writes nothing. With
        `reuse`, texts the store already holds for the document keep their vectors."""
        chunks = chunk_document(doc, self.settings.chunk_size, self.settings.chunk_overlap)
        if not chunks:
            raise LoadError(doc.path, "Dokumentet gav inga textavsnitt att söka i.",
                            "chunker returned no chunks")
        known = self.store.known_vectors(doc.doc_id) if reuse else {}
        vectors, unit_vectors = self.store.embed(chunks, known)
        chunks_encoded, units_encoded = self.store.embedded_last
        return Embedded(chunks, vectors, unit_vectors, chunks_encoded, units_encoded)

    def _store_embedded(self, doc: Document, embedded: Embedded) -> None:
        self.store.replace_document(doc, embedded.chunks, embedded.vectors,
                                    chunking=self._chunking_tag(),
                                    unit_vectors=embedded.unit_vectors)

    def _prune(self, registry: dict[str, Any], seen: set[str], report: IngestReport,
               stats_synced: bool) -> None:
        gone = [d for d in registry if d not in seen
                and (stats_synced or not d.startswith(PROFILE_PREFIX))]
        documents_on_disk = any(not d.startswith(PROFILE_PREFIX) for d in seen)
        if gone and not documents_on_disk and any(not d.startswith(PROFILE_PREFIX) for d in gone):
            # An empty or wrongly configured folder must not wipe the knowledge base.
            report.failures.append(Failure(
                str(self.settings.knowledge_dir),
                "Inga dokument hittades i kunskapsmappen, så inget togs bort. Kontrollera "
                "KLIMAT_KNOWLEDGE_DIR, eller kör `python ingest.py rebuild` för att tömma "
                "kunskapsbasen.", "no documents on disk; refusing to prune the whole registry"))
            return
        for doc_id in sorted(gone):
            self.store.delete_document(doc_id)
            report.removed.append(doc_id)

    def _remove_one(self, doc_id: str, registry: dict[str, Any], delete_files: bool,
                    report: IngestReport) -> None:
        path = self._document_path(doc_id)
        if path is None:
            message = ("Statistik tas inte bort som dokument: byt utgåva med `ingest.py stats "
                       "load`, eller ta bort datafilen ur statistics/ och kör ingest.py."
                       if doc_id.startswith(PROFILE_PREFIX) else
                       "Ogiltigt dokument-id: ange id:t som `ingest.py list` visar, t.ex. "
                       "docs/klimatplan.pdf.")
            report.failures.append(Failure(doc_id, message,
                                           "not a document id under the knowledge folder"))
            return
        on_disk = path.is_file()
        if doc_id not in registry and not on_disk:
            report.failures.append(Failure(doc_id, "Dokumentet finns inte i kunskapsbasen.",
                                           "no registry record and no file"))
            return
        if delete_files and on_disk:
            path.unlink()
            _sidecar(path).unlink(missing_ok=True)
        if doc_id in registry:
            self.store.delete_document(doc_id)
        report.removed.append(doc_id)

    def _document_path(self, doc_id: str) -> Path | None:
        """The file a doc_id names, or None when it does not name a document file inside the
        knowledge folder (a profile, `..`, an absolute path, a sidecar or statistics)."""
        root = self.settings.knowledge_dir.resolve()
        if not doc_id or doc_id.startswith(PROFILE_PREFIX) or Path(doc_id).is_absolute():
            return None
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root) or document_id(path, root) != doc_id:
            return None
        if doc_id.split("/")[0] == STATISTICS_DIR or doc_id.endswith(".meta.yaml"):
            return None
        return path

    def _shared_statistics(self) -> Any:
        if not self.settings.chroma_url:
            return None
        from assistant.statistics import shared_statistics

        return shared_statistics(self.settings, self.store.client)

    # -- helpers --------------------------------------------------------------------------

    def _doc_id(self, path: Path) -> str:
        return document_id(path, self.settings.knowledge_dir)

    def _chunking_tag(self) -> str:
        return f"v{CHUNKER_VERSION}/{self.settings.chunk_size}/{self.settings.chunk_overlap}"

    def _progress(self, done: int, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress(done, total, label)


@dataclass(frozen=True)
class Embedded:
    """One document made ready to store: chunks, vectors, and what really had to be encoded."""

    chunks: list[Chunk]
    vectors: list[list[float]]
    unit_vectors: dict[str, list[float]]
    chunks_encoded: int
    units_encoded: int


class _ProfileSink:
    """The statistics profiles in the vector store, for `releasing.release`: which ones changed
    (against the registry of this run), how one is embedded and written, and how many chunks
    each got."""

    def __init__(self, ingestor: Ingestor, registry: dict[str, Any]) -> None:
        self.ingestor = ingestor
        self.registry = registry
        self.chunks: dict[str, int] = {}  # chunks and units encoded per written profile
        self.units: dict[str, int] = {}

    def needs(self, doc: Document) -> bool:
        old = self.registry.get(doc.doc_id)
        return not (old is not None and old.sha256 == doc.sha256
                    and old.chunking == self.ingestor._chunking_tag())

    def prepare(self, doc: Document) -> Any:
        return self.ingestor._embed(doc)

    def commit(self, doc: Document, prepared: Embedded) -> None:
        self.ingestor._store_embedded(doc, prepared)
        self.chunks[doc.doc_id] = prepared.chunks_encoded
        self.units[doc.doc_id] = prepared.units_encoded

    def delete(self, doc_id: str) -> None:
        self.ingestor.store.delete_document(doc_id)

    def profile_ids(self) -> set[str]:
        return {d for d in self.registry if d.startswith(PROFILE_PREFIX)}


def _new_report(command: str) -> IngestReport:
    return IngestReport(command=command,
                        started_at=datetime.now(UTC).isoformat(timespec="seconds"))


def _printable(value: Any) -> Any:
    """`errors.printable` through a report's dicts and lists."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def _through_link(path: Path, root: Path) -> bool:
    """Whether a path written inside `root` is, or goes through, a symbolic link: its resolved
    location is not the same place under the (resolved) root. `root` itself may be a link."""
    lexical_root = Path(os.path.normpath(root.absolute()))
    if not path.is_relative_to(lexical_root):
        return False
    resolved, real_root = path.resolve(), root.resolve()
    return (not resolved.is_relative_to(real_root)
            or resolved.relative_to(real_root) != path.relative_to(lexical_root))


def _link_failure(name: str, path: Path) -> Failure:
    return Failure(name, "Sökvägen är en symbolisk länk (eller går genom en länkad mapp) och "
                         "läses inte. Ange själva filen eller mappen.",
                   f"{path} resolves to {path.resolve()}; links are never followed")


def _failed_paths(settings: Settings) -> dict[str, str]:
    last = last_report(settings)
    return {f.path: f.message for f in last.failures} if last else {}


def _data_file_id(folder: Path, dataset_id: str) -> str:
    """`statistics/<id>.csv` (or .xlsx): the failure's path as the inventory and verify name it."""
    from assistant.statistics import data_files

    names = [p.name for p in data_files(folder) if p.stem == dataset_id] or [f"{dataset_id}.csv"]
    return f"{STATISTICS_DIR}/{names[0]}"


def _sidecar(path: Path) -> Path:
    from assistant.loading import sidecar_path

    return sidecar_path(path)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


