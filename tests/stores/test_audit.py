"""Audit log and feedback: personal data never reaches the database (the SQLite file, or
PostgreSQL), retention purges, feedback is stored per answer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.config import get_settings
from assistant.models import Answer, Figure, Source
from assistant.stores.audit import NOT_STORED, AuditLog, redact
from tests.conftest import free_port

NOW = datetime(2026, 5, 3, 12, 0, tzinfo=UTC)
PERSONNUMMER = "811218-9876"
EMAIL = "anna.svensson@example.se"
PHONE = "070-123 45 67"
NAME = "Annika Bergqvist"
QUESTION = (f"Jag heter {NAME}, personnummer {PERSONNUMMER}, nås på {EMAIL} eller {PHONE}. "
            "Hur stora var Nackas utsläpp 2024?")
SECRETS = (PERSONNUMMER, "8112189876", EMAIL, "anna.svensson", "123 45 67", NAME, "Bergqvist")


def answered(question: str = QUESTION) -> Answer:
    figure = Figure("Utsläpp, alla sektorer", 121152.559, "t CO2e", "Nacka", 2024, "Totalt",
                    "SMHI:s värde", "SMHI", "SMHI 2026 (senaste år 2024)", "emissions_by_sector")
    source = Source(1, "Utsläpp per kommun", "https://nationellaemissionsdatabasen.smhi.se/",
                    "SMHI 2026", "citat", doc_id="statistik/emissions_by_sector")
    return Answer(question, "answered", "Nackas utsläpp 2024 var 121 153 t CO2e. [1]",
                  figures=[figure], sources=[source])


def refused(question: str = QUESTION) -> Answer:
    # Like answering.py's refusal, which quotes the question.
    return Answer(question, "refused", f"Kunskapsbasen har inget som besvarar frågan ”{question}”.")


def raw_bytes(path: Path) -> bytes:
    """Everything SQLite has written: the database and its write-ahead log."""
    data = b""
    for candidate in (path, path.with_name(path.name + "-wal")):
        if candidate.exists():
            data += candidate.read_bytes()
    return data


@pytest.fixture
def where(tmp_path: Path, database_url: str) -> Path | str:
    """Where the log lives: the SQLite file, or a PostgreSQL database of the test's own."""
    return database_url or tmp_path / "audit.sqlite"


def stored_bytes(log: AuditLog) -> bytes:
    """Everything the log holds: SQLite's files as written, or every row PostgreSQL keeps."""
    if not log.db.server:
        return raw_bytes(log.path)
    with log.db.read() as con:
        rows = con.exec_driver_sql("SELECT CAST(a AS text) FROM answers a UNION ALL "
                                   "SELECT CAST(f AS text) FROM feedback f").scalars().all()
    return "\n".join(rows).encode()


# ---------------------------------------------------------------- redaction


@pytest.mark.parametrize(("text", "expected"), [
    ("Mitt personnummer är 811218-9876.", "Mitt personnummer är [personnummer]."),
    ("19811218-9876 och 198112189876 och 811218+9876 och 8112189876",
     "[personnummer] och [personnummer] och [personnummer] och [personnummer]"),
    ("Samordningsnummer 811278-1234.", "Samordningsnummer [personnummer]."),
    ("Ring 070-123 45 67 eller 08-123 456 78.", "Ring [telefon] eller [telefon]."),
    ("+46 70 123 45 67, +46701234567, 0046 8 123 456 78, (08) 123 45 67, 08-12345678",
     "[telefon], [telefon], [telefon], [telefon], [telefon]"),
    ("Skriv till anna.svensson@nacka.se!", "Skriv till [e-post]!"),
    ("Jag heter Anna Svensson och bor i Nacka.", "Jag heter [namn] och bor i Nacka."),
    ("Mitt namn är Eva-Lena Karlsson.", "Mitt namn är [namn]."),
    ("my name is John Smith", "my name is [namn]"),
    ("Jag är Anna Berg, handläggare.", "Jag är [namn], handläggare."),
    ("Tack!\nMvh\nPer Olsson", "Tack!\nMvh [namn]"),
])
def test_redact_removes_personal_data(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Hur stora var Nackas utsläpp 2024?",
    "Jämför 1990 och 2005: 7 280 958 ton mot 6 554 816 ton.",
    "Utsläppen 2015-2024 i Stockholms län.",
    "Region Stockholms organisationsnummer är 232100-0016.",  # not a possible date
    "Jag är Nackabo och undrar över 2,6 ton per invånare.",  # one word after "jag är"
    "Klimatfärdplan 2050 och RUFS 2050.",
])
def test_redact_keeps_ordinary_questions(text):
    assert redact(text) == text


# ---------------------------------------------------------------- the database file


