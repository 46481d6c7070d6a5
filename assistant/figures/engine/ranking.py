"""Rankings: the municipalities of a county or of Sweden, the 21 counties, a place's sectors or
its years, ordered by a statistic (value, change, rate, mean, sum, share); top/bottom N and the
place asked about. The list is a table and a bar chart; the text lists the top of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.figures import compute as calc
from assistant.figures import tables
from assistant.figures.engine.amounts import (
    SIGTUNA,
    Amount,
    abroad_caveat,
    per_capita_unit,
    place_value,
    unit,
)
from assistant.figures.engine.charts import bar
from assistant.figures.engine.context import Context, clarify, refuse
from assistant.figures.engine.quantities import Plan, plan, quantity
from assistant.figures.engine.releases import releases, years_text
from assistant.figures.engine.single import sector, what
from assistant.figures.places import COUNTIES, STOCKHOLMS_LAN
from assistant.figures.query import Place
from assistant.figures.restate import place_name
from assistant.figures.texts import alternatives

RANKING_LINES = 10  # a ranking over all 290 municipalities lists only this many in the text
CHART_BARS = 30


@dataclass(frozen=True)
class Unit:
    """One ranked thing: a place, or a sector or year of one place."""

    key: str
    name: str
    place: Place
    sector: str  # the figure's sector label
    year: int | str | None = None  # the figure's year when it differs per unit (years ranked)


def units(ctx: Context) -> tuple[list[Unit], str]:
    """The things to rank and how the set is named in the answer."""
    q, sel = ctx.query, ctx.query.selection
    sector_label = q.measure.sector or calc.TOTAL
    if sel.units == "lan":
        codes = [c for c, level in ctx.data.county().levels.items() if level == "lan"]
        found = [Unit(c, COUNTIES.get(c, c), Place(c, COUNTIES.get(c, c), "lan"), sector_label)
                 for c in sorted(codes)]
        return found, ctx.t("scope_counties", n=len(found))
    if sel.units in ("sektorer", "år"):
        if len(q.places) != 1:
            raise clarify(ctx.t("which_place"), "needs_place")
        place = q.places[0]
        if sel.units == "sektorer":
            return ([Unit(s, s, place, s) for s in calc.SECTORS],
                    ctx.t("scope_sectors", name=ctx.name(place)))
        latest = releases(ctx)[0]
        return ([Unit(str(y), str(y), place, sector_label, y) for y in latest.years],
                ctx.t("scope_years", name=ctx.name(place)))
    return municipalities(ctx)


def municipalities(ctx: Context) -> tuple[list[Unit], str]:
    q, sel = ctx.query, ctx.query.selection
    focus = sel.focus or next((p for p in q.places if p.level == "kommun"), None)
    lan = next((p for p in q.places if p.level == "lan"), None)
    county = lan.code if lan else (focus.code[:2] if focus else calc.STOCKHOLM_COUNTY)
    table = ctx.data.emissions()
    codes = tables.county_codes(table.codes, calc.SWEDEN if sel.scope == "riket" else county)
    sector_label = q.measure.sector or calc.TOTAL
    found = [Unit(c, table.names[c], Place(c, table.names[c], "kommun"), sector_label)
             for c in codes]
    return found, scope_name(ctx, county)


def scope_name(ctx: Context, county: str) -> str:
    if ctx.query.selection.scope == "riket":
        return ctx.t("scope_sweden_kommuner", n=len(ctx.data.emissions().codes))
    name = COUNTIES.get(county, STOCKHOLMS_LAN.name)
    return ctx.t("scope_county_kommuner", county=place_name(Place(county, name, "lan"),
                                                              ctx.lang))


def ranking(ctx: Context) -> None:
    q = ctx.query
    if len(q.measure.sectors) > 1 and q.selection.units != "sektorer":
        raise clarify(ctx.t("rank_one_sector", options=alternatives(list(q.measure.sectors),
                                                                     ctx.lang)), "ambiguous")
    sector_ = sector(ctx)
    if q.statistic.name == "share" and q.statistic.share_of == "total" and sector_ is None:
        raise clarify(ctx.t("rank_share_sector"), "ambiguous")
    ranked, scope = units(ctx)
    if q.selection.units == "år":
        latest = releases(ctx)[0]
        value_unit = per_capita_unit(ctx) if q.measure.per_capita else unit(ctx)
        p = Plan("value", latest.years, latest, value_unit)
        entries = _year_entries(ctx, ranked, sector_)
        when: int | str = ""
    else:
        p = plan(ctx)
        by_sector = q.selection.units == "sektorer"
        entries = measured(ctx, ranked, lambda u: quantity(ctx, p, u.place,
                                                           u.key if by_sector else sector_))
        ranked = [u for u in ranked if u.key in entries]
        value_unit, when = p.unit, p.label
    emit(ctx, ranked, entries, value_unit, when, scope, measure(ctx, p, value_unit),
         what(ctx, sector_) if q.selection.units != "sektorer" else "")
    if value_unit == per_capita_unit(ctx):
        ctx.caveat("per_capita_rank")
    if q.selection.units == "år":
        ctx.write(ctx.t("years_latest_release", years=years_text(releases(ctx)[0].years)))
    keys = {u.key for u in ranked}
    if SIGTUNA in keys or q.selection.units in ("lan", "sektorer", "år"):
        place = next((u.place for u in ranked if u.key == SIGTUNA), None) or (
            q.places[0] if q.places else STOCKHOLMS_LAN)
        abroad_caveat(ctx, place, list(p.years), sector_, p.release)


def measured(ctx: Context, ranked: list[Unit],
             one: Callable[[Unit], Amount]) -> dict[str, Amount]:
    """The statistic for every unit; a unit the statistic is undefined for (a change from zero,
    as for Utrikes transporter before 2023) is left out, and the answer names it."""
    entries: dict[str, Amount] = {}
    skipped: list[str] = []
    for u in ranked:
        try:
            entries[u.key] = one(u)
        except calc.MissingDataError as exc:
            skipped.append(f"{u.name} ({exc.detail})")
    if not entries:
        raise refuse(ctx.t("nothing_ranked"), "no_data")
    if skipped:
        ctx.write(ctx.t("units_skipped", names="; ".join(skipped)))
    return entries


def _year_entries(ctx: Context, ranked: list[Unit], sector_: str | None) -> dict[str, Amount]:
    latest = releases(ctx)[0]
    return {u.key: place_value(ctx, u.place, int(u.key), sector_, latest)[2] for u in ranked}


def measure(ctx: Context, p: Plan, value_unit: str) -> str:
    q = ctx.query
    per = ctx.t("per_inh") if q.measure.per_capita else ""
    name = p.statistic
    if name == "change" and p.absolute:
        return ctx.t("by_change_t_m", per=per)
    if name == "change":
        return ctx.t("by_change_pct", per=per)
    if name == "rate":
        return ctx.t("by_mean_change_m" if p.rate == "mean_change" else "by_cagr_m", per=per)
    if name in ("mean", "sum"):
        return ctx.t(f"by_{name}_m", per=per)
    if name == "share":
        return ctx.t("by_share_m") if p.share_of == "total" else ctx.t("by_share_of_m")
    return ctx.t("by_per_capita_m" if value_unit == per_capita_unit(ctx) else "by_emissions_m")


def emit(ctx: Context, ranked: list[Unit], entries: dict[str, Amount], unit: str,
         when: int | str, scope: str, measure_: str, what_: str) -> None:
    """The ranked list: a figure per listed unit (and the focus), text, full table and chart."""
    q, sel = ctx.query, ctx.query.selection
    by_key = {u.key: u for u in ranked}
    full = calc.ranking({k: a.value for k, a in entries.items()}, sel.order, None)
    shown = full[: sel.limit] if sel.limit else full
    focus = sel.focus
    focus_row = next((r for r in full if focus and r.key == focus.code), None)
    if focus and focus_row is None:
        raise refuse(ctx.t("focus_not_ranked", name=focus.name, scope=scope), "no_data")
    count = len(full)
    figures = {}
    for row in shown + ([focus_row] if focus_row and focus_row not in shown else []):
        u, amount = by_key[row.key], entries[row.key]
        year = u.year if u.year is not None else when
        figures[row.key] = ctx.figure(ctx.t("l_rank", rank=row.rank, count=count), row.value,
                                      unit, u.place, year, u.sector, amount.method(ctx),
                                      amount.dataset, amount.inputs)
    listed = shown if sel.limit or count <= CHART_BARS else shown[:RANKING_LINES]
    signed = q.statistic.name in ("change", "rate")
    header = f"| {ctx.t('th_rank')} | {ctx.t('th_' + sel.units)} | {ctx.t('th_value')} |"
    lines = [header, "|---:|---|---:|"] + [
        f"| {r.rank} | {_unit_name(ctx, by_key[r.key])} | "
        + (ctx.signed(r.value, unit) if signed else ctx.fmt_fig(figures[r.key])) + " |"
        for r in listed]
    more = ctx.t("ranking_more", n=len(listed), count=count) if len(listed) < len(shown) else ""
    how = ctx.t("order_desc" if sel.order == "desc" else "order_asc")
    if signed and q.measure.is_emissions:
        how = ctx.t("order_increase" if sel.order == "desc" else "order_decrease")
    when_text = (ctx.t("in_year_text", year=when) if isinstance(when, int) else str(when))
    context = f" ({what_})" if what_ else ""
    head = ctx.t("ranking_head", scope=scope[0].upper() + scope[1:], measure=measure_,
                 context=context, when=(" " + when_text) if when_text else "", how=how)
    ctx.write(head + "\n\n" + "\n".join(lines) + more)
    if focus_row:
        fig = figures[focus_row.key]
        ctx.write(ctx.t("focus_text", name=fig.kommun, rank=focus_row.rank, count=count,
                        value=ctx.signed(fig.value, unit) if signed else ctx.fmt_fig(fig)))
    name_key = {"lan": "län", "sektorer": "sektor", "år": "år"}.get(sel.units, "kommun")
    table = [{"plats": r.rank, name_key: by_key[r.key].name, "kod": r.key, "värde": r.value}
             for r in full]
    title = ctx.t("t_ranking", when=when_text).strip()
    ctx.table(title, table)
    ctx.charts.append(bar(ctx, title, [{"place": by_key[r.key].name, "value": r.value}
                                       for r in shown[:CHART_BARS]], unit))


def _unit_name(ctx: Context, u: Unit) -> str:
    return ctx.name(u.place) if u.key == u.place.code else u.name
