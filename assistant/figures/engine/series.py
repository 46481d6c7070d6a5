"""Trends: a place's emissions year by year from one release, as a line chart and a table.

The latest release is used unless the whole range lies within the previous one and that has
more of its years (2015–2019); 2016–2019 are then said to be left out, never mixed in.
"""

from __future__ import annotations

from typing import Any

from assistant.figures import compute as calc
from assistant.figures.engine.amounts import (
    abroad_caveat,
    check_place,
    per_capita_unit,
    place_value,
    sector_label,
    unit,
)
from assistant.figures.engine.charts import line
from assistant.figures.engine.context import Context, refuse
from assistant.figures.engine.releases import (
    Release,
    latest_year,
    missing_years_message,
    period,
    previous_release_note,
    releases,
    trend_release,
    years_text,
)
from assistant.figures.engine.single import direction, emission_label, places, sector, what
from assistant.figures.query import Place
from assistant.text import format_year_range


def trend(ctx: Context) -> None:
    found = places(ctx)
    sectors = [s for s in ctx.query.measure.sectors if s in calc.SECTORS] or [sector(ctx)]
    start, end = period(ctx, latest_year(ctx))
    release = trend_release(ctx, start, end)
    years = [y for y in release.years if start <= y <= end]
    if len(years) < 2:
        raise refuse(missing_years_message(ctx, releases(ctx), [start, end]) if not years
                     else ctx.t("trend_one_year", start=start, end=end, year=years[0]),
                     "missing_year")
    ctx.query = ctx.query.with_period(from_year=years[0], to_year=years[-1])
    if not release.latest:
        previous_release_note(ctx, release, years)
    rows = []
    for place in found:
        check_place(ctx, place)
        for one in sectors:
            series = series_for(ctx, place, one, years, release)
            if len(sectors) > 1:  # one line per place and sector
                series = [{**r, "place": f"{r['place']} – {one}"} for r in series]
            rows += series
            abroad_caveat(ctx, place, years, one, release)
    value_unit = per_capita_unit(ctx) if ctx.query.measure.per_capita else unit(ctx)
    ctx.charts.append(line(ctx, ctx.t("c_series", start=years[0], end=years[-1]), rows,
                           value_unit))
    ctx.table(ctx.t("t_series"), rows)
    skipped = [y for y in range(2016, 2020) if start <= y <= end]
    if release.latest and skipped:
        ctx.write(ctx.t("trend_skipped", years=years_text(tuple(skipped))))


def series_for(ctx: Context, place: Place, sector_: str | None, years: list[int],
               release: Release) -> list[dict[str, Any]]:
    rows, figures = [], []
    for year in years:
        value, unit_, amount = place_value(ctx, place, year, sector_, release)
        fig = ctx.figure(emission_label(ctx, sector_, unit_), value, unit_, place, year,
                         sector_label(sector_), amount.method(ctx), amount.dataset,
                         amount.inputs)
        figures.append(fig)
        rows.append({"place": place.name, "year": year, "value": value})
    first, last = figures[0], figures[-1]
    diff, pct = calc.change(first.value, last.value)
    span = format_year_range(int(first.year), int(last.year))
    pct_fig = ctx.figure(ctx.t("l_change_pct"), pct, "%", place, span, sector_label(sector_),
                         ctx.t("m_change_pct", a=ctx.fmt_fig(first), b=ctx.fmt_fig(last)),
                         first.dataset, first.inputs + last.inputs)
    table = "\n".join(f"| {f.year} | {ctx.fmt_fig(f)} |" for f in figures)
    ctx.write(ctx.t("trend_text", name=ctx.name(place), what=what(ctx, sector_), span=span,
                    release=release.manifest.release, pct=ctx.signed(pct_fig.value, "%"),
                    direction=direction(ctx, diff))
              + "\n\n" + ctx.t("trend_table_head") + "\n" + table)
    return rows
