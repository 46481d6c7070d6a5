"""Documents against statistics: find emission figures stated in retrieved text and check them.

The knowledge base quotes older figures (for example the county's 5,2 → 2,6 ton per inhabitant
2006–2016) that the SMHI statistics in the store do not reproduce. When such a passage is used in
an answer, the reader must see both values, the likely reason and which one the answer relies on.

`find_claims(text)` reads Swedish text with regular expressions and returns only *checkable*
claims: a place we have statistics for, a quantity we compute (total emissions, emissions per
inhabitant) and a year. Everything else (targets, changes, sectors, consumption-based figures) is
left alone, because a false alarm is worse than a missed check. `check_claims(claims, stats)`
computes our value with the same conventions as the figures engine and returns the claims that
differ or cannot be checked because no release has the year. The rules are documented in
docs/consistency.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

import pandas as pd

from assistant.figures import compute
from assistant.figures.formatting import format_number, format_value
from assistant.figures.request import Place
from assistant.models import Passage

log = logging.getLogger(__name__)

Quantity = Literal["total", "per_capita"]

COUNTY_DATASET = "emissions_by_sector_county"
KOMMUN_DATASET = "emissions_by_sector"
PREVIOUS_DATASET = "emissions_by_sector_release2025"
POPULATION_DATASET = "population"

UNIT_TOTAL = "t CO2e"
UNIT_PER_CAPITA = "t CO2e/inv"

# Used only when the store cannot give the manifest (the manifests are the authority).
_FALLBACK_RELEASES = {
    COUNTY_DATASET: "SMHI 2026 (senaste år 2024)",
    KOMMUN_DATASET: "SMHI 2026 (senaste år 2024)",
    PREVIOUS_DATASET: "SMHI 2025 (senaste år 2023)",
    POPULATION_DATASET: "SCB, folkmängd 31 december",
}

COUNTY = Place("01", "Stockholms län", "lan")
SWEDEN = Place("00", "Sverige", "riket")

# The 26 municipalities of Stockholms län (SCB codes and names as in the data). A test checks this
# table against population.csv, so a typo cannot slip through.
COUNTY_MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("0114", "Upplands Väsby"), ("0115", "Vallentuna"), ("0117", "Österåker"),
    ("0120", "Värmdö"), ("0123", "Järfälla"), ("0125", "Ekerö"), ("0126", "Huddinge"),
    ("0127", "Botkyrka"), ("0128", "Salem"), ("0136", "Haninge"), ("0138", "Tyresö"),
    ("0139", "Upplands-Bro"), ("0140", "Nykvarn"), ("0160", "Täby"), ("0162", "Danderyd"),
    ("0163", "Sollentuna"), ("0180", "Stockholm"), ("0181", "Södertälje"), ("0182", "Nacka"),
    ("0183", "Sundbyberg"), ("0184", "Solna"), ("0186", "Lidingö"), ("0187", "Vaxholm"),
    ("0188", "Norrtälje"), ("0191", "Sigtuna"), ("0192", "Nynäshamn"),
)


class FrameSource(Protocol):
    """What the check needs from `assistant.statistics.StatisticsStore`."""

    def frame(self, dataset_id: str) -> pd.DataFrame: ...


# ---------------------------------------------------------------- claims


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
_APPROX_BEFORE = re.compile(rf"\b{_APPROX}\s+$", re.IGNORECASE)
# "under 2,3 ton", "högst 3,4 ton", "ner mot 5 ton": targets and bounds, not measured values.
_BOUND_BEFORE = re.compile(rf"\b(?:under|högst|minst|maximalt|max|mindre än|mer än|över|"
                           rf"ner mot|ned mot|upp mot|till högst)\s+(?:{_APPROX}\s+)?$",
                           re.IGNORECASE)
# "minskade med 2,1 ton", "med bara 0,41 miljoner ton": a change, not a level.
_CHANGE_BEFORE = re.compile(rf"(?<!jämfört )\bmed\s+(?:{_APPROX}\s+)?$", re.IGNORECASE)
_PROJECTION = re.compile(r"\b(?:prognos\w*|beräknas|förväntas|scenari\w*|budget\w*|"
                         r"återst\w+|sparas|minskning\w*|ökning\w*)\b", re.IGNORECASE)
_CONSUMPTION = re.compile(r"konsumtion", re.IGNORECASE)
# A sector in the clause before the number: the figure is a sector's, not the total.
_SECTOR = re.compile(r"(?:transport|trafik|industri|jordbruk|arbetsmaskin|avfall|uppvärmning|"
                     r"fjärrvärme|sjöfart|flyg|energisektor|elproduktion|byggsektor)",
                     re.IGNORECASE)
_TOTAL_WORDS = re.compile(r"\btotal", re.IGNORECASE)
# The sentence itself says the figure is from another release: the document explains the
# difference already, and which release it means is not ours to guess.
_OTHER_RELEASE = re.compile(r"\b(?:version\w*|publicering\w*|utgåv\w*|nedladdning\w*|"
                            r"nedladdad\w*)\b", re.IGNORECASE)
_PER_CAPITA_WORDS = re.compile(r"\bper\s+(?:invånare|inv\.?|person|capita)\b", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”(])|\n+")
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


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(text) if s and s.strip()]


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
    for sentence in split_sentences(paragraph):
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
    whole = re.sub(_SPACE, "", mention.group("int"))
    decimals = mention.group("dec") or ""
    stated_value = float(f"{whole}.{decimals}" if decimals else whole)
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


# ---------------------------------------------------------------- our values


@dataclass(frozen=True)
class OurValue:
    value: float | None  # None: no release has the year
    dataset: str
    release: str
    method: str  # how it was computed, with its inputs, in Swedish
    source: str = ""


@dataclass(frozen=True)
class Discrepancy:
    """A document figure that the statistics contradict ("differs") or cannot confirm because
    no release has the year ("missing")."""

    claim: Claim
    kind: Literal["differs", "missing"]
    ours: float | None
    dataset: str
    release: str
    method: str
    reasons: tuple[str, ...]
    used: str  # which value the answer uses, and why
    neighbours: tuple[tuple[int, float], ...] = ()  # nearest years the statistics do have
    neighbours_release: str = ""
    source_title: str = ""  # the document the claim comes from
    source_id: int | None = None  # its citation number in the answer, when known

    @property
    def unit(self) -> str:
        return self.claim.unit

    def public(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "place": self.claim.place.name, "year": self.claim.year,
            "quantity": self.claim.quantity, "unit": self.unit, "document_value": self.claim.value,
            "document_text": self.claim.stated, "ours": self.ours, "dataset": self.dataset,
            "release": self.release, "method": self.method, "reasons": list(self.reasons),
            "used": self.used, "source_title": self.source_title,
        }


def _release(stats: FrameSource, dataset_id: str) -> str:
    manifest = getattr(stats, "manifest", None)
    if manifest is not None:
        try:
            return manifest(dataset_id).release
        except Exception:  # a label is not worth failing an answer for
            log.warning("no manifest for %s", dataset_id, exc_info=True)
    return _FALLBACK_RELEASES.get(dataset_id, dataset_id)


def _years(df: pd.DataFrame) -> set[int]:
    return {int(y) for y in df["year"].unique()}


def _latest_dataset(place: Place) -> str:
    return KOMMUN_DATASET if place.level == "kommun" else COUNTY_DATASET


def _codes(place: Place, df: pd.DataFrame) -> list[str]:
    if place.level == "kommun":
        return [place.code]
    return compute.county_codes(df, place.code)


def _emissions(place: Place, year: int, stats: FrameSource) -> tuple[float, str, str] | None:
    """(t CO2e, dataset, method) from the latest release that has the year, or None.
    The latest release is the default; the previous one only for years the latest lacks, and a
    value is always taken whole from one release."""
    latest_id = _latest_dataset(place)
    latest = stats.frame(latest_id)
    if year in _years(latest):
        if place.level == "kommun":
            return (compute.kommun_emissions(latest, place.code, year), latest_id,
                    f"SMHI:s totalrad för {place.name} {year}")
        value, summed = compute.region_emissions(latest, place.level, place.code, year)
        what = "summan av SMHI:s nio sektorer" if summed else "SMHI:s totalrad"
        return value, latest_id, f"{what} för {place.name} {year}"
    previous = stats.frame(PREVIOUS_DATASET)
    if year not in _years(previous):
        return None
    if place.level == "kommun":
        return (compute.kommun_emissions(previous, place.code, year), PREVIOUS_DATASET,
                f"SMHI:s totalrad för {place.name} {year}")
    codes = _codes(place, previous)
    value = compute.municipalities_sum(previous, codes, year)
    note = " (utan utsläpp som SMHI inte fördelar på kommuner)" if place.level == "riket" else ""
    return (value, PREVIOUS_DATASET,
            f"summan av {format_number(len(codes))} kommuners totalrader för {place.name} "
            f"{year}{note}")


def our_value(place: Place, year: int, quantity: Quantity, stats: FrameSource) -> OurValue:
    """Our value for a claim, computed the way the figures engine computes it."""
    found = _emissions(place, year, stats)
    if found is None:
        return OurValue(None, "", "", f"ingen utgåva av SMHI-statistiken har år {year}")
    emissions, dataset, method = found
    release = _release(stats, dataset)
    if quantity == "total":
        return OurValue(emissions, dataset, release, f"{method} ({release})")
    pop_df = stats.frame(POPULATION_DATASET)
    people = compute.population(pop_df, _codes(place, pop_df), year)
    value = compute.per_capita(emissions, people)
    return OurValue(value, dataset, release,
                    f"{format_value(emissions, UNIT_TOTAL)} ({method}, {release}) / "
                    f"{format_value(people, 'invånare')} (SCB, folkmängd 31 december {year})")


def neighbours(place: Place, year: int, quantity: Quantity, stats: FrameSource
               ) -> tuple[tuple[int, float], ...]:
    """The nearest years before and after `year` that the latest release has, with our values:
    context for a year that is missing (never used to fill it in)."""
    years = sorted(_years(stats.frame(_latest_dataset(place))))
    before = [y for y in years if y < year][-1:]
    after = [y for y in years if y > year][:1]
    result = []
    for near in before + after:
        value = our_value(place, near, quantity, stats).value
        if value is not None:
            result.append((near, value))
    return tuple(result)


# ---------------------------------------------------------------- the check


def agrees(claim: Claim, ours: float) -> bool:
    """Does our value round to what the document wrote? Within half a unit of the last written
    digit, or a whole unit when the document says "cirka", "knappt" and the like."""
    step = 10.0 ** -claim.decimals
    tolerance = step if claim.approximate else step / 2
    difference = abs(ours / claim.scale - claim.value / claim.scale)
    return difference <= tolerance + 1e-9


def _reasons(claim: Claim, ours: OurValue) -> tuple[str, ...]:
    if ours.value is None:
        return (f"ingen utgåva av SMHI-statistiken i kunskapsbasen har år {claim.year}, så "
                "uppgiften kan inte kontrolleras (saknade år fylls aldrig i genom interpolering)",)
    reasons = list(claim.scope_hints)
    reasons.append("dokumentet bygger på en äldre publicering eller en annan metod: "
                   "SMHI räknar om hela tidsserien varje år, och äldre regionala serier räknade "
                   "till exempel elens utsläpp med nordisk medelelmix")
    if ours.dataset == PREVIOUS_DATASET:
        reasons.append(f"statistikens värde för {claim.year} kommer från den föregående "
                       f"publiceringen ({ours.release}), eftersom den senaste saknar året")
    if claim.quantity == "per_capita":
        reasons.append("befolkningsunderlaget kan skilja (statistiken delar med SCB:s folkmängd "
                       "31 december samma år)")
    return tuple(reasons)


def check_claim(claim: Claim, stats: FrameSource, source_title: str = "",
                source_id: int | None = None) -> Discrepancy | None:
    """None when the statistics agree with the document; else what differs and why."""
    try:
        ours = our_value(claim.place, claim.year, claim.quantity, stats)
    except compute.MissingDataError as exc:
        log.info("cannot check %s: %s", claim.stated, exc.detail)
        ours = OurValue(None, "", "", exc.detail)
    if ours.value is not None and agrees(claim, ours.value):
        return None
    if ours.value is None:
        used = ("Svaret återger uppgiften som dokumentets egen och räknar bara med "
                "SMHI-statistiken i kunskapsbasen.")
        near = neighbours(claim.place, claim.year, claim.quantity, stats)
        near_release = _release(stats, _latest_dataset(claim.place))
    else:
        used = (f"Svaret använder statistiken ({ours.release}), eftersom den är beräknad ur "
                "kunskapsbasens data med en känd och redovisad metod.")
        near, near_release = (), ""
    return Discrepancy(
        claim=claim,
        kind="missing" if ours.value is None else "differs",
        ours=ours.value,
        dataset=ours.dataset,
        release=ours.release,
        method=ours.method,
        reasons=_reasons(claim, ours),
        used=used,
        neighbours=near,
        neighbours_release=near_release,
        source_title=source_title,
        source_id=source_id,
    )


def check_claims(claims: Iterable[Claim], stats: FrameSource, source_title: str = "",
                 source_id: int | None = None) -> list[Discrepancy]:
    """The claims the statistics contradict or cannot confirm, in the order given."""
    found = (check_claim(c, stats, source_title, source_id) for c in claims)
    return [d for d in found if d is not None]


def check_passages(passages: Sequence[Passage], stats: FrameSource,
                   source_ids: dict[str, int] | None = None) -> list[Discrepancy]:
    """Check every retrieved document passage (not the statistics' own profiles); each claim
    is reported once even when several passages repeat it.

    Args:
        source_ids: chunk id -> citation number in the answer, so the text can say "[2]".
    """
    seen: set[tuple[str, int, str, float]] = set()
    result: list[Discrepancy] = []
    for passage in passages:
        chunk = passage.chunk
        if chunk.doc_id.startswith("statistik/"):
            continue
        meta = chunk.meta
        default = place_named(meta.kommun) if meta and meta.kommun else None
        title = meta.title if meta else chunk.doc_id
        number = (source_ids or {}).get(chunk.id)
        for claim in find_claims(chunk.text, default_place=default):
            key = (claim.place.code, claim.year, claim.quantity, claim.value)
            if key in seen:
                continue
            seen.add(key)
            found = check_claim(claim, stats, title, number)
            if found is not None:
                result.append(found)
    return result


# ---------------------------------------------------------------- text for the answer


_QUANTITY_TEXT = {"total": "utsläppen", "per_capita": "utsläppen per invånare"}


def describe(d: Discrepancy) -> str:
    """One Swedish paragraph: the document's value, ours, the likely reason, which one is used."""
    claim = d.claim
    where = f"”{d.source_title}”" if d.source_title else "Ett dokument"
    cite = f" [{d.source_id}]" if d.source_id is not None else ""
    lead = (f"{where}{cite} anger {_QUANTITY_TEXT[claim.quantity]} för {claim.place.name} "
            f"år {claim.year} till ”{claim.stated}”.")
    if d.ours is None:
        ours = f" Statistiken: saknas – ingen utgåva har {claim.year}."
        if d.neighbours:
            near = "; ".join(f"{year}: {format_value(value, claim.unit)}"
                             for year, value in d.neighbours)
            ours += f" Närmaste år som finns: {near} ({d.neighbours_release})."
        why = " Uppgiften kan inte kontrolleras, och saknade år fylls aldrig i genom interpolering."
    else:
        shown = format_value(d.ours, claim.unit)
        if claim.quantity == "total" and claim.scale >= 1e6:
            shown += f" (≈ {format_value(d.ours / 1e6, 'Mt CO2e', decimals=2)})"
        ours = f" Statistiken ger {shown}: {d.method}."
        why = " Troliga orsaker: " + "; ".join(d.reasons) + "."
    return f"{lead}{ours}{why} {d.used}"


def consistency_markdown(discrepancies: Sequence[Discrepancy]) -> str:
    """The section an answer appends when its sources state figures the statistics dispute."""
    if not discrepancies:
        return ""
    lines = ["**Dokument och statistik stämmer inte överens**", ""]
    lines += [f"- {describe(d)}" for d in discrepancies]
    return "\n".join(lines)


# ---------------------------------------------------------------- compact form for answers


@dataclass(frozen=True)
class Check:
    """One checked claim, agreeing or not, with our value (for the answer's short summary)."""

    claim: Claim
    ours: OurValue
    agrees: bool
    source_id: int | None = None
    discrepancy: Discrepancy | None = None


def check_all(passages: Sequence[Passage], stats: FrameSource,
              source_ids: dict[str, int] | None = None,
              keep: Callable[[Claim], bool] | None = None) -> list[Check]:
    """Every checkable claim of the document passages (statistics profiles skipped, repeats
    once), agreeing or not; `keep` narrows them (e.g. to the figures a question names)."""
    seen: set[tuple[str, int, str, float]] = set()
    result: list[Check] = []
    for passage in passages:
        chunk = passage.chunk
        if chunk.doc_id.startswith("statistik/"):
            continue
        meta = chunk.meta
        default = place_named(meta.kommun) if meta and meta.kommun else None
        number = (source_ids or {}).get(chunk.id)
        for claim in find_claims(chunk.text, default_place=default):
            key = (claim.place.code, claim.year, claim.quantity, claim.value)
            if key in seen or (keep is not None and not keep(claim)):
                continue
            seen.add(key)
            title = meta.title if meta else chunk.doc_id
            found = check_claim(claim, stats, title, number)
            ours = (our_value(claim.place, claim.year, claim.quantity, stats) if found is None
                    else OurValue(found.ours, found.dataset, found.release, found.method))
            result.append(Check(claim, ours, found is None, number, found))
    return result


_SHORT = {
    "sv": {"heading": "Dokument och statistik", "total": "utsläppen", "per_capita":
           "utsläppen per invånare", "missing": "statistiken saknar {year}",
           "near": "närmaste år: {near}",
           "agrees": "stämmer", "ours": "statistiken: {value} ({release})",
           "why": "Trolig orsak till skillnaden: {reasons}.",
           "generic": "dokumentet bygger på en äldre publicering eller en annan metod (SMHI "
                      "räknar om hela tidsserien varje år)",
           "previous": "statistikens värde för {year} kommer från den föregående publiceringen "
                       "({release})",
           "used": "Svaret räknar med statistikens värden; dokumentets uppgifter för år som "
                   "statistiken saknar återges som dokumentets egna och fylls aldrig i."},
    "en": {"heading": "Documents and statistics", "total": "emissions", "per_capita":
           "emissions per inhabitant", "missing": "the statistics have no value for {year}",
           "near":
           "nearest years: {near}", "agrees": "agrees", "ours": "statistics: {value} "
           "({release})", "why": "Likely reason for the difference: {reasons}.",
           "generic": "the document uses an older release or another method (SMHI revises the "
                      "whole series every year)",
           "previous": "the statistics' value for {year} comes from the previous release "
                       "({release})",
           "used": "The answer relies on the statistics' values; the document's figures for "
                   "years the statistics lack are given as the document's own and never filled "
                   "in."},
}


def summary_markdown(checks: Sequence[Check], language: str = "sv",
                     limit: int | None = None) -> str:
    """A few lines for an answer: each figure the documents state, the statistics' value beside
    it, and one line on the likely reason (the full method of each value is in `describe`).
    With `limit`, the closing lines and then the last figures give way until it fits."""
    text = _summary(checks, language)
    while limit is not None and len(text) > limit and len(checks) > 1:
        checks = checks[:-1]
        text = _summary(checks, language, closing=False)
    return text


def _summary(checks: Sequence[Check], language: str = "sv", closing: bool = True) -> str:
    if not checks:
        return ""
    t = _SHORT["en" if language == "en" else "sv"]
    lines = [f"**{t['heading']}**", ""]
    reasons: list[str] = []
    for check in checks:
        claim = check.claim
        cite = f" [{check.source_id}]" if check.source_id is not None else ""
        what = f"{t[claim.quantity]}, {claim.place.name} {claim.year}"
        if check.ours.value is None:
            d = check.discrepancy
            verdict = t["missing"].format(year=claim.year)
            if d is not None and d.neighbours:
                near = ", ".join(f"{y} {format_value(v, claim.unit)}" for y, v in d.neighbours)
                verdict += "; " + t["near"].format(near=near)
        else:
            verdict = t["ours"].format(value=format_value(check.ours.value, claim.unit),
                                       release=check.ours.release)
            if check.agrees:
                verdict += f", {t['agrees']}"
            else:
                reasons += list(claim.scope_hints) if language != "en" else []
                if check.ours.dataset == PREVIOUS_DATASET:
                    reasons.append(t["previous"].format(year=claim.year,
                                                        release=check.ours.release))
        lines.append(f"- ”{claim.stated}”{cite} ({what}) – {verdict}.")
    if any(not c.agrees for c in checks):
        if any(c.ours.value is not None and not c.agrees for c in checks):
            reasons.append(t["generic"])
            lines += ["", t["why"].format(reasons="; ".join(dict.fromkeys(reasons)))]
        if closing:
            lines += ["", t["used"]]
    return "\n".join(lines)
