"""Emission figures stated in document text, read so that the statistics can check them.

`find_claims(text)` reads Swedish text with regular expressions and returns only *checkable*
claims: a place we have statistics for, a quantity we compute (total emissions, emissions per
inhabitant) and a year. Everything else (targets, changes, sectors, consumption-based figures) is
left alone, because a false alarm is worse than a missed check. The rules are documented in
docs/consistency.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.figures.request import Place
from assistant.reference import (
    COUNTIES,
    STOCKHOLM_COUNTY,
    county_municipalities,
)
from assistant.reference import (
    SWEDEN as SWEDEN_CODE,
)
from assistant.text import read_number, sentences

Quantity = Literal["total", "per_capita"]

UNIT_TOTAL = "t CO2e"
UNIT_PER_CAPITA = "t CO2e/inv"

COUNTY = Place(STOCKHOLM_COUNTY, COUNTIES[STOCKHOLM_COUNTY], "lan")
SWEDEN = Place(SWEDEN_CODE, "Sverige", "riket")
# The 26 municipalities of Stockholms län (SCB codes and names as in the data,
# assistant/data/kommuner.csv); a test checks them against population.csv.
COUNTY_MUNICIPALITIES: tuple[tuple[str, str], ...] = county_municipalities(STOCKHOLM_COUNTY)


@dataclass(frozen=True)
class Claim:
    """A figure stated in a document that the statistics can check."""

    sentence: str  # the sentence it stands in, verbatim
    stated: str  # the number and unit verbatim, e.g. "5,2 ton per person"
    value: float  # in tonnes (total) or tonnes per inhabitant
    quantity: Quantity
    place: Place
    year: int
    decimals: int  # decimals as written, in the stated scale (for the tolerance)
    scale: float  # tonnes per stated unit: 1, 1 000 or 1 000 000
    approximate: bool = False  # "cirka", "knappt", "drygt", ...
    scope_hints: tuple[str, ...] = ()  # method or scope words in the text, for the reasons

    @property
    def unit(self) -> str:
        return UNIT_PER_CAPITA if self.quantity == "per_capita" else UNIT_TOTAL


_SPACE = "[ \u00a0\u202f]"
_NUMBER = rf"(?<![\d,.])(?P<int>\d{{1,3}}(?:{_SPACE}\d{{3}})+|\d+)(?:,(?P<dec>\d+))?(?![\d])"
_UNIT = (r"(?P<unit>miljoner ton|miljon ton|milj\.? ton|Mt|tusen ton|kton|kt|ton|t)"
         r"(?![\wåäöÅÄÖ])")
_GAS = (r"(?:\s*(?:CO2e|CO₂e|CO2-ekv(?:ivalenter)?\.?|koldioxidekvivalenter|"
        r"växthusgaser|koldioxid|CO2|CO₂)(?![\wåäö]))?")
_PER = (r"(?:\s*(?P<per>(?:per|/)\s*(?:invånare|inv\.?|person|capita)(?![\wåäö])"
        r"(?:\s+och\s+år)?))?")
_MENTION = re.compile(_NUMBER + r"\s*" + _UNIT + _GAS + _PER)

_SCALE = {"miljoner ton": 1e6, "miljon ton": 1e6, "milj. ton": 1e6, "milj ton": 1e6,
          "Mt": 1e6, "tusen ton": 1e3, "kton": 1e3, "kt": 1e3, "ton": 1.0, "t": 1.0}

_YEAR = re.compile(r"(?<![\d,.])(19[5-9]\d|20\d\d)(?![\d])")
# A year that names a plan ("RUFS 2010", "Klimatfärdplan 2050") is not the year of a figure.
_PLAN_BEFORE = re.compile(r"(?:RUFS|färdplan|Färdplan|Agenda|Vision|RUS|strategi|Strategi)"
                          r"[\s-]*$")
# A year in a range or after these words is a period or a base year, not the figure's year.
_YEAR_CONTEXT_BEFORE = re.compile(r"(?:\d{4}\s*[–—-]\s*|\d{4}\s+och\s+|\b(?:mellan|sedan|före|"
                                  r"fram till|till och med|t\.o\.m\.|jämfört med)\s+)$",
                                  re.IGNORECASE)
_RANGE_AFTER = re.compile(r"^\s*(?:[–—-]\s*\d{4}|och\s+\d{4})")
# The year right after the figure: "3,7 miljoner ton 2022", "2,6 t (2016)", "… per person år 2016".
_YEAR_AFTER = re.compile(r"^[\s,(]*(?:år\s+|året\s+|data\s+|i\s+)?(19[5-9]\d|20\d\d)(?![\d])")

_APPROX = r"(?:cirka|ca\.?|omkring|ungefär|runt|drygt|knappt|nästan|närmare|bara|endast|strax)"


def _words(pattern: str) -> re.Pattern[str]:
    """Words of running text, in any case ("Cirka", "cirka")."""
    return re.compile(pattern, re.IGNORECASE)


_APPROX_BEFORE = _words(rf"\b{_APPROX}\s+$")
# "under 2,3 ton", "högst 3,4 ton", "ner mot 5 ton": targets and bounds, not measured values.
_BOUND_BEFORE = _words(rf"\b(?:under|högst|minst|maximalt|max|mindre än|mer än|över|ner mot|"
                       rf"ned mot|upp mot|till högst)\s+(?:{_APPROX}\s+)?$")
# "minskade med 2,1 ton", "med bara 0,41 miljoner ton": a change, not a level.
_CHANGE_BEFORE = _words(rf"(?<!jämfört )\bmed\s+(?:{_APPROX}\s+)?$")
_PROJECTION = _words(r"\b(?:prognos\w*|beräknas|förväntas|scenari\w*|budget\w*|återst\w+|"
                     r"sparas|minskning\w*|ökning\w*)\b")
# Consumption-based emissions are another quantity than the territorial ones.
_CONSUMPTION, _TOTAL_WORDS = _words(r"konsumtion"), _words(r"\btotal")
# A sector in the clause before the number: the figure is a sector's, not the total.
_SECTOR = _words(r"(?:transport|trafik|industri|jordbruk|arbetsmaskin|avfall|uppvärmning|"
                 r"fjärrvärme|sjöfart|flyg|energisektor|elproduktion|byggsektor)")
# The sentence itself says the figure is from another release: the document explains the
# difference already, and which release it means is not ours to guess.
_OTHER_RELEASE = _words(r"\b(?:version\w*|publicering\w*|utgåv\w*|nedladdning\w*|"
                        r"nedladdad\w*)\b")
_PER_CAPITA_WORDS = _words(r"\bper\s+(?:invånare|inv\.?|person|capita)\b")
_PARENS = re.compile(r"\([^()]*\)")
_CLAUSE_BREAK = re.compile(r"[;:]")
_PARAGRAPHS = re.compile(r"\n\s*\n")

# Words in the text that explain a difference in method or scope, with the reason they suggest.
SCOPE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"nordisk\w*\s+(?:medel)?elmix|medelelmix", re.IGNORECASE),
     "dokumentet räknar elens utsläpp med nordisk medelelmix (regionens äldre metod), medan "
     "SMHI redovisar territoriella utsläpp"),
    (re.compile(r"egen metod|egna metod", re.IGNORECASE),
     "dokumentet bygger på en egen beräkningsmetod med ett annat urval av utsläpp"),
    (re.compile(r"utrikes|bunkring|internationell\w* transport", re.IGNORECASE),
     "dokumentet kan räkna in utrikes transporter (bunkring), som SMHI bara fördelar på "
     "kommuner för 2023–2024"),
    (re.compile(r"preliminär", re.IGNORECASE),
     "dokumentet anger preliminär statistik, som har reviderats sedan dess"),
    (re.compile(r"Naturvårdsverket|officiell", re.IGNORECASE),
     "dokumentet anger Naturvårdsverkets nationella total, som avgränsas annorlunda än summan "
     "av SMHI:s sektorer"),
    (re.compile(r"LULUCF|markanvändning", re.IGNORECASE),
     "dokumentet kan räkna med markanvändning (LULUCF), som inte ingår i statistiken"),
)


def _place_patterns() -> list[tuple[re.Pattern[str], Place]]:
    """Names as people write them. Bare "Stockholm" and "regionen" are left out: in this
    knowledge base they usually mean the organisation Region Stockholm, not a place."""
    patterns: list[tuple[re.Pattern[str], Place]] = [
        (re.compile(r"\bStockholms läns?\b|\b[Ll]änets?\b|\bStockholmsregionens?\b"), COUNTY),
        (re.compile(r"\bSveriges?\b|\b[Rr]ikets?\b|\b[Hh]ela landet\b"), SWEDEN),
        (re.compile(r"\bStockholms? (?:stad|stads|kommun|kommuns)\b"),
         Place("0180", "Stockholm", "kommun")),
    ]
    for code, name in COUNTY_MUNICIPALITIES:
        if name == "Stockholm":
            continue
        spelled = re.escape(name).replace(r"\ ", "[ -]").replace(r"\-", "[ -]")
        patterns.append((re.compile(rf"\b{spelled}s?(?: kommuns?)?(?![\wåäöÅÄÖ-])"),
                         Place(code, name, "kommun")))
    return patterns


_PLACES = _place_patterns()


def place_named(name: str) -> Place | None:
    """The place a document's metadata names (`DocumentMeta.kommun`), if we have it."""
    for pattern, place in _PLACES:
        if pattern.fullmatch(name.strip()):
            return place
    return None


