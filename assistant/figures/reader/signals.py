"""The words in a question that change the operation, and the conditions of a filter.

`find_signals(reading)` lists every operation-changing word the question contains, by signal
name, with the words as written (for the question back). The builders record the signals they
use (`Reading.use`); `reader/coverage.py` turns any signal left unused into an incomplete
reading. `find_condition` reads a filter's test: a threshold ("mer än 30 procent", "under
2 ton") or a reference ("lägre än länet", "över rikssnittet").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.figures.query import Condition, Reference
from assistant.figures.reader import reading as rd
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.reading import ALL_CHANGE_STEMS, Reading
from assistant.figures.reader.words import Words
from assistant.figures.sectors import SUBSECTOR_WORDS

# Signals that no operation of the algebra uses: a question with one of them is declined
# ("unsupported") rather than answered without it.
UNSUPPORTED = ("unsupported_statistic", "forecast", "ratio", "subsector")


@dataclass(frozen=True)
class Threshold:
    comparator: str  # "above" / "below", as written ("mer än" -> above)
    value: float
    unit: str  # "%", "procentenheter", "t" or "" (the measure's own unit)
    text: str


def find_signals(r: Reading) -> dict[str, str]:
    """Signal name -> the words that carry it, for every operation-changing signal found."""
    if "signals" not in r.cache:
        r.cache["signals"] = _signals(r)
    return r.cache["signals"]  # type: ignore[return-value]


def _signals(r: Reading) -> dict[str, str]:
    w = r.words
    found: dict[str, str] = {}
    checks: list[tuple[str, bool, str | None]] = [
        ("average", rd.asks_average(w) and not rd.asks_mean_change(w),
         w.first_stem(*v.AVERAGE_STEMS) or w.first(*v.AVERAGE_PHRASES)),
        ("mean_change", rd.asks_mean_change(w), w.first(*v.MEAN_CHANGE_PHRASES)),
        ("sum", rd.asks_sum(w), w.first_stem(*v.SUM_STEMS) or w.first(*v.SUM_PHRASES)),
        ("count", count_phrase(w) is not None, count_phrase(w)),
        ("superlative", rd.superlative(w),
         w.first(*v.ASC_WORDS, *v.DESC_WORDS, *v.GOOD_WORDS, *v.BAD_WORDS)),
        ("speed", rd.asks_speed(w), w.first(*v.SPEED_WORDS)),
        ("per_year", rd.per_year(w), w.first(*v.PER_YEAR_PHRASES) or w.first_stem(
            *v.PER_YEAR_STEMS)),
        ("exclusion", w.has(*v.EXCLUSION_WORDS), w.first(*v.EXCLUSION_WORDS)),
        ("ratio", w.has(*v.RATIO_WORDS), w.first(*v.RATIO_WORDS)),
        # A vehicle type is less than a sector in an emissions question; the car indicators
        # ("personbilar i trafik") are about exactly those vehicles.
        ("subsector", r.indicator is None and w.has(*SUBSECTOR_WORDS),
         w.first(*SUBSECTOR_WORDS)),
        ("unsupported_statistic", _has_any(w, v.UNSUPPORTED_STATISTICS),
         _first_any(w, v.UNSUPPORTED_STATISTICS)),
        ("value_range", _value_range(r.question) is not None, _value_range(r.question)),
        ("forecast", w.has(*v.FORECAST_PHRASES), w.first(*v.FORECAST_PHRASES)),
        ("which_year", rd.asks_which_year(w), w.first(*v.WHICH_YEAR_PHRASES)),
        ("share", rd.wants_share(w), w.first(*v.SHARE_PHRASES)),
        ("change", rd.wants_change(w), _change_word(w)),
        ("trend", rd.wants_trend(w), w.first_stem(*v.TREND_STEMS) or w.first(*v.TREND_PHRASES)),
        ("compare", rd.wants_comparison(w), w.first_stem(*v.COMPARE_STEMS) or w.first(
            *v.COMPARE_WORDS)),
        ("breakdown", rd.wants_breakdown(w), w.first(*v.BREAKDOWN_PHRASES) or "sektorerna"),
        ("percent", w.has(*v.PERCENT_WORDS) or "%" in r.question,
         w.first(*v.PERCENT_WORDS) or "%"),
    ]
    for name, present, text in checks:
        if present:
            found[name] = text or name
    threshold = find_threshold(r.question)
    if threshold:
        found["threshold"] = threshold.text
    reference = find_reference(r.question)
    if reference:
        found["reference"] = reference.text
    return found


def _has_any(w: Words, entries: tuple[str, ...]) -> bool:
    """Single words of `entries` as stems, several words as phrases."""
    return w.has_stem(*(e for e in entries if " " not in e)) or w.has(
        *(e for e in entries if " " in e))


def _first_any(w: Words, entries: tuple[str, ...]) -> str | None:
    return w.first_stem(*(e for e in entries if " " not in e)) or w.first(
        *(e for e in entries if " " in e))


def _value_range(question: str) -> str | None:
    """"mellan 1 och 2 ton": two numbers that are not years."""
    for m in v.VALUE_RANGE.finditer(question.lower()):
        if not all(re.fullmatch(r"(1[89]|20)\d\d", n) for n in m.groups()):
            return m.group(0)
    return None


def _change_word(w: Words) -> str | None:
    return w.first_stem(*ALL_CHANGE_STEMS) or w.first(*v.CHANGE_PHRASES)


# Words that may stand between "hur många" and what is counted: "hur många av länets kommuner".
_COUNT_FILLERS = frozenset({"av", "de", "the", "of", "länets", "stockholms", "sveriges", "i"})


def count_phrase(w: Words) -> str | None:
    """"hur många kommuner", "antalet län", "how many municipalities": a count of places."""
    items = w.items
    for opener in v.COUNT_OPENERS:
        at = w.index(opener)
        if at < 0:
            continue
        for word in items[at + len(opener.split()):at + len(opener.split()) + 4]:
            if word in v.MUNICIPALITY_NOUNS or word in v.COUNTY_NOUNS:
                return f"{opener} {word}"
            if word not in _COUNT_FILLERS:
                break
    return None


def counts_counties(w: Words) -> bool:
    phrase = count_phrase(w) or ""
    return phrase.split()[-1:] in (["län"], ["länen"], ["county"], ["counties"])


def find_threshold(question: str) -> Threshold | None:
    """A comparison word followed by a number that is not a year: "mer än 30 procent"."""
    lower = question.lower().replace("\u2212", "-")
    for m in v.THRESHOLD.finditer(lower):
        number, unit = m.group("num"), (m.group("unit") or "").strip()
        if re.fullmatch(r"(1[89]|20)\d\d", number) and not unit:
            continue  # "under 2020", "över 2015" are years
        digits = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".")
        value = (float(v.THRESHOLD_NUMBER_WORDS[number]) if number in v.THRESHOLD_NUMBER_WORDS
                 else float(digits))
        comparator = "above" if m.group("cmp") in v.ABOVE_WORDS else "below"
        shown = {"%": "%", "procent": "%", "percent": "%", "per cent": "%",
                 "procentenheter": "procentenheter", "percentage points": "procentenheter",
                 "ton": "t", "tonnes": "t", "tons": "t", "t": "t", "kiloton": "kt",
                 "kt": "kt"}.get(unit, "")
        return Threshold(comparator, value, shown, m.group(0).strip())
    return None


_COMPARATIVE = re.compile(
    r"\b(?P<cmp>högre|lägre|större|mindre|mer|fler|färre|bättre|sämre|higher|lower|larger"
    r"|smaller|greater|more|less|fewer|better|worse)\b(?:\s+\S+){0,6}?\s+"
    r"(?:än|than|jämfört med|compared with|compared to|relative to)\s+(?P<ref>.{1,60})")
_PREPOSITION = re.compile(r"\b(?P<cmp>över|under|above|below|over)\s+(?P<ref>.{1,60})")


@dataclass(frozen=True)
class ReferenceMatch:
    reference: Reference
    comparator: str  # "above" / "below"
    text: str  # the words as written, lower case
    start: int  # where the reference (after "än") starts in the question


def find_reference(question: str) -> ReferenceMatch | None:
    """"lägre utsläpp per invånare än länet", "över rikssnittet", "higher than the national
    average": the county's or Sweden's own value as the filter's reference."""
    lower = question.lower()
    for pattern in (_COMPARATIVE, _PREPOSITION):
        for m in pattern.finditer(lower):
            ref_text = re.sub(r"^(the|hela)\s+", "", m.group("ref").strip(" ?.!,"))
            reference = _reference_at(ref_text)
            if reference is None:
                continue
            comparator = "above" if m.group("cmp") in v.HIGHER_WORDS else "below"
            return ReferenceMatch(reference, comparator, m.group(0).strip(" ?.!,"),
                                  m.start("ref"))
    return None


