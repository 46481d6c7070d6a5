"""The reading restated in one line: `restate(query) -> "Tolkning: ..."`.

Every figure answer starts with it, in the question's language, so the user sees what was
computed before any number. The reader restates its query (an open year is "det senaste året i
statistiken"); the engine restates the query it resolved, with the years it actually used.
"""

from __future__ import annotations

from assistant.figures.indicators import FUELS_EN, KK_COLUMNS, NATIONAL_EN, spec
from assistant.figures.query import Condition, Place, Query
from assistant.figures.targets import TARGETS
from assistant.figures.texts import joined, t
from assistant.language import Language
from assistant.text import format_number

EN_PLACES = {"Sverige": "Sweden", "Stockholms län": "Stockholm County"}


def place_name(place: Place, language: Language) -> str:
    return EN_PLACES.get(place.name, place.name) if language == "en" else place.name


def genitive(name: str, language: Language) -> str:
    """"Nackas", "Stockholms läns"; English uses "'s"."""
    if language == "en":
        return f"{name}'s"
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def restate(query: Query) -> str:
    lang = query.language
    return t("reading_prefix", lang) + _body(query)


def _body(q: Query) -> str:
    lang = q.language
    if q.selection.kind == "ranking":
        return _ranking(q)
    if q.selection.kind == "filter":
        return _filter(q)
    name = q.statistic.name
    places = joined([place_name(p, lang) for p in q.places], lang) or "?"
    place = places
    measure, sectors = measure_phrase(q), sectors_phrase(q)
    when, period = when_phrase(q), period_phrase(q)
    if q.measure.indicator == "climate_plan":
        key = "r_plans" if any(p.level != "kommun" for p in q.places) else "r_plan"
        return t(key, lang, place=place)
    if not q.measure.is_emissions:
        if name == "series":
            return t("r_indicator_series", lang, measure=measure, places=places, period=period)
        if name == "change":
            return t("r_change_pp", lang, measure=measure, place=place, period=period)
        return t("r_indicator", lang, measure=_capital(measure), place=places, when=when)
    if name == "value" and len(q.places) > 1:
        difference = t("r_difference", lang) if len(q.places) == 2 else ""
        return t("r_comparison", lang, measure=measure, places=places, when=when,
                 sectors=sectors, difference=difference)
    if name == "change":
        return t("r_change", lang, measure=measure_phrase(q, definite=True), place=place,
                 period=period, sectors=sectors)
    if name == "rate":
        key = "r_mean_change" if q.statistic.rate == "mean_change" else "r_cagr"
        return t(key, lang, measure=measure_phrase(q, definite=True), place=place,
                 period=period, sectors=sectors)
    if name in ("mean", "sum"):
        return t(f"r_{name}", lang, measure=measure_phrase(q, definite=True), place=place,
                 period=period, sectors=sectors)
    if name == "share":
        return _share(q, place, when, sectors)
    if name == "series":
        return t("r_series", lang, measure=measure, places=places, period=period,
                 sectors=sectors)
    if name == "path":
        return _path(q, places)
    return t("r_value", lang, measure=measure, place=place, when=when, sectors=sectors)


def _whole(q: Query) -> Place:
    if q.statistic.share_of == "sweden":
        return Place("00", "Sverige", "riket")
    county = next((p for p in q.places if p.level == "lan"), None)
    return county or Place("01", "Stockholms län", "lan")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _share(q: Query, place: str, when: str, sectors: str) -> str:
    lang = q.language
    if q.statistic.share_of != "total":
        whole = place_name(_whole(q), lang)
        return t("r_share_of", lang, whole=genitive(whole, lang), when=when, place=place,
                 sectors=sectors)
    if not q.measure.sectors:
        return t("r_breakdown", lang, place=place, when=when)
    if len(q.measure.sectors) > 1:
        return t("r_shares", lang, place=place, when=when,
                 sectors=joined(list(q.measure.sectors), lang))
    return t("r_share", lang, place=place, when=when, sector=q.measure.sectors[0])


