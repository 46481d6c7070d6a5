"""Reading a question into a `FigureRequest`: which number about which place is asked for.

`interpret(question, previous)` decides, in this order:

1. Is it a knowledge question ("Vad säger klimatfärdplanen om transporter?", "Varför ...",
   "Vilket mål har Sverige för 2045?")? Then `Interpretation()` (all None): retrieval answers it.
2. Is it a follow-up ("Och för Nacka?", "Samma för 2015", "What about Nacka?")? Then the previous
   request with the named parts replaced, or a question back when there is no previous request.
3. Is it a figure question at all: a metric (utsläpp, ton, per invånare, laddpunkter, ...) plus
   something to compute it for (a place, a ranking, a year)? If not: `Interpretation()`.
4. Can it be answered from the data (a place abroad, a year before 1990 or in the future, a gas
   or a land-use figure the data lacks -> refuse; an unclear place or sector -> clarify)?
5. Which kind (indicator, path_2045, share, ranking, trend, change, comparison, value), and the
   fields of that kind, with notes on how ambiguous words were read.

Everything is tables of words and a few small regular expressions; no model is involved, so the
same question always gets the same reading.

Follow-up rules (documented here because the user cannot see them):
- A place replaces the previous places; after a comparison it is added instead, and after a
  ranking it becomes the focus (Stockholms län / Sverige set the ranking's scope).
- A year replaces `year`. For a change or trend it moves the start (`from_year`), unless it is
  written "till 2020" or is later than the previous end year, when it moves `to_year`; a range
  ("mellan 2015 och 2020") replaces both. A path_2045 request ignores years.
- "per invånare" switches per capita on; "i ton"/"absoluta tal" switches it off. A sector word
  sets the sector; "totalt"/"alla sektorer" goes back to the total.
- A word for another kind ("som diagram", "jämför med Värmdö", "förändringen") switches the kind.
- Notes are those of the follow-up only; the previous notes were shown with the previous answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.figures.places import (
    STOCKHOLMS_LAN,
    SVERIGE,
    PlaceMatch,
    SectorMatch,
    find_ambiguous_sector_word,
    find_districts,
    find_foreign_places,
    find_place_matches,
    find_sector_matches,
    in_stockholms_lan,
    place_note,
    sector_note,
)
from assistant.figures.request import FigureRequest, Indicator, Interpretation, Kind, Place
from assistant.language import Language, detect_language, language_scores

# The years the statistics can have. Emissions per municipality start in 1990; the newest
# indicator year is 2025. A later year is a forecast, which the data does not contain.
FIRST_DATA_YEAR = 1990
LAST_DATA_YEAR = 2025
BASE_YEAR = 1990  # Sweden's climate target is stated against 1990
# Years that name a target or a plan ("netto noll 2045", "RUFS 2050"), not a data year.
TARGET_YEARS = frozenset({2030, 2040, 2045, 2050})

# ----------------------------------------------------------------------------- word tables
# Phrases are matched as whole words in order ("per invånare"); stems match the start of a
# word ("utveckl" -> "utvecklingen"). Swedish and English live in the same tables: they rarely
# collide, and mixed questions ("Nackas emissions per capita") are common.

# Questions retrieval answers even when they mention a place, a year or a metric.
KNOWLEDGE_PHRASES = (
    "vad säger", "vad står", "vad innebär", "vad betyder", "vad menas", "varför", "hur beräknas",
    "hur räknas", "hur mäts", "hur tas", "hur söker", "hur ansöker", "hur fungerar", "hur kan",
    "hur ska", "hur bör", "hur gör", "hur minskar", "hur arbetar", "vad kan", "vad ska",
    "vad bör", "vad gör", "vem", "vilka åtgärder", "vilken åtgärd", "vilken källa",
    "vilka källor", "what does", "why", "how is", "how are", "how do", "how can", "how should",
    "how does", "explain", "who", "what measures", "what can", "what should", "what source",
    "which source", "förklara", "definiera", "definition", "man",
)
KNOWLEDGE_STEMS = ("åtgärd", "innehåll", "klimatklivet", "rufs", "klimatfärdplan", "klimatlag",
                   "klimatkansliet", "klimatarena", "metod", "utgåv", "policy", "measure")
# Goals are knowledge, unless the question asks for the yearly cut needed (path_2045).
TARGET_STEMS = ("mål", "klimatmål", "delmål", "target", "goal")
# "Vad säger statistiken om ..." asks for the figures themselves.
DATA_QUESTIONS = ("vad säger statistiken", "vad säger siffrorna", "vad visar statistiken",
                  "what do the statistics say", "what does the data say")
DEFINITION_OPENERS = ("vad är", "vad menas med", "what is", "what are", "what's")

FOLLOW_UP_OPENERS = ("och", "samma", "men", "än", "and", "same", "what about", "how about",
                     "hur är det med", "hur blir det", "hur ser det ut för", "also", "now")
FOLLOW_UP_CLOSERS = ("då", "istället", "i stället", "instead", "then")

# What makes it a question about a number.
METRIC_STEMS = ("utsläpp", "emission", "koldioxid", "växthusgas", "co2", "greenhouse", "ghg",
                "carbon", "klimatutsläpp", "släpp", "emit",  # släpp-: "släppte Täby ut"
                "utslapp")  # written without diacritics
METRIC_WORDS = ("ton", "tonnes", "tons")
QUANTITY_PHRASES = ("hur stor", "hur stora", "hur mycket", "hur många", "hur höga", "hur högt",
                    "hur låga", "vilka var", "vad var", "vad blev", "vad är", "how much",
                    "how many", "how large", "how big", "how high", "what were", "what was",
                    "what is", "what are")

PER_CAPITA_PHRASES = ("per invånare", "per inv", "per innevånare", "per capita", "per person",
                      "per huvud", "per medborgare", "per inhabitant", "per resident",
                      "per head", "percapita", "per invanare", "varje invånare",
                      "varje person", "each inhabitant", "every inhabitant", "each resident",
                      "each person")
ABSOLUTE_PHRASES = ("i ton", "absoluta tal", "in tonnes", "in tons", "absolute", "absolut")
TOTAL_PHRASES = ("totalt", "totala", "alla sektorer", "in total", "all sectors", "total")

SHARE_PHRASES = ("andel", "andelen", "hur stor del", "share", "proportion", "procent av",
                 "percentage of", "del av", "står för")
BREAKDOWN_PHRASES = ("vilken sektor", "vilka sektorer", "which sector", "which sectors",
                     "per sektor", "by sector", "fördelning", "fördelade", "fördelat",
                     "uppdelat", "uppdelning", "sektorerna", "breakdown", "broken down",
                     "största källan", "största utsläppskällan", "biggest source",
                     "largest source")
TREND_STEMS = ("utveckl", "trend", "graf", "diagram", "kurva", "tidsserie", "historik",
               "development", "chart", "graph", "plot", "curve")
TREND_PHRASES = ("över tid", "over time", "år för år", "year by year", "time series",
                 "över åren", "genom åren", "vilket år", "which year", "varje år sedan")
CHANGE_STEMS = ("förändr", "forandr", "minsk", "ökat", "ökade", "ökning", "okat", "okning",
                "sjunk", "sjönk", "stigit", "halver", "fördubbl", "change", "decreas", "increas",
                "reduc", "fell", "fallen", "drop", "declin", "rose", "risen", "grew", "grown",
                "cut")
CHANGE_PHRASES = ("gått ner", "gått ned", "gått upp", "gone down", "gone up")
REDUCE_STEMS = ("minsk", "sjunk", "sjönk", "halver", "decreas", "reduc", "fell", "fallen", "drop",
                "declin", "cut")
COMPARE_STEMS = ("jämför", "jamfor", "compar", "skillnad", "difference")
COMPARE_WORDS = ("vs", "versus", "mot")

RANK_PHRASES = ("vilken kommun", "vilka kommuner", "vilken av kommunerna", "vilka av kommunerna",
                "which municipality", "which municipalities", "which of the municipalities",
                "rangordna", "rangordning", "rangordnade", "ranking", "rank", "rankas", "ranked",
                "topp", "top", "hamnar", "placering", "placerar", "plats", "platsen",
                "bland kommunerna", "among the municipalities", "andra kommuner",
                "övriga kommuner", "other municipalities", "per kommun", "alla kommuner",
                "all municipalities", "varje kommun", "each municipality", "kommunerna",
                "the municipalities", "vilken kommun har", "lista")
# Asking where one place stands is a ranking even without a metric ("Var hamnar Solna?").
RANK_FOCUS_PHRASES = ("hamnar", "placering", "rankas", "rank", "ranking", "vilken plats")
SINGLE_RANK_PHRASES = ("vilken kommun", "vilken av kommunerna", "which municipality",
                       "which of the municipalities")
ASC_WORDS = ("lägst", "lägsta", "lagst", "minst", "minsta", "lägre", "lowest", "least",
             "smallest", "fewest", "lower")
DESC_WORDS = ("högst", "högsta", "hogst", "mest", "störst", "största", "storst", "flest", "högre",
              "highest", "most", "largest", "biggest", "greatest", "higher")
GOOD_WORDS = ("bäst", "bästa", "best")
BAD_WORDS = ("sämst", "sämsta", "värst", "värsta", "worst")
NUMBER_WORDS = {
    "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10,
    "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twenty": 20,
}

# The path to 2045: the target named, and a quantity of reduction asked for.
PATH_TARGET_PHRASES = ("netto noll", "nettonoll", "nettonollutsläpp", "net zero", "klimatneutral",
                       "klimatneutralt", "målet", "2045 målet", "the target", "target",
                       "the goal", "2045", "2030", "2040", "2050")
PATH_ASK_PHRASES = ("årlig minskning", "årliga minskningen", "årlig utsläppsminskning",
                    "minskningstakt", "minskningstakten", "per år", "varje år", "om året",
                    "årligen", "annual reduction", "per year", "each year", "every year",
                    "yearly", "annually", "reduction rate", "behöver", "måste", "krävs",
                    "nå", "klara", "klarar", "i fas", "need", "needs", "must", "required",
                    "reach", "on track")

INDICATOR_STEMS: dict[Indicator, tuple[str, ...]] = {
    "charging": ("laddpunkt", "laddstolp", "laddstation", "laddplats", "laddinfra",
                 "charger", "charging"),
    "ev_share": ("elbil", "laddbar", "laddhybrid", "elfordon", "rechargeable", "plug"),
    "bicycle": ("cykel", "cykling", "bicycle", "cycle", "cycling", "bike"),
    "consumption": ("konsumtion", "consumption"),
    "climate_plan": ("klimatplan", "klimatstrategi", "klimatprogram", "climate plan",
                     "climate strategy", "climate action plan"),
}
INDICATOR_PHRASES: dict[Indicator, tuple[str, ...]] = {
    "ev_share": ("electric car", "electric cars", "electric vehicle", "electric vehicles",
                 "ev", "evs"),
}
# Indicators where more is better (so "bäst" ranks from the top).
MORE_IS_BETTER = frozenset({"ev_share", "bicycle", "charging"})

# Things the data does not have: (word stems, phrases, reason given to the user).
UNSUPPORTED: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("lulucf", "markanvändning", "kolsänk"), ("land use", "carbon sink", "skogen", "skogens",
                                               "mark och skog", "skog och mark"), "lulucf"),
    (("metan", "lustgas", "methane", "nitrous", "fluorerade"), ("f gaser",), "gases"),
    (("kvadratkilometer", "hektar"), ("per km", "per km2", "per yta", "per area", "per square"),
     "area"),
    (("brp", "bnp", "gdp"), ("per krona", "per anställd", "per employee"), "economy"),
)
# Rankings are of municipalities; counties are not ranked against each other.
COUNTY_RANK_PHRASES = ("vilket län", "vilka län", "länen", "which county", "which counties",
                       "the counties")

# Relative years. The statistics lag (emissions for 2024 were published in 2026), so "förra
# året" / "last year" is read as the latest year the data has, never as the calendar year, and
# the answer says so; "de senaste 10 åren" is the 10 years ending with that latest year.
LATEST_YEAR_PHRASES = ("förra året", "förra årets", "i fjol", "ifjol", "fjolårets", "fjolåret",
                       "senaste året", "senaste årets", "senast tillgängliga år", "i år",
                       "årets", "last year", "last year's", "latest year", "most recent year",
                       "this year", "the latest figures", "senaste siffrorna")
RECENT_YEARS = re.compile(
    r"\b(?:de|dom|under|the|over|in)?\s*(?:senaste|sista|last|past)\s+(\d{1,2}|två|tre|fyra|fem|"
    r"sex|sju|åtta|nio|tio|femton|tjugo|two|three|four|five|six|seven|eight|nine|ten|fifteen|"
    r"twenty)\s+(?:åren|år|years)\b")
DECADE_PHRASES = ("senaste decenniet", "senaste tio åren", "the last decade", "the past decade")
# "Nacka, Värmdö och Tyresö 2024" has no cue word: places and years only is a figure question.
LIST_FILLERS = frozenset({"och", "and", "samt", "i", "in", "år", "året", "year", "för", "for",
                          "kommun", "kommuner", "stad", "vs", "mot", "eller", "or"})
LOOK_PHRASES = ("hur ser det ut i", "hur ser det ut för", "hur ligger", "hur går det för",
                "hur går det i", "how is", "how are things in", "how does")
# Sweden's broader national categories (national_emissions.csv): words -> category.
NATIONAL_CATEGORIES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("lulucf", "markanvändning", "kolsänk", "nettoupptag"),
     ("land use", "carbon sink", "skogen", "skogens", "mark och skog", "skog och mark"),
     "lulucf"),
    (("biogen",), ("biogenic",), "biogenicEmissions"),
    (("oljeexport", "oljeprodukt"), ("export of oil", "oil products"),
     "exportOfOilProductsEmissions"),
    (("e-handel", "ehandel", "e-handelns", "näthandel"), ("e handel", "e commerce", "ecommerce"),
     "eCommerceEmissions"),
    ((), ("i andra länder", "utomlands", "in other countries", "abroad"),
     "consumptionAbroadEmissions"),
)
# Cars in use by fuel (cars_by_fuel_2025.csv): stems -> the data's fuel name.
FUEL_STEMS: tuple[tuple[str, str], ...] = (
    ("dieselbil", "Diesel"), ("bensinbil", "Bensin"), ("gasbil", "Gas"), ("etanolbil", "Etanol"),
    ("laddhybrid", "Laddhybrider"), ("elhybrid", "Elhybrider (exkl. mildhybrider)"),
    ("elbil", "El"),
)
FLEET_PHRASES = ("bilbestånd", "bilbeståndet", "i trafik", "finns det", "finns i", "har", "fleet",
                 "in use", "on the road", "are there")
NEW_CAR_STEMS = ("ny", "new", "andel", "share", "procent", "laddbar", "rechargeable")
# Klimatkollen's own KPIs: (stems, phrases, column).
KK_KPIS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("upphandl", "procurement"), (), "kk_procurement_score_0_2"),
    ((), ("bilar per laddpunkt", "cars per charging point", "laddbara bilar per laddpunkt"),
     "kk_ev_per_charge_point_2025"),
)
ZERO_PHRASES = ("når noll", "nå noll", "noll utsläpp", "reach zero", "hit zero", "reaches zero")
WHEN_PHRASES = ("när", "vilket år", "when", "which year")

FROM_WORDS = frozenset({"sedan", "since", "från", "from", "efter", "after"})
TO_WORDS = frozenset({"till", "to", "until", "through", "tom"})
YEAR_FILLERS = frozenset({"år", "året", "year", "the", "in", "i"})
TARGET_WORDS = frozenset({"rufs", "färdplan", "klimatfärdplan", "klimatfärdplanen", "agenda",
                          "mål", "målet", "målen", "netto", "noll", "nettonoll", "klimatneutral",
                          "klimatneutralt", "fossilfri", "fossilfritt", "vision", "target", "goal",
                          "zero", "neutral", "by", "senast"})

TEXTS: dict[str, dict[Language, str]] = {
    "which_place": {
        "sv": "Vilken kommun, Stockholms län eller hela Sverige menar du?",
        "en": "Which municipality, Stockholm County or Sweden as a whole do you mean?",
    },
    "unknown_place": {
        "sv": "Jag hittar ingen kommun som heter '{name}'. Vilken kommun, Stockholms län eller "
              "hela Sverige menar du?",
        "en": "I cannot find a municipality called '{name}'. Which municipality, Stockholm County "
              "or Sweden as a whole do you mean?",
    },
    "compare_with": {
        "sv": "Vilken kommun vill du jämföra {name} med? Till exempel: 'Jämför {name} och "
              "Värmdö per invånare 2024'.",
        "en": "Which municipality do you want to compare {name} with? For example: 'Compare "
              "{name} and Värmdö per capita 2024'.",
    },
    "which_sector_share": {
        "sv": "Andel av vad? Ange en sektor, till exempel: 'Hur stor andel av {name}s utsläpp "
              "kommer från transporter?'",
        "en": "A share of what? Name a sector, for example: 'What share of {name}'s emissions "
              "comes from transport?'",
    },
    "one_sector": {
        "sv": "Jag kan räkna på en sektor i taget. Vilken menar du: {options}?",
        "en": "I can compute one sector at a time. Which do you mean: {options}?",
    },
    "ambiguous_sector": {
        "sv": "'{word}' finns i två av SMHI:s sektorer. Menar du {options}?",
        "en": "'{word}' belongs to two of SMHI's sectors. Do you mean {options}?",
    },
    "district": {
        "sv": "Statistiken finns per kommun, inte för {district}. {district} ligger i {kommun} "
              "kommun – vill du ha siffrorna för {kommun}?",
        "en": "The statistics are per municipality, not for {district}. {district} is in "
              "{kommun} municipality – do you want the figures for {kommun}?",
    },
    "path_year": {
        "sv": "Jag räknar vägen till Sveriges mål 2045 (netto noll). Vill du ha den årliga "
              "minskning som behövs till 2045?",
        "en": "I compute the path to Sweden's 2045 target (net zero). Do you want the yearly "
              "reduction needed until 2045?",
    },
    "follow_up_alone": {
        "sv": "Vilken fråga syftar du på? Ställ gärna hela frågan, till exempel: 'Hur stora var "
              "Nackas utsläpp per invånare 2024?'",
        "en": "Which question do you mean? Please ask the whole question, for example: 'What "
              "were Nacka's emissions per capita in 2024?'",
    },
    "follow_up_unclear": {
        "sv": "Vad vill du ändra i förra frågan – kommun, år, sektor eller per invånare? Till "
              "exempel: 'Och för Värmdö?' eller 'Samma för 2015'.",
        "en": "What do you want to change in the previous question – place, year, sector or per "
              "capita? For example: 'What about Värmdö?' or 'Same for 2015'.",
    },
    "unreadable": {
        "sv": "Jag förstår inte riktigt vilken siffra du vill ha. Pröva till exempel: 'Hur stora "
              "var Nackas utsläpp 2024?' eller 'Visa utvecklingen för Huddinge sedan 1990'.",
        "en": "I do not quite understand which figure you want. Try for example: 'What were "
              "Nacka's emissions in 2024?' or 'Show the trend for Huddinge since 1990'.",
    },
    "foreign": {
        "sv": "Statistiken gäller bara Sverige: svenska kommuner, län och riket. {name} finns "
              "inte i den.",
        "en": "The statistics cover Sweden only: Swedish municipalities, counties and the "
              "country. {name} is not in them.",
    },
    "year_early": {
        "sv": "Statistiken har inga uppgifter för {year}: SMHI:s utsläpp per kommun och län "
              "finns från 1990.",
        "en": "The statistics have no figures for {year}: SMHI's emissions per municipality and "
              "county start in 1990.",
    },
    "year_future": {
        "sv": "{year} har inte varit än. Statistiken innehåller bara uppmätta år (utsläpp till "
              "och med 2024), inga prognoser.",
        "en": "{year} has not happened yet. The statistics only hold measured years (emissions "
              "up to 2024), no forecasts.",
    },
    "lulucf": {
        "sv": "Markanvändning och skog (LULUCF) finns inte per kommun eller län i statistiken, "
              "så den siffran kan jag inte räkna fram.",
        "en": "Land use and forestry (LULUCF) are not in the statistics per municipality or "
              "county, so I cannot compute that figure.",
    },
    "gases": {
        "sv": "Statistiken är uppdelad per sektor, inte per växthusgas: alla gaser räknas "
              "samman som koldioxidekvivalenter.",
        "en": "The statistics are broken down by sector, not by gas: all gases are added up as "
              "CO2 equivalents.",
    },
    "area": {
        "sv": "Statistiken har ingen yta per kommun, så utsläpp per ytenhet kan jag inte räkna "
              "fram. Per invånare går bra.",
        "en": "The statistics hold no land area per municipality, so I cannot compute emissions "
              "per unit of area. Per capita works.",
    },
    "economy": {
        "sv": "Statistiken har inga ekonomiska uppgifter (BRP, anställda), så den kvoten kan jag "
              "inte räkna fram. Per invånare går bra.",
        "en": "The statistics hold no economic data (GDP, employees), so I cannot compute that "
              "ratio. Per capita works.",
    },
    "co2e": {
        "sv": "Siffrorna gäller alla växthusgaser omräknade till koldioxidekvivalenter (CO2e), "
              "inte bara koldioxid.",
        "en": "The figures cover all greenhouse gases as CO2 equivalents (CO2e), not only CO2.",
    },
    "latest_year": {
        "sv": "Jag tolkar det som det senaste året i statistiken; den släpar, så det är inte "
              "alltid förra kalenderåret. Året står i svaret.",
        "en": "I read that as the latest year in the statistics; they lag, so it is not always "
              "the previous calendar year. The year is given in the answer.",
    },
    "one_year_change": {
        "sv": "Jag tolkar frågan som förändringen under {year}, alltså från {prev} till {year}.",
        "en": "I read the question as the change during {year}, i.e. from {prev} to {year}.",
    },
    "look": {
        "sv": "Jag visar de totala utsläppen av växthusgaser, senaste året i statistiken.",
        "en": "I show total greenhouse-gas emissions, the latest year in the statistics.",
    },
    "base_year": {
        "sv": "Inget startår angavs; jag jämför med 1990, basåret för Sveriges klimatmål.",
        "en": "No start year given; I compare with 1990, the base year of Sweden's climate "
              "target.",
    },
    "rank_change": {
        "sv": "Jag kan inte rangordna kommuner efter hur mycket utsläppen har förändrats. Jag "
              "kan visa förändringen för en eller flera kommuner, till exempel: 'Hur har "
              "utsläppen i Nacka och Värmdö förändrats sedan 1990?'",
        "en": "I cannot rank municipalities by how much their emissions have changed. I can "
              "show the change for one or more municipalities, for example: 'How have emissions "
              "in Nacka and Värmdö changed since 1990?'",
    },
    "rank_counties": {
        "sv": "Jag kan rangordna kommunerna i Stockholms län eller i hela Sverige, men inte "
              "länen mot varandra.",
        "en": "I can rank the municipalities of Stockholm County or of all Sweden, but not the "
              "counties against each other.",
    },
    "scope_sweden": {
        "sv": "{name} ligger inte i Stockholms län, så jag rangordnar bland alla Sveriges "
              "kommuner.",
        "en": "{name} is not in Stockholm County, so I rank it among all Swedish "
              "municipalities.",
    },
}

_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_RANGE = re.compile(
    r"(?:\b(mellan|between|från|from)\s+)?(?:år\s+|året\s+)?(1[89]\d\d|20\d\d)\s*"
    r"(och|and|till|to|until|–|—|-)\s*(?:år\s+)?(1[89]\d\d|20\d\d)(?!\d)")


# ------------------------------------------------------------------------------- words


@cache
def _split(phrase: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(phrase.lower()))


@dataclass(frozen=True)
class Words:
    """The question as lower-case words, with the three ways the tables are matched."""

    items: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        return cls(_split(text))

    def has(self, *phrases: str) -> bool:
        return any(self._find(_split(p)) >= 0 for p in phrases)

    def has_stem(self, *stems: str) -> bool:
        return any(w.startswith(s) for w in self.items for s in stems)

    def starts(self, *phrases: str) -> bool:
        return any(self.items[:len(_split(p))] == _split(p) for p in phrases)

    def has_ending(self, *endings: str) -> bool:
        return any(w.endswith(e) for w in self.items for e in endings)

    def ends(self, *phrases: str) -> bool:
        return any(_split(p) and self.items[-len(_split(p)):] == _split(p) for p in phrases)

    def _find(self, words: tuple[str, ...]) -> int:
        n = len(words)
        for i in range(len(self.items) - n + 1):
            if self.items[i:i + n] == words:
                return i
        return -1


# ------------------------------------------------------------------------------- years


@dataclass(frozen=True)
class Years:
    """The data years in a question: plain ones, and the ends of a period."""

    plain: tuple[int, ...] = ()
    from_year: int | None = None
    to_year: int | None = None

    @property
    def all(self) -> tuple[int, ...]:
        ends = tuple(y for y in (self.from_year, self.to_year) if y is not None)
        return self.plain + ends

    @property
    def period(self) -> bool:
        return self.from_year is not None or self.to_year is not None or len(self.plain) >= 2


def read_years(text: str, drop_targets: bool = False) -> Years:
    """Years as data years; target years ("netto noll 2045", "RUFS 2050") are left out, and with
    `drop_targets` (a path question) every year from 2025 on is."""
    lower = text.lower()
    plain: list[int] = []
    start = end = None
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(lower):
        if m.group(3) in ("och", "and") and not m.group(1):
            continue  # "2015 och 2024" without "mellan": two plain years
        start, end = sorted((int(m.group(2)), int(m.group(4))))
        taken.append(m.span())
    for m in _YEAR.finditer(lower):
        if any(s <= m.start() < e for s, e in taken):
            continue
        year = int(m.group())
        if _is_target_year(year, lower, m, drop_targets):
            continue
        role = _year_role(lower[:m.start()])
        if role == "from" and start is None:
            start = year
        elif role == "to" and end is None:
            end = year
        else:
            plain.append(year)
    return Years(tuple(plain), start, end)


def _is_target_year(year: int, lower: str, m: re.Match[str], drop_targets: bool) -> bool:
    if year < LAST_DATA_YEAR:
        return False
    if drop_targets:
        return True
    before = _WORD.findall(lower[max(0, m.start() - 40):m.start()])[-2:]
    after = _WORD.findall(lower[m.end():m.end() + 20])[:1]
    return year in TARGET_YEARS and (
        any(w in TARGET_WORDS for w in before)
        or any(w.startswith(("mål", "target", "goal")) for w in after))


def _year_role(before: str) -> str | None:
    words = [w for w in _WORD.findall(before)[-3:] if w not in YEAR_FILLERS]
    last = words[-1] if words else ""
    if last in FROM_WORDS:
        return "from"
    if last in TO_WORDS:
        return "to"
    return None


# ------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Reading:
    """Everything read from the question once, before deciding what it asks."""

    question: str
    words: Words
    language: Language
    places: tuple[PlaceMatch, ...]
    sectors: tuple[SectorMatch, ...]
    years: Years
    indicator: Indicator | None
    path: bool

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
            return _national_category(self.words)
        if self.indicator == "kk":
            return _kk_column(self.words)
        if self.indicator == "cars_by_fuel":
            return _fleet_fuel(self.words)
        return None

    @property
    def last_years(self) -> int | None:
        return _last_years(self.question, self.words)

    @property
    def latest_phrase(self) -> bool:
        return self.words.has(*LATEST_YEAR_PHRASES)


def _read(question: str) -> Reading:
    words = Words.of(question)
    path = _asks_path(words)
    return Reading(
        question=question,
        words=words,
        language=detect_language(question),
        places=tuple(find_place_matches(question)),
        sectors=tuple(find_sector_matches(question)),
        years=read_years(question, drop_targets=path),
        indicator=_indicator(words),
        path=path,
    )


def _asks_path(words: Words) -> bool:
    return words.has(*PATH_TARGET_PHRASES) and words.has(*PATH_ASK_PHRASES) and (
        words.has_stem(*REDUCE_STEMS) or words.has("netto noll", "nettonoll", "net zero",
                                                   "nå", "reach", "klara", "klarar", "i fas",
                                                   "on track"))


def _indicator(words: Words) -> Indicator | None:
    if _national_category(words):
        return "national"
    if _kk_column(words):
        return "kk"
    if _fleet_fuel(words):
        return "cars_by_fuel"
    for indicator, stems in INDICATOR_STEMS.items():
        single = tuple(s for s in stems if " " not in s)
        multi = tuple(s for s in stems if " " in s)
        if words.has_stem(*single) or words.has(*multi):
            return indicator
        if words.has(*INDICATOR_PHRASES.get(indicator, ())):
            return indicator
    return None


def _national_category(words: Words) -> str | None:
    for stems, phrases, category in NATIONAL_CATEGORIES:
        if words.has_stem(*stems) or words.has(*phrases):
            return category
    return None


def _kk_column(words: Words) -> str | None:
    for stems, phrases, column in KK_KPIS:
        if words.has_stem(*stems) or words.has(*phrases):
            return column
    # "När når Nackas utsläpp noll?" (the trend's zero date), but not "nå noll 2045" (the path)
    if (words.has(*ZERO_PHRASES) or words.has("noll", "zero")) and words.has(*WHEN_PHRASES) \
            and not words.has("netto noll", "net zero", "nettonoll"):
        return "kk_trend_hits_zero_date"
    return None


def _fleet_fuel(words: Words) -> str | None:
    """"Hur många elbilar finns i Nacka?" asks for the cars in use; new cars and shares of new
    cars are the ev_share indicator."""
    if words.has_stem(*NEW_CAR_STEMS) or not words.has(*FLEET_PHRASES):
        return None
    for stem, fuel in FUEL_STEMS:
        if words.has_stem(stem):
            return fuel
    if words.has("electric cars", "diesel cars", "petrol cars"):
        return {"electric": "El", "diesel": "Diesel", "petrol": "Bensin"}[
            next(w for w in ("electric", "diesel", "petrol") if words.has(w + " cars"))]
    return None


def _last_years(question: str, words: Words) -> int | None:
    """"de senaste 10 åren" -> 10, "senaste decenniet" -> 10."""
    if words.has(*DECADE_PHRASES):
        return 10
    m = RECENT_YEARS.search(question.lower())
    if not m:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else NUMBER_WORDS.get(n, {"femton": 15, "fifteen": 15}.get(n))


def _has_metric(r: Reading) -> bool:
    return (r.words.has_stem(*METRIC_STEMS) or r.words.has(*METRIC_WORDS)
            or any("utsläpp" in w for w in r.words.items))


def _per_capita(w: Words) -> bool:
    return w.has(*PER_CAPITA_PHRASES)


def _wants_trend(w: Words) -> bool:
    return w.has_stem(*TREND_STEMS) or w.has(*TREND_PHRASES)


def _wants_change(w: Words) -> bool:
    stems = CHANGE_STEMS + tuple("utsläpps" + s for s in CHANGE_STEMS)
    return w.has_stem(*stems) or w.has(*CHANGE_PHRASES)


def _wants_comparison(w: Words) -> bool:
    return w.has_stem(*COMPARE_STEMS) or w.has(*COMPARE_WORDS)


def _wants_breakdown(w: Words) -> bool:
    # "sektorerna", "utsläppssektorerna", "sectors": more than one sector asked about
    return w.has(*BREAKDOWN_PHRASES) or w.has_ending("sektorerna", "sektorer", "sectors")


def _wants_share(w: Words) -> bool:
    return w.has(*SHARE_PHRASES)


def _is_ranking(r: Reading) -> bool:
    if len({m.place for m in r.kommuner}) >= 2:
        return False  # "Vilken av Nacka och Värmdö ..." compares the two
    if r.words.has(*RANK_PHRASES, *COUNTY_RANK_PHRASES):
        return True
    superlative = r.words.has(*ASC_WORDS, *DESC_WORDS, *GOOD_WORDS, *BAD_WORDS)
    return superlative and not r.kommuner and not r.words.has("vilket år", "which year")


# ------------------------------------------------------------------------ the decisions


def interpret(question: str, previous: FigureRequest | None = None) -> Interpretation:
    """Read a question into a FigureRequest, a question back, a refusal, or nothing (retrieval)."""
    r = _read(question or "")
    if _is_knowledge_question(r):
        return Interpretation()
    if _is_follow_up(r, previous):
        return _follow_up(r, previous)
    if not _is_figure_question(r):
        return _unreadable(r)
    return _problem(r) or _request(r)


def _is_knowledge_question(r: Reading) -> bool:
    w = r.words
    if w.has(*DATA_QUESTIONS):
        return False
    if w.has(*KNOWLEDGE_PHRASES) or w.has_stem(*KNOWLEDGE_STEMS):
        return True
    if w.has_stem(*TARGET_STEMS) and not r.path:
        return True
    if r.indicator == "climate_plan" and not r.places and not _is_ranking(r) and not (
            w.has("hur många", "how many", "antal")):
        return True  # "Vad ska en klimatplan innehålla?" is about plans in general
    return w.starts(*DEFINITION_OPENERS) and not r.places and not r.years.all and not (
        _is_ranking(r))


def _is_figure_question(r: Reading) -> bool:
    w = r.words
    # Without a metric word, a place with a figure-shaped ask ("Visa utvecklingen för Huddinge",
    # "Jämför Nacka och Värmdö") is about emissions, the default figure.
    figure_shaped = bool(r.places) and (_per_capita(w) or _wants_trend(w) or _wants_change(w)
                                        or _wants_comparison(w))
    about_a_number = (_has_metric(r) or r.indicator is not None or r.path or figure_shaped
                      or _per_capita(w)
                      or w.has(*RANK_FOCUS_PHRASES)
                      or (_wants_change(w) and w.has(*RANK_PHRASES)))  # "Vilka kommuner har
    # minskat mest?" names no metric, but a ranking of change is one of emissions
    if not about_a_number and (_only_places_and_years(r) or (
            r.places and w.has(*LOOK_PHRASES))):
        return True
    if not about_a_number:
        return False
    return bool(r.places or r.years.all or _is_ranking(r) or w.has(*QUANTITY_PHRASES)
                or _per_capita(w) or _wants_trend(w) or _wants_change(w)
                or _wants_comparison(w) or _wants_share(w) or r.path)


def _only_places_and_years(r: Reading) -> bool:
    """"Nacka, Värmdö och Tyresö 2024": nothing but places, years and connecting words."""
    if not r.places or not r.years.all:
        return False
    place_words = {w for m in r.places for w in _split(m.text)}
    years = {str(y) for y in r.years.all}
    return all(w in place_words or w in years or w in LIST_FILLERS for w in r.words.items)


def _unreadable(r: Reading) -> Interpretation:
    """A bare metric ("utsläpp?") is clearly about figures but says nothing more: ask back."""
    if _has_metric(r) and len(r.words.items) <= 3:
        return Interpretation(clarify=_text("unreadable", r.language))
    return Interpretation()


def _problem(r: Reading) -> Interpretation | None:
    """What makes a figure question unanswerable (refuse) or unclear (clarify)."""
    lang = r.language
    foreign = find_foreign_places(r.question)
    if foreign and not r.places:
        return Interpretation(refuse=_text("foreign", lang, name=foreign[0]))
    national = r.indicator == "national" and all(p == SVERIGE for p in r.distinct_places)
    for stems, phrases, reason in UNSUPPORTED:
        if reason == "lulucf" and national:
            continue  # LULUCF exists for Sweden as a whole (national_emissions.csv)
        if r.words.has_stem(*stems) or r.words.has(*phrases):
            return Interpretation(refuse=_text(reason, lang))
    for year in r.years.all:
        if year < FIRST_DATA_YEAR:
            return Interpretation(refuse=_text("year_early", lang, year=year))
        if year > LAST_DATA_YEAR:
            return Interpretation(refuse=_text("year_future", lang, year=year))
    return _unclear_sector(r) or _district(r) or _path_to_other_year(r)


def _unclear_sector(r: Reading) -> Interpretation | None:
    if r.indicator is not None:
        return None
    sectors = list(r.distinct_sectors)
    if len(sectors) > 1 and _is_ranking(r):  # several sectors are computed one by one
        options = _or(sectors, r.language)
        return Interpretation(clarify=_text("one_sector", r.language, options=options))
    ambiguous = find_ambiguous_sector_word(r.question)
    if ambiguous and not sectors:
        word, options = ambiguous
        return Interpretation(clarify=_text("ambiguous_sector", r.language, word=word,
                                            options=_or(list(options), r.language)))
    return None


def _district(r: Reading) -> Interpretation | None:
    districts = find_districts(r.question)
    if not districts or r.kommuner:
        return None
    name, kommun = districts[0]
    return Interpretation(clarify=_text("district", r.language, district=name,
                                        kommun=kommun.name))


def _path_to_other_year(r: Reading) -> Interpretation | None:
    # "Hur mycket måste Nacka minska per år till 2030?": only the 2045 path is computed.
    if not r.path or "2045" in r.question:
        return None
    other = [int(y) for y in _YEAR.findall(r.question) if int(y) in TARGET_YEARS]
    return Interpretation(clarify=_text("path_year", r.language)) if other else None


def _kind(r: Reading) -> Kind:
    w = r.words
    if r.indicator is not None:
        # a ranking of climate plans is the county's list of them (who has one, who has not)
        rankable = r.indicator not in ("national", "climate_plan")
        return "ranking" if _is_ranking(r) and rankable else "indicator"
    if r.path:
        return "path_2045"
    if _wants_share(w) and not _wants_breakdown(w) and not r.kommuner and _is_ranking(r):
        return "ranking"  # "Vilken kommun har störst andel transportutsläpp?"
    if _wants_breakdown(w) or _wants_share(w):
        return "share"
    if _is_ranking(r):
        return "ranking"
    if _wants_trend(w):
        return "trend"
    if _wants_change(w) or (r.years.from_year is not None and r.years.to_year is not None):
        return "change"
    if _wants_comparison(w) or len(r.distinct_places) >= 2:
        # "Jämför Nackas utsläpp 2015 och 2024" compares two years of one place, and "Jämför
        # Nacka och Värmdö 2015 och 2024" two places across two years: both are changes.
        if len(r.years.plain) >= 2:
            return "change"
        # "Jämför transporter och industri i Nacka": two sectors of one place side by side
        one_place = len(r.distinct_places) < 2 and len(r.distinct_sectors) >= 2
        return "value" if one_place else "comparison"
    if r.last_years:
        return "trend"  # "Nackas utsläpp de senaste 10 åren"
    if len(r.years.plain) >= 2:
        return "change"
    if r.years.from_year is not None or r.years.to_year is not None:
        return "trend"  # "Nackas utsläpp sedan 2010": the series from 2010
    return "value"


# ----------------------------------------------------------------------- building requests


def _request(r: Reading) -> Interpretation:
    kind = _kind(r)
    builder = {
        "value": _value, "change": _change, "trend": _trend, "comparison": _comparison,
        "share": _share, "ranking": _ranking, "path_2045": _path, "indicator": _indicator_request,
    }[kind]
    return builder(r)


def _notes(r: Reading, places: tuple[PlaceMatch, ...] | None = None) -> list[str]:
    """How ambiguous words were read: Stockholm = the city, "regionen" = the county, sectors."""
    notes: list[str] = []
    for match in r.places if places is None else places:
        note = place_note(match, r.language)
        if note and note not in notes:
            notes.append(note)
    if r.indicator is None:
        for match in r.sectors[:1]:
            note = sector_note(match, r.language)
            if note:
                notes.append(note)
        if r.words.has("koldioxid", "co2", "carbon dioxide"):
            notes.append(_text("co2e", r.language))
    return notes


def _base(r: Reading, kind: Kind, notes: list[str] | None = None, **fields: object
          ) -> Interpretation:
    """A request of `kind` with what every kind shares (places, sector, per capita, language,
    notes); `fields` set the kind's own fields and may override the shared ones."""
    several = len(r.distinct_sectors) > 1 and r.indicator is None
    shared: dict[str, object] = {
        "places": r.distinct_places,
        "sector": r.sectors[0].sector if r.sectors and r.indicator is None and not several
        else None,
        "sectors": r.distinct_sectors if several else (),
        "per_capita": _per_capita(r.words),
        "notes": tuple(_notes(r) if notes is None else notes),
        "language": r.language,
    }
    if r.latest_phrase and not r.years.all and fields.get("year") is None:
        shared["notes"] = (*shared["notes"], _text("latest_year", r.language))  # type: ignore
    request = FigureRequest(kind=kind).with_(**{**shared, **fields})
    return Interpretation(request=request, notes=request.notes)


