"""The Ingestor's document steps: select the files of a run, load each in the sandbox, chunk and
embed what changed, swap it in, and remove what left the folder.

Per document: load -> compare its sha256 with the registry -> unchanged ones cost nothing; new
or changed ones are chunked, embedded and swapped in with `VectorStore.replace_document`.
Documents that disappeared from disk are deleted (only when the whole folder is synced). One
bad file never stops the rest: it becomes a `Failure` in the report.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.models import Chunk, Document
from assistant.pipeline.chunking import CHUNKER_VERSION, chunk_document
from assistant.pipeline.ingestion.lock import write_lock
from assistant.pipeline.ingestion.report import Failure, IngestReport, new_report
from assistant.pipeline.loading import discover, document_id, skipped_links, unsupported_files
from assistant.pipeline.loading.metadata import sidecar_path
from assistant.pipeline.sandbox import load_document
from assistant.pipeline.uploads import import_file
from assistant.reference import STATISTICS_DIR, is_profile
from assistant.stores.vectors import StoreError, VectorStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Embedded:
    """One document made ready to store: chunks, vectors, and what really had to be encoded."""

    chunks: list[Chunk]
    vectors: list[list[float]]
    unit_vectors: dict[str, list[float]]
    chunks_encoded: int
    units_encoded: int


class DocumentSteps:
    """Mixed into `Ingestor`: what it does with documents. Uses the ingestor's `settings`,
    `store` and `progress`, and its `_finish` to close a run."""

    settings: Settings
    store: VectorStore
    progress: Any

    def _doc_id(self, path: Path) -> str:
        return document_id(path, self.settings.knowledge_dir)

    def chunking_tag(self) -> str:
        return f"v{CHUNKER_VERSION}/{self.settings.chunk_size}/{self.settings.chunk_overlap}"

    def _progress(self, done: int, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress(done, total, label)

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
        report = new_report("remove")
        started = time.perf_counter()
        with write_lock(self.settings):
            registry = {r.doc_id: r for r in self.store.documents()}
            for doc_id in doc_ids:
                self._remove_one(doc_id, registry, delete_files, report)
            self._finish(report, started)
        return report

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

    def _apply(self, doc: Document, registry: dict[str, Any], report: IngestReport) -> None:
        """Embed and store one document unless the registry already holds this version."""
        chunking = self.chunking_tag()
        old = registry.get(doc.doc_id)
        if old is not None and old.sha256 == doc.sha256 and old.chunking == chunking:
            report.unchanged.append(doc.doc_id)
            return
        try:
            embedded = self.embed_document(doc, reuse=old is not None)
            self.store_embedded(doc, embedded)
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

    def embed_document(self, doc: Document, reuse: bool = True) -> Embedded:
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

    def store_embedded(self, doc: Document, embedded: Embedded) -> None:
        self.store.replace_document(doc, embedded.chunks, embedded.vectors,
                                    chunking=self.chunking_tag(),
                                    unit_vectors=embedded.unit_vectors)

    def _prune(self, registry: dict[str, Any], seen: set[str], report: IngestReport,
               stats_synced: bool) -> None:
        gone = [d for d in registry if d not in seen
                and (stats_synced or not is_profile(d))]
        documents_on_disk = any(not is_profile(d) for d in seen)
        if gone and not documents_on_disk and any(not is_profile(d) for d in gone):
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
                       if is_profile(doc_id) else
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
            sidecar_path(path).unlink(missing_ok=True)
        if doc_id in registry:
            self.store.delete_document(doc_id)
        report.removed.append(doc_id)

    def _document_path(self, doc_id: str) -> Path | None:
        """The file a doc_id names, or None when it does not name a document file inside the
        knowledge folder (a profile, `..`, an absolute path, a sidecar or statistics)."""
        root = self.settings.knowledge_dir.resolve()
        if not doc_id or is_profile(doc_id) or Path(doc_id).is_absolute():
            return None
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root) or document_id(path, root) != doc_id:
            return None
        if doc_id.split("/")[0] == STATISTICS_DIR or doc_id.endswith(".meta.yaml"):
            return None
        return path


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
