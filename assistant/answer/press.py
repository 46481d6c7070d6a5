"""Press statements and Markdown export: an answer turned into text a press officer can paste.

Nothing here words a number on its own. A figure statement is built from `Figure` fields only,
and its numbers go through `assistant.text`; a document statement repeats the answer's
cited sentences verbatim, with their citation numbers and a source list. Statements are always
Swedish (the press office's language), whatever language the question was asked in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from assistant.models import Answer, Figure, Source
from assistant.text import format_number, format_value

if TYPE_CHECKING:
    from assistant.answer.consistency import FrameSource

MAX_FIGURES = 3  # more than this is a table, not a statement
MAX_DOCUMENT_SENTENCES = 3
GENERATED_BY = "Genererad av Klimatassistenten"

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
STATUS_TEXT = {"answered": "besvarad", "refused": "ej besvarad", "clarify": "behöver förtydligas"}
NOT_ANSWERED = {
    "refused": "Det finns inget svar att göra ett pressuttalande av: frågan kunde inte besvaras "
               "med kunskapsbasen eller statistiken.",
    "clarify": "Det finns inget svar att göra ett pressuttalande av ännu: assistenten behöver "
               "först ett förtydligande av frågan.",
}
NO_CONTENT = ("Svaret innehåller varken beräknade siffror eller citerade meningar, så det går "
              "inte att göra ett pressuttalande av det.")
ALL_DISPUTED = ("Svarets citerade siffror stämmer inte med statistiken i kunskapsbasen, så de "
                "passar inte i ett pressuttalande. Fråga efter siffran direkt, till exempel "
                "”Hur stora var länets utsläpp per invånare 2016?”.")

_CITED = re.compile(r"^(?P<sentence>.*\S)\s+\[(?P<n>\d+)\]\s*$")


def swedish_date(day: date) -> str:
    """`3 maj 2026`: the form used in Swedish press texts."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _when(year: int | str) -> str:
    if isinstance(year, int) or str(year).isdigit():
        return f"år {year}"
    return f"perioden {year}" if "–" in str(year) or "-" in str(year) else str(year)


def _figure_clause(figure: Figure) -> str:
    value = format_value(figure.value, figure.unit, "sv")
    return f"{figure.label} för {figure.kommun} {_when(figure.year)} var {value}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _source_list(sources: Sequence[Source]) -> str:
    lines = ["Källor:"]
    for source in sources:
        parts = [p for p in (source.title, source.source, source.page) if p]
        lines.append(f"{source.id}. " + ", ".join(parts))
    return "\n".join(lines)


def _footer(today: date) -> str:
    return (f"Sammanställt {swedish_date(today)} med Klimatassistenten (AI-assistent, Region "
            "Stockholm).")


def _is_period(figure: Figure) -> bool:
    return "–" in str(figure.year)


def _figure_statement(answer: Answer) -> list[str]:
    """One sentence per figure, then where they come from: at most four sentences."""
    figures = answer.figures
    if len(figures) <= MAX_FIGURES:
        shown = figures
    elif _is_period(figures[-1]):
        # A change lists its inputs first and its conclusion last (2010, 2024, then the
        # change): the statement keeps both years and the conclusion.
        shown = [*figures[:2], figures[-1]]
    else:
        shown = figures[:2]
    sentences = [_capitalise(_figure_clause(f)) + "." for f in shown]
    origins = list(dict.fromkeys((f.source, f.release) for f in answer.figures))
    origin_text = " och ur ".join(f"{source} i utgåvan {release}" for source, release in origins)
    sentences.append(f"Siffrorna är beräknade med kod ur {origin_text}.")
    rest = len(answer.figures) - len(shown)
    if rest and len(sentences) < 4:
        noun = "värde" if rest == 1 else "värden"
        sentences.append(f"Det fullständiga svaret har ytterligare {format_number(rest)} {noun}.")
    caveats = list(dict.fromkeys(c for f in shown for c in f.caveats))
    if caveats and len(sentences) < 4:
        sentences.append(_capitalise(caveats[0].rstrip(".")) + ".")
    return sentences


def _cited_sentences(answer: Answer) -> list[tuple[str, int]]:
    cited = []
    for line in answer.answer.splitlines():
        match = _CITED.match(line.strip())
        if match:
            cited.append((match["sentence"], int(match["n"])))
    return cited


def _disputed(sentence: str, stats: FrameSource) -> bool:
    from assistant.answer.consistency import check_claims, find_claims

    return bool(check_claims(find_claims(sentence), stats))


def _document_statement(answer: Answer, stats: FrameSource | None) -> tuple[list[str], set[int]]:
    cited = _cited_sentences(answer)
    if not cited:
        raise ValueError(NO_CONTENT)
    kept = [(s, n) for s, n in cited if stats is None or not _disputed(s, stats)]
    if not kept:
        raise ValueError(ALL_DISPUTED)
    kept = kept[:MAX_DOCUMENT_SENTENCES]
    sentences = [f"{sentence} [{number}]" for sentence, number in kept]
    numbers = {n for _, n in kept}
    if len(sentences) == 1:
        title = next((s.title for s in answer.sources if s.id == kept[0][1]), "")
        if title:
            sentences.append(f"Uppgiften kommer från ”{title}”.")
    if len(kept) < len(cited) and stats is not None:
        sentences.append("Uppgifter som avviker från statistiken i kunskapsbasen är utelämnade.")
    return sentences, numbers


def press_statement(answer: Answer, today: date | None = None,
                    stats: FrameSource | None = None) -> str:
    """A short Swedish statement (2–4 sentences) with its sources, ready to paste.

    Args:
        answer: an answered question.
        today: the date in the footer (default: today).
        stats: when given, a document sentence whose figures the statistics dispute is left out,
            so a statement never repeats a figure the answer itself warns about.
    Raises:
        ValueError: with a Swedish message, for a refused or unclear question, or an answer with
            nothing to state.
    """
    if answer.status != "answered":
        raise ValueError(NOT_ANSWERED.get(answer.status, NOT_ANSWERED["refused"]))
    today = today or date.today()
    if answer.figures:
        sentences = _figure_statement(answer)
        sources = list(answer.sources)
    else:
        sentences, numbers = _document_statement(answer, stats)
        sources = [s for s in answer.sources if s.id in numbers]
    parts = [" ".join(sentences)]
    if sources:
        parts.append(_source_list(sources))
    parts.append(_footer(today))
    return "\n\n".join(parts)