def _needs_place(r: Reading) -> Interpretation | None:
    if r.places:
        return None
    unknown = _unknown_place_word(r.question)
    if unknown:
        return Interpretation(clarify=_text("unknown_place", r.language, name=unknown))
    return Interpretation(clarify=_text("which_place", r.language))


def _unknown_place_word(question: str) -> str | None:
    """A capitalised word after "i/för/in/for" that is no place we know ("i Smålandsstenar")."""
    m = re.search(r"\b(?:i|för|in|for|från|from)\s+([A-ZÅÄÖ][a-zåäöé]{2,})", question)
    return m.group(1) if m else None


def _value(r: Reading) -> Interpretation:
    notes = _notes(r)
    if not _has_metric(r) and r.words.has(*LOOK_PHRASES) and not r.years.all:
        notes.append(_text("look", r.language))
    return _needs_place(r) or _base(r, "value", notes, year=_one_year(r.years))


def _one_year(years: Years) -> int | None:
    return years.plain[0] if years.plain else None


def _period(years: Years) -> tuple[int | None, int | None]:
    """(from, to) out of a range, "sedan"/"till" words, or two plain years."""
    start, end = years.from_year, years.to_year
    plain = sorted(years.plain)
    if start is None and end is None and len(plain) >= 2:
        return plain[0], plain[-1]
    if start is None and plain:
        start = plain[0]
    elif end is None and plain and start is not None and plain[-1] > start:
        end = plain[-1]
    return start, end


