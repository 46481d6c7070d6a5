"""Filters: the municipalities (counties, sectors) whose statistic is above or below a threshold,
increased or decreased, or above/below the county's or Sweden's own value; answered as a list
or as a count, always with the members named.

The reference of "lägre än länet" is the area's own value for a per-inhabitant measure, a
change, a rate or a share (the county as a whole: its emissions over its population), and the
mean of its municipalities for emissions in tonnes (the reader asks back unless "genomsnitt" was
said). Both are stated in the answer.
"""

from __future__ import annotations

from assistant.figures import compute as calc
from assistant.figures.engine.amounts import Amount, per_capita_unit
from assistant.figures.engine.charts import bar
from assistant.figures.engine.context import Context, clarify
from assistant.figures.engine.quantities import plan, quantity
from assistant.figures.engine.ranking import Unit, measured, municipalities, units
from assistant.figures.engine.single import sector
from assistant.figures.places import STOCKHOLMS_LAN, SVERIGE
from assistant.figures.query import Place
from assistant.figures.restate import condition_phrase
from assistant.models import Figure


def filter_(ctx: Context) -> None:
    q = ctx.query
    if q.selection.condition is None:
        raise clarify(ctx.t("filter_condition"), "incomplete")
    sector_ = sector(ctx)
    members, scope = filter_units(ctx)
    p = plan(ctx)
    by_sector = q.selection.units == "sektorer"
    entries = measured(ctx, members, lambda u: quantity(ctx, p, u.place,
                                                        u.key if by_sector else sector_))
    members = [u for u in members if u.key in entries]
    reference = None
    if q.selection.condition.reference:
        reference = _reference(ctx, p, members, sector_)
    emit_filter(ctx, members, entries, p.unit, p.label, scope, reference)
    if p.unit == per_capita_unit(ctx):
        ctx.caveat("per_capita_rank")


def filter_units(ctx: Context) -> tuple[list[Unit], str]:
    """Named municipalities are the set themselves; otherwise as for a ranking."""
    q = ctx.query
    named = [p for p in q.places if p.level == "kommun"]
    if named and q.selection.units == "kommuner":
        return ([Unit(p.code, p.name, p, q.measure.sector or calc.TOTAL) for p in named],
                ctx.t("scope_named"))
    return units(ctx)


def _reference(ctx: Context, p, members: list[Unit], sector_: str | None) -> Figure:
    """The reference value as a figure: the area's own value, or its municipalities' mean."""
    q = ctx.query
    condition = q.selection.condition
    assert condition is not None and condition.reference is not None
    area = SVERIGE if condition.reference == "sweden" else next(
        (x for x in q.places if x.level == "lan"), STOCKHOLMS_LAN)
    extensive = q.measure.is_emissions and not q.measure.per_capita and p.statistic in (
        "value", "mean", "sum")
    if not extensive:
        amount = quantity(ctx, p, area, sector_)
        return ctx.figure(ctx.t("l_reference_own", name=area.name), amount.value, p.unit, area,
                          p.label, q.measure.sector or calc.TOTAL, amount.method(ctx),
                          amount.dataset, amount.inputs)
    saved = ctx.query
    ctx.query = q.with_selection(scope="riket" if area == SVERIGE else "lan")
    try:
        everyone, _ = municipalities(ctx)
    finally:
        ctx.query = saved
    values = {u.key: quantity(ctx, p, u.place, sector_).value for u in everyone}
    mean = calc.total(dict(enumerate(values.values()))) / len(values)
    return ctx.figure(ctx.t("l_reference_mean", name=area.name), mean, p.unit, area, p.label,
                      q.measure.sector or calc.TOTAL,
                      ctx.t("m_reference_mean", n=len(values), name=area.name),
                      p.release.dataset)


def emit_filter(ctx: Context, members: list[Unit], entries: dict[str, Amount], unit: str,
                when: int | str, scope: str, reference: Figure | None) -> None:
    q = ctx.query
    condition = q.selection.condition
    assert condition is not None
    threshold = reference.value if reference is not None else float(condition.threshold or 0)
    by_key = {u.key: u for u in members}
    values = {k: a.value for k, a in entries.items()}
    passed = calc.select(values, condition.comparator, threshold, q.selection.order)
    signed = q.statistic.name in ("change", "rate")
    test = condition_phrase(q, condition)
    count_unit = {"lan": "län", "sektorer": "sektorer"}.get(q.selection.units, "kommuner")
    ctx.figure(ctx.t("l_count"), len(passed), count_unit, _area(ctx, members), when,
               q.measure.sector or calc.TOTAL, ctx.t("m_count", n=len(members), test=test),
               next(iter(entries.values())).dataset)
    # the members named; a yes/no about one place shows its value either way
    shown_rows = passed if len(members) > 1 else calc.ranking(values)
    for row in shown_rows:
        u, amount = by_key[row.key], entries[row.key]
        ctx.figure(ctx.t("l_member"), row.value, unit, u.place,
                   u.year if u.year is not None else when, u.sector, amount.method(ctx),
                   amount.dataset, amount.inputs)
    shown = [f"| {ctx.t('th_' + q.selection.units)} | {ctx.t('th_value')} |", "|---|---:|"] + [
        f"| {_name(ctx, by_key[r.key])} | "
        + (ctx.signed(r.value, unit) if signed else ctx.fmt(r.value, unit)) + " |"
        for r in passed]
    limit = ""
    if reference is not None:
        limit = ctx.t("reference_text", value=ctx.fmt_fig(reference), method=reference.method,
                      what=reference.label.split(": ", 1)[-1])
    if len(members) == 1:
        u = members[0]
        verdict = "verdict_yes" if passed else "verdict_no"
        ctx.write(ctx.t(verdict, name=_name(ctx, u), test=test,
                        value=ctx.signed(values[u.key], unit) if signed else ctx.fmt(
                            values[u.key], unit)) + limit)
    else:
        key = "filter_count_text" if q.selection.answer == "count" else "filter_list_text"
        ctx.write(ctx.t(key, n=len(passed), total=len(members), test=test,
                        scope=scope[0].upper() + scope[1:], scope_lower=scope) + limit
                  + "\n\n" + ("\n".join(shown) if passed else ctx.t("filter_none")))
    table = [{"enhet": by_key[k].name, "kod": k, "värde": v,
              "uppfyller": any(r.key == k for r in passed)}
             for k, v in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))]
    ctx.table(ctx.t("t_filter"), table)
    if passed:
        ctx.charts.append(bar(ctx, ctx.t("t_filter"),
                              [{"place": by_key[r.key].name, "value": r.value} for r in passed],
                              unit))


def _area(ctx: Context, members: list[Unit]) -> Place:
    sel = ctx.query.selection
    if len(members) == 1 and sel.units == "kommuner":
        return members[0].place
    if sel.units in ("sektorer", "år") and ctx.query.places:
        return ctx.query.places[0]
    if sel.scope == "riket" or sel.units == "lan":
        return SVERIGE
    return next((p for p in ctx.query.places if p.level == "lan"), STOCKHOLMS_LAN)


def _name(ctx: Context, u: Unit) -> str:
    return ctx.name(u.place) if u.key == u.place.code else u.name
