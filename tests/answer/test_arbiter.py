"""The decision table between figures and documents (assistant/arbiter.py)."""

from __future__ import annotations

import pytest

from assistant.answer.arbiter import DOCUMENT_REASONS, decide, is_claim, strip_claim


def route(**kw) -> str:
    base = dict(claim=False, figure_question=False, figure_answered=False, figure_reason=None,
                documents_strong=False)
    return decide(**{**base, **kw}).route


def test_a_claim_the_documents_state_is_checked() -> None:
    assert route(claim=True, documents_strong=True, figure_question=True,
                 figure_answered=True) == "claim"


def test_a_computed_figure_wins_over_documents() -> None:
    assert route(figure_question=True, figure_answered=True, documents_strong=True) == "figures"


@pytest.mark.parametrize("reason", sorted(DOCUMENT_REASONS))
def test_documents_answer_what_the_figures_cannot(reason: str) -> None:
    assert route(figure_question=True, figure_reason=reason, documents_strong=True) == "documents"
    assert route(figure_question=True, figure_reason=reason) == "figure_message"


@pytest.mark.parametrize("reason", ["ambiguous", "needs_place"])
def test_a_question_back_gives_way_only_to_documents_that_read_more(reason: str) -> None:
    """"Hur stora var utsläppen 2024?" is asked back; "Hur mycket har Klimatkommunernas
    medlemmar minskat?" names what the documents, not the figures, know."""
    assert route(figure_question=True, figure_reason=reason,
                 documents_strong=True) == "figure_message"
    assert route(figure_question=True, figure_reason=reason, documents_strong=True,
                 unread_in_documents=True) == "documents"


def test_documents_take_over_a_figure_that_ignores_what_they_speak_to() -> None:
    assert route(figure_question=True, figure_answered=True, documents_strong=True,
                 unread_in_documents=True) == "documents"
    assert route(figure_question=True, figure_answered=True,
                 unread_in_documents=True) == "figures"  # weak documents: the figure stands


def test_neither_speaks_means_refused() -> None:
    assert route() == "refused"
    assert route(documents_strong=True) == "documents"
    assert route(claim=True) == "refused"


@pytest.mark.parametrize(("question", "statement"), [
    ("Stämmer det att länets utsläpp var 3,7 miljoner ton 2022?",
     "länets utsläpp var 3,7 miljoner ton 2022"),
    ("Är det sant att Nacka släppte ut mindre 2024?", "Nacka släppte ut mindre 2024"),
    ("Is it true that transport made up 54 percent?", "transport made up 54 percent"),
])
def test_claim_questions_are_recognised(question: str, statement: str) -> None:
    assert is_claim(question) and strip_claim(question) == statement


def test_an_ordinary_question_is_not_a_claim() -> None:
    assert not is_claim("Hur stora var Nackas utsläpp 2024?")
    assert not is_claim("Vad stämmer inte i statistiken?")