def _change(r: Reading) -> Interpretation:
    missing = _needs_place(r)
    if missing:
        return missing
    start, end = _period(r.years)
    notes = _notes(r)
    if r.last_years and not r.years.all:
        return _base(r, "change", notes, last_years=r.last_years)
    if start is not None and end is None and r.years.plain and r.years.from_year is None:
        # "Hur mycket minskade utsläppen 2020?" asks about the year 2020 itself, not since 2020
        year = r.years.plain[0]
        notes.append(_text("one_year_change", r.language, year=year, prev=year - 1))
        return _base(r, "change", notes, from_year=year - 1, to_year=year)
    if start is None:
        start = BASE_YEAR
        notes.append(_text("base_year", r.language))
    return _base(r, "change", notes, from_year=start, to_year=end)


def _trend(r: Reading) -> Interpretation:
    start, end = _period(r.years)
    last = r.last_years if not r.years.all else None
    return _needs_place(r) or _base(r, "trend", from_year=start, to_year=end, last_years=last)


def _comparison(r: Reading) -> Interpretation:
    missing = _needs_place(r)
    if missing:
        return missing
    if len(r.distinct_places) < 2:
        name = r.distinct_places[0].name
        return Interpretation(clarify=_text("compare_with", r.language, name=name))
    return _base(r, "comparison", year=_one_year(r.years))


