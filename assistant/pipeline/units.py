"""Chunk text -> answer units: the pieces an answer is built from.

A unit is what a reader needs whole to get one fact: a sentence; a list together with the
sentence that leads into it ("De fem insatsområdena är:" + the items); a table row together with
its header. Each unit keeps its verbatim text (the quote, a substring of the chunk) and how the
answer writes it (`display`: a row becomes "Område: Hushållsavfall, Delmål 2030: högst 400 kg").

Units are cut once, at ingest, and embedded there (see ingestion), so a question can be scored
against every unit of the retrieved passages without embedding anything but the question.
`role` marks the units an answer must never lead with: lead-ins that only announce, sentences
that refer elsewhere or speak about the document itself, and source lists.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.models import Unit, UnitKind, UnitRole
from assistant.text import split_sentences

# Bumped whenever cutting changes, so that ingestion re-embeds (part of the chunking tag).
UNITS_VERSION = 7
# A list longer than this is also offered item by item, so a question about one item can be
# answered without the whole list.
LONG_LIST_CHARS = 600

_ITEM = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SOURCE_HEADINGS = re.compile(r"^(källor|källa|referenser|sources|references|läs mer)\b", re.I)
_META = re.compile(
    r"^(det här|detta|denna) (dokument|avsnitt|kapitel|text|sammanställning)|^dokumentet |"
    r"^this (document|section)|^här (finns|beskrivs|redovisas)|"
    # a note on the stored copy itself ("Den sista delen är avklippt i det lagrade utdraget")
    r"^(den sista delen|slutet|resten) .*\bavklipp|^alla källor är lagrade kopior", re.I)
_REFER = re.compile(
    r"(beskrivs|behandlas|redovisas|tas upp|finns)( närmare)? (i|under) (andra|ett annat|"
    r"ett separat|ett eget|egna|separata|det separata|dokumenten|dokumentet|avsnittet)|"
    r"\bse (dokumentet|avsnittet|även|vidare)\b|"
    r"\bläs (mer|dokumenten)\b|kan läsa dokumenten|bör kontrolleras|^kontrollera (alltid )?|"
    r"måste (därför )?hämtas ur|"
    r"\bsee (the|also)\b", re.I)
_ANNOUNCE = re.compile(
    r"\bhar (två|tre|fyra|fem|sex|sju|flera|olika) (slags|sorters|typer|delar|indelningar)\b|"
    r"\b(följande|nedan|så här)[.:]?$", re.I)
_URL = re.compile(r"https?://|www\.", re.I)
_MARKUP = re.compile(r"\*\*|__|`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def split_units(text: str, heading_path: tuple[str, ...] = (),
                table_header: tuple[str, ...] = ()) -> list[Unit]:
    """The units of one chunk, in reading order. `table_header` is the header of a table the
    chunk starts inside (its header row is in the previous chunk)."""
    source_section = any(_SOURCE_HEADINGS.match(h.strip()) for h in heading_path[1:])
    builder = _Builder(source_section, heading_path[-1] if len(heading_path) > 1 else "")
    header = tuple(table_header)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _TABLE.match(line):
            if i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
                header = _cells(line)
                i += 2
                continue
            if not _TABLE_RULE.match(line):
                builder.row(line, header)
            i += 1
            continue
        if _ITEM.match(line):
            items = []
            while i < len(lines) and _ITEM.match(lines[i]):
                items.append(lines[i])
                i += 1
            builder.items(items)
            continue
        builder.paragraph(line)
        i += 1
    return _verbatim(builder.units, text)


def _verbatim(units: list[Unit], text: str) -> list[Unit]:
    """A list unit spans several lines (a blank line may stand between the lead-in and the
    items): its `text` must be that span of the chunk exactly, or its quote is not verbatim."""
    out: list[Unit] = []
    cursor = 0
    for unit in units:
        lines = unit.text.split("\n")
        start = text.find(lines[0], cursor)
        if unit.kind == "list" and start >= 0:
            end = text.find(lines[-1], start)
            if end >= 0:
                unit = replace(unit, text=text[start:end + len(lines[-1])])
        if start >= 0 and unit.part_of is None:
            cursor = start
        out.append(unit)
    return out


class _Builder:
    def __init__(self, source_section: bool, heading: str = "") -> None:
        self.units: list[Unit] = []
        self.source_section = source_section
        self.heading = heading

    def add(self, kind: UnitKind, text: str, display: str, part_of: int | None = None) -> int:
        index = len(self.units)
        self.units.append(Unit(index, kind, text.strip(), display.strip(),
                               self._role(text, kind), part_of))
        return index

    def paragraph(self, line: str) -> None:
        for sentence in split_sentences(line):
            self.add("sentence", sentence, clean(sentence))

    def row(self, line: str, header: tuple[str, ...]) -> None:
        cells = _cells(line)
        if not any(cells):
            return
        if header and len(header) == len(cells):
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=True) if c]
            display = ", ".join(pairs)
        else:
            display = " – ".join(c for c in cells if c)
        self.add("row", line, clean(display))

    def items(self, items: list[str]) -> None:
        lead = self._lead_in()
        shown = [f"- {clean(_ITEM.sub('', item))}" for item in items]
        if lead is not None:
            # The lead-in sentence and the items are one unit: replace the sentence.
            lead_unit = self.units.pop()
            text = lead_unit.text + "\n" + "\n".join(items)
            display = lead_unit.display + "\n" + "\n".join(shown)
        elif len(items) == 1:
            self.paragraph(_ITEM.sub("", items[0]))
            return
        else:
            text, display = "\n".join(items), "\n".join(shown)
            if not self.units and self.heading:
                # A list that opens its section is led in by the section's heading ("Exempel
                # på åtgärder som kan få stöd" + the items): the answer shows it, the quote
                # stays the list itself.
                display = f"{clean(self.heading).rstrip(':')}:\n{display}"
        whole = self.add("list", text, display)
        if len(text) > LONG_LIST_CHARS:
            for item in items:
                body = _ITEM.sub("", item).strip()
                self.add("sentence", body, clean(body), part_of=whole)

    def _lead_in(self) -> Unit | None:
        last = self.units[-1] if self.units else None
        if last is not None and last.kind == "sentence" and last.text.rstrip().endswith(":"):
            return last
        return None

    def _role(self, text: str, kind: UnitKind) -> UnitRole:
        if self.source_section or _URL.search(text):
            return "source"
        plain = _ITEM.sub("", text).strip()
        if kind == "sentence" and _META.search(plain):
            return "meta"
        if kind != "row" and _REFER.search(plain):
            return "refer"
        if kind == "sentence" and (plain.endswith(":") or
                                   (len(plain) < 90 and _ANNOUNCE.search(plain))):
            return "announce"
        return "answer"


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip().strip("|")
    return tuple(cell.strip() for cell in inner.split("|"))


def clean(text: str) -> str:
    """Markdown emphasis and links off (an answer shows no document links or images), one line
    per list item, single spaces."""
    text = _LINK.sub(r"\1", text)
    text = _MARKUP.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def table_header_before(text: str, offset: int) -> tuple[str, ...]:
    """The header of the table that is open at `offset` of a section's text, if any: a chunk that
    starts inside a table needs it to write its rows."""
    header: tuple[str, ...] = ()
    lines = text[:offset].split("\n")
    for i, line in enumerate(lines):
        if _TABLE.match(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            header = _cells(line)
        elif line.strip() and not _TABLE.match(line):
            header = ()
    return header
