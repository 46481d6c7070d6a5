"""Building the query: which operation a figure question asks for, and its fields.

`build(reading)` chooses one builder (`choose`), which returns an `Interpretation` with a
`Query`, or a question back. Each builder records, with `Reading.use`, the operation-changing
words it used; the coverage check (reader/coverage.py) compares them with the words found.
Rankings and filters are built in `reader/sets.py`; what all builders share is in
`reader/parts.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.figures.indicators import spec
from assistant.figures.places import (
    STOCKHOLMS_LAN,
    SVERIGE,
)
from assistant.figures.query import Period, Place, Statistic
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.classify import clarify, transport_target_named
from assistant.figures.reader.parts import (
    change_period,
    needs_place,
    notes_for,
    one_year,
    query,
    span,
    statistic_of_change,
)
from assistant.figures.reader.reading import (
    Reading,
    asks_average,
    asks_rate,
    asks_sum,
    asks_which_year,
    has_metric,
    is_ranking,
    per_capita,
    per_year,
    superlative,
    wants_breakdown,
    wants_change,
    wants_comparison,
    wants_share,
    wants_trend,
)
from assistant.figures.reader.sets import filter_, is_filter, ranking, sector_ranking, year_ranking
from assistant.figures.request import Interpretation
from assistant.figures.targets import TRANSPORT_2030
from assistant.figures.texts import t

Builder = Callable[[Reading], Interpretation]


def build(r: Reading) -> Interpretation:
    return choose(r)(r)


def choose(r: Reading) -> Builder:
    w = r.words
    if r.indicator is not None:
        if is_filter(r) and spec(r.indicator).rankable:
            return filter_
        rankable = r.indicator not in ("national", "climate_plan")
        return ranking if is_ranking(r) and rankable else _indicator
    if r.path:
        return _path
    if is_filter(r):
        return filter_
    if _share_of_whole(r) and not is_ranking(r):
        return _share_of
    if wants_share(w) and not wants_breakdown(w) and not r.kommuner and is_ranking(r):
        return ranking  # "Vilken kommun har störst andel transportutsläpp?"
    if wants_breakdown(w) and (wants_change(w) or asks_rate(w)) and r.places:
        return sector_ranking  # "Vilken sektor har ökat mest i Sigtuna sedan 2010?"
    if wants_breakdown(w) or wants_share(w):
        return _share
    if asks_which_year(w) and superlative(w) and len(r.distinct_places) == 1:
        return year_ranking  # "Vilket år var utsläppen högst i Nacka?"
    if is_ranking(r):
        return ranking
    if asks_rate(w) and not wants_trend(w):
        return _rate
    if asks_average(w) and w.has(*v.MUNICIPALITY_NOUNS):
        return _mean_of_places  # "medelutsläppet i länets kommuner"
    if asks_average(w) and per_capita(w) and not r.years.period and not r.last_years:
        return _value  # "en genomsnittlig invånare": emissions per inhabitant
    if per_year(w) and r.years.period and not (wants_change(w) or asks_average(w)
                                               or asks_sum(w)):
        return _trend  # "utsläppen per år 2020–2024": year by year
    if asks_sum(w) and len(r.distinct_places) > 1:
        return _comparison  # "Nacka och Värmdö tillsammans": places are not added up
    if (asks_average(w) or asks_sum(w)) and not (asks_sum(w) and len(r.distinct_sectors) > 1
                                                  and not r.years.period):
        return _aggregate
    if wants_trend(w):
        return _trend
    if wants_change(w) or (r.years.from_year is not None and r.years.to_year is not None):
        return _change
    if wants_comparison(w) or len(r.distinct_places) >= 2:
        # "Jämför Nackas utsläpp 2015 och 2024" compares two years of one place, and "Jämför
        # Nacka och Värmdö 2015 och 2024" two places across two years: both are changes.
        if len(r.years.plain) >= 2:
            return _change
        # "Jämför transporter och industri i Nacka": two sectors of one place side by side
        one_place = len(r.distinct_places) < 2 and len(r.distinct_sectors) >= 2
        return _value if one_place else _comparison
    if r.last_years:
        return _trend  # "Nackas utsläpp de senaste 10 åren"
    if len(r.years.plain) >= 2:
        return _change
    if r.years.from_year is not None or r.years.to_year is not None:
        return _trend  # "Nackas utsläpp sedan 2010": the series from 2010
    return _value


# ----------------------------------------------------------------------------- one place


def _value(r: Reading) -> Interpretation:
    notes = notes_for(r)
    w = r.words
    r.use("per_year")  # emissions are yearly amounts: "utsläpp per år" is the value
    if asks_average(w) and per_capita(w):
        r.use("average")  # "en genomsnittlig invånare" is emissions per inhabitant
    if len(r.distinct_sectors) > 1:
        r.use("compare", "sum")  # sectors side by side, and their sum
    if not has_metric(r) and w.has(*v.LOOK_PHRASES) and not r.years.all:
        notes.append(t("look", r.language))
    return needs_place(r) or query(r, period=Period(year=one_year(r.years)), notes=notes)


def _change(r: Reading) -> Interpretation:
    return _changed(r, lambda: Statistic("change"))


def _rate(r: Reading) -> Interpretation:
    return _changed(r, lambda: statistic_of_change(r))


def _changed(r: Reading, statistic: Callable[[], Statistic]) -> Interpretation:
    """A change over a period: the change itself, or a rate of it (per year, percent a year)."""
    missing = needs_place(r)
    if missing:
        return missing
    r.use("change", "percent", "compare")
    chosen = statistic()  # marks the rate words it reads as used, so it runs before the notes
    notes = notes_for(r)
    period = change_period(r, notes)
    if isinstance(period, Interpretation):
        return period
    return query(r, chosen, period=period, notes=notes)


def _aggregate(r: Reading) -> Interpretation:
    """The mean or the sum of the yearly values over a range of years."""
    missing = needs_place(r)
    if missing:
        return missing
    w = r.words
    name = "sum" if asks_sum(w) and not asks_average(w) else "mean"
    r.use("average" if name == "mean" else "sum", "per_year")
    start, end = span(r.years)
    ranged = r.years.period or r.years.from_year is not None
    if r.last_years and not r.years.all:
        period = Period(last_years=r.last_years)
    elif start is None or not ranged:
        return clarify("which_years_" + name, r, "ambiguous")
    else:
        period = Period(from_year=start, to_year=end)
    return query(r, Statistic(name), period=period)  # type: ignore[arg-type]


def _mean_of_places(r: Reading) -> Interpretation:
    return clarify("mean_of_places", r, "unsupported")


def _trend(r: Reading) -> Interpretation:
    r.use("trend", "per_year", "change", "compare")
    start, end = span(r.years)
    last = r.last_years if not r.years.all else None
    return needs_place(r) or query(r, Statistic("series"),
                                   period=Period(from_year=start, to_year=end, last_years=last))


def _comparison(r: Reading) -> Interpretation:
    missing = needs_place(r)
    if missing:
        return missing
    r.use("compare", "superlative", "reference", "per_year")
    if len(r.distinct_places) < 2:
        return clarify("compare_with", r, "needs_place", name=r.distinct_places[0].name)
    if asks_sum(r.words):
        return clarify("sum_of_places", r, "unsupported")
    return query(r, period=Period(year=one_year(r.years)))


def _share(r: Reading) -> Interpretation:
    missing = needs_place(r)
    if missing:
        return missing
    r.use("share", "breakdown", "percent", "superlative")
    if not r.sectors and not wants_breakdown(r.words):
        return clarify("which_sector_share", r, "ambiguous", name=r.distinct_places[0].name)
    return query(r, Statistic("share"), period=Period(year=one_year(r.years)))


def _share_of_whole(r: Reading) -> tuple[Place, Place] | None:
    """(part, whole) for "Hur stor andel av länets utsläpp står Nacka för?"."""
    if not wants_share(r.words):
        return None
    places = r.distinct_places
    rank = {"kommun": 0, "lan": 1, "riket": 2}
    wholes = [p for p in places if p.level in ("lan", "riket")]
    for whole in wholes:
        parts = [p for p in places if rank[p.level] < rank[whole.level]]
        if len(parts) == 1 and len(places) == 2:
            return parts[0], whole
    return None


def _share_of(r: Reading) -> Interpretation:
    part, whole = _share_of_whole(r)  # type: ignore[misc]
    r.use("share", "percent")
    if per_capita(r.words):
        return clarify("share_per_capita", r, "ambiguous", name=part.name)
    if whole.level == "lan" and not (part.level == "kommun" and part.code[:2] == whole.code):
        return clarify("which_place", r, "ambiguous")
    share_of = "sweden" if whole.level == "riket" else "county"
    return query(r, Statistic("share", share_of=share_of),  # type: ignore[arg-type]
                 period=Period(year=one_year(r.years)),
                 places=(part, whole) if whole.level == "lan" and whole != STOCKHOLMS_LAN
                 else (part,))


# ----------------------------------------------------------------------------- paths


def _path(r: Reading) -> Interpretation:
    missing = needs_place(r)
    if missing:
        return missing
    r.use("per_year", "change", "percent", "average", "superlative")
    target = "sweden_2045"
    sectors = r.distinct_sectors
    if transport_target_named(r) and "2045" not in r.question:
        target = TRANSPORT_2030.key
        others = [s for s in sectors if s != TRANSPORT_2030.sector]
        if others:
            return clarify("transport_target_sector", r, "target", sector=others[0])
        sectors = (TRANSPORT_2030.sector,)  # type: ignore[assignment]
    # "sedan 2010" in a path question asks for the change so far as well
    period = Period(year=one_year(r.years), from_year=r.years.from_year)
    return query(r, Statistic("path", target=target), period=period, sectors=sectors)


# ----------------------------------------------------------------------------- indicators


def _indicator(r: Reading) -> Interpretation:
    w = r.words
    r.use("trend", "change", "which_year", "count", "percent", "per_year")
    if r.indicator in ("ev_share", "cars_by_fuel", "climate_plan", "kk"):
        # "andel laddbara bilar", "andel elbilar i trafik": the share is the indicator itself.
        # Of a national category ("andel av de konsumtionsbaserade utsläppen") it is not.
        r.use("share")
    if r.indicator == "climate_plan":
        r.use("exclusion")  # "utan klimatplan": the list of municipalities without one
    places = r.distinct_places
    if r.indicator == "national" and not places:
        places = (SVERIGE,)  # the national categories exist for Sweden only
    elif r.indicator == "climate_plan" and not places and is_ranking(r):
        places = (STOCKHOLMS_LAN,)  # "Vilka kommuner i länet saknar klimatplan?": the list
    elif not places:
        missing = needs_place(r)
        if missing:
            return missing
    series = (r.years.period or wants_trend(w) or bool(r.last_years)) and (
        r.indicator not in ("kk", "climate_plan"))  # Klimatkollen's "trend" is one value
    start, end = span(r.years) if series else (None, None)
    last = r.last_years if series and not r.years.all else None
    statistic = Statistic("series" if series else "value")
    period = Period(year=None if start is not None or last else one_year(r.years),
                    from_year=start, to_year=end, last_years=last)
    return query(r, statistic, period=period, places=places)

