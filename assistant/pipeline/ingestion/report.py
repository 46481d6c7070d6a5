"""What a writing run did, and where the last run's report is kept for every process to read:
`<store_dir>/last_run.json`, in server mode with a shared database its `reports` table, or
with only the chroma server a note in the shared state collection.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from assistant.config import Settings
from assistant.errors import printable
from assistant.files import write_atomically
from assistant.stores.reports import RunReports
from assistant.stores.statistics import LoadResult
from assistant.stores.vectors import VectorStore, make_client

log = logging.getLogger(__name__)

LAST_RUN_NAME = "last_run.json"  # embedded mode; in server mode a note in the state collection
LAST_RUN_NOTE = "last_run"


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
    if settings.database_url:
        return RunReports(settings.database_url).latest()
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


def new_report(command: str) -> IngestReport:
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


def save_report(settings: Settings, store: VectorStore, report: IngestReport) -> None:
    """Keep the run's report where `last_report` finds it (inside the write lock)."""
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    try:
        if settings.database_url:
            RunReports(settings.database_url).save(report.command, report.started_at, text)
        elif settings.chroma_url:
            store.put_note(LAST_RUN_NOTE, text)
        else:
            write_atomically(settings.store_dir / LAST_RUN_NAME, text)
    except Exception:  # the run itself succeeded; losing its report must not undo that
        log.warning("could not save the run's report", exc_info=True)


def failed_paths(settings: Settings) -> dict[str, str]:
    """The last run's failures: path -> Swedish message."""
    last = last_report(settings)
    return {f.path: f.message for f in last.failures} if last else {}
