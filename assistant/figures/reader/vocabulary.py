"""The reader's word tables: every word or phrase that decides how a figure question is read.

Phrases are matched as whole words in order ("per invånare"); stems match the start of a word
("utveckl" -> "utvecklingen"). Swedish and English live in the same tables: they rarely collide,
and mixed questions ("Nackas emissions per capita") are common.

`SIGNALS` at the end lists the words that change the *operation* (snitt, hur många, mer än,
utan, ...). The coverage rule (reader/coverage.py) requires the reading to have used every one
of them that occurs in a question; otherwise the question is answered with a question back,
never with the nearest operation the reader knows.
"""

from __future__ import annotations

import re

from assistant.figures.query import IndicatorKey

# The years the statistics can have. Emissions per municipality start in 1990; the newest
# indicator year is 2025. A later year is a forecast, which the data does not contain.
FIRST_DATA_YEAR = 1990
LAST_DATA_YEAR = 2025
# Years that name a target or a plan ("netto noll 2045", "RUFS 2050"), not a data year.
TARGET_YEARS = frozenset({2030, 2040, 2045, 2050})

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
                   "klimatkansliet", "klimatarena", "metod", "utgåv", "policy", "measure",
                   "betyder", "innebär", "koldioxidbudget", "miljöbarometer", "vision")
# A cause ("Vad låg bakom att …?") or a document's own figure ("… enligt RUFS-uppföljningen")
# is what a document says; "enligt statistiken" still asks for the figures themselves.
CAUSE_PHRASES = ("låg bakom", "ligger bakom", "orsaken till", "orsakerna till", "förklaringen till",
                 "förklaringarna till", "what caused", "the reason for", "the reasons for")
ACCORDING_TO = ("enligt", "according to")
# "enligt" + one of these is not a document's figure: the statistics themselves, or a forecast
# (which the coverage rule declines as unsupported).
STATISTICS_SOURCES = ("statistik", "smhi", "scb", "siffr", "data", "nationella emissionsdatabasen",
                      "emissionsdatabas", "klimatkollen", "statistics", "figures", "prognos",
                      "scenari", "forecast", "projection")
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
                      "per 100 invånare", "per 100 inhabitants", "per hundra invånare",
                      "genomsnittlig invånare", "genomsnittliga invånaren", "average inhabitant",
                      "average resident", "average person",
                      "varje person", "each inhabitant", "every inhabitant", "each resident",
                      "each person")
ABSOLUTE_PHRASES = ("i ton", "absoluta tal", "in tonnes", "in tons", "absolute", "absolut")
TOTAL_PHRASES = ("totalt", "totala", "alla sektorer", "in total", "all sectors", "total")

SHARE_PHRASES = ("andel", "andelen", "hur stor del", "share", "proportion", "procent av",
                 "percentage of", "del av", "står för")
BREAKDOWN_PHRASES = ("vilken sektor", "vilka sektorer", "which sector", "which sectors",
                     "inom vilket område", "inom vilka områden", "in which area",
                     "per sektor", "by sector", "fördelning", "fördelade", "fördelat",
                     "uppdelat", "uppdelning", "sektorerna", "breakdown", "broken down",
                     "största källan", "största utsläppskällan", "biggest source",
                     "largest source")
TREND_STEMS = ("utveckl", "trend", "graf", "diagram", "kurva", "tidsserie", "historik",
               "development", "chart", "graph", "plot", "curve")
# Words that begin like a trend but name something else: the regional development plan, the
# responsibility for regional development.
NOT_TREND_STEMS = ("utvecklingsplan", "utvecklingsansvar", "utvecklingsnämnd",
                   "utvecklingsprogram", "utvecklingsstrategi", "utvecklingsfrågor",
                   "development plan")
NOT_TREND_PHRASES = ("regional utveckling", "regionala utvecklingen", "regional development")
TREND_PHRASES = ("över tid", "over time", "år för år", "year by year", "time series",
                 "över åren", "genom åren", "varje år sedan")
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
                       "the goal", "2045", "2030", "2040", "2050", "transportmålet",
                       "transportmålen", "transport target", "the transport target")
PATH_ASK_PHRASES = ("årlig minskning", "årliga minskningen", "årlig utsläppsminskning",
                    "minskningstakt", "minskningstakten", "per år", "varje år", "om året",
                    "årligen", "annual reduction", "per year", "each year", "every year",
                    "yearly", "annually", "reduction rate", "behöver", "måste", "krävs",
                    "nå", "klara", "klarar", "i fas", "need", "needs", "must", "required",
                    "reach", "on track")

