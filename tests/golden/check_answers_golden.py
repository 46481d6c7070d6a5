"""Check the answer-level golden set: answers.jsonl, answer_refusals.jsonl and routing.jsonl.

Pure Python (no assistant imports), so it runs as a tool and from the test suite:

    .venv/bin/python tests/golden/check_answers_golden.py

It checks the schema of every row, that every key-fact group has at least one alternative that
occurs in the knowledge document named by `doc` (after the same normalisation the answer test
uses), that every `figures` routing case's `data` checks find rows in knowledge/statistics, and
that the set keeps its minimum sizes. It prints a summary and exits 1 on any error. Warnings
(a fact already given away by the question, a long phrase copied from the document) do not fail.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parent.parent
KNOWLEDGE = ROOT / "knowledge"
STATISTICS = KNOWLEDGE / "statistics"

ANSWERS = "answers.jsonl"
REFUSALS = "answer_refusals.jsonl"
ROUTING = "routing.jsonl"

SECTIONS = "ABCDEFGHIJ"
KINDS = {"vad", "vem", "när", "hur mycket", "varför", "lista", "ja/nej", "tabellrad", "hur"}
LANGS = {"sv", "en"}
ROUTES = {"figures": "answered", "documents": "answered", "claim": "answered",
          "refused": "refused", "clarify": "clarify"}

MIN_ANSWERS = 150
MIN_REFUSALS = 45
MIN_REFUSALS_NAMING_PLACE = 20
MIN_ROUTING = 35
MIN_PER_ROUTE = {"documents": 12, "figures": 8, "claim": 5, "refused": 6}
MAX_GROUPS = 4
MAX_FACT_WORDS = 5
COPIED_WORDS = 6  # a run of this many words shared by question and document is a warning

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Case-insensitive, whitespace collapsed, non-breaking/thin spaces as space, dashes as '-'.
    The answer-level test matches key facts against answers after exactly this."""
    return _SPACES.sub(" ", text.translate(_DASHES)).strip().casefold()


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def read_jsonl(name: str, report: Report) -> list[dict]:
    rows = []
    path = GOLDEN / name
    if not path.exists():
        report.error(name, "file missing")
        return rows
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            report.error(f"{name}:{number}", f"not JSON ({exc})")
            continue
        if not isinstance(row, dict):
            report.error(f"{name}:{number}", "not an object")
            continue
        rows.append(row)
    return rows


_DOC_CACHE: dict[str, str | None] = {}


def document_text(doc: str) -> str | None:
    """The normalised text of knowledge/<doc>, or None if it does not exist."""
    if doc not in _DOC_CACHE:
        path = (KNOWLEDGE / doc).resolve()
        inside = path.is_relative_to(KNOWLEDGE.resolve())
        _DOC_CACHE[doc] = normalise(path.read_text(encoding="utf-8")) if (
            inside and path.is_file()) else None
    return _DOC_CACHE[doc]


def require(row: dict, where: str, keys: dict[str, type], report: Report) -> bool:
    ok = True
    for key, kind in keys.items():
        if not isinstance(row.get(key), kind):
            report.error(where, f"'{key}' missing or not {kind.__name__}")
            ok = False
    return ok


def check_fact_groups(groups: object, where: str, report: Report, *, allow_empty: bool) -> bool:
    if not isinstance(groups, list) or (not groups and not allow_empty):
        report.error(where, "'facts' must be a non-empty list of groups")
        return False
    if len(groups) > MAX_GROUPS:
        report.error(where, f"{len(groups)} fact groups; at most {MAX_GROUPS}")
    ok = True
    for group in groups:
        if not (isinstance(group, list) and group
                and all(isinstance(s, str) and s.strip() for s in group)):
            report.error(where, f"fact group {group!r} must be a non-empty list of strings")
            ok = False
            continue
        for alternative in group:
            if len(alternative.split()) > MAX_FACT_WORDS:
                report.error(where, f"fact {alternative!r} is longer than {MAX_FACT_WORDS} words")
    return ok


def check_facts_in_doc(groups: list[list[str]], doc: str, where: str, report: Report) -> None:
    text = document_text(doc)
    if text is None:
        report.error(where, f"document {doc!r} not found under knowledge/")
        return
    for group in groups:
        if not any(normalise(alternative) in text for alternative in group):
            report.error(where, f"no alternative of {group} occurs in {doc}")


