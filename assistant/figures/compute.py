"""Pure functions over the statistics tables: no I/O, no formatting, no language.

Each function takes DataFrames shaped like the CSVs in `knowledge/statistics/` (codes are text
with leading zeros) and returns plain numbers or small dataclasses. They raise `MissingDataError`
when the asked-for rows are not in the table; they never interpolate or fill in. The engine
decides which table and which release to pass in, and turns results into answers.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

# The sector names, the base year and the 2045 target are the domain's; they are defined in
# assistant/reference.py with their sources and named here because every computation uses them.
from assistant.reference import (  # noqa: F401 - named for the engine's calc.X
    BASE_YEAR,
    REMAINING_SHARE_AT_TARGET,
    SECTORS,
    STOCKHOLM_COUNTY,
    SWEDEN,
    TARGET_YEAR,
    TOTAL,
)


class MissingDataError(LookupError):
    """The table has no row for what was asked; `detail` says exactly what was missing."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


R = TypeVar("R")


def release_with(releases: Iterable[tuple[R, Collection[int]]], years: Iterable[int]) -> R | None:
    """The release a calculation takes all its years from: the first of `releases` (newest
    first, each with the years it has) that has every year asked for, or None. SMHI revises
    the whole series every year, so values of two releases are never mixed; the releases are
    read lazily, so an older one is only looked at when the newer lacks a year."""
    wanted = list(years)
    for release, have in releases:
        if all(year in have for year in wanted):
            return release
    return None


# ---------------------------------------------------------------- emissions


def emission_rows(df: pd.DataFrame, code: str, year: int, sector: str | None = None,
                  code_column: str = "kommun_code") -> pd.DataFrame:
    """The rows of one place, year and sector (None = Totalt) in an emissions table."""
    wanted = sector or TOTAL
    rows = df[(df[code_column] == code) & (df["year"] == year) & (df["sector"] == wanted)]
    if rows.empty:
        raise MissingDataError(f"ingen rad för {code_column}={code}, år {year}, sektor {wanted}")
    return rows


def kommun_emissions(df: pd.DataFrame, code: str, year: int, sector: str | None = None) -> float:
    """Emissions (t CO2e) of one municipality in one year; sector None = SMHI's total.

    Args:
        df: emissions_by_sector(-_release2025) table.
        code: 4-digit kommunkod, e.g. "0182".
    Returns:
        The stored value, unchanged.
    """
    return float(emission_rows(df, code, year, sector)["emissions_t_co2e"].iloc[0])


def sector_values(df: pd.DataFrame, code: str, year: int,
                  code_column: str = "kommun_code") -> dict[str, float]:
    """The nine sector values (t CO2e) of one place and year, in SMHI's sector order."""
    rows = df[(df[code_column] == code) & (df["year"] == year) & (df["sector"] != TOTAL)]
    values = dict(zip(rows["sector"], rows["emissions_t_co2e"].astype(float), strict=True))
    if not values:
        raise MissingDataError(f"inga sektorrader för {code_column}={code}, år {year}")
    return {s: values[s] for s in SECTORS if s in values}


def region_emissions(county_df: pd.DataFrame, level: str, code: str, year: int,
                     sector: str | None = None) -> tuple[float, bool]:
    """Emissions of a county (`lan`) or Sweden (`riket`) from the county table.

    Returns:
        (value, summed): summed is True when there is no Totalt row (Sweden) and the value is the
        sum of the nine sectors.
    """
    rows = county_df[(county_df["level"] == level) & (county_df["lan_code"] == code)]
    if sector is not None:
        return kommun_emissions_from(rows, year, sector), False
    total = rows[(rows["year"] == year) & (rows["sector"] == TOTAL)]
    if not total.empty:
        return float(total["emissions_t_co2e"].iloc[0]), False
    parts = rows[(rows["year"] == year) & (rows["sector"] != TOTAL)]
    if parts.empty:
        raise MissingDataError(f"inga rader för {level} {code}, år {year}")
    return float(parts["emissions_t_co2e"].astype(float).sum()), True


def kommun_emissions_from(rows: pd.DataFrame, year: int, sector: str) -> float:
    hit = rows[(rows["year"] == year) & (rows["sector"] == sector)]
    if hit.empty:
        raise MissingDataError(f"ingen rad för år {year}, sektor {sector}")
    return float(hit["emissions_t_co2e"].iloc[0])