INDICATOR_STEMS: dict[IndicatorKey, tuple[str, ...]] = {
    "charging": ("laddpunkt", "laddstolp", "laddstation", "laddplats", "laddinfra",
                 "charger", "charging"),
    "ev_share": ("elbil", "laddbar", "laddhybrid", "elfordon", "rechargeable", "plug"),
    "bicycle": ("cykel", "cykling", "bicycle", "cycle", "cycling", "bike"),
    "consumption": ("konsumtion", "consumption"),
    "climate_plan": ("klimatplan", "klimatstrategi", "klimatprogram", "climate plan",
                     "climate strategy", "climate action plan"),
}
INDICATOR_PHRASES: dict[IndicatorKey, tuple[str, ...]] = {
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

# ------------------------------------------------------------ what the statistics do not hold

# An organisation's own operations (Region Stockholm's, a municipality's as an organisation):
# the statistics hold the territory's emissions, never an organisation's own.
OWN_OPERATIONS_PHRASES = (
    "egna utsläpp", "egna utsläppen", "egen verksamhet", "egna verksamhet", "egna verksamheten",
    "den egna verksamheten", "egna verksamhetens", "sin verksamhet", "sina egna", "sin egen",
    "verksamhetens utsläpp", "verksamhetens klimatpåverkan", "organisationens",
    "som organisation", "koncernens", "förvaltningens", "tjänsteresor", "tjänsteresorna",
    "own operations", "own emissions", "its own", "their own", "as an organisation",
    "as an organization", "the organisation's", "the organization's", "business travel",
)
# "Region Stockholms klimatpåverkan" is the organisation's footprint (its own target), not the
# county's territorial emissions, which the reader gives for "Region Stockholms utsläpp".
ORGANISATION_IMPACT_STEMS = ("klimatpåverkan", "klimatavtryck", "footprint", "climate impact")
ORGANISATION_NAMES = ("region stockholm", "region stockholms", "regionens", "regionen",
                      "landstinget", "landstingets")
# The organisation as the owner or the actor of the emissions ("Region Stockholms utsläpp",
# "Hur mycket släppte Region Stockholm själv ut", "ska regionen minska sina utsläpp"): its own
# operations. Only "i regionen" / "in Region Stockholm" names the territory.
ORGANISATION_AS_OWNER = re.compile(
    # the genitive names the owner wherever it stands ("i regionens verksamhet")…
    r"\b(region stockholms|regionens|landstingets|region stockholm's|the region's|"
    r"the county council's)(?![\w'])"
    # …the plain name only as the actor, not after "i"/"in" (the territory)
    r"|(?<!\bi )(?<!\bin )\b(region stockholm|regionen|landstinget)\b(?! län)",
    re.IGNORECASE)

# A question about a target or a plan asks for what a document says, not for a data value.
TARGET_QUESTION_STEMS = ("mål", "klimatmål", "delmål", "etappmål", "transportmål", "target",
                         "goal")
PLAN_STEMS = ("rufs", "klimatfärdplan", "färdplan", "handlingsplan", "klimathandlingsplan")

# ----------------------------------------------------------------- the signals of an operation

AVERAGE_STEMS = ("genomsnitt", "snitt", "medelvärd", "medeltal", "länssnitt", "rikssnitt",
                 "länsgenomsnitt", "riksgenomsnitt", "average", "medelutsläpp")
AVERAGE_PHRASES = ("i snitt", "i medeltal", "i medel", "mean", "on average", "medel")
SUM_STEMS = ("sammanlag", "sammantag", "ackumul", "cumulat", "accumulat", "summer")
SUM_PHRASES = ("summan", "summa", "totalt under", "in total over", "sum", "combined",
               "tillsammans", "together", "altogether", "total emissions over", "total over",
               "total emissions during", "sammanlagt under", "i summa")
# The mean of the yearly changes, asked for in so many words; "genomsnittlig årlig förändring"
# alone is the compound rate (CAGR), the convention of Klimatkollen and the data README.
MEAN_CHANGE_PHRASES = (
    "medelvärdet av de årliga förändringarna", "medelvärdet av förändringarna",
    "medelvärdet av de årliga", "genomsnittet av de årliga förändringarna",
    "genomsnittet av förändringarna", "medelvärdet av den årliga förändringen",
    "mean of the yearly changes", "mean of the annual changes", "average of the yearly changes",
    "average of the annual changes", "mean of the year on year changes",
    "aritmetiskt medelvärde", "arithmetic mean",
)
CAGR_WORDS = ("cagr", "årstakt", "sammansatt", "compound", "compounded")
PER_YEAR_PHRASES = ("per år", "om året", "i året", "varje år", "per year", "a year",
                    "each year", "every year", "yearly", "annually", "annual", "årligen",
                    "år för år", "year by year", "year on year")
PER_YEAR_STEMS = ("årlig",)
SPEED_WORDS = ("snabbast", "snabbaste", "långsammast", "långsammaste", "fastest", "slowest",
               "quickest", "snabbare", "långsammare", "faster", "slower")
SLOW_WORDS = ("långsammast", "långsammaste", "slowest", "långsammare", "slower")
RATE_PHRASES = ("takt", "takten", "minskningstakt", "minskningstakten", "ökningstakt",
                "ökningstakten", "rate", "pace")

COUNT_OPENERS = ("hur många", "antal", "antalet", "how many", "number of", "the number of")
# What a filter or ranking counts or lists: municipalities or counties.
MUNICIPALITY_NOUNS = ("kommun", "kommuner", "kommunerna", "kommunen", "municipality",
                      "municipalities", "kommunernas")
COUNTY_NOUNS = ("län", "länen", "county", "counties")
LIST_OPENERS = ("vilka", "which", "lista", "list", "name", "nämn", "ange")
RELATIVE_WORDS = ("som", "that", "whose", "where", "vars", "med", "with")

# "mer än 30 procent", "under 2 ton", "minst 5", "more than 30 %", "at least 10": a threshold.
# A number as written: "30", "2,5", "300 000" (Swedish thousands separator), "1.5".
NUMBER_TEXT = r"[−-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|[−-]?\d+(?:[.,]\d+)?"
THRESHOLD = re.compile(
    r"\b(?P<cmp>mer än|fler än|mindre än|färre än|högre än|lägre än|större än|över|under|minst"
    r"|högst|mer|more than|fewer than|less than|higher than|lower than|greater than|larger than"
    r"|smaller than|above|below|over|under|at least|at most|exceeding|exceeds)"
    r"\s+(?:med\s+|by\s+)?(?P<num>" + NUMBER_TEXT + r"|två|tre|fyra|fem|sex|sju|åtta|nio|tio"
    r"|tjugo|trettio|fyrtio|femtio|hundra|two|three|four|five|ten|twenty|thirty|forty|fifty)"
    r"(?!\d)\s*(?P<unit>%|procentenheter|procent|percentage points|percent|per cent|ton|tonnes"
    r"|tons|t\b|kiloton|kt)?")
THRESHOLD_NUMBER_WORDS = {
    "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9, "tio": 10,
    "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50, "hundra": 100, "two": 2,
    "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50,
}
ABOVE_WORDS = frozenset({"mer än", "fler än", "högre än", "större än", "över", "minst", "mer",
                         "more than", "higher than", "greater than", "larger than", "above",
                         "over", "at least", "exceeding", "exceeds"})
# Above/below the county's or Sweden's own value ("lägre än länet", "över rikssnittet").
HIGHER_WORDS = ("högre", "större", "mer", "fler", "över", "higher", "larger", "greater", "more",
                "above", "over", "bättre", "better", "sämre", "worse")
LOWER_WORDS = ("lägre", "mindre", "färre", "under", "lower", "smaller", "less", "fewer",
               "below")
COUNTY_REFERENCE = ("länet", "länets", "hela länet", "hela länets", "stockholms län",
                    "stockholms läns", "länssnittet", "länsgenomsnittet", "the county",
                    "the county's", "stockholm county", "the county average", "county",
                    "county's", "the whole county", "whole county", "regionen", "the region")
SWEDEN_REFERENCE = ("riket", "rikets", "sverige", "sveriges", "hela sverige", "landet",
                    "landets", "hela landet", "rikssnittet", "riksgenomsnittet", "sweden",
                    "sweden's", "the country", "the national average", "national average",
                    "the national", "country", "the whole country", "whole country",
                    "the nation", "nation")
AVERAGE_REFERENCE = ("genomsnittet", "snittet", "medelvärdet", "medel", "the average",
                     "average", "genomsnittlig", "genomsnittliga")
THAN_WORDS = ("än", "than", "jämfört med", "compared with", "compared to", "relative to")

EXCLUSION_WORDS = ("utan", "exklusive", "exkl", "förutom", "bortsett", "frånsett", "undantaget",
                   "undantag", "excluding", "except", "without", "apart from", "other than",
                   "not counting", "minus", "exclusive of", "ej", "inte räknat",
                   "räknas bort", "räknar bort", "räkna bort", "dras bort", "drar bort")
RATIO_WORDS = ("gånger", "dubbelt", "dubbla", "hälften", "times", "twice", "half as", "ratio",
               "kvot", "kvoten", "i förhållande till", "i relation till", "per bnp", "per brp",
               "relative to", "in relation to", "per gdp", "utsläppsintensitet")
# Statistics the algebra does not compute; single words are stems ("korrelationen").
UNSUPPORTED_STATISTICS = ("median", "percentil", "kvartil", "standardavvik", "varians",
                          "spridning", "korrelation", "samband", "regression", "percentile",
                          "quartile", "standard deviation", "variance", "correlation", "spread",
                          "elasticit", "prediktion")
# "mellan 1 och 2 ton", "between 10 and 20 percent": a range of values, not of years.
VALUE_RANGE = re.compile(r"\b(?:mellan|between)\s+(\d+(?:[.,]\d+)?)\s+(?:och|and|till|to)\s+"
                         r"(\d+(?:[.,]\d+)?)\b")
FORECAST_PHRASES = ("prognos", "prognosen", "prognoser", "förväntas", "väntas", "kommer att",
                    "beräknas bli", "forecast", "forecasts", "projected", "projection",
                    "predict", "prediction", "expected to", "will be", "going to", "kommer bli",
                    "kommer de", "kommer utsläppen")
WHICH_YEAR_PHRASES = ("vilket år", "vilka år", "which year", "which years", "what year",
                      "när", "when")
# "när det gäller" is "as regards", not "when".
NOT_WHEN = ("när det gäller", "när det kommer till", "när man")
PERCENT_WORDS = ("procent", "procentuellt", "procentuella", "percent", "percentage", "per cent")
