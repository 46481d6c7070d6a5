"""Swedish text, read one way everywhere: sentences, words, stems and fact matching.

The only sentence splitter and the only word/stem reader of the package: the answer units, the
composer, the refusal gate and the documents-vs-statistics check all cut text the same way, so a
quote taken by one is found again by the others.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Abbreviations that end with a full stop inside a Swedish sentence ("t.ex. Nacka", "7 kap. 5 §").
# Lower-case comparison; the token is the text from the last space up to and including the stop.
ABBREVIATIONS = frozenset("""
    t.ex. bl.a. m.fl. m.m. s.k. dvs. d.v.s. ca. kap. prop. nr. jfr. resp. milj. mdr. kr. st.
    fr.o.m. t.o.m. o.s.v. osv. e.d. f.d. inkl. exkl. p.g.a. pga. etc. mm. mfl. tex. bla. ev.
    obs. kl. tel. s. sid. vol. uppl. jan. feb. mar. apr. jun. jul. aug. sep. sept. okt. nov.
    dec. e.g. i.e. approx. no. vs. st.f. fig. tab. ff. f. d. ung. sv. eng. proc.
""".split())  # noqa: SIM905 - a word list reads best as text

# A sentence ends at . ! ? followed by space and something that can start a sentence.
_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"”(]?[A-ZÅÄÖÉÜ0-9])")
_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜüØøÆæ]+(?:[-–][0-9A-Za-zÅÄÖåäöÉéÜü]+)*")
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")

STOPWORDS = frozenset("""
    och att det som en ett är av för på i med till den de om har inte var vad vilka vilken vilket
    hur när där så kan ska skall sig man vi du jag han hon dem deras dess sin sitt sina eller men
    också från under efter mellan mot genom utan över alla allt andra någon något några mer mest
    bara även detta denna dessa vara varit blir bli blev får fick finns gör göra gjort enligt
    säger säga sa inom vid hos ur samt sedan då nu här mycket många stor stora the a an and or of
    to in on for with by at from is are was were be been what which who how when where why does
    do did can could should would about this that these those it its as has have had there their
    they them than then into also any all more most some such only other our we you your will
    finns fanns ha haft hade ju väl nog kunna skulle borde vilkas vems ni er era mig dig oss
    """.split())  # noqa: SIM905 - a word list reads best as text


def split_sentences(text: str) -> list[str]:
    """Sentences of one line or paragraph of running text, verbatim (each is a substring of
    `text` after stripping). Line breaks are not handled here: callers split lines first."""
    pieces: list[str] = []
    start = 0
    for match in _END.finditer(text):
        candidate = text[start:match.start()].strip()
        if not candidate:
            continue
        last = candidate.rsplit(None, 1)[-1].lower()
        if last in ABBREVIATIONS or re.fullmatch(r"[a-zåäö]\.", last):
            continue  # "t.ex." or a single letter ("s. 4") does not end the sentence
        pieces.append(candidate)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str) -> set[str]:
    """Content words as Swedish stems: stop words and one- or two-letter words dropped, numbers
    kept whole ("2019", "55")."""
    found: set[str] = set()
    for word in (part for w in words(text) for part in re.split(r"[-–]", w) if part):
        lower = word.lower()
        if lower in STOPWORDS or (len(lower) <= 2 and not lower.isdigit()):
            continue
        found.add(lower if lower.isdigit() else _stem(lower))
    return found


def numbers(text: str) -> set[str]:
    """Numbers as written ("2 300", "2,6", "55"), normalised: spaces removed, "." as ","."""
    return {re.sub(r"[ \u00a0\u202f]", "", n).replace(".", ",") for n in _NUMBER.findall(text)}


def normalise(text: str) -> str:
    """For matching facts in answers: case-folded, NFC, dashes as "-", every kind of space as one
    ordinary space."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def contains(haystack: str, needle: str) -> bool:
    """Does `haystack` hold `needle` where a word starts ("8 procent" is not in "18 procent";
    "stödfunktion" is in "stödfunktionen"), and a number not as the head of a longer one?"""
    needle = normalise(needle)
    if not needle:
        return False
    tail = r"(?![\d])" if needle[-1].isdigit() else ""
    pattern = rf"(?<![\w]){re.escape(needle)}{tail}"
    if needle[0].isdigit():
        pattern = rf"(?<![\w,.]){re.escape(needle)}{tail}"
    return re.search(pattern, normalise(haystack)) is not None
