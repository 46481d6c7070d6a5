"""Press statements and Markdown export: built from the answer's own fields, numbers formatted
from Figure.value, never reworded."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from assistant.answer.press import press_statement, swedish_date
from assistant.config import PROJECT_ROOT
from assistant.models import Answer, Figure, Source
from assistant.pipeline.datasets import load_dataset
from assistant.ui.export import answer_markdown

TODAY = date(2026, 5, 3)
SMHI = "SMHI, Nationella emissionsdatabasen (via Klimatkollen)"
SMHI_2026 = "SMHI 2026 (senaste år 2024)"
SCB = "SCB (Statistiska centralbyrån) (via Klimatkollen)"
SCB_RELEASE = "SCB, folkmängd 31 december (1950–2025)"


def nacka_answer() -> Answer:
    """Shaped like the figures engine's answer to "Nackas utsläpp per invånare 2024"; the values
    are the stored rows (Nacka 0182, 2024: 121 152,559 t; 112 112 inhabitants)."""
    figures = [
        Figure("Utsläpp, alla sektorer", 121152.559, "t CO2e", "Nacka", 2024, "Totalt",
               "SMHI:s värde för Nacka (0182), sektor Totalt, år 2024", SMHI, SMHI_2026,
               "emissions_by_sector"),
        Figure("Folkmängd 31 december", 112112.0, "invånare", "Nacka", 2024, "",
               "folkmängd 31 december 2024 (SCB)", SCB, SCB_RELEASE, "population"),
        Figure("Utsläpp per invånare, alla sektorer", 121152.559 / 112112, "t CO2e/inv", "Nacka",
               2024, "Totalt", "121 153 t CO2e / 112 112 invånare", SMHI, SMHI_2026,
               "emissions_by_sector", caveats=("Bilar räknas i ägarens kommun",)),
    ]
    sources = [
        Source(1, "Utsläpp av växthusgaser per kommun och sektor (SMHI 2026)",
               "https://nationellaemissionsdatabasen.smhi.se/", SMHI_2026,
               "Territoriella utsläpp av växthusgaser i ton koldioxidekvivalenter."),
        Source(2, "Folkmängd per kommun 31 december (SCB)", "https://www.scb.se/", SCB_RELEASE,
               "Folkmängden den 31 december i varje kommun."),
    ]
    return Answer("Hur stora var Nackas utsläpp per invånare 2024?", "answered",
                  "Nackas utsläpp per invånare 2024 var **1,08 t CO2e/inv**.\n\nKälla: [1], [2]",
                  figures=figures, sources=sources)


SEED = ("Region Stockholm anger att växthusgasutsläppen per capita i länet sjönk från 5,2 ton per "
        "person 2006 till 2,6 ton per person 2016.")
KANSLI = "Klimatkansliet inrättades 2019 som ett samarbete mellan Region Stockholm och KTH."


def document_answer(*sentences: str) -> Answer:
    lines = [f"{s} [{n}]" for n, s in enumerate(sentences, start=1)]
    sources = [Source(n, f"Dokument {n}", f"https://example.se/{n}", f"Rubrik {n}", s)
               for n, s in enumerate(sentences, start=1)]
    return Answer("Vad är Klimatkansliet?", "answered",
                  "Det här säger kunskapsbasen:\n\n" + "\n\n".join(lines), sources=sources)


def statement_sentences(text: str) -> list[str]:
    body = text.split("\n\n")[0]
    return re.split(r"(?<=[.!?\]])\s+(?=[A-ZÅÄÖ])", body)


# ---------------------------------------------------------------- figure statements


def test_figure_statement_has_values_places_years_release_and_sources():
    text = press_statement(nacka_answer(), today=TODAY)
    assert text.startswith("Utsläpp, alla sektorer för Nacka år 2024 var 121 153 t CO2e. "
                           "Folkmängd 31 december för Nacka år 2024 var 112 112 invånare. "
                           "Utsläpp per invånare, alla sektorer för Nacka år 2024 var "
                           "1,08 t CO2e/inv. ")
    assert (f"Siffrorna är beräknade med kod ur {SMHI} i utgåvan {SMHI_2026} och ur {SCB} i "
            f"utgåvan {SCB_RELEASE}.") in text
    assert "Källor:\n1. Utsläpp av växthusgaser per kommun och sektor (SMHI 2026), " \
           "https://nationellaemissionsdatabasen.smhi.se/, SMHI 2026 (senaste år 2024)" in text
    assert "\n2. Folkmängd per kommun 31 december (SCB), https://www.scb.se/" in text
    assert text.endswith("Sammanställt 3 maj 2026 med Klimatassistenten (AI-assistent, Region "
                         "Stockholm).")
    assert 2 <= len(statement_sentences(text)) <= 4


def test_figure_numbers_come_only_from_figure_values():
    answer = nacka_answer()
    answer.answer = "En text med ett felskrivet tal: 999 999 t CO2e."
    text = press_statement(answer, today=TODAY)
    assert "999" not in text and "121 153 t CO2e" in text


def test_many_figures_are_summarised_within_four_sentences():
    answer = nacka_answer()
    answer.figures = answer.figures * 3  # like a ranking: nine values
    text = press_statement(answer, today=TODAY)
    sentences = statement_sentences(text)
    assert len(sentences) == 4
    assert sentences[-1] == "Det fullständiga svaret har ytterligare 7 värden."


def test_change_figures_read_as_a_period():
    change = Figure("Förändring i procent", -47.912, "%", "Täby", "2010–2024", "Totalt",
                    "(b − a) / a × 100", SMHI, SMHI_2026)
    answer = Answer("Hur har Täbys utsläpp förändrats sedan 2010?", "answered", "…",
                    figures=[change])
    text = press_statement(answer, today=TODAY)
    assert text.startswith("Förändring i procent för Täby perioden 2010–2024 var −47,9 %.")


@pytest.mark.parametrize("status", ["refused", "clarify"])
def test_unanswered_questions_raise_a_swedish_error(status):
    with pytest.raises(ValueError, match="pressuttalande"):
        press_statement(Answer("?", status, "Menar du Stockholms kommun eller Stockholms län?"))


# ---------------------------------------------------------------- document statements


def test_document_statement_repeats_cited_sentences_verbatim():
    text = press_statement(document_answer(KANSLI, SEED), today=TODAY)
    assert text.startswith(f"{KANSLI} [1] {SEED} [2]")
    assert "Källor:\n1. Dokument 1, https://example.se/1, Rubrik 1\n2. Dokument 2" in text


def test_single_sentence_gets_its_source_named():
    text = press_statement(document_answer(KANSLI), today=TODAY)
    assert statement_sentences(text) == [f"{KANSLI} [1]", "Uppgiften kommer från ”Dokument 1”."]


def test_only_three_sentences_and_their_sources():
    sentences = [f"Mening nummer {n} om klimatarbetet i regionen." for n in range(1, 6)]
    text = press_statement(document_answer(*sentences), today=TODAY)
    assert "[3]" in text and "[4]" not in text and "\n4. " not in text


def test_answer_without_citations_raises():
    answer = Answer("Vad?", "answered", "Bara text utan källor.")
    with pytest.raises(ValueError, match="pressuttalande"):
        press_statement(answer, today=TODAY)


def test_disputed_document_figures_are_left_out(tmp_path):
    from assistant.stores.statistics import StatisticsStore

    folder = PROJECT_ROOT / "knowledge" / "statistics"
    stats = StatisticsStore(tmp_path / "statistics.sqlite")
    for dataset in ("emissions_by_sector_county", "emissions_by_sector",
                    "emissions_by_sector_release2025", "population"):
        load_dataset(stats, folder / f"{dataset}.csv", folder / f"{dataset}.manifest.yaml")
    text = press_statement(document_answer(KANSLI, SEED), today=TODAY, stats=stats)
    assert "5,2" not in text and "\n2. " not in text
    assert "Uppgifter som avviker från statistiken i kunskapsbasen är utelämnade." in text
    with pytest.raises(ValueError, match="stämmer inte med statistiken"):
        press_statement(document_answer(SEED), today=TODAY, stats=stats)


# ---------------------------------------------------------------- Markdown export


def test_markdown_export_has_every_part():
    moment = datetime(2026, 5, 3, 12, 30, tzinfo=UTC)
    text = answer_markdown(nacka_answer(), generated_at=moment)
    assert text.startswith("# Svar från Klimatassistenten\n\n**Fråga:** Hur stora var Nackas")
    assert "**Status:** besvarad" in text and "## Svar\n\nNackas utsläpp per invånare" in text
    assert ("| Utsläpp per invånare, alla sektorer | 1,08 t CO2e/inv | Nacka | 2024 | Totalt | "
            "121 153 t CO2e / 112 112 invånare | " + SMHI + " | " + SMHI_2026 + " |") in text
    assert "| Folkmängd 31 december | 112 112 invånare | Nacka | 2024 | – |" in text
    assert "## Att tänka på\n\n- Bilar räknas i ägarens kommun" in text
    assert ("1. **Utsläpp av växthusgaser per kommun och sektor (SMHI 2026)**, "
            "https://nationellaemissionsdatabasen.smhi.se/, SMHI 2026 (senaste år 2024)\n\n"
            "   > Territoriella utsläpp") in text
    assert "Genererad av Klimatassistenten (AI-assistent, Region Stockholm), 2026-05-03 12:30 UTC" \
        in text


def test_markdown_table_cells_cannot_break_the_table():
    answer = nacka_answer()
    answer.figures[0] = Figure("Etikett | med rör", 1.0, "t CO2e", "Nacka", 2024, "",
                               "rad 1\nrad 2", SMHI, SMHI_2026)
    text = answer_markdown(answer)
    assert "| Etikett \\| med rör | 1 t CO2e |" in text and "rad 1 rad 2" in text


def test_markdown_export_of_a_refusal():
    text = answer_markdown(Answer("Melodifestivalen?", "refused", "Kunskapsbasen har inget."))
    assert "**Status:** ej besvarad" in text and "## Siffror" not in text


def test_swedish_date():
    assert swedish_date(date(2026, 12, 24)) == "24 december 2026"
