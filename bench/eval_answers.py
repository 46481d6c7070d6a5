"""Answer-level evaluation of document answers on the golden sets, and composer weight search.

    .venv/bin/python bench/eval_answers.py            # score the assistant as configured
    .venv/bin/python bench/eval_answers.py --search   # also try composer weights (slow-ish)

Prints fact recall (answers holding every key fact), fact-group recall, the share of found facts
that sit inside a cited passage, and the refusal rate of the off-topic set, per language, with
the failures. Uses the store in KLIMAT_STORE_DIR (default .store/); build it with ingest.py.
The same measures are asserted by tests/test_answers_golden.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer.answering import Assistant
from assistant.config import get_settings
from assistant.text import contains

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLDEN / name).read_text().splitlines() if line.strip()]


def fact_result(answer, facts: list[list[str]]) -> tuple[int, int, int]:
    """(groups found, groups total, found groups that are not inside a cited passage)."""
    text = answer.answer
    found = outside = 0
    for group in facts:
        hit = next((alt for alt in group if contains(text, alt)), None)
        if hit is None:
            continue
        found += 1
        if not any(contains(s.passage or s.quote, hit) for s in answer.sources):
            outside += 1
    return found, len(facts), outside


class DocumentsOnly:
    """The composer alone, as if the arbiter always chose the documents: separates what the
    composer can do from what routing costs."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def ask(self, question: str):
        from assistant.answer.arbiter import Decision
        from assistant.language import detect_language

        language = detect_language(question)
        evidence = self.assistant._documents(question, language)
        route = "documents" if evidence.strong else "refused"
        answer = self.assistant._answer(question, language, Decision(route, ""), None, evidence)
        answer.route = route
        return answer


def evaluate(assistant, answers: list[dict], refusals: list[dict],
             show: bool = True) -> dict:
    per_lang: dict[str, list[int]] = {}
    groups = [0, 0]
    outside = 0
    failures = []
    times = []
    for case in answers:
        t = time.perf_counter()
        answer = assistant.ask(case["question"])
        times.append(time.perf_counter() - t)
        found, total, out = fact_result(answer, case["facts"])
        groups[0] += found
        groups[1] += total
        outside += out
        ok = found == total and answer.status == "answered"
        per_lang.setdefault(case["lang"], [0, 0])
        per_lang[case["lang"]][0] += ok
        per_lang[case["lang"]][1] += 1
        if not ok:
            failures.append((case, answer))
    refused = [0, 0]
    wrong = []
    for case in refusals:
        answer = assistant.ask(case["question"])
        refused[1] += 1
        if answer.status != "answered":
            refused[0] += 1
        else:
            wrong.append((case, answer))
    answered = sum(v[0] for v in per_lang.values())
    result = {
        "fact_recall": answered / max(1, len(answers)),
        "group_recall": groups[0] / max(1, groups[1]),
        "outside_cited": outside,
        "refusal_rate": refused[0] / max(1, refused[1]),
        "per_language": {k: v[0] / v[1] for k, v in per_lang.items()},
        "p50_ms": sorted(times)[len(times) // 2] * 1000,
        "p95_ms": sorted(times)[int(len(times) * 0.95)] * 1000,
    }
    if show:
        for case, answer in failures:
            print(f"\n--- MISS {case['id']} [{case['lang']}] {case['question']}")
            print(f"    facts {case['facts']}  status {answer.status} route {answer.route}")
            print("    " + answer.answer[:700].replace("\n", "\n    "))
        for case, answer in wrong:
            print(f"\n--- ANSWERED OFF-TOPIC {case['id']}: {case['question']}")
            print("    " + answer.answer[:300].replace("\n", "\n    "))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--documents-only", action="store_true",
                        help="score the composer alone (every question answered from documents)")
    args = parser.parse_args()
    assistant = Assistant(get_settings())
    answers = load("answers.jsonl")
    refusals = load("answer_refusals.jsonl") + load("refusals.jsonl")
    routing = load("routing.jsonl")
    answers += [dict(r, facts=r["facts"]) for r in routing
                if r["route"] in ("documents", "claim") and r.get("facts")]
    subject = DocumentsOnly(assistant) if args.documents_only else assistant
    result = evaluate(subject, answers, refusals, show=not args.quiet)
    print("\n" + json.dumps(result, indent=2))
    if args.search:
        from assistant.answer import composing

        base = composing.DEFAULT_WEIGHTS
        for name, values in (("lexical", (0.2, 0.35, 0.5, 0.7)), ("passage", (0.3, 0.6, 0.9)),
                             ("second_margin", (0.02, 0.035, 0.05)), ("kind", (0.0, 0.03, 0.06)),
                             ("context", (0.0, 0.1, 0.2))):
            for value in values:
                assistant.weights = replace(base, **{name: value})
                r = evaluate(assistant, answers, refusals, show=False)
                print(f"{name}={value}: fact {r['fact_recall']:.3f} groups "
                      f"{r['group_recall']:.3f} refusal {r['refusal_rate']:.3f}")
        assistant.weights = base


if __name__ == "__main__":
    main()
