"""Answer latency (p50/p95) over the golden questions, and cold start of a fresh process.

    .venv/bin/python bench/bench_answer.py [--store DIR] [--postgres | --database-url URL]

Uses the store in KLIMAT_STORE_DIR (default .store/, built by `python ingest.py`). With
--database-url (or --postgres: a temporary PostgreSQL 15 cluster, as the tests start it) the
statistics and the audit log are read from PostgreSQL, the statistics first copied there from
the store's statistics.sqlite when the database holds none.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answer.answering import Assistant  # noqa: E402
from assistant.config import Settings, get_settings  # noqa: E402


def _questions(name: str) -> list[str]:
    path = ROOT / "tests" / "golden" / name
    if not path.exists():
        return []
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cold_start() -> float:
    """Seconds from a new process to its first printed answer (imports, model, store)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "ask", "Vad är Klimatkansliet?", "--json"],
                   cwd=ROOT, check=True, capture_output=True, env=dict(os.environ))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="store directory (default: KLIMAT_STORE_DIR or .store)")
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
        run(get_settings())
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


def run(settings: Settings) -> None:
    if settings.database_url:
        copy_statistics(settings)
    assistant = Assistant(settings)
    assistant.ask("uppvärmning")  # warm: load model and open store once, as the app does

    groups = {"kunskapsfrågor": _questions("retrieval_sv.jsonl"),
              "sifferfrågor": _questions("figures_sv.jsonl"),
              "analytiska sifferfrågor": _questions("figures_analytic.jsonl"),
              "utanför basen": _questions("refusals.jsonl")}
    print(f"store: {settings.store_dir}; statistics: {settings.statistics_location}")
    for name, questions in groups.items():
        if not questions:
            continue
        timings = []
        for question in questions:
            start = time.perf_counter()
            assistant.ask(question)
            timings.append((time.perf_counter() - start) * 1000)
        print(f"{name:15s} n={len(timings):3d}  p50 {statistics.median(timings):7.1f} ms  "
              f"p95 {_percentile(timings, 0.95):7.1f} ms  max {max(timings):7.1f} ms")
    print(f"cold start (new process, first answer): {cold_start():.2f} s")


if __name__ == "__main__":
    main()
