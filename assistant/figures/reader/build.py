"""Building the query: which operation a figure question asks for, and its fields.

`build(reading)` chooses one builder (`choose`), which returns an `Interpretation` with a
`Query`, or a question back. Each builder records, with `Reading.use`, the operation-changing
words it used; the coverage check (reader/coverage.py) compares them with the words found.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.figures.compute import BASE_YEAR
from assistant.figures.indicators import spec
from assistant.figures.places import (
    STOCKHOLMS_LAN,
    SVERIGE,
    PlaceMatch,
    in_stockholms_lan,
    place_note,
)
from assistant.figures.query import Condition, Measure, Period, Place, Query, Selection, Statistic
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.classify import clarify, transport_target_named
from assistant.figures.reader.reading import (
    Reading,
    asks_average,
    asks_mean_change,
    asks_rate,
    asks_speed,
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
from assistant.figures.reader.signals import (
    count_phrase,
    counts_counties,
    find_condition,
    find_reference,
    find_threshold,
)
from assistant.figures.reader.words import YEAR, Years
from assistant.figures.request import Interpretation
from assistant.figures.sectors import sector_note
from assistant.figures.targets import TRANSPORT_2030
from assistant.figures.texts import t

Builder = Callable[[Reading], Interpretation]


def build(r: Reading) -> Interpretation:
    return choose(r)(r)


def choose(r: Reading) -> Builder:
    w = r.words
    if r.indicator is not None:
        if is_filter(r) and spec(r.indicator).rankable:
            return _filter
        rankable = r.indicator not in ("national", "climate_plan")
        return _ranking if is_ranking(r) and rankable else _indicator
    if r.path:
        return _path
    if is_filter(r):
        return _filter
    if _share_of_whole(r) and not is_ranking(r):
        return _share_of
    if wants_share(w) and not wants_breakdown(w) and not r.kommuner and is_ranking(r):
        return _ranking  # "Vilken kommun har störst andel transportutsläpp?"
    if wants_breakdown(w) and (wants_change(w) or asks_rate(w)) and r.places:
        return _sector_ranking  # "Vilken sektor har ökat mest i Sigtuna sedan 2010?"
    if wants_breakdown(w) or wants_share(w):
        return _share
    if asks_which_year(w) and superlative(w) and len(r.distinct_places) == 1:
        return _year_ranking  # "Vilket år var utsläppen högst i Nacka?"
    if is_ranking(r):
        return _ranking
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
    unknown = _unknown_place_word(r.question)
    if unknown:
        return clarify("unknown_place", r, "unknown_place", name=unknown)
    return clarify("which_place", r, "needs_place")


def _unknown_place_word(question: str) -> str | None:
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


def _statistic_of_change(r: Reading) -> Statistic:
    """A change, or an average yearly rate when the question asks per year."""
    if asks_rate(r.words):
        r.use("per_year", "average", "mean_change", "speed")
        return Statistic("rate", rate="mean_change" if asks_mean_change(r.words) else "cagr")
    return Statistic("change")


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
    missing = needs_place(r)
    if missing:
        return missing
    r.use("change", "percent", "compare")
    notes = notes_for(r)
    period = change_period(r, notes)
    if isinstance(period, Interpretation):
        return period
    return query(r, Statistic("change"), period=period, notes=notes)


def _rate(r: Reading) -> Interpretation:
    missing = needs_place(r)
    if missing:
        return missing
    r.use("change", "percent", "compare")
    statistic = _statistic_of_change(r)
    notes = notes_for(r)
    period = change_period(r, notes)
    if isinstance(period, Interpretation):
        return period
    return query(r, statistic, period=period, notes=notes)


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


# ----------------------------------------------------------------------------- rankings


def _ranking_statistic(r: Reading) -> Statistic:
    w = r.words
    if wants_change(w) or asks_speed(w):
        r.use("change", "percent", "speed")
        if asks_rate(w):
            return _statistic_of_change(r)
        if asks_speed(w):  # "snabbast" is the fastest yearly rate
            return Statistic("rate")
        return Statistic("change")
    if wants_share(w):
        r.use("share", "percent")
        if (r.indicator is None and r.sectors) or r.indicator == "cars_by_fuel":
            return Statistic("share")
        if r.indicator is None and any(p.level in ("lan", "riket") for p in r.distinct_places):
            return Statistic("share", share_of="county")
    if asks_average(w) and (r.years.period or r.last_years):
        r.use("average", "per_year")
        return Statistic("mean")
    if asks_sum(w) and (r.years.period or r.last_years):
        r.use("sum")
        return Statistic("sum")
    return Statistic("value")


def _ranking(r: Reading) -> Interpretation:
    w = r.words
    r.use("superlative", "compare", "places", "per_year")
    statistic = _ranking_statistic(r)
    selection = Selection("ranking", order=_order(r, statistic.name), limit=_limit(r))
    r.use("top")
    period = Period(year=one_year(r.years))
    notes: list[str] = []
    if statistic.name in ("change", "rate", "mean", "sum"):
        start, end = span(r.years)
        if r.last_years and not r.years.all:
            period = Period(last_years=r.last_years)
        else:
            if start is None and statistic.name in ("change", "rate"):
                start = BASE_YEAR
                notes.append(t("base_year", r.language))
            period = Period(from_year=start, to_year=end)
    county_level = w.has(*v.COUNTY_RANK_PHRASES) or (
        r.places and not r.kommuner and w.has(*v.RANK_FOCUS_PHRASES)
        and not w.has_stem("kommun", "municipalit"))
    if county_level:
        # "Vilket län har lägst utsläpp per invånare?", "Var hamnar länet?": the 21 counties
        focus = next((m.place for m in r.places if m.place.level == "lan"), None)
        return query(r, statistic, Selection("ranking", "lan", "riket", selection.order,
                                             selection.limit, focus),
                     period, notes_for(r, ()) + notes, places=())
    focus_match = r.kommuner[0] if r.kommuner else None
    focus = focus_match.place if focus_match else None
    if len({m.place for m in r.kommuner}) > 1:
        r.uses.discard("places")  # a second municipality is neither the focus nor the scope
    notes = notes_for(r, (focus_match,) if focus_match else ()) + notes
    # Another county ("i Skåne") is named as the place to rank within; Stockholms län is the
    # default and needs no place.
    counties = tuple(m.place for m in r.places
                     if m.place.level == "lan" and m.place != STOCKHOLMS_LAN)[:1]
    scope = "riket" if any(m.place == SVERIGE for m in r.places) else "lan"
    if focus and not in_stockholms_lan(focus) and scope == "lan" and not counties:
        scope = "riket"
        notes.append(t("scope_sweden", r.language, name=focus.name))
    return query(r, statistic, Selection("ranking", "kommuner", scope,  # type: ignore[arg-type]
                                         selection.order, selection.limit, focus),
                 period, notes, places=counties)


def _sector_ranking(r: Reading) -> Interpretation:
    """A place's sectors ordered by their change: "Vilken sektor har ökat mest i Sigtuna?"."""
    r.use("breakdown", "superlative", "change", "percent", "top")
    statistic = _statistic_of_change(r)
    notes = notes_for(r)
    period = change_period(r, notes)
    if isinstance(period, Interpretation):
        return period
    if len(r.distinct_places) != 1:
        return clarify("which_place", r, "needs_place")
    selection = Selection("ranking", "sektorer", order=_order(r, "change"), limit=_limit(r))
    return query(r, statistic, selection, period, notes, sectors=())


