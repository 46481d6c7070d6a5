"""The question as words, and the data years in it.

`Words` matches the vocabulary's phrases (whole words, in order), stems (the start of a word)
and endings; `read_years` reads plain years, ranges ("2015–2024", "mellan 2010 och 2022") and the
ends of a period ("sedan 2010", "till 2020"), leaving out target years ("netto noll 2045").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.figures.reader.vocabulary import (
    FROM_WORDS,
    LAST_DATA_YEAR,
    TARGET_WORDS,
    TARGET_YEARS,
    TO_WORDS,
    YEAR_FILLERS,
)

WORD = re.compile(r"[^\W_]+")
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_RANGE = re.compile(
    r"(?:\b(mellan|between|från|from)\s+)?(?:år\s+|året\s+)?(1[89]\d\d|20\d\d)\s*"
    r"(och|and|till|to|until|–|—|-)\s*(?:år\s+)?(1[89]\d\d|20\d\d)(?!\d)")


@cache
def split_words(phrase: str) -> tuple[str, ...]:
    return tuple(WORD.findall(phrase.lower()))


@dataclass(frozen=True)
class Words:
    """The question as lower-case words, with the three ways the tables are matched."""

    items: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        return cls(split_words(text))

    def has(self, *phrases: str) -> bool:
        return any(self._find(split_words(p)) >= 0 for p in phrases)

    def has_stem(self, *stems: str) -> bool:
        return any(w.startswith(s) for w in self.items for s in stems)

    def starts(self, *phrases: str) -> bool:
        return any(self.items[:len(split_words(p))] == split_words(p) for p in phrases)

    def has_ending(self, *endings: str) -> bool:
        return any(w.endswith(e) for w in self.items for e in endings)

    def ends(self, *phrases: str) -> bool:
        return any(split_words(p) and self.items[-len(split_words(p)):] == split_words(p)
                   for p in phrases)

    def first(self, *phrases: str) -> str | None:
        """The first of `phrases` the question contains, as written in the table."""
        return next((p for p in phrases if self._find(split_words(p)) >= 0), None)

    def first_stem(self, *stems: str) -> str | None:
        """The first word of the question that starts with one of `stems`."""
        return next((w for w in self.items for s in stems if w.startswith(s)), None)

    def index(self, phrase: str) -> int:
        """Where `phrase` starts among the words, or -1."""
        return self._find(split_words(phrase))

    def _find(self, words: tuple[str, ...]) -> int:
        n = len(words)
        for i in range(len(self.items) - n + 1):
            if self.items[i:i + n] == words:
                return i
        return -1


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
    for m in YEAR.finditer(lower):
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
    before = WORD.findall(lower[max(0, m.start() - 40):m.start()])[-2:]
    after = WORD.findall(lower[m.end():m.end() + 20])[:1]
    return year in TARGET_YEARS and (
        any(w in TARGET_WORDS for w in before)
        or any(w.startswith(("mål", "target", "goal")) for w in after))


def _year_role(before: str) -> str | None:
    words = [w for w in WORD.findall(before)[-3:] if w not in YEAR_FILLERS]
    last = words[-1] if words else ""
    if last in FROM_WORDS:
        return "from"
    if last in TO_WORDS:
        return "to"
    return None
