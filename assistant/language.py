"""Which language a question is written in: Swedish unless it is clearly English.

The assistant answers in the question's language. Most users write Swedish, and English questions
often contain Swedish place names ("What were Södertälje's emissions?"), so letters like å/ä/ö only
count as Swedish evidence in lower-case words, never in capitalised names.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["sv", "en"]

_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that occur in questions in only one of the two languages. Words both languages use in
# these questions ("per", "trend", "total", "diagram", "Nacka") are in neither list.
SWEDISH_WORDS = _words("""
    och att av är var vad hur vilken vilket vilka för från till med om på i det den de som inte
    har hade sedan mellan jämför jämfört samma visa mest minst högst lägst störst största
    utsläpp utsläppen utsläppet kommun kommunen kommuner kommunerna länet invånare
    stora stor mycket många blir ska kan skulle eller också även då men år året åren andel
    sektor sektorn siffror siffran ligger hamnar finns fick gör säger innebär varför nå målet
    """)

ENGLISH_WORDS = _words("""
    what how which the is are was were of and for from to since between compare compared
    with has have had does do did show about much many largest highest lowest most least
    emissions emission municipality municipalities county country share change changed
    year years inhabitant inhabitants capita person people in on its their it a an be been
    same rank ranking where when why who there this that than did reach need target
    """)


def detect_language(text: str) -> Language:
    """Return "en" only when English words outnumber Swedish evidence; ties go to Swedish."""
    swedish, english = language_scores(text)
    return "en" if english > swedish else "sv"


def language_scores(text: str) -> tuple[int, int]:
    """(Swedish, English) evidence: (0, 0) means the text says nothing about its language, as in
    "Nacka 2015?", so a caller may keep the conversation's language."""
    swedish = english = 0
    for word in _WORD.findall(text):
        lower = word.lower()
        if lower in SWEDISH_WORDS or _has_swedish_letter(word):
            swedish += 1
        elif lower in ENGLISH_WORDS:
            english += 1
    return swedish, english


def _has_swedish_letter(word: str) -> bool:
    # Capitalised words are usually names (Södertälje, Värmdö), which English questions contain too.
    return word[:1].islower() and any(ch in "åäö" for ch in word.lower())