def municipalities_sum(df: pd.DataFrame, codes: Iterable[str], year: int,
                       sector: str | None = None) -> float:
    """Sum of several municipalities' emissions (a county or Sweden within one release)."""
    wanted = list(codes)
    rows = df[df["kommun_code"].isin(wanted) & (df["year"] == year)
              & (df["sector"] == (sector or TOTAL))]
    if len(rows) != len(wanted):
        raise MissingDataError(f"{len(rows)} av {len(wanted)} kommuner har rader för år {year}")
    return float(rows["emissions_t_co2e"].astype(float).sum())


def county_codes(df: pd.DataFrame, lan_code: str, code_column: str = "kommun_code") -> list[str]:
    """The municipality codes of a county (the first two digits are the county code), sorted.
    `lan_code` "00" means all of Sweden."""
    codes = pd.Series(df[code_column].unique())
    if lan_code != SWEDEN:
        codes = codes[codes.str.startswith(lan_code)]
    return sorted(codes.tolist())


def series(df: pd.DataFrame, code: str, sector: str | None, from_year: int,
           to_year: int) -> dict[int, float]:
    """Year -> emissions of one municipality for every year the table has in the range."""
    rows = df[(df["kommun_code"] == code) & (df["sector"] == (sector or TOTAL))
              & (df["year"] >= from_year) & (df["year"] <= to_year)]
    pairs = zip(rows["year"], rows["emissions_t_co2e"], strict=True)
    return {int(y): float(v) for y, v in sorted(pairs)}


# ---------------------------------------------------------------- population and ratios


def population(pop_df: pd.DataFrame, codes: Iterable[str], year: int) -> int:
    """Population on 31 December of `year`, summed over `codes` (one kommun, a county, Sweden)."""
    wanted = list(codes)
    rows = pop_df[pop_df["kommun_code"].isin(wanted) & (pop_df["year"] == year)]
    if len(rows) != len(wanted):
        raise MissingDataError(f"folkmängd saknas för {len(wanted) - len(rows)} kommuner år {year}")
    return int(rows["population"].sum())


def per_capita(emissions: float, population: int) -> float:
    """Emissions per inhabitant: emissions in a year / population on 31 December that year."""
    if population <= 0:
        raise MissingDataError("folkmängden är noll")
    return emissions / population


def change(a: float, b: float) -> tuple[float, float]:
    """Change from a (earlier) to b (later): (b - a, percent of a)."""
    if a == 0:
        raise MissingDataError("startvärdet är noll, så en procentuell förändring saknar mening")
    return b - a, (b - a) / a * 100.0


def rounding_shows(a: float, b: float, decimals: int, pct_decimals: int = 1) -> bool:
    """Whether the change from a to b, recomputed from a and b rounded to `decimals` (as a
    reader of the answer would), differs in its shown digits from the exact change rounded the
    same way (absolute at `decimals`, percent at `pct_decimals`): 2.4271 -> 1.2246 is shown as
    2.43 -> 1.22, whose difference 1.21 and percent 49.8 are not the exact 1.20 and 49.5."""
    ra, rb = round(a, decimals), round(b, decimals)
    exact_abs, exact_pct = change(a, b)
    if ra == 0:
        return True
    shown_abs, shown_pct = change(ra, rb)
    return (round(shown_abs, decimals) != round(exact_abs, decimals)
            or round(shown_pct, pct_decimals) != round(exact_pct, pct_decimals))


def share(part: float, whole: float) -> float:
    """`part` as a percentage of `whole`."""
    if whole == 0:
        raise MissingDataError("totalen är noll")
    return part / whole * 100.0


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1 = first in the asked order
    key: str
    value: float


def ranking(values: Mapping[str, float], order: str = "desc",
            limit: int | None = None) -> list[Ranked]:
    """Order places by value ("desc": highest first). Ties keep alphabetical order of the key and
    share a rank (competition ranking, 1-2-2-4), so no place is ranked above an equal one."""
    items = sorted(values.items(), key=lambda kv: kv[0])
    items.sort(key=lambda kv: kv[1], reverse=(order == "desc"))
    ranked: list[Ranked] = []
    for position, (key, value) in enumerate(items, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].value == value else position
        ranked.append(Ranked(rank, key, float(value)))
    return ranked[:limit] if limit else ranked


