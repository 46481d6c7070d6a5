"""Place and sector names as people write them -> the codes and names in the data.

`find_places` reads municipalities (all 290, SCB codes), Stockholms län (and the other counties
when written with "län") and Sweden out of free text, in the forms people use: genitive
("Huddinges", "Lidingös"), with "kommun"/"stad", with or without hyphen ("Upplands Bro",
"upplandsbro"), lower case, without diacritics ("Sodertalje") and with small typos ("Huddnge").
`find_sector` maps everyday words ("vägtrafik", "fjärrvärme", "transportutsläpp") to SMHI's sector
names exactly as they are spelled in the data.

Everything here is static data (the municipality table is at the end of the file) and stdlib
matching; nothing is read from disk at run time.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from assistant.figures.request import Place

Language = Literal["sv", "en"]

STOCKHOLMS_LAN = Place("01", "Stockholms län", "lan")
SVERIGE = Place("00", "Sverige", "riket")
STOCKHOLM_CODE = "0180"

# The 21 counties as SCB names them (the data's `lan` column), by two-digit code.
COUNTIES: dict[str, str] = {
    "01": "Stockholms län", "03": "Uppsala län", "04": "Södermanlands län",
    "05": "Östergötlands län", "06": "Jönköpings län", "07": "Kronobergs län",
    "08": "Kalmar län", "09": "Gotlands län", "10": "Blekinge län", "12": "Skåne län",
    "13": "Hallands län", "14": "Västra Götalands län", "17": "Värmlands län",
    "18": "Örebro län", "19": "Västmanlands län", "20": "Dalarnas län", "21": "Gävleborgs län",
    "22": "Västernorrlands län", "23": "Jämtlands län", "24": "Västerbottens län",
    "25": "Norrbottens län",
}

# Municipality names that are also ordinary words ("vara" = be, "mark" = ground, "lund" = grove,
# "kil" = wedge, "boden" = the shed, English "ale", "kinda"). They only count when written with
# a capital letter or followed by "kommun", and never through diacritic folding or typo matching
# ("Are" must not become Åre).
AMBIGUOUS_NAMES = frozenset({
    "Ale", "Berg", "Bjuv", "Boden", "Eda", "Flen", "Gnesta", "Heby", "Hjo", "Kil", "Kinda",
    "Laxå", "Ljusdal", "Lund", "Malå", "Mark", "Mora", "Nora", "Orsa", "Osby", "Sala",
    "Säter", "Tanum", "Vara", "Ydre", "Åre", "Ånge", "Älvdalen",
})

# Other ways of writing a municipality: English, short and colloquial forms.
KOMMUN_ALIASES: dict[str, str] = {
    "gothenburg": "1480", "göteborg": "1480", "väsby": "0114", "falu": "2080",
    "sthlm": STOCKHOLM_CODE, "regiongotland": "0980",
}

# Words after a name that belong to it: "Nacka kommun", "Göteborgs stad", "Nacka municipality".
KOMMUN_WORDS = frozenset({"kommun", "kommuns", "kommunen", "municipality", "stad", "stads"})

# Note keys a match can carry; `place_note` turns them into text.
NoteKey = Literal["stockholm", "county_word"]


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    place: Place
    note: NoteKey | None = None


def _phrases(texts: str, place: Place, note: NoteKey | None = None) -> list[_Phrase]:
    return [_Phrase(tuple(t.split()), place, note) for t in texts.split(",")]


STOCKHOLM_CITY = Place(STOCKHOLM_CODE, "Stockholm", "kommun")

# Fixed phrases for the county, Sweden and the unambiguous ways of naming Stockholm city.
# Matched before municipality names, longest first ("Stockholms län" before "Stockholms").
PLACE_PHRASES: list[_Phrase] = [
    *_phrases("stockholms län,stockholms läns,stockholm län,stockholm county,stockholms county,"
              "county of stockholm,stockholmsregionen,stockholmsregionens,stockholmslän,"
              "hela länet,hela länets,länet,länets,the county,the whole county,"
              "stockholms lan,lanet,lanets,hela lanet,"
              "the entire county", STOCKHOLMS_LAN),
    *_phrases("regionen,regionens,hela regionen,region stockholm,region stockholms,"
              "storstockholm,storstockholms,stockholm region,stockholms regionen,"
              "the stockholm region,greater stockholm,the region", STOCKHOLMS_LAN, "county_word"),
    *_phrases("sverige,sveriges,hela sverige,hela sveriges,riket,rikets,hela riket,landet,"
              "landets,hela landet,nationellt,sweden,the country,the whole country,"
              "the entire country,nationally,nationwide", SVERIGE),
    *_phrases("city of stockholm,stockholm city,stockholms stad,stockholms stads,stockholm stad,"
              "stockholms kommun,stockholms kommuns,stockholm kommun,stockholm municipality",
              STOCKHOLM_CITY),
]

# Places the data cannot answer for: abroad.
FOREIGN_PLACES = frozenset({
    "oslo", "köpenhamn", "copenhagen", "helsingfors", "helsinki", "berlin", "london", "paris",
    "tallinn", "riga", "amsterdam", "bryssel", "brussels", "norge", "norway", "danmark",
    "denmark", "finland", "tyskland", "germany", "europa", "europe", "eu", "usa", "kina",
    "china", "estland", "estonia", "frankrike", "france", "storbritannien", "england",
})

# Parts of a municipality people ask about; the data is per municipality, so the parser asks
# back whether the whole municipality will do.
DISTRICTS: dict[str, str] = {
    "arlanda": "0191", "märsta": "0191", "kista": "0180", "södermalm": "0180",
    "östermalm": "0180", "kungsholmen": "0180", "norrmalm": "0180", "bromma": "0180",
    "vällingby": "0180", "farsta": "0180", "skärholmen": "0180", "rinkeby": "0180",
    "hässelby": "0180", "spånga": "0180", "flemingsberg": "0126", "tumba": "0127",
    "tullinge": "0127", "jakobsberg": "0123", "barkarby": "0123", "åkersberga": "0117",
    "gustavsberg": "0120", "kungsängen": "0139", "märsta flygplats": "0191",
}

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are never place names, so typo matching must leave them alone.
COMMON_WORDS = _words("""
    utsläpp utsläppen utsläppet sedan mellan jämför jämföra största störst högsta lägsta högst
    lägst minsta mest minst andel andelen invånare kommun kommunen kommuner kommunerna sektor
    sektorn sektorer transporter trafik industri jordbruk avfall uppvärmning fjärrvärme
    förändrats förändring minskat minskade minskning ökat ökade ökning utveckling utvecklingen
    visa vilken vilket vilka stora mycket många hamnar klimatplan klimatplanen laddpunkter
    laddbara elbilar cykelnät per capita person totalt totala koldioxid växthusgaser samma
    emissions municipality municipalities compare compared between highest lowest change
    changed since which where share capita inhabitant inhabitants development trend
    transport traffic heating industry agriculture waste sweden county stockholm about
    netto noll målet behöver måste minska årlig årliga minskningen hela länet regionen
    sverige riket landet nationellt också sektorerna kommunens placering rangordna
    utsläppsminskning varför vad hur säger innebär klimatet klimatfärdplanen region
    consumption charging points electric cars bicycle network reduction annual needed
    och för från med till över under efter eller inte också samt alla hela detta dessa
    stor stort största utsläppet utsläppens kommunernas länets procent andelen ungefär
    what were was the and for from with have has does did many much large emissions there
    which where show compare their other years year since between about through during
    """)

_TOKEN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(), m.group().lower(), m.start(), m.end())
            for m in _TOKEN.finditer(text)]


def fold(text: str) -> str:
    """Lower case without diacritics: "Södertälje" -> "sodertalje"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _key(text: str) -> str:
    # "Upplands-Bro", "Upplands Bro" and "upplandsbro" are one key.
    return re.sub(r"[\s\-–]", "", text.lower())


