"""Statistics of named places: value, comparison and difference, change, share of a sector, a
sector breakdown, and a place's share of its county or of Sweden."""

from __future__ import annotations

from typing import Any

from assistant.figures import compute as calc
from assistant.figures.engine.amounts import (
    Amount,
    abroad_caveat,
    check_place,
    emissions,
    national_total_caveat,
    people_unit,
    per_capita_unit,
    place_value,
    population,
    sector_label,
    unit,
)
from assistant.figures.engine.charts import bar, line
from assistant.figures.engine.context import Context, clarify, refuse
from assistant.figures.engine.releases import latest_year, period, release_for
from assistant.figures.indicators import POPULATION
from assistant.figures.places import STOCKHOLMS_LAN, SVERIGE
from assistant.figures.query import Place
from assistant.figures.restate import genitive
from assistant.models import Chart, Figure
from assistant.text import decimals_for, format_value, format_year_range


def places(ctx: Context, minimum: int = 1) -> tuple[Place, ...]:
    found = ctx.query.places
    if len(found) < minimum:
        raise clarify(ctx.t("which_place" if minimum == 1 else "which_places"), "needs_place")
    return found


def sector(ctx: Context) -> str | None:
    """The one sector asked about (None = all sectors), checked against SMHI's nine."""
    wanted = ctx.query.measure.sector
    if wanted in (None, "", calc.TOTAL):
        return None
    if wanted not in calc.SECTORS:
        raise refuse(ctx.t("unknown_sector", sector=wanted, sectors=", ".join(calc.SECTORS)))
    return wanted


def what(ctx: Context, sector_: str | None) -> str:
    return ctx.t("what_all") if sector_ is None else ctx.t("what_sector", sector=sector_)


def year_or_latest(ctx: Context) -> int:
    year = ctx.query.period.year
    return year if year is not None else latest_year(ctx)


def emission_label(ctx: Context, sector_: str | None, unit_: str) -> str:
    key = "l_per_capita" if unit_ == per_capita_unit(ctx) else "l_emissions"
    return ctx.t(key, what=what(ctx, sector_))


def direction(ctx: Context, diff: float) -> str:
    return ctx.t("dir_down" if diff < 0 else "dir_up" if diff > 0 else "dir_same")


# ----------------------------------------------------------------------------- value


def value(ctx: Context) -> None:
    if len(places(ctx)) > 1:
        comparison(ctx)
        return
    place, sector_, year = places(ctx)[0], sector(ctx), year_or_latest(ctx)
    check_place(ctx, place)
    release = release_for(ctx, [year])
    amount = emissions(ctx, place, year, sector_, release)
    fig = ctx.figure(emission_label(ctx, sector_, unit(ctx)), amount.value, unit(ctx), place,
                     year, sector_label(sector_), amount.method(ctx), amount.dataset,
                     amount.inputs)
    ctx.write(ctx.t("value_text", name=ctx.name(place), what=what(ctx, sector_),
                    value=ctx.fmt_fig(fig), year=year))
    if ctx.query.measure.per_capita:
        per_capita_figure(ctx, place, year, sector_, fig)
    abroad_caveat(ctx, place, [year], sector_, release)
    national_total_caveat(ctx, place, year, sector_)
    ctx.table(ctx.t("t_inputs"), list(amount.inputs))


def per_capita_figure(ctx: Context, place: Place, year: int, sector_: str | None,
                      emitted: Figure) -> Figure:
    people = population(ctx, place, year)
    pop_fig = ctx.figure(ctx.t("l_population"), people.value, people_unit(ctx), place, year, "",
                         people.method(ctx), POPULATION,
                         people.inputs if len(people.inputs) == 1 else ())
    value_ = calc.per_capita(emitted.value, int(people.value))
    method = ctx.t("m_per_capita", emissions=ctx.fmt_fig(emitted), population=ctx.fmt_fig(
        pop_fig), year=year)
    fig = ctx.figure(ctx.t("l_per_capita", what=what(ctx, sector_)), value_,
                     per_capita_unit(ctx), place, year, sector_label(sector_), method,
                     emitted.dataset, emitted.inputs + pop_fig.inputs)
    ctx.write(ctx.t("per_capita_text", value=ctx.fmt_fig(fig), method=method))
    return fig


# ----------------------------------------------------------------------------- comparison


