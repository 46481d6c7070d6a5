"""Chunks: deterministic ids, never across sections, metadata kept, text unchanged."""

from __future__ import annotations

import itertools
from pathlib import Path

from assistant.models import Document, DocumentMeta, Section
from assistant.pipeline.chunking import chunk_document
from assistant.pipeline.loading import load_file
from assistant.stores.embeddings import embedding_text

FIXTURES = Path(__file__).parent.parent / "fixtures"

SENTENCES = [
    "Länets utsläpp av växthusgaser har minskat med en tredjedel sedan 1990.",
    "Vägtrafiken står fortfarande för den största delen av utsläppen.",
    "Regionen bygger ut kollektivtrafiken och laddinfrastrukturen.",
    "Kommunerna ställer klimatkrav i sina upphandlingar av fordon och entreprenader.",
    "Fjärrvärmen produceras till största delen av biobränslen och avfall.",
]


def make_doc(sections: list[Section], sha: str = "ab" * 32, doc_id: str = "docs/test.md",
             source_date: str = "2024-03-01") -> Document:
    meta = DocumentMeta(title="Klimatläget i länet", source_date=source_date)
    return Document(doc_id=doc_id, path=doc_id, meta=meta, sections=tuple(sections), sha256=sha)


def long_text(n: int) -> str:
    return " ".join(SENTENCES[i % len(SENTENCES)] for i in range(n))


def test_ids_are_deterministic_and_follow_the_scheme() -> None:
    doc = make_doc([Section(long_text(30), ("Utsläpp",)), Section(long_text(5), ("Åtgärder",))])
    first = chunk_document(doc, 400, 60)
    again = chunk_document(doc, 400, 60)
    assert [c.id for c in first] == [c.id for c in again]
    assert [c.text for c in first] == [c.text for c in again]
    assert [c.id for c in first] == [f"docs/test.md:{'ab' * 6}:{i}" for i in range(len(first))]
    assert [c.position for c in first] == list(range(len(first)))


def test_new_version_gets_new_ids() -> None:
    sections = [Section(long_text(10))]
    old = chunk_document(make_doc(sections, sha="a" * 64), 400, 60)
    new = chunk_document(make_doc(sections, sha="b" * 64), 400, 60)
    assert not {c.id for c in old} & {c.id for c in new}


def test_chunks_never_cross_sections_and_keep_headings() -> None:
    doc = make_doc([Section(long_text(20), ("Utsläpp", "Transporter")),
                    Section("Åtgärderna följs upp av kommunstyrelsen varje år.", ("Åtgärder",))])
    chunks = chunk_document(doc, 300, 50)
    assert len(chunks) > 3
    for chunk in chunks:
        owner = [s for s in doc.sections if chunk.text in s.text]
        assert owner, "chunk text must be a verbatim piece of one section"
        assert chunk.heading_path == owner[0].heading_path
        assert len(chunk.text) <= 300
        assert chunk.meta == doc.meta
    assert chunks[-1].heading_path == ("Åtgärder",)


def test_overlap_repeats_context_between_neighbours() -> None:
    chunks = chunk_document(make_doc([Section(long_text(20))]), 300, 100)
    shared = [a.text.split(". ")[-1][:30] in b.text for a, b in itertools.pairwise(chunks)]
    assert any(shared)


def test_pages_and_labels_are_kept_for_pdfs() -> None:
    doc = load_file(FIXTURES / "rapport.pdf", root=FIXTURES)
    chunks = chunk_document(doc, 900, 120)
    assert [(c.page, c.page_label) for c in chunks] == [(1, "i"), (2, "ii"), (3, "1"), (4, "2")]
    assert chunks[2].section_label == "s. 1"


def test_tiny_fragments_are_dropped_but_short_sections_kept() -> None:
    doc = make_doc([Section("Kontakt: klimat@regionstockholm.se", ("Kontakt",)),
                    Section("- ", ("Tom",)),
                    Section(long_text(8) + "\n\nSlut.", ("Lång",))])
    chunks = chunk_document(doc, 200, 0)
    texts = [c.text for c in chunks]
    assert texts[0] == "Kontakt: klimat@regionstockholm.se"
    assert "- " not in texts and "-" not in texts
    assert "Slut." not in texts  # a 5-character tail split off a long section
    assert all(len(t) >= 25 for t in texts)


def test_embedding_text_carries_title_and_headings_but_chunk_text_does_not() -> None:
    doc = make_doc([Section("Text om laddning av elbilar i länet.",
                            ("Klimatläget i länet", "Transporter", "Laddning"))])
    chunk = chunk_document(doc, 900, 120)[0]
    assert chunk.text == "Text om laddning av elbilar i länet."
    assert embedding_text(chunk) == ("Klimatläget i länet › Transporter › Laddning\n\n"
                                     "Text om laddning av elbilar i länet.")


def test_extra_metadata_kind_and_year() -> None:
    doc = make_doc([Section(long_text(2))], source_date="2023")
    assert chunk_document(doc, 900, 120)[0].extra == {"kind": "document", "year": 2023}
    profile = make_doc([Section(long_text(2))], doc_id="statistik/kommun/0182", source_date="")
    assert chunk_document(profile, 900, 120)[0].extra == {"kind": "profile"}