def _year_ranking(r: Reading) -> Interpretation:
    """The years of one place ordered by their value: "Vilket år var utsläppen högst?"."""
    r.use("which_year", "superlative", "trend")
    order = _order(r, "value")
    return query(r, Statistic("value"), Selection("ranking", "år", order=order, limit=1))


def _order(r: Reading, by: str = "value") -> str:
    w = r.words
    if by in ("change", "rate"):
        # "minskat mest" lists the largest decrease (the most negative change) first
        most = not w.has(*v.ASC_WORDS, *v.SLOW_WORDS) or w.has(*v.DESC_WORDS)
        if w.has(*v.GOOD_WORDS, *v.BAD_WORDS):
            return "asc" if w.has(*v.GOOD_WORDS) else "desc"
        if w.has_stem(*v.REDUCE_STEMS):
            return "asc" if most else "desc"
        return "desc" if most else "asc"
    better_high = r.indicator is not None and spec(r.indicator).more_is_better
    if w.has(*v.GOOD_WORDS):
        low = not better_high
    elif w.has(*v.BAD_WORDS):
        low = better_high
    else:
        low = w.has(*v.ASC_WORDS) and not w.has(*v.DESC_WORDS)
    return "asc" if low else "desc"


def _limit(r: Reading) -> int | None:
    """"de fem högsta" -> 5, "topp 3" -> 3, "Vilken kommun ..." -> 1, a whole list -> None."""
    years = {str(y) for y in YEAR.findall(r.question)}
    items = r.words.items
    for i, word in enumerate(items):
        if i and items[i - 1] == "per":
            continue
        if i + 1 < len(items) and items[i + 1] in ("år", "åren", "years", "ton", "tonnes",
                                                   "procent", "percent", "procentenheter"):
            continue  # "de senaste 10 åren" is a period and "2 ton" a value, not a top 10
        if word in v.NUMBER_WORDS:
            return v.NUMBER_WORDS[word]
        if word.isdigit() and word not in years and 0 < int(word) <= 100:
            return int(word)
    if r.words.has(*v.SINGLE_RANK_PHRASES) and not r.kommuner:
        return 1
    return None


