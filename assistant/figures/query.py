"""The question algebra: what a figure question asks for, once read, as one small typed value.

A `Query` composes five parts, each answering one question about the question:

- `measure`   what is measured: emissions (all sectors or some, optionally per inhabitant) or one
              of the indicators in `figures/indicators.py`;
- `places`    the places named (municipalities, a county, Sweden);
- `period`    one year, a range ("sedan 2010", "2021–2023") or "the last N years";
- `statistic` the number computed per place: its value, the change (t and %), the average annual
              rate (CAGR or the mean of the yearly changes), the mean or sum over years, a share
              (a sector of the place's total, or the place of its county or of Sweden), a series
              (trend), or the path to a target;
- `selection` how places combine: each named place (two or more are compared, with their
              difference), a ranking of a set (the municipalities of a county or of Sweden, the
              21 counties, a place's sectors or its years: top/bottom N, a focus place), or a
              filter of a set (above/below a threshold, increased/decreased, above/below the
              county's or Sweden's value) answered as a list or a count with the members named.

The reader (`figures/reader/`) builds it from text; the engine (`figures/engine/`) computes it.
Neither knows how the other works. Every field has a default, so a query states only what the
question said; the engine resolves the defaults (the latest year, 1990 as the base year).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from assistant.language import Language

Level = Literal["kommun", "lan", "riket"]
IndicatorKey = Literal[
    "emissions",  # SMHI's territorial emissions (the default measure)
    "ev_share", "bicycle", "charging", "consumption", "climate_plan",
    "national",  # Sweden only: national_emissions.csv, `category` = its category (lulucf, ...)
    "cars_by_fuel",  # cars in use at the end of 2025 by fuel, `category` = the fuel ("El", ...)
    "kk",  # Klimatkollen's own KPIs, `category` = the column (kk_trend_hits_zero_date, ...)
]
StatisticName = Literal["value", "change", "rate", "mean", "sum", "share", "series", "path"]
RateMethod = Literal["cagr", "mean_change"]
ShareOf = Literal["total", "county", "sweden"]
SelectionKind = Literal["places", "ranking", "filter"]
Units = Literal["kommuner", "lan", "sektorer", "år"]
Comparator = Literal["above", "below"]
Reference = Literal["county", "sweden"]


@dataclass(frozen=True)
class Place:
    code: str  # SCB code: "0182" (kommun), "01" (län), "00" (riket)
    name: str  # "Nacka", "Stockholms län", "Sverige" (SCB/Klimatkollen spelling)
    level: Level


@dataclass(frozen=True)
class Measure:
    indicator: IndicatorKey = "emissions"
    # SMHI sector names exactly as in the data; () = all sectors (SMHI's Totalt). Several sectors
    # are computed one by one, and a value or share also for their sum.
    sectors: tuple[str, ...] = ()
    per_capita: bool = False
    category: str | None = None  # indicator detail: national category, fuel, or KPI column

    @property
    def sector(self) -> str | None:
        """The one sector asked about, or None for all sectors (or several)."""
        return self.sectors[0] if len(self.sectors) == 1 else None

    @property
    def is_emissions(self) -> bool:
        return self.indicator == "emissions"


@dataclass(frozen=True)
class Period:
    year: int | None = None  # one year; None = the latest year of the data
    from_year: int | None = None  # start of a range; None = 1990 for a change, all for a series
    to_year: int | None = None  # end of a range; None = the latest year
    # "de senaste 10 åren": the N years ending with the latest year the data has; only the data
    # knows that year, so the engine resolves it.
    last_years: int | None = None

    @property
    def is_range(self) -> bool:
        return self.from_year is not None or self.to_year is not None or bool(self.last_years)


@dataclass(frozen=True)
class Statistic:
    name: StatisticName = "value"
    rate: RateMethod = "cagr"  # name == "rate": CAGR, or the mean of the year-to-year changes
    share_of: ShareOf = "total"  # name == "share": of the place's total, its county, or Sweden
    target: str = "sweden_2045"  # name == "path": a key of figures/targets.py


@dataclass(frozen=True)
class Condition:
    """A filter's test: the statistic above/below a threshold (in the statistic's unit: percent
    for a change or a rate) or above/below the county's or Sweden's own value."""

    comparator: Comparator
    threshold: float | None = None
    reference: Reference | None = None
    # True when the threshold was written as a decrease ("minskat med mer än 30 %"): the value
    # is then -30 and the comparator "below".
    as_decrease: bool = False


@dataclass(frozen=True)
class Selection:
    kind: SelectionKind = "places"
    units: Units = "kommuner"  # what a ranking or filter runs over
    # The municipalities of Stockholms län ("lan", or another county named in `places`) or of
    # all Sweden ("riket"); ignored for counties, sectors and years.
    scope: Literal["lan", "riket"] = "lan"
    order: Literal["asc", "desc"] = "desc"  # ranking: "lägst" -> asc, "högst" -> desc
    limit: int | None = None  # ranking: "de fem högsta" -> 5; None = the whole list
    focus: Place | None = None  # ranking: "Var hamnar Solna?" -> Solna
    condition: Condition | None = None  # filter
    answer: Literal["list", "count"] = "list"  # filter: "vilka" -> list, "hur många" -> count


@dataclass(frozen=True)
class Query:
    statistic: Statistic = Statistic()
    selection: Selection = Selection()
    measure: Measure = Measure()
    places: tuple[Place, ...] = ()
    period: Period = Period()
    notes: tuple[str, ...] = ()  # how ambiguous words were read, shown to the user
    language: Language = "sv"

    # --- building

    def with_(self, **changes: object) -> Query:
        return replace(self, **changes)

    def with_measure(self, **changes: object) -> Query:
        return replace(self, measure=replace(self.measure, **changes))

    def with_period(self, **changes: object) -> Query:
        return replace(self, period=replace(self.period, **changes))

    def with_statistic(self, **changes: object) -> Query:
        return replace(self, statistic=replace(self.statistic, **changes))

    def with_selection(self, **changes: object) -> Query:
        return replace(self, selection=replace(self.selection, **changes))

    # --- reading: shortcuts for callers that match a query against other evidence (the
    # documents-vs-statistics check: same measure, place and period)

    @property
    def sector(self) -> str | None:
        return self.measure.sector

    @property
    def per_capita(self) -> bool:
        return self.measure.per_capita

    @property
    def year(self) -> int | None:
        return self.period.year

    @property
    def from_year(self) -> int | None:
        return self.period.from_year

    @property
    def to_year(self) -> int | None:
        return self.period.to_year

    @property
    def operation(self) -> str:
        """A short name of the operation, for logs and tests: "value", "change", "ranking",
        "filter", "trend", "path", "comparison", "share", "rate", "mean", "sum"."""
        if self.selection.kind != "places":
            return self.selection.kind
        if self.statistic.name == "series":
            return "trend"
        if self.statistic.name == "value" and len(self.places) > 1:
            return "comparison"
        return self.statistic.name


__all__ = ["Condition", "IndicatorKey", "Measure", "Period", "Place", "Query", "Selection",
           "Statistic"]
