"""What is in the base and whether it is sound: the inventory and `verify`.

Both compare three things: the knowledge folder (the system of record), the document registry
and chunks in ChromaDB, and the statistics store (SQLite cache, and in server mode the shared
collection on the server). They only read; `Ingestor.inventory()` and `Ingestor.verify()` are
the entry points.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.pipeline.datasets import data_files, manifest_for, read_release
from assistant.pipeline.loading import discover, document_id, file_version
from assistant.pipeline.profiles import profiles
from assistant.reference import STATISTICS_DIR, is_profile
from assistant.stores.statistics import StatisticsError
from assistant.stores.vectors import DocRecord, VectorStore

# Inventory status codes (stable, for scripts and the admin page) and their Swedish labels.
STATUS_LABELS = {
    "ok": "Inläst",
    "changed": "Ändrad, inte inläst",  # the file differs from the ingested version
    "failed": "Misslyckades",  # the last run rejected the file; an older version may be served
    "missing": "Filen saknas",  # indexed, but the file is gone: the next sync removes it
    "new": "Ny, inte inläst",  # on disk, never ingested
}


@dataclass(frozen=True)
class InventoryRow:
    doc_id: str
    title: str
    doc_type: str
    source_date: str
    chunks: int
    ingested_at: str  # ISO 8601 UTC, "" when never ingested
    status: str  # a key of STATUS_LABELS
    warnings: tuple[str, ...] = ()
    kind: str = "document"  # or "profile" (statistics)
    message: str = ""  # the last run's Swedish error for this file, when it failed

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Problem:
    check: str  # "chunks", "orphans", "files", "statistics", "profiles", "report", "shared"
    subject: str  # doc_id, dataset id or chunk id
    message: str  # Swedish: what is wrong and what to do
    detail: str = ""
    severity: Literal["error", "warning"] = "error"


@dataclass
class VerifyReport:
    documents: int = 0
    chunks: int = 0
    datasets: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}

    def summary(self) -> str:
        lines = [f"Kontrollerade {self.documents} dokument, {self.chunks} textavsnitt och "
                 f"{self.datasets} dataset."]
        warnings = [p for p in self.problems if p.severity == "warning"]
        if self.errors:
            lines.append(f"{len(self.errors)} fel:")
            lines += [f"  - {p.subject}: {p.message}" for p in self.errors]
        else:
            lines.append("Kunskapsbasen är konsekvent.")
        if warnings:
            lines.append(f"{len(warnings)} varningar:")
            lines += [f"  - {p.subject}: {p.message}" for p in warnings]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Inventory


def inventory(settings: Settings, store: VectorStore, failed: dict[str, str]) -> list[InventoryRow]:
    """One row per document and statistics profile, indexed or on disk. `failed` maps doc_id
    to the last run's error message."""
    records = {r.doc_id: r for r in store.documents()}
    on_disk = _files_on_disk(settings)
    dates = _source_dates(store, [r for r in records.values() if not r.source_date])
    rows = []
    for doc_id in sorted(set(records) | set(on_disk)):
        record = records.get(doc_id)
        status = _status(record, on_disk.get(doc_id), doc_id in failed)
        if record is None:
            rows.append(InventoryRow(doc_id, Path(doc_id).name, "", "", 0, "", status,
                                     message=failed.get(doc_id, "")))
            continue
        rows.append(InventoryRow(
            doc_id=doc_id, title=record.title, doc_type=record.doc_type,
            source_date=record.source_date or dates.get(doc_id, ""), chunks=record.chunk_count,
            ingested_at=record.ingested_at, status=status, warnings=record.warnings,
            kind="profile" if is_profile(doc_id) else "document",
            message=failed.get(doc_id, "")))
    return rows


def _status(record: DocRecord | None, path: Path | None, failed: bool) -> str:
    if record is None:
        return "failed" if failed else "new"
    if is_profile(record.doc_id):
        return "ok"
    if path is None:
        return "missing"
    if failed:
        return "failed"
    return "ok" if _version(path) == record.sha256 else "changed"


def _files_on_disk(settings: Settings) -> dict[str, Path]:
    return {document_id(p, settings.knowledge_dir): p for p in discover(settings.knowledge_dir)}


def _version(path: Path) -> str:
    try:
        return file_version(path)
    except (OSError, LoadError):  # gone, unreadable, or turned into a link since discovery
        return ""


def _source_dates(store: VectorStore, records: list[DocRecord]) -> dict[str, str]:
    """Registry records written before they carried source_date: read it off the first chunk."""
    first = [r.chunk_ids[0] for r in records if r.chunk_ids]
    return {c.doc_id: c.meta.source_date for c in store.get_chunks(first) if c.meta}


