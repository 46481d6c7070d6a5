"""The CLI contract: `python -m assistant ask "FRÅGA" --json` in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from assistant.config import PROJECT_ROOT, Settings

KEYS = {"question", "status", "reading", "answer", "figures", "sources"}


def _ask(settings: Settings, question: str) -> tuple[int, dict]:
    env = dict(os.environ, KLIMAT_STORE_DIR=str(settings.store_dir),
               KLIMAT_KNOWLEDGE_DIR=str(settings.knowledge_dir))
    env.pop("KLIMAT_CHROMA_URL", None)
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", question, "--json"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    return done.returncode, json.loads(done.stdout)


def test_cli_answers_with_sources(built_settings: Settings) -> None:
    code, data = _ask(built_settings, "Vad är Klimatkansliet?")
    assert code == 0
    assert set(data) == KEYS
    assert data["status"] == "answered"
    assert data["sources"] and set(data["sources"][0]) == {"id", "title", "source", "page", "quote"}
    assert data["figures"] == []


def test_cli_refuses_what_the_base_does_not_cover(built_settings: Settings) -> None:
    code, data = _ask(built_settings, "Vem vann Melodifestivalen 2023?")
    assert code == 0
    assert data["status"] == "refused" and data["sources"] == []


def test_cli_figure_value_is_a_number(built_settings: Settings) -> None:
    code, data = _ask(built_settings, "Hur stora var Nackas utsläpp 2024?")
    assert code == 0 and data["status"] == "answered"
    figure = next(f for f in data["figures"] if f["kommun"] == "Nacka")
    assert isinstance(figure["value"], float | int)
    assert round(figure["value"]) == 121153
    assert figure["year"] == 2024 and figure["release"] and figure["source"]
