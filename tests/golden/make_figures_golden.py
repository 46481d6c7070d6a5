"""Write tests/golden/figures_sv.jsonl: golden figure questions with values computed here, with
pandas straight from knowledge/statistics/*.csv, independently of the engine.

Run from the repository root:  python tests/golden/make_figures_golden.py
Each case is (question, kind, place, year, unit, recipe, tolerance); the recipe is a small
function of the raw tables, written from the data README's rules (not from the engine's code):
the latest SMHI release by default, 2016-2019 only from release2025, Sweden = sum of its nine
sectors, per inhabitant = emissions / population on 31 December of the same year, the 2045 path
as a constant yearly cut to 15 % of 1990. The test asserts that some figure in the answer has
that value (within the tolerance), the unit and the year.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "knowledge" / "statistics"
OUT = Path(__file__).with_name("figures_sv.jsonl")
TOTAL = "Totalt"
TOL = {"t CO2e": 0.5, "t CO2": 0.5, "%": 0.05, "t CO2e/inv": 0.005, "m/inv": 0.005,
       "laddpunkter": 0.5, "år": 0.5, "t CO2e/år": 0.5, "laddpunkter/100 inv": 0.005,
       "kommuner": 0.5, "bilar": 0.5, "procentenheter": 0.05, "t CO2e/inv/år": 0.0005}


@cache
def table(name: str) -> pd.DataFrame:
    text_columns = {"kommun_code": str, "lan_code": str, "code": str}
    return pd.read_csv(DATA / f"{name}.csv", dtype=text_columns)


# ------------------------------------------------------------------ raw lookups


def emis(code: str, year: int, sector: str = TOTAL, release: str = "latest") -> float:
    """A municipality's emissions; release "2025" = emissions_by_sector_release2025."""
    df = table("emissions_by_sector" if release == "latest"
               else "emissions_by_sector_release2025")
    rows = df[(df.kommun_code == code) & (df.year == year) & (df.sector == sector)]
    assert len(rows) == 1, (code, year, sector, release)
    return float(rows.emissions_t_co2e.iloc[0])


def region(code: str, year: int, sector: str = TOTAL) -> float:
    """County (2 digits) or Sweden ("00", the sum of its sectors) from the county file."""
    df = table("emissions_by_sector_county")
    rows = df[(df.lan_code == code) & (df.year == year)]
    if code == "00":
        rows = rows[rows.sector != TOTAL] if sector == TOTAL else rows[rows.sector == sector]
        return float(rows.emissions_t_co2e.sum())
    return float(rows[rows.sector == sector].emissions_t_co2e.iloc[0])


def county_sum(code: str, year: int, release: str) -> float:
    df = table("emissions_by_sector_release2025" if release == "2025" else "emissions_by_sector")
    rows = df[df.kommun_code.str.startswith(code) & (df.year == year) & (df.sector == TOTAL)]
    return float(rows.emissions_t_co2e.sum())


def pop(code: str, year: int) -> int:
    """Population on 31 Dec: a municipality, a county (sum) or Sweden ("00", all 290)."""
    df = table("population")
    df = df[df.year == year]
    rows = df if code == "00" else df[df.kommun_code.str.startswith(code)]
    return int(rows.population.sum())


def pct(a: float, b: float) -> float:
    return (b - a) / a * 100


def stockholm_kommuner() -> list[str]:
    df = table("emissions_by_sector")
    return sorted(c for c in df.kommun_code.unique() if c.startswith("01"))


def path_pct(latest: float, base: float, years: int = 21) -> float:
    return (1 - (0.15 * base / latest) ** (1 / years)) * 100


def ev(code: str, year: int) -> float:
    df = table("electric_cars_new_registrations")
    rows = df[df.kommun_code.str.startswith(code) & (df.year == year)]
    return rows.new_rechargeable_cars.sum() / rows.new_cars_total.sum() * 100


def bike(code: str, year: int) -> float:
    df = table("bicycle_network")
    rows = df[df.kommun_code.str.startswith(code) & (df.year == year)]
    return rows.cykelnat_total_m.sum() / rows.population_31dec.sum()


def charging(code: str, column: str = "laddpunkter_antal") -> float:
    df = table("ev_charging_2025")
    return float(df[df.kommun_code == code][column].iloc[0])