def _share(r: Reading) -> Interpretation:
    missing = _needs_place(r)
    if missing:
        return missing
    if not r.sectors and not _wants_breakdown(r.words):
        name = r.distinct_places[0].name
        return Interpretation(clarify=_text("which_sector_share", r.language, name=name))
    return _base(r, "share", year=_one_year(r.years))


def _ranking(r: Reading) -> Interpretation:
    w = r.words
    rank_by = "change" if _wants_change(w) else "share" if _wants_share(w) and (
        (r.indicator is None and r.sectors) or r.indicator == "cars_by_fuel") else "value"
    fields: dict[str, object] = {"rank_by": rank_by, "order": _order(r, rank_by),
                                 "limit": _limit(r), "year": _one_year(r.years)}
    notes: list[str] = []
    if rank_by == "change":
        start, end = _period(r.years)
        fields["year"] = None
        if r.last_years and not r.years.all:
            fields["last_years"] = r.last_years
        else:
            if start is None:
                start = BASE_YEAR
                notes.append(_text("base_year", r.language))
            fields |= {"from_year": start, "to_year": end}
    county_level = w.has(*COUNTY_RANK_PHRASES) or (
        r.places and not r.kommuner and w.has(*RANK_FOCUS_PHRASES)
        and not w.has_stem("kommun", "municipalit"))
    if county_level:
        # "Vilket län har lägst utsläpp per invånare?", "Var hamnar länet?": the 21 counties
        focus = next((m.place for m in r.places if m.place.level == "lan"), None)
        notes = _notes(r, ()) + notes
        return _base(r, "ranking", notes, places=(), rank_level="lan", scope="riket",
                     focus=focus, **fields)
    focus_match = r.kommuner[0] if r.kommuner else None
    focus = focus_match.place if focus_match else None
    notes = _notes(r, (focus_match,) if focus_match else ()) + notes
    # Another county ("i Skåne") is named as the place to rank within; Stockholms län is the
    # default and needs no place.
    counties = tuple(m.place for m in r.places
                     if m.place.level == "lan" and m.place != STOCKHOLMS_LAN)[:1]
    scope = "riket" if any(m.place == SVERIGE for m in r.places) else "lan"
    if focus and not in_stockholms_lan(focus) and scope == "lan" and not counties:
        scope = "riket"
        notes.append(_text("scope_sweden", r.language, name=focus.name))
    extra = {"indicator": r.indicator, "category": r.category} if r.indicator else {}
    return _base(r, "ranking", notes, places=counties, scope=scope, focus=focus,
                 **fields, **extra)


