"""Paths to a target (figures/targets.py): the yearly cut needed from the latest year.

Two conventions, both from the same release: (a) a constant yearly percentage cut to the target
level; (b) the same cut in tonnes every year, to zero for the 2045 net-zero target and to the
target level for the 2030 transport target. Per inhabitant the latest year's population is held
constant (the data has no forecast). A national target applied to a municipality or a county is
a calculation convention, and every answer says so.
"""

from __future__ import annotations

from assistant.figures import compute as calc
from assistant.figures.engine.amounts import (
    abroad_caveat,
    check_place,
    emissions,
    people_unit,
    per_capita_unit,
    population,
    sector_label,
    unit,
)
from assistant.figures.engine.context import Context, refuse
from assistant.figures.engine.releases import Release, releases, years_text
from assistant.figures.engine.single import emission_label, places, sector
from assistant.figures.indicators import POPULATION
from assistant.figures.query import Place
from assistant.figures.targets import TARGETS, Target
from assistant.models import Figure
from assistant.text import format_number, format_year_range


def path(ctx: Context) -> None:
    target = TARGETS[ctx.query.statistic.target]
    found, sector_ = places(ctx), sector(ctx)
    if target.sector is not None and sector_ != target.sector:
        raise refuse(ctx.t("target_sector", target=_name(ctx, target), sector=target.sector),
                     "target")
    release = releases(ctx)[0]
    latest = max(release.years)
    if target.base_year not in release.years:
        raise refuse(ctx.t("target_base_missing", year=target.base_year), "missing_year")
    asked = ctx.query.period.year
    if asked is not None and asked != latest:
        ctx.write(ctx.t("path_latest", latest=latest))
    since = ctx.query.period.from_year
    if since is not None and since not in release.years:
        raise refuse(ctx.t("missing_years", shown=since, listing=years_text(release.years)),
                     "missing_year")
    ctx.query = ctx.query.with_period(year=latest)
    for place in found:
        check_place(ctx, place)
        _path_for(ctx, target, place, sector_, latest, release)
        abroad_caveat(ctx, place, [latest], sector_, release)
    ctx.caveat("caveat_" + target.key)


def _name(ctx: Context, target: Target) -> str:
    return target.name_en if ctx.en else target.name_sv


def _path_for(ctx: Context, target: Target, place: Place, sector_: str | None, latest: int,
              release: Release) -> None:
    now = emissions(ctx, place, latest, sector_, release)
    base = emissions(ctx, place, target.base_year, sector_, release)
    p = calc.path_to_target(now.value, latest, base.value, target.base_year,
                            target.target_year, target.remaining_share)
    span = format_year_range(latest, target.target_year)
    s, t_unit = sector_label(sector_), unit(ctx)
    share = format_number(target.remaining_share, 2, ctx.lang)
    percent = round(target.remaining_share * 100)
    f_now = ctx.figure(emission_label(ctx, sector_, t_unit), now.value, t_unit, place, latest,
                       s, now.method(ctx), now.dataset, now.inputs)
    f_base = ctx.figure(emission_label(ctx, sector_, t_unit), base.value, t_unit, place,
                        target.base_year, s, base.method(ctx), base.dataset, base.inputs)
    f_target = ctx.figure(ctx.t("l_target_level", year=target.target_year, percent=percent,
                                base=target.base_year), p.target_value, t_unit, place,
                          target.target_year, s, f"{share} × {ctx.fmt_fig(f_base)}",
                          base.dataset, base.inputs)
    f_pct = ctx.figure(ctx.t("l_yearly_pct"), p.yearly_pct, "%", place, span, s,
                       ctx.t("m_yearly_pct", target=ctx.fmt_fig(f_target), now=ctx.fmt_fig(f_now),
                             n=p.years_left), now.dataset, now.inputs + base.inputs)
    to_zero = target.line_to == "zero"
    line_value = p.yearly_tonnes_to_zero if to_zero else p.yearly_tonnes_to_target
    f_line = ctx.figure(ctx.t("l_line_zero" if to_zero else "l_line_target"), line_value,
                        f"{t_unit}/år", place, span, s,
                        f"{ctx.fmt_fig(f_now)} / {p.years_left}" if to_zero else
                        f"({ctx.fmt_fig(f_now)} − {ctx.fmt_fig(f_target)}) / {p.years_left}",
                        now.dataset, now.inputs + base.inputs)
    name = ctx.name(place)
    values = {"name": name, "target": ctx.fmt_fig(f_target), "now": ctx.fmt_fig(f_now),
              "latest": latest, "pct": ctx.fmt_fig(f_pct), "n": p.years_left,
              "line": ctx.fmt_fig(f_line), "year": target.target_year, "percent": percent,
              "base_year": target.base_year, "release": release.manifest.release,
              "target_name": _name(ctx, target)}
    key = target.key
    first = ctx.t(f"path_below_{key}" if p.already_below else f"path_{key}", **values)
    second = ctx.t(f"path_line_{key}", **values)
    ctx.write(f"{first} {second}\n\n" + ctx.t(f"path_convention_{key}", **values))
    since = ctx.query.period.from_year
    if target.key != "sweden_2045" or since is not None:
        _so_far(ctx, place, sector_, since or target.base_year, f_now, release)
    if ctx.query.measure.per_capita:
        _per_capita(ctx, place, s, p, f_now, f_target, f_line, target)
    ctx.table(ctx.t("t_inputs"), list(now.inputs + base.inputs))