def consumption(level: str, code: str) -> float:
    df = table("consumption_emissions_per_capita")
    rows = df[(df.level == level) & (df.code == code)]
    return float(rows.consumption_emissions_t_co2e_per_capita.iloc[0])


def plan_year(code: str) -> float:
    df = table("climate_plans")
    return float(df[df.kommun_code == code].climate_plan_year_adopted.iloc[0])


def plans_in_county(code: str) -> float:
    df = table("climate_plans")
    rows = df[df.kommun_code.str.startswith(code)]
    return float(rows.climate_plan_link.notna().sum())


def national(category: str, year: int) -> float:
    df = table("national_emissions")
    return float(df[(df.category == category) & (df.year == year)].value.iloc[0])


def cars(code: str, fuel: str) -> float:
    df = table("cars_by_fuel_2025")
    rows = df[df.kommun_code.str.startswith(code) & (df.measure == "personbilar_i_trafik")
              & (df.fuel == fuel)]
    return float(rows["count"].sum())


def kk(code: str, column: str) -> str:
    df = table("klimatkollen_indicators")
    return df[df.kommun_code == code][column].iloc[0]


def extreme(values: dict[str, float], highest: bool) -> float:
    return max(values.values()) if highest else min(values.values())


def county_values(fn: Callable[[str], float]) -> dict[str, float]:
    return {c: fn(c) for c in stockholm_kommuner()}


def lan_codes() -> list[str]:
    df = table("emissions_by_sector_county")
    return sorted(df[df.level == "lan"].lan_code.unique())


# ------------------------------------------------------------------ the cases


@dataclass(frozen=True)
class Case:
    question: str
    kind: str
    kommun: str
    year: int | str
    unit: str
    recipe: Callable[[], float]
    tolerance: float | None = None


NACKA, HUDDINGE, STHLM, SIGTUNA, SOLNA = "0182", "0126", "0180", "0191", "0184"
SODERTALJE, TABY, VARMDO, BOTKYRKA, TYRESO = "0181", "0160", "0120", "0127", "0138"
NORRTALJE, DANDERYD, SUNDBYBERG, LIDINGO, UVASBY = "0188", "0162", "0183", "0186", "0114"
T, INV, P = "t CO2e", "t CO2e/inv", "%"
TR = "Transporter"