def _path(q: Query, places: str) -> str:
    lang = q.language
    target = TARGETS[q.statistic.target]
    remaining = round((1 - target.remaining_share) * 100)
    rule = (f"minst {remaining} % lägre än {target.base_year} år {target.target_year}"
            if lang == "sv" else
            f"at least {remaining}% below {target.base_year} by {target.target_year}")
    measure = measure_phrase(q.with_measure(per_capita=False), definite=True)
    return t("r_path", lang, measure=measure, places=places,
             target=target.name_en if lang == "en" else target.name_sv, rule=rule,
             per_capita=t("r_path_per_capita", lang) if q.measure.per_capita else "")


# ------------------------------------------------------------------------------ pieces


def measure_phrase(q: Query, definite: bool = False) -> str:
    lang, m = q.language, q.measure
    if m.is_emissions:
        what = t("emissions_def" if definite else "emissions", lang)
        return t("per_capita", lang, what=what) if m.per_capita else what
    label = spec(m.indicator).label_en if lang == "en" else spec(m.indicator).label_sv
    if m.indicator == "charging" and m.per_capita:
        label = "laddpunkter per 100 invånare" if lang == "sv" else \
            "charging points per 100 inhabitants"
    elif m.indicator == "kk" and m.category in KK_COLUMNS:
        label_sv, label_en, _ = KK_COLUMNS[m.category]
        label = (label_en if lang == "en" else label_sv[0].lower() + label_sv[1:])
    elif m.indicator == "national" and m.category:
        label = NATIONAL_EN.get(m.category, m.category) if lang == "en" else {
            "lulucf": "nettoutsläpp och nettoupptag från markanvändning (LULUCF)",
            "biogenicEmissions": "biogena utsläpp",
            "consumptionAbroadEmissions": "konsumtionens utsläpp i andra länder",
            "exportOfOilProductsEmissions": "utsläpp från exporterade oljeprodukter",
            "eCommerceEmissions": "e-handelns utsläpp",
            "territorialFossilEmissions": "Sveriges officiella territoriella utsläpp",
        }.get(m.category, m.category)
    elif m.indicator == "cars_by_fuel" and m.category:
        fuel = FUELS_EN.get(m.category, m.category) if lang == "en" else m.category.lower()
        label = f"{fuel} cars in use" if lang == "en" else f"personbilar i trafik, {fuel}"
    return label


def sectors_phrase(q: Query) -> str:
    lang, sectors = q.language, q.measure.sectors
    if not sectors:
        return t("all_sectors", lang)
    if len(sectors) == 1:
        return t("r_one_sector", lang, sector=sectors[0])
    return t("several_sectors", lang, sectors=joined(list(sectors), lang))


def when_phrase(q: Query) -> str:
    year = q.period.year
    if year is None:
        return t("r_latest_year", q.language)
    return t("in_year", q.language, year=year)


def period_phrase(q: Query) -> str:
    p, lang = q.period, q.language
    if p.last_years and p.from_year is None:
        return t("last_years", lang, n=p.last_years)
    if p.from_year is not None and p.to_year is not None:
        return t("between", lang, start=p.from_year, end=p.to_year)
    if p.from_year is not None:
        return t("from_year", lang, start=p.from_year)
    if p.to_year is not None:
        return t("between", lang, start=1990, end=p.to_year)
    return t("all_years", lang)


def _units(q: Query) -> str:
    lang, sel = q.language, q.selection
    first = q.places[0] if q.places else None
    if sel.units == "lan":
        return t("u_lan", lang)
    if sel.units == "sektorer":
        return t("u_sektorer", lang, place=place_name(first, lang) if first else "?")
    if sel.units == "år":
        return t("u_years", lang, place=place_name(first, lang) if first else "?")
    named = [place_name(p, lang) for p in q.places if p.level == "kommun"]
    if sel.kind == "filter" and named:
        return joined(named, lang)
    if sel.scope == "riket":
        return t("u_kommuner_riket", lang)
    county = next((p for p in q.places if p.level == "lan"), Place("01", "Stockholms län",
                                                                     "lan"))
    return t("u_kommuner_lan", lang, county=place_name(county, lang))


