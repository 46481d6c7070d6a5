"""Answer latency (p50/p95/max) over the golden questions, per question kind, and the cold CLI.

    .venv/bin/python bench/bench_answer.py [--store DIR] [--cold-runs N]
                                           [--postgres | --database-url URL]

Uses the store in KLIMAT_STORE_DIR (default .store/, built by `python ingest.py`). With
--database-url (or --postgres: a temporary PostgreSQL 15 cluster, as the tests start it) the
statistics and the audit log are read from PostgreSQL, the statistics first copied there from
the store's statistics.sqlite when the database holds none. The assistant
is warmed first the way the app warms it (`Assistant.warm()`: model, store, corpus, every
statistics table indexed), so the figures are the warm answers a session gets; the figure
questions are then also reported per kind (the golden file's `kind` or `operation`), the whole
answer and the figure engine's part of it (`Assistant.compute_figures`). The cold
start is a new `python -m assistant ask` process, from start to its printed answer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from common import ROOT, golden, golden_questions, machine, timings

from assistant.answer.answering import Assistant
from assistant.config import Settings, get_settings

COLD_QUESTIONS = ("Vad är Klimatkansliet?", "Hur stora var Nackas utsläpp 2024?")


def cold_start(question: str) -> float:
    """Seconds from a new process to its printed answer (imports, model, store or tables)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "ask", question], cwd=ROOT, check=True,
                   capture_output=True, env=dict(os.environ))
    return time.perf_counter() - start


def _timed(assistant: Assistant, question: str) -> float:
    start = time.perf_counter()
    assistant.ask(question)
    return (time.perf_counter() - start) * 1000


def _engine_timed(assistant: Assistant, question: str) -> list[float]:
    """The figure engine's time for the question's reading (none when the reader asks back or
    refuses before the engine is reached)."""
    from assistant.figures.parsing import interpret

    reading = interpret(question)
    if reading.request is None or reading.clarify or reading.refuse:
        return []
    start = time.perf_counter()
    assistant.compute_figures(reading.request)
    return [(time.perf_counter() - start) * 1000]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="store directory (default: KLIMAT_STORE_DIR or .store)")
    parser.add_argument("--cold-runs", type=int, default=3, help="new CLI processes per question")
    parser.add_argument("--database-url", help="statistics and audit in this PostgreSQL")
    parser.add_argument("--postgres", action="store_true",
                        help="statistics and audit in a temporary PostgreSQL cluster")
    args = parser.parse_args()
    if args.store:
        os.environ["KLIMAT_STORE_DIR"] = args.store
    cluster = None
    if args.postgres:
        from tests.conftest import PostgresCluster

        cluster = PostgresCluster()
        cluster.init()
        args.database_url = cluster.new_database()
    if args.database_url:
        os.environ["KLIMAT_DATABASE_URL"] = args.database_url
    try:
        run(get_settings(), args.cold_runs)
    finally:
        if cluster is not None:
            cluster.stop()
            shutil.rmtree(cluster.root, ignore_errors=True)


def copy_statistics(settings: Settings) -> None:
    """The store's SQLite statistics into the shared database, when it holds none yet."""
    from assistant.stores.statistics import StatisticsStore

    shared = StatisticsStore(settings.database_url)
    if not shared.signature():
        local = StatisticsStore(settings.stats_path)
        shared.restore(local.snapshot(sorted(local.signature())))


def run(settings: Settings, cold_runs: int) -> None:
    if settings.database_url:
        copy_statistics(settings)
    assistant = Assistant(settings)
    started = time.perf_counter()
    assistant.warm()
    print(f"store: {settings.store_dir}; {machine()}")
    print(f"warm-up (model, store, corpus, statistics tables): "
          f"{time.perf_counter() - started:.2f} s")

    groups = {"kunskapsfrågor": golden_questions("retrieval_sv.jsonl"),
              "sifferfrågor": golden_questions("figures_sv.jsonl"),
              "analytiska sifferfrågor": golden_questions("figures_analytic.jsonl"),
              "utanför basen": golden_questions("refusals.jsonl")}
    for name, questions in groups.items():
        if questions:
            ms = [_timed(assistant, q) for q in questions]
            print(f"{name:24s} n={len(ms):3d}  {timings(ms)}  ({machine()})")

    print("figure questions per kind (figures_sv + figures_analytic): the whole answer "
          "(figures, documents, arbiter), and the figure engine alone (`compute`)")
    by_kind: dict[str, tuple[list[float], list[float]]] = {}
    for file in ("figures_sv.jsonl", "figures_analytic.jsonl"):
        for row in golden(file):
            kind = row.get("kind") or row.get("operation") or "?"
            whole, engine = by_kind.setdefault(kind, ([], []))
            whole.append(_timed(assistant, row["question"]))
            engine.extend(_engine_timed(assistant, row["question"]))
    for kind, (whole, engine) in sorted(by_kind.items(), key=lambda item: -max(item[1][0])):
        print(f"  {kind:16s} n={len(whole):3d}  answer {timings(whole)}  "
              f"engine {timings(engine) if engine else '-'}")
    every = [x for whole, _ in by_kind.values() for x in whole]
    engines = [x for _, engine in by_kind.values() for x in engine]
    print(f"  {'all':16s} n={len(every):3d}  answer {timings(every)}  engine {timings(engines)}"
          f"  ({machine()})")

    for question in COLD_QUESTIONS:
        runs = [cold_start(question) for _ in range(cold_runs)]
        print(f"cold CLI (new process -> printed answer) “{question}”, {len(runs)} runs: "
              f"median {statistics.median(runs):.2f} s, min {min(runs):.2f} s, "
              f"max {max(runs):.2f} s ({machine()})")


if __name__ == "__main__":
    main()