def comparison(ctx: Context) -> None:
    found, sector_ = places(ctx), sector(ctx)
    if len(found) == 1:
        value(ctx)
        return
    year = year_or_latest(ctx)
    release = release_for(ctx, [year])
    rows, figures = [], []
    for place in found:
        check_place(ctx, place)
        value_, unit_, amount = place_value(ctx, place, year, sector_, release)
        fig = ctx.figure(emission_label(ctx, sector_, unit_), value_, unit_, place, year,
                         sector_label(sector_), amount.method(ctx), amount.dataset,
                         amount.inputs)
        figures.append((place, fig))
        rows.append({"place": place.name, "value": value_})
        abroad_caveat(ctx, place, [year], sector_, release)
        national_total_caveat(ctx, place, year, sector_)
    lines = [f"- **{ctx.name(p)}**: {ctx.fmt_fig(f)}"
             for p, f in sorted(figures, key=lambda pf: -pf[1].value)]
    ctx.write(ctx.t("comparison_head", what=what(ctx, sector_), year=year) + "\n\n"
              + "\n".join(lines))
    if len(figures) == 2:
        difference(ctx, figures, year, sector_)
    ctx.charts.append(bar(ctx, ctx.t("t_comparison", year=year), rows, figures[0][1].unit))
    ctx.table(ctx.t("t_comparison", year=year),
              [{"plats": r["place"], "värde": r["value"]} for r in rows])


def difference(ctx: Context, figures: list[tuple[Place, Figure]], year: int | str,
               sector_: str | None) -> None:
    (pa, fa), (pb, fb) = figures
    method = ctx.t("m_difference", a=ctx.fmt_fig(fa), b=ctx.fmt_fig(fb))
    fig = ctx.figure(ctx.t("l_difference", a=pa.name, b=pb.name), fa.value - fb.value, fa.unit,
                     pa, year, sector_label(sector_), method, fa.dataset,
                     fa.inputs + fb.inputs)
    ctx.write(ctx.t("difference_text", a=ctx.name(pa), b=ctx.name(pb), value=ctx.fmt_fig(fig)))


# ----------------------------------------------------------------------------- change


def change(ctx: Context) -> None:
    found, sector_ = places(ctx), sector(ctx)
    start, end = period(ctx, latest_year(ctx))
    if start == end:
        raise clarify(ctx.t("change_one_year", year=start), "ambiguous")
    release = release_for(ctx, [start, end])
    rows = []
    for place in found:
        check_place(ctx, place)
        rows.append(change_for(ctx, place, sector_, start, end, release))
        abroad_caveat(ctx, place, [start, end], sector_, release)
    if len(found) > 1:
        ctx.charts.append(bar(ctx, ctx.t("t_change_span", start=start, end=end), rows, "%"))
    ctx.table(ctx.t("t_change"), [
        {"plats": r["place"], f"{start}": r["a"], f"{end}": r["b"], "förändring": r["abs"],
         "förändring_procent": r["value"]} for r in rows])
    series_chart(ctx, found, sector_, start, end, release)


def change_for(ctx: Context, place: Place, sector_: str | None, start: int, end: int,
               release: Any) -> dict[str, Any]:
    span = format_year_range(start, end)
    first, unit_, a = place_value(ctx, place, start, sector_, release)
    last, _, b = place_value(ctx, place, end, sector_, release)
    a_inputs, b_inputs = a.inputs, b.inputs
    fig_a = ctx.figure(emission_label(ctx, sector_, unit_), first, unit_, place, start,
                       sector_label(sector_), a.method(ctx), a.dataset, a_inputs)
    fig_b = ctx.figure(emission_label(ctx, sector_, unit_), last, unit_, place, end,
                       sector_label(sector_), b.method(ctx), b.dataset, b_inputs)
    diff, pct = calc.change(first, last)
    fa, fb = ctx.fmt_fig(fig_a), ctx.fmt_fig(fig_b)
    caveats = rounding_caveat(ctx, place, first, last, unit_)
    fig_abs = ctx.figure(ctx.t("l_change"), diff, unit_, place, span, sector_label(sector_),
                         ctx.t("m_change_abs", start=start, end=end, a=fa, b=fb), a.dataset,
                         a_inputs + b_inputs, caveats)
    fig_pct = ctx.figure(ctx.t("l_change_pct"), pct, "%", place, span, sector_label(sector_),
                         ctx.t("m_change_pct", a=fa, b=fb), a.dataset, a_inputs + b_inputs,
                         caveats)
    per = ctx.t("per_inh") if ctx.query.measure.per_capita else ""
    ctx.write(ctx.t("change_text", per=per, name=ctx.name(place), what=what(ctx, sector_),
                    direction=direction(ctx, diff), a=fa, start=start, b=fb, end=end,
                    abs=ctx.signed(diff, unit_), pct=ctx.signed(pct, "%")))
    return {"place": place.name, "a": first, "b": last, "abs": fig_abs.value,
            "value": fig_pct.value}


