"""Rankings and filters of municipalities by an indicator, through one table of measures.

`MEASURES` maps each rankable indicator to the function that gives its value for a set of
municipality codes (one municipality, or a county as a whole for a filter's reference) in one
year; the ranking and the filter are the same as for emissions (ranking.emit, filtering's
emit_filter).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from assistant.figures import compute as calc
from assistant.figures import tables
from assistant.figures.engine.amounts import MAX_LISTED_INPUTS, Amount, people_unit, population
from assistant.figures.engine.context import Context, refuse
from assistant.figures.engine.filtering import emit_filter
from assistant.figures.engine.indicators import charging_unit, indicator_year, kk_unit
from assistant.figures.engine.ranking import Unit, emit, scope_name
from assistant.figures.indicators import FUELS_EN, INDICATORS, KK_COLUMNS
from assistant.figures.places import STOCKHOLMS_LAN, SVERIGE
from assistant.figures.query import Place
from assistant.reference import BICYCLE, CARS_FUEL, CHARGING, CONSUMPTION, EV, KK

IN_USE = "personbilar_i_trafik"


@dataclass(frozen=True)
class Measured:
    amount: Amount
    unit: str


Measure = Callable[[Context, list[str], int, Place], Measured]


def _same(ctx: Context, key: str, **values: object) -> tuple[str, str]:
    return ctx.t(key, **values), ctx.t(key, **values)


def rows_of(ctx: Context, dataset: str, columns: tuple[str, ...],
            keys: list[tuple]) -> list[dict]:
    return ctx.data.rows(dataset, columns, keys)


def _listed(rows: list[dict], found: list[str]) -> tuple[dict, ...]:
    return tuple(rows) if len(found) <= MAX_LISTED_INPUTS else ()


def _ev(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    rows = rows_of(ctx, EV, ("kommun_code", "year"), [(c, year) for c in found])
    ev = calc.ev_share_of(rows)
    cars = ctx.data.unit(EV, "new_rechargeable_cars")
    method = f"{ctx.fmt(ev.rechargeable, cars)} / {ctx.fmt(ev.total, cars)} × 100"
    return Measured(Amount(ev.share_pct, method, method, _listed(rows, found), EV), "%")


def _bicycle(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    rows = rows_of(ctx, BICYCLE, ("kommun_code", "year"), [(c, year) for c in found])
    b = calc.bicycle_of(rows)
    method = (f"{ctx.fmt(b.metres, ctx.data.unit(BICYCLE, 'cykelnat_total_m'))} / "
              f"{ctx.fmt(b.population, people_unit(ctx))}")
    return Measured(Amount(b.metres_per_inhabitant, method, method, _listed(rows, found),
                           BICYCLE), ctx.data.unit(BICYCLE, "cykelnat_m_per_invanare"))


def _charging(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    rows = rows_of(ctx, CHARGING, ("kommun_code",), [(c,) for c in found])
    people = int(population(ctx, place, year).value) if len(found) > 1 else None
    ch = calc.charging_of(rows, people)
    if ctx.query.measure.per_capita:
        sv, en = _same(ctx, "m_charging_own")
        return Measured(Amount(ch.per_100_inhabitants, sv, en, _listed(rows, found), CHARGING),
                        f"{charging_unit(ctx)}/100 inv")
    sv, en = _same(ctx, "m_charging_count")
    return Measured(Amount(float(ch.points), sv, en, _listed(rows, found), CHARGING),
                    charging_unit(ctx))


def _consumption(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    """SEI's modelled value: per municipality, or the county's or Sweden's own row."""
    level, code = ("kommun", found[0]) if place.level == "kommun" else (place.level, place.code)
    rows = rows_of(ctx, CONSUMPTION, ("level", "code"), [(level, code)])
    column = "consumption_emissions_t_co2e_per_capita"
    sv, en = _same(ctx, "m_consumption")
    return Measured(Amount(float(rows[0][column]), sv, en, tuple(rows), CONSUMPTION),
                    ctx.data.unit(CONSUMPTION, column))


