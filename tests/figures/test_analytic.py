"""The analytic golden questions and the coverage negatives, end to end through the CLI.

golden/figures_analytic.jsonl holds questions for every operation of the question algebra with
values computed independently with pandas (golden/make_analytic_golden.py, which does not
import the assistant). Each must be answered, start with its reading, have a figure with the
value (within the tolerance), unit and year, and name every member of a list or count.
golden/figures_negatives.jsonl holds questions the algebra must not answer with figures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer.arbiter import DOCUMENT_REASONS
from assistant.config import Settings

GOLDEN = Path(__file__).parent.parent / "golden"
CASES = [json.loads(line) for line in (GOLDEN / "figures_analytic.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
NEGATIVES = [json.loads(line) for line in (GOLDEN / "figures_negatives.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
OPERATIONS = {"value", "change", "rate", "mean", "sum", "share", "share_of", "ranking",
              "ranking_sectors", "ranking_years", "filter", "comparison", "trend", "path"}
EN_NAMES = {"Stockholms län": "Stockholm County", "Sverige": "Sweden"}
# Text that reads wrong whatever the number: a unit said twice ("−1,98 %/år per år", which the
# rate sentences wrote until 2026-12-01), a placeholder or a missing value left in.
MISREAD = re.compile(r"(%/år|per år) per år|per year per year|[{}]|\bNone\b|\bnan\b")


def test_the_set_covers_every_operation_in_both_languages() -> None:
    assert len(CASES) >= 120
    assert {c["operation"] for c in CASES} == OPERATIONS
    assert {c["operation"] for c in CASES if c["language"] == "en"} >= OPERATIONS - {"value"}
    assert len({c["question"] for c in CASES}) == len(CASES)
    assert sum(bool(c.get("members")) for c in CASES) >= 25


@pytest.fixture
def cli(cli_env: Settings):
    from assistant.__main__ import main

    def ask(question: str, capsys: pytest.CaptureFixture[str]) -> dict:
        main(["ask", question, "--json"])
        return json.loads(capsys.readouterr().out)

    return ask


@pytest.mark.parametrize("case", CASES, ids=[c["question"][:60] for c in CASES])
def test_analytic_question(case: dict, cli, capsys: pytest.CaptureFixture[str]) -> None:
    answer = cli(case["question"], capsys)
    assert answer["status"] == "answered", answer["answer"]
    prefix = "Reading: " if case["language"] == "en" else "Tolkning: "
    assert answer["reading"].startswith(prefix), answer["reading"]
    assert answer["answer"].startswith(f"**{prefix.strip()}**")
    matches = [f for f in answer["figures"]
               if f["unit"] == case["unit"] and str(f["year"]) == str(case["year"])
               and abs(f["value"] - case["value"]) <= case["tolerance"]]
    assert matches, (
        f"expected {case['value']} {case['unit']} ({case['year']}, {case['kommun']}); got "
        + "; ".join(f"{f['kommun']} {f['year']}: {f['value']} {f['unit']}"
                    for f in answer["figures"][:12]))
    assert not MISREAD.search(answer["answer"]), MISREAD.search(answer["answer"])
    for member in case.get("members", []):
        shown = EN_NAMES.get(member, member) if case["language"] == "en" else member
        assert shown in answer["answer"], f"{member} is not named in the answer"


@pytest.mark.parametrize("case", NEGATIVES, ids=[c["question"][:60] for c in NEGATIVES])
def test_negative_gets_no_figures(case: dict, cli, capsys: pytest.CaptureFixture[str]) -> None:
    answer = cli(case["question"], capsys)
    assert answer["figures"] == [], answer["answer"]
    assert answer["reading"] == ""
    if case["reason"] not in DOCUMENT_REASONS:
        # reasons the documents cannot cover: a question back or a refusal, always
        assert answer["status"] in ("clarify", "refused"), answer["answer"]
