"""The number a statistic gives for one place (or one sector): the shared core of rankings,
filters and the rates and aggregates of named places.

`plan(ctx)` resolves the query's statistic and period once: which years, from which single
release, in which unit. `quantity(ctx, plan, place, sector)` then computes the value for one
place with its method in words and the rows it came from. The formulas are compute.py's.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.figures import compute as calc
from assistant.figures.engine.amounts import Amount, emissions, per_capita_unit, place_value, unit
from assistant.figures.engine.context import Context, clarify
from assistant.figures.engine.releases import (
    Release,
    latest_year,
    period,
    release_for,
    release_with_every_year,
)
from assistant.figures.query import Place
from assistant.figures.texts import t
from assistant.text import format_value, format_year_range

RATE_UNIT = "%/år"  # percent per year: a CAGR or a mean of yearly changes


@dataclass(frozen=True)
class Plan:
    statistic: str  # value | change | rate | mean | sum | share
    years: tuple[int, ...]  # value/share: (y,); change/rate (CAGR): (start, end); else all years
    release: Release
    unit: str
    rate: str = "cagr"
    share_of: str = "total"
    # A change in tonnes, not percent: a place's sectors are ranked by it, since they are parts
    # of one whole and a sector can start from zero (El och fjärrvärme in Sigtuna 2010).
    absolute: bool = False

    @property
    def label(self) -> int | str:
        """The figure year: one year, or "2015–2024" for a period."""
        if len(self.years) == 1:
            return self.years[0]
        return format_year_range(self.years[0], self.years[-1])


def plan(ctx: Context, note: bool = True) -> Plan:
    q = ctx.query
    name = q.statistic.name
    value_unit = per_capita_unit(ctx) if q.measure.per_capita else unit(ctx)
    latest = latest_year(ctx)
    if name in ("value", "share"):
        year = q.period.year if q.period.year is not None else latest
        share_unit = "%" if name == "share" else value_unit
        return Plan(name, (year,), release_for(ctx, [year]), share_unit,
                    share_of=q.statistic.share_of)
    start, end = period(ctx, latest, note)
    if start == end:
        raise clarify(ctx.t("change_one_year", year=start), "ambiguous")
    if name == "change" and q.selection.units == "sektorer":
        return Plan(name, (start, end), release_for(ctx, [start, end]), value_unit,
                    absolute=True)
    if name == "change":
        return Plan(name, (start, end), release_for(ctx, [start, end]), "%")
    if name == "rate" and q.statistic.rate == "cagr":
        return Plan(name, (start, end), release_for(ctx, [start, end]), RATE_UNIT)
    what = ctx.t(f"what_{'mean_change' if name == 'rate' else name}")
    release = release_with_every_year(ctx, start, end, what)
    plan_unit = RATE_UNIT if name == "rate" else value_unit
    return Plan(name, tuple(range(start, end + 1)), release, plan_unit, q.statistic.rate)


def quantity(ctx: Context, p: Plan, place: Place, sector: str | None) -> Amount:
    """The plan's statistic for one place and sector."""
    release = p.release.manifest.release
    if p.statistic == "value":
        return place_value(ctx, place, p.years[0], sector, p.release)[2]
    if p.statistic == "share":
        return _share(ctx, p, place, sector)
    if p.statistic in ("change", "rate") and len(p.years) == 2:
        first, unit_, a = place_value(ctx, place, p.years[0], sector, p.release)
        last, _, b = place_value(ctx, place, p.years[1], sector, p.release)
        if p.statistic == "change" and p.absolute:
            value, key = last - first, "m_change_t"
        elif p.statistic == "change":
            value = calc.change(first, last)[1]
            key = "m_rank_change"
        else:
            value = calc.cagr(first, last, p.years[1] - p.years[0])
            key = "m_cagr"
        methods = [t(key, lang, a=format_value(first, unit_, lang),
                     b=format_value(last, unit_, lang), start=p.years[0], end=p.years[1],
                     n=p.years[1] - p.years[0], release=release) for lang in ("sv", "en")]
        return Amount(value, methods[0], methods[1], a.inputs + b.inputs, a.dataset)
    values, inputs, unit_ = {}, [], unit(ctx)
    for year in p.years:
        value, unit_, amount = place_value(ctx, place, year, sector, p.release)
        values[year] = value
        inputs += amount.inputs
    if p.statistic == "rate":
        value = calc.mean_yearly_change(values)
        key = "m_mean_change"
    elif p.statistic == "mean":
        value, key = calc.mean(values), "m_mean"
    else:
        value, key = calc.total(values), "m_sum"
    methods = [t(key, lang, n=len(values), start=p.years[0], end=p.years[-1], release=release,
                 values=" + ".join(format_value(v, unit_, lang) for v in values.values()))
               for lang in ("sv", "en")]
    return Amount(value, methods[0], methods[1], tuple(inputs), p.release.dataset)


def _share(ctx: Context, p: Plan, place: Place, sector: str | None) -> Amount:
    """A sector's share of the place's total, or the place's share of its county/Sweden."""
    year, t_unit = p.years[0], unit(ctx)
    if p.share_of == "total":
        part = emissions(ctx, place, year, sector, p.release)
        whole = emissions(ctx, place, year, None, p.release)
    else:
        whole_place = Place("00", "Sverige", "riket") if p.share_of == "sweden" else Place(
            place.code[:2], "", "lan")
        part = emissions(ctx, place, year, sector, p.release)
        whole = emissions(ctx, whole_place, year, sector, p.release)
    value = calc.share(part.value, whole.value)
    methods = [t("m_rank_share", lang, part=format_value(part.value, t_unit, lang),
                 total=format_value(whole.value, t_unit, lang), year=year,
                 release=p.release.manifest.release) for lang in ("sv", "en")]
    return Amount(value, methods[0], methods[1], part.inputs + whole.inputs, part.dataset)
