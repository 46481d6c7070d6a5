"""Ingestion throughput against raw embedding throughput, re-ingest time, and cold start.

    python bench/bench_ingest.py [--sample N] [--runs N]

1. raw embedding: `embed_documents` on the real chunks of knowledge/ (what ingestion embeds),
   then on their answer units;
2. full ingest of knowledge/ into a fresh temporary store (load, chunk, embed chunks and answer
   units, write, statistics): texts embedded per second end to end (chunks + units, what the
   ingestion really encodes) as a share of the raw encoder's texts/s on the same kinds of text
   (the documents' chunks and units; the ingest also embeds the statistics profiles, made from
   the data during the ingest), and chunks/s;
3. re-ingest of the unchanged base (must embed 0 chunks), and after one paragraph changed
   (only the changed chunk and units are embedded);
4. cold start: a new Python process from start to the first question's passages retrieved.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import load, machine

from assistant.config import PROJECT_ROOT, get_settings
from assistant.pipeline.chunking import chunk_document
from assistant.pipeline.ingestion import Ingestor
from assistant.pipeline.loading import discover, load_file
from assistant.stores.embeddings import embedding_text, get_embeddings, unit_embedding_text

COLD_START = """
import time, sys
from assistant.config import get_settings
from assistant.stores.embeddings import get_embeddings
from assistant.answer.retrieving import Retriever
from assistant.stores.vectors import VectorStore
s = get_settings()
e = get_embeddings(s)
passages = Retriever(s, VectorStore(s, e), e).retrieve("Vad är Klimatkansliet?")
assert passages, "no passages"
"""


def raw_embedding(sample: int | None) -> float:
    """Encoder alone on what a full ingest embeds: every chunk of knowledge/ (the documents;
    the statistics profiles are made from the data during the ingest), then their answer
    units. Returns texts/s over both, the reference for the full ingest."""
    settings = get_settings()
    root = settings.knowledge_dir
    chunks = [c for p in discover(root) for c in
              chunk_document(load_file(p, root), settings.chunk_size, settings.chunk_overlap)]
    chunks = chunks[:sample] if sample else chunks
    texts = [embedding_text(c) for c in chunks]
    units = list(dict.fromkeys(unit_embedding_text(u) for c in chunks for u in c.units
                               if u.answers))
    embeddings = get_embeddings(settings)
    embeddings.embed_documents(texts[:2])  # load the model outside the timing
    started = time.perf_counter()
    embeddings.embed_documents(texts)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    embeddings.embed_documents(units)
    unit_seconds = time.perf_counter() - started
    mean_chars = sum(len(t) for t in texts) / len(texts)
    rate = (len(texts) + len(units)) / (seconds + unit_seconds)
    print(f"raw embedding ({embeddings.model_id}, batch {settings.embedding_batch_size}): "
          f"{len(texts) / seconds:.1f} chunks/s ({len(texts)} document chunks, mean "
          f"{mean_chars:.0f} chars, {seconds:.1f} s); their {len(units)} answer units "
          f"{unit_seconds:.1f} s (+{100 * unit_seconds / seconds:.0f} %); chunks and units "
          f"{rate:.2f} texts/s ({load()})")
    return rate


def ingest_runs(store_dir: Path, raw_rate: float) -> None:
    # A copy of knowledge/, so that the one-paragraph edit below never touches the real base.
    knowledge = store_dir / "knowledge"
    shutil.copytree(get_settings().knowledge_dir, knowledge)
    settings = get_settings().with_(store_dir=store_dir / "store", knowledge_dir=knowledge,
                                    chroma_url="")
    report = Ingestor(settings).sync()
    texts = report.chunks_embedded + report.units_embedded
    rate = texts / report.seconds
    print(f"full ingest of {settings.knowledge_dir}: {report.seconds:.1f} s, "
          f"{sum(not d.startswith('statistik/') for d in report.added)} documents + "
          f"{sum(d.startswith('statistik/') for d in report.added)} statistics profiles "
          f"({len(report.datasets)} datasets), "
          f"{report.chunks_embedded} chunks and {report.units_embedded} answer units embedded "
          f"= {rate:.2f} texts/s end to end, {100 * rate / raw_rate:.0f} % of the raw "
          f"encoder's texts/s; {report.chunks_embedded / report.seconds:.2f} chunks/s ({load()})"
          f"{'' if report.ok else f', {len(report.failures)} FAILURES'}")
    again = Ingestor(settings).sync()
    print(f"re-ingest of the unchanged base: {again.seconds:.2f} s, "
          f"{again.chunks_embedded} chunks embedded, {len(again.unchanged)} unchanged "
          f"(goal < 2 s; {load()})")
    edited = settings.knowledge_dir / "docs" / "klimatkansliet.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nTillägg för mätningen: en "
                      "ny mening om klimatarbetet i länet.\n", encoding="utf-8")
    changed = Ingestor(settings).sync()
    print(f"re-ingest after one paragraph of {edited.name} changed: {changed.seconds:.2f} s, "
          f"{changed.chunks_embedded} chunks and {changed.units_embedded} units embedded "
          f"(the document's other vectors reused)")


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
    parser.add_argument("--sample", type=int, default=None,
                        help="chunks for raw embedding (default: all of knowledge/)")
    parser.add_argument("--runs", type=int, default=3, help="cold-start runs")
    args = parser.parse_args()
    print(machine())
    raw_rate = raw_embedding(args.sample)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        ingest_runs(Path(tmp), raw_rate)
        cold_start(Path(tmp) / "store", args.runs)


if __name__ == "__main__":
    main()
