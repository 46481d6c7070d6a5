"""English questions read against Swedish sources (assistant/glossary.py)."""

from __future__ import annotations

from assistant.answer.glossary import glossary, swedish_words


def test_longest_phrase_wins_and_names_are_kept() -> None:
    words = swedish_words("Does the climate roadmap of Region Stockholm cover RUFS 2050?")
    assert "klimatfärdplan" in words and "Region Stockholm" in words and "RUFS" in words
    assert "2050" in words


def test_question_words_are_not_names() -> None:
    assert "What" not in swedish_words("What does Klimatklivet fund?").split()


def test_every_entry_has_a_translation() -> None:
    entries = glossary()
    assert len(entries) > 100 and all(en and sv for en, sv in entries)
