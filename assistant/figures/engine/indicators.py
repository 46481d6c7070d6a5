"""The indicators other than emissions, through the one registry (figures/indicators.py):
laddbara bilars andel, cykelnät, laddpunkter, konsumtionsbaserade utsläpp, bilbeståndet per
drivmedel, Klimatkollens nyckeltal and Sweden's national categories. Climate plans are in
`plans.py`; rankings and filters by an indicator in `indicator_sets.py`.

Each indicator's formula is a pure function of compute.py; its unit is the manifest's.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from assistant.figures import compute as calc
from assistant.figures import tables
from assistant.figures.engine.amounts import MAX_LISTED_INPUTS, people_unit, population
from assistant.figures.engine.charts import bar, line
from assistant.figures.engine.context import Context, clarify, refuse
from assistant.figures.engine.releases import period, years_text
from assistant.figures.engine.single import places
from assistant.figures.indicators import (
    FUELS_EN,
    INDICATORS,
    KK_COLUMNS,
    KK_GIVEN_UNITS,
    NATIONAL_EN,
)
from assistant.figures.places import SVERIGE
from assistant.figures.query import Place
from assistant.models import Figure
from assistant.reference import BICYCLE, CARS_FUEL, CHARGING, CONSUMPTION, EV, KK, NATIONAL
from assistant.text import format_year_range

IN_USE = "personbilar_i_trafik"
SERIES_INDICATORS = ("ev_share", "bicycle", "national")
# Units a figure of one of these kinds carries; comparable figures are charted side by side.
COUNT_UNITS = ("bilar", "år", "laddpunkter", "m", "kommuner")


def indicator(ctx: Context) -> None:
    from assistant.figures.engine.plans import climate_plan

    key = ctx.query.measure.indicator
    series = ctx.query.statistic.name == "series" or ctx.query.period.is_range
    handlers: dict[str, Callable[[Context, Place], None]] = {
        "ev_share": ev_share, "bicycle": bicycle, "charging": charging,
        "consumption": consumption, "climate_plan": climate_plan, "national": national,
        "cars_by_fuel": cars_by_fuel, "kk": kk,
    }
    if series and key in ("ev_share", "bicycle"):
        handlers = {**handlers, "ev_share": ev_share_series, "bicycle": bicycle_series}
    elif series and key != "national":
        raise refuse(ctx.t("one_year_indicator"), "no_data")
    if not ctx.query.places and key == "national":
        ctx.query = ctx.query.with_(places=(SVERIGE,))
    if key not in handlers:
        raise clarify(ctx.t("which_indicator"), "ambiguous")
    found = places(ctx)
    for place in found:
        handlers[key](ctx, place)
    caveat = INDICATORS[key].caveat if key in INDICATORS else None
    if caveat:
        ctx.caveat(caveat)
    comparable = [f for f in ctx.figures if f.unit not in COUNT_UNITS]
    if len(found) > 1 and comparable and not series:
        unit = comparable[0].unit
        ctx.charts.append(bar(ctx, comparable[0].label, [{"place": f.kommun, "value": f.value}
                                                         for f in comparable
                                                         if f.unit == unit], unit))


# ----------------------------------------------------------------------------- shared


def codes(ctx: Context, df: pd.DataFrame, place: Place) -> list[str]:
    known = df["kommun_code"].unique().tolist()
    if place.level == "kommun":
        if place.code not in known:
            raise refuse(ctx.t("not_in_statistics", name=place.name, code=place.code),
                         "unknown_place")
        return [place.code]
    return tables.county_codes(known, place.code)


def indicator_year(ctx: Context, df: pd.DataFrame, what: str) -> int:
    years = sorted(int(y) for y in df["year"].unique())
    year = ctx.query.period.year if ctx.query.period.year is not None else years[-1]
    if year not in years:
        raise refuse(ctx.t("indicator_years", what=ctx.t(what), years=years_text(tuple(years)),
                           year=year), "missing_year")
    ctx.query = ctx.query.with_period(year=year)
    return year


def summed(ctx: Context, place: Place, found: list[str]) -> str:
    if len(found) == 1:
        return ""
    return ctx.t("summed_over", n=len(found), name=ctx.name(place))


def inputs_of(rows: pd.DataFrame, found: list[str]) -> tuple[dict, ...]:
    return tuple(tables.records(rows)) if len(found) <= MAX_LISTED_INPUTS else ()


def listed(rows: list[dict], found: list[str]) -> tuple[dict, ...]:
    """The rows behind a figure, listed for a municipality or a county, not for Sweden."""
    return tuple(rows) if len(found) <= MAX_LISTED_INPUTS else ()


# ----------------------------------------------------------------------------- one year


def ev_share(ctx: Context, place: Place) -> None:
    year, found, rows, inputs = _latest_rows(ctx, EV, place, "w_new_cars")
    ev = calc.ev_share_of(rows)
    cars = ctx.data.unit(EV, "new_rechargeable_cars")
    extra = summed(ctx, place, found)
    n_fig = ctx.figure(ctx.t("l_new_rechargeable"), ev.rechargeable, cars, place, year, "",
                       ctx.t("m_new_rechargeable") + extra, EV, inputs)
    t_fig = ctx.figure(ctx.t("l_new_cars"), ev.total, cars, place, year, "",
                       ctx.t("m_new_cars") + extra, EV, inputs)
    fig = ctx.figure(ctx.t("l_ev_share"), ev.share_pct, "%", place, year, "",
                     f"{ctx.fmt_fig(n_fig)} / {ctx.fmt_fig(t_fig)} × 100", EV, inputs)
    ctx.write(ctx.t("ev_text", name=ctx.name(place), year=year, share=ctx.fmt_fig(fig),
                    n=ctx.fmt_fig(n_fig), total=ctx.fmt_fig(t_fig)))



def _latest_rows(ctx: Context, dataset: str, place: Place, what: str
                 ) -> tuple[int, list[str], list[dict], tuple[dict, ...]]:
    """A per-municipality indicator's rows for the place in the dataset's latest year:
    (year, the municipality codes, their rows, the rows as the answer's inputs)."""
    df = ctx.data.frame(dataset)
    year = indicator_year(ctx, df, what)
    found = codes(ctx, df, place)
    rows = ctx.data.rows(dataset, ("kommun_code", "year"), [(c, year) for c in found])
    return year, found, rows, listed(rows, found)

def bicycle(ctx: Context, place: Place) -> None:
    year, found, rows, inputs = _latest_rows(ctx, BICYCLE, place, "w_bicycle")
    bike = calc.bicycle_of(rows)
    m_fig = ctx.figure(ctx.t("l_bicycle_total"), bike.metres,
                       ctx.data.unit(BICYCLE, "cykelnat_total_m"), place, year, "",
                       ctx.t("m_bicycle_total") + summed(ctx, place, found), BICYCLE, inputs)
    fig = ctx.figure(ctx.t("l_bicycle"), bike.metres_per_inhabitant,
                     ctx.data.unit(BICYCLE, "cykelnat_m_per_invanare"), place, year, "",
                     ctx.t("m_bicycle", metres=ctx.fmt_fig(m_fig),
                           people=ctx.fmt(bike.population, people_unit(ctx)), year=year),
                     BICYCLE, inputs)
    ctx.write(ctx.t("bicycle_text", name=ctx.name(place), value=ctx.fmt_fig(fig), year=year,
                    total=ctx.fmt_fig(m_fig)))


def charging_unit(ctx: Context) -> str:
    return ctx.data.unit(CHARGING, "laddpunkter_antal")


def charging(ctx: Context, place: Place) -> None:
    df = ctx.data.frame(CHARGING)
    when = str(df["period"].iloc[0])
    year = int(when[:4])
    asked = ctx.query.period.year
    if asked is not None and asked != year:
        raise refuse(ctx.t("charging_period", period=when, year=asked), "missing_year")
    ctx.query = ctx.query.with_period(year=year)
    found = codes(ctx, df, place)
    people = int(population(ctx, place, year).value) if len(found) > 1 else None
    result = calc.charging(df, found, people)
    inputs = inputs_of(df[df["kommun_code"].isin(found)], found)
    n_fig = ctx.figure(ctx.t("l_charging"), result.points, charging_unit(ctx), place, year, "",
                       ctx.t("m_charging", period=when) + summed(ctx, place, found),
                       CHARGING, inputs)
    if result.derived:
        method = ctx.t("m_charging_derived", points=ctx.fmt_fig(n_fig),
                       people=ctx.fmt(people or 0, people_unit(ctx)), year=year)
    else:
        method = ctx.t("m_charging_own")
    fig = ctx.figure(ctx.t("l_charging_per_100"), result.per_100_inhabitants,
                     f"{charging_unit(ctx)}/100 inv", place, year, "", method, CHARGING, inputs)
    ctx.write(ctx.t("charging_text", name=ctx.name(place), points=ctx.fmt_fig(n_fig),
                    year=year, value=ctx.fmt_fig(fig)))


def consumption(ctx: Context, place: Place) -> None:
    df = ctx.data.frame(CONSUMPTION)
    value, year = calc.consumption(df, place.level, place.code)
    asked = ctx.query.period.year
    if asked is not None and asked != year:
        raise refuse(ctx.t("consumption_year", year=year, asked=asked), "missing_year")
    ctx.query = ctx.query.with_period(year=year)
    rows = df[(df["level"] == place.level) & (df["code"] == place.code)]
    column = "consumption_emissions_t_co2e_per_capita"
    fig = ctx.figure(ctx.t("l_consumption"), value, ctx.data.unit(CONSUMPTION, column), place,
                     year, "", ctx.t("m_consumption"), CONSUMPTION, tuple(tables.records(rows)))
    ctx.write(ctx.t("consumption_text", name=ctx.name(place), value=ctx.fmt_fig(fig),
                    year=year))


def cars_by_fuel(ctx: Context, place: Place) -> None:
    """Cars in use at the end of the year with a fuel, and their share of all cars in use."""
    df = ctx.data.frame(CARS_FUEL)
    year = indicator_year(ctx, df, "w_fleet")
    fuel = ctx.query.measure.category or "El"
    found = codes(ctx, df, place)
    cars = df[df["kommun_code"].isin(found) & (df["measure"] == IN_USE) & (df["year"] == year)]
    count, total = calc.cars_by_fuel(cars, fuel)
    inputs = inputs_of(cars[cars["fuel"].isin([fuel, calc.TOTAL])], found)
    extra = summed(ctx, place, found)
    fuel_name = FUELS_EN.get(fuel, fuel) if ctx.en else fuel.lower()
    cars_unit = ctx.data.unit(CARS_FUEL, "count")
    n_fig = ctx.figure(ctx.t("l_fleet", fuel=fuel if not ctx.en else fuel_name), count,
                       cars_unit, place, year, "", ctx.t("m_fleet", fuel=fuel) + extra,
                       CARS_FUEL, inputs)
    t_fig = ctx.figure(ctx.t("l_fleet_total"), total, cars_unit, place, year, "",
                       ctx.t("m_fleet_total") + extra, CARS_FUEL, inputs)
    fig = ctx.figure(ctx.t("l_fleet_share", fuel=fuel if not ctx.en else fuel_name),
                     calc.share(count, total), "%", place, year, "",
                     f"{ctx.fmt_fig(n_fig)} / {ctx.fmt_fig(t_fig)} × 100", CARS_FUEL, inputs)
    ctx.write(ctx.t("fleet_text", name=ctx.name(place), year=year, n=ctx.fmt_fig(n_fig),
                    fuel=fuel, fuel_name=fuel_name, share=ctx.fmt_fig(fig),
                    total=ctx.fmt_fig(t_fig)))


def kk_unit(ctx: Context, column: str) -> str:
    return KK_GIVEN_UNITS.get(column) or ctx.data.unit(KK, column)


def kk(ctx: Context, place: Place) -> None:
    """One of Klimatkollen's own KPIs, stated as Klimatkollen computed it."""
    column = ctx.query.measure.category or ""
    if column not in KK_COLUMNS:
        raise clarify(ctx.t("which_kk"), "ambiguous")
    if place.level != "kommun":
        raise refuse(ctx.t("kk_kommun_only"), "no_data")
    df = ctx.data.frame(KK)
    rows = df[df["kommun_code"] == place.code]
    if rows.empty:
        raise refuse(ctx.t("kk_missing", name=place.name), "unknown_place")
    label_sv, label_en, year = KK_COLUMNS[column]
    label = label_en if ctx.en else label_sv
    raw = rows[column].iloc[0]
    name = ctx.name(place)
    inputs = tuple({k: v for k, v in r.items() if k in ("kommun_code", "kommun", column)}
                   for r in tables.records(rows))
    method = ctx.t("m_kk", column=column)
    if column == "kk_trend_hits_zero_date":
        if raw is None or pd.isna(raw) or not str(raw).strip():
            ctx.use(KK)
            ctx.write(ctx.t("kk_never_zero", name=name))
            return
        date = str(raw)
        fig = ctx.figure(label, int(date[:4]), "år", place, int(date[:4]), "",
                         method + f" ({date})", KK, inputs)
        ctx.write(ctx.t("kk_zero_text", name=name, year=ctx.fmt_fig(fig), date=date))
        return
    if raw is None or pd.isna(raw):
        raise refuse(ctx.t("kk_no_value", name=name), "no_data")
    fig = ctx.figure(label, float(raw), kk_unit(ctx, column), place, year, "", method, KK,
                     inputs)
    ctx.write(ctx.t("kk_text", label=label, name=name, value=ctx.fmt_fig(fig)))


def national(ctx: Context, place: Place) -> None:
    """Sweden's broader categories (LULUCF, biogenic, consumption abroad, ...): one year, or a
    series when a period is asked."""
    if place.level != "riket":
        raise refuse(ctx.t("national_only"), "no_data")
    df = ctx.data.frame(NATIONAL)
    category = ctx.query.measure.category or "territorialFossilEmissions"
    rows = df[df["category"] == category].sort_values("year")
    if rows.empty:
        raise refuse(ctx.t("national_missing", category=category), "no_data")
    label, unit = str(rows["description"].iloc[0]), str(rows["unit"].iloc[0])
    if ctx.en:  # the data describes its categories in Swedish only
        label = NATIONAL_EN.get(category, category)
    years = [int(y) for y in rows["year"]]
    if ctx.query.period.is_range:
        start, end = period(ctx, years[-1])
        chosen = [y for y in years if start <= y <= end]
        if len(chosen) < 2:
            raise refuse(ctx.t("national_years", label=label, years=years_text(tuple(years))),
                         "missing_year")
        ctx.query = ctx.query.with_period(from_year=chosen[0], to_year=chosen[-1])
    else:
        year = ctx.query.period.year if ctx.query.period.year is not None else years[-1]
        if year not in years:
            raise refuse(ctx.t("national_year", label=label, years=years_text(tuple(years)),
                               year=year), "missing_year")
        chosen = [year]
        ctx.query = ctx.query.with_period(year=year)
    figures = []
    for year in chosen:
        row = rows[rows["year"] == year]
        figures.append(ctx.figure(label, float(row["value"].iloc[0]), unit, place, year, "",
                                  ctx.t("m_national", category=category, year=year), NATIONAL,
                                  tuple(tables.records(row))))
    if len(figures) == 1:
        ctx.write(ctx.t("national_text", label=label, year=chosen[0],
                        value=ctx.fmt_fig(figures[0])))
    else:
        series_text(ctx, place, label, figures, unit)
    if category == "lulucf":
        ctx.caveat("lulucf_caveat")
    if category in ("consumptionAbroadEmissions", "eCommerceEmissions", "biogenicEmissions",
                    "exportOfOilProductsEmissions"):
        ctx.caveat("outside_territorial")


# ----------------------------------------------------------------------------- series


def series_text(ctx: Context, place: Place, label: str, figures: list[Figure],
                unit: str) -> None:
    """A table and a line chart of an indicator over years, and the change first to last."""
    first, last = figures[0], figures[-1]
    span = format_year_range(int(first.year), int(last.year))
    diff_unit = "procentenheter" if unit == "%" else unit
    diff = ctx.figure(ctx.t("l_change_span", span=span), last.value - first.value, diff_unit,
                      place, span, "", ctx.t("m_difference", a=ctx.fmt_fig(last),
                                             b=ctx.fmt_fig(first)),
                      first.dataset, first.inputs + last.inputs)
    table = "\n".join(f"| {f.year} | {ctx.fmt_fig(f)} |" for f in figures)
    ctx.write(ctx.t("indicator_series_text", label=label, name=ctx.name(place), span=span,
                    first=ctx.fmt_fig(first), last=ctx.fmt_fig(last),
                    diff=ctx.signed(diff.value, diff.unit))
              + "\n\n" + ctx.t("indicator_table_head") + "\n" + table)
    ctx.charts.append(line(ctx, f"{label} {span}", [{"place": f.kommun, "year": f.year,
                                                      "value": f.value} for f in figures],
                           unit))
    ctx.table(ctx.t("t_series"), [{"place": f.kommun, "year": f.year, "value": f.value}
                                  for f in figures])


def series_years(ctx: Context, df: pd.DataFrame, what: str) -> list[int]:
    years = sorted(int(y) for y in df["year"].unique())
    start, end = period(ctx, years[-1])
    chosen = [y for y in years if start <= y <= end]
    if len(chosen) < 2:
        raise refuse(ctx.t("indicator_series_years", what=ctx.t(what),
                           years=years_text(tuple(years))), "missing_year")
    ctx.query = ctx.query.with_period(from_year=chosen[0], to_year=chosen[-1])
    return chosen


def ev_share_series(ctx: Context, place: Place) -> None:
    cars = ctx.data.unit(EV, "new_rechargeable_cars")

    def figure_of(rows: list[dict]) -> tuple[float, str]:
        ev = calc.ev_share_of(rows)
        return ev.share_pct, f"{ctx.fmt(ev.rechargeable, cars)} / {ctx.fmt(ev.total, cars)} × 100"

    _ratio_series(ctx, place, EV, "w_new_cars", "l_ev_share", "%", figure_of)


def bicycle_series(ctx: Context, place: Place) -> None:
    unit = ctx.data.unit(BICYCLE, "cykelnat_m_per_invanare")
    metres = ctx.data.unit(BICYCLE, "cykelnat_total_m")

    def figure_of(rows: list[dict]) -> tuple[float, str]:
        bike = calc.bicycle_of(rows)
        return bike.metres_per_inhabitant, (f"{ctx.fmt(bike.metres, metres)} / "
                                            f"{ctx.fmt(bike.population, people_unit(ctx))}")

    _ratio_series(ctx, place, BICYCLE, "w_bicycle", "l_bicycle", unit, figure_of)


def _ratio_series(ctx: Context, place: Place, dataset: str, what: str, label: str, unit: str,
                  figure_of: Callable[[list[dict]], tuple[float, str]]) -> None:
    """A ratio indicator year by year: each year's value computed from that year's rows, with
    the sum over the place's municipalities shown in the method."""
    df = ctx.data.frame(dataset)
    found = codes(ctx, df, place)
    figures = []
    for year in series_years(ctx, df, what):
        rows = ctx.data.rows(dataset, ("kommun_code", "year"), [(c, year) for c in found])
        value, method = figure_of(rows)
        figures.append(ctx.figure(ctx.t(label), value, unit, place, year, "",
                                  method + summed(ctx, place, found), dataset,
                                  listed(rows, found)))
    series_text(ctx, place, ctx.t(label), figures, unit)
