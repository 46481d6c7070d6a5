"""Keeping the knowledge base current: `Ingestor` (ingestor.py) runs the document steps
(documents.py) and the statistics steps (statistics.py) under one write lock (lock.py) and
leaves a report (report.py). The names the CLI, the admin page and the tests use are here."""

from assistant.pipeline.ingestion.ingestor import Ingestor, Progress
from assistant.pipeline.ingestion.lock import LOCK_NAME, IngestLocked, lock_holder, write_lock
from assistant.pipeline.ingestion.report import (
    Failure,
    IngestReport,
    StatusReport,
    last_report,
)

__all__ = ["LOCK_NAME", "Failure", "IngestLocked", "IngestReport", "Ingestor", "Progress",
           "StatusReport", "last_report", "lock_holder", "write_lock"]
