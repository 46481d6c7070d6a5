"""Retrieval over the shipped knowledge base against the golden questions.

A hit means the expected document is among the top-k passages. Uses the session store that
`built_settings` (tests/conftest.py) ingests once from the real knowledge folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.retrieving import Retriever
from assistant.config import Settings
from assistant.stores.embeddings import get_embeddings
from assistant.stores.vectors import VectorStore

GOLDEN = Path(__file__).parent.parent / "golden"


def read_jsonl(name: str) -> list[dict]:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def retriever(built_settings: Settings) -> Retriever:
    embeddings = get_embeddings(built_settings)
    return Retriever(built_settings, VectorStore(built_settings, embeddings), embeddings)


def test_recall_at_5_on_the_golden_set(retriever: Retriever) -> None:
    golden = read_jsonl("retrieval_sv.jsonl")
    assert len(golden) >= 40
    ranks = []
    for item in golden:
        docs = [p.chunk.doc_id for p in retriever.retrieve(item["question"], k=5)]
        ranks.append(docs.index(item["expected_doc"]) + 1 if item["expected_doc"] in docs else 0)
    at1 = sum(r == 1 for r in ranks) / len(ranks)
    at5 = sum(r > 0 for r in ranks) / len(ranks)
    misses = [g["question"] for g, r in zip(golden, ranks, strict=True) if r == 0]
    print(f"\nrecall@1 {at1:.3f}  recall@5 {at5:.3f}  ({len(golden)} questions)")
    assert at5 >= 0.9, f"recall@5 {at5:.3f}; missed: {misses}"


def test_filters_restrict_results(retriever: Retriever) -> None:
    passages = retriever.retrieve("Hur stora är utsläppen?", k=5, where={"kind": "profile"})
    assert passages and all(p.chunk.extra["kind"] == "profile" for p in passages)
    facts = retriever.retrieve("Vad gör Klimatkansliet?", k=3, where={"doc_type": "fakta"})
    assert facts and all(p.chunk.meta.doc_type == "fakta" for p in facts)
