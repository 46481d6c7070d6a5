"""Chunk text -> answer units (assistant/units.py)."""

from __future__ import annotations

import pytest

from assistant.pipeline.units import split_units

TABLE = """Delmålen på rufs.se:

| Område | Delmål 2030 | Nuläge |
|---|---|---|
| Hushållsavfall | högst 400 kg per person | 480 kg |
| Bilresor | högst 6,5 km per dygn | 7,2 km |"""


def test_a_table_row_is_written_with_its_header_and_quoted_verbatim() -> None:
    units = split_units(TABLE)
    rows = [u for u in units if u.kind == "row"]
    assert [u.display for u in rows] == [
        "Område: Hushållsavfall, Delmål 2030: högst 400 kg per person, Nuläge: 480 kg",
        "Område: Bilresor, Delmål 2030: högst 6,5 km per dygn, Nuläge: 7,2 km",
    ]
    assert all(u.text in TABLE for u in rows)
    lead = units[0]
    assert lead.kind == "sentence" and lead.role == "announce"  # a lead-in says nothing alone


def test_a_row_without_its_header_in_the_chunk_gets_the_sections_header() -> None:
    units = split_units("| Bilresor | högst 6,5 km | 7,2 km |",
                        table_header=("Område", "Delmål 2030", "Nuläge"))
    assert units[0].display == "Område: Bilresor, Delmål 2030: högst 6,5 km, Nuläge: 7,2 km"


def test_a_list_stays_one_unit_with_its_lead_in() -> None:
    text = ("Uppföljningen pekar ut tre prioriterade åtgärdsområden:\n\n1. transport\n"
            "2. giftfri cirkulär ekonomi\n3. resilienta landskap.")
    (unit,) = split_units(text)
    assert unit.kind == "list" and unit.role == "answer"
    assert unit.text == text  # the whole span, blank line included: the quote is verbatim
    assert unit.display.splitlines() == [
        "Uppföljningen pekar ut tre prioriterade åtgärdsområden:", "- transport",
        "- giftfri cirkulär ekonomi", "- resilienta landskap."]


def test_a_long_list_is_also_offered_item_by_item() -> None:
    items = "\n".join(f"- Påstående nummer {i} om klimatarbetet i länet och kommunerna, "
                      f"med en hel del ord för att göra listan lång." for i in range(8))
    units = split_units("Det här gäller:\n" + items)
    whole = units[0]
    parts = [u for u in units if u.part_of == whole.index]
    assert whole.kind == "list" and len(parts) == 8


def test_units_that_cannot_answer_are_marked() -> None:
    text = ("Det här dokumentet beskriver klimatfärdplanen. Klimatfärdplanen har två slags "
            "indelningar. De sju åtgärdsområdena beskrivs i andra dokument. Färdplanen antogs "
            "2019. Läs mer på https://example.se.")
    roles = [(u.role, u.text[:20]) for u in split_units(text)]
    assert [r for r, _ in roles] == ["meta", "announce", "refer", "answer", "source"]


@pytest.mark.parametrize("sentence", [
    "Regionens nuvarande mål om klimatneutralitet 2035 beskrivs i ett separat dokument.",
    "Koldioxidbudgeten beskrivs i ett eget dokument.",
    "Planens klimat- och energimål beskrivs närmare i ett eget dokument.",
    "Klimatfärdplanens åtgärder för transporterna beskrivs i ett annat dokument.",
    "Kontrollera alltid aktuella villkor hos Naturvårdsverket innan en ansökan görs.",
])
def test_a_sentence_that_sends_the_reader_elsewhere_never_answers(sentence: str) -> None:
    (unit,) = split_units(sentence)
    assert unit.role == "refer"


@pytest.mark.parametrize("sentence", [
    "Den sista delen är avklippt i det lagrade utdraget och därför något osäker.",
    "Alla källor är lagrade kopior och kan vara inaktuella jämfört med dagens webbplatser.",
])
def test_a_note_on_the_stored_copy_never_answers(sentence: str) -> None:
    (unit,) = split_units(sentence)
    assert unit.role == "meta"


def test_a_source_section_answers_nothing() -> None:
    units = split_units("- Region Stockholm, Klimatfärdplan 2050 (2019)\n- SMHI (2026)",
                        heading_path=("Titel", "Källor"))
    assert units and all(u.role == "source" for u in units)
