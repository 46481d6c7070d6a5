"""Hypothesis state machine over the knowledge folder: add / replace / remove / re-ingest.

Each step changes files on disk and runs the real `Ingestor` (real loader, chunker, e5 and an
embedded ChromaDB in a fresh temporary store per example); a plain dict is the model. After
every step the invariants compare the store with the model and with the chunker's own output:
chunk count, no duplicate ids, stored text == source text, registry == model, and a search with
each document's own text finds that document.

Sized for ~1-2 minutes on 2 cores (each step embeds a few short chunks); derandomized and
without an example database, so CI sees the same sequence every run.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import ClassVar

import chromadb
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from assistant.config import Settings
from assistant.pipeline.chunking import chunk_document
from assistant.pipeline.ingestion import Ingestor
from assistant.pipeline.loading import load_file
from assistant.stores.embeddings import embedding_text, get_embeddings
from assistant.stores.vectors import VectorStore

MAX_EXAMPLES = 12
STEPS = 10
NAMES = [f"docs/m{i}.md" for i in range(6)]
SENTENCES = [
    "Publika laddpunkter för elbilar byggs ut längs de stora vägarna.",
    "Fjärrvärmen i länet produceras främst av biobränslen och avfall.",
    "Regionen bygger regionala cykelstråk mellan tätorterna.",
    "Matsvinnet i skolköken ska halveras till år 2030.",
    "Klimatkrav i upphandlingen av asfalt minskar utsläppen från vägbyggen.",
    "Solceller på förskolornas tak ger el till verksamheten.",
    "Kollektivtrafiken ska drivas med förnybara bränslen.",
    "Skogen binder koldioxid men avverkningen ökar utsläppen.",
    "Flygresor står för en stor del av de konsumtionsbaserade utsläppen.",
    "Byggmaterial med lägre klimatpåverkan efterfrågas i nya detaljplaner.",
]

# A document: 1-3 sections, each a sentence from the pool with a number that keeps versions
# apart (so a replace really changes the text, and hashes differ).
section = st.tuples(st.sampled_from(SENTENCES), st.integers(0, 999))
document = st.lists(section, min_size=1, max_size=3)


def render(doc_id: str, sections: list[tuple[str, int]]) -> str:
    body = "\n".join(f"## Avsnitt {i}\n\n{sentence} Åtgärd {number} i {doc_id}.\n"
                     for i, (sentence, number) in enumerate(sections))
    return f"---\ntitle: {doc_id}\n---\n\n{body}"


class KnowledgeBase(RuleBasedStateMachine):
    steps: ClassVar[Counter[str]] = Counter()  # over all examples, printed for the closing note

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="klimat-sm-"))
        self.settings = Settings(knowledge_dir=self.root / "knowledge",
                                 store_dir=self.root / "store", chroma_url="")
        (self.settings.knowledge_dir / "docs").mkdir(parents=True)
        self.embeddings = get_embeddings(self.settings)
        self.store = VectorStore(self.settings, self.embeddings)
        self.ingestor = Ingestor(self.settings, embeddings=self.embeddings, store=self.store)
        self.model: dict[str, str] = {}  # doc_id -> text on disk and in the store

    def teardown(self) -> None:
        # Drop chroma's per-path system cache too, or every example keeps its store in memory.
        chromadb.api.client.SharedSystemClient.clear_system_cache()
        shutil.rmtree(self.root, ignore_errors=True)

    def _write(self, doc_id: str, text: str) -> Path:
        path = self.settings.knowledge_dir / doc_id
        path.write_text(text, encoding="utf-8")
        return path

    # -- rules ------------------------------------------------------------------------------

    @rule(doc_id=st.sampled_from(NAMES), sections=document)
    def add(self, doc_id: str, sections: list[tuple[str, int]]) -> None:
        """Write a document (new, or over an existing one) and sync just that file."""
        self.steps["add"] += 1
        text = render(doc_id, sections)
        report = self.ingestor.sync(paths=[self._write(doc_id, text)])
        assert report.ok, report.failures
        expected = "unchanged" if self.model.get(doc_id) == text else (
            "updated" if doc_id in self.model else "added")
        assert getattr(report, expected) == [doc_id], (expected, report.to_dict())
        self.model[doc_id] = text

    def _pick(self, pick: int) -> str:
        return sorted(self.model)[pick % len(self.model)]

    @precondition(lambda self: bool(self.model))
    @rule(pick=st.integers(0, 5), sections=document)
    def replace(self, pick: int, sections: list[tuple[str, int]]) -> None:
        """A revised version of an existing document, picked up by a full sync."""
        self.steps["replace"] += 1
        doc_id = self._pick(pick)
        text = render(doc_id, sections)
        self._write(doc_id, text)
        report = self.ingestor.sync()
        changed = text != self.model[doc_id]
        assert report.updated == ([doc_id] if changed else [])
        assert report.ok and report.added == [] and report.removed == []
        self.model[doc_id] = text

    # A full sync refuses to prune the last document (an empty folder must not wipe the base),
    # so removal keeps at least one.
    @precondition(lambda self: len(self.model) >= 2)
    @rule(pick=st.integers(0, 5))
    def remove(self, pick: int) -> None:
        self.steps["remove"] += 1
        doc_id = self._pick(pick)
        (self.settings.knowledge_dir / doc_id).unlink()
        report = self.ingestor.sync()
        assert report.removed == [doc_id] and report.ok, report.to_dict()
        del self.model[doc_id]

    @precondition(lambda self: bool(self.model))
    @rule()
    def reingest(self) -> None:
        """Nothing changed on disk: nothing may be embedded, added or removed."""
        self.steps["reingest"] += 1
        report = self.ingestor.sync()
        assert report.chunks_embedded == 0 and not report.added and not report.updated
        assert sorted(report.unchanged) == sorted(self.model) and report.removed == []

    # -- invariants -------------------------------------------------------------------------

    def _expected_chunks(self) -> dict[str, list]:
        knowledge = self.settings.knowledge_dir
        return {d: chunk_document(load_file(knowledge / d, knowledge), self.settings.chunk_size,
                                  self.settings.chunk_overlap) for d in self.model}

    @invariant()
    def store_matches_model(self) -> None:
        expected = self._expected_chunks()
        ids = self.store.chunks.get(include=[])["ids"]
        assert len(ids) == len(set(ids)), "duplicate chunk ids"
        assert self.store.count() == sum(len(c) for c in expected.values())
        assert set(ids) == {c.id for chunks in expected.values() for c in chunks}
        records = {r.doc_id: r for r in self.store.documents()}
        assert set(records) == set(self.model)
        for doc_id, chunks in expected.items():
            sha = hashlib.sha256(self.model[doc_id].encode()).hexdigest()
            assert records[doc_id].sha256 == sha
            assert records[doc_id].chunk_ids == tuple(c.id for c in chunks)
            stored = self.store.get_chunks([c.id for c in chunks])
            assert [c.text for c in stored] == [c.text for c in chunks]  # stored == source

    @invariant()
    def each_document_finds_itself(self) -> None:
        if not self.model:
            return
        expected = self._expected_chunks()
        firsts = [chunks[0] for chunks in expected.values()]
        vectors = self.embeddings.embed_documents([embedding_text(c) for c in firsts])
        for chunk, vector in zip(firsts, vectors, strict=True):
            hits = self.store.search(vector, 3)
            assert chunk.doc_id in {h.chunk.doc_id for h in hits}, (chunk.doc_id, hits)


KnowledgeBase.TestCase.settings = settings(
    max_examples=MAX_EXAMPLES, stateful_step_count=STEPS, derandomize=True, database=None,
    deadline=None, suppress_health_check=[HealthCheck.too_slow])
test_knowledge_base_state_machine = KnowledgeBase.TestCase
