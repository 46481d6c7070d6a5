"""English questions read against Swedish sources: the domain glossary.

The knowledge base is Swedish, and multilingual-e5 scores an English question against Swedish
text lower and less sharply than a Swedish one, while word overlap (the composer's lexical
evidence, the refusal gate's coverage) does not exist across languages at all. A small glossary
of the domain's words (assistant/data/glossary_en_sv.csv) gives an English question the Swedish
words a staff member would have used; names and numbers ("Klimatklivet", "RUFS 2050") are the
same in both languages and are kept as written.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from assistant.reference import DATA_DIR

GLOSSARY_PATH = DATA_DIR / "glossary_en_sv.csv"

_NAME = re.compile(r"\b(?:[A-ZÅÄÖ][\wåäöÅÄÖé-]+|[A-ZÅÄÖ]{2,}|\d[\d ,.]*)")


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, str], ...]:
    """(English phrase, Swedish words), longest phrase first so that "climate roadmap" wins
    over "roadmap"."""
    with GLOSSARY_PATH.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    pairs = [(en.strip().lower(), sv.strip()) for en, sv in rows[1:] if en.strip()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def swedish_words(question: str) -> str:
    """The Swedish words of an English question: glossary translations of its domain words,
    then its names and numbers as written."""
    lower = f" {question.lower()} "
    found: list[str] = []
    for english, swedish in glossary():
        pattern = rf"(?<![\w-]){re.escape(english)}(?![\w-])"
        if re.search(pattern, lower):
            found.append(swedish)
            lower = re.sub(pattern, " ", lower)
    names = [m.group(0).strip(" ,.") for m in _NAME.finditer(question)]
    names = [n for n in names if n.lower() not in _QUESTION_WORDS]
    return " ".join(found + names)


# Capitalised only because they start the question.
_QUESTION_WORDS = frozenset("""
    what which who whom whose when where why how is are was were do does did can could should
    would will has have had by at in on of for from to the a an and or if there this that
""".split())  # noqa: SIM905 - a word list reads best as text