def _cars(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    fuel = ctx.query.measure.category or "El"
    rows = rows_of(ctx, CARS_FUEL, ("kommun_code", "measure", "year"),
                   [(c, IN_USE, year) for c in found])
    count, total = calc.cars_by_fuel_of(rows, fuel)
    inputs = _listed([r for r in rows if r["fuel"] in (fuel, calc.TOTAL)], found)
    cars_unit = ctx.data.unit(CARS_FUEL, "count")
    if ctx.query.statistic.name == "share":
        method = f"{ctx.fmt(count, cars_unit)} / {ctx.fmt(total, cars_unit)} × 100"
        return Measured(Amount(calc.share(count, total), method, method, inputs, CARS_FUEL),
                        "%")
    sv, en = _same(ctx, "m_fleet", fuel=fuel)
    return Measured(Amount(float(count), sv, en, inputs, CARS_FUEL), cars_unit)


def _kk(ctx: Context, found: list[str], year: int, place: Place) -> Measured:
    column = ctx.query.measure.category or ""
    if column not in KK_COLUMNS or column == "kk_trend_hits_zero_date" or len(found) != 1:
        raise refuse(ctx.t("kk_not_rankable"), "unsupported")
    raw = rows_of(ctx, KK, ("kommun_code",), [(found[0],)])[0][column]
    if raw is None or pd.isna(raw):
        raise calc.MissingDataError(f"Klimatkollen har inget värde för {found[0]}")
    sv, en = _same(ctx, "m_kk", column=column)
    return Measured(Amount(float(raw), sv, en, (), KK), kk_unit(ctx, column))


MEASURES: dict[str, Measure] = {"ev_share": _ev, "bicycle": _bicycle, "charging": _charging,
                                "consumption": _consumption, "cars_by_fuel": _cars, "kk": _kk}


def _year(ctx: Context, key: str, df: pd.DataFrame) -> int:
    if key in ("ev_share", "bicycle", "cars_by_fuel"):
        return indicator_year(ctx, df, {"ev_share": "w_new_cars", "bicycle": "w_bicycle",
                                        "cars_by_fuel": "w_fleet"}[key])
    if key == "charging":
        return int(str(df["period"].iloc[0])[:4])
    if key == "consumption":
        return int(df["year"].iloc[0])
    year = KK_COLUMNS.get(ctx.query.measure.category or "", ("", "", 0))[2]
    return year if isinstance(year, int) else 0


def _set(ctx: Context, df: pd.DataFrame) -> tuple[list[Unit], str, str]:
    q = ctx.query
    focus = q.selection.focus
    named = [p for p in q.places if p.level == "kommun"]
    lan = next((p for p in q.places if p.level == "lan"), None)
    county = lan.code if lan else (focus.code[:2] if focus else calc.STOCKHOLM_COUNTY)
    known = df["kommun_code"].unique().tolist()
    if named and q.selection.kind == "filter":
        found = [p.code for p in named]
        scope = ctx.t("scope_named")
    else:
        found = tables.county_codes(known, calc.SWEDEN if q.selection.scope == "riket"
                                    else county)
        scope = scope_name(ctx, county)
    names = dict(zip(df["kommun_code"], df["kommun"], strict=False))
    return [Unit(c, names[c], Place(c, names[c], "kommun"), "") for c in found], scope, county


def indicator_set(ctx: Context) -> None:
    """A ranking or a filter of municipalities by an indicator."""
    q = ctx.query
    key = q.measure.indicator
    if q.selection.units != "kommuner" or key not in MEASURES:
        raise refuse(ctx.t("indicator_rank_refused"), "unsupported")
    spec = INDICATORS[key]
    df = ctx.data.frame(spec.dataset)
    if key == "consumption":
        df = df[df["level"] == "kommun"].rename(columns={"code": "kommun_code",
                                                         "name": "kommun"})
    year = _year(ctx, key, df)
    members, scope, county = _set(ctx, df)
    entries: dict[str, Amount] = {}
    unit = ""
    for u in members:
        try:
            measured = MEASURES[key](ctx, [u.key], year, u.place)
        except calc.MissingDataError:
            continue  # Klimatkollen has no value for some municipalities
        entries[u.key], unit = measured.amount, measured.unit
    if not entries:
        raise refuse(ctx.t("indicator_no_values"), "no_data")
    members = [u for u in members if u.key in entries]
    when = year if year else ""
    if q.selection.kind == "ranking":
        emit(ctx, members, entries, unit, when, scope, _measure_words(ctx, key), "")
    else:
        reference = None
        condition = q.selection.condition
        if condition is not None and condition.reference:
            reference = _reference(ctx, key, df, year, county)
        emit_filter(ctx, members, entries, unit, when, scope, reference)
    if spec.caveat:
        ctx.caveat(spec.caveat)


def _reference(ctx: Context, key: str, df: pd.DataFrame, year: int, county: str):
    condition = ctx.query.selection.condition
    area = SVERIGE if condition is not None and condition.reference == "sweden" else (
        Place(county, STOCKHOLMS_LAN.name, "lan") if county == "01" else Place(county, "", "lan"))
    found = tables.county_codes(df["kommun_code"].unique().tolist(), area.code)
    measured = MEASURES[key](ctx, found, year, area)
    return ctx.figure(ctx.t("l_reference_own", name=area.name), measured.amount.value,
                      measured.unit, area, year, "", measured.amount.method(ctx),
                      measured.amount.dataset, measured.amount.inputs)


def _measure_words(ctx: Context, key: str) -> str:
    q = ctx.query
    if key == "charging":
        return ctx.t("w_charging_per_100" if q.measure.per_capita else "w_charging_count")
    if key == "cars_by_fuel":
        fuel = q.measure.category or "El"
        what = "w_fleet_share" if q.statistic.name == "share" else "w_fleet_count"
        return ctx.t(what, fuel=fuel, fuel_en=FUELS_EN.get(fuel, fuel))
    if key == "kk":
        label_sv, label_en, _ = KK_COLUMNS[q.measure.category or ""]
        return label_en.lower() if ctx.en else label_sv[0].lower() + label_sv[1:]
    spec = INDICATORS[key]
    return spec.label_en if ctx.en else spec.label_sv
