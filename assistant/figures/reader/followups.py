"""Follow-up questions: "Och för Nacka?", "Samma för 2015", "What about Nacka?".

The previous query with the named parts replaced. The rules (the user cannot see them):
- A place replaces the previous places; after a comparison it is added instead, and after a
  ranking or a filter it becomes the focus or the set (Stockholms län / Sverige set the scope).
- A year replaces the one year. For a range (change, rate, mean, sum, trend) it moves the start,
  unless it is written "till 2020" or is later than the previous end year, when it moves the
  end; a range ("mellan 2015 och 2020") replaces both. A path ignores years.
- "per invånare" switches per capita on; "i ton"/"absoluta tal" switches it off. A sector word
  sets the sector; "totalt"/"alla sektorer" goes back to the total.
- A word for another operation ("som diagram", "jämför med Värmdö", "förändringen") switches
  the operation.
- Notes are those of the follow-up only; the previous notes were shown with the previous answer.
"""

from __future__ import annotations

from assistant.figures.compute import BASE_YEAR
from assistant.figures.places import STOCKHOLMS_LAN, SVERIGE
from assistant.figures.query import Period, Query, Statistic
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.classify import clarify
from assistant.figures.reader.parts import notes_for, span
from assistant.figures.reader.reading import (
    Reading,
    has_metric,
    is_ranking,
    per_capita,
    wants_change,
    wants_comparison,
    wants_trend,
)
from assistant.figures.request import Interpretation
from assistant.figures.texts import t
from assistant.language import Language, language_scores

RANGED = ("change", "rate", "mean", "sum", "series")


def kind_of(q: Query) -> str:
    """The operation a follow-up can switch between: value, comparison, change, trend, ..."""
    if q.selection.kind != "places":
        return q.selection.kind
    if not q.measure.is_emissions:
        return "indicator"
    if q.statistic.name == "value":
        return "comparison" if len(q.places) > 1 else "value"
    return "trend" if q.statistic.name == "series" else q.statistic.name


def is_follow_up(r: Reading, previous: Query | None) -> bool:
    w = r.words
    marked = (w.starts(*v.FOLLOW_UP_OPENERS) or w.ends(*v.FOLLOW_UP_CLOSERS)) and bool(w.items)
    complete = (has_metric(r) or r.indicator is not None) and bool(r.places or is_ranking(r))
    if marked and not complete:
        # "Och?" alone still refers back; "Och vad är netto noll?" is a new question.
        return names_something(r) or previous is None or len(w.items) <= 2
    if previous is None:
        return False
    short = len(w.items) <= 5 and not has_metric(r) and r.indicator is None
    placeless = has_metric(r) and not r.places and not is_ranking(r)
    return (short and names_something(r)) or placeless


def names_something(r: Reading) -> bool:
    w = r.words
    return bool(r.places or r.sectors or r.years.all or r.last_years or per_capita(w)
                or wants_trend(w)
                or w.has(*v.TOTAL_PHRASES, *v.ABSOLUTE_PHRASES) or has_metric(r)
                or wants_comparison(w))


def follow_up(r: Reading, previous: Query | None) -> Interpretation:
    if previous is None:
        return clarify("follow_up_alone", r, "ambiguous")
    language = _language(r, previous)
    r = r.with_language(language)
    kind = _kind(r, previous)
    start = _switch(previous, kind)
    r.use("trend", "compare", "change", "per_year", "percent")
    changes = {**_places(r, start, kind), **_measure(r, start), **_years(r, start, kind)}
    if kind == kind_of(previous) and not changes:
        return clarify("follow_up_unclear", r, "ambiguous")
    notes = notes_for(r)
    q = start.with_(language=language)
    for part, values in _group(changes).items():
        q = q.with_(**values) if part == "" else getattr(q, f"with_{part}")(**values)
    if kind == "comparison" and len(q.places) < 2:
        name = q.places[0].name if q.places else "?"
        return clarify("compare_with", r, "needs_place", name=name)
    if kind in ("change", "rate") and q.period.from_year is None and not q.period.last_years:
        q = q.with_period(from_year=BASE_YEAR)
        notes.append(t("base_year", language))
    q = q.with_(notes=tuple(notes))
    return Interpretation(request=q, notes=q.notes)


