"""Retrieval quality on the golden set, and the choices it decides.

    python bench/bench_embedding.py [--minilm]

Prints recall@1/@5 (a hit = the expected document among the top-k passages) for:
  e5 with the title/heading context embedded vs. the bare chunk text; BM25 (bm25s, Swedish
  Snowball stemming); e5 + BM25 fused with RRF; optionally all-MiniLM-L6-v2.
Then the top-1 score of golden vs. off-topic questions (tests/golden/refusals.jsonl) and, per
threshold, recall@5 counting only passages above it and the share of off-topic questions
refused, which is how `settings.min_score` was chosen. Exact search in numpy over the same
chunks the store holds (documents and statistics profiles).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import PROJECT_ROOT, Settings
from assistant.models import Chunk, Document
from assistant.pipeline.chunking import chunk_document
from assistant.pipeline.loading import discover, load_file
from assistant.stores.embeddings import embedding_text, get_embeddings

GOLDEN = PROJECT_ROOT / "tests" / "golden"
RRF_K = 60


def load_corpus(settings: Settings) -> list[Document]:
    root = settings.knowledge_dir
    docs = [load_file(p, root, max_mb=settings.max_upload_mb) for p in discover(root)]
    try:
        from assistant.pipeline.datasets import load_directory
        from assistant.stores.statistics import StatisticsStore

        with tempfile.TemporaryDirectory() as tmp:
            stats = StatisticsStore(Path(tmp) / "statistics.sqlite")
            load_directory(stats, root / "statistics")
            docs += stats.profiles()
    except ImportError:
        print("(assistant.statistics missing: profiles left out)")
    return docs


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def recall(rankings: list[list[int]], chunks: list[Chunk], golden: list[dict], k: int) -> float:
    hits = sum(any(chunks[i].doc_id == g["expected_doc"] for i in ranking[:k])
               for ranking, g in zip(rankings, golden, strict=True))
    return hits / len(golden)


def dense_rankings(q: np.ndarray, p: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    scores = q @ p.T
    return [list(np.argsort(-row)) for row in scores], scores


def bm25_rankings(chunks: list[Chunk], questions: list[str]) -> list[list[int]]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("swedish")
    corpus = [embedding_text(c) for c in chunks]
    index = bm25s.BM25()
    index.index(bm25s.tokenize(corpus, stopwords="sv", stemmer=stemmer, show_progress=False),
                show_progress=False)
    tokens = bm25s.tokenize(questions, stopwords="sv", stemmer=stemmer, show_progress=False)
    ids, _ = index.retrieve(tokens, k=len(chunks), show_progress=False)
    return [list(row) for row in ids]


def rrf(*rankings: list[list[int]], weights: tuple[float, ...] | None = None) -> list[list[int]]:
    weights = weights or (1.0,) * len(rankings)
    fused = []
    for per_question in zip(*rankings, strict=True):
        score: dict[int, float] = {}
        for w, ranking in zip(weights, per_question, strict=True):
            for rank, i in enumerate(ranking[:100]):
                score[i] = score.get(int(i), 0.0) + w / (RRF_K + rank + 1)
        fused.append(sorted(score, key=lambda i: -score[i]))
    return fused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minilm", action="store_true", help="also measure all-MiniLM-L6-v2")
    args = parser.parse_args()

    settings = Settings()
    golden = read_jsonl(GOLDEN / "retrieval_sv.jsonl")
    refusals = read_jsonl(GOLDEN / "refusals.jsonl")
    questions = [g["question"] for g in golden]
    docs = load_corpus(settings)
    chunks = [c for d in docs for c in chunk_document(d, settings.chunk_size,
                                                      settings.chunk_overlap)]
    print(f"corpus: {len(docs)} documents, {len(chunks)} chunks; golden {len(golden)} "
          f"questions, {len(refusals)} off-topic")

    e5 = get_embeddings(settings)
    started = time.perf_counter()
    p_ctx = np.array(e5.embed_documents([embedding_text(c) for c in chunks]))
    seconds = time.perf_counter() - started
    print(f"e5 embed_documents: {len(chunks) / seconds:.1f} chunks/s "
          f"({len(chunks)} chunks, {seconds:.1f} s)")
    p_raw = np.array(e5.embed_documents([c.text for c in chunks]))
    q = np.array([e5.embed_query(t) for t in questions])
    q_off = np.array([e5.embed_query(r["question"]) for r in refusals])

    ctx_rank, ctx_scores = dense_rankings(q, p_ctx)
    raw_rank, _ = dense_rankings(q, p_raw)
    bm25_rank = bm25_rankings(chunks, questions)
    table = {
        "e5 + title/headings embedded (used)": ctx_rank,
        "e5, bare chunk text": raw_rank,
        "BM25 (Swedish stemming)": bm25_rank,
        "RRF e5 + BM25 (1:1)": rrf(ctx_rank, bm25_rank),
        "RRF e5 + BM25 (1:0.3)": rrf(ctx_rank, bm25_rank, weights=(1.0, 0.3)),
    }
    if args.minilm:
        minilm = get_embeddings(settings.with_(embedding_model="minilm"))
        pm = np.array(minilm.embed_documents([embedding_text(c) for c in chunks]))
        qm = np.array([minilm.embed_query(t) for t in questions])
        table["all-MiniLM-L6-v2 + title/headings"] = dense_rankings(qm, pm)[0]
    print(f"\n{'method':42} R@1    R@5")
    for name, rankings in table.items():
        print(f"{name:42} {recall(rankings, chunks, golden, 1):.3f}  "
              f"{recall(rankings, chunks, golden, 5):.3f}")
    misses = [g["question"] for r, g in zip(ctx_rank, golden, strict=True)
              if not any(chunks[i].doc_id == g["expected_doc"] for i in r[:5])]
    print("e5 misses at 5:", *misses, sep="\n  - ")

    top_golden = ctx_scores.max(axis=1)
    top_off = (q_off @ p_ctx.T).max(axis=1)
    print(f"\ntop-1 score, golden:    min {top_golden.min():.3f}  p10 "
          f"{np.percentile(top_golden, 10):.3f}  median {np.median(top_golden):.3f}")
    print(f"top-1 score, off-topic: max {top_off.max():.3f}  p90 "
          f"{np.percentile(top_off, 90):.3f}  median {np.median(top_off):.3f}")
    print(f"\n{'min_score':10} recall@5  golden answered  off-topic refused")
    for t in np.arange(0.78, 0.871, 0.005):
        hits = sum(any(chunks[i].doc_id == g["expected_doc"] and ctx_scores[n, i] >= t
                       for i in ctx_rank[n][:5]) for n, g in enumerate(golden))
        print(f"{t:<10.3f} {hits / len(golden):.3f}     {np.mean(top_golden >= t):.3f}"
              f"            {np.mean(top_off < t):.3f}")
    for r, s in sorted(zip(refusals, top_off, strict=True), key=lambda x: -x[1]):
        print(f"  off-topic {s:.3f}  {r['question']}")


if __name__ == "__main__":
    main()
