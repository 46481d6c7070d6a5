"""Sessions asking at once through the app's shared assistant; readers beside a writer.

    python bench/bench_concurrency.py --sessions 8 [--store DIR] [--questions N] [--rounds N]
    python bench/bench_concurrency.py [--docs N] [--readers N] [--questions N] [--url URL]
                                      [--mode assistant|retriever|mixed]

`--sessions N`: the app's one `SharedAssistant` (assistant/ui/shared.py) over the real store
(KLIMAT_STORE_DIR, default .store/), warmed as the app warms it; a mix of golden figure and
knowledge questions (alternating), asked first by one session alone (the reference answers and
latencies), then by N threads at once, each its own session asking every question back to back
from its own place in the list: with no pause (`--think 0`, the default: the worst case, N
people asking again the moment each answer arrives), or with a random pause of `--think S`
seconds on average (exponential, seeded) before each question, as people read answers.
Prints p50/p95 of both, the p95 ratio (goal <= 3), throughput, errors, and how many answers
differ from the single session's; and the same N sessions with one lock around every
question (what the app did before issue 14), for comparison.

Without `--sessions`: the scenario of tests/pipeline/test_reliability_concurrency.py as a
measurement: a `chroma run` on 127.0.0.1 (started here on a free port unless --url is given),
N generated one-chunk documents ingested by `ingest.py`, then every document changed and
re-ingested by `ingest.py` (a second process) while R reader threads each ask Q golden
questions as fast as they can, each with its own HttpClient. Query vectors are computed once up
front, so the figures are the store's, not the embedding model's. Prints ingest throughput with
and without readers, question throughput, latency percentiles, and how many reads saw an error.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path

from common import golden_questions as golden_file
from common import machine, run_threads, timings
from common import percentile as quantile

from assistant.config import Settings, get_settings
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


def session_mix(n: int) -> list[str]:
    """n golden questions, knowledge and figure questions alternating."""
    knowledge = golden_file("retrieval_sv.jsonl")
    figures = golden_file("figures_sv.jsonl") + golden_file("figures_analytic.jsonl")
    mixed = [q for pair in zip(knowledge, figures[::3], strict=False) for q in pair]
    return mixed[:n]


def sessions(args: argparse.Namespace) -> None:
    from assistant.answer.answering import Conversation
    from assistant.ui.shared import SharedAssistant

    if args.store:
        os.environ["KLIMAT_STORE_DIR"] = args.store
    shared = SharedAssistant(get_settings())
    shared.assistant.warm()
    questions = session_mix(args.questions)
    ask = shared.ask
    for q in questions:  # one untimed pass: first touches of every table and page
        ask(q, Conversation())
    reference, alone = {}, []
    for q in questions:
        started = time.perf_counter()
        reference[q] = ask(q, Conversation())
        alone.append((time.perf_counter() - started) * 1000)
    seconds = sum(alone) / 1000
    print(f"{len(questions)} questions (knowledge and figures alternating), store "
          f"{shared.resources.settings.store_dir}; {machine()}")
    print(f"1 session:  {timings(alone)}  {len(alone) / seconds:5.1f} questions/s")

    one_at_a_time = threading.Lock()

    def whole_lock(question: str, conversation: Conversation):
        # Before issue 14 the app held its lock around every question. (Not the resources' own
        # lock: a figure question's documents half embeds in another thread, under that lock.)
        with one_at_a_time:
            return shared.ask(question, conversation)

    ratios = {}
    for name, asking in (("lock on the embedding call only", ask),
                         ("lock around every question (before)", whole_lock)):
        ms, errors, differ, seconds = _sessions_at_once(args, asking, questions, reference)
        ratios[name] = quantile(ms, 0.95) / quantile(alone, 0.95)
        pause = f", pause {args.think:g} s on average" if args.think else ", no pause"
        print(f"{args.sessions} sessions{pause}, {name}: {timings(ms)}  "
              f"{len(ms) / seconds:5.1f} questions/s; p95 ratio {ratios[name]:.2f} (goal <= 3); "
              f"errors {errors}; answers differing from one session {differ} of {len(ms)} "
              f"({machine()})")


def _sessions_at_once(args: argparse.Namespace, ask, questions: list[str],
                      reference: dict) -> tuple[list[float], int, int, float]:
    from assistant.answer.answering import Conversation

    ms: list[float] = []
    errors: list[str] = []
    differ = [0]
    start = threading.Barrier(args.sessions)

    def session(i: int) -> None:
        pauses = random.Random(i)
        start.wait()
        mine = questions[i * 7 % len(questions):] + questions[:i * 7 % len(questions)]
        for _ in range(args.rounds):
            for q in mine:
                if args.think:
                    time.sleep(pauses.expovariate(1 / args.think))
                started = time.perf_counter()
                try:
                    answer = ask(q, Conversation())
                except Exception:
                    errors.append(traceback.format_exc())
                    continue
                finally:
                    ms.append((time.perf_counter() - started) * 1000)
                if answer != reference[q]:
                    differ[0] += 1

    seconds = run_threads(session, args.sessions)
    for e in errors[:3]:
        print(e)
    return ms, len(errors), differ[0], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=0,
                        help="sessions asking at once through the app's shared assistant")
    parser.add_argument("--store", help="with --sessions: the store (default KLIMAT_STORE_DIR)")
    parser.add_argument("--rounds", type=int, default=1, help="with --sessions: passes each")
    parser.add_argument("--think", type=float, default=0.0,
                        help="with --sessions: mean pause before each question, seconds")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--questions", type=int, default=None,
                        help="per reader (default 250); with --sessions: the mix (default 40)")
    parser.add_argument("--url", default="", help="an already running chroma server")
    parser.add_argument("--mode", choices=["assistant", "retriever", "mixed"], default="mixed")
    args = parser.parse_args()
    if args.sessions:
        args.questions = args.questions or 40
        sessions(args)
        return
    args.questions = args.questions or 250

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

    reading = run_threads(read, args.readers)
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
