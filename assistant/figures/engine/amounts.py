"""The emissions and population of one place in one year, with where each number came from.

A municipality is read from its release's table; a county or Sweden from the county table
(latest release; Sweden's total is the sum of its nine sectors) or, in the previous release,
as the sum of its municipalities. Per inhabitant = emissions / population on 31 December of the
same year. Units are the manifests' ("t CO2e"), with "/inv" added for per inhabitant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.figures import compute as calc
from assistant.figures import tables
from assistant.figures.engine.context import Context, refuse
from assistant.figures.engine.releases import Release
from assistant.figures.indicators import (
    COUNTY,
    EMISSION_COLUMN,
    EMISSIONS,
    NATIONAL,
    POPULATION,
    POPULATION_COLUMN,
)
from assistant.figures.query import Place
from assistant.figures.texts import t
from assistant.text import format_value

SIGTUNA = "0191"
ABROAD = "Utrikes transporter"
# Below this share of the total, the 2023-2024 international transport allocation (e.g. 33 t in
# Nacka) does not change the picture, so the caveat would only be noise.
ABROAD_NOTABLE_SHARE = 0.01
MAX_LISTED_INPUTS = 26  # rows behind a county figure are listed; Sweden's 290 are not


@dataclass(frozen=True)
class Amount:
    """One computed quantity with where it came from."""

    value: float
    method_sv: str
    method_en: str
    inputs: tuple[dict[str, Any], ...]
    dataset: str

    def method(self, ctx: Context) -> str:
        return self.method_en if ctx.en else self.method_sv


def unit(ctx: Context) -> str:
    """The emissions unit, from the latest release's manifest ("t CO2e")."""
    return ctx.data.unit(EMISSIONS, EMISSION_COLUMN)


def per_capita_unit(ctx: Context) -> str:
    return f"{unit(ctx)}/inv"


def people_unit(ctx: Context) -> str:
    return ctx.data.unit(POPULATION, POPULATION_COLUMN)


def sector_label(sector: str | None) -> str:
    return sector or calc.TOTAL


def _both(ctx: Context, key: str, **values: object) -> tuple[str, str]:
    return t(key, "sv", **values), t(key, "en", **values)


def emissions(ctx: Context, place: Place, year: int, sector: str | None,
              release: Release) -> Amount:
    if place.level == "kommun":
        return _kommun(ctx, place, year, sector, release)
    if release.latest:
        return _region(ctx, place, year, sector)
    return _summed(ctx, place, year, sector, release)


def _kommun(ctx: Context, place: Place, year: int, sector: str | None,
            release: Release) -> Amount:
    table = ctx.data.emissions(release.dataset)
    row = table.row(place.code, year, sector)
    sv, en = _both(ctx, "m_kommun", name=place.name, code=place.code,
                   sector=sector_label(sector), year=year, release=release.manifest.release)
    return Amount(float(row[table.value_column]), sv, en, (row,), release.dataset)


def _region(ctx: Context, place: Place, year: int, sector: str | None) -> Amount:
    table = ctx.data.county()
    value, summed, rows = tables.region_value(table, place.code, year, sector, calc.SECTORS)
    release = ctx.data.manifest(COUNTY).release
    name_en = ctx.name(place) if ctx.en else place.name
    key = "m_region_summed" if summed else "m_region"
    sv, en = _both(ctx, key, name=place.name, sector=sector_label(sector), year=year,
                   release=release)
    en = _both(ctx, key, name=name_en, sector=sector_label(sector), year=year,
               release=release)[1]
    return Amount(value, sv, en, tuple(rows), COUNTY)


