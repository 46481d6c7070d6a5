"""Readers and a writer on one ChromaDB server: throughput and latency under re-ingestion.

    python bench/bench_concurrency.py [--docs N] [--readers N] [--questions N] [--url URL]
                                      [--mode assistant|retriever|mixed]

The scenario of tests/pipeline/test_reliability_concurrency.py as a measurement: a `chroma run` on
127.0.0.1 (started here on a free port unless --url is given), N generated one-chunk documents
ingested by `ingest.py`, then every document changed and re-ingested by `ingest.py` (a second
process) while R reader threads each ask Q golden questions as fast as they can, each with its
own HttpClient. Query vectors are computed once up front, so the figures are the store's, not
the embedding model's. Prints ingest throughput with and without readers, question throughput,
latency percentiles, and how many reads saw an error.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import Settings
from assistant.stores.embeddings import get_embeddings
from assistant.stores.vectors import VectorStore
from tests.conftest import (
    IngestProcess,
    chroma_executable,
    free_port,
    heartbeat_ok,
    stop_process,
)
from tests.pipeline.test_reliability_concurrency import (
    CachedQueryEmbeddings,
    golden_questions,
    percentile,
    write_corpus,
)


def start_server(root: Path) -> tuple[subprocess.Popen, str]:
    exe = chroma_executable()
    if exe is None:
        sys.exit("no `chroma` executable: pip install chromadb")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([exe, "run", "--path", str(root / "chroma"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not heartbeat_ok(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_process(proc)
            sys.exit(f"chroma server did not start (exit {proc.returncode})")
        time.sleep(0.2)
    return proc, url


def ingest(settings: Settings, log_dir: Path) -> IngestProcess:
    return IngestProcess(settings, "-q", log_dir=log_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--questions", type=int, default=250, help="per reader")
    parser.add_argument("--url", default="", help="an already running chroma server")
    parser.add_argument("--mode", choices=["assistant", "retriever", "mixed"], default="mixed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-concurrency-") as tmp:
        root = Path(tmp)
        server = None
        url = args.url
        if not url:
            server, url = start_server(root)
        try:
            run(args, root, url)
        finally:
            if server is not None:
                stop_process(server)


def run(args: argparse.Namespace, root: Path, url: str) -> None:
    from assistant.answer.answering import Assistant
    from assistant.answer.retrieving import Retriever

    settings = Settings(knowledge_dir=root / "knowledge", store_dir=root / "store",
                        chroma_url=url, collection=f"bench_{uuid.uuid4().hex[:8]}")
    write_corpus(settings.knowledge_dir, args.docs, 1, 0)
    alone = ingest(settings, root)
    code, out = alone.join(3600)
    if code != 0:
        sys.exit(f"initial ingest failed:\n{out}")
    print(f"initial ingest, no readers: {args.docs} documents in {alone.seconds:.1f} s "
          f"({args.docs / alone.seconds:.1f} docs/s)")

    questions = golden_questions()
    embeddings = CachedQueryEmbeddings(get_embeddings(settings), questions)
    write_corpus(settings.knowledge_dir, args.docs, 2, 0)
    latencies: list[list[float]] = [[] for _ in range(args.readers)]
    errors: list[str] = []
    writer = ingest(settings, root)

    def read(i: int) -> None:
        store = VectorStore(settings, embeddings)
        assistant = Assistant(settings, embeddings=embeddings, store=store)
        retriever = Retriever(settings, store, embeddings)
        use_assistant = args.mode == "assistant" or (args.mode == "mixed" and i % 2 == 0)
        for q in range(args.questions):
            question = questions[(i * 31 + q) % len(questions)]
            started = time.perf_counter()
            try:
                if use_assistant:
                    assistant.ask(question)
                else:
                    retriever.retrieve(question)
            except Exception:
                errors.append(traceback.format_exc())
            latencies[i].append(time.perf_counter() - started)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(args.readers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reading = time.perf_counter() - started
    overlapped = not writer.finished.is_set()
    code, out = writer.join(3600)
    if code != 0:
        sys.exit(f"re-ingest failed:\n{out}")
    flat = [x for per in latencies for x in per]
    print(f"re-ingest with {args.readers} readers: {args.docs} documents in "
          f"{writer.seconds:.1f} s ({args.docs / writer.seconds:.1f} docs/s)")
    print(f"questions: {len(flat)} in {reading:.1f} s = {len(flat) / reading:.1f} questions/s "
          f"(mode {args.mode}); writer still running when readers finished: {overlapped}")
    print(f"latency ms: p50 {percentile(flat, 50) * 1000:.0f}, p95 "
          f"{percentile(flat, 95) * 1000:.0f}, p99 {percentile(flat, 99) * 1000:.0f}, max "
          f"{max(flat) * 1000:.0f}, mean {statistics.fmean(flat) * 1000:.0f}")
    print(f"errors: {len(errors)}")
    for e in errors[:3]:
        print(e)
    store = VectorStore(settings, embeddings)
    print(f"final: {store.count()} chunks, {len(store.documents())} documents, "
          f"{len(store.orphans())} orphans")


if __name__ == "__main__":
    main()
