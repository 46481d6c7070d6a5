"""Statistics in SQLite and in PostgreSQL: load time of the shipped releases, the release switch
in one transaction, reading every table back, and the per-question check for a new release.

    .venv/bin/python bench/bench_database.py [--database-url URL] [--repeat 3]

Without --database-url a temporary PostgreSQL 15 cluster is started (as the tests do) and
removed afterwards. Every run loads into a fresh SQLite file and a fresh PostgreSQL database.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="an existing PostgreSQL (a fresh database "
                                               "there is not created: it must be empty)")
    parser.add_argument("--repeat", type=int, default=3)
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
    finally:
        if cluster:
            cluster.stop()
            import shutil

            shutil.rmtree(cluster.root, ignore_errors=True)


if __name__ == "__main__":
    main()