def _summed(ctx: Context, place: Place, year: int, sector: str | None,
            release: Release) -> Amount:
    """County or Sweden in the previous release, which only has municipalities."""
    table = ctx.data.emissions(release.dataset)
    codes = tables.county_codes(table.codes, place.code)
    value, rows = tables.municipalities_value(table, codes, year, sector)
    if place.level == "riket":
        ctx.caveat("sweden_previous")
    sv, _ = _both(ctx, "m_summed", n=len(codes), name=place.name, sector=sector_label(sector),
                  year=year, release=release.manifest.release)
    _, en = _both(ctx, "m_summed", n=len(codes), name=ctx.name(place) if ctx.en else place.name,
                  sector=sector_label(sector), year=year, release=release.manifest.release)
    inputs = tuple(rows) if len(rows) <= MAX_LISTED_INPUTS else ()
    return Amount(value, sv, en, inputs, release.dataset)


def population(ctx: Context, place: Place, year: int) -> Amount:
    ctx.use(POPULATION)
    table = ctx.data.population()
    codes = [place.code] if place.level == "kommun" else tables.county_codes(
        ctx.data.emissions().codes, place.code)
    value, rows = table.people(codes, year)
    if len(codes) == 1:
        sv, en = _both(ctx, "m_population_one", year=year)
        return Amount(value, sv, en, tuple(rows), POPULATION)
    sv, en = _both(ctx, "m_population_sum", year=year, n=len(codes))
    return Amount(value, sv, en, tuple(rows) if len(codes) <= MAX_LISTED_INPUTS else (),
                  POPULATION)


def place_value(ctx: Context, place: Place, year: int, sector: str | None, release: Release,
                per_capita: bool | None = None) -> tuple[float, str, Amount]:
    """Emissions or, when asked, emissions per inhabitant of one place: (value, unit, amount)."""
    amount = emissions(ctx, place, year, sector, release)
    wanted = ctx.query.measure.per_capita if per_capita is None else per_capita
    if not wanted:
        return amount.value, unit(ctx), amount
    people = population(ctx, place, year)
    value = calc.per_capita(amount.value, int(people.value))
    sv, en = (t("m_per_capita_of", lang, method=getattr(amount, f"method_{lang}"),
                people=getattr(people, f"method_{lang}"),
                emissions=format_value(amount.value, unit(ctx), lang),
                population=format_value(people.value, people_unit(ctx), lang))
              for lang in ("sv", "en"))
    return value, per_capita_unit(ctx), Amount(value, sv, en, amount.inputs + people.inputs,
                                               amount.dataset)


def check_place(ctx: Context, place: Place) -> None:
    if place.level == "kommun" and not ctx.data.emissions().has(place.code):
        raise refuse(ctx.t("unknown_code", code=place.code, name=place.name), "unknown_place")


def abroad_caveat(ctx: Context, place: Place, years: list[int], sector: str | None,
                  release: Release) -> None:
    """International transport was allocated to municipalities only for 2023-2024 (mostly
    Sigtuna/Arlanda), so totals that include those years are not fully comparable."""
    if not release.latest or not {2023, 2024} & set(years) or sector not in (None, ABROAD):
        return
    relevant = place.level != "kommun" or place.code == SIGTUNA or sector == ABROAD
    if not relevant:
        relevant = any(_abroad_share(ctx, place.code, y) >= ABROAD_NOTABLE_SHARE
                       for y in {2023, 2024} & set(years))
    if relevant:
        ctx.caveat("abroad")


def _abroad_share(ctx: Context, code: str, year: int) -> float:
    table = ctx.data.emissions()
    total = table.value(code, year)
    return table.value(code, year, ABROAD) / total if total else 0.0


def national_total_caveat(ctx: Context, place: Place, year: int, sector: str | None) -> None:
    """Sweden's official total (Naturvårdsverket) differs from the sum of SMHI's sectors."""
    if place.level != "riket" or sector is not None or not ctx.data.has(NATIONAL):
        return
    df = ctx.data.frame(NATIONAL)
    rows = df[(df["category"] == "territorialFossilEmissions") & (df["year"] == year)]
    if rows.empty:
        return
    ctx.use(NATIONAL)
    value = ctx.fmt(float(rows["value"].iloc[0]), str(rows["unit"].iloc[0]))
    ctx.caveat("national_total", year=year, value=value)