def rounding_caveat(ctx: Context, place: Place, first: float, last: float,
                    unit_: str) -> tuple[str, ...]:
    """A change is computed from the exact values; when the rounded values the sentence shows
    give other digits (a press officer's reader recomputes 2,43 -> 1,22 as -1,21 and -49,8 %,
    not the exact -1,20 and -49,5 %), the answer says so and gives the exact inputs."""
    places = decimals_for(unit_, first)
    if not calc.rounding_shows(first, last, places, decimals_for("%")):
        return ()
    exact = {k: format_value(v, unit_, ctx.lang, decimals=places + 2)
             for k, v in (("a", first), ("b", last))}
    return (ctx.caveat("rounded_inputs", name=ctx.name(place), **exact),)


def series_chart(ctx: Context, found: tuple[Place, ...], sector_: str | None, start: int,
                 end: int, release: Any) -> None:
    """A change over more than two data years gets a line chart of the years in between (from
    the same release)."""
    years = [y for y in release.years if start <= y <= end]
    if len(years) <= 2:
        return
    rows, unit_ = [], unit(ctx)
    for place in found:
        for year in years:
            value_, unit_, _ = place_value(ctx, place, year, sector_, release)
            rows.append({"place": place.name, "year": year, "value": value_})
    ctx.charts.append(line(ctx, ctx.t("c_series", start=years[0], end=years[-1]), rows, unit_))


# ----------------------------------------------------------------------------- sectors


def sector_by_sector(ctx: Context, handler: Any) -> None:
    """Several sectors: each computed as its own query; a value or share also for their sum,
    which stays within one release because every part comes from the same table and year."""
    query = ctx.query
    for one in query.measure.sectors:
        ctx.query = query.with_measure(sectors=(one,))
        handler(ctx)
    ctx.query = query
    if query.statistic.name in ("value", "share") and len(query.places) == 1:
        _sector_sum(ctx)


def _sector_sum(ctx: Context) -> None:
    sectors = ctx.query.measure.sectors
    t_unit = unit(ctx)
    groups: dict[tuple[str, Any], list[Figure]] = {}
    for fig in ctx.figures:
        if fig.unit == t_unit and fig.sector in sectors:
            group = groups.setdefault((fig.kommun, fig.year), [])
            if all(f.sector != fig.sector for f in group):
                group.append(fig)
    by_name = {p.name: p for p in ctx.query.places}
    for (name, year), parts in groups.items():
        if len(parts) < 2:
            continue
        place = by_name.get(name, Place("", name, "kommun"))
        joined_ = " + ".join(ctx.fmt_fig(f) for f in parts)
        label = " + ".join(f.sector for f in parts)
        fig = ctx.figure(ctx.t("l_sum_sectors", label=label), sum(f.value for f in parts),
                         t_unit, place, year, label, joined_, parts[0].dataset,
                         tuple(i for f in parts for i in f.inputs))
        text = ctx.t("sectors_sum_text", label=label, value=ctx.fmt_fig(fig), name=ctx.name(place),
                     year=year, joined=joined_)
        whole = next((f for f in ctx.figures if f.kommun == name and f.year == year
                      and f.sector == calc.TOTAL and f.unit == t_unit), None)
        if whole is not None:
            pct = ctx.figure(ctx.t("l_share_sum", label=label), calc.share(fig.value, whole.value),
                             "%", place, year, label,
                             ctx.t("m_share", part=ctx.fmt_fig(fig), total=ctx.fmt_fig(whole)),
                             whole.dataset, fig.inputs + whole.inputs)
            text += ctx.t("share_sum_text", value=ctx.fmt_fig(pct))
        ctx.write(text)


# ----------------------------------------------------------------------------- shares


