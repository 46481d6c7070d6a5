"""Everything read from a question once, before deciding what it asks: `read(question)`.

A `Reading` holds the words, the language, the places, sectors and years found, the indicator
named and whether a path to a target is asked for; the predicates below (`has_metric`,
`wants_change`, ...) answer the small questions the classifier and the builders ask of it.
`Reading.use(signal)` records that a builder used an operation-changing word (coverage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.figures.places import PlaceMatch, find_place_matches
from assistant.figures.query import IndicatorKey, Place
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.words import Words, Years, read_years
from assistant.figures.sectors import SectorMatch, find_sector_matches
from assistant.language import Language, detect_language


@dataclass
class Reading:
    """Everything read from the question once. Not frozen: `uses` collects the signals the
    builders used, and the coverage check compares them with the signals found."""

    question: str
    words: Words
    language: Language
    places: tuple[PlaceMatch, ...]
    sectors: tuple[SectorMatch, ...]
    years: Years
    indicator: IndicatorKey | None
    path: bool
    uses: set[str] = field(default_factory=set)
    cache: dict[str, object] = field(default_factory=dict)  # what is computed once per reading

    def use(self, *signals: str) -> None:
        self.uses.update(signals)

    @property
    def kommuner(self) -> list[PlaceMatch]:
        return [m for m in self.places if m.place.level == "kommun"]

    @property
    def distinct_places(self) -> tuple[Place, ...]:
        return tuple(dict.fromkeys(m.place for m in self.places))

    @property
    def distinct_sectors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.sector for m in self.sectors))

    @property
    def category(self) -> str | None:
        """The indicator's detail: a national category, a fuel, or a Klimatkollen column."""
        if self.indicator == "national":
            return national_category(self.words)
        if self.indicator == "kk":
            return kk_column(self.words)
        if self.indicator == "cars_by_fuel":
            return fleet_fuel(self.words)
        return None

    @property
    def last_years(self) -> int | None:
        return last_years(self.question, self.words)

    @property
    def latest_phrase(self) -> bool:
        return self.words.has(*v.LATEST_YEAR_PHRASES)

    def with_language(self, language: Language) -> Reading:
        return Reading(self.question, self.words, language, self.places, self.sectors,
                       self.years, self.indicator, self.path, self.uses, self.cache)


def read(question: str) -> Reading:
    words = Words.of(question)
    path = asks_path(words)
    return Reading(
        question=question,
        words=words,
        language=detect_language(question),
        places=tuple(find_place_matches(question)),
        sectors=tuple(find_sector_matches(question)),
        years=read_years(question, drop_targets=path),
        indicator=indicator(words),
        path=path,
    )


def asks_path(words: Words) -> bool:
    return words.has(*v.PATH_TARGET_PHRASES) and words.has(*v.PATH_ASK_PHRASES) and (
        words.has_stem(*v.REDUCE_STEMS) or words.has("netto noll", "nettonoll", "net zero",
                                                     "nå", "reach", "klara", "klarar", "i fas",
                                                     "on track"))


def indicator(words: Words) -> IndicatorKey | None:
    if national_category(words):
        return "national"
    if kk_column(words):
        return "kk"
    if fleet_fuel(words):
        return "cars_by_fuel"
    for key, stems in v.INDICATOR_STEMS.items():
        single = tuple(s for s in stems if " " not in s)
        multi = tuple(s for s in stems if " " in s)
        if words.has_stem(*single) or words.has(*multi):
            return key
        if words.has(*v.INDICATOR_PHRASES.get(key, ())):
            return key
    return None


def national_category(words: Words) -> str | None:
    for stems, phrases, category in v.NATIONAL_CATEGORIES:
        if words.has_stem(*stems) or words.has(*phrases):
            return category
    return None


def kk_column(words: Words) -> str | None:
    for stems, phrases, column in v.KK_KPIS:
        if words.has_stem(*stems) or words.has(*phrases):
            return column
    # "När når Nackas utsläpp noll?" (the trend's zero date), but not "nå noll 2045" (the path)
    if (words.has(*v.ZERO_PHRASES) or words.has("noll", "zero")) and words.has(
            *v.WHEN_PHRASES) and not words.has("netto noll", "net zero", "nettonoll"):
        return "kk_trend_hits_zero_date"
    return None


def fleet_fuel(words: Words) -> str | None:
    """"Hur många elbilar finns i Nacka?" asks for the cars in use; new cars and shares of new
    cars are the ev_share indicator."""
    if words.has_stem(*v.NEW_CAR_STEMS) or not words.has(*v.FLEET_PHRASES):
        return None
    for stem, fuel in v.FUEL_STEMS:
        if words.has_stem(stem):
            return fuel
    if words.has("electric cars", "diesel cars", "petrol cars"):
        return {"electric": "El", "diesel": "Diesel", "petrol": "Bensin"}[
            next(w for w in ("electric", "diesel", "petrol") if words.has(w + " cars"))]
    return None