# ------------------------------------------------------------------------------- lookups


@cache
def kommun_places() -> dict[str, Place]:
    """Every municipality as a Place, by SCB code."""
    return {code: Place(code, name, "kommun") for code, name, _ in KOMMUNER}


@cache
def _county_of() -> dict[str, str]:
    return {code: lan for code, _, lan in KOMMUNER}


def place_by_code(code: str) -> Place | None:
    """A municipality ("0182"), a county ("01") or Sweden ("00") by its code."""
    if code == SVERIGE.code:
        return SVERIGE
    if code in COUNTIES:
        return Place(code, COUNTIES[code], "lan")
    return kommun_places().get(code)


def county_name(place: Place) -> str | None:
    """The county a municipality lies in ("Stockholms län" for Nacka)."""
    return _county_of().get(place.code) if place.level == "kommun" else None


def in_stockholms_lan(place: Place) -> bool:
    return place.code.startswith("01")


@cache
def _exact_index() -> dict[str, str]:
    index = {_key(name): code for code, name, _ in KOMMUNER}
    index.update(KOMMUN_ALIASES)
    return index


@cache
def _folded_index() -> dict[str, str]:
    """Diacritic-free keys of the unambiguous names; keys two names share (Habo/Håbo) are out."""
    seen: dict[str, list[str]] = {}
    for code, name, _ in KOMMUNER:
        if name not in AMBIGUOUS_NAMES:
            seen.setdefault(fold(_key(name)), []).append(code)
    return {key: codes[0] for key, codes in seen.items() if len(codes) == 1}


@cache
def _phrase_index() -> dict[str, list[_Phrase]]:
    county_phrases = [_Phrase(words, Place(code, name, "lan"))
                      for code, name in COUNTIES.items() if code != "01"
                      for words in _county_forms(name)]
    by_first: dict[str, list[_Phrase]] = {}
    for phrase in PLACE_PHRASES + county_phrases:
        by_first.setdefault(phrase.words[0], []).append(phrase)
    for phrases in by_first.values():
        phrases.sort(key=lambda p: len(p.words), reverse=True)
    return by_first


def _name_words(name: str) -> list[str]:
    return [t.lower for t in _tokens(name)]


def _county_forms(name: str) -> list[tuple[str, ...]]:
    """"Skåne län", and the landscape alone ("Skåne", "Dalarnas") when that is no municipality
    name too ("Uppsala" alone is the municipality)."""
    words = _name_words(name)[:-1]  # without "län"
    base = [*words[:-1], words[-1].removesuffix("s")] if words[-1] != "skåne" else words
    forms = [(*words, "län"), (*words, "läns")]
    if _key("".join(base)) not in _exact_index():
        forms += [tuple(base), (*base[:-1], base[-1] + "s")]
    return forms