def check_paraphrase(question: str, groups: list[list[str]], doc: str, where: str,
                     report: Report) -> None:
    """Warn when the question gives a fact away or copies a long phrase from the document."""
    q = normalise(question)
    for group in groups:
        if all(normalise(alternative) in q for alternative in group):
            report.warn(where, f"the question already contains the fact {group}")
    text = document_text(doc)
    if text is None:
        return
    words = _WORD.findall(q)
    doc_words = " " + " ".join(_WORD.findall(text)) + " "
    for start in range(len(words) - COPIED_WORDS + 1):
        run = " ".join(words[start:start + COPIED_WORDS])
        if f" {run} " in doc_words:
            report.warn(where, f"copies '{run}' from {doc}")
            break


def check_answers(rows: list[dict], report: Report) -> None:
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{ANSWERS}:{number} {row.get('id', '?')}"
        if not require(row, where, {"id": str, "fact": str, "lang": str, "kind": str,
                                    "question": str, "facts": list, "doc": str}, report):
            continue
        if row["id"] in seen:
            report.error(where, "duplicate id")
        seen.add(row["id"])
        if not re.fullmatch(r"[A-J]\d\d", row["fact"]):
            report.error(where, f"fact id {row['fact']!r} is not a facts.md id of section A–J")
        if not re.fullmatch(re.escape(row["fact"]) + r"-[a-z]", row["id"]):
            report.error(where, "id must be '<fact>-<letter>'")
        if row["lang"] not in LANGS:
            report.error(where, f"lang {row['lang']!r} not in {sorted(LANGS)}")
        if row["kind"] not in KINDS:
            report.error(where, f"kind {row['kind']!r} not in {sorted(KINDS)}")
        if not row["doc"].startswith("docs/"):
            report.error(where, "doc must be a path relative to knowledge/, e.g. docs/x.md")
        if check_fact_groups(row["facts"], where, report, allow_empty=False):
            check_facts_in_doc(row["facts"], row["doc"], where, report)
            check_paraphrase(row["question"], row["facts"], row["doc"], where, report)


def municipality_names() -> set[str]:
    """Names of the county's municipalities (from the statistics), plus 'Stockholm'."""
    path = STATISTICS / "emissions_by_sector.csv"
    names = {"Stockholm"}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            names |= {r["kommun"] for r in csv.DictReader(handle) if r["lan"] == "Stockholms län"}
    return names


def names_a_place(question: str, places: set[str]) -> bool:
    q = normalise(question)
    return any(normalise(place) in q for place in places)


def check_refusals(rows: list[dict], report: Report, places: set[str]) -> int:
    seen: set[str] = set()
    naming = 0
    for number, row in enumerate(rows, start=1):
        where = f"{REFUSALS}:{number} {row.get('id', '?')}"
        if not require(row, where, {"id": str, "lang": str, "question": str, "why": str},
                       report):
            continue
        if row["id"] in seen:
            report.error(where, "duplicate id")
        seen.add(row["id"])
        if row["lang"] not in LANGS:
            report.error(where, f"lang {row['lang']!r} not in {sorted(LANGS)}")
        naming += names_a_place(row["question"], places)
    return naming


_CSV_CACHE: dict[str, list[dict[str, str]]] = {}


def csv_rows(name: str) -> list[dict[str, str]] | None:
    if name not in _CSV_CACHE:
        path = STATISTICS / name
        if not path.is_file():
            return None
        with path.open(encoding="utf-8", newline="") as handle:
            _CSV_CACHE[name] = list(csv.DictReader(handle))
    return _CSV_CACHE[name]


def check_data(checks: object, where: str, report: Report) -> None:
    """Each check is {"file": csv name, "where": {column: value or [values]}}; every combination
    of the values must match at least one row with a non-empty value in every column."""
    if not (isinstance(checks, list) and checks):
        report.error(where, "a figures case needs 'data' checks against knowledge/statistics")
        return
    for check in checks:
        if not (isinstance(check, dict) and isinstance(check.get("file"), str)
                and isinstance(check.get("where"), dict) and check["where"]):
            report.error(where, f"data check {check!r} must have 'file' and 'where'")
            continue
        rows = csv_rows(check["file"])
        if rows is None:
            report.error(where, f"statistics file {check['file']!r} not found")
            continue
        columns = list(check["where"])
        if rows and any(c not in rows[0] for c in columns):
            report.error(where, f"{check['file']} has no column among {columns}")
            continue
        values = [v if isinstance(v, list) else [v] for v in check["where"].values()]
        for combination in itertools.product(*values):
            wanted = dict(zip(columns, (str(v) for v in combination), strict=True))
            if not any(all(r[c] == v for c, v in wanted.items())
                       and all(x != "" for x in r.values()) for r in rows):
                report.error(where, f"{check['file']} has no row with {wanted}")