def last_years(question: str, words: Words) -> int | None:
    """"de senaste 10 åren" -> 10, "senaste decenniet" -> 10."""
    if words.has(*v.DECADE_PHRASES):
        return 10
    m = v.RECENT_YEARS.search(question.lower())
    if not m:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else v.NUMBER_WORDS.get(n, {"femton": 15,
                                                             "fifteen": 15}.get(n))


# ------------------------------------------------------------------------------ predicates


def has_metric(r: Reading) -> bool:
    return (r.words.has_stem(*v.METRIC_STEMS) or r.words.has(*v.METRIC_WORDS)
            or any("utsläpp" in w for w in r.words.items))


def per_capita(w: Words) -> bool:
    return w.has(*v.PER_CAPITA_PHRASES)


def wants_trend(w: Words) -> bool:
    trend_words = [x for x in w.items if x.startswith(v.TREND_STEMS)
                   and not x.startswith(v.NOT_TREND_STEMS)]
    return (bool(trend_words) and not w.has(*v.NOT_TREND_PHRASES)) or w.has(*v.TREND_PHRASES)


# "utsläppsminskningen": a change stem inside a compound with "utsläpp"
ALL_CHANGE_STEMS = v.CHANGE_STEMS + tuple("utsläpps" + s for s in v.CHANGE_STEMS)


def wants_change(w: Words) -> bool:
    return w.has_stem(*ALL_CHANGE_STEMS) or w.has(*v.CHANGE_PHRASES)


def wants_comparison(w: Words) -> bool:
    return w.has_stem(*v.COMPARE_STEMS) or w.has(*v.COMPARE_WORDS)


def wants_breakdown(w: Words) -> bool:
    # "sektorerna", "utsläppssektorerna", "sectors": more than one sector asked about
    return w.has(*v.BREAKDOWN_PHRASES) or w.has_ending("sektorerna", "sektorer", "sectors")


def wants_share(w: Words) -> bool:
    return w.has(*v.SHARE_PHRASES)


def superlative(w: Words) -> bool:
    return w.has(*v.ASC_WORDS, *v.DESC_WORDS, *v.GOOD_WORDS, *v.BAD_WORDS)


def is_ranking(r: Reading) -> bool:
    if len({m.place for m in r.kommuner}) >= 2:
        return False  # "Vilken av Nacka och Värmdö ..." compares the two
    if r.words.has(*v.RANK_PHRASES, *v.COUNTY_RANK_PHRASES):
        return True
    fastest = asks_speed(r.words)  # "Vilka fem kommuner har minskat snabbast?"
    return (superlative(r.words) or fastest) and not r.kommuner and not r.words.has(
        "vilket år", "which year")


def asks_which_year(w: Words) -> bool:
    """"Vilket år var utsläppen högst?", "När ...?" (but not "när det gäller")."""
    return w.has(*v.WHICH_YEAR_PHRASES) and not (
        w.has("när", "when") and not w.has(*(p for p in v.WHICH_YEAR_PHRASES
                                              if p not in ("när", "when")))
        and w.has(*v.NOT_WHEN))


def per_year(w: Words) -> bool:
    return w.has(*v.PER_YEAR_PHRASES) or w.has_stem(*v.PER_YEAR_STEMS)


def asks_average(w: Words) -> bool:
    return w.has_stem(*v.AVERAGE_STEMS) or w.has(*v.AVERAGE_PHRASES)


def asks_sum(w: Words) -> bool:
    return w.has_stem(*v.SUM_STEMS) or w.has(*v.SUM_PHRASES)


def asks_mean_change(w: Words) -> bool:
    return w.has(*v.MEAN_CHANGE_PHRASES)


def asks_speed(w: Words) -> bool:
    return w.has(*v.SPEED_WORDS)


def asks_rate(w: Words) -> bool:
    """An average yearly rate of change: "genomsnittlig årlig minskning", "minskningstakt",
    "per år i snitt", CAGR."""
    yearly = per_year(w) or w.has(*v.RATE_PHRASES)
    return w.has(*v.CAGR_WORDS) or asks_mean_change(w) or (
        yearly and (wants_change(w) or w.has(*v.RATE_PHRASES)))


def numbers_in(question: str) -> list[str]:
    """The numbers in a question that are not years."""
    return [n for n in re.findall(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])", question)
            if not re.fullmatch(r"(1[89]|20)\d\d", n)]
