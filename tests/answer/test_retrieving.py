"""Retrieval over the real store, and the knowledge base as a LangChain retriever in a chain."""

from __future__ import annotations

import json

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableLambda

from assistant.answer.retrieving import KnowledgeBaseRetriever, Retriever, build_where
from assistant.config import Settings
from assistant.resources import Resources
from tests.conftest import GOLDEN_DIR


def _retriever(settings: Settings, **options: object) -> KnowledgeBaseRetriever:
    resources = Resources(settings)
    return KnowledgeBaseRetriever(
        retriever=Retriever(settings, resources.store, resources.embeddings), **options)


def test_the_knowledge_base_plugs_into_a_langchain_chain(built_settings: Settings) -> None:
    case = json.loads((GOLDEN_DIR / "retrieval_sv.jsonl").read_text(encoding="utf-8")
                      .splitlines()[0])
    retriever = _retriever(built_settings, k=3)
    assert isinstance(retriever, BaseRetriever)
    chain = retriever | RunnableLambda(lambda docs: [d.metadata["doc_id"] for d in docs])
    assert chain.invoke(case["question"])[0] == case["expected_doc"]


def test_langchain_documents_carry_the_verbatim_chunk_and_its_citation(
        built_settings: Settings) -> None:
    retriever = _retriever(built_settings, k=4)
    documents = retriever.invoke("Vad är Klimatklivet?")
    assert len(documents) == 4 and all(isinstance(d, Document) for d in documents)
    scores = [d.metadata["score"] for d in documents]
    assert scores == sorted(scores, reverse=True)
    store = Resources(built_settings).store
    for document in documents:
        chunk = store.get_chunks([document.metadata["chunk_id"]])[0]
        assert document.page_content == chunk.text
        assert document.metadata["doc_id"] == chunk.doc_id and document.metadata["title"]


def test_a_minimum_score_drops_weak_passages(built_settings: Settings) -> None:
    assert _retriever(built_settings, min_score=0.99).invoke("Vad är Klimatklivet?") == []


def test_plain_filters_become_a_chroma_where() -> None:
    assert build_where(None) is None
    assert build_where({"doc_type": "fakta"}) == {"doc_type": "fakta"}
    assert build_where({"doc_type": "fakta", "kommun": ["Nacka", "Solna"], "year": None}) == {
        "$and": [{"doc_type": "fakta"}, {"kommun": {"$in": ["Nacka", "Solna"]}}]}
    assert build_where({"$or": [{"a": 1}]}) == {"$or": [{"a": 1}]}
