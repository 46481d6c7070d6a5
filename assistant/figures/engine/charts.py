"""Chart data for the UI: bars for rankings and comparisons, lines for series."""

from __future__ import annotations

from typing import Any

from assistant.figures.engine.context import Context
from assistant.models import Chart


def bar(ctx: Context, title: str, rows: list[dict[str, Any]], unit: str) -> Chart:
    """Rows of {"place", "value"}: one bar per place."""
    x, y = ctx.t("k_place"), ctx.t("k_value")
    return Chart("bar", title, x, y, unit,
                 tuple({x: r.get("place"), y: r.get("value")} for r in rows))


def line(ctx: Context, title: str, rows: list[dict[str, Any]], unit: str) -> Chart:
    """Rows of {"place", "year", "value"}: one line per place."""
    x, y, s = ctx.t("k_year"), ctx.t("k_value"), ctx.t("k_place")
    return Chart("line", title, x, y, unit,
                 tuple({x: r["year"], y: r["value"], s: r["place"]} for r in rows), series=s)
