"""An answer as a Markdown document a press officer can save: question, answer, figures with
method, source and release, sources with quotes, notes, and when and by what it was generated.
Every document-derived string goes through assistant/ui/rendering.py, as on the page: the file
may be opened in any Markdown viewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from assistant.answer.press import GENERATED_BY, STATUS_TEXT
from assistant.models import Answer, Figure, Source
from assistant.text import format_value
from assistant.ui.rendering import answer_markdown as answer_text
from assistant.ui.rendering import safe_markdown, safe_url


def _inline(value: object) -> str:
    """Document-derived text in the export: one line, as written, with what could become
    active content in a Markdown viewer escaped (assistant.ui.rendering.safe_markdown)."""
    return safe_markdown(" ".join(str(value).split()))


def _cell(value: object) -> str:
    """A table cell: Markdown tables break on pipes and newlines."""
    return _inline(value).replace("|", "\\|")


def _figures_table(figures: Sequence[Figure]) -> str:
    header = "| Uppgift | Värde | Plats | År | Sektor | Metod | Källa | Utgåva |"
    lines = [header, "|---|---:|---|---|---|---|---|---|"]
    for f in figures:
        cells = (f.label, format_value(f.value, f.unit, "sv"), f.kommun, f.year,
                 f.sector or "–", f.method, f.source, f.release)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def _sources_section(sources: Sequence[Source]) -> str:
    blocks = []
    for s in sources:
        # An http(s) address as a bare URL (viewers link it), anything else as text.
        where = safe_url(s.source) or _inline(s.source)
        head = f"{s.id}. **{_inline(s.title)}**" + "".join(
            f", {p}" for p in (where, _inline(s.page)) if p)
        quote = "\n".join(f"   > {_inline(line)}" for line in s.quote.splitlines() if line.strip())
        blocks.append(head + (f"\n\n{quote}" if quote else ""))
    return "\n\n".join(blocks)


def answer_markdown(answer: Answer, generated_at: datetime | None = None) -> str:
    """The whole answer as a Markdown document: question, answer, figures with method, source
    and release, sources with quotes, notes, and when and by what it was generated. Every
    document-derived string goes through assistant.ui.rendering, as on the page: the file may be
    opened in any Markdown viewer."""
    moment = (generated_at or datetime.now(UTC)).astimezone(UTC)
    parts = [
        "# Svar från Klimatassistenten",
        f"**Fråga:** {_inline(answer.question)}",
        f"**Status:** {STATUS_TEXT.get(answer.status, answer.status)}",
        "## Svar",
        answer_text(answer).strip(),
    ]
    if answer.figures:
        parts += ["## Siffror", _figures_table(answer.figures)]
    caveats = list(dict.fromkeys([*answer.notes, *(c for f in answer.figures for c in f.caveats)]))
    if caveats:
        parts += ["## Att tänka på", "\n".join(f"- {_inline(c)}" for c in caveats)]
    if answer.sources:
        parts += ["## Källor", _sources_section(answer.sources)]
    stamp = moment.strftime("%Y-%m-%d %H:%M UTC")
    parts += ["---", f"{GENERATED_BY} (AI-assistent, Region Stockholm), {stamp}. Siffrorna är "
                     "beräknade med kod ur den lagrade statistiken; kontrollera mot källorna "
                     "innan publicering."]
    return "\n\n".join(parts) + "\n"