# ------------------------------------------------------------------------------ matching


@dataclass(frozen=True)
class PlaceMatch:
    """One place found in a text: where, as what words, and whether the reading needs a note."""

    place: Place
    text: str  # the words as written, e.g. "Nackas kommun"
    start: int
    end: int
    note: NoteKey | None = None


def find_places(text: str) -> list[tuple[Place, str]]:
    """Places in order of appearance, each with the words that named it."""
    return [(m.place, m.text) for m in find_place_matches(text)]


def find_place_matches(text: str) -> list[PlaceMatch]:
    tokens = _tokens(text)
    matches: list[PlaceMatch] = []
    i = 0
    while i < len(tokens):
        found = _phrase_at(tokens, i) or _kommun_at(tokens, i)
        if found is None:
            i += 1
            continue
        (place, note), used = found
        used = _extend_over_kommun_word(tokens, i, used)
        first, last = tokens[i], tokens[i + used - 1]
        matches.append(PlaceMatch(place, text[first.start:last.end], first.start, last.end, note))
        i += used
    return matches


Found = tuple[tuple[Place, NoteKey | None], int]  # (place, note), number of tokens used


def _phrase_at(tokens: list[_Token], i: int) -> Found | None:
    for phrase in _phrase_index().get(tokens[i].lower, ()):
        n = len(phrase.words)
        if tuple(t.lower for t in tokens[i:i + n]) == phrase.words:
            return (phrase.place, phrase.note), n
    return None


def _kommun_at(tokens: list[_Token], i: int) -> Found | None:
    """Try the strict readings of 3, 2 and 1 words before the looser ones, so an exact name
    always beats a typo reading of a longer stretch."""
    for lookup in (_exact, _folded, _fuzzy):
        for n in (3, 2, 1):
            words = tokens[i:i + n]
            if len(words) < n or (lookup is _fuzzy and not _typo_candidate(words)):
                continue
            code = lookup("".join(t.lower for t in words))
            if code and _acceptable(code, tokens, i, n):
                place = kommun_places()[code]
                return (place, _kommun_note(place, tokens, i + n)), n
    return None


def _typo_candidate(words: list[_Token]) -> bool:
    # "i Stockholms" must not be read as a typo for "Stockholm": every word of a typo reading
    # is a content word, and at most two words are joined ("Uplands Väsby").
    return len(words) <= 2 and all(len(t.lower) >= 3 and t.lower not in COMMON_WORDS
                                   for t in words)


def _exact(key: str) -> str | None:
    index = _exact_index()
    if key in index:
        return index[key]
    return index.get(key[:-1]) if key.endswith("s") else None  # genitive: "Täbys", "Lidingös"


def _folded(key: str) -> str | None:
    folded, index = fold(key), _folded_index()
    if folded in index:
        return index[folded]
    return index.get(folded[:-1]) if folded.endswith("s") else None


def _fuzzy(key: str) -> str | None:
    """One small typo in a name of five letters or more: "Huddnge", "Sollentna"."""
    folded = fold(key)
    if len(folded) < 5 or folded in COMMON_WORDS or key in COMMON_WORDS:
        return None
    for candidate in (folded, folded[:-1] if folded.endswith("s") else None):
        if candidate and len(candidate) >= 5:
            code = _closest(candidate)
            if code:
                return code
    return None


FUZZY_CUTOFF = 0.85


@cache
def _closest(folded: str) -> str | None:
    index = _folded_index()
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(folded)  # difflib caches the analysis of seq2, so it is the fixed one
    scored: list[tuple[float, str]] = []
    for name in index:
        if abs(len(name) - len(folded)) > 2 or len(name) < 5:
            continue
        matcher.set_seq1(name)
        if matcher.real_quick_ratio() >= FUZZY_CUTOFF and matcher.quick_ratio() >= FUZZY_CUTOFF:
            scored.append((matcher.ratio(), name))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_CUTOFF:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02:
        return None  # two names are equally close: better to ask than to guess
    return index[scored[0][1]]


def _acceptable(code: str, tokens: list[_Token], i: int, n: int) -> bool:
    """Names that are also ordinary words need a capital letter or a following "kommun"."""
    if kommun_places()[code].name not in AMBIGUOUS_NAMES:
        return True
    following = tokens[i + n].lower if i + n < len(tokens) else ""
    if following in KOMMUN_WORDS:
        return True
    if i == 0 and _ordinary_word_at_start(tokens, i + n):
        return False  # "Mark och skog ...", "Vara är ...": the capital is the sentence's
    return tokens[i].capitalised


# After a sentence-initial word, these show it is an ordinary word rather than a name: a verb,
# or "och"/"eller" followed by another lower-case word ("Mark och skog").
_VERBS_AFTER_WORD = frozenset({"är", "var", "kan", "ska", "har", "blir", "binder", "is", "are"})


def _ordinary_word_at_start(tokens: list[_Token], after: int) -> bool:
    if after >= len(tokens):
        return False
    following = tokens[after]
    if following.lower in _VERBS_AFTER_WORD:
        return True
    return (following.lower in ("och", "eller", "and", "or") and after + 1 < len(tokens)
            and not tokens[after + 1].capitalised)


