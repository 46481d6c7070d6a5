"""From a `Query` to checked figures: `compute(request, stats) -> FigureResult`.

The engine resolves the query's open ends against the data (the latest year, 1990 as the base
year), runs the one operation the query names, and writes the answer, which starts with the
reading restated with the years actually used. Rules from the data README, enforced in
`releases.py` and `amounts.py`:

- Emissions come from the latest SMHI release; 2016–2019 only from the previous release, and
  one calculation never mixes releases. A year no release has is refused, never interpolated.
- County and Sweden come from the county table; Sweden has no total row, so its total is the
  sum of the nine sectors. In the previous release a county is the sum of its municipalities.
- Per inhabitant = emissions / population on 31 December of the same year.

The modules: `single` (value, comparison, change, shares), `aggregates` (rate, mean, sum),
`series` (trends), `ranking`, `filtering`, `paths` (targets), `indicators`, `plans` and
`indicator_sets` (the other datasets), over `quantities`, `amounts`, `releases` and `data`.
Every number in the text is a Figure value written by `assistant/text.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.figures import compute as calc
from assistant.figures.engine.aggregates import aggregate
from assistant.figures.engine.context import Context, FigureResult, Stop
from assistant.figures.engine.data import Data
from assistant.figures.engine.filtering import filter_
from assistant.figures.engine.indicator_sets import indicator_set
from assistant.figures.engine.indicators import indicator
from assistant.figures.engine.paths import path
from assistant.figures.engine.ranking import ranking
from assistant.figures.engine.releases import latest_year, period
from assistant.figures.engine.series import trend
from assistant.figures.engine.single import change, sector_by_sector, share, value
from assistant.figures.query import Query
from assistant.figures.restate import restate
from assistant.figures.texts import t
from assistant.stores.statistics import StatisticsError, StatisticsStore

# The statistics of named places, by name; several sectors are computed one by one for all of
# them except a series, which draws every sector as its own line.
OPERATIONS: dict[str, Callable[[Context], None]] = {
    "value": value, "change": change, "rate": aggregate, "mean": aggregate, "sum": aggregate,
    "share": share, "series": trend, "path": path,
}


def compute(request: Query, stats: StatisticsStore) -> FigureResult:
    """Answer a figure query from the statistics store; never raises for a bad query."""
    try:
        data = Data(stats)
    except StatisticsError as exc:
        return FigureResult("refused", message=exc.user_message, reason="no_data")
    ctx = Context(request, data)
    try:
        _resolve(ctx)
        _run(ctx)
    except Stop as stop:
        return FigureResult(stop.status, message=stop.message, caveats=ctx.caveats,
                            reason=stop.reason)
    except StatisticsError as exc:
        return FigureResult("refused", message=exc.user_message, caveats=ctx.caveats,
                            reason="no_data")
    except calc.MissingDataError as exc:
        message = t("missing_data", request.language, detail=exc.detail)
        return FigureResult("refused", message=message, caveats=ctx.caveats, reason="no_data")
    return ctx.result(restate(ctx.query))


def warm(stats: StatisticsStore) -> None:
    """Load and index every table the figures read, once per loaded release (the app does this
    in the background at start-up, so no question pays for it). `compute` loads what its
    question needs on its own, so a one-question process never loads the rest."""
    Data(stats).warm()


def _run(ctx: Context) -> None:
    q = ctx.query
    if not q.measure.is_emissions:
        (indicator_set if q.selection.kind != "places" else indicator)(ctx)
    elif q.selection.kind == "ranking":
        ranking(ctx)
    elif q.selection.kind == "filter":
        filter_(ctx)
    elif len(q.measure.sectors) > 1 and q.statistic.name != "series":
        sector_by_sector(ctx, OPERATIONS[q.statistic.name])
    else:
        OPERATIONS[q.statistic.name](ctx)


def _resolve(ctx: Context) -> None:
    """The query with the years the data gives it: the latest year for a value, 1990 and the
    latest year as the ends of a change. Series, paths and indicators resolve their own."""
    q = ctx.query
    if not q.measure.is_emissions or q.selection.units == "år":
        return
    name = q.statistic.name
    if name in ("value", "share") and q.period.year is None:
        ctx.query = q.with_period(year=latest_year(ctx))
    elif name in ("change", "rate", "mean", "sum"):
        start, end = period(ctx, latest_year(ctx), note=False)
        ctx.query = q.with_period(from_year=start, to_year=end)


__all__ = ["FigureResult", "compute", "warm"]