def cagr(first: float, last: float, years: int) -> float:
    """Average annual rate of change, compounded (CAGR), in percent per year:
    ((last / first) ** (1 / years) - 1) * 100, where `years` is the number of years between the
    two values (2024 - 2015 = 9), not the number of values."""
    if years <= 0:
        raise MissingDataError("en årlig takt kräver två olika år")
    if first <= 0 or last < 0:
        raise MissingDataError("en årlig takt kräver ett positivt startvärde")
    return ((last / first) ** (1.0 / years) - 1.0) * 100.0


def yearly_changes(values: Mapping[int, float]) -> list[tuple[int, float]]:
    """(year, percent change from the year before) for every year after the first. The years
    must follow each other without a gap: a change over a gap is not a yearly change, and a
    missing year is never filled in."""
    years = sorted(values)
    if len(years) < 2:
        raise MissingDataError("årliga förändringar kräver minst två år i följd")
    gaps = [b for a, b in itertools.pairwise(years) if b != a + 1]
    if gaps:
        raise MissingDataError(f"åren följer inte på varandra (luckan före {gaps[0]})")
    return [(b, change(values[a], values[b])[1]) for a, b in itertools.pairwise(years)]


def mean_yearly_change(values: Mapping[int, float]) -> float:
    """The arithmetic mean of the year-to-year percentage changes (not the same as CAGR)."""
    changes = yearly_changes(values)
    return sum(pct for _, pct in changes) / len(changes)


def mean(values: Mapping[int, float]) -> float:
    """The mean of the values over the given years."""
    if not values:
        raise MissingDataError("inga år att räkna medelvärde över")
    return sum(values.values()) / len(values)


def total(values: Mapping[int, float]) -> float:
    """The sum of the values over the given years."""
    if not values:
        raise MissingDataError("inga år att summera")
    return float(sum(values.values()))


def passes(value: float, comparator: str, threshold: float) -> bool:
    """Whether `value` is strictly above or below `threshold` ("above" / "below")."""
    if comparator == "above":
        return value > threshold
    if comparator == "below":
        return value < threshold
    raise ValueError(f"unknown comparator {comparator!r}")


def select(values: Mapping[str, float], comparator: str, threshold: float,
           order: str = "desc") -> list[Ranked]:
    """The keys whose value passes the test, ordered by value ("desc": highest first) with their
    rank among those that pass."""
    kept = {k: v for k, v in values.items() if passes(v, comparator, threshold)}
    return ranking(kept, order)


def sector_shares(values: Mapping[str, float], total: float) -> list[tuple[str, float, float]]:
    """(sector, t CO2e, % of total), largest first."""
    shares = [(s, v, share(v, total)) for s, v in values.items()]
    return sorted(shares, key=lambda t: (-t[1], t[0]))


# ---------------------------------------------------------------- the 2045 target


@dataclass(frozen=True)
class Path2045:
    latest_year: int
    latest_value: float
    base_1990: float
    target_value: float  # 15 % of the 1990 value
    years_left: int  # 2045 - latest_year
    yearly_pct: float  # (a) constant yearly reduction in percent; <= 0 when already below
    yearly_tonnes: float  # (b) straight line to zero: tonnes per year
    already_below: bool


@dataclass(frozen=True)
class TargetPath:
    """The path from the latest year to a target level: `remaining_share` of the base year's
    value in `target_year` (0.15 of 1990 in 2045; 0.30 of 2010 in 2030 for domestic transport)."""

    latest_year: int
    latest_value: float
    base_year: int
    base_value: float
    target_year: int
    target_value: float
    years_left: int
    yearly_pct: float  # constant yearly cut in percent that reaches the target; <= 0 when below
    yearly_tonnes_to_target: float  # straight line to the target level: tonnes per year
    yearly_tonnes_to_zero: float  # straight line to zero: tonnes per year
    change_so_far_pct: float  # base year -> latest year, percent
    already_below: bool