@pytest.mark.parametrize("mode", ["redacted", "none"])
def test_personal_data_never_reaches_the_file(where, mode):
    log = AuditLog(where, mode=mode, now=NOW)
    first = log.record(answered(), now=NOW)
    second = log.record(refused(), now=NOW)
    log.feedback(first, helpful=False, comment=f"Fel! Kontakta mig på {EMAIL} / {PHONE}, "
                                                f"mitt namn är {NAME}.", now=NOW)
    log.feedback(second, helpful=True, comment=f"Mitt personnummer {PERSONNUMMER}", now=NOW)
    data = stored_bytes(log)
    assert data  # the file was written
    for secret in SECRETS:
        assert secret.encode() not in data, secret
    assert "Nackas utsläpp 2024".encode() in data  # the answer itself is kept
    stored = log.answer(second)
    assert stored is not None and stored["status"] == "refused"
    if mode == "none":
        assert stored["question"] is None and NOT_STORED in stored["answer"]
    else:
        assert "[personnummer]" in stored["question"] and "[namn]" in stored["answer"]


def test_full_mode_keeps_the_question(where):
    log = AuditLog(where, mode="full", now=NOW)
    answer_id = log.record(answered(), now=NOW)
    assert log.answer(answer_id)["question"] == QUESTION


def test_long_refusal_echo_is_not_doubled(where):
    question = "x" * 130 + f" {EMAIL}"
    answer = Answer(question, "refused", f"Inget svar på ”{question[:120]}…”.")
    log = AuditLog(where, now=NOW)
    stored = log.answer(log.record(answer, now=NOW))
    assert stored["answer"].count("x" * 120) == 1 and EMAIL not in stored["answer"]


def test_record_stores_sources_and_figures(where):
    log = AuditLog(where, now=NOW)
    stored = log.answer(log.record(answered(), now=NOW))
    assert stored["created_at"] == "2026-05-03T12:00:00.000000Z"
    assert stored["language"] == "sv" and stored["question_mode"] == "redacted"
    assert stored["sources"] == [{"id": 1, "title": "Utsläpp per kommun",
                                  "source": "https://nationellaemissionsdatabasen.smhi.se/",
                                  "page": "SMHI 2026", "doc_id": "statistik/emissions_by_sector"}]
    assert stored["figures"][0]["value"] == 121152.559
    assert stored["figures"][0]["unit"] == "t CO2e"


# ---------------------------------------------------------------- feedback and statistics


def test_feedback_is_stored_once_per_answer(where):
    log = AuditLog(where, now=NOW)
    a = log.record(answered(), now=NOW)
    b = log.record(refused("Vad är Melodifestivalen?"), now=NOW)
    assert log.feedback(a, helpful=True, now=NOW)
    assert log.feedback(b, helpful=True, comment="bra", now=NOW + timedelta(minutes=1))
    assert log.feedback(b, helpful=False, comment="ändrade mig", now=NOW + timedelta(minutes=2))
    assert not log.feedback("okänt-id", helpful=True)
    entries = log.recent_feedback(limit=10)
    assert [(e.answer_id, e.helpful, e.comment) for e in entries] == [
        (b, False, "ändrade mig"), (a, True, "")]
    assert entries[0].question == "Vad är Melodifestivalen?" and entries[0].status == "refused"
    assert log.recent_feedback(limit=1)[0].answer_id == b
    stats = log.stats()
    assert (stats.answers, stats.by_status, stats.helpful, stats.not_helpful) == (
        2, {"answered": 1, "refused": 1}, 1, 1)
    assert stats.oldest == stats.newest == "2026-05-03T12:00:00.000000Z"


def test_comment_is_capped(where):
    log = AuditLog(where, now=NOW)
    a = log.record(answered(), now=NOW)
    log.feedback(a, helpful=True, comment="a" * 5000, now=NOW)
    assert len(log.recent_feedback()[0].comment) == 2000


# ---------------------------------------------------------------- retention


def test_retention_purges_on_open_and_on_demand(where):
    path = where
    log = AuditLog(path, retention_days=90, now=NOW)
    old = log.record(refused("Gammal fråga om Täby"), now=NOW - timedelta(days=91))
    kept = log.record(answered(), now=NOW - timedelta(days=89))
    log.feedback(old, helpful=False, comment="gammal kommentar", now=NOW - timedelta(days=91))
    # Opening the log applies the retention period.
    reopened = AuditLog(path, retention_days=90, now=NOW)
    assert reopened.answer(old) is None and reopened.answer(kept) is not None
    assert reopened.recent_feedback() == []
    assert b"Gammal fr" not in stored_bytes(reopened)
    assert b"gammal kommentar" not in stored_bytes(reopened)
    # And so does an explicit purge later on.
    assert reopened.purge_expired(NOW + timedelta(days=2)) == 1
    assert reopened.stats().answers == 0


