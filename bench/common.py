"""What the benchmarks share: the golden questions, percentiles, the machine's state.

Every figure a benchmark prints is printed with the load average beside it: the machine is
shared, and a figure measured under load is not comparable with one measured idle.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOLDEN = ROOT / "tests" / "golden"


def golden(name: str) -> list[dict]:
    """The rows of tests/golden/<name> (empty when the file is missing)."""
    path = GOLDEN / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def golden_questions(name: str) -> list[str]:
    return [row["question"] for row in golden(name)]


def percentile(values: list[float], q: float) -> float:
    """The q-th quantile (0..1) by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}/{fifteen:.2f}"


def machine() -> str:
    return f"{os.cpu_count()} cores, {load()}"


def timings(ms: list[float]) -> str:
    """p50 / p95 / max of milliseconds, as every benchmark prints them."""
    return (f"p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms  "
            f"max {max(ms):7.1f} ms")


def run_threads(target: Callable[[int], None], n: int) -> float:
    """Seconds for `n` threads running target(0) … target(n - 1) to finish."""
    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started
