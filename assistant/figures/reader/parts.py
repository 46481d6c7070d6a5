"""What every builder of the reader shares: the query with the common fields, the notes on
how ambiguous words were read, a missing place, and the period of a change."""

from __future__ import annotations

import re

from assistant.figures.compute import BASE_YEAR
from assistant.figures.places import (
    PlaceMatch,
    place_note,
)
from assistant.figures.query import Measure, Period, Place, Query, Selection, Statistic
from assistant.figures.reader.classify import clarify
from assistant.figures.reader.reading import (
    Reading,
    asks_mean_change,
    asks_rate,
    per_capita,
)
from assistant.figures.reader.words import Years
from assistant.figures.request import Interpretation
from assistant.figures.sectors import sector_note
from assistant.figures.texts import t

# ----------------------------------------------------------------------------- shared parts


def notes_for(r: Reading, places: tuple[PlaceMatch, ...] | None = None) -> list[str]:
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
            notes.append(t("co2e", r.language))
    return notes


def query(r: Reading, statistic: Statistic | None = None, selection: Selection | None = None,
          period: Period | None = None, notes: list[str] | None = None,
          places: tuple[Place, ...] | None = None, **measure: object) -> Interpretation:
    """A query with what every operation shares (places, measure, language, notes)."""
    fields: dict[str, object] = {
        "indicator": r.indicator or "emissions",
        "sectors": r.distinct_sectors if r.indicator is None else (),
        "per_capita": per_capita(r.words),
        "category": r.category,
    }
    fields.update(measure)
    period = period or Period()
    shown = list(notes_for(r) if notes is None else notes)
    if r.latest_phrase and not r.years.all and period.year is None:
        shown.append(t("latest_year", r.language))
    q = Query(statistic=statistic or Statistic(), selection=selection or Selection(),
              measure=Measure(**fields),  # type: ignore[arg-type]
              places=r.distinct_places if places is None else places, period=period,
              notes=tuple(shown), language=r.language)
    return Interpretation(request=q, notes=q.notes)


def needs_place(r: Reading) -> Interpretation | None:
    if r.places:
        return None
    unknown = unknown_place_word(r.question)
    if unknown:
        return clarify("unknown_place", r, "unknown_place", name=unknown)
    return clarify("which_place", r, "needs_place")


def unknown_place_word(question: str) -> str | None:
    """A capitalised word after "i/för/in/for" that is no place we know ("i Smålandsstenar")."""
    m = re.search(r"\b(?:i|för|in|for|från|from)\s+([A-ZÅÄÖ][a-zåäöé]{2,})", question)
    return m.group(1) if m else None


def one_year(years: Years) -> int | None:
    return years.plain[0] if years.plain else None


def span(years: Years) -> tuple[int | None, int | None]:
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


def change_period(r: Reading, notes: list[str]) -> Period | Interpretation:
    """The period of a change or a rate: a range, "sedan X", the last N years, one year (the
    change during it), or 1990 (the base year) when no start is given."""
    start, end = span(r.years)
    if r.last_years and not r.years.all:
        return Period(last_years=r.last_years)
    if start is not None and end is None and r.years.plain and r.years.from_year is None:
        # "Hur mycket minskade utsläppen 2020?" asks about the year 2020 itself, not since 2020
        year = r.years.plain[0]
        notes.append(t("one_year_change", r.language, year=year, prev=year - 1))
        return Period(from_year=year - 1, to_year=year)
    if start is None:
        start = BASE_YEAR
        notes.append(t("base_year", r.language))
    return Period(from_year=start, to_year=end)


def statistic_of_change(r: Reading) -> Statistic:
    """A change, or an average yearly rate when the question asks per year."""
    if asks_rate(r.words):
        r.use("per_year", "average", "mean_change", "speed")
        return Statistic("rate", rate="mean_change" if asks_mean_change(r.words) else "cagr")
    return Statistic("change")


