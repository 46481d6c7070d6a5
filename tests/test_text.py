"""The one sentence splitter and word reader (assistant/text.py)."""

from __future__ import annotations

import pytest

from assistant.text import contains, normalise, numbers, split_sentences, terms


def test_sentences_keep_numbers_and_abbreviations_whole() -> None:
    text = ("Utsläppen var 3,99 Mt år 2024. De ökade t.ex. i Nacka jämfört med 2023. "
            "Enligt 7 kap. 5 § PBL ska kommunerna använda den. Klart!")
    assert split_sentences(text) == [
        "Utsläppen var 3,99 Mt år 2024.",
        "De ökade t.ex. i Nacka jämfört med 2023.",
        "Enligt 7 kap. 5 § PBL ska kommunerna använda den.",
        "Klart!",
    ]


def test_every_sentence_is_verbatim_in_the_text() -> None:
    text = "Region Stockholm inrättade kansliet 2019.  Det ska bl.a. samordna. \"Citat\" här."
    for sentence in split_sentences(text):
        assert sentence in text


@pytest.mark.parametrize(("text", "expected"), [
    ("RUFS-målet för hushållsavfall", {"ruf", "mål", "hushållsavfall"}),
    ("Vad är det för mål 2030?", {"mål", "2030"}),
])
def test_terms_are_stems_without_stop_words(text: str, expected: set[str]) -> None:
    assert terms(text) == expected


def test_numbers_are_normalised() -> None:
    assert numbers("från 321 904 ton till 2,6 ton (3.7 Mt) år 2024") == {
        "321904", "2,6", "3,7", "2024"}


def test_fact_matching_ignores_case_spaces_and_dash_kinds() -> None:
    assert contains("Minskningen var 8\u00a0procent 2010–2014.", "8 procent")
    assert contains("2010-2014", "2010–2014")
    assert not contains("18 procent", "8  procent ")
    assert not contains("2,19 ton", "19 ton") and not contains("20190", "2019")
    assert contains("en stödfunktionen för", "stödfunktion")
    assert normalise("  A\u202fB ") == "a b"
