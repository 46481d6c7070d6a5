"""detect_language: Swedish unless the question is clearly English."""

from __future__ import annotations

import pytest

from assistant.language import detect_language, language_scores

SWEDISH = [
    "Hur stora var Nackas utsläpp 2024?",
    "Vad är Klimatkansliet?",
    "Jämför Nacka och Värmdö per invånare 2024",
    "Visa utvecklingen för Huddinge sedan 1990",
    "Vilken kommun i länet har lägst transportutsläpp per invånare?",
    "Och för Nacka?",
    "Samma för 2015",
    "Nackas utsläpp per capita",
    "utsläpp i sollentuna",
    "HUR STORA VAR NACKAS UTSLÄPP?",
    "Var hamnar Solna?",
    "Vad säger RUFS 2050 om utsläppen 2045?",
    "Hur mycket har utsläppen minskat sedan 1990?",
    "Har Nacka en klimatplan?",
    "Trend för Täby",
    "Nacka 2024",
    "",
    "Vilka åtgärder finns för transporter?",
    "Och i hela länet?",
    "utsläpp per kommun år 2060",
]

ENGLISH = [
    "What were Nacka's emissions in 2024?",
    "How have Täby's emissions changed since 2010?",
    "Which municipality in the county has the lowest emissions per capita?",
    "Compare Nacka and Värmdö per capita",
    "What about Nacka?",
    "Show the trend for Huddinge since 1990",
    "What is Klimatkansliet?",
    "Emissions per capita in Solna 2024",
    "What share of Södertälje's emissions comes from transport?",
    "Where does Solna rank in the county?",
    "Does Huddinge have a climate plan?",
    "How much did road traffic emit in Södertälje in 2024?",
    "WHAT WERE THE EMISSIONS IN SWEDEN?",
    "And per capita?",
    "Why did emissions in Sigtuna increase in 2023?",
]


@pytest.mark.parametrize("text", SWEDISH)
def test_swedish(text: str) -> None:
    assert detect_language(text) == "sv"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_swedish_letters_in_names_do_not_make_english_swedish() -> None:
    # Capitalised names with å/ä/ö are no evidence; lower-case words with them are.
    assert language_scores("Södertälje Värmdö Täby") == (0, 0)
    assert language_scores("utsläppen")[0] == 1


def test_a_text_without_evidence_scores_zero() -> None:
    assert language_scores("Nacka 2024?") == (0, 0)
    assert detect_language("Nacka 2024?") == "sv"
