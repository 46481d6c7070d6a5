"""Golden figure questions, end to end through the CLI (`python -m assistant ask Q --json`).

Each line of golden/figures_sv.jsonl holds a question and a value computed independently with
pandas over the raw CSVs (not through the engine). The answer must be "answered" and some figure
must have that value (within the tolerance), the unit and the year.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings

GOLDEN = Path(__file__).parent.parent / "golden" / "figures_sv.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()
         if line.strip()]


# The kinds of question the set was written for, before the question algebra (its operations
# are covered by figures_analytic.jsonl).
KINDS = {"value", "change", "ranking", "share", "trend", "comparison", "path_2045", "indicator"}


def test_golden_file_covers_every_kind() -> None:
    assert len(CASES) >= 120
    assert {c["kind"] for c in CASES} == KINDS
    assert len({c["question"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["question"][:60] for c in CASES])
def test_golden_figure(case: dict, cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.__main__ import main

    main(["ask", case["question"], "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "answered", answer["answer"]
    assert answer["reading"].startswith(("Tolkning: ", "Reading: ")), answer["reading"]
    assert answer["answer"].startswith(("**Tolkning:**", "**Reading:**")), answer["answer"][:80]
    figures = answer["figures"]
    matches = [f for f in figures
               if f["unit"] == case["unit"] and str(f["year"]) == str(case["year"])
               and abs(f["value"] - case["value"]) <= case["tolerance"]]
    assert matches, (
        f"expected {case['value']} {case['unit']} ({case['year']}, {case['kommun']}); got "
        + "; ".join(f"{f['kommun']} {f['year']}: {f['value']} {f['unit']}" for f in figures[:12]))
