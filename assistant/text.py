"""Swedish text, read and written one way everywhere: sentences, words, stems, numbers.

The only sentence splitter, the only word/stem reader and the only Swedish number reader and
writer of the package: the answer units, the composer, the refusal gate, the manifests' first
sentences and the documents-vs-statistics check all cut text the same way, so a quote taken by
one is found again by the others; and every number shown to a user is written by
`format_value` (or `format_number`), so a value on screen is always the stored Figure value
rounded, never a retyped number.

Numbers are written as the Swedish Language Council recommends: space as thousands separator,
decimal comma and the real minus sign (U+2212): `121 153`, `−47,9`. English: `121,153`,
`-47.9`.
"""

from __future__ import annotations

import math
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


def sentences(text: str) -> list[str]:
    """Sentences of a text that may span lines: each line (a paragraph, a list item, a table
    row) is cut on its own, since a line break always ends a sentence."""
    return [s for line in text.split("\n") for s in split_sentences(line)]


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


# ---------------------------------------------------------------- numbers as Swedish writes them

_SPACES = re.compile(r"[ \u00a0\u202f]")


def read_number(written: str) -> float:
    """A number as Swedish text writes it: `2 300`, `121 153` (any kind of space between the
    thousands), `2,6`, `−47,9` (real or hyphen minus). Raises ValueError for anything else."""
    text = _SPACES.sub("", written.strip()).replace("\u2212", "-").replace(",", ".")
    return float(text)


MINUS = "\u2212"

# Decimals per unit: tonnes are only meaningful to about 1 t (data README), per-inhabitant values
# to hundredths, percentages to tenths.
UNIT_DECIMALS: dict[str, int] = {
    "t CO2e": 0,
    "t CO2e/år": 0,
    "t CO2e/inv": 2,
    "t CO2e/inv/år": 3,
    "t CO2": 0,
    "poäng (0–2)": 0,
    "bilar per laddpunkt": 1,
    "%": 1,
    "procentenheter": 1,
    "m/inv": 2,
    "m": 0,
    "invånare": 0,
    "bilar": 0,
    "laddpunkter": 0,
    "laddpunkter/100 inv": 2,
    "kommuner": 0,
    "län": 0,
    "sektorer": 0,
    "år": 0,
    "%/år": 2,
}

# How a unit is written in English answers; the Figure keeps the Swedish unit.
UNIT_EN: dict[str, str] = {
    "t CO2e/år": "t CO2e/year",
    "t CO2e/inv": "t CO2e per inhabitant",
    "t CO2e/inv/år": "t CO2e per inhabitant per year",
    "poäng (0–2)": "points (0–2)",
    "bilar per laddpunkt": "cars per charging point",
    "procentenheter": "percentage points",
    "m/inv": "m per inhabitant",
    "invånare": "inhabitants",
    "bilar": "cars",
    "laddpunkter": "charging points",
    "laddpunkter/100 inv": "charging points per 100 inhabitants",
    "kommuner": "municipalities",
    "län": "counties",
    "sektorer": "sectors",
    "år": "",
    "%/år": "% per year",
}


def format_number(value: float, decimals: int = 0, language: str = "sv") -> str:
    """Round `value` to `decimals` and write it the Swedish (or English) way."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    # A value that rounds to zero gets no sign: "−0,0" would suggest a decrease that is not there.
    negative = value < 0 and any(ch not in "0.," for ch in text)
    if language == "en":
        return f"-{text}" if negative else text
    text = text.replace(",", " ").replace(".", ",")
    return f"{MINUS}{text}" if negative else text


def decimals_for(unit: str, value: float | None = None) -> int:
    """Sensible precision for a unit; unknown units get 2 decimals for small values, else 0."""
    if unit in UNIT_DECIMALS:
        return UNIT_DECIMALS[unit]
    if value is not None and abs(value) < 100:
        return 2
    return 0


def format_unit(unit: str, language: str = "sv") -> str:
    if language == "en":
        return UNIT_EN.get(unit, unit)
    return unit


def format_value(value: float, unit: str, language: str = "sv",
                 decimals: int | None = None) -> str:
    """A number with its unit: `121 153 t CO2e`, `−47,9 %` (Swedish), `-47.9%` (English)."""
    places = decimals_for(unit, value) if decimals is None else decimals
    number = format_number(value, places, language)
    if unit == "%":
        return f"{number} %" if language != "en" else f"{number}%"
    if unit == "år":  # a year is written as a year, without thousands separator
        return str(round(value))
    shown = format_unit(unit, language)
    return f"{number} {shown}" if shown else number


def format_signed(value: float, unit: str, language: str = "sv") -> str:
    """Like format_value but with an explicit plus sign for increases (used for changes)."""
    text = format_value(value, unit, language)
    places = decimals_for(unit, value)
    if value > 0 and format_number(value, places, language).strip("0,. ") != "":
        return f"+{text}"
    return text


def format_year_range(start: int, end: int) -> str:
    """`2010–2022` with an en dash, the form used for Figure.year of a change."""
    return f"{start}\u2013{end}"