def _order(r: Reading, rank_by: str = "value") -> str:
    w = r.words
    if rank_by == "change":
        # "minskat mest" lists the largest decrease (the most negative change) first
        most = not w.has(*ASC_WORDS) or w.has(*DESC_WORDS)
        if w.has(*GOOD_WORDS, *BAD_WORDS):
            return "asc" if w.has(*GOOD_WORDS) else "desc"
        return ("asc" if most else "desc") if w.has_stem(*REDUCE_STEMS) else (
            "desc" if most else "asc")
    better_high = r.indicator in MORE_IS_BETTER
    if w.has(*GOOD_WORDS):
        low = not better_high
    elif w.has(*BAD_WORDS):
        low = better_high
    else:
        low = w.has(*ASC_WORDS) and not w.has(*DESC_WORDS)
    return "asc" if low else "desc"


def _limit(r: Reading) -> int | None:
    """"de fem högsta" -> 5, "topp 3" -> 3, "Vilken kommun ..." -> 1, a whole list -> None."""
    years = {str(y) for y in _YEAR.findall(r.question)}
    items = r.words.items
    for i, word in enumerate(items):
        if i and items[i - 1] == "per":
            continue
        if i + 1 < len(items) and items[i + 1] in ("år", "åren", "years"):
            continue  # "de senaste 10 åren" is a period, not a top 10
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
        if word.isdigit() and word not in years and 0 < int(word) <= 100:
            return int(word)
    if r.words.has(*SINGLE_RANK_PHRASES) and not r.kommuner:
        return 1
    return None


