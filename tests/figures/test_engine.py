"""engine.compute end to end over a StatisticsStore loaded from knowledge/statistics.

Expected values are read off the CSVs (see test_figures_compute.py for the hand-computed ones).
`ask(kind, places, **fields)` builds the Query from the short names the reader's old request
type used (kind, sector, year, from_year, rank_by, ...), so each test states only what it
asks."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from assistant.figures.engine import FigureResult, compute
from assistant.figures.query import Condition, Measure, Period, Query, Selection, Statistic
from assistant.figures.request import Place
from assistant.models import Figure
from assistant.pipeline.datasets import load_directory
from assistant.stores.statistics import StatisticsStore

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge" / "statistics"
LATEST = "SMHI 2026 (senaste år 2024)"
PREVIOUS = "SMHI 2025 (senaste år 2023)"

NACKA = Place("0182", "Nacka", "kommun")
HUDDINGE = Place("0126", "Huddinge", "kommun")
STOCKHOLM = Place("0180", "Stockholm", "kommun")
SIGTUNA = Place("0191", "Sigtuna", "kommun")
SOLNA = Place("0184", "Solna", "kommun")
COUNTY = Place("01", "Stockholms län", "lan")
SWEDEN = Place("00", "Sverige", "riket")


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory) -> StatisticsStore:
    store = StatisticsStore(tmp_path_factory.mktemp("engine") / "statistics.sqlite")
    assert all(r.status == "loaded" for r in load_directory(store, KNOWLEDGE))
    return store


STATISTIC = {"value": "value", "comparison": "value", "change": "change", "trend": "series",
             "share": "share", "path_2045": "path", "ranking": "value", "indicator": "value"}


def query(kind: str, *places: Place, **f) -> Query:
    period = Period(**{k: f.pop(k) for k in ("year", "from_year", "to_year", "last_years")
                       if k in f})
    sectors = tuple(f.pop("sectors", ())) or ((f.pop("sector"),) if f.get("sector") else ())
    f.pop("sector", None)
    measure = Measure(indicator=f.pop("indicator", None) or "emissions", sectors=sectors,
                      per_capita=f.pop("per_capita", False), category=f.pop("category", None))
    name = f.pop("statistic", None) or STATISTIC[kind]
    if kind == "ranking" and f.get("rank_by", "value") != "value":
        name = f.pop("rank_by")
    f.pop("rank_by", None)
    if kind == "indicator" and period.is_range:
        name = "series"
    statistic = Statistic(name, **{k: f.pop(k) for k in ("rate", "share_of", "target")
                                   if k in f})
    selection = Selection()
    if kind in ("ranking", "filter"):
        units = "lan" if f.pop("rank_level", "kommun") == "lan" else f.pop("units", "kommuner")
        selection = Selection(kind, units, f.pop("scope", "lan"), f.pop("order", "desc"),
                              f.pop("limit", None), f.pop("focus", None),
                              f.pop("condition", None), f.pop("answer", "list"))
    return Query(statistic, selection, measure, places, period, **f)


def ask(stats: StatisticsStore, kind: str, *places: Place, **fields) -> FigureResult:
    return compute(query(kind, *places, **fields), stats)


def find(result: FigureResult, unit: str, year: int | str, kommun: str | None = None) -> Figure:
    hits = [f for f in result.figures if f.unit == unit and f.year == year
            and (kommun is None or f.kommun == kommun)]
    assert hits, f"no {unit} figure for {year}: {[(f.unit, f.year) for f in result.figures]}"
    return hits[0]


# ---------------------------------------------------------------- value


def test_value_nacka_2024(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, year=2024)
    assert result.status == "answered"
    fig = find(result, "t CO2e", 2024)
    assert (fig.value, fig.kommun, fig.sector, fig.release, fig.dataset) == (
        121152.559, "Nacka", "Totalt", LATEST, "emissions_by_sector")
    assert fig.source == "SMHI, Nationella emissionsdatabasen (via Klimatkollen)"
    assert "0182" in fig.method and "2024" in fig.method
    assert fig.inputs[0]["kommun_code"] == "0182"
    assert "**121 153 t CO2e**" in result.markdown
    source = result.sources[0]
    assert source["dataset"] == "emissions_by_sector" and source["release"] == LATEST
    assert source["quote"] in stats.manifest("emissions_by_sector").description


def test_value_defaults_to_latest_year(stats: StatisticsStore) -> None:
    assert find(ask(stats, "value", STOCKHOLM), "t CO2e", 2024).value == 1021234.485


def test_value_per_capita_county(stats: StatisticsStore) -> None:
    result = ask(stats, "value", COUNTY, year=2024, per_capita=True)
    assert find(result, "t CO2e", 2024).value == 3985334.33
    assert find(result, "invånare", 2024).value == 2473307
    assert round(find(result, "t CO2e/inv", 2024).value, 4) == 1.6113
    assert {s["dataset"] for s in result.sources} == {"emissions_by_sector_county", "population"}
    assert "1,61 t CO2e/inv" in result.markdown


def test_sweden_is_sum_of_sectors(stats: StatisticsStore) -> None:
    result = ask(stats, "value", SWEDEN, year=2024)
    fig = find(result, "t CO2e", 2024)
    assert round(fig.value, 2) == 47649263.88
    assert "summan av SMHI:s nio sektorer" in fig.method
    assert len(fig.inputs) == 9
    assert "47 649 264 t CO2e" in result.markdown
    assert any("47 490 000" in c for c in result.caveats)  # Naturvårdsverket's own total


def test_year_no_release_has_is_refused(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, year=2006)
    assert result.status == "refused"
    assert "2006" in result.message and "2020–2024" in result.message
    assert "2016–2019" in result.message
    assert result.figures == []


def test_2018_comes_from_the_previous_release(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, year=2018)
    fig = find(result, "t CO2e", 2018)
    assert (fig.value, fig.release, fig.dataset) == (135064.7, PREVIOUS,
                                                     "emissions_by_sector_release2025")
    assert any("föregående publicering" in c for c in result.caveats)


def test_county_2016_is_the_sum_of_municipalities(stats: StatisticsStore) -> None:
    result = ask(stats, "value", COUNTY, year=2016, per_capita=True)
    assert round(find(result, "t CO2e", 2016).value, 2) == 4968382.52
    assert round(find(result, "t CO2e/inv", 2016).value, 2) == 2.19
    assert "summan av 26 kommuner" in find(result, "t CO2e", 2016).method


def test_unknown_sector_is_refused(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, sector="Flyg")
    assert result.status == "refused" and "Flyg" in result.message


def test_missing_place_asks_back(stats: StatisticsStore) -> None:
    result = ask(stats, "value")
    assert result.status == "clarify" and "kommun" in result.message


def test_notes_are_shown(stats: StatisticsStore) -> None:
    note = "”Stockholm” tolkas som Stockholms stad (kommunen), inte länet."
    result = ask(stats, "value", STOCKHOLM, notes=(note,))
    assert note in result.markdown


def test_english(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, year=2024, language="en")
    assert "**121,153 t CO2e**" in result.markdown
    assert "Emissions" in result.figures[0].label


# ---------------------------------------------------------------- change


def test_change_huddinge(stats: StatisticsStore) -> None:
    result = ask(stats, "change", HUDDINGE, from_year=2010, to_year=2022)
    assert round(find(result, "t CO2e", "2010–2022").value, 3) == -113197.668
    assert round(find(result, "%", "2010–2022").value, 4) == -47.8584
    assert "−47,9 %" in result.markdown and "minskade" in result.markdown


def test_a_change_whose_rounded_inputs_disagree_gives_the_exact_ones(
        stats: StatisticsStore) -> None:
    """2,43 -> 1,22 t per inhabitant reads as -1,21 and -49,8 %; the exact change is -1,20 and
    -49,5 %: the answer says it is computed from the unrounded values, and names them."""
    result = ask(stats, "change", HUDDINGE, from_year=2010, to_year=2024, per_capita=True)
    assert "från 2,43 t CO2e/inv år 2010 till 1,22 t CO2e/inv år 2024: **−1,20 t CO2e/inv** " \
           "(**−49,5 %**)" in result.markdown
    note = [c for c in result.caveats if "oavrundade" in c]
    assert note and "2,4271 t CO2e/inv och 1,2246 t CO2e/inv" in note[0], result.caveats
    assert note[0] in result.markdown
    assert all(note[0] in f.caveats for f in result.figures if f.year == "2010–2024")
    tonnes = ask(stats, "change", NACKA, from_year=2015, to_year=2024)
    assert not any("oavrundade" in c for c in tonnes.caveats)  # 145 075 -> 121 153 adds up


def test_change_never_mixes_releases(stats: StatisticsStore) -> None:
    result = ask(stats, "change", NACKA, from_year=2010, to_year=2018)
    assert {f.release for f in result.figures} == {PREVIOUS}
    assert find(result, "t CO2e", 2010).value == 144241.78  # not 151 235.792 from SMHI 2026
    assert round(find(result, "%", "2010–2018").value, 4) == -6.3623
    assert any("samma publicering" in c for c in result.caveats)


def test_change_across_releases_is_refused(stats: StatisticsStore) -> None:
    result = ask(stats, "change", NACKA, from_year=2016, to_year=2024)
    assert result.status == "refused"
    assert "får inte blandas" in result.message


def test_change_sigtuna_mentions_international_transport(stats: StatisticsStore) -> None:
    result = ask(stats, "change", SIGTUNA, from_year=2022, to_year=2024)
    assert round(find(result, "t CO2e", "2022–2024").value, 3) == 202199.255
    assert any("Utrikes transporter" in c and "Arlanda" in c for c in result.caveats)


# ---------------------------------------------------------------- ranking


def test_ranking_county(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", year=2024, limit=3)
    assert [(f.kommun, f.value) for f in result.figures] == [
        ("Stockholm", 1021234.485), ("Sigtuna", 524102.9), ("Södertälje", 283849.921)]
    assert len(result.tables[0]["rows"]) == 26
    assert result.charts[0].kind == "bar"
    assert "| 1 | Stockholm | 1 021 234 t CO2e |" in result.markdown


def test_ranking_focus_per_capita(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", focus=SOLNA, per_capita=True, order="asc", limit=3)
    solna = [f for f in result.figures if f.kommun == "Solna"]
    assert solna and solna[0].unit == "t CO2e/inv"
    assert "**Solna** hamnar på **plats 9 av 26**" in result.markdown
    assert {s["dataset"] for s in result.sources} == {"emissions_by_sector", "population"}


def test_ranking_sweden(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", scope="riket", year=2024, limit=5)
    assert len(result.figures) == 5
    assert len(result.tables[0]["rows"]) == 290
    assert result.figures[0].label.endswith("av 290")


# ---------------------------------------------------------------- share, trend, comparison


def test_share_of_transport(stats: StatisticsStore) -> None:
    result = ask(stats, "share", NACKA, sector="Transporter", year=2024)
    assert round(find(result, "%", 2024).value, 4) == 59.0831
    assert "59,1 %" in result.markdown


def test_sector_breakdown(stats: StatisticsStore) -> None:
    result = ask(stats, "share", COUNTY, year=2024)
    shares = [f for f in result.figures if f.unit == "%"]
    assert len(shares) == 9 and shares[0].sector == "Transporter"
    assert round(sum(f.value for f in shares), 6) == pytest.approx(100.0, abs=1e-4)


def test_trend_uses_one_release(stats: StatisticsStore) -> None:
    result = ask(stats, "trend", NACKA)
    years = [f.year for f in result.figures if f.unit == "t CO2e"]
    assert years == [1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024]
    assert {f.release for f in result.figures} == {LATEST}
    assert "2016–2019" in result.markdown and "visas inte" in result.markdown
    chart = result.charts[0]
    assert chart.kind == "line" and len(chart.rows) == 10


def test_trend_within_2015_2019_uses_previous_release(stats: StatisticsStore) -> None:
    result = ask(stats, "trend", COUNTY, from_year=2015, to_year=2019)
    assert [f.year for f in result.figures if f.unit == "t CO2e"] == [2015, 2016, 2017, 2018,
                                                                      2019]
    assert {f.release for f in result.figures} == {PREVIOUS}


def test_comparison(stats: StatisticsStore) -> None:
    result = ask(stats, "comparison", NACKA, STOCKHOLM, year=2024)
    assert find(result, "t CO2e", 2024, "Nacka").value == 121152.559
    assert find(result, "t CO2e", 2024, "Stockholm").value == 1021234.485
    assert result.charts[0].kind == "bar" and len(result.charts[0].rows) == 2


# ---------------------------------------------------------------- path to 2045


def test_path_2045_county(stats: StatisticsStore) -> None:
    result = ask(stats, "path_2045", COUNTY)
    assert round(find(result, "%", "2024–2045").value, 4) == 5.978
    assert round(find(result, "t CO2e/år", "2024–2045").value, 4) == 189777.8252
    assert round(find(result, "t CO2e", 2045).value, 4) == 1092143.7705
    assert "Konvention" in result.markdown and "rak linje" in result.markdown
    assert any("85 %" in c for c in result.caveats)


def test_path_2045_sigtuna(stats: StatisticsStore) -> None:
    result = ask(stats, "path_2045", SIGTUNA)
    assert round(find(result, "%", "2024–2045").value, 4) == 9.5467
    assert any("Arlanda" in c for c in result.caveats)


# ---------------------------------------------------------------- indicators


def test_ev_share(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", SOLNA, indicator="ev_share")
    assert round(find(result, "%", 2025).value, 4) == 83.3402
    assert any("ägarens kommun" in c for c in result.caveats)


def test_bicycle(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="bicycle", year=2025)
    assert round(find(result, "m/inv", 2025).value, 3) == 1.579


def test_charging(stats: StatisticsStore) -> None:
    nacka = ask(stats, "indicator", NACKA, indicator="charging")
    assert find(nacka, "laddpunkter", 2025).value == 643
    assert find(nacka, "laddpunkter/100 inv", 2025).value == 0.57
    county = ask(stats, "indicator", COUNTY, indicator="charging")
    assert round(find(county, "laddpunkter/100 inv", 2025).value, 4) == 0.656


def test_consumption(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="consumption")
    assert find(result, "t CO2e/inv", 2023).value == 5.7103
    assert any("modellerade" in c for c in result.caveats)
    refused = ask(stats, "indicator", NACKA, indicator="consumption", year=2020)
    assert refused.status == "refused"


def test_climate_plan(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="climate_plan")
    assert find(result, "år", 2025).value == 2025
    assert "Klimat- och miljöprogram 2025-2040" in result.markdown
    county = ask(stats, "indicator", COUNTY, indicator="climate_plan")
    assert county.figures[0].value == 24 and county.figures[0].unit == "kommuner"


def test_unknown_indicator_asks_back(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="bogus")
    assert result.status == "clarify" and result.reason == "ambiguous"
    assert ask(stats, "ranking", indicator="bogus").status == "refused"


# ---------------------------------------------------------------- new shapes
# Expected values are read off the CSVs (tests/golden/make_figures_golden.py computes the same
# ones with pandas); rounded to the precision stated in each assert.


def test_ranking_by_change_lists_largest_decrease_first(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", rank_by="change", from_year=2015, order="asc")
    assert result.status == "answered"
    first = result.figures[0]
    # Stockholm: (1 021 234,485 − 1 965 626,909) / 1 965 626,909 × 100
    assert (first.kommun, first.unit, first.year) == ("Stockholm", "%", "2015–2024")
    assert round(first.value, 4) == round((1021234.485 - 1965626.909) / 1965626.909 * 100, 4)
    assert len(result.tables[0]["rows"]) == 26
    assert "störst minskning först" in result.markdown and "−48,0 %" in result.markdown
    assert result.charts[0].kind == "bar"


def test_ranking_by_change_never_mixes_releases(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", rank_by="change", from_year=2015, to_year=2018,
                 focus=STOCKHOLM)
    fig = next(f for f in result.figures if f.kommun == "Stockholm")
    assert fig.release == PREVIOUS and fig.dataset == "emissions_by_sector_release2025"
    assert round(fig.value, 4) == round((1724821.15 - 2010220.34) / 2010220.34 * 100, 4)
    assert {f.release for f in result.figures} == {PREVIOUS}


def test_ranking_of_counties_per_capita(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", rank_level="lan", scope="riket", per_capita=True,
                 order="asc", year=2024, focus=COUNTY)
    first = result.figures[0]
    assert (first.kommun, first.label) == ("Stockholms län", "Plats 1 av 21")
    assert round(first.value, 4) == round(3985334.33 / 2473307, 4)
    assert "Sveriges 21 län" in result.markdown


def test_indicator_ranking_charging_points(stats: StatisticsStore) -> None:
    result = ask(stats, "ranking", indicator="charging", limit=1)
    fig = result.figures[0]
    assert (fig.kommun, fig.value, fig.unit, fig.year) == ("Stockholm", 10754.0, "laddpunkter",
                                                           2025)
    assert result.sources[0]["dataset"] == "ev_charging_2025"


def test_share_ranking_needs_a_sector(stats: StatisticsStore) -> None:
    assert ask(stats, "ranking", rank_by="share").status == "clarify"


def test_several_sectors_are_computed_one_by_one_and_summed(stats: StatisticsStore) -> None:
    result = ask(stats, "value", NACKA, year=2024, sectors=("Transporter", "Arbetsmaskiner"))
    values = {f.sector: f.value for f in result.figures if f.unit == "t CO2e"}
    assert values["Transporter"] == 71580.72 and values["Arbetsmaskiner"] == 10585.26
    assert round(values["Transporter + Arbetsmaskiner"], 2) == 82165.98
    assert "82 166 t CO2e" in result.markdown


def test_last_years_end_with_the_latest_year(stats: StatisticsStore) -> None:
    result = ask(stats, "change", NACKA, last_years=10)
    pct = find(result, "%", "2015–2024")
    assert round(pct.value, 1) == -16.5  # Nacka 2015 -> 2024, latest release
    assert "de senaste 10 åren" in result.markdown and "2015–2024" in result.markdown


def test_path_2045_per_inhabitant(stats: StatisticsStore) -> None:
    result = ask(stats, "path_2045", NACKA, per_capita=True)
    line = find(result, "t CO2e/inv/år", "2024–2045")
    assert round(line.value, 6) == round(121152.559 / 112112 / 21, 6)
    target = find(result, "t CO2e/inv", 2045)
    assert round(target.value, 4) == 0.2724
    assert "hålls oförändrad till 2045" in result.markdown


def test_ev_share_series_with_chart(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="ev_share", from_year=2015)
    assert [f.year for f in result.figures if f.unit == "%"] == list(range(2015, 2026))
    assert round(find(result, "%", 2015).value, 4) == 3.9071
    assert round(find(result, "procentenheter", "2015–2025").value, 2) == round(
        67.95184395001523 - 3.9071038251366117, 2)
    assert result.charts[0].kind == "line"


def test_series_of_a_one_year_indicator_is_refused(stats: StatisticsStore) -> None:
    assert ask(stats, "indicator", NACKA, indicator="charging", from_year=2020).status == \
        "refused"


def test_lulucf_for_sweden_and_not_for_a_municipality(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", SWEDEN, indicator="national", category="lulucf", year=2024)
    fig = result.figures[0]
    assert (fig.value, fig.unit, fig.year) == (-54240000.0, "t CO2", 2024)
    assert "−54 240 000 t CO2" in result.markdown and "nettosänka" in result.markdown
    assert ask(stats, "indicator", NACKA, indicator="national",
               category="lulucf").status == "refused"


def test_cars_in_use_by_fuel(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="cars_by_fuel", category="El")
    assert find(result, "bilar", 2025).value == 11609
    assert round(find(result, "%", 2025).value, 2) == round(11609 / 52733 * 100, 2)


def test_klimatkollen_zero_date(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", NACKA, indicator="kk", category="kk_trend_hits_zero_date")
    assert find(result, "år", 2062).value == 2062
    assert "2062-02-04" in result.markdown


def test_climate_plan_count_has_the_list_year(stats: StatisticsStore) -> None:
    result = ask(stats, "indicator", COUNTY, indicator="climate_plan")
    fig = find(result, "kommuner", 2026)
    assert fig.value == 24
    assert "Utan plan i listan" in result.markdown


# ---------------------------------------------------------------- the question algebra
# Values read off the CSVs: Nacka (0182) in the latest release 2015 145 074,74 t, 2020
# 129 173,521, 2021 126 547,296, 2022 115 946,347, 2023 115 806,013, 2024 121 152,559; in the
# previous release 2015 136 129,54, 2016 132 775,12, 2017 135 500,34, 2018 135 064,7, 2019
# 133 814,32, 2020 126 971,49; Stockholms län 2024 3 985 334,33 t.

NACKA_LATEST = {2020: 129173.521, 2021: 126547.296, 2022: 115946.347, 2023: 115806.013,
                2024: 121152.559}


def run(stats: StatisticsStore, **parts) -> FigureResult:
    return compute(Query(**parts), stats)


def test_rate_is_the_compound_yearly_change(stats: StatisticsStore) -> None:
    result = run(stats, statistic=Statistic("rate"), places=(NACKA,),
                 period=Period(from_year=2015, to_year=2024))
    fig = find(result, "%/år", "2015–2024")
    assert round(fig.value, 6) == round(((121152.559 / 145074.74) ** (1 / 9) - 1) * 100, 6)
    assert "CAGR" in result.markdown and any("CAGR" in c for c in result.caveats)
    assert result.reading == ("Tolkning: den genomsnittliga årliga förändringen (CAGR) av "
                              "utsläppen i Nacka mellan 2015 och 2024, alla sektorer.")
    assert result.markdown.startswith("**Tolkning:** den genomsnittliga")


def test_mean_of_yearly_changes_needs_every_year(stats: StatisticsStore) -> None:
    result = run(stats, statistic=Statistic("rate", rate="mean_change"), places=(NACKA,),
                 period=Period(from_year=2020, to_year=2024))
    values = list(NACKA_LATEST.values())
    changes = [(b - a) / a * 100 for a, b in itertools.pairwise(values)]
    assert round(find(result, "%/år", "2020–2024").value, 6) == round(sum(changes) / 4, 6)
    # 2015-2024: the latest release lacks 2016-2019, the previous one 2024: never mixed
    refused = run(stats, statistic=Statistic("rate", rate="mean_change"), places=(NACKA,),
                  period=Period(from_year=2015, to_year=2024))
    assert (refused.status, refused.reason) == ("refused", "missing_year")
    assert "2016–2019" in refused.message and refused.figures == []


def test_mean_and_sum_over_years_with_their_release(stats: StatisticsStore) -> None:
    mean = run(stats, statistic=Statistic("mean"), places=(NACKA,),
               period=Period(from_year=2020, to_year=2024))
    assert find(mean, "t CO2e", "2020–2024").value == pytest.approx(
        sum(NACKA_LATEST.values()) / 5)
    assert mean.charts[-1].kind == "line" and len(mean.tables[-1]["rows"]) == 5
    total = run(stats, statistic=Statistic("sum"), places=(NACKA,),
                period=Period(from_year=2020, to_year=2024))
    assert find(total, "t CO2e", "2020–2024").value == pytest.approx(sum(NACKA_LATEST.values()))
    # 2015-2020 is complete only in the previous release, which is then used and said
    older = run(stats, statistic=Statistic("mean"), places=(NACKA,),
                period=Period(from_year=2015, to_year=2020))
    fig = find(older, "t CO2e", "2015–2020")
    assert fig.value == pytest.approx((136129.54 + 132775.12 + 135500.34 + 135064.7 + 133814.32
                                       + 126971.49) / 6)
    assert fig.release == PREVIOUS and any("föregående" in c for c in older.caveats)


def test_share_of_the_county(stats: StatisticsStore) -> None:
    result = run(stats, statistic=Statistic("share", share_of="county"), places=(NACKA,),
                 period=Period(year=2024))
    assert find(result, "%", 2024).value == pytest.approx(121152.559 / 3985334.33 * 100)


def test_a_count_names_its_members_in_text_and_table(stats: StatisticsStore) -> None:
    condition = Condition("below", -30.0, as_decrease=True)
    result = run(stats, statistic=Statistic("change"), period=Period(from_year=2005),
                 selection=Selection("filter", condition=condition, answer="count",
                                     order="asc"))
    count = find(result, "kommuner", "2005–2024")
    members = [f for f in result.figures if f.unit == "%"]
    assert count.value == len(members) > 0 and all(f.value < -30 for f in members)
    assert all(f"| {f.kommun} | " in result.markdown for f in members)
    rows = result.tables[-1]["rows"]
    assert len(rows) == 26 and sum(r["uppfyller"] for r in rows) == count.value


def test_a_filter_by_the_county_value_shows_the_reference(stats: StatisticsStore) -> None:
    result = run(stats, measure=Measure(per_capita=True), period=Period(year=2024),
                 selection=Selection("filter", order="asc",
                                     condition=Condition("below", reference="county")))
    reference = next(f for f in result.figures if f.kommun == "Stockholms län"
                     and f.unit == "t CO2e/inv")
    assert round(reference.value, 4) == round(3985334.33 / 2473307, 4)
    members = [f for f in result.figures if f.label == "Uppfyller villkoret"]
    assert members and all(f.value < reference.value for f in members)
    assert "Jämförelsevärdet är Stockholms län som helhet" in result.markdown


def test_sectors_are_ranked_by_their_change_in_tonnes(stats: StatisticsStore) -> None:
    # Sigtuna: El och fjärrvärme 0 t in 2010 and 165 362,61 t in 2024; a percentage change
    # from zero has no meaning, so the parts of one total are ranked by the change in tonnes
    result = run(stats, statistic=Statistic("change"), places=(SIGTUNA,),
                 period=Period(from_year=2010), selection=Selection("ranking", "sektorer"))
    first = result.figures[0]
    assert (first.sector, first.unit, first.value) == ("El och fjärrvärme", "t CO2e",
                                                       pytest.approx(165362.61))
    assert len(result.tables[-1]["rows"]) == 9
    assert "förändring i ton" in result.markdown and "+165 363 t CO2e" in result.markdown


def test_a_ranking_of_years_uses_the_latest_release(stats: StatisticsStore) -> None:
    result = run(stats, places=(NACKA,), selection=Selection("ranking", "år", limit=1))
    fig = result.figures[0]
    assert fig.release == LATEST and isinstance(fig.year, int)
    assert "2016–2019 finns bara i den föregående" in result.markdown


def test_path_to_the_transport_target(stats: StatisticsStore) -> None:
    result = run(stats, statistic=Statistic("path", target="transport_2030"), places=(NACKA,),
                 measure=Measure(sectors=("Transporter",)))
    now, base = find(result, "t CO2e", 2024).value, find(result, "t CO2e", 2010).value
    assert find(result, "t CO2e", 2030).value == pytest.approx(0.30 * base)
    assert find(result, "%", "2024–2030").value == pytest.approx(
        (1 - (0.30 * base / now) ** (1 / 6)) * 100)
    assert find(result, "t CO2e/år", "2024–2030").value == pytest.approx((now - 0.3 * base) / 6)
    assert any("inrikesflyget" in c and "räknekonvention" in c for c in result.caveats)


def test_a_target_of_one_sector_refuses_another(stats: StatisticsStore) -> None:
    result = run(stats, statistic=Statistic("path", target="transport_2030"), places=(NACKA,))
    assert (result.status, result.reason) == ("refused", "target")


def test_a_year_no_release_has_gives_the_reason(stats: StatisticsStore) -> None:
    result = ask(stats, "value", COUNTY, year=2006, per_capita=True)
    assert (result.status, result.reason) == ("refused", "missing_year")


def test_every_answer_starts_with_its_reading_in_the_question_language(
        stats: StatisticsStore) -> None:
    sv = ask(stats, "value", NACKA)
    assert sv.reading == "Tolkning: utsläpp av växthusgaser i Nacka 2024, alla sektorer."
    assert sv.markdown.startswith("**Tolkning:** utsläpp av växthusgaser i Nacka 2024")
    en = ask(stats, "change", HUDDINGE, from_year=2010, to_year=2022, language="en")
    assert en.reading.startswith("Reading: the change in emissions in Huddinge between 2010 "
                                 "and 2022")


def test_units_come_from_the_manifest(tmp_path: Path) -> None:
    """No unit is written into the computation: a release whose manifest says "ton CO2e" is
    answered in "ton CO2e"."""
    import shutil

    folder = tmp_path / "statistics"
    shutil.copytree(KNOWLEDGE, folder)
    manifest = folder / "emissions_by_sector.manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("unit: t CO2e",
                                                                     "unit: ton CO2e"),
                        encoding="utf-8")
    store = StatisticsStore(tmp_path / "statistics.sqlite")
    assert all(r.status == "loaded" for r in load_directory(store, folder))
    result = compute(Query(places=(NACKA,), measure=Measure(per_capita=True)), store)
    assert {f.unit for f in result.figures} >= {"ton CO2e", "ton CO2e/inv"}
    assert "t CO2e" not in {f.unit for f in result.figures}
