"""Building rankings and filters: ordered sets and selections of municipalities, counties, a
place's sectors or its years."""

from __future__ import annotations

from assistant.figures.compute import BASE_YEAR
from assistant.figures.indicators import spec
from assistant.figures.places import (
    STOCKHOLMS_LAN,
    SVERIGE,
    in_stockholms_lan,
)
from assistant.figures.query import Condition, Period, Place, Selection, Statistic
from assistant.figures.reader import parts
from assistant.figures.reader import vocabulary as v
from assistant.figures.reader.classify import clarify
from assistant.figures.reader.reading import (
    Reading,
    asks_average,
    asks_rate,
    asks_speed,
    asks_sum,
    per_capita,
    superlative,
    wants_breakdown,
    wants_change,
    wants_share,
)
from assistant.figures.reader.signals import (
    count_phrase,
    counts_counties,
    find_condition,
    find_reference,
    find_threshold,
)
from assistant.figures.reader.words import YEAR
from assistant.figures.request import Interpretation
from assistant.figures.texts import t

# ----------------------------------------------------------------------------- rankings


def _ranking_statistic(r: Reading) -> Statistic:
    w = r.words
    if wants_change(w) or asks_speed(w):
        r.use("change", "percent", "speed")
        if asks_rate(w):
            return parts.statistic_of_change(r)
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


def ranking(r: Reading) -> Interpretation:
    w = r.words
    r.use("superlative", "compare", "places", "per_year")
    statistic = _ranking_statistic(r)
    selection = Selection("ranking", order=_order(r, statistic.name), limit=_limit(r))
    r.use("top")
    period = Period(year=parts.one_year(r.years))
    notes: list[str] = []
    if statistic.name in ("change", "rate", "mean", "sum"):
        start, end = parts.span(r.years)
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
        return parts.query(r, statistic, Selection("ranking", "lan", "riket", selection.order,
                                                   selection.limit, focus),
                           period, parts.notes_for(r, ()) + notes, places=())
    focus_match = r.kommuner[0] if r.kommuner else None
    focus = focus_match.place if focus_match else None
    if len({m.place for m in r.kommuner}) > 1:
        r.uses.discard("places")  # a second municipality is neither the focus nor the scope
    notes = parts.notes_for(r, (focus_match,) if focus_match else ()) + notes
    # Another county ("i Skåne") is named as the place to rank within; Stockholms län is the
    # default and needs no place.
    counties = tuple(m.place for m in r.places
                     if m.place.level == "lan" and m.place != STOCKHOLMS_LAN)[:1]
    scope = "riket" if any(m.place == SVERIGE for m in r.places) else "lan"
    if focus and not in_stockholms_lan(focus) and scope == "lan" and not counties:
        scope = "riket"
        notes.append(t("scope_sweden", r.language, name=focus.name))
    return parts.query(r, statistic, Selection("ranking", "kommuner", scope,  # type: ignore[arg-type]
                                               selection.order, selection.limit, focus),
                       period, notes, places=counties)


def sector_ranking(r: Reading) -> Interpretation:
    """A place's sectors ordered by their change: "Vilken sektor har ökat mest i Sigtuna?"."""
    r.use("breakdown", "superlative", "change", "percent", "top")
    statistic = parts.statistic_of_change(r)
    notes = parts.notes_for(r)
    period = parts.change_period(r, notes)
    if isinstance(period, Interpretation):
        return period
    if len(r.distinct_places) != 1:
        return clarify("which_place", r, "needs_place")
    selection = Selection("ranking", "sektorer", order=_order(r, "change"), limit=_limit(r))
    return parts.query(r, statistic, selection, period, notes, sectors=())


def year_ranking(r: Reading) -> Interpretation:
    """The years of one place ordered by their value: "Vilket år var utsläppen högst?"."""
    r.use("which_year", "superlative", "trend")
    order = _order(r, "value")
    return parts.query(r, Statistic("value"), Selection("ranking", "år", order=order, limit=1))


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


def filter_(r: Reading) -> Interpretation:
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
    notes = parts.notes_for(r, tuple(m for m in r.places if m.place in places))
    period: Period | Interpretation = Period(year=parts.one_year(r.years))
    if statistic.name in ("change", "rate"):
        period = parts.change_period(r, notes)
    elif statistic.name in ("mean", "sum"):
        start, end = parts.span(r.years)
        period = Period(from_year=start, to_year=end, last_years=r.last_years)
    if isinstance(period, Interpretation):
        return period
    answer = "count" if count_phrase(w) else "list"
    selection = Selection("filter", units, scope, condition=condition,  # type: ignore[arg-type]
                          answer=answer,  # type: ignore[arg-type]
                          order="asc" if condition.comparator == "below" else "desc")
    return parts.query(r, statistic, selection, period, notes, places=places,
                       sectors=() if units == "sektorer" else (
                           r.distinct_sectors if r.indicator is None else ()))


def _filter_statistic(r: Reading) -> Statistic:
    w = r.words
    if wants_change(w) or asks_rate(w):
        r.use("change")
        return parts.statistic_of_change(r)
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


