"""Sector names as people write them -> SMHI's sector names exactly as spelled in the data.

`find_sector_matches` maps everyday words ("vägtrafik", "fjärrvärme", "transportutsläpp") to the
nine SMHI sectors; words that name two sectors ("flyget", "energi") are flagged so the reader can
ask back instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from assistant.figures.places import WORD_PATTERN, Token, fold, tokenize
from assistant.language import Language

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
        "transport", "transporter", "trafik", "vägtrafik", "biltrafik", "bil", "bilar", "fordon",
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

# Parts of a sector that SMHI's nine main sectors do not split out: a question about one of
# them asks for less than the sector ("personbilarnas andel" is not Transporter's).
SUBSECTOR_WORDS = ("personbil", "personbilar", "personbilarna", "personbilarnas", "lastbil",
                   "lastbilar", "lastbilarna", "tunga fordon", "buss", "bussar", "bussarna",
                   "passenger cars", "trucks", "lorries", "buses", "heavy vehicles")

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
    phrases = [(tuple(w.lower() for w in WORD_PATTERN.findall(p)), sector)
               for sector, words in SECTOR_WORDS.items() for p in words]
    return sorted(phrases, key=lambda p: len(p[0]), reverse=True)


def find_sector_matches(text: str) -> list[SectorMatch]:
    """Every sector word in the text, in order, none overlapping."""
    tokens = tokenize(text)
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


def _sector_at(tokens: list[Token], i: int) -> tuple[str, int] | None:
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
    for token in tokenize(text):
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