def _kommun_note(place: Place, tokens: list[_Token], after: int) -> NoteKey | None:
    # "Stockholm" alone may mean the city or the county; "Stockholms stad/kommun" is the city.
    if place.code != STOCKHOLM_CODE:
        return None
    following = tokens[after].lower if after < len(tokens) else ""
    return None if following in KOMMUN_WORDS or following == "city" else "stockholm"


def _extend_over_kommun_word(tokens: list[_Token], i: int, used: int) -> int:
    after = i + used
    if after < len(tokens) and tokens[after].lower in KOMMUN_WORDS | {"city"}:
        return used + 1
    return used


PLACE_NOTES: dict[NoteKey, dict[Language, str]] = {
    "stockholm": {
        "sv": "Jag tolkar 'Stockholm' som Stockholms kommun (staden). Fråga om Stockholms län "
              "om du menar hela länet.",
        "en": "I read 'Stockholm' as the City of Stockholm (the municipality). Ask about "
              "Stockholm County if you mean the whole county.",
    },
    "county_word": {
        "sv": "Jag tolkar '{text}' som Stockholms län.",
        "en": "I read '{text}' as Stockholm County (Stockholms län).",
    },
}


def place_note(match: PlaceMatch, language: Language = "sv") -> str | None:
    """The note that tells the user how an ambiguous place word was read, if it needs one."""
    if match.note is None:
        return None
    return PLACE_NOTES[match.note][language].format(text=match.text)


def find_foreign_places(text: str) -> list[str]:
    """Places abroad, as written; the data only covers Sweden."""
    return [t.text for t in _tokens(text) if t.lower in FOREIGN_PLACES]


def find_districts(text: str) -> list[tuple[str, Place]]:
    """Parts of a municipality (Arlanda, Kista) with the municipality they lie in."""
    places = kommun_places()
    return [(t.text, places[DISTRICTS[t.lower]]) for t in _tokens(text) if t.lower in DISTRICTS]


# ------------------------------------------------------------------------------- sectors

TRANSPORTER = "Transporter"
UPPVARMNING = "Egen uppvärmning av bostäder och lokaler"
EL_FJARRVARME = "El och fjärrvärme"
UTRIKES = "Utrikes transporter"
INDUSTRI = "Industri (energi + processer)"
JORDBRUK = "Jordbruk"
ARBETSMASKINER = "Arbetsmaskiner"
AVFALL = "Avfall (inkl.avlopp)"
PRODUKTANVANDNING = "Produktanvändning (inkl. lösningsmedel)"

# Everyday words -> SMHI sector. One-word entries are stems: they also match their inflections
# ("trafiken", "jordbrukets") and compounds with "utsläpp"/"sektor" ("transportutsläppen",
# "uppvärmningsutsläpp", "transportsektorn"), never a longer word ("elbilar" is not "el").
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    TRANSPORTER: (
        "transport", "transporter", "trafik", "vägtrafik", "biltrafik", "bil", "bilar",
        "personbil", "personbilar", "lastbil", "lastbilar", "buss", "bussar", "fordon",
        "inrikes flyg", "inrikes transporter", "inrikesflyg", "vägtransporter",
        "road traffic", "road transport", "traffic", "transportation", "cars", "domestic aviation",
    ),
    UPPVARMNING: (
        "uppvärmning", "egen uppvärmning", "oljepanna", "oljepannor", "oljeeldning",
        "uppvärmning av bostäder", "heating", "individual heating", "oil boilers",
    ),
    EL_FJARRVARME: (
        "el", "fjärrvärme", "el och fjärrvärme", "elproduktion", "elproduktionen",
        "energiförsörjning", "kraftvärme", "district heating", "electricity",
        "power generation", "energy supply",
    ),
    UTRIKES: (
        "utrikes transporter", "utrikes flyg", "flyg utrikes", "utrikesflyg", "utrikes flyget",
        "utrikes sjöfart", "sjöfart utrikes", "internationella transporter",
        "internationellt flyg", "internationell sjöfart", "bunkring", "bunkers",
        "international aviation", "international shipping", "international transport",
        "international flights",
    ),
    INDUSTRI: ("industri", "industry", "industries", "industrial"),
    JORDBRUK: ("jordbruk", "lantbruk", "agriculture", "farming", "agricultural"),
    ARBETSMASKINER: (
        "arbetsmaskin", "arbetsmaskiner", "byggmaskiner", "non road machinery", "machinery",
        "work machinery", "construction machinery",
    ),
    AVFALL: ("avfall", "avlopp", "avfallshantering", "waste", "sewage", "wastewater"),
    PRODUKTANVANDNING: ("produktanvändning", "lösningsmedel", "product use", "solvents",
                        "solvent use"),
}

# Endings a stem may take ("trafik-en", "jordbruk-ets") and the tails that make a compound about
# emissions ("transport-utsläppen", "uppvärmning-s-utsläpp", "transport-sektorn").
INFLECTIONS = ("", "en", "et", "n", "ns", "ens", "ets", "s", "er", "erna", "ernas", "ar", "arna",
               "arnas", "na", "nas")
COMPOUND_TAILS = ("utsläpp", "sektor")

# Words that name a sector only half: domestic flights are in Transporter, international ones in
# Utrikes transporter; "energi" may be El och fjärrvärme or Industri (energi + processer).
AMBIGUOUS_SECTOR_STEMS: dict[str, tuple[str, ...]] = {
    "flyg": (TRANSPORTER, UTRIKES), "flygtrafik": (TRANSPORTER, UTRIKES),
    "sjöfart": (TRANSPORTER, UTRIKES), "aviation": (TRANSPORTER, UTRIKES),
    "flights": (TRANSPORTER, UTRIKES), "shipping": (TRANSPORTER, UTRIKES),
    "energi": (EL_FJARRVARME, INDUSTRI), "energy": (EL_FJARRVARME, INDUSTRI),
}


