"""Fixtures of the figure tests."""

from __future__ import annotations

import pytest

from assistant.config import Settings


@pytest.fixture
def cli_env(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command line of this process pointed at the session's built store, no language model."""
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(built_settings.store_dir))
    monkeypatch.setenv("KLIMAT_KNOWLEDGE_DIR", str(built_settings.knowledge_dir))
    monkeypatch.setenv("KLIMAT_COLLECTION", built_settings.collection)
    monkeypatch.setenv("KLIMAT_EMBEDDING_MODEL", built_settings.embedding_model)
    monkeypatch.delenv("KLIMAT_CHROMA_URL", raising=False)
    for name in ("KLIMAT_LLM_BASE_URL", "KLIMAT_LLM_MODEL", "KLIMAT_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return built_settings