# ----------------------------------------------------------------------------- filters


def is_filter(r: Reading) -> bool:
    """A question that selects places by a test, not by rank: a threshold ("mer än 30
    procent"), a count ("hur många kommuner"), a reference ("lägre än länet") or an
    increase/decrease ("Vilka kommuner har ökat sina utsläpp?")."""
    w = r.words
    if r.path:
        return False
    if find_threshold(r.question) is not None:
        return True
    if count_phrase(w) is not None and r.indicator != "climate_plan":
        return True
    listing = w.has(*v.LIST_OPENERS, "hur många", "how many") and (
        w.has(*v.MUNICIPALITY_NOUNS, *v.COUNTY_NOUNS) or wants_breakdown(w))
    if find_reference(r.question) is not None and (listing or not r.kommuner):
        return True
    return (listing and wants_change(w) and not superlative(w) and not asks_speed(w)
            and len(r.kommuner) != 1)


def _filter(r: Reading) -> Interpretation:
    w = r.words
    r.use("threshold", "reference", "count", "superlative", "compare", "percent", "places")
    statistic = _filter_statistic(r)
    percent = statistic.name in ("change", "rate") or (statistic.name == "share")
    threshold = find_threshold(r.question)
    if threshold and percent and w.has_stem(*v.REDUCE_STEMS) and threshold.comparator == "below":
        return clarify("small_decrease", r, "ambiguous", words=threshold.text)
    condition = find_condition(r, percent)
    if condition is None and statistic.name == "change":
        reduce = w.has_stem(*v.REDUCE_STEMS)
        condition = Condition("below" if reduce else "above", threshold=0.0)
    if condition is None:
        return clarify("count_what", r, "incomplete")
    absolute = (r.indicator is None and not per_capita(w) and statistic.name == "value")
    if condition.reference and absolute and not asks_average(w):
        return clarify("reference_absolute", r, "ambiguous")
    if condition.reference:
        r.use("average")
    units, places, scope = _filter_units(r)
    notes = notes_for(r, tuple(m for m in r.places if m.place in places))
    period: Period | Interpretation = Period(year=one_year(r.years))
    if statistic.name in ("change", "rate"):
        period = change_period(r, notes)
    elif statistic.name in ("mean", "sum"):
        start, end = span(r.years)
        period = Period(from_year=start, to_year=end, last_years=r.last_years)
    if isinstance(period, Interpretation):
        return period
    answer = "count" if count_phrase(w) else "list"
    selection = Selection("filter", units, scope, condition=condition,  # type: ignore[arg-type]
                          answer=answer,  # type: ignore[arg-type]
                          order="asc" if condition.comparator == "below" else "desc")
    return query(r, statistic, selection, period, notes, places=places,
                 sectors=() if units == "sektorer" else (
                     r.distinct_sectors if r.indicator is None else ()))


def _filter_statistic(r: Reading) -> Statistic:
    w = r.words
    if wants_change(w) or asks_rate(w):
        r.use("change")
        return _statistic_of_change(r)
    if wants_share(w) and r.indicator is None and r.sectors:
        r.use("share")
        return Statistic("share")
    if wants_share(w):
        r.use("share")  # an indicator that is a share ("andel laddbara bilar")
    if asks_average(w) and (r.years.period or r.last_years):
        r.use("average", "per_year")
        return Statistic("mean")
    return Statistic("value")


def _filter_units(r: Reading) -> tuple[str, tuple[Place, ...], str]:
    """(units, places, scope): what the filter runs over. Named municipalities are the set
    themselves; otherwise the municipalities of Stockholms län, of another county, or of
    Sweden. A place written after "än"/"than" is the reference, not the set."""
    reference = find_reference(r.question)
    set_places = [m for m in r.places if reference is None or m.start < reference.start]
    if wants_breakdown(r.words) and set_places:
        return "sektorer", (set_places[0].place,), "lan"
    if counts_counties(r.words) or r.words.has(*v.COUNTY_RANK_PHRASES):
        return "lan", (), "riket"
    kommuner = tuple(dict.fromkeys(m.place for m in set_places if m.place.level == "kommun"))
    if kommuner:
        return "kommuner", kommuner, "lan"
    scope = "riket" if any(m.place == SVERIGE for m in set_places) else "lan"
    counties = tuple(m.place for m in set_places
                     if m.place.level == "lan" and m.place != STOCKHOLMS_LAN)[:1]
    return "kommuner", counties, scope


# ----------------------------------------------------------------------------- indicators


def _indicator(r: Reading) -> Interpretation:
    w = r.words
    r.use("share", "trend", "change", "which_year", "count", "percent", "per_year")
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