def check_routing(rows: list[dict], report: Report) -> None:
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{ROUTING}:{number} {row.get('id', '?')}"
        if not require(row, where, {"id": str, "lang": str, "question": str, "route": str,
                                    "status": str, "facts": list, "why": str}, report):
            continue
        if row["id"] in seen:
            report.error(where, "duplicate id")
        seen.add(row["id"])
        if row["lang"] not in LANGS:
            report.error(where, f"lang {row['lang']!r} not in {sorted(LANGS)}")
        route = row["route"]
        if route not in ROUTES:
            report.error(where, f"route {route!r} not in {sorted(ROUTES)}")
            continue
        if row["status"] != ROUTES[route]:
            report.error(where, f"route {route} must have status {ROUTES[route]!r}")
        if route in ("documents", "claim"):
            if not isinstance(row.get("doc"), str):
                report.error(where, f"a {route} case names the 'doc' that states its facts")
            elif check_fact_groups(row["facts"], where, report, allow_empty=False):
                check_facts_in_doc(row["facts"], row["doc"], where, report)
        elif row["facts"]:
            check_fact_groups(row["facts"], where, report, allow_empty=True)
        if route == "figures":
            check_data(row.get("data"), where, report)


def check_questions_unique(files: dict[str, list[dict]], report: Report) -> None:
    owner: dict[str, str] = {}
    for name, rows in files.items():
        for row in rows:
            question = row.get("question")
            if not isinstance(question, str):
                continue
            key = normalise(question)
            if key in owner:
                report.error(f"{name} {row.get('id', '?')}",
                             f"same question as {owner[key]}")
            owner[key] = f"{name} {row.get('id', '?')}"


def table(title: str, counts: Counter, order: list[str] | None = None) -> str:
    keys = order if order is not None else sorted(counts)
    return f"{title}: " + ", ".join(f"{k} {counts.get(k, 0)}" for k in keys)


def main() -> int:
    report = Report()
    answers = read_jsonl(ANSWERS, report)
    refusals = read_jsonl(REFUSALS, report)
    routing = read_jsonl(ROUTING, report)
    places = municipality_names()

    check_answers(answers, report)
    naming = check_refusals(refusals, report, places)
    check_routing(routing, report)
    check_questions_unique({ANSWERS: answers, REFUSALS: refusals, ROUTING: routing}, report)

    sections = Counter(str(r.get("fact", "?"))[:1] for r in answers)
    kinds = Counter(r.get("kind") for r in answers)
    routes = Counter(r.get("route") for r in routing)
    for section in SECTIONS:
        if not sections.get(section):
            report.error(ANSWERS, f"no question for section {section}")
    if len(answers) < MIN_ANSWERS:
        report.error(ANSWERS, f"{len(answers)} questions; at least {MIN_ANSWERS}")
    if len(refusals) < MIN_REFUSALS:
        report.error(REFUSALS, f"{len(refusals)} questions; at least {MIN_REFUSALS}")
    if naming < MIN_REFUSALS_NAMING_PLACE:
        report.error(REFUSALS, f"{naming} name a municipality or Stockholm; at least "
                     f"{MIN_REFUSALS_NAMING_PLACE}")
    if len(routing) < MIN_ROUTING:
        report.error(ROUTING, f"{len(routing)} cases; at least {MIN_ROUTING}")
    for route, minimum in MIN_PER_ROUTE.items():
        if routes.get(route, 0) < minimum:
            report.error(ROUTING, f"{routes.get(route, 0)} {route} cases; at least {minimum}")

    print(f"{ANSWERS}: {len(answers)} questions "
          f"({Counter(r.get('lang') for r in answers)['en']} in English), "
          f"{sum(len(r.get('facts', [])) for r in answers)} fact groups")
    print("  " + table("per section", sections, list(SECTIONS)))
    print("  " + table("per kind", kinds, sorted(KINDS)))
    print(f"{REFUSALS}: {len(refusals)} questions ({naming} name a municipality or Stockholm, "
          f"{Counter(r.get('lang') for r in refusals)['en']} in English)")
    print(f"{ROUTING}: {len(routing)} cases")
    print("  " + table("per route", routes, list(ROUTES)))
    for warning in report.warnings:
        print(f"warning: {warning}")
    for error in report.errors:
        print(f"ERROR: {error}")
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
