"""What a figure question asks for, once read: the contract between parsing and computing.

The parser (`figures/parsing.py`) turns text into an `Interpretation`; the engine
(`figures/engine.py`) turns a `FigureRequest` into figures. Neither knows how the other works.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Level = Literal["kommun", "lan", "riket"]
Kind = Literal[
    "value",  # one number: emissions of a place (and sector) in a year
    "change",  # between two years, in tonnes and percent
    "ranking",  # places ordered within the county (or Sweden)
    "share",  # a sector's share of a place's total
    "trend",  # a series over years -> chart + table
    "comparison",  # two or more places side by side
    "path_2045",  # average yearly reduction needed from the latest year to 2045
    "indicator",  # other indicators: ev_share, bicycle, charging, consumption, climate_plan
]
Indicator = Literal[
    "ev_share", "bicycle", "charging", "consumption", "climate_plan",
    "national",  # Sweden only: national_emissions.csv, `category` = its category (lulucf, ...)
    "cars_by_fuel",  # cars in use at the end of 2025 by fuel, `category` = the fuel ("El", ...)
    "kk",  # Klimatkollen's own KPIs, `category` = the column (kk_trend_hits_zero_date, ...)
]
# What a ranking orders by: the level in a year, the change between two years (percent), or a
# sector's share of the total (percent).
RankBy = Literal["value", "change", "share"]


@dataclass(frozen=True)
class Place:
    code: str  # SCB code: "0182" (kommun), "01" (län), "00" (riket)
    name: str  # "Nacka", "Stockholms län", "Sverige" (SCB/Klimatkollen spelling)
    level: Level


@dataclass(frozen=True)
class FigureRequest:
    kind: Kind
    places: tuple[Place, ...] = ()
    sector: str | None = None  # SMHI sector name exactly as in the data; None = Totalt
    year: int | None = None  # None = the latest year of the default release
    from_year: int | None = None  # change / trend
    to_year: int | None = None  # change / trend; None = latest
    per_capita: bool = False
    order: Literal["asc", "desc"] = "desc"  # ranking: "lägst" -> asc, "högst" -> desc
    limit: int | None = None  # ranking: "de fem högsta" -> 5; None = whole list
    scope: Literal["lan", "riket"] = "lan"  # ranking within Stockholms län or all of Sweden
    focus: Place | None = None  # ranking: "Var hamnar Solna?" -> Solna
    indicator: Indicator | None = None
    # Several sectors at once ("transporter och arbetsmaskiner"); then `sector` is None. Each is
    # computed on its own, and a value or share also for the sum of them.
    sectors: tuple[str, ...] = ()
    rank_by: RankBy = "value"
    rank_level: Level = "kommun"  # what a ranking orders: municipalities, or the 21 counties
    # "de senaste 10 åren": the N years ending with the latest year the data has; the engine
    # resolves it, because only the data knows its latest year.
    last_years: int | None = None
    category: str | None = None  # indicator detail: national category, fuel, or KPI column
    notes: tuple[str, ...] = ()  # how the question was read, shown to the user
    language: Literal["sv", "en"] = "sv"

    def with_(self, **changes: object) -> FigureRequest:
        return replace(self, **changes)


# Why a figure reading cannot be computed as asked. The arbiter between figures and documents
# (assistant/arbiter.py) reads these: some mean "the documents may answer this instead" (a place
# the statistics do not know, a year no release has, a target, an organisation's own
# operations), others mean "ask the user" (an ambiguous place or sector).
Reason = Literal[
    "incomplete",  # a word that changes the operation was not used by the reading (coverage)
    "unsupported",  # an operation or measure the algebra lacks
    "unknown_place",  # a place the statistics do not have (a district, a place abroad, a typo)
    "missing_year",  # a year no release has (2006), a year before 1990 or in the future
    "no_data",  # a measure the data lacks (a gas, LULUCF below national level)
    "target",  # a target or plan, not a data value ("Vilket mål har ...", path to 2030)
    "own_operations",  # an organisation's own operations (Region Stockholm's own emissions)
    "ambiguous",  # an ambiguous place, sector or follow-up: a question back
    "needs_place",  # a measure with nothing to compute it for
]


@dataclass(frozen=True)
class Interpretation:
    """The parser's verdict. Exactly one of request / clarify / refuse is set, or none of them
    when the question is not about figures at all (then retrieval answers it).

    `reason` says why clarify/refuse (see `Reason`); `reading` is the one-line restatement of a
    request in the question's language ("Tolkning: ..."), shown first in every figure answer and
    as "reading" in the CLI JSON."""

    request: FigureRequest | None = None
    clarify: str | None = None  # a concrete question back, e.g. "Menar du Stockholms kommun ..."
    refuse: str | None = None  # why it cannot be computed, e.g. a year no release has
    notes: tuple[str, ...] = field(default_factory=tuple)
    reason: Reason | None = None
    reading: str = ""

    @property
    def is_figure_question(self) -> bool:
        return self.request is not None or self.clarify is not None or self.refuse is not None
