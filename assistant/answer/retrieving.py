"""Question -> the best passages, with metadata filters and scores the caller can threshold.

Dense retrieval with multilingual-e5 only. BM25 (bm25s, Swedish Snowball stemming) fused with
RRF was measured on the golden set and did not help (see bench/bench_embedding.py), so it is
not used here.

`KnowledgeBaseRetriever` is the same retrieval as a LangChain `BaseRetriever`, so the
knowledge base plugs into LangChain chains (`retriever.invoke(question)` gives `Document`s with
the chunk's citation data as metadata).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LangChainDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.config import Settings
from assistant.models import Passage

if TYPE_CHECKING:
    from assistant.stores.vectors import VectorStore

log = logging.getLogger(__name__)


class Retriever:
    def __init__(self, settings: Settings, store: VectorStore, embeddings: Any) -> None:
        self.settings = settings
        self.store = store
        self.embeddings = embeddings

    def retrieve(self, question: str, k: int | None = None,
                 where: dict[str, Any] | None = None,
                 min_score: float | None = None) -> list[Passage]:
        """Top-k passages, best first, each with its cosine score. Nothing is dropped for a low
        score unless `min_score` is given; the caller compares with `settings.min_score` to
        decide whether the evidence is strong enough to answer."""
        question = question.strip()[: self.settings.max_question_chars]
        if not question:
            return []
        vector = self.embeddings.embed_query(question)
        passages = self.store.search(vector, k or self.settings.top_k, where=build_where(where))
        if min_score is not None:
            passages = [p for p in passages if p.score >= min_score]
        return passages


def build_where(filters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Plain filters ({"doc_type": "fakta", "kommun": "Nacka", "year": 2024}) -> a ChromaDB
    `where`. None values are ignored, a list means "any of",
    and a dict already in ChromaDB syntax (keys starting with "$") passes through."""
    if not filters:
        return None
    if any(key.startswith("$") for key in filters):
        return filters
    clauses = []
    for key, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple, set)):
            clauses.append({key: {"$in": list(value)}})
        else:  # a scalar, or an operator expression like {"$gte": 2020}
            clauses.append({key: value})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class KnowledgeBaseRetriever(BaseRetriever):
    """The knowledge base as a LangChain retriever: `retriever.invoke("Vad är Klimatklivet?")`
    returns the best passages as LangChain `Document`s, best first. Each document's
    `page_content` is the chunk's verbatim text and its metadata says where it is from (chunk
    and document id, title, source, page or heading, score), so a chain can cite it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int | None = None  # passages per question (default: settings.top_k)
    min_score: float | None = None  # drop weaker passages (default: keep all k)

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun
                                ) -> list[LangChainDocument]:
        passages = self.retriever.retrieve(query, k=self.k, min_score=self.min_score)
        return [as_langchain_document(p) for p in passages]


def as_langchain_document(passage: Passage) -> LangChainDocument:
    chunk = passage.chunk
    meta = chunk.meta
    return LangChainDocument(
        page_content=chunk.text, id=chunk.id,
        metadata={"chunk_id": chunk.id, "doc_id": chunk.doc_id,
                  "title": meta.title if meta else chunk.doc_id,
                  "source": meta.source_url if meta and meta.source_url else chunk.doc_id,
                  "page": chunk.section_label, "score": passage.score})
