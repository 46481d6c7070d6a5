"""Search and answer latency in knowledge bases of 10k and 100k chunks, embedded and server mode.

    .venv/bin/python bench/bench_scale.py [--sizes 10000 100000] [--modes embedded server]
                                          [--store DIR] [--questions N]

Embedding 100k real chunks would take hours on this machine, and what grows with the base is
the search path, so the large stores are synthetic, derived from the real one (the store in
KLIMAT_STORE_DIR, default .store/, built by `python ingest.py`): every real chunk, document and
answer unit is kept, and the rest are variants of the real chunks in documents of ten chunks,
each with its base chunk's text (its sentences rotated, so no two texts are equal), metadata and
answer units, and its base's vectors moved by Gaussian noise (cosine ~0.9 to the base: near the
real texts without being copies). The statistics are the real store's.

For each mode and size it prints the build time and, over the golden questions (query vectors
computed once, so the store is what is timed): retrieval (`VectorStore.search`, top 2k as the
assistant asks) p50/p95, and the whole answer (`Assistant.ask`: figures, search, answer units,
composer, consistency check) p50/p95; then p95(largest) / p95(smallest). Server mode runs a
`chroma run` started here (the tests' helper) per size, serving a copy of the embedded mode's
store when that mode ran first (the same data, the same on-disk format). `--keep DIR` keeps the
stores (100k chunks take ~20 min to write here), so a rerun at a quieter moment measures again.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from common import golden_questions, load, percentile, timings

from assistant.answer.answering import Assistant
from assistant.config import Settings, get_settings
from assistant.resources import Resources
from assistant.stores.vectors import UPSERT_BATCH, DocRecord, VectorStore, _record_metadata
from bench.bench_concurrency import start_server
from tests.conftest import stop_process
from tests.pipeline.test_reliability_concurrency import CachedQueryEmbeddings

CHUNKS_PER_DOCUMENT = 10
NOISE = 0.025  # per dimension: |noise| ~ 0.025 * sqrt(384) ~ 0.49, cosine to the base ~0.9


def _rotated(text: str, by: int) -> str:
    parts = text.split(". ")
    by %= len(parts)
    return ". ".join(parts[by:] + parts[:by])


def _noisy(rng: np.random.Generator, vector: Any) -> list[float]:
    moved = np.asarray(vector, dtype=np.float32) + rng.normal(0, NOISE, len(vector))
    return (moved / np.linalg.norm(moved)).astype(float).tolist()


class Base:
    """The real store's chunks, units and registry, as raw rows to copy."""

    def __init__(self, store: VectorStore) -> None:
        self.chunks = store.chunks.get(include=["documents", "metadatas", "embeddings"])
        self.units = store.units.get(include=["documents", "metadatas", "embeddings"])
        self.registry = store.registry.get(include=["documents", "metadatas", "embeddings"])
        self.units_of: dict[str, list[int]] = {}
        for i, md in enumerate(self.units["metadatas"]):
            self.units_of.setdefault(md["chunk_id"], []).append(i)


def _put(col: Any, rows: dict[str, list]) -> None:
    for start in range(0, len(rows["ids"]), UPSERT_BATCH):
        col.upsert(**{k: v[start:start + UPSERT_BATCH] for k, v in rows.items()})


def _copy(base: Base, store: VectorStore) -> None:
    for name in ("chunks", "units", "registry"):
        got = getattr(base, name)
        _put(getattr(store, name), {"ids": got["ids"], "documents": got["documents"],
                                    "metadatas": got["metadatas"],
                                    "embeddings": [list(map(float, v)) for v in got["embeddings"]]})


def _rows() -> dict[str, list]:
    return {"ids": [], "documents": [], "metadatas": [], "embeddings": []}


def _add(rows: dict[str, list], id_: str, document: str, metadata: dict, vector: Any) -> None:
    for key, value in zip(rows, (id_, document, metadata, vector), strict=True):
        rows[key].append(value)