def share(ctx: Context) -> None:
    if ctx.query.statistic.share_of != "total":
        share_of(ctx)
        return
    place, sector_ = places(ctx)[0], sector(ctx)
    check_place(ctx, place)
    year = year_or_latest(ctx)
    release = release_for(ctx, [year])
    total = emissions(ctx, place, year, None, release)
    total_fig = ctx.figure(ctx.t("l_emissions", what=ctx.t("what_all")), total.value, unit(ctx),
                           place, year, calc.TOTAL, total.method(ctx), total.dataset,
                           total.inputs)
    if sector_ is not None:
        part = emissions(ctx, place, year, sector_, release)
        fig = share_figure(ctx, place, year, sector_, part, total_fig)
        ctx.write(ctx.t("share_text", sector=sector_, share=ctx.fmt_fig(fig),
                        name=ctx.name(place), year=year, part=ctx.fmt(part.value, unit(ctx)),
                        total=ctx.fmt_fig(total_fig)))
    else:
        _breakdown(ctx, place, year, release, total_fig)
    abroad_caveat(ctx, place, [year], sector_, release)


def share_figure(ctx: Context, place: Place, year: int, sector_: str, part: Amount,
                 total_fig: Figure) -> Figure:
    part_fig = ctx.figure(ctx.t("l_sector_emissions", sector=sector_), part.value, unit(ctx),
                          place, year, sector_, part.method(ctx), part.dataset, part.inputs)
    return ctx.figure(ctx.t("l_share", sector=sector_), calc.share(part.value, total_fig.value),
                      "%", place, year, sector_,
                      ctx.t("m_share", part=ctx.fmt_fig(part_fig), total=ctx.fmt_fig(total_fig)),
                      part.dataset, part.inputs + total_fig.inputs)


def _breakdown(ctx: Context, place: Place, year: int, release: Any, total_fig: Figure) -> None:
    parts = sorted(((emissions(ctx, place, year, s, release), s) for s in calc.SECTORS),
                   key=lambda ps: (-ps[0].value, ps[1]))
    lines, rows = [], []
    for part, sector_ in parts:
        fig = share_figure(ctx, place, year, sector_, part, total_fig)
        lines.append(f"- {sector_}: {ctx.fmt(part.value, unit(ctx))} ({ctx.fmt_fig(fig)})")
        rows.append({"sector": sector_, "value": part.value, "share": fig.value})
    ctx.write(ctx.t("breakdown_text", name=ctx.name(place), year=year,
                    total=ctx.fmt_fig(total_fig), largest=parts[0][1]) + "\n\n"
              + "\n".join(lines))
    ctx.table(ctx.t("t_sectors", year=year), rows)
    ctx.charts.append(Chart("bar", ctx.t("c_by_sector", year=year), "sector", "value",
                            unit(ctx), tuple(rows)))


def share_of(ctx: Context) -> None:
    """A place's share of its county's (or Sweden's) emissions, from one release and year."""
    part_place, sector_ = places(ctx)[0], sector(ctx)
    whole = SVERIGE if ctx.query.statistic.share_of == "sweden" else next(
        (p for p in ctx.query.places if p.level == "lan"), STOCKHOLMS_LAN)
    check_place(ctx, part_place)
    year = year_or_latest(ctx)
    release = release_for(ctx, [year])
    part = emissions(ctx, part_place, year, sector_, release)
    total = emissions(ctx, whole, year, sector_, release)
    s = sector_label(sector_)
    part_fig = ctx.figure(emission_label(ctx, sector_, unit(ctx)), part.value, unit(ctx),
                          part_place, year, s, part.method(ctx), part.dataset, part.inputs)
    total_fig = ctx.figure(emission_label(ctx, sector_, unit(ctx)), total.value, unit(ctx),
                           whole, year, s, total.method(ctx), total.dataset, total.inputs)
    whole_name = genitive(ctx.name(whole), ctx.lang)
    fig = ctx.figure(ctx.t("l_share_of", whole=whole_name), calc.share(part.value, total.value),
                     "%", part_place, year, s,
                     ctx.t("m_share", part=ctx.fmt_fig(part_fig), total=ctx.fmt_fig(total_fig)),
                     part.dataset, part.inputs + total.inputs)
    ctx.write(ctx.t("share_of_text", name=ctx.name(part_place), share=ctx.fmt_fig(fig),
                    whole=whole_name, year=year, part=ctx.fmt_fig(part_fig),
                    total=ctx.fmt_fig(total_fig), what=what(ctx, sector_)))
    if whole.level == "riket":
        ctx.caveat("share_of_sweden")
    abroad_caveat(ctx, part_place, [year], sector_, release)