def _path(r: Reading) -> Interpretation:
    return _needs_place(r) or _base(r, "path_2045")


def _indicator_request(r: Reading) -> Interpretation:
    places = r.distinct_places
    if r.indicator == "national" and not places:
        places = (SVERIGE,)  # the national categories exist for Sweden only
    elif r.indicator == "climate_plan" and not places and _is_ranking(r):
        places = (STOCKHOLMS_LAN,)  # "Vilka kommuner i länet saknar klimatplan?": the list
    elif not places:
        missing = _needs_place(r)
        if missing:
            return missing
    series = r.years.period or _wants_trend(r.words) or bool(r.last_years)
    start, end = _period(r.years) if series else (None, None)
    last = r.last_years if series and not r.years.all else None
    fields: dict[str, object] = {
        "indicator": r.indicator, "from_year": start, "to_year": end, "last_years": last,
        "year": None if start is not None or last else _one_year(r.years),
        "category": r.category, "places": places,
    }
    return _base(r, "indicator", **fields)


# ---------------------------------------------------------------------------- follow-ups


def _is_follow_up(r: Reading, previous: FigureRequest | None) -> bool:
    w = r.words
    marked = (w.starts(*FOLLOW_UP_OPENERS) or w.ends(*FOLLOW_UP_CLOSERS)) and bool(w.items)
    complete = (_has_metric(r) or r.indicator is not None) and bool(r.places or _is_ranking(r))
    if marked and not complete:
        # "Och?" alone still refers back; "Och vad är netto noll?" is a new question.
        return _names_something(r) or previous is None or len(w.items) <= 2
    if previous is None:
        return False
    short = len(w.items) <= 5 and not _has_metric(r) and r.indicator is None
    placeless = _has_metric(r) and not r.places and not _is_ranking(r)
    return (short and _names_something(r)) or placeless