def _by(q: Query) -> str:
    lang, name = q.language, q.statistic.name
    measure = measure_phrase(q, definite=True)
    if name == "change" and q.selection.units == "sektorer":
        return t("by_change_t", lang, measure=measure)
    if name == "change":
        return t("by_change", lang, measure=measure)
    if name == "rate":
        return t("by_mean_change" if q.statistic.rate == "mean_change" else "by_cagr", lang,
                 measure=measure)
    if name in ("mean", "sum"):
        return t(f"by_{name}", lang, measure=measure)
    if name == "share" and q.statistic.share_of != "total":
        return t("by_share_of", lang, whole=genitive(place_name(_whole(q), lang), lang))
    if name == "share":
        return t("by_share", lang)
    return t("by_value", lang, measure=measure_phrase(q))


def _ranking(q: Query) -> str:
    lang, sel = q.language, q.selection
    ranged = q.statistic.name in ("change", "rate", "mean", "sum")
    when = period_phrase(q) if ranged else when_phrase(q)
    if sel.units == "år":
        when = t("all_years", lang)
    if q.statistic.name in ("change", "rate") and q.measure.is_emissions:
        order = "r_order_increase" if sel.order == "desc" else "r_order_decrease"
    else:
        order = "r_order_desc" if sel.order == "desc" else "r_order_asc"
    limit = ""
    if sel.limit == 1:
        limit = t("r_limit_one", lang)
    elif sel.limit:
        limit = t("r_limit", lang, n=sel.limit)
    sectors = ""
    if q.measure.is_emissions and sel.units != "sektorer":
        sectors = ", " + sectors_phrase(q)
    focus = t("r_focus", lang, place=place_name(sel.focus, lang)) if sel.focus else ""
    return t("r_ranking", lang, units=_units(q), by=_by(q), when=when, order=t(order, lang),
             limit=limit, sectors=sectors, focus=focus)


def _filter(q: Query) -> str:
    lang, sel = q.language, q.selection
    key = "r_filter_count" if sel.answer == "count" else "r_filter_list"
    if len([p for p in q.places if p.level == "kommun"]) == 1 and sel.units == "kommuner":
        key = "r_filter_one"
    sectors = sectors_phrase(q) if q.measure.is_emissions else measure_phrase(q)
    return t(key, lang, units=_units(q), test=condition_phrase(q, sel.condition),
             sectors=sectors)


def condition_phrase(q: Query, condition: Condition | None) -> str:
    lang, name = q.language, q.statistic.name
    measure = measure_phrase(q, definite=True)
    ranged = name in ("change", "rate", "mean", "sum")
    if name == "change":
        by = t("the_emissions_change", lang, period=period_phrase(q)) if (
            q.measure.is_emissions and not q.measure.per_capita) else t(
            "the_change", lang, measure=measure, period=period_phrase(q))
    elif name == "rate":
        by = t("the_cagr", lang, measure=measure, period=period_phrase(q))
    elif name == "mean":
        by = t("the_mean", lang, measure=measure, period=period_phrase(q))
    elif name == "share" and q.measure.sector:
        by = t("the_share", lang, sector=q.measure.sector, when=when_phrase(q))
    else:
        by = t("the_value", lang, measure=measure, when=when_phrase(q))
    if condition is None:
        return by
    plural = "_pl" if q.measure.is_emissions and name == "value" else ""
    if condition.reference:
        mean_of_places = q.measure.is_emissions and not q.measure.per_capita and not ranged
        ref_key = f"ref_{condition.reference}" + ("_mean" if mean_of_places else "")
        key = ("t_above" if condition.comparator == "above" else "t_below") + plural
        return t(key, lang, by=by, limit=t(ref_key, lang))
    threshold = condition.threshold or 0.0
    unit = "%" if name in ("change", "rate", "share") else ""
    shown = format_number(abs(threshold) if condition.as_decrease else threshold,
                          1 if threshold % 1 else 0, lang) + (
        (" %" if lang == "sv" else "%") if unit else "")
    if name == "change" and threshold == 0:
        key = "t_increased" if condition.comparator == "above" else "t_decreased"
        return t(key, lang, by=by, limit="")
    if condition.as_decrease:
        return t("t_decrease", lang, by=by, limit=shown)
    key = ("t_above" if condition.comparator == "above" else "t_below") + plural
    if name == "change" and condition.comparator == "above" and threshold > 0:
        key = "t_increase_more"
    return t(key, lang, by=by, limit=shown)