def path_to_target(latest_value: float, latest_year: int, base_value: float, base_year: int,
                   target_year: int, remaining_share: float) -> TargetPath:
    """The yearly reduction needed from the latest year to reach `remaining_share` of the base
    year's value in `target_year`:

    - yearly_pct = (1 - (target / latest) ** (1 / (target_year - latest_year))) * 100, the
      constant yearly cut in percent;
    - yearly_tonnes_to_target = (latest - target) / years_left, the same cut in tonnes each year;
    - yearly_tonnes_to_zero = latest / years_left, a straight line to zero.
    """
    years_left = target_year - latest_year
    if years_left <= 0 or latest_value <= 0 or base_value <= 0:
        raise MissingDataError("banan till målet kräver ett år före målåret och positiva värden")
    target = remaining_share * base_value
    yearly = 1.0 - (target / latest_value) ** (1.0 / years_left)
    return TargetPath(
        latest_year=latest_year, latest_value=latest_value, base_year=base_year,
        base_value=base_value, target_year=target_year, target_value=target,
        years_left=years_left, yearly_pct=yearly * 100.0,
        yearly_tonnes_to_target=(latest_value - target) / years_left,
        yearly_tonnes_to_zero=latest_value / years_left,
        change_so_far_pct=change(base_value, latest_value)[1],
        already_below=latest_value <= target)


def path_to_2045(latest_value: float, latest_year: int, base_1990: float) -> Path2045:
    """Average yearly reduction needed from the latest year to reach Sweden's 2045 target.

    Args:
        latest_value: emissions in the latest year (t CO2e).
        latest_year: that year.
        base_1990: emissions in 1990 from the same release (t CO2e).
    Returns:
        (a) yearly_pct = 1 - (0.15 * base / latest) ** (1 / (2045 - latest_year)), in percent:
            the constant yearly cut that takes the latest value to 15 % of 1990 by 2045;
        (b) yearly_tonnes = latest / (2045 - latest_year): a straight line to zero by 2045.
    """
    path = path_to_target(latest_value, latest_year, base_1990, BASE_YEAR, TARGET_YEAR,
                          REMAINING_SHARE_AT_TARGET)
    return Path2045(
        latest_year=latest_year, latest_value=latest_value, base_1990=base_1990,
        target_value=path.target_value, years_left=path.years_left, yearly_pct=path.yearly_pct,
        yearly_tonnes=path.yearly_tonnes_to_zero, already_below=path.already_below,
    )


@dataclass(frozen=True)
class PathPerCapita:
    latest_per_capita: float  # t CO2e per inhabitant in the latest year
    target_per_capita: float  # the 2045 target level divided by the same population
    yearly_per_capita: float  # straight line to zero: t per inhabitant per year


def path_per_capita(path: Path2045, population: int) -> PathPerCapita:
    """The 2045 path per inhabitant with the latest year's population held constant (the data
    has no forecast): every tonne figure divided by that population."""
    if population <= 0:
        raise MissingDataError("folkmängden är noll")
    return PathPerCapita(path.latest_value / population, path.target_value / population,
                         path.yearly_tonnes / population)


# ---------------------------------------------------------------- other indicators


@dataclass(frozen=True)
class EvShare:
    rechargeable: int
    total: int
    share_pct: float


def ev_share(df: pd.DataFrame, codes: Iterable[str], year: int) -> EvShare:
    """Share of new cars that are rechargeable (el + laddhybrid), summed over `codes`:
    sum(new_rechargeable_cars) / sum(new_cars_total) * 100."""
    return ev_share_of(_one_row_each(df, codes, year, "nyregistreringar"))


def ev_share_of(rows: Sequence[Mapping[str, Any]]) -> EvShare:
    """`ev_share` over rows the caller already chose from an index, one per municipality."""
    rechargeable = int(sum(int(r["new_rechargeable_cars"]) for r in rows))
    total = int(sum(int(r["new_cars_total"]) for r in rows))
    return EvShare(rechargeable, total, share(rechargeable, total))


def _one_row_each(df: pd.DataFrame, codes: Iterable[str], year: int, what: str
                  ) -> list[dict[str, Any]]:
    """The year's row of each municipality in `codes`; a missing one is an error, not a gap."""
    wanted = list(codes)
    rows = df[df["kommun_code"].isin(wanted) & (df["year"] == year)]
    if len(rows) != len(wanted):
        raise MissingDataError(f"{what} saknas för år {year}")
    return rows.to_dict("records")


def bicycle(df: pd.DataFrame, codes: Iterable[str], year: int) -> Bicycle:
    """Cycle network per inhabitant: sum(cykelnat_total_m) / sum(population_31dec)."""
    return bicycle_of(_one_row_each(df, codes, year, "cykelnät"))