# ---------------------------------------------------------------------------------------------
# Verify


def verify(settings: Settings, store: VectorStore, failed: dict[str, str],
           stats: Any, shared: Any = None, last_run: Any = None) -> VerifyReport:
    """Every check; `failed` (the last run's failures) turns a file the ingestion rejected on
    purpose into a warning instead of an error. `stats` is the StatisticsStore, `shared` the
    SharedStatistics in server mode, `last_run` the last run's IngestReport: the live
    statistics, their profiles and that report must agree."""
    records = {r.doc_id: r for r in store.documents()}
    chunks = store.chunk_versions()
    report = VerifyReport(documents=len(records), chunks=sum(len(v) for v in chunks.values()))
    report.problems += _check_chunks(records, chunks)
    report.problems += _check_files(settings, records, failed)
    report.problems += _check_statistics(settings, records, failed, stats, report)
    report.problems += _check_profiles(records, stats)
    if last_run is not None:
        report.problems += _check_last_run(last_run, (shared or stats).signature())
    if shared is not None:
        report.problems += _check_shared(stats, shared)
    return report


def _check_chunks(records: dict[str, DocRecord],
                  chunks: dict[str, dict[str, str]]) -> list[Problem]:
    problems = []
    for doc_id, record in records.items():
        stored = chunks.get(doc_id, {})
        missing = [c for c in record.chunk_ids if c not in stored]
        wrong = [c for c in record.chunk_ids if c in stored and stored[c] != record.sha256]
        if missing or wrong or len(record.chunk_ids) != record.chunk_count:
            problems.append(Problem(
                "chunks", doc_id, "Dokumentets textavsnitt saknas eller hör till fel version. "
                "Läs in det igen (ingest.py add) eller bygg om (ingest.py rebuild).",
                f"{len(missing)} missing, {len(wrong)} with another sha, registry count "
                f"{record.chunk_count} vs {len(record.chunk_ids)} ids"))
    for doc_id, stored in chunks.items():
        active = records[doc_id].sha256 if doc_id in records else None
        orphans = [c for c, sha in stored.items() if sha != active]
        if orphans:
            problems.append(Problem(
                "orphans", doc_id, f"{len(orphans)} kvarlämnade textavsnitt utan aktivt "
                "dokument. De syns inte i svaren; nästa inläsning (ingest.py) tar bort dem.",
                f"orphan chunk ids, e.g. {orphans[0]}"))
    return problems


def _check_files(settings: Settings, records: dict[str, DocRecord],
                 failed: dict[str, str]) -> list[Problem]:
    problems = []
    on_disk = _files_on_disk(settings)
    for doc_id, record in records.items():
        if is_profile(doc_id):
            continue
        path = on_disk.get(doc_id)
        if path is None:
            problems.append(Problem("files", doc_id, "Dokumentet finns i kunskapsbasen men "
                                    "filen saknas i kunskapsmappen. Kör ingest.py för att ta "
                                    "bort det, eller lägg tillbaka filen.",
                                    f"no file {settings.knowledge_dir / doc_id}"))
        elif _version(path) != record.sha256:
            problems.append(_maybe_rejected(
                "files", doc_id, failed, "Filen har ändrats sedan den lästes in. Kör "
                "ingest.py add för att läsa in den nya versionen.",
                f"file sha {_version(path)[:12]} != registry {record.sha256[:12]}"))
    for doc_id in sorted(set(on_disk) - set(records)):
        problems.append(_maybe_rejected(
            "files", doc_id, failed, "Filen ligger i kunskapsmappen men är inte inläst. Kör "
            "ingest.py add.", "file on disk without a registry record"))
    return problems


def _maybe_rejected(check: str, subject: str, failed: dict[str, str], message: str,
                    detail: str) -> Problem:
    """A file the last run rejected is a known, reported state (the previous version, if any,
    is served): a warning with the rejection message, not an inconsistency."""
    if subject in failed:
        return Problem(check, subject, f"Avvisades vid senaste inläsningen: {failed[subject]}",
                       detail, "warning")
    return Problem(check, subject, message, detail)


