"""The one registry of what the figures can measure: each dataset, its labels and its method.

The engine's generic operations (value, series, ranking, filter) look a measure up here instead
of branching per indicator. Units are never written here for data values: the engine takes
each figure's unit from the dataset's manifest (`unit_column`'s unit, or the manifest's own
unit), adding only what a computation itself introduces ("/inv" for per inhabitant, "%" for a
share). The emissions tables and population are here too, so every dataset id has one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.figures.query import IndicatorKey, Level

# Every dataset id is defined once, in assistant/reference.py; the figures name them from here.
from assistant.reference import (  # noqa: F401 - the figures' names for the datasets
    BICYCLE,
    CARS_FUEL,
    CHARGING,
    CONSUMPTION,
    COUNTY,
    EMISSION_COLUMN,
    EMISSIONS,
    EV,
    KK,
    NATIONAL,
    PLANS,
    POPULATION,
    POPULATION_COLUMN,
    PREVIOUS,
)


@dataclass(frozen=True)
class IndicatorSpec:
    key: IndicatorKey
    dataset: str
    label_sv: str  # what is measured, lower case: "laddbara bilars andel av nya personbilar"
    label_en: str
    method_sv: str  # how, in words
    method_en: str
    unit_column: str | None  # the manifest column whose unit the main figure has
    more_is_better: bool = False  # "bäst" ranks from the top
    levels: tuple[Level, ...] = ("kommun", "lan", "riket")
    rankable: bool = True  # municipalities can be ranked and filtered by it
    caveat: str | None = None  # a texts key said with every answer


INDICATORS: dict[str, IndicatorSpec] = {s.key: s for s in (
    IndicatorSpec(
        "emissions", EMISSIONS, "utsläpp av växthusgaser", "greenhouse-gas emissions",
        "SMHI:s territoriella utsläpp, CO2-ekvivalenter", "SMHI's territorial emissions, CO2e",
        EMISSION_COLUMN),
    IndicatorSpec(
        "ev_share", EV, "laddbara bilars andel av nya personbilar",
        "share of rechargeable new cars", "elbilar + laddhybrider / alla nyregistrerade "
        "personbilar × 100", "electric + plug-in hybrid / all new cars × 100",
        "new_rechargeable_cars", more_is_better=True, caveat="car_owner"),
    IndicatorSpec(
        "bicycle", BICYCLE, "cykelnät per invånare", "cycle network per inhabitant",
        "enskilt + kommunalt + statligt cykelnät / folkmängd 31 december",
        "private + municipal + state network / population on 31 December",
        "cykelnat_m_per_invanare", more_is_better=True),
    IndicatorSpec(
        "charging", CHARGING, "publika laddpunkter", "public charging points",
        "Power Circle ELIS, december", "Power Circle ELIS, December", "laddpunkter_antal",
        more_is_better=True, caveat="charging_source"),
    IndicatorSpec(
        "consumption", CONSUMPTION, "konsumtionsbaserade utsläpp per invånare",
        "consumption-based emissions per inhabitant",
        "SEI:s modellerade värde (Konsumtionskompassen)",
        "SEI's modelled value (Konsumtionskompassen)",
        "consumption_emissions_t_co2e_per_capita", caveat="consumption_model"),
    IndicatorSpec(
        "climate_plan", PLANS, "klimatplan", "climate plan",
        "Klimatkollens lista över kommunernas klimatplaner",
        "Klimatkollen's list of municipal climate plans", None, rankable=False,
        caveat="plans_list"),
    IndicatorSpec(
        "national", NATIONAL, "Sveriges nationella utsläppskategorier",
        "Sweden's national emission categories", "Naturvårdsverkets värde för Sverige",
        "Naturvårdsverket's value for Sweden", None, levels=("riket",), rankable=False),
    IndicatorSpec(
        "cars_by_fuel", CARS_FUEL, "personbilar i trafik per drivmedel", "cars in use by fuel",
        "Trafikanalys, personbilar i trafik vid årets slut",
        "Trafikanalys, cars in use at year end", "count", caveat="car_owner"),
    IndicatorSpec(
        "kk", KK, "Klimatkollens nyckeltal", "Klimatkollen's indicators",
        "Klimatkollens eget värde", "Klimatkollen's own value", None, levels=("kommun",),
        caveat="kk_own"),
)}

# Klimatkollen's KPIs the engine states: column -> (label sv, label en, year of the figure).
# Units come from the manifest's column; the procurement score and the zero date have none
# there, so theirs are given. Years are those the KPI itself covers.
KK_COLUMNS: dict[str, tuple[str, str, int | str]] = {
    "kk_emission_change_pct_per_year_2015_2024": (
        "Genomsnittlig årlig förändring av utsläppen (Klimatkollen, CAGR)",
        "Average yearly change in emissions (Klimatkollen, CAGR)", "2015–2024"),
    "kk_emission_trend_slope_t_per_year": (
        "Utsläppstrendens lutning (Klimatkollen, LAD-trend från 2015)",
        "Slope of the emission trend (Klimatkollen, LAD trend from 2015)", "2015–2024"),
    "kk_trend_hits_zero_date": (
        "År då utsläppstrenden når noll (Klimatkollen)",
        "Year the emission trend reaches zero (Klimatkollen)", ""),
    "kk_trend_emissions_sum_2026_2050_t": (
        "Utsläpp 2026–2050 om trenden håller i sig (Klimatkollen)",
        "Emissions 2026–2050 if the trend continues (Klimatkollen)", "2026–2050"),
    "kk_ev_per_charge_point_2025": (
        "Laddbara bilar per laddpunkt (Klimatkollen)",
        "Rechargeable cars per charging point (Klimatkollen)", 2025),
    "kk_procurement_score_0_2": (
        "Klimatkrav i offentlig upphandling, poäng 0–2 (Klimatkollen)",
        "Climate requirements in public procurement, score 0–2 (Klimatkollen)", 2022),
}
KK_GIVEN_UNITS = {"kk_procurement_score_0_2": "poäng (0–2)", "kk_trend_hits_zero_date": "år"}

FUELS_EN = {"Bensin": "petrol", "Diesel": "diesel", "El": "electric",
            "Elhybrider (exkl. mildhybrider)": "hybrid", "Laddhybrider": "plug-in hybrid",
            "Etanol": "ethanol", "Gas": "gas", "Övriga": "other"}
NATIONAL_EN = {
    "territorialFossilEmissions": "Territorial emissions, official total excluding LULUCF",
    "biogenicEmissions": "Biogenic emissions (CO2 from burning biomass)",
    "consumptionAbroadEmissions": "Consumption-based emissions that occur abroad",
    "exportOfOilProductsEmissions": "Emissions from exported oil products",
    "eCommerceEmissions": "E-commerce (emissions from e-commerce imports)",
    "lulucf": "Net emissions/removals from land use and forestry (LULUCF); negative = net "
              "removal",
}


def spec(key: str) -> IndicatorSpec:
    return INDICATORS[key]