def test_bad_settings_fall_back_to_safe_values(where):
    log = AuditLog(where, mode="everything", retention_days=0, now=NOW)
    assert log.mode == "redacted" and log.retention_days == 1


def test_from_settings(tmp_path):
    settings = get_settings().with_(store_dir=tmp_path, audit_questions="none",
                                    audit_retention_days=30)
    log = AuditLog.from_settings(settings)
    assert log is not None and log.path == tmp_path / "audit.sqlite"
    assert (log.mode, log.retention_days) == ("none", 30)
    assert AuditLog.from_settings(settings.with_(audit_enabled=False)) is None


def test_concurrent_writers(where):
    log = AuditLog(where, now=NOW)
    ids: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(20):
            answer_id = log.record(answered())
            log.feedback(answer_id, helpful=True)
            with lock:
                ids.append(answer_id)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats = log.stats()
    assert len(set(ids)) == 80 and stats.answers == 80 and stats.helpful == 80


# ---------------------------------------------------------------- issue 11


@pytest.mark.parametrize(("text", "expected"), [
    ("Mitt personnummer är 1912 1212-1212.", "Mitt personnummer är [personnummer]."),
    ("19121212 1212 och 121212 - 1212", "[personnummer] och [personnummer]"),
    ("Skriv till namn(at)kommun.se i dag.", "Skriv till [e-post] i dag."),
    ("anna.svensson [at] nacka.se eller per {at} sthlm (dot) se",
     "[e-post] eller [e-post]"),
    ("Mejla anna.svensson (at) nacka (dot) se", "Mejla [e-post]"),
])
def test_redact_catches_spaced_personnummer_and_obfuscated_email(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "Utsläppen var 2015 2024-1234 ton enligt tabellen.",  # no valid personnummer
    "Vi tittade at kommunen.",
])
def test_the_wider_patterns_keep_ordinary_text(text):
    assert redact(text) == text


def test_the_audit_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """It holds questions and comments: 0600, like the write-ahead log SQLite keeps next to
    it. A file created by an older version with 0644 is tightened when opened."""
    import os
    import stat

    path = tmp_path / "audit.sqlite"
    log = AuditLog(path)
    log.feedback(log.record(answered()), helpful=True, comment="bra")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("audit.sqlite")]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), \
        {p.name: oct(p.stat().st_mode) for p in files}
    os.chmod(path, 0o644)
    AuditLog(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ---------------------------------------------------------------- issue 13: shared on PostgreSQL


def test_retention_runs_once_not_once_per_instance(postgres_url: str) -> None:
    """While one instance purges (holds the advisory lock), another skips its purge instead of
    deleting the same rows again; once the lock is free, the next open purges."""
    import sqlalchemy

    from assistant.stores import database
    from assistant.stores.audit import RETENTION_LOCK

    first = AuditLog(postgres_url, retention_days=90, now=NOW)
    old = first.record(refused("Gammal fråga"), now=NOW - timedelta(days=91))
    holder = sqlalchemy.create_engine(postgres_url, poolclass=sqlalchemy.pool.NullPool)
    with holder.begin() as con:
        con.execute(sqlalchemy.text("SELECT pg_advisory_xact_lock(:key)"),
                    {"key": database.lock_key(RETENTION_LOCK)})
        second = AuditLog(postgres_url, retention_days=90, now=NOW)
        assert second.purge_expired(NOW) == 0 and second.answer(old) is not None
    assert AuditLog(postgres_url, retention_days=90).answer(old) is None


def test_two_instances_share_one_log(postgres_url: str) -> None:
    """Feedback given on one instance is listed by another: one table for all of them."""
    one, other = AuditLog(postgres_url, now=NOW), AuditLog(postgres_url, now=NOW)
    answer_id = one.record(answered(), now=NOW)
    assert other.feedback(answer_id, helpful=False, comment="fel siffra", now=NOW)
    assert [(e.answer_id, e.comment) for e in one.recent_feedback()] == [(answer_id,
                                                                          "fel siffra")]
    assert one.stats() == other.stats() and one.stats().answers == 1


def test_an_unreachable_database_is_a_clear_error(postgres: Any) -> None:
    """The app starts without the log (it is logged), and a write says in Swedish what is
    wrong instead of a driver's traceback."""
    from assistant.stores.database import DatabaseUnavailable

    url = postgres.url("postgres").replace(f":{postgres.port}/", f":{free_port()}/")
    log = AuditLog(url, now=NOW)
    with pytest.raises(DatabaseUnavailable, match="Databasen \\(PostgreSQL\\) går inte att nå"):
        log.record(answered())