def find_claims(text: str, default_place: Place | None = None,
                today: date | None = None) -> list[Claim]:
    """Every checkable figure in `text`, in reading order.

    Args:
        text: Swedish text, e.g. a retrieved chunk.
        default_place: the place the document is about (its metadata), used when a sentence
            names none.
        today: years after this are targets, not figures (default: today).
    """
    this_year = (today or date.today()).year
    claims: list[Claim] = []
    for paragraph in _PARAGRAPHS.split(text):
        claims.extend(_paragraph_claims(paragraph, default_place, this_year))
    return claims


def _paragraph_claims(paragraph: str, default_place: Place | None,
                      this_year: int) -> list[Claim]:
    # Method words count for the reasons only within the claim's own paragraph: a chunk often
    # holds an unrelated paragraph about LULUCF or bunkering.
    hints = tuple(reason for pattern, reason in SCOPE_HINTS if pattern.search(paragraph))
    claims: list[Claim] = []
    previous = ""
    for sentence in sentences(paragraph):
        # Consumption-based emissions are another quantity; a sentence about another release
        # explains its own difference.
        if not (_CONSUMPTION.search(sentence) or _OTHER_RELEASE.search(sentence)):
            # "Utrikes transporter … Sigtuna har störst värde: 120 445 ton": a sector named in
            # the sentence before carries over, unless the sentence says it means the total.
            sector_before = bool(_SECTOR.search(previous))
            claims.extend(_sentence_claims(sentence, default_place, this_year, hints,
                                           sector_before))
        previous = sentence
    return claims


