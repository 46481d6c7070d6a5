"""Write tests/golden/figures_analytic.jsonl: analytic figure questions (the question algebra's
operations) with values computed here, with pandas straight from knowledge/statistics/*.csv.

Run from the repository root:  python tests/golden/make_analytic_golden.py
Nothing here imports the assistant: each recipe is written from the data README's rules (one
release per calculation, the latest unless a year is only in the previous one; Sweden = the
sum of its nine sectors; per inhabitant = emissions / population on 31 December) and from the
operation's definition in docs/figures.md (CAGR, the mean of yearly changes, a filter's test).
A case may also name `members`: the places a list or count must name in its answer.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# the raw lookups, shared with the first set
from make_figures_golden import (
    TOL,
    TOTAL,
    charging,
    emis,
    ev,
    pop,
    region,
    table,
)

OUT = Path(__file__).with_name("figures_analytic.jsonl")
T, INV, P, RATE, N = "t CO2e", "t CO2e/inv", "%", "%/år", "kommuner"
TR = "Transporter"
TOLERANCE = {**TOL, RATE: 0.005, "län": 0.5}
SECTORS = ("Arbetsmaskiner", "Avfall (inkl.avlopp)", "Egen uppvärmning av bostäder och lokaler",
           "El och fjärrvärme", "Industri (energi + processer)", "Jordbruk",
           "Produktanvändning (inkl. lösningsmedel)", "Transporter", "Utrikes transporter")
NACKA, HUDDINGE, STHLM, SIGTUNA, SOLNA = "0182", "0126", "0180", "0191", "0184"
TABY, VARMDO, BOTKYRKA, NORRTALJE, DANDERYD = "0160", "0120", "0127", "0188", "0162"
SODERTALJE, LIDINGO, JARFALLA, HANINGE = "0181", "0186", "0123", "0136"


# ------------------------------------------------------------------ the definitions


def pct(a: float, b: float) -> float:
    return (b - a) / a * 100


def cagr(a: float, b: float, years: int) -> float:
    return ((b / a) ** (1 / years) - 1) * 100


def mean_yearly_change(values: list[float]) -> float:
    changes = [pct(a, b) for a, b in itertools.pairwise(values)]
    return sum(changes) / len(changes)


def years_of(start: int, end: int) -> list[int]:
    return list(range(start, end + 1))


def release_for(years: list[int]) -> str:
    """The latest release when it has every year, else the previous one (SMHI 2025)."""
    latest = set(table("emissions_by_sector").year.unique())
    return "latest" if all(y in latest for y in years) else "2025"


def kommuner(lan: str = "01") -> list[str]:
    df = table("emissions_by_sector")
    return sorted(c for c in df.kommun_code.unique() if lan == "00" or c.startswith(lan))


def names() -> dict[str, str]:
    df = table("emissions_by_sector")
    return dict(zip(df.kommun_code, df.kommun, strict=False))


def per_cap(code: str, year: int, sector: str = TOTAL) -> float:
    value = emis(code, year, sector) if len(code) == 4 else region(code, year, sector)
    return value / pop(code, year)


def selected(values: dict[str, float], test: Callable[[float], bool]) -> list[str]:
    return [names()[c] for c, v in sorted(values.items(), key=lambda kv: kv[1]) if test(v)]


def transport_path(code: str) -> tuple[float, float]:
    """(yearly % cut, tonnes per year) from 2024 to 30 % of 2010 in 2030 (sector Transporter)."""
    base, now = emis(code, 2010, TR), emis(code, 2024, TR)
    target = 0.30 * base
    return (1 - (target / now) ** (1 / 6)) * 100, (now - target) / 6


def county_transport_path() -> float:
    base, now = region("01", 2010, TR), region("01", 2024, TR)
    return (1 - (0.30 * base / now) ** (1 / 6)) * 100


def sector_changes(code: str, start: int, end: int) -> dict[str, float]:
    """Each sector's change in tonnes: the sectors are parts of one total, and a sector can
    start from zero (El och fjärrvärme in Sigtuna 2010), where a percentage has no meaning."""
    def value(year: int, sector: str) -> float:
        return emis(code, year, sector) if len(code) == 4 else region(code, year, sector)

    return {s: value(end, s) - value(start, s) for s in SECTORS}


def year_values(code: str, per_capita: bool = False) -> dict[int, float]:
    years = sorted(table("emissions_by_sector").year.unique())
    if len(code) == 4:
        return {int(y): emis(code, int(y)) / (pop(code, int(y)) if per_capita else 1)
                for y in years}
    return {int(y): region(code, int(y)) / (pop(code, int(y)) if per_capita else 1)
            for y in years}


def ev_values(year: int = 2025) -> dict[str, float]:
    return {c: ev(c, year) for c in kommuner()}


def charging_values(column: str = "laddpunkter_per_100_inv") -> dict[str, float]:
    return {c: charging(c, column) for c in kommuner()}


# ------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    question: str
    operation: str
    kommun: str
    year: int | str
    unit: str
    recipe: Callable[[], float]
    members: Callable[[], list[str]] | None = None
    tolerance: float | None = None
    language: str = "sv"
    extra: dict = field(default_factory=dict)


def county(fn: Callable[[str], float]) -> dict[str, float]:
    return {c: fn(c) for c in kommuner()}


CH_05_24 = lambda: county(lambda c: pct(emis(c, 2005), emis(c, 2024)))  # noqa: E731
CH_15_24 = lambda: county(lambda c: pct(emis(c, 2015), emis(c, 2024)))  # noqa: E731
CH_20_24 = lambda: county(lambda c: pct(emis(c, 2020), emis(c, 2024)))  # noqa: E731
PC_24 = lambda: county(lambda c: per_cap(c, 2024))  # noqa: E731
LAN_PC_24 = per_cap("01", 2024)
RIKET_PC_24 = region("00", 2024) / pop("00", 2024)
MEAN_24 = lambda: sum(county(lambda c: emis(c, 2024)).values()) / 26  # noqa: E731
EN = "en"

CASES: list[Case] = [
    # ---- mean over years
    Case("Vad var Täbys genomsnittliga utsläpp 2021–2023?", "mean", "Täby", "2021–2023", T,
         lambda: sum(emis(TABY, y) for y in (2021, 2022, 2023)) / 3),
    Case("Hur mycket släppte Täby ut i genomsnitt per år 2020–2024?", "mean", "Täby",
         "2020–2024", T, lambda: sum(emis(TABY, y) for y in years_of(2020, 2024)) / 5),
    Case("Vad var Nackas genomsnittliga utsläpp per år mellan 2020 och 2024?", "mean", "Nacka",
         "2020–2024", T, lambda: sum(emis(NACKA, y) for y in years_of(2020, 2024)) / 5),
    Case("Vad var Stockholms läns genomsnittliga utsläpp 2020–2024?", "mean", "Stockholms län",
         "2020–2024", T, lambda: sum(region("01", y) for y in years_of(2020, 2024)) / 5),
    Case("Vad var Huddinges genomsnittliga utsläpp per invånare 2021–2024?", "mean", "Huddinge",
         "2021–2024", INV, lambda: sum(per_cap(HUDDINGE, y) for y in years_of(2021, 2024)) / 4),
    Case("Vad var de genomsnittliga transportutsläppen i Sigtuna 2020–2022?", "mean", "Sigtuna",
         "2020–2022", T, lambda: sum(emis(SIGTUNA, y, TR) for y in years_of(2020, 2022)) / 3),
    # 2016-2019 exist only in the previous release, so a mean over 2015-2020 comes from it
    Case("Vad var Nackas genomsnittliga utsläpp 2015–2020?", "mean", "Nacka", "2015–2020", T,
         lambda: sum(emis(NACKA, y, release="2025") for y in years_of(2015, 2020)) / 6),
    Case("Vad var Solnas snittutsläpp 2022–2024?", "mean", "Solna", "2022–2024", T,
         lambda: sum(emis(SOLNA, y) for y in years_of(2022, 2024)) / 3),
    Case("What were Täby's average emissions in 2021–2023?", "mean", "Täby", "2021–2023", T,
         lambda: sum(emis(TABY, y) for y in (2021, 2022, 2023)) / 3, language=EN),
    Case("What were Nacka's average yearly emissions between 2020 and 2024?", "mean", "Nacka",
         "2020–2024", T, lambda: sum(emis(NACKA, y) for y in years_of(2020, 2024)) / 5,
         language=EN),
    # ---- sum over years
    Case("Hur mycket släppte Nacka ut sammanlagt 2020–2024?", "sum", "Nacka", "2020–2024", T,
         lambda: sum(emis(NACKA, y) for y in years_of(2020, 2024))),
    Case("Hur stora var Sigtunas sammanlagda utsläpp 2022–2024?", "sum", "Sigtuna", "2022–2024",
         T, lambda: sum(emis(SIGTUNA, y) for y in years_of(2022, 2024))),
    Case("Hur mycket släppte Stockholms län ut totalt under 2020–2024?", "sum", "Stockholms län",
         "2020–2024", T, lambda: sum(region("01", y) for y in years_of(2020, 2024))),
    Case("Summan av Huddinges utsläpp 2021–2023?", "sum", "Huddinge", "2021–2023", T,
         lambda: sum(emis(HUDDINGE, y) for y in years_of(2021, 2023))),
    Case("What were Sigtuna's cumulative emissions in 2020–2024?", "sum", "Sigtuna",
         "2020–2024", T, lambda: sum(emis(SIGTUNA, y) for y in years_of(2020, 2024)),
         language=EN),
    # ---- average annual rate: CAGR
    Case("Vad var den genomsnittliga årliga minskningen av Nackas utsläpp mellan 2015 och 2024?",
         "rate", "Nacka", "2015–2024", RATE,
         lambda: cagr(emis(NACKA, 2015), emis(NACKA, 2024), 9)),
    Case("Hur snabbt har Stockholms utsläpp minskat per år sedan 1990?", "rate", "Stockholm",
         "1990–2024", RATE, lambda: cagr(emis(STHLM, 1990), emis(STHLM, 2024), 34)),
    Case("Med hur många procent per år har länets utsläpp minskat sedan 2005?", "rate",
         "Stockholms län", "2005–2024", RATE,
         lambda: cagr(region("01", 2005), region("01", 2024), 19)),
    Case("Vilken årlig minskningstakt har Huddinge haft sedan 2010?", "rate", "Huddinge",
         "2010–2024", RATE, lambda: cagr(emis(HUDDINGE, 2010), emis(HUDDINGE, 2024), 14)),
    Case("Vad är den genomsnittliga årliga förändringen av Sveriges utsläpp sedan 1990?", "rate",
         "Sverige", "1990–2024", RATE, lambda: cagr(region("00", 1990), region("00", 2024), 34)),
    Case("Hur mycket har Täbys utsläpp per invånare minskat per år i genomsnitt sedan 2015?",
         "rate", "Täby", "2015–2024", RATE,
         lambda: cagr(per_cap(TABY, 2015), per_cap(TABY, 2024), 9)),
    Case("Vad var den genomsnittliga årliga förändringen av transportutsläppen i länet "
         "2010–2024?", "rate", "Stockholms län", "2010–2024", RATE,
         lambda: cagr(region("01", 2010, TR), region("01", 2024, TR), 14)),
    Case("What is the average annual rate of change of Nacka's emissions since 2015?", "rate",
         "Nacka", "2015–2024", RATE, lambda: cagr(emis(NACKA, 2015), emis(NACKA, 2024), 9),
         language=EN),
    Case("How fast have Stockholm County's emissions fallen per year since 1990?", "rate",
         "Stockholms län", "1990–2024", RATE,
         lambda: cagr(region("01", 1990), region("01", 2024), 34), language=EN),
    # ---- mean of the yearly changes (every year from one release)
    Case("Vad är medelvärdet av de årliga förändringarna av Nackas utsläpp 2020–2024?", "rate",
         "Nacka", "2020–2024", RATE,
         lambda: mean_yearly_change([emis(NACKA, y) for y in years_of(2020, 2024)])),
    Case("Vad är medelvärdet av de årliga förändringarna av Sigtunas utsläpp 2020–2024?", "rate",
         "Sigtuna", "2020–2024", RATE,
         lambda: mean_yearly_change([emis(SIGTUNA, y) for y in years_of(2020, 2024)])),
    Case("Vad är genomsnittet av de årliga förändringarna av Solnas utsläpp 2016–2019?", "rate",
         "Solna", "2016–2019", RATE,
         lambda: mean_yearly_change([emis(SOLNA, y, release="2025")
                                     for y in years_of(2016, 2019)])),
    Case("What is the mean of the yearly changes in Huddinge's emissions 2020–2024?", "rate",
         "Huddinge", "2020–2024", RATE,
         lambda: mean_yearly_change([emis(HUDDINGE, y) for y in years_of(2020, 2024)]),
         language=EN),
    # ---- a municipality's share of the county, the county's share of Sweden
    Case("Hur stor andel av länets utsläpp står Nacka för?", "share_of", "Nacka", 2024, P,
         lambda: emis(NACKA, 2024) / region("01", 2024) * 100),
    Case("Hur stor andel av länets utsläpp kom från Stockholms stad 2024?", "share_of",
         "Stockholm", 2024, P, lambda: emis(STHLM, 2024) / region("01", 2024) * 100),
    Case("Hur stor andel av länets transportutsläpp kommer från Stockholms stad 2024?",
         "share_of", "Stockholm", 2024, P,
         lambda: emis(STHLM, 2024, TR) / region("01", 2024, TR) * 100),
    Case("Hur stor del av Stockholms läns utsläpp stod Sigtuna för 2023?", "share_of", "Sigtuna",
         2023, P, lambda: emis(SIGTUNA, 2023) / region("01", 2023) * 100),
    Case("Hur stor andel av Sveriges utsläpp står Stockholms län för?", "share_of",
         "Stockholms län", 2024, P, lambda: region("01", 2024) / region("00", 2024) * 100),
    Case("Hur stor andel av länets utsläpp stod Södertälje för 2015?", "share_of", "Södertälje",
         2015, P, lambda: emis(SODERTALJE, 2015) / region("01", 2015) * 100),
    Case("What share of the county's emissions does Nacka account for?", "share_of", "Nacka",
         2024, P, lambda: emis(NACKA, 2024) / region("01", 2024) * 100, language=EN),
    Case("What share of Sweden's emissions came from Stockholm County in 2020?", "share_of",
         "Stockholms län", 2020, P, lambda: region("01", 2020) / region("00", 2020) * 100,
         language=EN),
    # ---- a sector's share, several sectors
    Case("Hur stor andel av Huddinges utsläpp kom från uppvärmning 2024?", "share", "Huddinge",
         2024, P, lambda: emis(HUDDINGE, 2024, SECTORS[2]) / emis(HUDDINGE, 2024) * 100),
    Case("Hur stor andel av Norrtäljes utsläpp kommer från jordbruket?", "share", "Norrtälje",
         2024, P, lambda: emis(NORRTALJE, 2024, "Jordbruk") / emis(NORRTALJE, 2024) * 100),
    Case("What share of Sigtuna's emissions came from international transport in 2024?",
         "share", "Sigtuna", 2024, P,
         lambda: emis(SIGTUNA, 2024, SECTORS[8]) / emis(SIGTUNA, 2024) * 100, language=EN),
    # ---- filters: a threshold on a change, with count and list
    Case("Hur många kommuner i länet har minskat med mer än 30 procent sedan 2005?", "filter",
         "Stockholms län", "2005–2024", N,
         lambda: float(len(selected(CH_05_24(), lambda v: v < -30))),
         members=lambda: selected(CH_05_24(), lambda v: v < -30)),
    Case("Vilka kommuner i länet har minskat sina utsläpp med mer än 30 procent sedan 2005?",
         "filter", "Stockholms län", "2005–2024", N,
         lambda: float(len(selected(CH_05_24(), lambda v: v < -30))),
         members=lambda: selected(CH_05_24(), lambda v: v < -30)),
    Case("Hur många kommuner i länet har minskat sina utsläpp med minst 40 procent sedan 2015?",
         "filter", "Stockholms län", "2015–2024", N,
         lambda: float(len(selected(CH_15_24(), lambda v: v < -40))),
         members=lambda: selected(CH_15_24(), lambda v: v < -40)),
    Case("Vilka kommuner i länet har ökat sina utsläpp med mer än 10 procent sedan 2020?",
         "filter", "Stockholms län", "2020–2024", N,
         lambda: float(len(selected(CH_20_24(), lambda v: v > 10))),
         members=lambda: selected(CH_20_24(), lambda v: v > 10)),
    Case("Hur många kommuner i länet har minskat sina utsläpp med mer än 50 procent sedan "
         "1990?", "filter", "Stockholms län", "1990–2024", N,
         lambda: float(len(selected(county(lambda c: pct(emis(c, 1990), emis(c, 2024))),
                                    lambda v: v < -50))),
         members=lambda: selected(county(lambda c: pct(emis(c, 1990), emis(c, 2024))),
                                  lambda v: v < -50)),
    Case("How many municipalities in the county have cut their emissions by more than 30 "
         "percent since 2005?", "filter", "Stockholms län", "2005–2024", N,
         lambda: float(len(selected(CH_05_24(), lambda v: v < -30))),
         members=lambda: selected(CH_05_24(), lambda v: v < -30), language=EN),
    # ---- filters: increased / decreased
    Case("Vilka kommuner i länet har ökat sina utsläpp sedan 2015?", "filter", "Stockholms län",
         "2015–2024", N, lambda: float(len(selected(CH_15_24(), lambda v: v > 0))),
         members=lambda: selected(CH_15_24(), lambda v: v > 0)),
    Case("Hur många kommuner i länet har ökat sina utsläpp sedan 2020?", "filter",
         "Stockholms län", "2020–2024", N,
         lambda: float(len(selected(CH_20_24(), lambda v: v > 0))),
         members=lambda: selected(CH_20_24(), lambda v: v > 0)),
    Case("Hur många kommuner i länet har minskat sina utsläpp sedan 2020?", "filter",
         "Stockholms län", "2020–2024", N,
         lambda: float(len(selected(CH_20_24(), lambda v: v < 0))),
         members=lambda: selected(CH_20_24(), lambda v: v < 0)),
    Case("Vilka kommuner i länet har ökat sina transportutsläpp sedan 2020?", "filter",
         "Stockholms län", "2020–2024", N,
         lambda: float(len(selected(county(lambda c: pct(emis(c, 2020, TR), emis(c, 2024, TR))),
                                    lambda v: v > 0))),
         members=lambda: selected(county(lambda c: pct(emis(c, 2020, TR), emis(c, 2024, TR))),
                                  lambda v: v > 0)),
    Case("Which municipalities in the county have increased their emissions since 2015?",
         "filter", "Stockholms län", "2015–2024", N,
         lambda: float(len(selected(CH_15_24(), lambda v: v > 0))),
         members=lambda: selected(CH_15_24(), lambda v: v > 0), language=EN),
    Case("How many municipalities in Stockholm County have reduced their emissions since 2020?",
         "filter", "Stockholms län", "2020–2024", N,
         lambda: float(len(selected(CH_20_24(), lambda v: v < 0))),
         members=lambda: selected(CH_20_24(), lambda v: v < 0), language=EN),
    # ---- filters: above/below the county's or Sweden's own value
    Case("Vilka kommuner har lägre utsläpp per invånare än länet?", "filter", "Stockholms län",
         2024, N, lambda: float(len(selected(PC_24(), lambda v: v < LAN_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v < LAN_PC_24)),
    Case("Hur många kommuner i länet har högre utsläpp per invånare än länet som helhet?",
         "filter", "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v > LAN_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v > LAN_PC_24)),
    Case("Vilka kommuner i länet har högre utsläpp per invånare än riket 2024?", "filter",
         "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v > RIKET_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v > RIKET_PC_24)),
    Case("Vilka kommuner har lägre utsläpp per invånare än länet 2015?", "filter",
         "Stockholms län", 2015, N,
         lambda: float(len(selected(county(lambda c: per_cap(c, 2015)),
                                    lambda v: v < per_cap("01", 2015)))),
         members=lambda: selected(county(lambda c: per_cap(c, 2015)),
                                  lambda v: v < per_cap("01", 2015))),
    Case("Vilka kommuner har högre utsläpp än genomsnittet i länet?", "filter", "Stockholms län",
         2024, N, lambda: float(len(selected(county(lambda c: emis(c, 2024)),
                                             lambda v: v > MEAN_24()))),
         members=lambda: selected(county(lambda c: emis(c, 2024)), lambda v: v > MEAN_24())),
    Case("Vilka kommuner i länet har högre transportutsläpp per invånare än länet?", "filter",
         "Stockholms län", 2024, N,
         lambda: float(len(selected(county(lambda c: per_cap(c, 2024, TR)),
                                    lambda v: v > per_cap("01", 2024, TR)))),
         members=lambda: selected(county(lambda c: per_cap(c, 2024, TR)),
                                  lambda v: v > per_cap("01", 2024, TR))),
    Case("Which municipalities have lower emissions per capita than the county?", "filter",
         "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v < LAN_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v < LAN_PC_24), language=EN),
    Case("Which municipalities in the county have higher emissions per capita than Sweden?",
         "filter", "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v > RIKET_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v > RIKET_PC_24), language=EN),
    # ---- filters: a threshold on a value
    Case("Hur många kommuner i länet hade utsläpp under 1 ton per invånare 2024?", "filter",
         "Stockholms län", 2024, N, lambda: float(len(selected(PC_24(), lambda v: v < 1))),
         members=lambda: selected(PC_24(), lambda v: v < 1)),
    Case("Vilka kommuner i länet hade mer än 300 000 ton utsläpp 2024?", "filter",
         "Stockholms län", 2024, N,
         lambda: float(len(selected(county(lambda c: emis(c, 2024)), lambda v: v > 300000))),
         members=lambda: selected(county(lambda c: emis(c, 2024)), lambda v: v > 300000)),
    Case("Vilka kommuner i länet hade utsläpp över 3 ton per invånare 2024?", "filter",
         "Stockholms län", 2024, N, lambda: float(len(selected(PC_24(), lambda v: v > 3))),
         members=lambda: selected(PC_24(), lambda v: v > 3)),
    Case("How many municipalities in the county had emissions below 1 tonne per capita in "
         "2024?", "filter", "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v < 1))),
         members=lambda: selected(PC_24(), lambda v: v < 1), language=EN),
    # ---- filters on an indicator
    Case("Vilka kommuner i länet har en andel laddbara nya bilar över 70 procent?", "filter",
         "Stockholms län", 2025, N, lambda: float(len(selected(ev_values(), lambda v: v > 70))),
         members=lambda: selected(ev_values(), lambda v: v > 70)),
    Case("Hur många kommuner i länet har fler än 1 laddpunkt per 100 invånare?", "filter",
         "Stockholms län", 2025, N,
         lambda: float(len(selected(charging_values(), lambda v: v > 1))),
         members=lambda: selected(charging_values(), lambda v: v > 1)),
    Case("Vilka kommuner har högre andel laddbara nya bilar än länet?", "filter",
         "Stockholms län", 2025, N,
         lambda: float(len(selected(ev_values(), lambda v: v > ev("01", 2025)))),
         members=lambda: selected(ev_values(), lambda v: v > ev("01", 2025))),
    # ---- a yes/no on one place
    Case("Har Nacka minskat sina utsläpp med mer än 10 procent sedan 2015?", "filter", "Nacka",
         "2015–2024", P, lambda: pct(emis(NACKA, 2015), emis(NACKA, 2024))),
    Case("Har Sigtuna ökat sina utsläpp med mer än 50 procent sedan 2015?", "filter", "Sigtuna",
         "2015–2024", P, lambda: pct(emis(SIGTUNA, 2015), emis(SIGTUNA, 2024))),
    # ---- rankings by rate, within a sector, top/bottom N
    Case("Vilken kommun i länet har minskat sina utsläpp snabbast sedan 2015?", "ranking",
         "(snabbast)", "2015–2024", RATE,
         lambda: min(cagr(emis(c, 2015), emis(c, 2024), 9) for c in kommuner())),
    Case("Vilka fem kommuner har minskat sina utsläpp snabbast per år sedan 1990?", "ranking",
         "(snabbast)", "1990–2024", RATE,
         lambda: min(cagr(emis(c, 1990), emis(c, 2024), 34) for c in kommuner())),
    Case("Vilka tre kommuner i länet har minskat sina transportutsläpp mest sedan 2010?",
         "ranking", "(störst minskning)", "2010–2024", P,
         lambda: min(pct(emis(c, 2010, TR), emis(c, 2024, TR)) for c in kommuner())),
    Case("Vilka fem kommuner hade lägst transportutsläpp per invånare 2024?", "ranking",
         "(lägst)", 2024, INV, lambda: min(per_cap(c, 2024, TR) for c in kommuner())),
    Case("Vilka tre kommuner i länet hade högst utsläpp från arbetsmaskiner 2024?", "ranking",
         "(högst)", 2024, T, lambda: max(emis(c, 2024, "Arbetsmaskiner") for c in kommuner())),
    Case("Vilken kommun i länet har störst utsläpp från industrin per invånare 2024?",
         "ranking", "(högst)", 2024, INV,
         lambda: max(per_cap(c, 2024, SECTORS[4]) for c in kommuner())),
    Case("Vilka tio kommuner i Sverige har lägst utsläpp per invånare 2024?", "ranking",
         "(lägst)", 2024, INV,
         lambda: min(emis(c, 2024) / pop(c, 2024) for c in kommuner("00"))),
    Case("Vilken kommun i länet hade högst genomsnittliga utsläpp 2020–2024?", "ranking",
         "(högst)", "2020–2024", T,
         lambda: max(sum(emis(c, y) for y in years_of(2020, 2024)) / 5 for c in kommuner())),
    Case("Vilka kommuner i länet har ökat sina utsläpp mest sedan 2022?", "ranking",
         "(störst ökning)", "2022–2024", P,
         lambda: max(pct(emis(c, 2022), emis(c, 2024)) for c in kommuner())),
    Case("Var hamnar Huddinge bland kommunerna i länet i minskning sedan 1990?", "ranking",
         "Huddinge", "1990–2024", P, lambda: pct(emis(HUDDINGE, 1990), emis(HUDDINGE, 2024))),
    Case("Vilket län har minskat sina utsläpp mest sedan 1990?", "ranking", "(län)", "1990–2024",
         P, lambda: min(pct(region(c, 1990), region(c, 2024))
                        for c in sorted(table("emissions_by_sector_county")
                                        .query("level == 'lan'").lan_code.unique()))),
    Case("Which municipality in the county has cut its emissions fastest since 2015?", "ranking",
         "(fastest)", "2015–2024", RATE,
         lambda: min(cagr(emis(c, 2015), emis(c, 2024), 9) for c in kommuner()), language=EN),
    Case("Which three municipalities had the highest transport emissions in 2024?", "ranking",
         "(highest)", 2024, T, lambda: max(emis(c, 2024, TR) for c in kommuner()), language=EN),
    Case("Which five municipalities in the county have reduced their emissions the most since "
         "2005?", "ranking", "(largest decrease)", "2005–2024", P,
         lambda: min(CH_05_24().values()), language=EN),
    # ---- rankings of a place's sectors and years
    Case("Vilken sektor har ökat mest i Sigtuna sedan 2010?", "ranking_sectors", "Sigtuna",
         "2010–2024", T, lambda: max(sector_changes(SIGTUNA, 2010, 2024).values())),
    Case("Vilken sektor har minskat mest i länet sedan 1990?", "ranking_sectors",
         "Stockholms län", "1990–2024", T, lambda: min(sector_changes("01", 1990, 2024).values())),
    Case("Vilken sektor har minskat mest i Nacka sedan 2015?", "ranking_sectors", "Nacka",
         "2015–2024", T, lambda: min(sector_changes(NACKA, 2015, 2024).values())),
    Case("Vilken sektor har ökat mest i Stockholms stad sedan 2020?", "ranking_sectors",
         "Stockholm", "2020–2024", T, lambda: max(sector_changes(STHLM, 2020, 2024).values())),
    Case("Which sector has increased the most in Sigtuna since 2010?", "ranking_sectors",
         "Sigtuna", "2010–2024", T, lambda: max(sector_changes(SIGTUNA, 2010, 2024).values()),
         language=EN),
    Case("Which sector has decreased the most in Huddinge since 1990?", "ranking_sectors",
         "Huddinge", "1990–2024", T,
         lambda: min(sector_changes(HUDDINGE, 1990, 2024).values()), language=EN),
    Case("Vilket år var utsläppen högst i Nacka?", "ranking_years", "Nacka",
         int(max(year_values(NACKA).items(), key=lambda kv: kv[1])[0]), T,
         lambda: max(year_values(NACKA).values())),
    Case("Vilket år hade Stockholms län lägst utsläpp per invånare?", "ranking_years",
         "Stockholms län", int(min(year_values("01", True).items(), key=lambda kv: kv[1])[0]),
         INV, lambda: min(year_values("01", True).values())),
    Case("Vilket år var Sigtunas utsläpp lägst?", "ranking_years", "Sigtuna",
         int(min(year_values(SIGTUNA).items(), key=lambda kv: kv[1])[0]), T,
         lambda: min(year_values(SIGTUNA).values())),
    Case("Which year had the highest emissions in Stockholm County?", "ranking_years",
         "Stockholms län", int(max(year_values("01").items(), key=lambda kv: kv[1])[0]), T,
         lambda: max(year_values("01").values()), language=EN),
    # ---- comparison and difference between places
    Case("Hur mycket högre var Stockholms utsläpp än Nackas 2024?", "comparison", "Stockholm",
         2024, T, lambda: emis(STHLM, 2024) - emis(NACKA, 2024)),
    Case("Hur stor var skillnaden mellan Nacka och Värmdö 2024?", "comparison", "Nacka", 2024, T,
         lambda: emis(NACKA, 2024) - emis(VARMDO, 2024)),
    Case("Vad är skillnaden i utsläpp per invånare mellan Solna och Sundbyberg 2024?",
         "comparison", "Solna", 2024, INV,
         lambda: per_cap(SOLNA, 2024) - per_cap("0183", 2024)),
    Case("Har Nacka lägre utsläpp per invånare än länet?", "comparison", "Nacka", 2024, INV,
         lambda: per_cap(NACKA, 2024) - LAN_PC_24),
    Case("Jämför transportutsläppen i Huddinge och Botkyrka 2024", "comparison", "Huddinge",
         2024, T, lambda: emis(HUDDINGE, 2024, TR) - emis(BOTKYRKA, 2024, TR)),
    Case("What is the difference between Täby's and Danderyd's emissions in 2024?", "comparison",
         "Täby", 2024, T, lambda: emis(TABY, 2024) - emis(DANDERYD, 2024), language=EN),
    Case("Compare emissions per capita in Nacka and Stockholm County in 2024", "comparison",
         "Nacka", 2024, INV, lambda: per_cap(NACKA, 2024) - LAN_PC_24, language=EN),
    # ---- changes over more than two years (with a chart), per capita, a sector
    Case("Hur har Lidingös utsläpp förändrats sedan 2010?", "change", "Lidingö", "2010–2024", P,
         lambda: pct(emis(LIDINGO, 2010), emis(LIDINGO, 2024))),
    Case("Hur mycket har Järfällas transportutsläpp minskat sedan 2010?", "change", "Järfälla",
         "2010–2024", P, lambda: pct(emis(JARFALLA, 2010, TR), emis(JARFALLA, 2024, TR))),
    Case("Hur har utsläppen per invånare i länet förändrats sedan 2005?", "change",
         "Stockholms län", "2005–2024", P, lambda: pct(per_cap("01", 2005), LAN_PC_24)),
    Case("How much have Haninge's emissions changed since 2015?", "change", "Haninge",
         "2015–2024", P, lambda: pct(emis(HANINGE, 2015), emis(HANINGE, 2024)), language=EN),
    # ---- trends
    Case("Visa utvecklingen av Sigtunas utsläpp sedan 2010", "trend", "Sigtuna", 2022, T,
         lambda: emis(SIGTUNA, 2022)),
    Case("Hur har transportutsläppen i länet utvecklats sedan 1990?", "trend", "Stockholms län",
         2005, T, lambda: region("01", 2005, TR)),
    Case("Show the trend of emissions per capita in Solna since 2015", "trend", "Solna", 2021,
         INV, lambda: per_cap(SOLNA, 2021), language=EN),
    # ---- the 2045 path and the 2030 transport target
    Case("Hur mycket måste transportutsläppen i Nacka minska per år för att nå transportmålet?",
         "path", "Nacka", "2024–2030", P, lambda: transport_path(NACKA)[0]),
    Case("Hur mycket måste Sigtunas transportutsläpp minska per år till 2030?", "path",
         "Sigtuna", "2024–2030", P, lambda: transport_path(SIGTUNA)[0]),
    Case("Är Stockholms län i fas med transportmålet till 2030?", "path", "Stockholms län",
         "2024–2030", P, lambda: county_transport_path()),
    Case("Hur många ton per år måste transportutsläppen i Huddinge minska för att nå "
         "transportmålet 2030?", "path", "Huddinge", "2024–2030", "t CO2e/år",
         lambda: transport_path(HUDDINGE)[1]),
    Case("Hur mycket har transportutsläppen i Botkyrka minskat sedan 2010 och hur mycket måste "
         "de minska per år för att nå transportmålet?", "path", "Botkyrka", "2010–2024", P,
         lambda: pct(emis(BOTKYRKA, 2010, TR), emis(BOTKYRKA, 2024, TR))),
    Case("How much must transport emissions in Solna fall each year to reach the transport "
         "target?", "path", "Solna", "2024–2030", P, lambda: transport_path(SOLNA)[0],
         language=EN),
    Case("Hur mycket måste Täbys utsläpp minska per år för att nå netto noll 2045?", "path",
         "Täby", "2024–2045", P,
         lambda: (1 - (0.15 * emis(TABY, 1990) / emis(TABY, 2024)) ** (1 / 21)) * 100),
    Case("How much must Huddinge cut its emissions per year to reach the 2045 target?", "path",
         "Huddinge", "2024–2045", P,
         lambda: (1 - (0.15 * emis(HUDDINGE, 1990) / emis(HUDDINGE, 2024)) ** (1 / 21)) * 100,
         language=EN),
    # ---- values: sectors summed, per capita averages
    Case("Hur mycket släppte en genomsnittlig invånare i Nacka ut 2024?", "value", "Nacka", 2024,
         INV, lambda: per_cap(NACKA, 2024)),
    Case("Hur stora var de sammanlagda utsläppen från transporter och arbetsmaskiner i Solna "
         "2024?", "value", "Solna", 2024, T,
         lambda: emis(SOLNA, 2024, TR) + emis(SOLNA, 2024, "Arbetsmaskiner")),
    Case("What was the average emission per inhabitant in Stockholm County in 2024?", "value",
         "Stockholms län", 2024, INV, lambda: LAN_PC_24, language=EN),
    # ---- more sets: Sweden's municipalities, another county, the counties
    Case("Hur många kommuner i Sverige har minskat sina utsläpp med mer än 50 procent sedan "
         "1990?", "filter", "Sverige", "1990–2024", N,
         lambda: float(len(selected({c: pct(emis(c, 1990), emis(c, 2024))
                                     for c in kommuner("00")}, lambda v: v < -50)))),
    Case("Vilka kommuner i Skåne har ökat sina utsläpp sedan 2015?", "filter", "Skåne län",
         "2015–2024", N,
         lambda: float(len(selected({c: pct(emis(c, 2015), emis(c, 2024))
                                     for c in kommuner("12")}, lambda v: v > 0))),
         members=lambda: selected({c: pct(emis(c, 2015), emis(c, 2024))
                                   for c in kommuner("12")}, lambda v: v > 0)),
    Case("Vilka län har minskat sina utsläpp med mer än 40 procent sedan 1990?", "filter",
         "Sverige", "1990–2024", "län",
         lambda: float(sum(pct(region(c, 1990), region(c, 2024)) < -40 for c in lan_codes())),
         members=lambda: [lan_name(c) for c in lan_codes()
                          if pct(region(c, 1990), region(c, 2024)) < -40]),
    Case("Vilka län har lägre utsläpp per invånare än riket 2024?", "filter", "Sverige", 2024,
         "län", lambda: float(sum(per_cap(c, 2024) < RIKET_PC_24 for c in lan_codes())),
         members=lambda: [lan_name(c) for c in lan_codes() if per_cap(c, 2024) < RIKET_PC_24]),
    Case("Vilka kommuner har minskat sina utsläpp per invånare med mer än 40 procent sedan "
         "2005?", "filter", "Stockholms län", "2005–2024", N,
         lambda: float(len(selected(county(lambda c: pct(per_cap(c, 2005), per_cap(c, 2024))),
                                    lambda v: v < -40))),
         members=lambda: selected(county(lambda c: pct(per_cap(c, 2005), per_cap(c, 2024))),
                                  lambda v: v < -40)),
    Case("Vilka kommuner i länet har en andel laddbara nya bilar över 75 procent?", "filter",
         "Stockholms län", 2025, N, lambda: float(len(selected(ev_values(), lambda v: v > 75))),
         members=lambda: selected(ev_values(), lambda v: v > 75)),
    Case("How many municipalities in the county have higher emissions per capita than Sweden?",
         "filter", "Stockholms län", 2024, N,
         lambda: float(len(selected(PC_24(), lambda v: v > RIKET_PC_24))),
         members=lambda: selected(PC_24(), lambda v: v > RIKET_PC_24), language=EN),
    Case("Which counties have cut their emissions by more than 40 percent since 1990?",
         "filter", "Sverige", "1990–2024", "län",
         lambda: float(sum(pct(region(c, 1990), region(c, 2024)) < -40 for c in lan_codes())),
         members=lambda: [lan_name(c) for c in lan_codes()
                          if pct(region(c, 1990), region(c, 2024)) < -40], language=EN),
    # ---- more rates, sums, means and paths
    Case("Vad var medelvärdet av de årliga förändringarna av länets utsläpp 2020–2024?", "rate",
         "Stockholms län", "2020–2024", RATE,
         lambda: mean_yearly_change([region("01", y) for y in years_of(2020, 2024)])),
    Case("What were Solna's total emissions over 2022–2024?", "sum", "Solna", "2022–2024", T,
         lambda: sum(emis(SOLNA, y) for y in years_of(2022, 2024)), language=EN),
    Case("What were Huddinge's average emissions per year in 2021–2023?", "mean", "Huddinge",
         "2021–2023", T, lambda: sum(emis(HUDDINGE, y) for y in years_of(2021, 2023)) / 3,
         language=EN),
    Case("Hur mycket måste Stockholms stads transportutsläpp minska per år för att klara "
         "transportmålet 2030?", "path", "Stockholm", "2024–2030", P,
         lambda: transport_path(STHLM)[0]),
    Case("Which sector had the largest share of Nacka's emissions in 2024?", "share", "Nacka",
         2024, P, lambda: max(emis(NACKA, 2024, s) for s in SECTORS) / emis(NACKA, 2024) * 100,
         language=EN),
]


def lan_codes() -> list[str]:
    df = table("emissions_by_sector_county")
    return sorted(df[df.level == "lan"].lan_code.unique())


def lan_name(code: str) -> str:
    df = table("emissions_by_sector_county")
    return str(df[df.lan_code == code].lan.iloc[0])


def main() -> None:
    lines = []
    for case in CASES:
        value = float(case.recipe())
        tolerance = case.tolerance if case.tolerance is not None else TOLERANCE[case.unit]
        row = {"question": case.question, "operation": case.operation, "kommun": case.kommun,
               "year": case.year, "unit": case.unit, "value": round(value, 6),
               "tolerance": tolerance, "language": case.language}
        if case.members is not None:
            row["members"] = case.members()
        lines.append(json.dumps(row, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases -> {OUT}")


if __name__ == "__main__":
    main()
