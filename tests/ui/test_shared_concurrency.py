"""Several sessions asking at once through the app's one shared assistant (assistant/ui/shared.py):
figure and knowledge questions (and a follow-up) from eight threads, on a cold assistant whose
warm-up runs beside them, give exactly the answers one session gets asking alone, and no errors;
and a store refresh in the middle of them (another process finished an ingestion) changes no
answer. Real store, real e5 model, real statistics; no timing is asserted."""

from __future__ import annotations

import shutil
import threading
import traceback
from pathlib import Path

import pytest

from assistant.answer.answering import Assistant, Conversation
from assistant.config import Settings
from assistant.figures.engine import data as figure_data
from assistant.models import Answer
from assistant.stores.vectors import VectorStore
from assistant.ui.shared import SharedAssistant

SESSIONS = 8

# One session's turns: the second turn of the first pair is a follow-up of the first.
TURNS: list[tuple[str, ...]] = [
    ("Hur stora var Nackas utsläpp 2024?", "Och för Huddinge?"),
    ("Vad är Klimatkansliet?",),
    ("Vilka fem kommuner hade högst utsläpp per invånare 2024?",),
    ("Vad är Klimatklivet?",),
    ("Hur har Stockholms utsläpp förändrats sedan 1990?",),
    ("Hur många laddpunkter fanns det i Täby 2023?",),
    ("Vad säger RUFS 2050 om klimatet?",),
    ("Vilka kommuner i länet minskade sina utsläpp mest mellan 2015 och 2024?",),
]


def _ask_turns(ask, turns: tuple[str, ...]) -> list[Answer]:
    conversation = Conversation()
    return [ask(question, conversation) for question in turns]


def _serial(settings: Settings) -> dict[tuple[str, ...], list[Answer]]:
    alone = Assistant(settings)
    return {turns: _ask_turns(lambda q, c: alone.ask(q, c, rewrite=False), turns)
            for turns in TURNS}


def _run_sessions(shared: SharedAssistant, during=None) -> tuple[dict, list[str]]:
    """Every session asks every turn list, each starting at its own place in the list."""
    answers: dict[int, list[tuple[tuple[str, ...], list[Answer]]]] = {}
    errors: list[str] = []
    start = threading.Barrier(SESSIONS + (1 if during else 0))

    def session(index: int) -> None:
        mine = []
        try:
            start.wait()
            for offset in range(len(TURNS)):
                turns = TURNS[(index + offset) % len(TURNS)]
                mine.append((turns, _ask_turns(shared.ask, turns)))
        except Exception:
            errors.append(traceback.format_exc())
        answers[index] = mine

    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    for thread in threads:
        thread.start()
    if during:
        start.wait()
        during()
    for thread in threads:
        thread.join()
    return answers, errors


@pytest.fixture
def cold_figure_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """No statistics table indexed yet, so the sessions and the warm-up build them together."""
    monkeypatch.setattr(figure_data, "_CACHE", {})
    monkeypatch.setattr(figure_data, "_BUILDING", {})


def _assert_same(answers: dict, serial: dict) -> None:
    assert len(answers) == SESSIONS
    for index, mine in answers.items():
        assert len(mine) == len(TURNS), f"session {index} did not finish"
        for turns, got in mine:
            assert got == serial[turns], f"session {index}, {turns}: differs from one session"


def test_eight_sessions_at_once_get_the_single_session_answers(
        built_settings: Settings, cold_figure_tables: None) -> None:
    shared = SharedAssistant(built_settings)  # cold: no store, corpus or table yet
    warm = shared.warm_in_background()
    answers, errors = _run_sessions(shared)
    warm.join()
    assert errors == []
    serial = _serial(built_settings)
    statuses = {a.route for mine in answers.values() for _, got in mine for a in got}
    assert {"figures", "documents"} <= statuses, "the mix must hold both kinds of question"
    _assert_same(answers, serial)


def test_a_store_refresh_among_the_sessions_changes_no_answer(
        built_settings: Settings, tmp_path: Path) -> None:
    # A copy of the store of our own: the refresh is triggered by writing its generation marker.
    settings = built_settings.with_(store_dir=tmp_path / "store")
    shutil.copytree(built_settings.store_dir, settings.store_dir)
    serial = _serial(settings)
    shared = SharedAssistant(settings)
    shared.ask("Vad är Klimatkansliet?", Conversation())  # the store is open: it can go stale
    writer = VectorStore(settings, shared.resources.embeddings)

    answers, errors = _run_sessions(shared, during=writer.bump_generation)
    assert errors == []
    _assert_same(answers, serial)
    assert not shared.resources.store.is_stale(), "the sessions refreshed the store"
