"""Audit log and feedback: what the assistant answered, from which sources, and what users
thought of it, for the climate office: in SQLite (`store_dir/audit.sqlite`), or with
`KLIMAT_DATABASE_URL` in the shared PostgreSQL, one log for every instance.

Questions are free text and may hold personal data, and a stored log can become an official
document (allmän handling), so the defaults minimise: the question is stored *redacted*, records
older than the retention period are deleted whenever the log is opened (on PostgreSQL by one
instance at a time, under an advisory lock), and deleted rows are overwritten in SQLite
(`secure_delete`; PostgreSQL's VACUUM reclaims them).
Question modes: "redacted" (default), "none" (no question text at
all) and "full" (opt-in, e.g. for a time-limited evaluation approved by the DPO and archivist).

What `redact` removes (replaced by a marker such as "[e-post]"):
- e-mail addresses, also written to dodge a filter: "namn(at)kommun.se", "namn [at] kommun
  (dot) se";
- Swedish personal identity and coordination numbers: YYMMDD-XXXX, YYMMDD+XXXX, YYYYMMDD-XXXX,
  and the same without separator, when the date part is a possible date (so "212000-0142", an
  organisation number, and years such as "2015-2024" are kept); written with spaces inside
  ("1912 1212-1212") when python-stdnum's validator accepts it (date and check digit);
- phone numbers: 070-123 45 67, 0701234567, 08-123 456 78, 08-12345678, +46 70 123 45 67,
  +46701234567, 0046 8 123 456 78, (08) 123 45 67;
- names introduced by "jag heter", "mitt namn är", "jag är", "my name is", "I am", "I'm",
  "kontaktperson", "handläggare", "mvh", "hälsningar", "med vänlig hälsning", "regards": up to
  three capitalised words after the phrase ("Anna", "Anna Svensson", "Eva-Lena af Klint" is only
  partly caught).
What it does not catch: names elsewhere in the text ("Ring Anna Svensson"), names written in
lower case, street addresses, case numbers, and numbers written in words. The comment in the
admin view and this docstring say so; the "none" mode is the safe choice when that matters.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from stdnum.se import personnummer as stdnum_personnummer

from assistant.models import Answer
from assistant.stores import database, schema

log = logging.getLogger(__name__)

QuestionMode = Literal["redacted", "none", "full"]
QUESTION_MODES: tuple[str, ...] = ("redacted", "none", "full")
DEFAULT_RETENTION_DAYS = 90
MAX_COMMENT_CHARS = 2000
NOT_STORED = "[frågan sparas inte]"
FILE_NAME = "audit.sqlite"

# ---------------------------------------------------------------- redaction

# "@", or "(at)", "[at]", "{at}" (also "snabel-a"); "." or "(dot)"/"(punkt)" in the domain.
_AT = r"(?:@|\s*[(\[{]\s*(?:at|snabel-a)\s*[)\]}]\s*)"
_DOT = r"(?:\.|\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*)"
_EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE)
# 6 or 8 date digits (single spaces allowed between them), an optional -/+ (or space), 4
# digits; the date and, for the spaced forms, the check digit are validated below.
_PERSONNUMMER = re.compile(r"(?<![\d-])(?P<date>(?:\d[ ]?){5,7}\d)[ ]?[-+]?[ ]?(?P<tail>\d{4})"
                           r"(?![\d])")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+46|0046)[\s-]*\(?0?\)?[\s-]*\d{1,3}(?:[\s-]*\d){5,8}(?!\d)"  # +46 70 …
    r"|(?<![\w+])\(?0\d{1,3}\)?(?:[\s-]*\d){5,8}(?!\d)"  # 070-123 45 67, 08-123 456 78
)
_NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖÉ][a-zåäöéü]+)?"
_NAME_TRIGGERS = (r"jag heter|mitt namn är|jag är|my name is|i am|i'm|kontaktperson(?:en)?:?|"
                  r"handläggare:?|mvh,?|hälsningar,?|med vänlig hälsning,?|vänliga hälsningar,?|"
                  r"best regards,?|regards,?")
_NAME = re.compile(rf"(?i:\b(?P<trigger>{_NAME_TRIGGERS}))\s+(?P<name>{_NAME_WORD}"
                   rf"(?:\s+{_NAME_WORD}){{0,2}})")
# After "jag är"/"I am" a single capitalised word is usually not a name ("Jag är Nackabo"), so
# those triggers need first name and surname.
_WEAK_TRIGGERS = ("jag är", "i am", "i'm")


def _possible_date(digits: str) -> bool:
    """YYMMDD or YYYYMMDD with month 01–12 and day 01–31, or 61–91 for a coordination number."""
    month, day = int(digits[-4:-2]), int(digits[-2:])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def _redact_personnummer(match: re.Match[str]) -> str:
    date = match["date"]
    if " " not in date:  # the compact forms: any possible date (typos in the check digit too)
        return "[personnummer]" if len(date) in (6, 8) and _possible_date(date) else match[0]
    # Spaces inside the date ("1912 1212-1212") are rarer in ordinary text than in numbers:
    # only a complete, valid personnummer counts.
    digits = date.replace(" ", "")
    if len(digits) not in (6, 8):
        return match[0]
    separator = "+" if "+" in match[0] else "-"
    valid = stdnum_personnummer.is_valid(f"{digits}{separator}{match['tail']}")
    return "[personnummer]" if valid else match[0]


def _redact_name(match: re.Match[str]) -> str:
    trigger = match["trigger"]
    if trigger.lower() in _WEAK_TRIGGERS and len(match["name"].split()) < 2:
        return match[0]
    return f"{trigger} [namn]"


def redact(text: str) -> str:
    """Remove e-mail addresses, personal identity numbers, phone numbers and introduced names.
    Personal identity numbers go first: "0101011234" is both a possible phone number and the
    number of someone born in 2001, and either way it must go."""
    text = _EMAIL.sub("[e-post]", text)
    text = _PERSONNUMMER.sub(_redact_personnummer, text)
    text = _PHONE.sub("[telefon]", text)
    return _NAME.sub(_redact_name, text)


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class FeedbackEntry:
    answer_id: str
    created_at: str  # ISO 8601, UTC
    helpful: bool
    comment: str
    question: str  # as stored: redacted, "[frågan sparas inte]", or full
    status: str
    answer: str


@dataclass(frozen=True)
class AuditStats:
    answers: int
    by_status: dict[str, int]
    helpful: int
    not_helpful: int
    oldest: str | None
    newest: str | None


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    # One fixed format in UTC, so that text comparison in SQL is time comparison.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# SQLite only: foreign keys on, purged personal data overwritten, wait for a writer.
_SQLITE_PRAGMAS = ("journal_mode=WAL", "foreign_keys=ON", "secure_delete=ON",
                   "busy_timeout=30000")
RETENTION_LOCK = "klimatassistenten.audit.retention"


def _private(path: Path) -> None:
    """The log holds questions and comments: create it 0600 (SQLite gives its -wal and -shm
    files the database file's mode), and tighten a file an older version created 0644."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.is_file() and not side.is_symlink() and stat.S_IMODE(side.stat().st_mode) != 0o600:
            side.chmod(0o600)


class AuditLog:
    """The audit log: an SQLite file per instance (`path`), or with a database URL the shared
    PostgreSQL every instance writes to and the admin page of any instance reads. Thread-safe:
    every call takes a connection of its own (SQLite in WAL mode, so readers do not block the
    writer), and nothing is cached between calls."""

    def __init__(self, path: Path | str, mode: str = "redacted",
                 retention_days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None):
        if mode not in QUESTION_MODES:
            log.warning("unknown audit question mode %r; using 'redacted'", mode)
            mode = "redacted"
        if retention_days < 1:
            log.warning("audit retention %r days is not allowed; using 1 day", retention_days)
            retention_days = 1
        self.mode: QuestionMode = mode  # type: ignore[assignment]
        self.retention_days = retention_days
        self._db: database.Database | None = None
        self.url, self.path = database.locate(path)
        if database.is_server(self.url):
            try:  # the shared database may be down: the app starts anyway and answers
                self.purge_expired(now)
            except database.DatabaseUnavailable as e:
                log.error("audit log: %s", e.detail)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _private(self.path)
        self.purge_expired(now)

    @classmethod
    def from_settings(cls, settings: Any) -> AuditLog | None:
        """The log the settings ask for, or None when auditing is off."""
        if not settings.audit_enabled:
            return None
        return cls(settings.database_url or settings.audit_path, settings.audit_questions,
                   settings.audit_retention_days)

    @property
    def db(self) -> database.Database:
        """The database, opened (and its schema upgraded) on first use."""
        if self._db is None:
            self._db = database.Database(self.url, "audit", _SQLITE_PRAGMAS)
        return self._db

    # --- what is stored

    def stored_question(self, question: str) -> str | None:
        if self.mode == "full":
            return question
        if self.mode == "none":
            return None
        return redact(question)

    def stored_answer_text(self, answer: Answer) -> str:
        """The answer text, with any echo of the question (a refusal quotes it) replaced by the
        question as stored, then redacted like the question."""
        text = answer.answer
        if self.mode == "full":
            return text
        stored = self.stored_question(answer.question) or NOT_STORED
        question = answer.question.rstrip("…")
        # A refusal quotes the question whole or cut at 120 characters; the over-long refusal
        # keeps 200. Replace the longest echo found, once, so the stored form is not doubled.
        for echo in (question, question[:200], question[:120]):
            if echo and echo in text:
                text = text.replace(echo, stored)
                break
        return redact(text)

    # --- writing

    def record(self, answer: Answer, now: datetime | None = None) -> str:
        """Store one answer; returns its id, which the UI keeps for feedback."""
        answer_id = uuid.uuid4().hex
        sources = [{"id": s.id, "title": s.title, "source": s.source, "page": s.page,
                    "doc_id": s.doc_id} for s in answer.sources]
        figures = [f.public() for f in answer.figures]
        with self.db.write() as con:
            con.execute(schema.answers.insert().values(
                id=answer_id, created_at=_iso(now or _now()),
                question=self.stored_question(answer.question), question_mode=self.mode,
                status=answer.status, language=answer.language,
                answer=self.stored_answer_text(answer),
                sources=json.dumps(sources, ensure_ascii=False),
                figures=json.dumps(figures, ensure_ascii=False, default=str)))
        return answer_id

    def feedback(self, answer_id: str, helpful: bool, comment: str = "",
                 now: datetime | None = None) -> bool:
        """Thumbs up/down with an optional comment; a second vote on the same answer replaces
        the first. The comment is redacted unless questions are stored in full. Returns False
        when the answer is not in the log (never recorded, or already purged)."""
        text = (comment or "").strip()[:MAX_COMMENT_CHARS]
        if self.mode != "full":
            text = redact(text)
        answers, feedback = schema.answers, schema.feedback
        with self.db.write() as con:
            if con.execute(select(answers.c.id).where(answers.c.id == answer_id)).first() is None:
                return False
            con.execute(feedback.delete().where(feedback.c.answer_id == answer_id))
            con.execute(feedback.insert().values(answer_id=answer_id,
                                                 created_at=_iso(now or _now()),
                                                 helpful=int(bool(helpful)), comment=text))
        return True

    def purge_expired(self, now: datetime | None = None) -> int:
        """Delete answers (and their feedback) older than the retention period; returns how
        many answers were deleted."""
        cutoff = _iso((now or _now()) - timedelta(days=self.retention_days))
        answers, feedback = schema.answers, schema.feedback
        with self.db.write() as con:
            if not self.db.try_xact_lock(con, RETENTION_LOCK):
                log.info("audit: another instance is purging; skipped")
                return 0  # once, not once per instance: the one holding the lock does it
            expired = select(answers.c.id).where(answers.c.created_at < cutoff)
            con.execute(feedback.delete().where(feedback.c.answer_id.in_(expired)))
            deleted = con.execute(answers.delete().where(answers.c.created_at < cutoff)).rowcount
        if deleted and not self.db.server:
            # Fold the write-ahead log into the database so no copy of the old pages remains.
            con = sqlite3.connect(self.path, timeout=30)
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                con.close()
            log.info("audit: purged %d answers older than %s", deleted, cutoff)
        return deleted

    # --- reading (admin view)

    def recent_feedback(self, limit: int = 50) -> list[FeedbackEntry]:
        a, f = schema.answers, schema.feedback
        query = (select(f.c.answer_id, f.c.created_at, f.c.helpful, f.c.comment, a.c.question,
                        a.c.status, a.c.answer)
                 .join_from(f, a, a.c.id == f.c.answer_id)
                 .order_by(f.c.created_at.desc()).limit(max(0, int(limit))))
        with self.db.read() as con:
            rows = con.execute(query).all()
        return [FeedbackEntry(r[0], r[1], bool(r[2]), r[3], r[4] or NOT_STORED, r[5], r[6])
                for r in rows]

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        """One stored answer as a dict (sources and figures decoded), for the admin view."""
        with self.db.read() as con:
            row = con.execute(select(schema.answers).where(
                schema.answers.c.id == answer_id)).first()
        if row is None:
            return None
        record = dict(row._mapping)
        record["sources"] = json.loads(record["sources"])
        record["figures"] = json.loads(record["figures"])
        return record

    def stats(self) -> AuditStats:
        a, f = schema.answers, schema.feedback
        with self.db.read() as con:
            by_status = dict(con.execute(select(a.c.status, func.count()).group_by(a.c.status)
                                         .order_by(a.c.status)).all())
            helpful, not_helpful = con.execute(select(
                func.coalesce(func.sum(f.c.helpful), 0),
                func.coalesce(func.sum(1 - f.c.helpful), 0))).one()
            oldest, newest = con.execute(select(func.min(a.c.created_at),
                                                func.max(a.c.created_at))).one()
        return AuditStats(sum(by_status.values()), by_status, int(helpful), int(not_helpful),
                          oldest, newest)

    def retention_until(self, today: date | None = None) -> date:
        """The oldest day still kept: shown in the admin view next to the retention setting."""
        return (today or _now().date()) - timedelta(days=self.retention_days)