def _so_far(ctx: Context, place: Place, sector_: str | None, start: int, f_now: Figure,
            release: Release) -> None:
    """The change from the base year (or the year asked, "sedan 2015") to the latest year."""
    then = emissions(ctx, place, start, sector_, release)
    f_then = ctx.fmt(then.value, f_now.unit)
    change = calc.change(then.value, f_now.value)[1]
    so_far = ctx.figure(ctx.t("l_change_pct"), change, "%", place,
                        format_year_range(start, int(f_now.year)), f_now.sector,
                        ctx.t("m_change_pct", a=f_then, b=ctx.fmt_fig(f_now)), then.dataset,
                        then.inputs + f_now.inputs)
    ctx.write(ctx.t("path_so_far", base_year=start, latest=f_now.year,
                    pct=ctx.signed(so_far.value, "%"), base=f_then, now=ctx.fmt_fig(f_now)))


def _per_capita(ctx: Context, place: Place, s: str, p: calc.TargetPath, f_now: Figure,
                f_target: Figure, f_line: Figure, target: Target) -> None:
    """The same path per inhabitant. The data has no population forecast, so the convention is
    the population of the latest year held constant; then the yearly percentage cut is the same
    as for the total, and the tonnes are divided by that population."""
    latest = p.latest_year
    people = population(ctx, place, latest)
    pop = ctx.figure(ctx.t("l_population"), people.value, people_unit(ctx), place, latest, "",
                     people.method(ctx), POPULATION,
                     people.inputs if len(people.inputs) == 1 else ())
    span = format_year_range(latest, target.target_year)
    count = int(people.value)
    if count <= 0:
        raise calc.MissingDataError("folkmängden är noll")
    inv = per_capita_unit(ctx)
    now = ctx.figure(ctx.t("l_per_capita_now"), p.latest_value / count, inv, place, latest, s,
                     f"{ctx.fmt_fig(f_now)} / {ctx.fmt_fig(pop)}", f_now.dataset, f_now.inputs)
    goal = ctx.figure(ctx.t("l_per_capita_target", year=target.target_year),
                      p.target_value / count, inv, place, target.target_year, s,
                      f"{ctx.fmt_fig(f_target)} / {ctx.fmt_fig(pop)}", f_target.dataset,
                      f_target.inputs)
    line = ctx.figure(ctx.t("l_per_capita_line"), f_line.value / count, f"{inv}/år", place,
                      span, s, f"{ctx.fmt_fig(f_line)} / {ctx.fmt_fig(pop)}", f_line.dataset,
                      f_line.inputs)
    ctx.write(ctx.t("path_per_capita", now=ctx.fmt_fig(now), latest=latest,
                    target=ctx.fmt_fig(goal), year=target.target_year, line=ctx.fmt_fig(line),
                    pop=ctx.fmt_fig(pop)))
