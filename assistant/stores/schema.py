"""Every table the stores keep, once, for SQLite and PostgreSQL alike (SQLAlchemy Core), and the
migrations that create and change them, per component.

- statistics: `datasets` (one row per loaded release: manifest, header, sha256, rows, the table
  its rows are in and the previous release's), one `release_<sha24>` table per release, and
  `releases`, the history of what was loaded and unloaded when;
- audit: `answers` and `feedback` (assistant/stores/audit.py);
- ingestion: `reports`, the writing runs' reports (server mode; embedded keeps last_run.json).

Times are ISO 8601 text in UTC, as the SQLite files have always stored them, so that text
comparison is time comparison on both engines. A release's rows live in a table named by its
sha256, so a reader that found a release in `datasets` reads exactly that release's rows, never
the next release's rows under the old manifest; the previous release's table is dropped only at
the switch after, and a reader that still misses it (two switches in between) reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)

metadata = MetaData()

version_table = Table(
    "schema_version", metadata,
    Column("component", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("applied_at", String(40), nullable=False),
)

# --- statistics

datasets = Table(
    "datasets", metadata,
    Column("id", String(64), primary_key=True),
    Column("manifest", Text, nullable=False),
    Column("header", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("data_table", String(63)),  # added by statistics migration 2
    # The release before, kept until the next switch: a reader that found the old release a
    # moment before the switch still reads its rows (assistant/stores/statistics/store.py).
    Column("previous_table", String(63)),
)

releases = Table(
    "releases", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("dataset_id", String(64), nullable=False),
    Column("sha256", String(64)),  # None: unloaded
    Column("release", Text),
    Column("rows", Integer, nullable=False),
    Column("at", String(40), nullable=False),
    Index("releases_dataset", "dataset_id", "seq"),
)

COLUMN_TYPES = {"str": Text, "int": BigInteger, "float": Float}


def release_table_name(sha256: str) -> str:
    return f"release_{sha256[:24]}"


def legacy_table_name(dataset_id: str) -> str:
    """Where a store written before the schema was versioned keeps a dataset's rows."""
    return f"data_{dataset_id}"


def data_table(name: str, columns: list[tuple[str, str]]) -> Table:
    """A release's rows: `columns` are (name, manifest type), in the file's order."""
    return Table(name, MetaData(), *(Column(c, COLUMN_TYPES[kind]) for c, kind in columns))


# --- audit

answers = Table(
    "answers", metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", String(40), nullable=False),
    Column("question", Text),
    Column("question_mode", String(20), nullable=False),
    Column("status", String(40), nullable=False),
    Column("language", String(10), nullable=False),
    Column("answer", Text, nullable=False),
    Column("sources", Text, nullable=False),
    Column("figures", Text, nullable=False),
    Index("answers_created", "created_at"),
)

feedback = Table(
    "feedback", metadata,
    Column("answer_id", String(32), ForeignKey("answers.id", ondelete="CASCADE"),
           primary_key=True),
    Column("created_at", String(40), nullable=False),
    Column("helpful", Integer, nullable=False),
    Column("comment", Text, nullable=False),
    Index("feedback_created", "created_at"),
)

# --- ingestion

reports = Table(
    "reports", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("command", String(40), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("report", Text, nullable=False),  # IngestReport.to_dict() as JSON
)

REPORTS_KEPT = 200  # the reports table keeps the latest runs, not every run forever


# --- migrations


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]  # idempotent: a file may hold part of it already


def _create(*tables: Table) -> Callable[[Connection], None]:
    def apply(con: Connection) -> None:
        for table in tables:
            table.create(con, checkfirst=True)  # also adopts a file from before versioning
    return apply


def _datasets_v1(con: Connection) -> None:
    """The layout before versioning: `datasets` without `data_table`; rows in data_<id>."""
    if inspect(con).has_table("datasets"):
        return
    con.execute(text("CREATE TABLE datasets (id VARCHAR(64) PRIMARY KEY, manifest TEXT NOT NULL, "
                     "header TEXT NOT NULL, sha256 VARCHAR(64) NOT NULL, rows INTEGER NOT NULL, "
                     "loaded_at VARCHAR(40) NOT NULL)"))


def _datasets_v2(con: Connection) -> None:
    """Name each release's table (and the previous one's) in `datasets`; the history table."""
    columns = {c["name"] for c in inspect(con).get_columns("datasets")}
    if "data_table" not in columns:
        con.execute(text("ALTER TABLE datasets ADD COLUMN data_table VARCHAR(63)"))
        con.execute(text("UPDATE datasets SET data_table = 'data_' || id"))
    if "previous_table" not in columns:
        con.execute(text("ALTER TABLE datasets ADD COLUMN previous_table VARCHAR(63)"))
    releases.create(con, checkfirst=True)


MIGRATIONS: dict[str, list[Migration]] = {
    "statistics": [Migration(1, "datasets", _datasets_v1),
                   Migration(2, "a table per release, release history", _datasets_v2)],
    "audit": [Migration(1, "answers and feedback", _create(answers, feedback))],
    "ingestion": [Migration(1, "run reports", _create(reports))],
}


def latest_version(component: str) -> int:
    return MIGRATIONS[component][-1].version