def _check_statistics(settings: Settings, records: dict[str, DocRecord],
                      failed: dict[str, str], stats: Any, report: VerifyReport) -> list[Problem]:
    problems = []
    loaded = stats.signature()
    report.datasets = len(loaded)
    folder = settings.knowledge_dir / STATISTICS_DIR
    on_disk: dict[str, Path] = {p.stem: p for p in data_files(folder)} if folder.is_dir() else {}
    for dataset_id, data_path in sorted(on_disk.items()):
        subject = f"{STATISTICS_DIR}/{data_path.name}"
        try:
            sha = read_release(data_path, manifest_for(data_path)).sha256
        except StatisticsError as e:
            problems.append(_maybe_rejected("statistics", subject, failed, e.user_message,
                                            e.detail))
            continue
        if dataset_id not in loaded:
            problems.append(_maybe_rejected("statistics", subject, failed, "Datasetet är inte "
                                            "inläst. Kör ingest.py.", "not in the store"))
        elif loaded[dataset_id] != sha:
            problems.append(_maybe_rejected(
                "statistics", subject, failed, "Filen eller manifestet skiljer sig från den "
                "inlästa utgåvan. Kör ingest.py för att läsa in den.",
                f"folder sha {sha[:12]} != loaded {loaded[dataset_id][:12]}"))
    for dataset_id in sorted(set(loaded) - set(on_disk)):
        problems.append(Problem("statistics", dataset_id, "Datasetet är inläst men dess fil "
                                "saknas i kunskapsmappen. Kör ingest.py.", "no data file"))
    for info in stats.datasets():
        if stats.row_count(info.id) != info.rows:
            problems.append(Problem("statistics", info.id, "Tabellen har fel antal rader. Bygg "
                                    "om (ingest.py rebuild).", f"table rows != {info.rows}"))
    return problems


def _check_profiles(records: dict[str, DocRecord], stats: Any) -> list[Problem]:
    """The searchable profiles must be exactly the ones the live statistics give: a table
    swapped under old profiles answers retrieval questions with numbers from another
    release ("121 153 t CO2e år 2099")."""
    try:
        expected = {p.doc_id: p.sha256 for p in profiles(stats)}
    except Exception as e:
        return [Problem("profiles", "statistik", "Nyckeltalen kan inte byggas ur den inlästa "
                        "statistiken, så den hänger inte ihop. Läs in en fungerande utgåva "
                        "(ingest.py stats load) eller bygg om.", f"{type(e).__name__}: {e}")]
    indexed = {d: r.sha256 for d, r in records.items() if is_profile(d)}
    problems = []
    for doc_id in sorted(set(expected) | set(indexed)):
        if doc_id not in indexed:
            message, detail = "Profilen saknas i kunskapsbasen. Kör ingest.py.", "not indexed"
        elif doc_id not in expected:
            message, detail = ("Profilen hör inte till någon inläst statistik. Kör ingest.py.",
                               "stale profile")
        elif indexed[doc_id] != expected[doc_id]:
            message, detail = ("Profilen stämmer inte med den inlästa statistiken (den är "
                               "byggd ur en annan utgåva). Kör ingest.py.",
                               f"indexed {indexed[doc_id][:12]} != live {expected[doc_id][:12]}")
        else:
            continue
        problems.append(Problem("profiles", doc_id, message, detail))
    return problems


def _check_last_run(last_run: Any, live: dict[str, str]) -> list[Problem]:
    """What the last run's report says about the statistics must be what is live; a release
    it refused (and rolled back) is a warning, so `verify` shows it."""
    problems = []
    for result in last_run.datasets:
        sha = getattr(result, "sha256", "")
        if result.status in ("loaded", "unchanged") and sha and live.get(result.dataset_id) != sha:
            problems.append(Problem(
                "report", result.dataset_id, "Den inlästa statistiken är inte den utgåva som "
                "senaste körningen rapporterade. Kör ingest.py igen.",
                f"report {sha[:12]} != live {live.get(result.dataset_id, '-')[:12]}"))
    # A file rejected by a sync is a warning of the file check already (`_maybe_rejected`);
    # a refused `stats load` release is not in the folder, nor is the statistics step itself.
    statistics_run = last_run.command == "stats load"
    for failure in last_run.failures:
        if statistics_run or failure.path == f"{STATISTICS_DIR}/":
            problems.append(Problem("report", failure.path, "Avvisades vid senaste inläsningen "
                                    f"(den tidigare utgåvan gäller): {failure.message}",
                                    failure.detail, "warning"))
    return problems


def _check_shared(stats: Any, shared: Any) -> list[Problem]:
    """Server mode: the shared store is the system of record; the writer's cache must match."""
    local, remote = stats.signature(), shared.signature()
    return [Problem("shared", dataset_id, "Statistiken på servern och den lokala kopian är "
                    "olika utgåvor. Kör ingest.py.",
                    f"server {remote.get(dataset_id, '-')[:12]} local "
                    f"{local.get(dataset_id, '-')[:12]}")
            for dataset_id in sorted(set(local) | set(remote))
            if local.get(dataset_id) != remote.get(dataset_id)]
