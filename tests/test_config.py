"""Settings: the KLIMAT_* environment read by `get_settings`, never by `Settings(...)`."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.config import PROJECT_ROOT, Settings, get_settings


def test_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLIMAT_TOP_K", "9")
    settings = Settings()
    assert settings.top_k == 5 and settings.store_dir == PROJECT_ROOT / ".store"
    assert settings.audit_enabled and settings.audit_questions == "redacted"
    assert settings.stats_path == PROJECT_ROOT / ".store" / "statistics.sqlite"


def test_the_environment_is_read_by_get_settings(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("KLIMAT_TOP_K", "9")
    monkeypatch.setenv("KLIMAT_MIN_SCORE", "0.8")
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(tmp_path / "butik"))
    monkeypatch.setenv("KLIMAT_AUDIT", "av")
    monkeypatch.setenv("KLIMAT_AUDIT_STORE_QUESTIONS", "none")
    monkeypatch.setenv("KLIMAT_COLLECTION", "   ")  # blank means the default
    settings = get_settings()
    assert (settings.top_k, settings.min_score) == (9, 0.8)
    assert settings.store_dir == (tmp_path / "butik").resolve()
    assert not settings.audit_enabled and settings.audit_questions == "none"
    assert settings.collection == "klimatassistenten"
    assert type(settings) is Settings and settings == Settings(**settings.model_dump())


def test_with_changes_a_copy_and_settings_are_immutable(tmp_path: Path) -> None:
    settings = Settings()
    changed = settings.with_(store_dir=tmp_path, chroma_url="")
    assert changed.store_dir == tmp_path and settings.store_dir != tmp_path
    assert hash(Settings()) == hash(settings)
    with pytest.raises(ValidationError):
        settings.top_k = 3  # type: ignore[misc]


def test_a_value_of_the_wrong_type_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLIMAT_TOP_K", "fem")
    with pytest.raises(ValidationError, match="top_k"):
        get_settings()
    with pytest.raises(ValidationError):
        Settings(no_such_setting=1)  # type: ignore[call-arg]
