"""Document -> Chunks: split each section on its own (never across headings or pages) so every
chunk keeps one heading path / page for its citation.

Chunk text is the source text, unchanged, so quotes taken from it are verbatim. What gets
*embedded* for a chunk is the store's business (`assistant.stores.embeddings.embedding_text`).
"""

from __future__ import annotations

import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.models import Chunk, Document, Section, version_of
from assistant.pipeline.units import UNITS_VERSION, split_units, table_header_before
from assistant.reference import KOMMUN_PROFILE_PREFIX, is_profile

# Paragraphs, lines, then sentence ends before clauses and words. Swedish has no exotic
# punctuation; "t.ex. " or "bl.a. " may split a sentence, which costs little with overlap.
SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", ": ", ", ", " ", ""]
# Pieces shorter than this (e.g. "Sida 3", a lone list bullet) carry no retrievable meaning.
MIN_CHUNK_CHARS = 25
# Bumped whenever chunking changes in a way that changes chunk texts or their answer units, so
# ingestion re-embeds.
CHUNKER_VERSION = 2 * 100 + UNITS_VERSION


def chunk_document(doc: Document, size: int, overlap: int) -> list[Chunk]:
    """Deterministic chunks with ids `{doc_id}:{sha256[:12]}:{position}`."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",  # a sentence keeps its full stop
        strip_whitespace=True,
    )
    extra = _extra_metadata(doc)
    chunks: list[Chunk] = []
    sections = doc.sections
    # A municipality's statistics profile is retrievable (it names the municipality's datasets
    # and latest values) but answers nothing from the documents' side: its numbers are the
    # figure engine's to compute, and as a document it would make any question naming the
    # municipality look answered. So it gets no answer units, which keeps it out of every
    # document answer.
    no_units = doc.doc_id.startswith(KOMMUN_PROFILE_PREFIX)
    for number, section in enumerate(sections):
        text = section.text + _outline(section, sections[number + 1:])
        pieces = splitter.split_text(text)
        for i, piece in enumerate(pieces):
            if _is_fragment(piece, pieces[i - 1] if i else "", whole=len(pieces) == 1):
                continue
            position = len(chunks)
            header = table_header_before(text, max(0, text.find(piece)))
            chunks.append(Chunk(
                id=f"{doc.doc_id}:{version_of(doc.sha256)}:{position}",
                doc_id=doc.doc_id,
                text=piece,
                position=position,
                heading_path=section.heading_path,
                page=section.page,
                page_label=section.page_label,
                meta=doc.meta,
                extra=dict(extra),
                units=() if no_units else tuple(split_units(piece, section.heading_path,
                                                            header)),
            ))
    return chunks


def _outline(section: Section, following: tuple[Section, ...]) -> str:
    """A section that leads into its subsections ("… är insatsområdena:" followed by one heading
    per area) gets their headings as a list, so the list and its lead-in stay one answer unit
    instead of a lead-in that says nothing and items scattered over five chunks."""
    if not section.text.rstrip().endswith(":") or not section.heading_path:
        return ""
    depth = len(section.heading_path)
    children: list[str] = []
    for later in following:
        path = later.heading_path
        if len(path) <= depth or path[:depth] != section.heading_path:
            break
        if len(path) == depth + 1 and path[-1] not in children:
            children.append(path[-1])
    return "".join(f"\n- {child}" for child in children)


def _is_fragment(piece: str, previous: str, whole: bool) -> bool:
    if not re.search(r"\w", piece):
        return True
    if whole:  # a short section on its own ("Kontakt: klimat@...") is still content
        return len(piece) < 10
    # Trailing slivers the overlap already carried into the previous chunk add nothing.
    return len(piece) < MIN_CHUNK_CHARS or piece in previous


def _extra_metadata(doc: Document) -> dict[str, str | int | float | bool]:
    extra: dict[str, str | int | float | bool] = {
        "kind": "profile" if is_profile(doc.doc_id) else "document"
    }
    year = re.match(r"(\d{4})", doc.meta.source_date or "")
    if year:
        extra["year"] = int(year.group(1))
    return extra