def _group(changes: dict[str, object]) -> dict[str, dict[str, object]]:
    """Split "measure.per_capita"-style keys by the part of the query they change."""
    parts: dict[str, dict[str, object]] = {}
    for key, value in changes.items():
        part, _, name = key.rpartition(".")
        parts.setdefault(part, {})[name] = value
    return parts


def _switch(previous: Query, kind: str) -> Query:
    """A new operation keeps the place, sector and per capita, but not the years of the old one
    ("Och som diagram?" after a value for 2024 is the whole series, not 2024)."""
    if kind == kind_of(previous) or kind == "comparison":
        return previous
    statistic = {"trend": Statistic("series"), "change": Statistic("change")}[kind]
    return previous.with_(statistic=statistic,
                          period=Period(last_years=previous.period.last_years))


def _language(r: Reading, previous: Query) -> Language:
    swedish, english = language_scores(r.question)
    return previous.language if swedish == english == 0 else r.language


def _kind(r: Reading, previous: Query) -> str:
    w, kind = r.words, kind_of(previous)
    if wants_trend(w) and kind in ("value", "change", "comparison"):
        return "trend"
    if wants_comparison(w) and r.places and kind in ("value", "trend"):
        return "comparison"
    if wants_change(w) and kind in ("value", "trend"):
        return "change"
    return kind


def _places(r: Reading, previous: Query, kind: str) -> dict[str, object]:
    places = r.distinct_places
    if not places:
        return {}
    if kind in ("ranking", "filter"):
        kommuner = [p for p in places if p.level == "kommun"]
        changes: dict[str, object] = {}
        if kommuner and kind == "ranking":
            changes["selection.focus"] = kommuner[0]
        elif kommuner:
            changes["places"] = tuple(kommuner)
        if SVERIGE in places:
            changes["selection.scope"] = "riket"
        elif STOCKHOLMS_LAN in places:
            changes["selection.scope"] = "lan"
        return changes
    if kind == "comparison":
        return {"places": tuple(dict.fromkeys(previous.places + places))}
    return {"places": places}


def _measure(r: Reading, previous: Query) -> dict[str, object]:
    w, m = r.words, previous.measure
    changes: dict[str, object] = {}
    if r.distinct_sectors:
        changes["measure.sectors"] = r.distinct_sectors
    elif w.has(*v.TOTAL_PHRASES) and m.sectors:
        changes["measure.sectors"] = ()
    if per_capita(w):
        changes["measure.per_capita"] = True
    elif w.has(*v.ABSOLUTE_PHRASES) or (w.has(*v.TOTAL_PHRASES) and not m.sectors):
        changes["measure.per_capita"] = False
    return {k: val for k, val in changes.items()
            if getattr(m, k.split(".")[1]) != val}


def _years(r: Reading, previous: Query, kind: str) -> dict[str, object]:
    years, p = r.years, previous.period
    ranged = previous.statistic.name in RANGED or kind in ("change", "trend")
    if r.last_years and not years.all and (ranged or kind == "ranking"):
        return _period_changes(p, Period(last_years=r.last_years))
    if not years.all or kind == "path":
        return {}
    if p.last_years:  # explicit years replace "de senaste N åren"
        return {**_years(r, previous.with_period(last_years=None), kind),
                "period.last_years": None}
    if not ranged:
        return {"period.year": years.plain[0] if years.plain else years.all[0]}
    if (years.from_year is not None and years.to_year is not None) or len(years.plain) >= 2:
        start, end = span(years)
        return {"period.from_year": start, "period.to_year": end}
    if years.to_year is not None:
        return {"period.to_year": years.to_year}
    year = years.from_year if years.from_year is not None else years.plain[0]
    if p.to_year is not None and year > p.to_year:
        return {"period.to_year": year}
    return {"period.from_year": year}


def _period_changes(old: Period, new: Period) -> dict[str, object]:
    return {f"period.{k}": getattr(new, k) for k in ("year", "from_year", "to_year",
                                                       "last_years")
            if getattr(old, k) != getattr(new, k)}
