"""Document -> Chunks: split each section on its own (never across headings or pages) so every
chunk keeps one heading path / page for its citation.

Chunk text is the source text, unchanged, so quotes taken from it are verbatim. What gets
*embedded* is `embedding_text(chunk)`: the title and heading path in front of the text, which
gives short sections the context their words alone lack.
"""

from __future__ import annotations

import re

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.models import Chunk, Document

# Paragraphs, lines, then sentence ends before clauses and words. Swedish has no exotic
# punctuation; "t.ex. " or "bl.a. " may split a sentence, which costs little with overlap.
SEPARATORS = ["\n\n", "\n", ". ", "! ", "? ", "; ", ": ", ", ", " ", ""]
# Pieces shorter than this (e.g. "Sida 3", a lone list bullet) carry no retrievable meaning.
MIN_CHUNK_CHARS = 25
# Bumped whenever chunking changes in a way that changes chunk texts, so ingestion re-embeds.
CHUNKER_VERSION = 1
PROFILE_PREFIX = "statistik/"


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
    for section in doc.sections:
        pieces = splitter.split_text(section.text)
        for i, piece in enumerate(pieces):
            if _is_fragment(piece, pieces[i - 1] if i else "", whole=len(pieces) == 1):
                continue
            position = len(chunks)
            chunks.append(Chunk(
                id=f"{doc.doc_id}:{doc.sha256[:12]}:{position}",
                doc_id=doc.doc_id,
                text=piece,
                position=position,
                heading_path=section.heading_path,
                page=section.page,
                page_label=section.page_label,
                meta=doc.meta,
                extra=dict(extra),
            ))
    return chunks


# What is embedded per chunk is capped: e5 reads at most 512 tokens (~2,000 characters of
# Swedish) anyway, and an unbounded title or heading (a hostile file, a manifest) repeated in
# front of every chunk made the tokenizer hold the write lock for minutes.
MAX_CONTEXT_CHARS = 400
MAX_EMBEDDED_CHARS = 4000


def embedding_text(chunk: Chunk) -> str:
    """`title › heading › subheading` + blank line + text; the title is not repeated when the
    document's first heading is the title itself. The context is cut to MAX_CONTEXT_CHARS and
    the whole to MAX_EMBEDDED_CHARS."""
    title = chunk.meta.title[:MAX_CONTEXT_CHARS] if chunk.meta else ""
    headings = [h[:MAX_CONTEXT_CHARS] for h in chunk.heading_path[:12] if h and h != title]
    context = " › ".join([title, *headings] if title else headings)[:MAX_CONTEXT_CHARS]
    text = f"{context}\n\n{chunk.text}" if context else chunk.text
    return text[:MAX_EMBEDDED_CHARS]


def _is_fragment(piece: str, previous: str, whole: bool) -> bool:
    if not re.search(r"\w", piece):
        return True
    if whole:  # a short section on its own ("Kontakt: klimat@...") is still content
        return len(piece) < 10
    # Trailing slivers the overlap already carried into the previous chunk add nothing.
    return len(piece) < MIN_CHUNK_CHARS or piece in previous


def _extra_metadata(doc: Document) -> dict[str, str | int | float | bool]:
    extra: dict[str, str | int | float | bool] = {
        "kind": "profile" if doc.doc_id.startswith(PROFILE_PREFIX) else "document"
    }
    year = re.match(r"(\d{4})", doc.meta.source_date or "")
    if year:
        extra["year"] = int(year.group(1))
    return extra