def _sentence_claims(sentence: str, default_place: Place | None, this_year: int,
                     hints: tuple[str, ...], sector_before: bool = False) -> list[Claim]:
    places = [(m.start(), m.end(), place) for pattern, place in _PLACES
              for m in pattern.finditer(sentence)]
    years = [m for m in _YEAR.finditer(sentence) if _is_figure_year(sentence, m)]
    mentions = list(_MENTION.finditer(sentence))
    claims: list[Claim] = []
    previous: tuple[re.Match[str], Quantity] | None = None
    for index, mention in enumerate(mentions):
        clause_start = _clause_start(sentence, mention, previous[0] if previous else None)
        before = sentence[clause_start:mention.start()]
        quantity = _quantity(sentence, mention, before, previous)
        previous = (mention, quantity)
        if _BOUND_BEFORE.search(before) or _CHANGE_BEFORE.search(before):
            continue
        if _PROJECTION.search(before) or _SECTOR.search(_PARENS.sub(" ", before)):
            continue
        if sector_before and not _TOTAL_WORDS.search(sentence[:mention.start()]):
            continue
        next_start = mentions[index + 1].start() if index + 1 < len(mentions) else len(sentence)
        year = _year_for(sentence, mention, years, clause_start, next_start)
        if year is None or year > this_year:
            continue
        place = _place_for(mention, places, default_place)
        if place is None:
            continue
        claims.append(_claim(sentence, mention, quantity, place, year, before, hints))
    return claims


def _is_figure_year(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[:match.start()]
    if _PLAN_BEFORE.search(before) or _YEAR_CONTEXT_BEFORE.search(before):
        return False
    return not _RANGE_AFTER.match(sentence[match.end():])


def _clause_start(sentence: str, mention: re.Match[str], previous: re.Match[str] | None) -> int:
    start = previous.end() if previous else 0
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, start, mention.start())]
    return breaks[-1] if breaks else start


def _quantity(sentence: str, mention: re.Match[str], before: str,
              previous: tuple[re.Match[str], Quantity] | None) -> Quantity:
    if mention.group("per") or _PER_CAPITA_WORDS.search(before):
        return "per_capita"
    # "från 5,2 ton per person 2006 till 2,6 ton 2016": the second number keeps the first's unit.
    if previous and previous[1] == "per_capita":
        between = sentence[previous[0].end():mention.start()]
        if re.search(r"\btill\b", between):
            return "per_capita"
    return "total"


def _year_for(sentence: str, mention: re.Match[str], years: list[re.Match[str]],
              clause_start: int, next_start: int) -> int | None:
    """The year right after the figure wins; else the nearest one before it in its clause."""
    after = _YEAR_AFTER.match(sentence[mention.end():next_start])
    if after:
        position = mention.end() + after.start(1)
        if any(y.start() == position for y in years):
            return int(after.group(1))
    earlier = [y for y in years if clause_start <= y.start() < mention.start()]
    return int(earlier[-1].group(1)) if earlier else None


def _place_for(mention: re.Match[str], places: list[tuple[int, int, Place]],
               default_place: Place | None) -> Place | None:
    """The nearest place named before the figure; else the document's place; else the only
    place the sentence names after it."""
    earlier = sorted((p for p in places if p[1] <= mention.start()), key=lambda p: p[1])
    if earlier:
        return earlier[-1][2]
    if default_place is not None:
        return default_place
    later = {p[2] for p in places if p[0] >= mention.end()}
    return later.pop() if len(later) == 1 else None


def _claim(sentence: str, mention: re.Match[str], quantity: Quantity, place: Place, year: int,
           before: str, hints: tuple[str, ...]) -> Claim:
    decimals = mention.group("dec") or ""
    stated_value = read_number(mention.group("int") + (f",{decimals}" if decimals else ""))
    scale = _SCALE[mention.group("unit")]
    return Claim(
        sentence=sentence,
        stated=mention.group(0).strip(),
        value=stated_value * scale,
        quantity=quantity,
        place=place,
        year=year,
        decimals=len(decimals),
        scale=scale,
        approximate=bool(_APPROX_BEFORE.search(before)),
        scope_hints=hints,
    )
