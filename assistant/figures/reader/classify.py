"""Before building a query: is the question about figures at all, and can the data answer it?

In the order `interpret` asks them:

1. `is_knowledge_question`: "Vad säger klimatfärdplanen om transporter?", "Varför ...": the
   documents answer; a place name alone never makes a question a figure question.
2. `own_operations`: an organisation's own emissions ("Region Stockholms egna utsläpp") are not
   the territory's, which is all the statistics hold: declined, reason "own_operations".
3. `target_question`: "Vilket mål har Sverige för transporterna till 2030?": a target is stated
   in documents, not in the data: declined, reason "target" (the two paths the engine computes,
   to 2045 and to the 2030 transport target, are read as paths instead).
4. `is_figure_question`: a metric, or a place with a figure-shaped ask.
5. `problem`: what makes a figure question unanswerable (a place abroad, a year outside the
   data, a gas or land use) or unclear (a half sector word, a district).
"""

from __future__ import annotations

import re

from assistant.figures.places import SVERIGE, find_districts, find_foreign_places
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.reading import (
    Reading,
    asks_average,
    asks_rate,
    has_metric,
    is_ranking,
    per_capita,
    wants_change,
    wants_comparison,
    wants_share,
    wants_trend,
)
from assistant.figures.reader.signals import UNSUPPORTED, find_signals
from assistant.figures.reader.words import YEAR, split_words
from assistant.figures.request import Interpretation, Reason
from assistant.figures.sectors import find_ambiguous_sector_word
from assistant.figures.texts import alternatives, t


def clarify(key: str, r: Reading, reason: Reason, **values: object) -> Interpretation:
    return Interpretation(clarify=t(key, r.language, **values), reason=reason)


def refuse(key: str, r: Reading, reason: Reason, **values: object) -> Interpretation:
    return Interpretation(refuse=t(key, r.language, **values), reason=reason)


def is_knowledge_question(r: Reading) -> bool:
    w = r.words
    if w.has(*v.DATA_QUESTIONS):
        return False
    if w.has(*v.KNOWLEDGE_PHRASES):
        return True
    if w.has_stem(*v.KNOWLEDGE_STEMS) and not _plan_figure(r) and not w.has_stem(
            *v.TARGET_QUESTION_STEMS):
        return True
    if r.indicator == "climate_plan" and not r.places and not is_ranking(r) and not (
            w.has("hur många", "how many", "antal")):
        return True  # "Vad ska en klimatplan innehålla?" is about plans in general
    return w.starts(*v.DEFINITION_OPENERS) and not r.places and not r.years.all and not (
        is_ranking(r)) and not w.has_stem(*v.TARGET_QUESTION_STEMS)


def _plan_figure(r: Reading) -> bool:
    """"Hur mycket ska utsläppen minska till 2030 enligt RUFS?": a number a plan states (a
    quantity asked for, and a cut or a target year that is not the plan's name, "RUFS 2050")."""
    w = r.words
    if not (w.has_stem(*v.PLAN_STEMS) and w.has(*v.QUANTITY_PHRASES)):
        return False
    lower = r.question.lower()
    named = {int(m.group(2)) for m in re.finditer(r"(rufs|färdplan\w*)\s+(\d{4})", lower)}
    years = {int(y) for y in YEAR.findall(r.question)} - named
    return w.has_stem(*v.REDUCE_STEMS) or bool(years & v.TARGET_YEARS)


def document_cue(r: Reading) -> bool:
    """A cause asked for, or a figure attributed to a document rather than to the statistics:
    the documents answer (checked after targets and own operations, which say more)."""
    return r.words.has(*v.CAUSE_PHRASES) or _according_to_a_document(r)


def _according_to_a_document(r: Reading) -> bool:
    """"… enligt RUFS-uppföljningen", "according to the city's barometer": a figure a document
    states, which the statistics would answer with a different measure."""
    lower = r.question.lower()
    for word in v.ACCORDING_TO:
        at = lower.find(f"{word} ")
        if at >= 0:
            source = lower[at + len(word) + 1:]
            return not any(source.startswith(s) or f" {s}" in source[:40]
                           for s in v.STATISTICS_SOURCES)
    return False


def own_operations(r: Reading) -> Interpretation | None:
    w = r.words
    organisation = w.has(*v.ORGANISATION_NAMES) and w.has_stem(*v.ORGANISATION_IMPACT_STEMS)
    # The organisation owning or emitting ("Region Stockholms utsläpp"), not "i regionen".
    owner = bool(v.ORGANISATION_AS_OWNER.search(r.question)) and (
        has_metric(r) or w.has_stem(*v.ORGANISATION_IMPACT_STEMS) or w.has(
            *v.ORGANISATION_IMPACT_STEMS))
    if w.has(*v.OWN_OPERATIONS_PHRASES) or organisation or owner:
        return refuse("own_operations", r, "own_operations")
    return None


def target_question(r: Reading) -> Interpretation | None:
    """A question about a target or a plan's goal that is not one of the computed paths."""
    w = r.words
    if r.path and not _plan_figure(r):
        return None
    if w.has_stem(*v.TARGET_QUESTION_STEMS) or _plan_figure(r):
        return refuse("target_question", r, "target")
    return None


