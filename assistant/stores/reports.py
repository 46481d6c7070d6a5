"""The writing runs' reports in the shared database (server mode with `KLIMAT_DATABASE_URL`):
every instance's admin page and `ingest.py status` read the last run from here, whichever host
ran it. Embedded, the report stays `<store_dir>/last_run.json` (assistant/pipeline/ingestion/
report.py)."""

from __future__ import annotations

from sqlalchemy import select

from assistant.stores import database, schema


class RunReports:
    def __init__(self, url: str) -> None:
        self.db = database.Database(url, "ingestion")

    def save(self, command: str, started_at: str, report_json: str) -> None:
        """Add a run's report and keep only the latest `schema.REPORTS_KEPT`."""
        reports = schema.reports
        with self.db.write() as con:
            seq = con.execute(reports.insert().values(
                command=command, started_at=started_at, report=report_json)
            ).inserted_primary_key[0]
            con.execute(reports.delete().where(reports.c.seq <= seq - schema.REPORTS_KEPT))

    def latest(self) -> str | None:
        """The last run's report (JSON), or None before the first run."""
        with self.db.read() as con:
            return con.execute(select(schema.reports.c.report)
                               .order_by(schema.reports.c.seq.desc()).limit(1)).scalar()