def grow(base: Base, store: VectorStore, size: int, seed: int = 14) -> None:
    """Add synthetic documents until the store holds `size` chunks (written in the store's
    batches; the registry's metadata as the store writes it: the real writer,
    `replace_document`, one document at a time, would take far too long for 100k chunks)."""
    rng = np.random.default_rng(seed)
    real = len(base.chunks["ids"])
    unit_vector = [1.0] + [0.0] * (store.dimension - 1)
    chunks, units, registry = _rows(), _rows(), _rows()
    for d in range(-(-(size - real) // CHUNKS_PER_DOCUMENT)):
        doc_id, sha = f"syntet/{d:06d}", f"syntet-{d:06d}"
        count = min(CHUNKS_PER_DOCUMENT, size - real - d * CHUNKS_PER_DOCUMENT)
        ids = []
        for c in range(count):
            j = (d * CHUNKS_PER_DOCUMENT + c) % real
            cid = f"{doc_id}#{c}"
            md = dict(base.chunks["metadatas"][j], doc_id=doc_id, doc_sha=sha, position=c)
            md["title"] = f"{md.get('title', '')} (variant {d})"
            _add(chunks, cid, _rotated(base.chunks["documents"][j], d), md,
                 _noisy(rng, base.chunks["embeddings"][j]))
            ids.append(cid)
            for u in base.units_of.get(base.chunks["ids"][j], []):
                umd = dict(base.units["metadatas"][u], chunk_id=cid, doc_id=doc_id, doc_sha=sha)
                _add(units, f"{cid}:u{umd['index']}", base.units["documents"][u], umd,
                     _noisy(rng, base.units["embeddings"][u]))
        record = DocRecord(doc_id=doc_id, sha256=sha, title=doc_id, doc_type="syntet",
                           path=f"{doc_id}.md", chunk_ids=tuple(ids), chunk_count=count,
                           ingested_at="")
        _add(registry, doc_id, doc_id, _record_metadata(record), unit_vector)
        if len(chunks["ids"]) >= UPSERT_BATCH:
            _flush(store, chunks, units, registry)
    _flush(store, chunks, units, registry)


def _flush(store: VectorStore, chunks: dict, units: dict, registry: dict) -> None:
    for col, rows in ((store.chunks, chunks), (store.units, units), (store.registry, registry)):
        _put(col, rows)
        for values in rows.values():
            values.clear()


def build(base: Base, source: Settings, target: Settings, size: int,
          embeddings: Any) -> tuple[VectorStore, float]:
    """A store of `size` chunks at `target` with `source`'s statistics."""
    started = time.perf_counter()
    target.store_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source.stats_path, target.stats_path)
    store = VectorStore(target, embeddings)
    _copy(base, store)
    grow(base, store, size)
    return store, time.perf_counter() - started


def measure(settings: Settings, store: VectorStore, embeddings: Any,
            questions: list[str]) -> tuple[list[float], list[float]]:
    """(retrieval ms, answer ms) per question, after one warm pass."""
    assistant = Assistant(settings, resources=Resources(settings, embeddings=embeddings,
                                                        store=store))
    assistant.warm()
    k = 2 * max(settings.top_k, 6)
    vectors = [embeddings.embed_query(q) for q in questions]
    for q, v in zip(questions, vectors, strict=True):  # one untimed pass: caches, pages
        store.search(v, k)
        assistant.ask(q)
    retrieval, answer = [], []
    for q, v in zip(questions, vectors, strict=True):
        started = time.perf_counter()
        store.search(v, k)
        retrieval.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assistant.ask(q)
        answer.append((time.perf_counter() - started) * 1000)
    return retrieval, answer


def _served_copy(root: Path, size: int) -> Path | None:
    """The embedded store of `size` chunks copied for a server to serve, if one was built:
    a `chroma run` reads the same on-disk format, and copying 100k chunks takes seconds where
    writing them through HTTP takes longer than the embedded build. Copied, not shared: two
    processes must never write one directory."""
    built = root / "embedded" / f"store-{size}"
    if not (built / "chroma").is_dir():
        return None
    served = root / "server" / f"store-{size}"
    if not (served / "chroma").is_dir():
        shutil.copytree(built, served)
    return served


def _publish_statistics(source: Settings, target: Settings) -> int:
    """Server mode without a shared database keeps the statistics on the Chroma server, and
    each process's SQLite file is only a cache made equal to it (a copied file would be
    emptied): publish the knowledge base's releases there, as `ingest.py` does."""
    from assistant.pipeline.datasets import data_files, manifest_for, read_release
    from assistant.stores.statistics.sharing import shared_statistics

    shared = shared_statistics(target)
    folder = source.knowledge_dir / "statistics"
    for data in data_files(folder):
        shared.publish(read_release(data, manifest_for(data)))
    return len(shared.signature())


def _open_or_build(mode: str, base: Base, source: Settings, target: Settings, size: int,
                   embeddings: Any) -> VectorStore:
    store = VectorStore(target, embeddings) if target.stats_path.exists() else None
    if store is not None and store.count() == size:  # kept from an earlier run, or copied
        changed = store.tune_search()  # this benchmark is its stores' only writer
        print(f"[{mode}] {size} chunks: the store in {target.store_dir}"
              + (f" (ef_search raised on {len(changed)} collections)" if changed else ""))
        return store
    store, seconds = build(base, source, target, size, embeddings)
    print(f"[{mode}] {store.count()} chunks, {store.units.count()} answer units, "
          f"{len(store.documents())} documents: built in {seconds:.0f} s ({load()})")
    return store


def run_mode(mode: str, sizes: list[int], source: Settings, questions: list[str],
             root: Path) -> None:
    """Per size: open (or build) the store, measure. Server mode serves each size's store from
    its own `chroma run`, on a copy of the embedded store when that mode ran first."""
    from assistant.stores.embeddings import get_embeddings

    embeddings = CachedQueryEmbeddings(get_embeddings(source), questions)
    base = Base(VectorStore(source, embeddings))
    (root / mode).mkdir(parents=True, exist_ok=True)
    p95: dict[int, tuple[float, float]] = {}
    for size in sizes:
        store_dir = root / mode / f"store-{size}"
        server, url = None, ""
        if mode == "server":
            store_dir = _served_copy(root, size) or store_dir
            server, url = start_server(store_dir)
        try:
            target = source.with_(store_dir=store_dir, chroma_url=url,
                                  collection=f"scale_{size}")
            if mode == "server":
                print(f"[{mode}] {_publish_statistics(source, target)} statistics releases "
                      "published to the server")
            store = _open_or_build(mode, base, source, target, size, embeddings)
            retrieval, answer = measure(target, store, embeddings, questions)
        finally:
            if server is not None:
                stop_process(server)
        print(f"[{mode}] {size:>6} chunks  retrieval {timings(retrieval)}  ({load()})")
        print(f"[{mode}] {size:>6} chunks  answer    {timings(answer)}  ({load()})")
        p95[size] = (percentile(retrieval, 0.95), percentile(answer, 0.95))
    small, large = min(p95), max(p95)
    if small != large:
        print(f"[{mode}] p95 ratio {large}/{small}: retrieval "
              f"{p95[large][0] / p95[small][0]:.2f}, answer {p95[large][1] / p95[small][1]:.2f}"
              " (goal <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--modes", nargs="+", choices=["embedded", "server"],
                        default=["embedded", "server"])
    parser.add_argument("--store", type=Path, help="the real store (default KLIMAT_STORE_DIR)")
    parser.add_argument("--questions", type=int, default=0, help="first N golden questions")
    parser.add_argument("--keep", type=Path,
                        help="build the stores here and keep them; a later run measures them again")
    args = parser.parse_args()
    source = get_settings().with_(chroma_url="")
    if args.store:
        source = source.with_(store_dir=args.store)
    questions = (golden_questions("retrieval_sv.jsonl") + golden_questions("figures_sv.jsonl"))
    questions = questions[:args.questions] if args.questions else questions
    print(f"{len(questions)} golden questions (knowledge and figures); {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for mode in args.modes:
            run_mode(mode, sorted(args.sizes), source, questions, args.keep or Path(tmp))


if __name__ == "__main__":
    main()