def is_figure_question(r: Reading) -> bool:
    w = r.words
    # Without a metric word, a place with a figure-shaped ask ("Visa utvecklingen för Huddinge",
    # "Jämför Nacka och Värmdö") is about emissions, the default figure.
    figure_shaped = bool(r.places) and (per_capita(w) or wants_trend(w) or wants_change(w)
                                        or wants_comparison(w))
    about_a_number = (has_metric(r) or r.indicator is not None or r.path or figure_shaped
                      or per_capita(w)
                      or w.has(*v.RANK_FOCUS_PHRASES)
                      or (bool(r.years.all) and (asks_rate(w) or asks_average(w)))
                      or (wants_change(w) and w.has(*v.RANK_PHRASES)))  # "Vilka kommuner har
    # minskat mest?" names no metric, but a ranking of change is one of emissions
    if not about_a_number and (_only_places_and_years(r) or (
            r.places and w.has(*v.LOOK_PHRASES))):
        return True
    if not about_a_number:
        return False
    return bool(r.places or r.years.all or is_ranking(r) or w.has(*v.QUANTITY_PHRASES)
                or per_capita(w) or wants_trend(w) or wants_change(w)
                or wants_comparison(w) or wants_share(w) or r.path)


def _only_places_and_years(r: Reading) -> bool:
    """"Nacka, Värmdö och Tyresö 2024": nothing but places, years and connecting words."""
    if not r.places or not r.years.all:
        return False
    place_words = {w for m in r.places for w in split_words(m.text)}
    years = {str(y) for y in r.years.all}
    return all(w in place_words or w in years or w in v.LIST_FILLERS for w in r.words.items)


def unreadable(r: Reading) -> Interpretation:
    """A bare metric ("utsläpp?") is clearly about figures but says nothing more: ask back."""
    if has_metric(r) and len(r.words.items) <= 3:
        return clarify("unreadable", r, "incomplete")
    return Interpretation()


def problem(r: Reading) -> Interpretation | None:
    """What makes a figure question unanswerable (refuse) or unclear (clarify)."""
    foreign = find_foreign_places(r.question)
    if foreign and not r.places:
        return refuse("foreign", r, "unknown_place", name=foreign[0])
    national = r.indicator == "national" and all(p == SVERIGE for p in r.distinct_places)
    for stems, phrases, key in v.UNSUPPORTED:
        if key == "lulucf" and national:
            continue  # LULUCF exists for Sweden as a whole (national_emissions.csv)
        if r.words.has_stem(*stems) or r.words.has(*phrases):
            return refuse(key, r, "no_data")
    for year in r.years.all:
        if year < v.FIRST_DATA_YEAR:
            return refuse("year_early", r, "missing_year", year=year)
        if year > v.LAST_DATA_YEAR:
            return refuse("year_future", r, "missing_year", year=year)
    return (_unsupported_operation(r) or _unclear_sector(r) or _district(r)
            or _path_to_other_year(r))


def _unsupported_operation(r: Reading) -> Interpretation | None:
    """Statistics the algebra does not have (a median, a forecast, a ratio): declined."""
    found = find_signals(r)
    for name in UNSUPPORTED:
        if name in found:
            key = {"unsupported_statistic": "unsupported_statistic", "forecast": "forecast",
                   "ratio": "ratio", "subsector": "subsector"}[name]
            return refuse(key, r, "unsupported", word=found[name])
    return None


def _unclear_sector(r: Reading) -> Interpretation | None:
    if r.indicator is not None:
        return None
    sectors = list(r.distinct_sectors)
    if len(sectors) > 1 and is_ranking(r):  # several sectors are computed one by one
        return clarify("one_sector", r, "ambiguous", options=alternatives(sectors, r.language))
    ambiguous = find_ambiguous_sector_word(r.question)
    if ambiguous and not sectors:
        word, options = ambiguous
        return clarify("ambiguous_sector", r, "ambiguous", word=word,
                       options=alternatives(list(options), r.language))
    return None


def _district(r: Reading) -> Interpretation | None:
    districts = find_districts(r.question)
    if not districts or r.kommuner:
        return None
    name, kommun = districts[0]
    return clarify("district", r, "unknown_place", district=name, kommun=kommun.name)


def _path_to_other_year(r: Reading) -> Interpretation | None:
    # "Hur mycket måste Nacka minska per år till 2030?": the 2045 path, and the 2030 transport
    # target for the sector Transporter, are the paths computed.
    if not r.path or "2045" in r.question or transport_target_named(r):
        return None
    other = [int(y) for y in YEAR.findall(r.question) if int(y) in v.TARGET_YEARS]
    return clarify("path_year", r, "target") if other else None


def transport_target_named(r: Reading) -> bool:
    """The 2030 transport target: "transportmålet", "-70 % till 2030", or 2030 with transport."""
    w = r.words
    if w.has_stem("transportmål") or w.has("transport target", "the transport target"):
        return True
    return "2030" in r.question and (bool(r.sectors) or w.has("70 procent", "70"))
