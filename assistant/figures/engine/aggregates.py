"""Rates and aggregates of named places: the average annual rate (CAGR, or the mean of the
yearly changes), and the mean or the sum of the yearly values over a period."""

from __future__ import annotations

from assistant.figures.engine.amounts import abroad_caveat, check_place, place_value, sector_label
from assistant.figures.engine.charts import bar, line
from assistant.figures.engine.context import Context
from assistant.figures.engine.quantities import plan, quantity
from assistant.figures.engine.single import difference, places, sector, what


def aggregate(ctx: Context) -> None:
    found, sector_ = places(ctx), sector(ctx)
    p = plan(ctx)
    name = "mean_change" if p.statistic == "rate" and p.rate == "mean_change" else p.statistic
    start, end = p.years[0], p.years[-1]
    per = ctx.t("per_inh") if ctx.query.measure.per_capita else ""
    figures, rows = [], []
    for place in found:
        check_place(ctx, place)
        amount = quantity(ctx, p, place, sector_)
        fig = ctx.figure(ctx.t(f"l_{name}", what=what(ctx, sector_), start=start, end=end),
                         amount.value, p.unit, place, p.label, sector_label(sector_),
                         amount.method(ctx), amount.dataset, amount.inputs)
        figures.append((place, fig))
        rows.append({"place": place.name, "value": fig.value})
        shown = ctx.signed(fig.value, fig.unit) if name in ("rate", "mean_change") else (
            ctx.fmt_fig(fig))
        ctx.write(ctx.t(f"{name}_text", per=per, name=ctx.name(place), what=what(ctx, sector_),
                        value=shown, start=start, end=end, method=fig.method))
        abroad_caveat(ctx, place, list(p.years), sector_, p.release)
    if name == "mean_change":
        ctx.caveat("mean_change_vs_cagr")
    if name == "rate":
        ctx.caveat("cagr_convention")
    if len(figures) == 2:
        difference(ctx, figures, p.label, sector_)
    if len(figures) > 1:
        ctx.charts.append(bar(ctx, ctx.t(f"l_{name}", what=what(ctx, sector_), start=start,
                                         end=end), rows, p.unit))
    _yearly(ctx, found, sector_, p)


def _yearly(ctx: Context, found: tuple, sector_: str | None, p) -> None:
    """The yearly values behind the number: a table, and a line chart over more than two
    years."""
    years = [y for y in p.release.years if p.years[0] <= y <= p.years[-1]]
    rows, unit_ = [], ""
    for place in found:
        for year in years:
            value, unit_, _ = place_value(ctx, place, year, sector_, p.release)
            rows.append({"place": place.name, "year": year, "value": value})
    ctx.table(ctx.t("t_series"), rows)
    if len(years) > 2:
        ctx.charts.append(line(ctx, ctx.t("c_series", start=years[0], end=years[-1]), rows,
                               unit_))