def _names_something(r: Reading) -> bool:
    w = r.words
    return bool(r.places or r.sectors or r.years.all or r.last_years or _per_capita(w)
                or _wants_trend(w)
                or w.has(*TOTAL_PHRASES, *ABSOLUTE_PHRASES) or _has_metric(r)
                or _wants_comparison(w))


def _follow_up(r: Reading, previous: FigureRequest | None) -> Interpretation:
    if previous is None:
        return Interpretation(clarify=_text("follow_up_alone", r.language))
    language = _follow_up_language(r, previous)
    kind = _follow_up_kind(r, previous)
    start = _switch_kind(previous, kind)
    changes = {**_follow_up_places(r, start, kind), **_follow_up_measure(r, start),
               **_follow_up_years(r, start, kind)}
    if kind == previous.kind and not changes:
        return Interpretation(clarify=_text("follow_up_unclear", language))
    reading = Reading(r.question, r.words, language, r.places, r.sectors, r.years, r.indicator,
                      r.path)
    notes = _notes(reading)
    request = start.with_(language=language, **changes)
    if kind == "comparison" and len(request.places) < 2:
        name = request.places[0].name if request.places else "?"
        return Interpretation(clarify=_text("compare_with", language, name=name))
    if kind == "change" and request.from_year is None and not request.last_years:
        request = request.with_(from_year=BASE_YEAR)
        notes.append(_text("base_year", language))
    request = request.with_(notes=tuple(notes))
    return Interpretation(request=request, notes=request.notes)


