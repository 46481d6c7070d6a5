"""The pure functions in figures/compute.py against the real CSV files.

Klimatkollen style: every expected value below was read off the CSV by hand (awk) and is written
here as a literal, rounded to 4 decimals; the tests assert what the data says, not what the code
prints. Spot values come from the data README (Nacka 2024 121 153 t, Huddinge 236 526 t in 2010
and 123 328 t in 2022, Stockholms län 2024 3 985 334 t and 2 473 307 inhabitants, Sweden 2024
47 649 264 t, Sigtuna 321 904 t in 2022 and 524 103 t in 2024).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from assistant.figures import compute as calc

DATA = Path(__file__).resolve().parents[2] / "knowledge" / "statistics"
CODES = {"kommun_code": str, "lan_code": str, "code": str}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=CODES)


@pytest.fixture(scope="module")
def emissions() -> pd.DataFrame:
    return _read("emissions_by_sector")


@pytest.fixture(scope="module")
def previous() -> pd.DataFrame:
    return _read("emissions_by_sector_release2025")


@pytest.fixture(scope="module")
def county() -> pd.DataFrame:
    return _read("emissions_by_sector_county")


@pytest.fixture(scope="module")
def population() -> pd.DataFrame:
    return _read("population")


def r4(value: float) -> float:
    return round(value, 4)


# ---------------------------------------------------------------- emissions


def test_kommun_emissions_spot_values(emissions: pd.DataFrame) -> None:
    got = {
        ("0182", 2024): calc.kommun_emissions(emissions, "0182", 2024),
        ("0126", 2010): calc.kommun_emissions(emissions, "0126", 2010),
        ("0126", 2022): calc.kommun_emissions(emissions, "0126", 2022),
        ("0180", 2024): calc.kommun_emissions(emissions, "0180", 2024),
        ("0180", 2015): calc.kommun_emissions(emissions, "0180", 2015),
        ("0191", 2022): calc.kommun_emissions(emissions, "0191", 2022),
        ("0191", 2024): calc.kommun_emissions(emissions, "0191", 2024),
    }
    assert got == {
        ("0182", 2024): 121152.559,
        ("0126", 2010): 236526.003,
        ("0126", 2022): 123328.335,
        ("0180", 2024): 1021234.485,
        ("0180", 2015): 1965626.909,
        ("0191", 2022): 321903.645,
        ("0191", 2024): 524102.9,
    }


def test_sector_value_and_sigtuna_international_transport(emissions: pd.DataFrame) -> None:
    assert calc.kommun_emissions(emissions, "0182", 2024, "Transporter") == 71580.72
    assert calc.kommun_emissions(emissions, "0191", 2023, "Utrikes transporter") == 120445.3
    assert calc.kommun_emissions(emissions, "0191", 2024, "Utrikes transporter") == 104160.49
    assert calc.kommun_emissions(emissions, "0191", 2022, "Utrikes transporter") == 0.0


def test_missing_year_raises_instead_of_interpolating(emissions: pd.DataFrame) -> None:
    with pytest.raises(calc.MissingDataError, match="2006"):
        calc.kommun_emissions(emissions, "0182", 2006)
    with pytest.raises(calc.MissingDataError):
        calc.kommun_emissions(emissions, "0182", 2018)  # only in the previous release


def test_previous_release_has_2016_to_2019(previous: pd.DataFrame) -> None:
    assert calc.kommun_emissions(previous, "0182", 2018) == 135064.7
    assert calc.kommun_emissions(previous, "0182", 2010) == 144241.78


def test_county_total_row(county: pd.DataFrame) -> None:
    assert calc.region_emissions(county, "lan", "01", 2024) == (3985334.33, False)
    assert calc.region_emissions(county, "lan", "01", 1990) == (7280958.47, False)


def test_sweden_is_the_sum_of_nine_sectors(county: pd.DataFrame) -> None:
    value, summed = calc.region_emissions(county, "riket", "00", 2024)
    assert summed is True
    assert r4(value) == 47649263.88


def test_county_2016_is_sum_of_its_26_municipalities(previous: pd.DataFrame) -> None:
    codes = calc.county_codes(previous, "01")
    assert len(codes) == 26
    assert codes[0] == "0114" and "0182" in codes
    assert r4(calc.municipalities_sum(previous, codes, 2016)) == 4968382.52


def test_sector_values_in_smhi_order(emissions: pd.DataFrame) -> None:
    values = calc.sector_values(emissions, "0182", 2024)
    assert list(values) == list(calc.SECTORS)
    assert values == {
        "Arbetsmaskiner": 10585.26,
        "Avfall (inkl.avlopp)": 24240.82,
        "Egen uppvärmning av bostäder och lokaler": 2390.52,
        "El och fjärrvärme": 155.46,
        "Industri (energi + processer)": 292.43,
        "Jordbruk": 486.35,
        "Produktanvändning (inkl. lösningsmedel)": 11388.24,
        "Transporter": 71580.72,
        "Utrikes transporter": 32.75,
    }


def test_series_latest_release_years_only(emissions: pd.DataFrame) -> None:
    got = calc.series(emissions, "0182", None, 2010, 2024)
    assert {y: r4(v) for y, v in got.items()} == {
        2010: 151235.792, 2015: 145074.74, 2020: 129173.521, 2021: 126547.296, 2022: 115946.347,
        2023: 115806.013, 2024: 121152.559,
    }


# ---------------------------------------------------------------- population and ratios


def test_population_county_and_sweden(population: pd.DataFrame) -> None:
    assert calc.population(population, ["0182"], 2024) == 112112
    assert calc.population(population, calc.county_codes(population, "01"), 2024) == 2473307
    assert calc.population(population, calc.county_codes(population, "00"), 2024) == 10587710
    assert calc.population(population, calc.county_codes(population, "01"), 2006) == 1918104


def test_per_capita() -> None:
    assert {
        "Nacka 2024": r4(calc.per_capita(121152.559, 112112)),
        "Stockholm 2024": r4(calc.per_capita(1021234.485, 995574)),
        "Stockholms län 2024": r4(calc.per_capita(3985334.33, 2473307)),
        "Sverige 2024": r4(calc.per_capita(47649263.88, 10587710)),
    } == {"Nacka 2024": 1.0806, "Stockholm 2024": 1.0258, "Stockholms län 2024": 1.6113,
          "Sverige 2024": 4.5004}


def test_change_huddinge_2010_2022() -> None:
    diff, pct = calc.change(236526.003, 123328.335)
    assert (r4(diff), r4(pct)) == (-113197.668, -47.8584)


def test_rounding_shows_when_the_rounded_inputs_give_other_digits() -> None:
    # Huddinge per inhabitant 2010 -> 2024: shown 2,43 -> 1,22, whose difference is 1,21 and
    # percent -49,8; the exact change is -1,2025 (-1,20) and -49,54 % (-49,5).
    assert calc.rounding_shows(2.4270777, 1.2246131, 2)
    # Only the percent differs: 1,00 -> 0,50 is -50,0 %, the exact 1,004 -> 0,5 is -50,2 %.
    assert calc.rounding_shows(1.004, 0.5, 2)
    # Tonnes (no decimals): 145 074,74 -> 121 152,559 is shown 145 075 -> 121 153; both the
    # difference (-23 922) and the percent (-16,5) come out the same.
    assert not calc.rounding_shows(145074.74, 121152.559, 0)
    assert not calc.rounding_shows(2.5, 1.25, 2)  # exact at two decimals


def test_change_from_zero_is_refused() -> None:
    with pytest.raises(calc.MissingDataError):
        calc.change(0.0, 5.0)


def test_share_of_transport_in_nacka() -> None:
    assert r4(calc.share(71580.72, 121152.559)) == 59.0831


def test_ranking_order_limit_and_ties() -> None:
    values = {"a": 3.0, "b": 5.0, "c": 3.0, "d": 1.0}
    assert calc.ranking(values, "desc") == [
        calc.Ranked(1, "b", 5.0), calc.Ranked(2, "a", 3.0), calc.Ranked(2, "c", 3.0),
        calc.Ranked(4, "d", 1.0)]
    assert [r.key for r in calc.ranking(values, "asc", limit=2)] == ["d", "a"]


def test_ranking_stockholm_county_2024(emissions: pd.DataFrame) -> None:
    codes = calc.county_codes(emissions, "01")
    values = {c: calc.kommun_emissions(emissions, c, 2024) for c in codes}
    top = calc.ranking(values, "desc", limit=3)
    assert [(r.rank, r.key, r.value) for r in top] == [
        (1, "0180", 1021234.485), (2, "0191", 524102.9), (3, "0181", 283849.921)]


def test_sector_shares_largest_first() -> None:
    shares = calc.sector_shares({"A": 1.0, "B": 3.0}, 4.0)
    assert shares == [("B", 3.0, 75.0), ("A", 1.0, 25.0)]


# ---------------------------------------------------------------- the 2045 path


def test_path_to_2045_stockholm_county() -> None:
    path = calc.path_to_2045(3985334.33, 2024, 7280958.47)
    assert {
        "target_value": r4(path.target_value),
        "years_left": path.years_left,
        "yearly_pct": r4(path.yearly_pct),
        "yearly_tonnes": r4(path.yearly_tonnes),
        "already_below": path.already_below,
    } == {"target_value": 1092143.7705, "years_left": 21, "yearly_pct": 5.978,
          "yearly_tonnes": 189777.8252, "already_below": False}


def test_path_to_2045_sigtuna() -> None:
    path = calc.path_to_2045(524102.9, 2024, 424852.126)
    assert (r4(path.yearly_pct), r4(path.yearly_tonnes)) == (9.5467, 24957.281)


def test_path_to_2045_already_below_target() -> None:
    path = calc.path_to_2045(10.0, 2024, 100.0)
    assert path.already_below is True
    assert path.yearly_pct < 0


# ---------------------------------------------------------------- indicators


def test_ev_share_solna_2025() -> None:
    ev = calc.ev_share(_read("electric_cars_new_registrations"), ["0184"], 2025)
    assert (ev.rechargeable, ev.total, r4(ev.share_pct)) == (8139, 9766, 83.3402)


def test_ev_share_county_2025_is_ratio_of_sums() -> None:
    df = _read("electric_cars_new_registrations")
    ev = calc.ev_share(df, calc.county_codes(df, "01"), 2025)
    assert (ev.rechargeable, ev.total, r4(ev.share_pct)) == (79010, 108761, 72.6455)


def test_bicycle_nacka_2025() -> None:
    bike = calc.bicycle(_read("bicycle_network"), ["0182"], 2025)
    assert (bike.metres, bike.population, round(bike.metres_per_inhabitant, 3)) == (
        179584.3, 113730, 1.579)


def test_charging_nacka_and_county() -> None:
    df = _read("ev_charging_2025")
    assert calc.charging(df, ["0182"]) == calc.Charging(643, 0.57, False)
    county = calc.charging(df, calc.county_codes(df, "01"), population_total=2486253)
    assert (county.points, r4(county.per_100_inhabitants), county.derived) == (
        16309, 0.656, True)


def test_consumption_levels() -> None:
    df = _read("consumption_emissions_per_capita")
    assert calc.consumption(df, "kommun", "0182") == (5.7103, 2023)
    assert calc.consumption(df, "lan", "01") == (5.5414, 2023)
    assert calc.consumption(df, "riket", "00") == (5.3918, 2023)


def test_climate_plan_nacka_and_missing_plan() -> None:
    df = _read("climate_plans")
    plan = calc.climate_plan(df, "0182")
    assert (plan.name, plan.year, plan.exists) == ("Klimat- och miljöprogram 2025-2040", 2025, True)
    assert plan.link.startswith("https://www.nacka.se/")
    assert calc.plans_count(df, calc.county_codes(df, "01")) == (24, 26)


# ---------------------------------------------------------------- formatting (pure, too)


def test_format_number_swedish_and_english() -> None:
    from assistant.text import format_number

    assert format_number(121152.559, 0, "sv") == "121 153"
    assert format_number(-47.8584, 1, "sv") == "\u221247,9"
    assert format_number(121152.559, 0, "en") == "121,153"
    assert format_number(-47.8584, 1, "en") == "-47.9"
    assert format_number(-0.004, 2, "sv") == "0,00"  # no minus sign on a rounded zero


def test_format_value_per_unit() -> None:
    from assistant.text import format_signed, format_value

    assert format_value(121152.559, "t CO2e") == "121 153 t CO2e"
    assert format_value(1.6113, "t CO2e/inv") == "1,61 t CO2e/inv"
    assert format_value(-47.8584, "%") == "\u221247,9 %"
    assert format_value(-47.8584, "%", "en") == "-47.9%"
    assert format_value(189777.8252, "t CO2e/år", "en") == "189,778 t CO2e/year"
    assert format_value(2025, "år") == "2025"
    assert format_signed(23.4, "%") == "+23,4 %"


def test_path_per_capita_divides_by_the_latest_population() -> None:
    from assistant.figures.compute import path_per_capita, path_to_2045

    path = path_to_2045(121152.559, 2024, 203567.0)
    per = path_per_capita(path, 112112)
    assert round(per.latest_per_capita, 4) == round(121152.559 / 112112, 4)
    assert round(per.target_per_capita, 4) == round(0.15 * 203567.0 / 112112, 4)
    assert round(per.yearly_per_capita, 6) == round(121152.559 / 21 / 112112, 6)


def test_cars_by_fuel_uses_the_source_total() -> None:
    import pandas as pd

    from assistant.figures.compute import cars_by_fuel

    rows = pd.DataFrame({"fuel": ["El", "Diesel", "Totalt"], "count": [10, 20, 35]})
    assert cars_by_fuel(rows, "El") == (10, 35)  # 35, not 10 + 20: Totalt includes other fuels


# ---------------------------------------------------------------- the question algebra
# Small numbers, so each expected value can be checked by hand; the formula is in the comment.


def test_cagr_is_the_compound_yearly_rate() -> None:
    # (50 / 100) ** (1 / 2) - 1 = 0.7071068 - 1 = -29.28932 %
    assert round(calc.cagr(100.0, 50.0, 2), 5) == -29.28932
    # 100 -> 200 in one year is +100 % per year; unchanged is 0
    assert calc.cagr(100.0, 200.0, 1) == pytest.approx(100.0)
    assert calc.cagr(80.0, 80.0, 7) == pytest.approx(0.0)
    # Stockholm 2015 -> 2024 (data README): (1 021 234,485 / 1 965 626,909) ** (1/9) - 1
    assert round(calc.cagr(1965626.909, 1021234.485, 9), 4) == -7.0172


def test_cagr_needs_two_years_and_a_positive_start() -> None:
    with pytest.raises(calc.MissingDataError):
        calc.cagr(100.0, 50.0, 0)
    with pytest.raises(calc.MissingDataError):
        calc.cagr(0.0, 50.0, 3)


def test_yearly_changes_and_their_mean_differ_from_cagr() -> None:
    values = {2020: 100.0, 2021: 110.0, 2022: 99.0}
    # 100 -> 110 is +10 %, 110 -> 99 is -10 %: the mean is 0 %
    assert calc.yearly_changes(values) == [(2021, pytest.approx(10.0)),
                                           (2022, pytest.approx(-10.0))]
    assert calc.mean_yearly_change(values) == pytest.approx(0.0)
    # while the compound rate over the two years is (99 / 100) ** (1/2) - 1 = -0.50126 %
    assert round(calc.cagr(100.0, 99.0, 2), 5) == -0.50126


def test_yearly_changes_refuse_a_gap() -> None:
    with pytest.raises(calc.MissingDataError, match="följer inte"):
        calc.yearly_changes({2015: 1.0, 2017: 2.0})
    with pytest.raises(calc.MissingDataError):
        calc.yearly_changes({2015: 1.0})


def test_mean_and_total_over_years() -> None:
    values = {2021: 10.0, 2022: 20.0, 2023: 60.0}
    assert calc.mean(values) == 30.0  # (10 + 20 + 60) / 3
    assert calc.total(values) == 90.0
    with pytest.raises(calc.MissingDataError):
        calc.mean({})


def test_a_filter_test_is_strict() -> None:
    assert calc.passes(5.0, "above", 4.0) and not calc.passes(4.0, "above", 4.0)
    assert calc.passes(-31.0, "below", -30.0) and not calc.passes(-30.0, "below", -30.0)
    with pytest.raises(ValueError):
        calc.passes(1.0, "sideways", 0.0)


def test_select_orders_the_members_that_pass() -> None:
    picked = calc.select({"a": -40.0, "b": -20.0, "c": -35.0, "d": -30.0}, "below", -30.0,
                         "asc")
    assert [(r.rank, r.key, r.value) for r in picked] == [(1, "a", -40.0), (2, "c", -35.0)]
    assert calc.select({"a": 1.0}, "above", 5.0) == []


def test_path_to_a_target_level() -> None:
    # the transport target: 30 % of 2010 in 2030; from 100 t in 2024 with 200 t in 2010
    p = calc.path_to_target(100.0, 2024, 200.0, 2010, 2030, 0.30)
    assert (p.target_value, p.years_left) == (pytest.approx(60.0), 6)
    # 1 - (60 / 100) ** (1/6) = 1 - 0.9183859 = 8.16141 %
    assert round(p.yearly_pct, 5) == 8.16141
    assert p.yearly_tonnes_to_target == pytest.approx(40.0 / 6)  # (100 - 60) / 6
    assert p.yearly_tonnes_to_zero == pytest.approx(100.0 / 6)
    assert p.change_so_far_pct == pytest.approx(-50.0)  # 200 -> 100
    assert not p.already_below
    assert calc.path_to_target(50.0, 2024, 200.0, 2010, 2030, 0.30).already_below


def test_path_to_2045_is_the_target_path_to_15_percent_of_1990() -> None:
    general = calc.path_to_target(121152.559, 2024, 203567.0, 1990, 2045, 0.15)
    path = calc.path_to_2045(121152.559, 2024, 203567.0)
    assert path.yearly_pct == pytest.approx(general.yearly_pct)
    assert path.yearly_tonnes == pytest.approx(general.yearly_tonnes_to_zero)


# ---------------------------------------------------------------- the indexed tables


def test_emission_table_lookups_match_the_frame(emissions: pd.DataFrame,
                                                county: pd.DataFrame) -> None:
    from assistant.figures import tables

    table = tables.emission_table(emissions)
    assert table.value("0182", 2024) == calc.kommun_emissions(emissions, "0182", 2024)
    assert table.value("0191", 2024, "Utrikes transporter") == 104160.49
    with pytest.raises(calc.MissingDataError):
        table.value("0182", 2006)
    regions = tables.emission_table(county, "lan_code", name_column="lan")
    value, summed, rows = tables.region_value(regions, "00", 2024, None, calc.SECTORS)
    assert summed and len(rows) == 9 and round(value, 2) == 47649263.88
    value, summed, _ = tables.region_value(regions, "01", 2024, None, calc.SECTORS)
    assert not summed and value == 3985334.33


def test_municipalities_and_population_sums(previous: pd.DataFrame,
                                            population: pd.DataFrame) -> None:
    from assistant.figures import tables

    table = tables.emission_table(previous)
    codes = tables.county_codes(table.codes, "01")
    assert len(codes) == 26
    value, rows = tables.municipalities_value(table, codes, 2016, None)
    assert round(value, 2) == 4968382.52 and len(rows) == 26
    people, _ = tables.population_table(population).people(codes, 2024)
    assert people == 2473307
