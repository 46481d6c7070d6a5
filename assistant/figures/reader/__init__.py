"""Reading a figure question into a `Query`: `interpret(question, previous=None)`.

The modules, in the order a question meets them: `words` (the words and years), `reading`
(everything read once), `classify` (knowledge question? own operations? a target? figures at
all? answerable?), `followups` ("Och för Nacka?"), `build` (the operation and its fields),
`signals` and `coverage` (every operation-changing word used, or a question back). The word
tables are in `vocabulary`. No model is involved, so the same question always gets the same
reading.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.figures.query import Query
from assistant.figures.reader import classify, coverage, followups
from assistant.figures.reader.build import build
from assistant.figures.reader.reading import read
from assistant.figures.reader.words import Years, read_years
from assistant.figures.request import Interpretation


def interpret(question: str, previous: Query | None = None) -> Interpretation:
    """Read a question into a Query, a question back, a refusal, or nothing (retrieval)."""
    r = read(question or "")
    found = _interpret(r, previous)
    if found.is_figure_question and not found.unread:
        found = replace(found, unread=coverage.unread_words(r))
    return found


def _interpret(r, previous: Query | None) -> Interpretation:
    if classify.is_knowledge_question(r):
        return Interpretation()
    declined = classify.own_operations(r) or classify.target_question(r)
    if declined:
        return declined
    if classify.document_cue(r):
        return Interpretation()
    if followups.is_follow_up(r, previous):
        return coverage.check(r, followups.follow_up(r, previous))
    if not classify.is_figure_question(r):
        return classify.unreadable(r)
    return classify.problem(r) or coverage.check(r, build(r))


__all__ = ["Years", "interpret", "read_years"]