def _switch_kind(previous: FigureRequest, kind: Kind) -> FigureRequest:
    """A new kind keeps the place, sector and per capita, but not the years of the old kind
    ("Och som diagram?" after a value for 2024 is the whole series, not 2024)."""
    if kind == previous.kind or kind == "comparison":
        return previous.with_(kind=kind)
    return previous.with_(kind=kind, year=None, from_year=None, to_year=None)


def _follow_up_language(r: Reading, previous: FigureRequest) -> Language:
    swedish, english = language_scores(r.question)
    return previous.language if swedish == english == 0 else r.language


def _follow_up_kind(r: Reading, previous: FigureRequest) -> Kind:
    w = r.words
    if _wants_trend(w) and previous.kind in ("value", "change", "comparison"):
        return "trend"
    if _wants_comparison(w) and r.places and previous.kind in ("value", "trend"):
        return "comparison"
    if _wants_change(w) and previous.kind in ("value", "trend"):
        return "change"
    return previous.kind


def _follow_up_places(r: Reading, previous: FigureRequest, kind: Kind) -> dict[str, object]:
    places = r.distinct_places
    if not places:
        return {}
    if kind == "ranking":
        kommuner = [p for p in places if p.level == "kommun"]
        changes: dict[str, object] = {"focus": kommuner[0]} if kommuner else {}
        if SVERIGE in places:
            changes["scope"] = "riket"
        elif STOCKHOLMS_LAN in places:
            changes["scope"] = "lan"
        return changes
    if kind == "comparison":
        return {"places": tuple(dict.fromkeys(previous.places + places))}
    return {"places": places}


def _follow_up_measure(r: Reading, previous: FigureRequest) -> dict[str, object]:
    w = r.words
    changes: dict[str, object] = {}
    if len(r.distinct_sectors) > 1:
        changes["sectors"], changes["sector"] = r.distinct_sectors, None
    elif r.sectors:
        changes["sector"], changes["sectors"] = r.sectors[0].sector, ()
    elif w.has(*TOTAL_PHRASES) and (previous.sector is not None or previous.sectors):
        changes["sector"], changes["sectors"] = None, ()
    if _per_capita(w):
        changes["per_capita"] = True
    elif w.has(*ABSOLUTE_PHRASES) or (w.has(*TOTAL_PHRASES) and previous.sector is None):
        changes["per_capita"] = False
    return {k: v for k, v in changes.items() if getattr(previous, k) != v}


def _follow_up_years(r: Reading, previous: FigureRequest, kind: Kind) -> dict[str, object]:
    years = r.years
    if r.last_years and not years.all and kind in ("change", "trend", "ranking"):
        return {"last_years": r.last_years, "from_year": None, "to_year": None}
    if not years.all or kind == "path_2045":
        return {}
    if previous.last_years:  # explicit years replace "de senaste N åren"
        return {**_follow_up_years(r, previous.with_(last_years=None), kind),
                "last_years": None}
    if kind not in ("change", "trend"):
        return {"year": years.plain[0] if years.plain else years.all[0]}
    if (years.from_year is not None and years.to_year is not None) or len(years.plain) >= 2:
        start, end = _period(years)
        return {"from_year": start, "to_year": end}
    if years.to_year is not None:
        return {"to_year": years.to_year}
    year = years.from_year if years.from_year is not None else years.plain[0]
    if previous.to_year is not None and year > previous.to_year:
        return {"to_year": year}
    return {"from_year": year}


# ---------------------------------------------------------------------------------- texts


def _text(key: str, language: Language, **values: object) -> str:
    return TEXTS[key][language].format(**values)


def _or(options: list[str], language: Language) -> str:
    word = " eller " if language == "sv" else " or "
    return ", ".join(options[:-1]) + word + options[-1] if len(options) > 1 else options[0]


__all__ = ["Years", "interpret", "read_years"]
