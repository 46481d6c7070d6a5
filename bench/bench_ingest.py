"""Ingestion throughput against raw embedding throughput, re-ingest time, and cold start.

    python bench/bench_ingest.py [--sample N] [--runs N]

1. raw embedding: `embed_documents` on N real chunks of knowledge/ (what ingestion embeds);
2. full ingest of knowledge/ into a fresh temporary store (load, chunk, embed, write,
   statistics);
3. re-ingest of the unchanged base (must embed 0 chunks);
4. cold start: a new Python process from start to the first question's passages retrieved.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.chunking import chunk_document, embedding_text
from assistant.config import PROJECT_ROOT, get_settings
from assistant.embedding import get_embeddings
from assistant.ingestion import Ingestor
from assistant.loading import discover, load_file

COLD_START = """
import time, sys
from assistant.config import get_settings
from assistant.embedding import get_embeddings
from assistant.retrieving import Retriever
from assistant.storing import VectorStore
s = get_settings()
e = get_embeddings(s)
passages = Retriever(s, VectorStore(s, e), e).retrieve("Vad är Klimatkansliet?")
assert passages, "no passages"
"""


def raw_embedding(sample: int) -> None:
    settings = get_settings()
    root = settings.knowledge_dir
    chunks = [c for p in discover(root) for c in
              chunk_document(load_file(p, root), settings.chunk_size, settings.chunk_overlap)]
    texts = [embedding_text(c) for c in chunks[:sample]]
    embeddings = get_embeddings(settings)
    embeddings.embed_documents(texts[:2])  # load the model outside the timing
    started = time.perf_counter()
    embeddings.embed_documents(texts)
    seconds = time.perf_counter() - started
    mean_chars = sum(len(t) for t in texts) / len(texts)
    print(f"raw embedding ({embeddings.model_id}, batch {settings.embedding_batch_size}): "
          f"{len(texts) / seconds:.1f} chunks/s ({len(texts)} chunks, mean {mean_chars:.0f} "
          f"chars, {seconds:.1f} s)")


def ingest_runs(store_dir: Path) -> None:
    settings = get_settings().with_(store_dir=store_dir, chroma_url="")
    report = Ingestor(settings).sync()
    print(f"full ingest of {settings.knowledge_dir}: {report.seconds:.1f} s, "
          f"{sum(not d.startswith('statistik/') for d in report.added)} documents + "
          f"{sum(d.startswith('statistik/') for d in report.added)} statistics profiles "
          f"({len(report.datasets)} datasets), "
          f"{report.chunks_embedded} chunks embedded = "
          f"{report.chunks_embedded / report.seconds:.1f} chunks/s end to end"
          f"{'' if report.ok else f', {len(report.failures)} FAILURES'}")
    again = Ingestor(settings).sync()
    print(f"re-ingest of the unchanged base: {again.seconds:.2f} s, "
          f"{again.chunks_embedded} chunks embedded, {len(again.unchanged)} unchanged")


def cold_start(store_dir: Path, runs: int) -> None:
    env = {**os.environ, "KLIMAT_STORE_DIR": str(store_dir)}
    env.pop("KLIMAT_CHROMA_URL", None)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD_START], env=env, cwd=PROJECT_ROOT,
                       check=True)
        times.append(time.perf_counter() - started)
    print(f"cold start (process start -> first question retrieved), {runs} runs: "
          f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
          f"max {max(times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=200, help="chunks for raw embedding")
    parser.add_argument("--runs", type=int, default=3, help="cold-start runs")
    args = parser.parse_args()
    print(f"cpu count {os.cpu_count()}, load average {os.getloadavg()[0]:.2f}")
    raw_embedding(args.sample)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        ingest_runs(Path(tmp))
        cold_start(Path(tmp), args.runs)


if __name__ == "__main__":
    main()
