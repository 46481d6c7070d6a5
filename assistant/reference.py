"""The domain's fixed facts, each in one place, with where it comes from.

Dataset ids, the ids of the statistics profile documents, SMHI's sector names, the SCB codes of
Sweden, the counties and the 290 municipalities, and the national climate target. The figures
engine, the statistics store, the profiles, the documents-vs-statistics check and the language
model's tools all read them from here, so a renamed dataset or a new target is one edit.
"""

from __future__ import annotations

import csv
from pathlib import Path

# ---------------------------------------------------------------- datasets
# The statistics folder's data files (knowledge/statistics/<id>.csv and <id>.manifest.yaml).
# Emissions: SMHI's latest release per municipality, the previous release (which alone has
# 2016-2019), counties and Sweden (latest release), and SCB's population on 31 December.
EMISSIONS = "emissions_by_sector"
PREVIOUS = "emissions_by_sector_release2025"
COUNTY = "emissions_by_sector_county"
POPULATION = "population"
NATIONAL = "national_emissions"
EV = "electric_cars_new_registrations"
BICYCLE = "bicycle_network"
CHARGING = "ev_charging_2025"
CONSUMPTION = "consumption_emissions_per_capita"
PLANS = "climate_plans"
CARS_FUEL = "cars_by_fuel_2025"
KK = "klimatkollen_indicators"

EMISSION_COLUMN = "emissions_t_co2e"
POPULATION_COLUMN = "population"

# The folder of the knowledge base that holds statistics releases, not documents.
STATISTICS_DIR = "statistics"

# ---------------------------------------------------------------- statistics profiles
# Each dataset and each municipality of Stockholms län has a short generated document (its
# "profile") in the vector store, under these document ids.
PROFILE_PREFIX = "statistik/"
# A municipality's profile is retrievable but answers nothing from the documents' side (its
# numbers are the figure engine's to compute): the chunker gives it no answer units.
KOMMUN_PROFILE_PREFIX = "statistik/kommun/"


def dataset_profile_id(dataset_id: str) -> str:
    """`statistik/<dataset>`: the profile that describes a dataset (and is a figure's citation)."""
    return f"{PROFILE_PREFIX}{dataset_id}"


def place_profile_id(code: str) -> str:
    """`statistik/kommun/<code>`: the key figures of a municipality or the county."""
    return f"{KOMMUN_PROFILE_PREFIX}{code}"


def is_profile(doc_id: str) -> bool:
    """Whether a document id names a statistics profile rather than a document file."""
    return doc_id.startswith(PROFILE_PREFIX)


# ---------------------------------------------------------------- sectors (SMHI)
# SMHI's total row (`Huvudsektor = Alla`) is called "Totalt" in the tables.
TOTAL = "Totalt"
# SMHI's nine main sectors, with SMHI's own Swedish names, as in the data.
SECTORS: tuple[str, ...] = (
    "Arbetsmaskiner",
    "Avfall (inkl.avlopp)",
    "Egen uppvärmning av bostäder och lokaler",
    "El och fjärrvärme",
    "Industri (energi + processer)",
    "Jordbruk",
    "Produktanvändning (inkl. lösningsmedel)",
    "Transporter",
    "Utrikes transporter",
)

# ---------------------------------------------------------------- targets
# Sweden's climate target (klimatpolitiska ramverket, 2017; knowledge document
# sveriges-klimatmal): by 2045 territorial emissions at least 85 % below 1990, i.e. at most
# 15 % of the 1990 level remains.
BASE_YEAR = 1990
TARGET_YEAR = 2045
REMAINING_SHARE_AT_TARGET = 0.15

# ---------------------------------------------------------------- places (SCB codes)
SWEDEN = "00"
STOCKHOLM_COUNTY = "01"
STOCKHOLM_COUNTY_NAME = "Stockholms län"

# The 21 counties as SCB names them (the data's `lan` column), by two-digit code.
COUNTIES: dict[str, str] = {
    "01": "Stockholms län", "03": "Uppsala län", "04": "Södermanlands län",
    "05": "Östergötlands län", "06": "Jönköpings län", "07": "Kronobergs län",
    "08": "Kalmar län", "09": "Gotlands län", "10": "Blekinge län", "12": "Skåne län",
    "13": "Hallands län", "14": "Västra Götalands län", "17": "Värmlands län",
    "18": "Örebro län", "19": "Västmanlands län", "20": "Dalarnas län", "21": "Gävleborgs län",
    "22": "Västernorrlands län", "23": "Jämtlands län", "24": "Västerbottens län",
    "25": "Norrbottens län",
}

DATA_DIR = Path(__file__).resolve().parent / "data"  # the package's data files
KOMMUNER_CSV = DATA_DIR / "kommuner.csv"


def _read_kommuner() -> tuple[tuple[str, str, str], ...]:
    """(SCB kommunkod, name as spelled in the data, county). Generated once from
    shared/data/population.csv (codes and names) and emissions_by_sector.csv (the `lan` column);
    tests/figures/test_parsing.py checks it against the statistics."""
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as f:
        return tuple((r["kommun_code"], r["kommun"], r["lan"]) for r in csv.DictReader(f))


# The 290 municipalities: (code, name, county name).
KOMMUNER: tuple[tuple[str, str, str], ...] = _read_kommuner()


def county_municipalities(county: str = STOCKHOLM_COUNTY) -> tuple[tuple[str, str], ...]:
    """(code, name) of a county's municipalities, by code: the first two digits of a
    municipality code are its county's."""
    return tuple((code, name) for code, name, _ in KOMMUNER if code[:2] == county)
