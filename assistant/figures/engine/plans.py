"""Climate plans in Klimatkollen's list: one municipality's plan, or a county's count and the
municipalities without one (named)."""

from __future__ import annotations

import pandas as pd

from assistant.figures import compute as calc
from assistant.figures import tables
from assistant.figures.engine.context import Context
from assistant.figures.engine.indicators import codes
from assistant.figures.indicators import PLANS
from assistant.figures.query import Place

MAX_NAMED = 26  # the municipalities without a plan are named for a county, not for Sweden


def climate_plan(ctx: Context, place: Place) -> None:
    df = ctx.data.frame(PLANS)
    found = codes(ctx, df, place)
    manifest = ctx.use(PLANS)
    if len(found) == 1:
        _one(ctx, place, calc.climate_plan(df, place.code), df)
        return
    with_plan, count = calc.plans_count(df, found)
    fig = ctx.figure(ctx.t("l_plans"), with_plan, "kommuner", place, manifest.release_year, "",
                     ctx.t("m_plans", n=count), PLANS)
    ctx.write(ctx.t("plans_text", value=ctx.fmt_fig(fig), n=count, name=ctx.name(place)))
    plans = [calc.climate_plan(df, c) for c in found]
    names = dict(zip(df["kommun_code"], df["kommun"], strict=False))
    missing = [names[p.code] for p in plans if not p.exists]
    if missing and len(found) <= MAX_NAMED:
        ctx.write(ctx.t("plans_missing", names=", ".join(missing)))
    ctx.table(ctx.t("t_plans"), [{"kommun": names[p.code], "plan": p.name, "antagen": p.year,
                                  "länk": p.link} for p in plans])


def _one(ctx: Context, place: Place, plan: calc.ClimatePlan, df: pd.DataFrame) -> None:
    inputs = tuple(tables.records(df[df["kommun_code"] == place.code]))
    name = ctx.name(place)
    if not plan.exists:
        ctx.write(ctx.t("plan_none", name=name, comment=plan.name or "Plan saknas."))
        ctx.table(ctx.t("t_inputs"), list(inputs))
        return
    if plan.year is not None:
        fig = ctx.figure(ctx.t("l_plan_adopted"), plan.year, "år", place, plan.year, "",
                         ctx.t("m_plan_adopted", plan=plan.name), PLANS, inputs)
        adopted = ctx.t("plan_adopted", year=ctx.fmt_fig(fig))
    else:
        adopted = ctx.t("plan_year_missing")
    ctx.write(ctx.t("plan_text", name=name, plan=plan.name, adopted=adopted, link=plan.link))
