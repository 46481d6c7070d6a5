"""Place and sector names as people write them -> the codes and names in the data.

`find_places` reads municipalities (all 290, SCB codes), Stockholms län (and the other counties
when written with "län") and Sweden out of free text, in the forms people use: genitive
("Huddinges", "Lidingös"), with "kommun"/"stad", with or without hyphen ("Upplands Bro",
"upplandsbro"), lower case, without diacritics ("Sodertalje") and with small typos ("Huddnge").
`find_sector` maps everyday words ("vägtrafik", "fjärrvärme", "transportutsläpp") to SMHI's sector
names exactly as they are spelled in the data.

The 290 municipalities are data, `assistant/data/kommuner.csv` (SCB code, name as spelled in
the data, county), read once; everything else is stdlib matching. Sector words are in
`figures/sectors.py`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from assistant.figures.query import Place
from assistant.language import Language
from assistant.reference import COUNTIES, KOMMUNER

STOCKHOLMS_LAN = Place("01", "Stockholms län", "lan")
SVERIGE = Place("00", "Sverige", "riket")
STOCKHOLM_CODE = "0180"


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

WORD_PATTERN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Token:
    text: str  # as written
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower(), m.start(), m.end())
            for m in WORD_PATTERN.finditer(text)]


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
    return [t.lower for t in tokenize(name)]


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
    tokens = tokenize(text)
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


def _phrase_at(tokens: list[Token], i: int) -> Found | None:
    for phrase in _phrase_index().get(tokens[i].lower, ()):
        n = len(phrase.words)
        if tuple(t.lower for t in tokens[i:i + n]) == phrase.words:
            return (phrase.place, phrase.note), n
    return None


def _kommun_at(tokens: list[Token], i: int) -> Found | None:
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


def _typo_candidate(words: list[Token]) -> bool:
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


def _acceptable(code: str, tokens: list[Token], i: int, n: int) -> bool:
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


def _ordinary_word_at_start(tokens: list[Token], after: int) -> bool:
    if after >= len(tokens):
        return False
    following = tokens[after]
    if following.lower in _VERBS_AFTER_WORD:
        return True
    return (following.lower in ("och", "eller", "and", "or") and after + 1 < len(tokens)
            and not tokens[after + 1].capitalised)


def _kommun_note(place: Place, tokens: list[Token], after: int) -> NoteKey | None:
    # "Stockholm" alone may mean the city or the county; "Stockholms stad/kommun" is the city.
    if place.code != STOCKHOLM_CODE:
        return None
    following = tokens[after].lower if after < len(tokens) else ""
    return None if following in KOMMUN_WORDS or following == "city" else "stockholm"


def _extend_over_kommun_word(tokens: list[Token], i: int, used: int) -> int:
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
    return [t.text for t in tokenize(text) if t.lower in FOREIGN_PLACES]


def find_districts(text: str) -> list[tuple[str, Place]]:
    """Parts of a municipality (Arlanda, Kista) with the municipality they lie in."""
    places = kommun_places()
    return [(t.text, places[DISTRICTS[t.lower]]) for t in tokenize(text) if t.lower in DISTRICTS]
