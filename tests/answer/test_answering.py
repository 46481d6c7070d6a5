"""The offline answer, end to end over the real knowledge base: cited, verbatim, or refused."""

from __future__ import annotations

import json

import pytest

from assistant.answer.answering import Assistant, Conversation
from assistant.config import Settings
from tests.conftest import GOLDEN_DIR


@pytest.fixture(scope="module")
def assistant(built_settings: Settings) -> Assistant:
    return Assistant(built_settings)


def _chunk_texts(assistant: Assistant, ids: list[str]) -> dict[str, str]:
    return {c.id: c.text for c in assistant.store.get_chunks(ids)}


def test_knowledge_question_is_answered_with_verbatim_citations(assistant: Assistant) -> None:
    answer = assistant.ask("Vad är Klimatkansliet?")
    assert answer.status == "answered"
    assert answer.language == "sv"
    assert answer.sources, "an answer without sources is a claim without a source"
    assert any(s.doc_id == "docs/klimatkansliet.md" for s in answer.sources)
    stored = _chunk_texts(assistant, [s.chunk_id for s in answer.sources])
    for source in answer.sources:
        assert source.quote and source.quote in stored[source.chunk_id]
        assert f"[{source.id}]" in answer.answer
        assert source.title and source.source and source.page
    # every unit of the answer, and the "Mer ur källorna" paragraph, ends with its citation
    body = answer.answer.split("**Dokument och statistik**")[0].strip().split("\n\n")
    assert body and all(line.rstrip().endswith("]") for line in body)
    assert answer.route == "documents" and len(answer.answer) <= 1200


def test_off_topic_question_is_refused(assistant: Assistant) -> None:
    answer = assistant.ask("Vem vann Melodifestivalen 2023?")
    assert answer.status == "refused"
    assert answer.sources == [] and answer.figures == []
    assert "Kunskapsbasen har inget" in answer.answer


def test_refusal_rate_over_the_refusal_set(assistant: Assistant) -> None:
    cases = [json.loads(line) for line in (GOLDEN_DIR / "refusals.jsonl").read_text().splitlines()
             if line.strip()]
    assert len(cases) >= 20
    refused = [c["question"] for c in cases if assistant.ask(c["question"]).status == "refused"]
    rate = len(refused) / len(cases)
    print(f"refusal rate over {len(cases)} off-topic questions: {rate:.2f}")
    assert rate >= 0.9, f"answered off-topic: {set(c['question'] for c in cases) - set(refused)}"


def test_english_question_gets_english_framing(assistant: Assistant) -> None:
    answer = assistant.ask("What is the climate roadmap Klimatfärdplan 2050 about?")
    assert answer.language == "en"
    assert answer.status == "answered"
    assert answer.answer.startswith("From the knowledge base (the sources are in Swedish)")


def test_too_long_question_is_declined_not_crashed(assistant: Assistant) -> None:
    answer = assistant.ask("utsläpp " * 2000)
    assert answer.status == "refused"
    assert "för lång" in answer.answer
    assert len(answer.question) < 300


@pytest.mark.parametrize("question", ["", "   ", "\n"])
def test_empty_question_asks_for_one(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.status == "clarify"
    assert "Skriv en fråga" in answer.answer


def test_figure_question_and_follow_up(assistant: Assistant) -> None:
    conversation = Conversation()
    first = assistant.ask("Hur stora var Nackas utsläpp 2024?", conversation)
    assert first.status == "answered"
    nacka = [f for f in first.figures if f.kommun == "Nacka" and f.year == 2024]
    assert nacka and abs(nacka[0].value - 121153) < 1  # SMHI 2026 release, data README
    assert first.sources and all(s.quote for s in first.sources)
    follow = assistant.ask("Och för Huddinge?", conversation)
    assert follow.status == "answered"
    assert any(f.kommun == "Huddinge" for f in follow.figures)


def test_a_document_question_with_a_metric_word_is_not_claimed_by_the_figures(
        assistant: Assistant) -> None:
    answer = assistant.ask("Vad säger klimatfärdplanen om transporter?")
    assert (answer.route, answer.status) == ("documents", "answered")
    assert not answer.figures


def test_the_claim_2006_to_2016_is_answered_with_document_data_and_explanation(
        assistant: Assistant) -> None:
    """Issue 9: the document's claim, the statistics' check (no 2006, 2,19 t in 2016) and the
    reason for the difference."""
    answer = assistant.ask("Stämmer det att länets utsläpp per invånare halverades från 5,2 "
                           "till 2,6 ton mellan 2006 och 2016?")
    assert (answer.route, answer.status) == ("claim", "answered")
    text = answer.answer
    assert "5,2 ton" in text and "2,6 ton" in text  # the document's claim, cited
    assert "statistiken saknar 2006" in text and "2,19 t CO2e/inv" in text  # the data's check
    assert "Trolig orsak" in text and "**Bedömning:** Inte enligt statistiken" in text
    assert any("2 269 060 invånare" in note for note in answer.notes)  # the method's inputs


def test_a_year_the_statistics_lack_is_answered_from_the_documents(assistant: Assistant) -> None:
    answer = assistant.ask("Vad var länets utsläpp per invånare 2006?")
    assert (answer.route, answer.status) == ("documents", "answered")
    assert "5,2 ton" in answer.answer and "statistiken saknar 2006" in answer.answer
