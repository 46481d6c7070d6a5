"""Statistics in SQLite and in PostgreSQL: load time of the shipped releases, the release switch
in one transaction, reading every table back, and the per-question check for a new release.

    .venv/bin/python bench/bench_database.py [--database-url URL] [--repeat 3] [--answers]

Without --database-url a temporary PostgreSQL 15 cluster is started (as the tests do) and
removed afterwards. Every run loads into a fresh SQLite file and a fresh PostgreSQL database.
--answers also times the golden questions on two assistants over the same vector store (.store/,
or KLIMAT_STORE_DIR, built by `python ingest.py`), one reading the statistics from its SQLite
file and one from PostgreSQL, question by question in turn, so both see the same load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.pipeline.datasets import data_files, load_directory, read_release  # noqa: E402
from assistant.stores.statistics import StatisticsStore, read_and_validate  # noqa: E402
from tests.conftest import PostgresCluster  # noqa: E402

KNOWLEDGE = ROOT / "knowledge" / "statistics"
CHECKS = 1000  # signature() calls timed for the per-question check


def measure(open_store, label: str) -> dict[str, float]:
    """Seconds for: load every release (a transaction each), switch them all in one
    transaction, read every frame cold; milliseconds for one signature() check."""
    store = open_store()
    started = time.perf_counter()
    results = load_directory(store, KNOWLEDGE)
    load = time.perf_counter() - started
    assert all(r.status == "loaded" for r in results), results
    rows = sum(r.rows for r in results)

    releases = [read_release(p, p.with_name(f"{p.stem}.manifest.yaml"))
                for p in data_files(KNOWLEDGE)]
    tables = [(r, read_and_validate(r.csv, r.manifest, r.name)) for r in releases]
    started = time.perf_counter()
    store.apply(tables, [])
    switch = time.perf_counter() - started

    reader = open_store()  # a second instance: nothing cached
    started = time.perf_counter()
    for info in reader.datasets():
        reader.frame(info.id)
    read = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(CHECKS):
        reader.signature()
    check_ms = (time.perf_counter() - started) / CHECKS * 1000
    print(f"{label:10s} {len(results):2d} datasets, {rows} rows: load {load:6.2f} s, "
          f"switch all in one transaction {switch:6.2f} s, read all frames {read:5.2f} s, "
          f"new-release check {check_ms:5.2f} ms")
    return {"load": load, "switch": switch, "read": read, "check": check_ms}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def answers(url: str) -> None:
    """p50/p95 of the golden questions, SQLite and PostgreSQL in turn."""
    import json

    from assistant.answer.answering import Assistant
    from assistant.config import get_settings

    embedded = get_settings().with_(database_url="")
    local = StatisticsStore(embedded.stats_path)
    StatisticsStore(url).restore(local.snapshot(sorted(local.signature())))
    engines = {"sqlite": Assistant(embedded), "postgresql": Assistant(embedded.with_(
        database_url=url))}
    for assistant in engines.values():
        assistant.ask("uppvärmning")  # the model and the stores opened once, as the app does
    for name in ("retrieval_sv.jsonl", "figures_sv.jsonl", "figures_analytic.jsonl"):
        questions = [json.loads(line)["question"] for line in
                     (ROOT / "tests" / "golden" / name).read_text("utf-8").splitlines()
                     if line.strip()]
        timings: dict[str, list[float]] = {engine: [] for engine in engines}
        for question in questions:
            for engine, assistant in engines.items():
                started = time.perf_counter()
                assistant.ask(question)
                timings[engine].append((time.perf_counter() - started) * 1000)
        for engine, measured in timings.items():
            print(f"answers {name:24s} {engine:10s} n={len(measured):3d}  "
                  f"p50 {statistics.median(measured):6.1f} ms  "
                  f"p95 {percentile(measured, 0.95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="an existing PostgreSQL (a fresh database "
                                               "there is not created: it must be empty)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--answers", action="store_true",
                        help="also time the golden questions on both engines")
    args = parser.parse_args()
    cluster = None
    if not args.database_url:
        cluster = PostgresCluster()
        cluster.init()
    try:
        runs: dict[str, list[dict[str, float]]] = {"sqlite": [], "postgresql": []}
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                runs["sqlite"].append(measure(
                    lambda tmp=tmp: StatisticsStore(Path(tmp) / "statistics.sqlite"), "sqlite"))
            url = args.database_url or cluster.new_database()
            runs["postgresql"].append(measure(lambda url=url: StatisticsStore(url),
                                              "postgresql"))
            if cluster:
                cluster.drop_database(url)
            else:
                StatisticsStore(url).clear()
        for engine, measured in runs.items():
            print(f"median {engine:10s} " + ", ".join(
                f"{key} {statistics.median(m[key] for m in measured):.3f}"
                for key in ("load", "switch", "read", "check")) + "  (s; check in ms)")
        if args.answers:
            url = args.database_url or cluster.new_database()
            answers(url)
    finally:
        if cluster:
            cluster.stop()
            import shutil

            shutil.rmtree(cluster.root, ignore_errors=True)


if __name__ == "__main__":
    main()