def bicycle_of(rows: Sequence[Mapping[str, Any]]) -> Bicycle:
    """Metres of cycle network and inhabitants summed over the given rows, and their ratio."""
    metres = float(sum(float(r["cykelnat_total_m"]) for r in rows))
    people = int(sum(int(r["population_31dec"]) for r in rows))
    return Bicycle(metres, people, per_capita(metres, people))


@dataclass(frozen=True)
class Bicycle:
    metres: float
    population: int
    metres_per_inhabitant: float


@dataclass(frozen=True)
class Charging:
    points: int
    per_100_inhabitants: float
    derived: bool  # True when computed by us (county/Sweden), False when Power Circle's own value


def charging(df: pd.DataFrame, codes: Iterable[str], population_total: int | None = None
             ) -> Charging:
    """Public charging points. One municipality: Power Circle's count and per-100 value as stored.
    Several: sum of the counts / population_total * 100 (population from SCB)."""
    wanted = list(codes)
    rows = df[df["kommun_code"].isin(wanted)]
    if len(rows) != len(wanted) or not wanted:
        raise MissingDataError("laddpunkter saknas")
    return charging_of(rows.to_dict("records"), population_total)


def charging_of(rows: Sequence[Mapping[str, Any]], population_total: int | None = None
                ) -> Charging:
    """The same over rows already chosen (one per municipality)."""
    if not rows:
        raise MissingDataError("laddpunkter saknas")
    points = int(sum(int(r["laddpunkter_antal"]) for r in rows))
    if len(rows) == 1:
        return Charging(points, float(rows[0]["laddpunkter_per_100_inv"]), False)
    if not population_total:
        raise MissingDataError("folkmängd behövs för laddpunkter per 100 invånare")
    return Charging(points, points / population_total * 100.0, True)


def cars_by_fuel_of(rows: Sequence[Mapping[str, Any]], fuel: str) -> tuple[int, int]:
    """cars_by_fuel over rows already chosen (one measure and year)."""
    count = [int(r["count"]) for r in rows if r["fuel"] == fuel]
    total = [int(r["count"]) for r in rows if r["fuel"] == TOTAL]
    if not count or not total:
        raise MissingDataError(f"bilar med drivmedlet {fuel} saknas")
    return sum(count), sum(total)


def cars_by_fuel(rows: pd.DataFrame, fuel: str) -> tuple[int, int]:
    """(cars with `fuel`, all cars) summed over the given rows of one measure and year; the
    source's own Totalt row is the denominator, not a sum of the fuels."""
    count = rows[rows["fuel"] == fuel]
    total = rows[rows["fuel"] == TOTAL]
    if count.empty or total.empty:
        raise MissingDataError(f"bilar med drivmedlet {fuel} saknas")
    return int(count["count"].sum()), int(total["count"].sum())


def consumption(df: pd.DataFrame, level: str, code: str) -> tuple[float, int]:
    """Consumption-based emissions per inhabitant (t CO2e) and its year, as SEI modelled them."""
    rows = df[(df["level"] == level) & (df["code"] == code)]
    if rows.empty:
        raise MissingDataError(f"konsumtionsutsläpp saknas för {level} {code}")
    row = rows.iloc[0]
    return float(row["consumption_emissions_t_co2e_per_capita"]), int(row["year"])


@dataclass(frozen=True)
class ClimatePlan:
    code: str
    name: str
    year: int | None
    link: str

    @property
    def exists(self) -> bool:
        return bool(self.link)


def climate_plan(df: pd.DataFrame, code: str) -> ClimatePlan:
    """The municipality's climate plan in Klimatkollen's list (a plan exists when it has a link)."""
    rows = df[df["kommun_code"] == code]
    if rows.empty:
        raise MissingDataError(f"kommun {code} finns inte i listan över klimatplaner")
    row = rows.iloc[0]
    year = row["climate_plan_year_adopted"]
    return ClimatePlan(
        code=code,
        name=_text(row["climate_plan_name_comment"]),
        year=None if pd.isna(year) else int(year),
        link=_text(row["climate_plan_link"]),
    )


def plans_count(df: pd.DataFrame, codes: Iterable[str]) -> tuple[int, int]:
    """(municipalities with a climate plan link, municipalities) among `codes`."""
    plans = [climate_plan(df, c) for c in codes]
    return sum(p.exists for p in plans), len(plans)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