@dataclass(frozen=True)
class SectorMatch:
    sector: str  # SMHI's name, as in the data
    text: str  # the words as written, e.g. "vägtrafiken"
    start: int
    end: int

    @property
    def needs_note(self) -> bool:
        # "transporter" -> Transporter explains itself; "vägtrafik" -> Transporter does not.
        first = fold(self.sector.split()[0])
        return not fold(self.text).startswith(first[: max(4, min(len(first), 8))])


@cache
def _sector_phrases() -> list[tuple[tuple[str, ...], str]]:
    """(words, sector), longest first, so "utrikes transporter" wins over "transporter"."""
    phrases = [(tuple(w.lower() for w in _TOKEN.findall(p)), sector)
               for sector, words in SECTOR_WORDS.items() for p in words]
    return sorted(phrases, key=lambda p: len(p[0]), reverse=True)


def find_sector_matches(text: str) -> list[SectorMatch]:
    """Every sector word in the text, in order, none overlapping."""
    tokens = _tokens(text)
    matches: list[SectorMatch] = []
    i = 0
    while i < len(tokens):
        found = _sector_at(tokens, i)
        if found is None:
            i += 1
            continue
        sector, n = found
        matches.append(SectorMatch(sector, text[tokens[i].start:tokens[i + n - 1].end],
                                   tokens[i].start, tokens[i + n - 1].end))
        i += n
    return matches


@cache
def _sector_phrases_by_initial() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    by_initial: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, sector in _sector_phrases():
        by_initial.setdefault(words[0][0], []).append((words, sector))
    return by_initial


def _sector_at(tokens: list[_Token], i: int) -> tuple[str, int] | None:
    for words, sector in _sector_phrases_by_initial().get(tokens[i].lower[:1], ()):
        n = len(words)
        window = [t.lower for t in tokens[i:i + n]]
        if len(window) == n and window[:-1] == list(words[:-1]) and _stem_matches(
                window[-1], words[-1], multiword=n > 1):
            return sector, n
    return None


def _stem_matches(word: str, stem: str, multiword: bool) -> bool:
    if word == stem:
        return True
    rest = word[len(stem):] if word.startswith(stem) else None
    if rest is None:
        return False
    if rest in INFLECTIONS:
        return stem != "el" or rest == "en"  # "elen" yes; "els", "elar" are not words
    return not multiword and any(rest.removeprefix(link).startswith(tail)
                                 for link in ("s", "") for tail in COMPOUND_TAILS)


def find_sector(text: str) -> str | None:
    """The first SMHI sector the text names, or None (= all sectors, SMHI's Totalt)."""
    matches = find_sector_matches(text)
    return matches[0].sector if matches else None