def _reference_at(text: str) -> Reference | None:
    text = re.sub(r"[?.!,]", " ", text).strip()
    words = text.split()
    first_two = " ".join(words[:2])
    for phrase in sorted(v.COUNTY_REFERENCE, key=len, reverse=True):
        if text.startswith(phrase + " ") or text == phrase:
            return "county"
    for phrase in sorted(v.SWEDEN_REFERENCE, key=len, reverse=True):
        if text.startswith(phrase + " ") or text == phrase:
            return "sweden"
    if (words and words[0] in v.AVERAGE_REFERENCE) or first_two in v.AVERAGE_REFERENCE:
        # "än genomsnittet i riket" / "than the average in Sweden"; the county by default
        rest = " ".join(words[1:4])
        if any(s in rest.split() for s in ("riket", "sverige", "landet", "sweden", "national",
                                           "country")):
            return "sweden"
        return "county"
    return None


def find_condition(r: Reading, unit_is_percent: bool) -> Condition | None:
    """The filter's test, from a reference ("lägre än länet") or a threshold ("mer än 30 %");
    a decrease by more than X % is a change below -X %."""
    reference = find_reference(r.question)
    if reference:
        return Condition(reference.comparator,  # type: ignore[arg-type]
                         reference=reference.reference)
    threshold = find_threshold(r.question)
    if threshold is None:
        return None
    value, comparator = threshold.value, threshold.comparator
    decrease = unit_is_percent and r.words.has_stem(*v.REDUCE_STEMS) and value > 0
    if decrease:
        # "minskat med mer än 30 procent" -> change < -30; "minskat med mindre än 5 %" is two
        # tests at once (a decrease, but a small one) and is declined by the builder.
        value = -value
        comparator = "below" if comparator == "above" else "above"
    return Condition(comparator, threshold=value, as_decrease=decrease)  # type: ignore[arg-type]