CASES: list[Case] = [
    # ---- value
    Case("Hur stora var Nackas utsläpp 2024?", "value", "Nacka", 2024, T,
         lambda: emis(NACKA, 2024)),
    Case("Vilka utsläpp hade Huddinge 2010?", "value", "Huddinge", 2010, T,
         lambda: emis(HUDDINGE, 2010)),
    Case("Hur stora var Huddinges utsläpp 2022?", "value", "Huddinge", 2022, T,
         lambda: emis(HUDDINGE, 2022)),
    Case("Hur mycket växthusgaser släppte Stockholms stad ut 2024?", "value", "Stockholm", 2024,
         T, lambda: emis(STHLM, 2024)),
    Case("Vad var Sigtunas utsläpp 2024?", "value", "Sigtuna", 2024, T,
         lambda: emis(SIGTUNA, 2024)),
    Case("Hur stora var Sigtunas utsläpp 2022?", "value", "Sigtuna", 2022, T,
         lambda: emis(SIGTUNA, 2022)),
    Case("Hur stora var Stockholms stads utsläpp 2015?", "value", "Stockholm", 2015, T,
         lambda: emis(STHLM, 2015)),
    Case("Hur stora var utsläppen i Solna 2023?", "value", "Solna", 2023, T,
         lambda: emis(SOLNA, 2023)),
    Case("Hur mycket släppte Södertälje ut 2020?", "value", "Södertälje", 2020, T,
         lambda: emis(SODERTALJE, 2020)),
    Case("Hur stora var utsläppen i Täby 2005?", "value", "Täby", 2005, T,
         lambda: emis(TABY, 2005)),
    Case("Vilka utsläpp hade Norrtälje 1990?", "value", "Norrtälje", 1990, T,
         lambda: emis(NORRTALJE, 1990)),
    Case("Hur stora var Lidingös utsläpp 2021?", "value", "Lidingö", 2021, T,
         lambda: emis(LIDINGO, 2021)),
    Case("Hur stora var utsläppen i Upplands Väsby 2024?", "value", "Upplands Väsby", 2024, T,
         lambda: emis(UVASBY, 2024)),
    Case("Hur stora var transportutsläppen i Nacka 2024?", "value", "Nacka", 2024, T,
         lambda: emis(NACKA, 2024, TR)),
    Case("Hur mycket släppte jordbruket ut i Norrtälje 2024?", "value", "Norrtälje", 2024, T,
         lambda: emis(NORRTALJE, 2024, "Jordbruk")),
    Case("Hur stora var utsläppen från utrikes transporter i Sigtuna 2024?", "value", "Sigtuna",
         2024, T, lambda: emis(SIGTUNA, 2024, "Utrikes transporter")),
    Case("Hur stora var utsläppen från arbetsmaskiner i Stockholms stad 2024?", "value",
         "Stockholm", 2024, T, lambda: emis(STHLM, 2024, "Arbetsmaskiner")),
    Case("Hur stora var utsläppen från el och fjärrvärme i Södertälje 2022?", "value",
         "Södertälje", 2022, T, lambda: emis(SODERTALJE, 2022, "El och fjärrvärme")),
    Case("Hur stora var Nackas utsläpp 2018?", "value", "Nacka", 2018, T,
         lambda: emis(NACKA, 2018, release="2025")),
    Case("Vilka utsläpp hade Huddinge 2017?", "value", "Huddinge", 2017, T,
         lambda: emis(HUDDINGE, 2017, release="2025")),
    Case("Hur stora var Stockholms läns utsläpp 2024?", "value", "Stockholms län", 2024, T,
         lambda: region("01", 2024)),
    Case("Vilka utsläpp hade Stockholms län 1990?", "value", "Stockholms län", 1990, T,
         lambda: region("01", 1990)),
    Case("Hur stora var Stockholms läns utsläpp 2015?", "value", "Stockholms län", 2015, T,
         lambda: region("01", 2015)),
    Case("Hur stora var Sveriges utsläpp 2024?", "value", "Sverige", 2024, T,
         lambda: region("00", 2024)),
    Case("Hur mycket växthusgaser släppte Sverige ut 2020?", "value", "Sverige", 2020, T,
         lambda: region("00", 2020)),
    Case("Hur stora var transporternas utsläpp i Stockholms län 2024?", "value",
         "Stockholms län", 2024, T, lambda: region("01", 2024, TR)),
    Case("Hur stora var utsläppen i Skåne län 2024?", "value", "Skåne län", 2024, T,
         lambda: region("12", 2024)),
    Case("Hur stora var utsläppen per invånare i Nacka 2024?", "value", "Nacka", 2024, INV,
         lambda: emis(NACKA, 2024) / pop(NACKA, 2024)),
    Case("Hur stora var utsläppen per invånare i Stockholms län 2024?", "value",
         "Stockholms län", 2024, INV, lambda: region("01", 2024) / pop("01", 2024)),
    Case("Hur stora var Sveriges utsläpp per invånare 2024?", "value", "Sverige", 2024, INV,
         lambda: region("00", 2024) / pop("00", 2024)),
    Case("Hur mycket släppte varje invånare i Stockholms stad ut 2024?", "value", "Stockholm",
         2024, INV, lambda: emis(STHLM, 2024) / pop(STHLM, 2024)),
    Case("Hur stora var utsläppen per invånare i Stockholms län 2005?", "value",
         "Stockholms län", 2005, INV, lambda: region("01", 2005) / pop("01", 2005)),
    Case("Hur stora var utsläppen per invånare i Stockholms län 2016?", "value",
         "Stockholms län", 2016, INV, lambda: county_sum("01", 2016, "2025") / pop("01", 2016)),
    Case("Hur stora var Sigtunas utsläpp per invånare 2024?", "value", "Sigtuna", 2024, INV,
         lambda: emis(SIGTUNA, 2024) / pop(SIGTUNA, 2024)),
    Case("Hur stora var utsläppen per invånare i Stockholms län 1990?", "value",
         "Stockholms län", 1990, INV, lambda: region("01", 1990) / pop("01", 1990)),
    # ---- change
    Case("Hur mycket minskade Huddinges utsläpp mellan 2010 och 2022?", "change", "Huddinge",
         "2010–2022", P, lambda: pct(emis(HUDDINGE, 2010), emis(HUDDINGE, 2022))),
    Case("Hur har Nackas utsläpp förändrats mellan 1990 och 2024?", "change", "Nacka",
         "1990–2024", P, lambda: pct(emis(NACKA, 1990), emis(NACKA, 2024))),
    Case("Hur mycket har Stockholms läns utsläpp minskat sedan 1990?", "change",
         "Stockholms län", "1990–2024", P, lambda: pct(region("01", 1990), region("01", 2024))),
    Case("Hur mycket förändrades Stockholms stads utsläpp mellan 2015 och 2024?", "change",
         "Stockholm", "2015–2024", T, lambda: emis(STHLM, 2024) - emis(STHLM, 2015)),
    Case("Hur mycket ökade Sigtunas utsläpp från 2022 till 2024?", "change", "Sigtuna",
         "2022–2024", T, lambda: emis(SIGTUNA, 2024) - emis(SIGTUNA, 2022)),
    Case("Hur förändrades Nackas utsläpp mellan 2010 och 2018?", "change", "Nacka",
         "2010–2018", P,
         lambda: pct(emis(NACKA, 2010, release="2025"), emis(NACKA, 2018, release="2025"))),
    Case("Hur mycket minskade Sveriges utsläpp mellan 1990 och 2024?", "change", "Sverige",
         "1990–2024", P, lambda: pct(region("00", 1990), region("00", 2024))),
    Case("Hur har transportutsläppen i Stockholms län förändrats mellan 2015 och 2024?",
         "change", "Stockholms län", "2015–2024", P,
         lambda: pct(region("01", 2015, TR), region("01", 2024, TR))),
    Case("Hur förändrades utsläppen per invånare i Nacka mellan 2015 och 2024?", "change",
         "Nacka", "2015–2024", P,
         lambda: pct(emis(NACKA, 2015) / pop(NACKA, 2015), emis(NACKA, 2024) / pop(NACKA, 2024))),
    # ---- ranking
    Case("Vilken kommun i Stockholms län hade högst utsläpp 2024?", "ranking", "Stockholm", 2024,
         T, lambda: extreme(county_values(lambda c: emis(c, 2024)), True)),
    Case("Vilken kommun i Stockholms län hade lägst utsläpp 2024?", "ranking", "Vaxholm", 2024,
         T, lambda: extreme(county_values(lambda c: emis(c, 2024)), False)),
    Case("Vilka fem kommuner i Stockholms län hade högst utsläpp per invånare 2024?", "ranking",
         "Sigtuna", 2024, INV,
         lambda: extreme(county_values(lambda c: emis(c, 2024) / pop(c, 2024)), True)),
    Case("Var hamnar Solna bland kommunerna i Stockholms län i utsläpp per invånare 2024?",
         "ranking", "Solna", 2024, INV, lambda: emis(SOLNA, 2024) / pop(SOLNA, 2024)),
    Case("Vilken kommun i Sverige hade högst utsläpp 2024?", "ranking", "Göteborg", 2024, T,
         lambda: float(table("emissions_by_sector").query("year == 2024 and sector == 'Totalt'")
                       .emissions_t_co2e.max())),
    Case("Vilken kommun i Stockholms län hade lägst utsläpp per invånare 2024?", "ranking",
         "Sundbyberg", 2024, INV,
         lambda: extreme(county_values(lambda c: emis(c, 2024) / pop(c, 2024)), False)),
    # ---- share
    Case("Hur stor andel av Nackas utsläpp kom från transporter 2024?", "share", "Nacka", 2024,
         P, lambda: emis(NACKA, 2024, TR) / emis(NACKA, 2024) * 100),
    Case("Hur stor andel av Stockholms läns utsläpp kom från transporter 2024?", "share",
         "Stockholms län", 2024, P, lambda: region("01", 2024, TR) / region("01", 2024) * 100),
    Case("Vilken sektor stod för mest utsläpp i Södertälje 2024?", "share", "Södertälje", 2024,
         P, lambda: max(emis(SODERTALJE, 2024, s) for s in table("emissions_by_sector")
                        .sector.unique() if s != TOTAL) / emis(SODERTALJE, 2024) * 100),
    Case("Hur stor andel av Sigtunas utsläpp kom från el och fjärrvärme 2024?", "share",
         "Sigtuna", 2024, P,
         lambda: emis(SIGTUNA, 2024, "El och fjärrvärme") / emis(SIGTUNA, 2024) * 100),
    # ---- trend
    Case("Hur har utsläppen i Nacka utvecklats sedan 1990?", "trend", "Nacka", 2000, T,
         lambda: emis(NACKA, 2000)),
    Case("Visa utvecklingen av Stockholms läns utsläpp 1990–2024", "trend", "Stockholms län",
         2010, T, lambda: region("01", 2010)),
    Case("Hur har Huddinges utsläpp utvecklats mellan 2010 och 2024?", "trend", "Huddinge", 2015,
         T, lambda: emis(HUDDINGE, 2015)),
    Case("Hur har Sveriges utsläpp utvecklats sedan 2015?", "trend", "Sverige", 2020, T,
         lambda: region("00", 2020)),
    # ---- comparison
    Case("Jämför utsläppen i Nacka och Huddinge 2024", "comparison", "Huddinge", 2024, T,
         lambda: emis(HUDDINGE, 2024)),
    Case("Jämför utsläppen per invånare i Solna och Sundbyberg 2024", "comparison", "Sundbyberg",
         2024, INV, lambda: emis(SUNDBYBERG, 2024) / pop(SUNDBYBERG, 2024)),
    Case("Vilken kommun hade högst utsläpp 2024, Täby eller Danderyd?", "comparison", "Täby",
         2024, T, lambda: emis(TABY, 2024)),
    # ---- path_2045
    Case("Hur mycket måste Stockholms läns utsläpp minska per år för att nå målet 2045?",
         "path_2045", "Stockholms län", "2024–2045", P,
         lambda: path_pct(region("01", 2024), region("01", 1990))),
    Case("Hur snabbt måste Nacka minska sina utsläpp för att nå klimatmålet 2045?", "path_2045",
         "Nacka", "2024–2045", P, lambda: path_pct(emis(NACKA, 2024), emis(NACKA, 1990))),
    Case("Hur mycket behöver Sveriges utsläpp minska per år till 2045?", "path_2045", "Sverige",
         "2024–2045", P, lambda: path_pct(region("00", 2024), region("00", 1990))),
    Case("Hur många ton per år måste Stockholms stad minska sina utsläpp för att nå noll 2045?",
         "path_2045", "Stockholm", "2024–2045", "t CO2e/år", lambda: emis(STHLM, 2024) / 21),
    # ---- indicator
    Case("Hur stor andel av de nya bilarna i Solna var laddbara 2025?", "indicator", "Solna",
         2025, P, lambda: ev(SOLNA, 2025)),
    Case("Hur stor andel av nya bilar i Stockholms län var laddbara 2025?", "indicator",
         "Stockholms län", 2025, P, lambda: ev("01", 2025)),
    Case("Hur mycket cykelväg per invånare har Nacka?", "indicator", "Nacka", 2025, "m/inv",
         lambda: bike(NACKA, 2025)),
    Case("Hur många meter cykelnät per invånare hade Stockholms län 2025?", "indicator",
         "Stockholms län", 2025, "m/inv", lambda: bike("01", 2025)),
    Case("Hur många laddpunkter finns det i Nacka?", "indicator", "Nacka", 2025, "laddpunkter",
         lambda: charging(NACKA)),
    Case("Hur många laddpunkter per 100 invånare har Solna?", "indicator", "Solna", 2025,
         "laddpunkter/100 inv", lambda: charging(SOLNA, "laddpunkter_per_100_inv")),
    Case("Hur stora är de konsumtionsbaserade utsläppen per invånare i Nacka?", "indicator",
         "Nacka", 2023, INV, lambda: consumption("kommun", NACKA)),
    Case("Hur stora är de konsumtionsbaserade utsläppen per person i Stockholms län?",
         "indicator", "Stockholms län", 2023, INV, lambda: consumption("lan", "01")),
    Case("När antogs Nackas klimatplan?", "indicator", "Nacka", 2025, "år",
         lambda: plan_year(NACKA)),
    Case("Har Sigtuna en klimatplan?", "indicator", "Sigtuna", 2018, "år",
         lambda: plan_year(SIGTUNA)),
    # the count is of Klimatkollen's list as updated in 2026 (the manifest's release year)
    Case("Hur många kommuner i Stockholms län har en klimatplan?", "indicator", "Stockholms län",
         2026, "kommuner", lambda: plans_in_county("01")),
    # ---- English
    Case("What were Nacka's emissions in 2024?", "value", "Nacka", 2024, T,
         lambda: emis(NACKA, 2024)),
    Case("What were Sigtuna's emissions in 2023?", "value", "Sigtuna", 2023, T,
         lambda: emis(SIGTUNA, 2023)),
    Case("What were Sweden's total emissions in 2024?", "value", "Sverige", 2024, T,
         lambda: region("00", 2024)),
    Case("What were the emissions per inhabitant in Stockholm County in 2024?", "value",
         "Stockholms län", 2024, INV, lambda: region("01", 2024) / pop("01", 2024)),
    Case("How much did Huddinge's emissions change between 2010 and 2022?", "change",
         "Huddinge", "2010–2022", P, lambda: pct(emis(HUDDINGE, 2010), emis(HUDDINGE, 2022))),
    Case("Which municipality in Stockholm County had the highest emissions in 2024?", "ranking",
         "Stockholm", 2024, T, lambda: extreme(county_values(lambda c: emis(c, 2024)), True)),
    Case("What share of Nacka's emissions came from transport in 2024?", "share", "Nacka", 2024,
         P, lambda: emis(NACKA, 2024, TR) / emis(NACKA, 2024) * 100),
    Case("How have emissions in Stockholm County developed since 1990?", "trend",
         "Stockholms län", 2000, T, lambda: region("01", 2000)),
    Case("Compare emissions in Nacka and Huddinge in 2024", "comparison", "Huddinge", 2024, T,
         lambda: emis(HUDDINGE, 2024)),
    Case("How fast must Stockholm County cut its emissions each year to reach the 2045 target?",
         "path_2045", "Stockholms län", "2024–2045", P,
         lambda: path_pct(region("01", 2024), region("01", 1990))),
    Case("What share of new cars in Solna were rechargeable in 2025?", "indicator", "Solna",
         2025, P, lambda: ev(SOLNA, 2025)),
    Case("How many charging points are there in Nacka?", "indicator", "Nacka", 2025,
         "laddpunkter", lambda: charging(NACKA)),
    # ================= new shapes
    # ---- ranking by change (percent, within one release)
    Case("Vilka kommuner i länet har minskat mest sedan 2015?", "ranking", "(största minskning)",
         "2015–2024", P,
         lambda: extreme(county_values(lambda c: pct(emis(c, 2015), emis(c, 2024))), False)),
    Case("Vilken kommun i Stockholms län minskade sina utsläpp mest mellan 1990 och 2024?",
         "ranking", "(största minskning)", "1990–2024", P,
         lambda: extreme(county_values(lambda c: pct(emis(c, 1990), emis(c, 2024))), False)),
    Case("Vilka kommuner i länet har ökat sina utsläpp mest sedan 2020?", "ranking",
         "(största ökning)", "2020–2024", P,
         lambda: extreme(county_values(lambda c: pct(emis(c, 2020), emis(c, 2024))), True)),
    Case("Var hamnar Nacka bland kommunerna i länet i minskning sedan 2015?", "ranking", "Nacka",
         "2015–2024", P, lambda: pct(emis(NACKA, 2015), emis(NACKA, 2024))),
    Case("Which municipalities in Stockholm County have reduced their emissions the most since "
         "2015?", "ranking", "(largest decrease)", "2015–2024", P,
         lambda: extreme(county_values(lambda c: pct(emis(c, 2015), emis(c, 2024))), False)),
    # ---- share ranking
    Case("Vilken kommun i länet har störst andel utsläpp från transporter 2024?", "ranking",
         "(störst andel)", 2024, P,
         lambda: extreme(county_values(lambda c: emis(c, 2024, TR) / emis(c, 2024) * 100), True)),
    # ---- county ranking
    Case("Vilket län hade lägst utsläpp per invånare 2024?", "ranking", "(lägst)", 2024, INV,
         lambda: min(region(c, 2024) / pop(c, 2024) for c in lan_codes())),
    Case("Vilket län hade högst utsläpp 2024?", "ranking", "(högst)", 2024, T,
         lambda: max(region(c, 2024) for c in lan_codes())),
    Case("Var hamnar Stockholms län bland länen i utsläpp per invånare 2024?", "ranking",
         "Stockholms län", 2024, INV, lambda: region("01", 2024) / pop("01", 2024)),
    Case("Which county had the lowest emissions per capita in 2024?", "ranking", "(lowest)", 2024,
         INV, lambda: min(region(c, 2024) / pop(c, 2024) for c in lan_codes())),
    # ---- indicator rankings
    Case("Vilken kommun i länet har flest laddpunkter?", "ranking", "Stockholm", 2025,
         "laddpunkter", lambda: extreme(county_values(charging), True)),
    Case("Vilken kommun i länet har flest laddpunkter per invånare?", "ranking", "(högst)", 2025,
         "laddpunkter/100 inv",
         lambda: extreme(county_values(lambda c: charging(c, "laddpunkter_per_100_inv")), True)),
    Case("Vilken kommun i länet har högst andel laddbara nya bilar 2025?", "ranking", "(högst)",
         2025, P, lambda: extreme(county_values(lambda c: ev(c, 2025)), True)),
    Case("Vilken kommun i länet har mest cykelnät per invånare?", "ranking", "(högst)", 2025,
         "m/inv", lambda: extreme(county_values(lambda c: bike(c, 2025)), True)),
    Case("Vilken kommun i länet har lägst konsumtionsbaserade utsläpp per invånare?", "ranking",
         "(lägst)", 2023, INV,
         lambda: extreme(county_values(lambda c: consumption("kommun", c)), False)),
    # ---- relative years (the latest year in the data; "de senaste N åren" end with it)
    Case("Hur stora var Nackas utsläpp förra året?", "value", "Nacka", 2024, T,
         lambda: emis(NACKA, 2024)),
    Case("Hur har Nackas utsläpp förändrats de senaste 10 åren?", "change", "Nacka",
         "2015–2024", P, lambda: pct(emis(NACKA, 2015), emis(NACKA, 2024))),
    Case("Visa Huddinges utsläpp de senaste fem åren", "trend", "Huddinge", 2020, T,
         lambda: emis(HUDDINGE, 2020)),
    Case("How have Solna's emissions changed over the last 10 years?", "change", "Solna",
         "2015–2024", P, lambda: pct(emis(SOLNA, 2015), emis(SOLNA, 2024))),
    # ---- the change during one year: 2019 exists only in release2025, so both years from it
    Case("Hur mycket minskade Stockholms stads utsläpp 2020?", "change", "Stockholm",
         "2019–2020", P,
         lambda: pct(emis(STHLM, 2019, release="2025"), emis(STHLM, 2020, release="2025"))),
    Case("Hur mycket ökade Sigtunas utsläpp 2023?", "change", "Sigtuna", "2022–2023", T,
         lambda: emis(SIGTUNA, 2023) - emis(SIGTUNA, 2022)),
    # ---- comparison across two years
    Case("Jämför Nacka och Värmdö 2015 och 2024", "change", "Värmdö", "2015–2024", P,
         lambda: pct(emis(VARMDO, 2015), emis(VARMDO, 2024))),
    Case("Jämför utsläppen per invånare i Täby och Danderyd 2015 och 2024", "change", "Danderyd",
         "2015–2024", P,
         lambda: pct(emis(DANDERYD, 2015) / pop(DANDERYD, 2015),
                     emis(DANDERYD, 2024) / pop(DANDERYD, 2024))),
    # ---- places and a year without a cue word; a bare "how does it look"
    Case("Nacka, Värmdö och Tyresö 2024", "comparison", "Tyresö", 2024, T,
         lambda: emis(TYRESO, 2024)),
    Case("Hur ser det ut i Botkyrka?", "value", "Botkyrka", 2024, T,
         lambda: emis(BOTKYRKA, 2024)),
    # ---- several sectors: each, and their sum
    Case("Hur stora var utsläppen från transporter och arbetsmaskiner i Nacka 2024?", "value",
         "Nacka", 2024, T, lambda: emis(NACKA, 2024, TR) + emis(NACKA, 2024, "Arbetsmaskiner")),
    Case("Jämför transporter och industri i Södertälje 2024", "value", "Södertälje", 2024, T,
         lambda: emis(SODERTALJE, 2024, "Industri (energi + processer)")),
    Case("Hur har utsläppen från transporter och uppvärmning i Stockholms län utvecklats sedan "
         "2015?", "trend", "Stockholms län", 2020, T,
         lambda: region("01", 2020, "Egen uppvärmning av bostäder och lokaler")),
    # ---- 2045 path per inhabitant (population of the latest year held constant)
    Case("Hur mycket måste Nackas utsläpp per invånare minska per år för att nå målet 2045?",
         "path_2045", "Nacka", "2024–2045", "t CO2e/inv/år",
         lambda: emis(NACKA, 2024) / pop(NACKA, 2024) / 21),
    Case("Hur mycket behöver utsläppen per invånare i Stockholms län minska per år till 2045?",
         "path_2045", "Stockholms län", "2024–2045", "t CO2e/inv/år",
         lambda: region("01", 2024) / pop("01", 2024) / 21),
    # ---- indicator trends
    Case("Visa utvecklingen av andelen laddbara nya bilar i Nacka sedan 2015", "indicator",
         "Nacka", 2015, P, lambda: ev(NACKA, 2015)),
    Case("Hur har andelen laddbara bilar bland nya bilar i Stockholms län utvecklats 2015–2025?",
         "indicator", "Stockholms län", "2015–2025", "procentenheter",
         lambda: ev("01", 2025) - ev("01", 2015)),
    Case("Hur har cykelnätet per invånare i Huddinge utvecklats sedan 2020?", "indicator",
         "Huddinge", 2020, "m/inv", lambda: bike(HUDDINGE, 2020)),
    Case("Show the share of rechargeable new cars in Solna since 2015", "indicator", "Solna",
         2015, P, lambda: ev(SOLNA, 2015)),
    # ---- Sweden's national categories
    Case("Hur stort var nettoupptaget från LULUCF i Sverige 2024?", "indicator", "Sverige", 2024,
         "t CO2", lambda: national("lulucf", 2024)),
    Case("Hur stora var Sveriges biogena utsläpp 2024?", "indicator", "Sverige", 2024, T,
         lambda: national("biogenicEmissions", 2024)),
    Case("Hur stora var utsläppen utomlands från svensk konsumtion 2020?", "indicator",
         "Sverige", 2020, T, lambda: national("consumptionAbroadEmissions", 2020)),
    Case("Hur har skogens kolsänka i Sverige utvecklats sedan 1990?", "indicator", "Sverige",
         1990, "t CO2", lambda: national("lulucf", 1990)),
    Case("What was Sweden's LULUCF net removal in 2020?", "indicator", "Sverige", 2020, "t CO2",
         lambda: national("lulucf", 2020)),
    # ---- cars in use by fuel
    Case("Hur många elbilar finns det i Nacka?", "indicator", "Nacka", 2025, "bilar",
         lambda: cars(NACKA, "El")),
    Case("Hur många dieselbilar finns i Stockholms län?", "indicator", "Stockholms län", 2025,
         "bilar", lambda: cars("01", "Diesel")),
    # ---- Klimatkollen's own KPIs
    Case("När når Nackas utsläpp noll enligt Klimatkollens trend?", "indicator", "Nacka",
         int(str(kk(NACKA, "kk_trend_hits_zero_date"))[:4]), "år",
         lambda: float(str(kk(NACKA, "kk_trend_hits_zero_date"))[:4])),
    Case("Hur bra är Sollentunas klimatkrav i upphandling?", "indicator", "Sollentuna", 2022,
         "poäng (0–2)", lambda: float(kk("0163", "kk_procurement_score_0_2")), 0.5),
]


def main() -> None:
    lines = []
    for case in CASES:
        value = float(case.recipe())
        tolerance = case.tolerance if case.tolerance is not None else TOL[case.unit]
        lines.append(json.dumps({"question": case.question, "kind": case.kind,
                                 "kommun": case.kommun, "year": case.year, "unit": case.unit,
                                 "value": round(value, 6), "tolerance": tolerance},
                                ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases -> {OUT}")


if __name__ == "__main__":
    main()