def find_ambiguous_sector_word(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A word like "flyget" or "energiutsläppen" that names two sectors, unless a full sector
    phrase covers it ("utrikes flyget")."""
    covered = [(m.start, m.end) for m in find_sector_matches(text)]
    for token in _tokens(text):
        if any(s <= token.start < e for s, e in covered):
            continue
        for stem, sectors in AMBIGUOUS_SECTOR_STEMS.items():
            if _stem_matches(token.lower, stem, multiword=False):
                return token.text, sectors
    return None


SECTOR_NOTE: dict[Language, str] = {
    "sv": "Jag tolkar '{text}' som SMHI:s sektor {sector}.",
    "en": "I read '{text}' as SMHI's sector {sector}.",
}


def sector_note(match: SectorMatch, language: Language = "sv") -> str | None:
    if not match.needs_note:
        return None
    return SECTOR_NOTE[language].format(text=match.text, sector=match.sector)


# ------------------------------------------------------------------------- the 290 kommuner

# (SCB kommunkod, name as spelled in the data, county). Generated once from
# shared/data/population.csv (codes and names) and emissions_by_sector.csv (the `lan` column).
KOMMUNER: tuple[tuple[str, str, str], ...] = (
    ("0114", "Upplands Väsby", "Stockholms län"),
    ("0115", "Vallentuna", "Stockholms län"),
    ("0117", "Österåker", "Stockholms län"),
    ("0120", "Värmdö", "Stockholms län"),
    ("0123", "Järfälla", "Stockholms län"),
    ("0125", "Ekerö", "Stockholms län"),
    ("0126", "Huddinge", "Stockholms län"),
    ("0127", "Botkyrka", "Stockholms län"),
    ("0128", "Salem", "Stockholms län"),
    ("0136", "Haninge", "Stockholms län"),
    ("0138", "Tyresö", "Stockholms län"),
    ("0139", "Upplands-Bro", "Stockholms län"),
    ("0140", "Nykvarn", "Stockholms län"),
    ("0160", "Täby", "Stockholms län"),
    ("0162", "Danderyd", "Stockholms län"),
    ("0163", "Sollentuna", "Stockholms län"),
    ("0180", "Stockholm", "Stockholms län"),
    ("0181", "Södertälje", "Stockholms län"),
    ("0182", "Nacka", "Stockholms län"),
    ("0183", "Sundbyberg", "Stockholms län"),
    ("0184", "Solna", "Stockholms län"),
    ("0186", "Lidingö", "Stockholms län"),
    ("0187", "Vaxholm", "Stockholms län"),
    ("0188", "Norrtälje", "Stockholms län"),
    ("0191", "Sigtuna", "Stockholms län"),
    ("0192", "Nynäshamn", "Stockholms län"),
    ("0305", "Håbo", "Uppsala län"),
    ("0319", "Älvkarleby", "Uppsala län"),
    ("0330", "Knivsta", "Uppsala län"),
    ("0331", "Heby", "Uppsala län"),
    ("0360", "Tierp", "Uppsala län"),
    ("0380", "Uppsala", "Uppsala län"),
    ("0381", "Enköping", "Uppsala län"),
    ("0382", "Östhammar", "Uppsala län"),
    ("0428", "Vingåker", "Södermanlands län"),
    ("0461", "Gnesta", "Södermanlands län"),
    ("0480", "Nyköping", "Södermanlands län"),
    ("0481", "Oxelösund", "Södermanlands län"),
    ("0482", "Flen", "Södermanlands län"),
    ("0483", "Katrineholm", "Södermanlands län"),
    ("0484", "Eskilstuna", "Södermanlands län"),
    ("0486", "Strängnäs", "Södermanlands län"),
    ("0488", "Trosa", "Södermanlands län"),
    ("0509", "Ödeshög", "Östergötlands län"),
    ("0512", "Ydre", "Östergötlands län"),
    ("0513", "Kinda", "Östergötlands län"),
    ("0560", "Boxholm", "Östergötlands län"),
    ("0561", "Åtvidaberg", "Östergötlands län"),
    ("0562", "Finspång", "Östergötlands län"),
    ("0563", "Valdemarsvik", "Östergötlands län"),
    ("0580", "Linköping", "Östergötlands län"),
    ("0581", "Norrköping", "Östergötlands län"),
    ("0582", "Söderköping", "Östergötlands län"),
    ("0583", "Motala", "Östergötlands län"),
    ("0584", "Vadstena", "Östergötlands län"),
    ("0586", "Mjölby", "Östergötlands län"),
    ("0604", "Aneby", "Jönköpings län"),
    ("0617", "Gnosjö", "Jönköpings län"),
    ("0642", "Mullsjö", "Jönköpings län"),
    ("0643", "Habo", "Jönköpings län"),
    ("0662", "Gislaved", "Jönköpings län"),
    ("0665", "Vaggeryd", "Jönköpings län"),
    ("0680", "Jönköping", "Jönköpings län"),
    ("0682", "Nässjö", "Jönköpings län"),
    ("0683", "Värnamo", "Jönköpings län"),
    ("0684", "Sävsjö", "Jönköpings län"),
    ("0685", "Vetlanda", "Jönköpings län"),
    ("0686", "Eksjö", "Jönköpings län"),
    ("0687", "Tranås", "Jönköpings län"),
    ("0760", "Uppvidinge", "Kronobergs län"),
    ("0761", "Lessebo", "Kronobergs län"),
    ("0763", "Tingsryd", "Kronobergs län"),
    ("0764", "Alvesta", "Kronobergs län"),
    ("0765", "Älmhult", "Kronobergs län"),
    ("0767", "Markaryd", "Kronobergs län"),
    ("0780", "Växjö", "Kronobergs län"),
    ("0781", "Ljungby", "Kronobergs län"),
    ("0821", "Högsby", "Kalmar län"),
    ("0834", "Torsås", "Kalmar län"),
    ("0840", "Mörbylånga", "Kalmar län"),
    ("0860", "Hultsfred", "Kalmar län"),
    ("0861", "Mönsterås", "Kalmar län"),
    ("0862", "Emmaboda", "Kalmar län"),
    ("0880", "Kalmar", "Kalmar län"),
    ("0881", "Nybro", "Kalmar län"),
    ("0882", "Oskarshamn", "Kalmar län"),
    ("0883", "Västervik", "Kalmar län"),
    ("0884", "Vimmerby", "Kalmar län"),
    ("0885", "Borgholm", "Kalmar län"),
    ("0980", "Gotland", "Gotlands län"),
    ("1060", "Olofström", "Blekinge län"),
    ("1080", "Karlskrona", "Blekinge län"),
    ("1081", "Ronneby", "Blekinge län"),
    ("1082", "Karlshamn", "Blekinge län"),
    ("1083", "Sölvesborg", "Blekinge län"),
    ("1214", "Svalöv", "Skåne län"),
    ("1230", "Staffanstorp", "Skåne län"),
    ("1231", "Burlöv", "Skåne län"),
    ("1233", "Vellinge", "Skåne län"),
    ("1256", "Östra Göinge", "Skåne län"),
    ("1257", "Örkelljunga", "Skåne län"),
    ("1260", "Bjuv", "Skåne län"),
    ("1261", "Kävlinge", "Skåne län"),
    ("1262", "Lomma", "Skåne län"),
    ("1263", "Svedala", "Skåne län"),
    ("1264", "Skurup", "Skåne län"),
    ("1265", "Sjöbo", "Skåne län"),
    ("1266", "Hörby", "Skåne län"),
    ("1267", "Höör", "Skåne län"),
    ("1270", "Tomelilla", "Skåne län"),
    ("1272", "Bromölla", "Skåne län"),
    ("1273", "Osby", "Skåne län"),
    ("1275", "Perstorp", "Skåne län"),
    ("1276", "Klippan", "Skåne län"),
    ("1277", "Åstorp", "Skåne län"),
    ("1278", "Båstad", "Skåne län"),
    ("1280", "Malmö", "Skåne län"),
    ("1281", "Lund", "Skåne län"),
    ("1282", "Landskrona", "Skåne län"),
    ("1283", "Helsingborg", "Skåne län"),
    ("1284", "Höganäs", "Skåne län"),
    ("1285", "Eslöv", "Skåne län"),
    ("1286", "Ystad", "Skåne län"),
    ("1287", "Trelleborg", "Skåne län"),
    ("1290", "Kristianstad", "Skåne län"),
    ("1291", "Simrishamn", "Skåne län"),
    ("1292", "Ängelholm", "Skåne län"),
    ("1293", "Hässleholm", "Skåne län"),
    ("1315", "Hylte", "Hallands län"),
    ("1380", "Halmstad", "Hallands län"),
    ("1381", "Laholm", "Hallands län"),
    ("1382", "Falkenberg", "Hallands län"),
    ("1383", "Varberg", "Hallands län"),
    ("1384", "Kungsbacka", "Hallands län"),
    ("1401", "Härryda", "Västra Götalands län"),
    ("1402", "Partille", "Västra Götalands län"),
    ("1407", "Öckerö", "Västra Götalands län"),
    ("1415", "Stenungsund", "Västra Götalands län"),
    ("1419", "Tjörn", "Västra Götalands län"),
    ("1421", "Orust", "Västra Götalands län"),
    ("1427", "Sotenäs", "Västra Götalands län"),
    ("1430", "Munkedal", "Västra Götalands län"),
    ("1435", "Tanum", "Västra Götalands län"),
    ("1438", "Dals-Ed", "Västra Götalands län"),
    ("1439", "Färgelanda", "Västra Götalands län"),
    ("1440", "Ale", "Västra Götalands län"),
    ("1441", "Lerum", "Västra Götalands län"),
    ("1442", "Vårgårda", "Västra Götalands län"),
    ("1443", "Bollebygd", "Västra Götalands län"),
    ("1444", "Grästorp", "Västra Götalands län"),
    ("1445", "Essunga", "Västra Götalands län"),
    ("1446", "Karlsborg", "Västra Götalands län"),
    ("1447", "Gullspång", "Västra Götalands län"),
    ("1452", "Tranemo", "Västra Götalands län"),
    ("1460", "Bengtsfors", "Västra Götalands län"),
    ("1461", "Mellerud", "Västra Götalands län"),
    ("1462", "Lilla Edet", "Västra Götalands län"),
    ("1463", "Mark", "Västra Götalands län"),
    ("1465", "Svenljunga", "Västra Götalands län"),
    ("1466", "Herrljunga", "Västra Götalands län"),
    ("1470", "Vara", "Västra Götalands län"),
    ("1471", "Götene", "Västra Götalands län"),
    ("1472", "Tibro", "Västra Götalands län"),
    ("1473", "Töreboda", "Västra Götalands län"),
    ("1480", "Göteborg", "Västra Götalands län"),
    ("1481", "Mölndal", "Västra Götalands län"),
    ("1482", "Kungälv", "Västra Götalands län"),
    ("1484", "Lysekil", "Västra Götalands län"),
    ("1485", "Uddevalla", "Västra Götalands län"),
    ("1486", "Strömstad", "Västra Götalands län"),
    ("1487", "Vänersborg", "Västra Götalands län"),
    ("1488", "Trollhättan", "Västra Götalands län"),
    ("1489", "Alingsås", "Västra Götalands län"),
    ("1490", "Borås", "Västra Götalands län"),
    ("1491", "Ulricehamn", "Västra Götalands län"),
    ("1492", "Åmål", "Västra Götalands län"),
    ("1493", "Mariestad", "Västra Götalands län"),
    ("1494", "Lidköping", "Västra Götalands län"),
    ("1495", "Skara", "Västra Götalands län"),
    ("1496", "Skövde", "Västra Götalands län"),
    ("1497", "Hjo", "Västra Götalands län"),
    ("1498", "Tidaholm", "Västra Götalands län"),
    ("1499", "Falköping", "Västra Götalands län"),
    ("1715", "Kil", "Värmlands län"),
    ("1730", "Eda", "Värmlands län"),
    ("1737", "Torsby", "Värmlands län"),
    ("1760", "Storfors", "Värmlands län"),
    ("1761", "Hammarö", "Värmlands län"),
    ("1762", "Munkfors", "Värmlands län"),
    ("1763", "Forshaga", "Värmlands län"),
    ("1764", "Grums", "Värmlands län"),
    ("1765", "Årjäng", "Värmlands län"),
    ("1766", "Sunne", "Värmlands län"),
    ("1780", "Karlstad", "Värmlands län"),
    ("1781", "Kristinehamn", "Värmlands län"),
    ("1782", "Filipstad", "Värmlands län"),
    ("1783", "Hagfors", "Värmlands län"),
    ("1784", "Arvika", "Värmlands län"),
    ("1785", "Säffle", "Värmlands län"),
    ("1814", "Lekeberg", "Örebro län"),
    ("1860", "Laxå", "Örebro län"),
    ("1861", "Hallsberg", "Örebro län"),
    ("1862", "Degerfors", "Örebro län"),
    ("1863", "Hällefors", "Örebro län"),
    ("1864", "Ljusnarsberg", "Örebro län"),
    ("1880", "Örebro", "Örebro län"),
    ("1881", "Kumla", "Örebro län"),
    ("1882", "Askersund", "Örebro län"),
    ("1883", "Karlskoga", "Örebro län"),
    ("1884", "Nora", "Örebro län"),
    ("1885", "Lindesberg", "Örebro län"),
    ("1904", "Skinnskatteberg", "Västmanlands län"),
    ("1907", "Surahammar", "Västmanlands län"),
    ("1960", "Kungsör", "Västmanlands län"),
    ("1961", "Hallstahammar", "Västmanlands län"),
    ("1962", "Norberg", "Västmanlands län"),
    ("1980", "Västerås", "Västmanlands län"),
    ("1981", "Sala", "Västmanlands län"),
    ("1982", "Fagersta", "Västmanlands län"),
    ("1983", "Köping", "Västmanlands län"),
    ("1984", "Arboga", "Västmanlands län"),
    ("2021", "Vansbro", "Dalarnas län"),
    ("2023", "Malung-Sälen", "Dalarnas län"),
    ("2026", "Gagnef", "Dalarnas län"),
    ("2029", "Leksand", "Dalarnas län"),
    ("2031", "Rättvik", "Dalarnas län"),
    ("2034", "Orsa", "Dalarnas län"),
    ("2039", "Älvdalen", "Dalarnas län"),
    ("2061", "Smedjebacken", "Dalarnas län"),
    ("2062", "Mora", "Dalarnas län"),
    ("2080", "Falun", "Dalarnas län"),
    ("2081", "Borlänge", "Dalarnas län"),
    ("2082", "Säter", "Dalarnas län"),
    ("2083", "Hedemora", "Dalarnas län"),
    ("2084", "Avesta", "Dalarnas län"),
    ("2085", "Ludvika", "Dalarnas län"),
    ("2101", "Ockelbo", "Gävleborgs län"),
    ("2104", "Hofors", "Gävleborgs län"),
    ("2121", "Ovanåker", "Gävleborgs län"),
    ("2132", "Nordanstig", "Gävleborgs län"),
    ("2161", "Ljusdal", "Gävleborgs län"),
    ("2180", "Gävle", "Gävleborgs län"),
    ("2181", "Sandviken", "Gävleborgs län"),
    ("2182", "Söderhamn", "Gävleborgs län"),
    ("2183", "Bollnäs", "Gävleborgs län"),
    ("2184", "Hudiksvall", "Gävleborgs län"),
    ("2260", "Ånge", "Västernorrlands län"),
    ("2262", "Timrå", "Västernorrlands län"),
    ("2280", "Härnösand", "Västernorrlands län"),
    ("2281", "Sundsvall", "Västernorrlands län"),
    ("2282", "Kramfors", "Västernorrlands län"),
    ("2283", "Sollefteå", "Västernorrlands län"),
    ("2284", "Örnsköldsvik", "Västernorrlands län"),
    ("2303", "Ragunda", "Jämtlands län"),
    ("2305", "Bräcke", "Jämtlands län"),
    ("2309", "Krokom", "Jämtlands län"),
    ("2313", "Strömsund", "Jämtlands län"),
    ("2321", "Åre", "Jämtlands län"),
    ("2326", "Berg", "Jämtlands län"),
    ("2361", "Härjedalen", "Jämtlands län"),
    ("2380", "Östersund", "Jämtlands län"),
    ("2401", "Nordmaling", "Västerbottens län"),
    ("2403", "Bjurholm", "Västerbottens län"),
    ("2404", "Vindeln", "Västerbottens län"),
    ("2409", "Robertsfors", "Västerbottens län"),
    ("2417", "Norsjö", "Västerbottens län"),
    ("2418", "Malå", "Västerbottens län"),
    ("2421", "Storuman", "Västerbottens län"),
    ("2422", "Sorsele", "Västerbottens län"),
    ("2425", "Dorotea", "Västerbottens län"),
    ("2460", "Vännäs", "Västerbottens län"),
    ("2462", "Vilhelmina", "Västerbottens län"),
    ("2463", "Åsele", "Västerbottens län"),
    ("2480", "Umeå", "Västerbottens län"),
    ("2481", "Lycksele", "Västerbottens län"),
    ("2482", "Skellefteå", "Västerbottens län"),
    ("2505", "Arvidsjaur", "Norrbottens län"),
    ("2506", "Arjeplog", "Norrbottens län"),
    ("2510", "Jokkmokk", "Norrbottens län"),
    ("2513", "Överkalix", "Norrbottens län"),
    ("2514", "Kalix", "Norrbottens län"),
    ("2518", "Övertorneå", "Norrbottens län"),
    ("2521", "Pajala", "Norrbottens län"),
    ("2523", "Gällivare", "Norrbottens län"),
    ("2560", "Älvsbyn", "Norrbottens län"),
    ("2580", "Luleå", "Norrbottens län"),
    ("2581", "Piteå", "Norrbottens län"),
    ("2582", "Boden", "Norrbottens län"),
    ("2583", "Haparanda", "Norrbottens län"),
    ("2584", "Kiruna", "Norrbottens län"),
)
