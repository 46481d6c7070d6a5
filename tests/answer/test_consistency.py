"""Documents against statistics: which claims are read, and what the real data says about them.

Expected values are computed by hand from the CSV files (awk over the rows named in each test),
not by the code under test.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from assistant.answer.consistency import (
    COUNTY,
    COUNTY_MUNICIPALITIES,
    SWEDEN,
    agrees,
    check_claim,
    check_claims,
    check_passages,
    consistency_markdown,
    describe,
    find_claims,
    place_named,
)
from assistant.config import PROJECT_ROOT
from assistant.models import Chunk, DocumentMeta, Passage
from assistant.pipeline.datasets import load_dataset

STATISTICS = PROJECT_ROOT / "knowledge" / "statistics"
DATASETS = ("emissions_by_sector_county", "emissions_by_sector",
            "emissions_by_sector_release2025", "population")
TODAY = date(2026, 5, 1)
SEED = ("Region Stockholm anger att växthusgasutsläppen per capita i länet sjönk med nästan "
        "50 procent, från 5,2 ton per person 2006 till 2,6 ton per person 2016.")


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory):
    from assistant.stores.statistics import StatisticsStore

    store = StatisticsStore(tmp_path_factory.mktemp("consistency") / "statistics.sqlite")
    for dataset in DATASETS:
        load_dataset(store, STATISTICS / f"{dataset}.csv",
                           STATISTICS / f"{dataset}.manifest.yaml")
    return store


def claims(text: str, **kwargs):
    return find_claims(text, today=TODAY, **kwargs)


# ---------------------------------------------------------------- reading claims


def test_seed_sentence_gives_two_per_capita_claims_for_the_county():
    found = claims(SEED)
    assert [(c.place, c.year, c.quantity, c.value, c.stated) for c in found] == [
        (COUNTY, 2006, "per_capita", 5.2, "5,2 ton per person"),
        (COUNTY, 2016, "per_capita", 2.6, "2,6 ton per person"),
    ]
    assert all(c.decimals == 1 and c.scale == 1 for c in found)


def test_second_number_of_a_from_to_pair_inherits_per_inhabitant():
    text = ("Stockholms stad (egen metod med uppvärmning, el och transporter) sjönk från 5,4 ton "
            "per invånare 1990 till 2,3 ton 2017.")
    found = claims(text)
    assert [(c.place.code, c.year, c.quantity, c.value) for c in found] == [
        ("0180", 1990, "per_capita", 5.4), ("0180", 2017, "per_capita", 2.3)]
    assert any("egen beräkningsmetod" in h for h in found[0].scope_hints)


@pytest.mark.parametrize(("text", "expected"), [
    ("Totala utsläpp i länet minskade med knappt 50 procent 1990–2022 och var 3,7 miljoner ton "
     "2022.", ("01", 2022, "total", 3_700_000.0)),
    ("Sveriges territoriella utsläpp 2023 var 44,2 miljoner ton CO2e enligt preliminär statistik.",
     ("00", 2023, "total", 44_200_000.0)),
    ("År 2014 var utsläppen per capita i Stockholms län 2,7 ton.", ("01", 2014, "per_capita", 2.7)),
    ("Nackas utsläpp var 121 153 ton 2024.", ("0182", 2024, "total", 121_153.0)),
    ("Utsläppen i Upplands-Bro kommun var 100 tusen ton år 2020.", ("0139", 2020, "total", 1e5)),
    ("I Upplands Väsby låg utsläppen på 2,1 t CO2e/inv (2015).",
     ("0114", 2015, "per_capita", 2.1)),
])
def test_checkable_claims(text, expected):
    found = claims(text)
    assert [(c.place.code, c.year, c.quantity, c.value) for c in found] == [expected]


@pytest.mark.parametrize("text", [
    # targets and bounds
    "Delmål 2030: direkta växthusgasutsläpp i länet under 2,3 ton per invånare.",
    "RUFS 2010:s delmål för länet var högst 3,4 ton CO2e per capita.",
    # changes, not levels
    "Enligt uppföljningen minskade länets utsläpp med cirka 2,1 ton per capita 2006–2012.",
    "Mellan 2014 och 2018 minskade länets utsläpp med bara 0,41 miljoner ton.",
    # a range of years: the figure's year is not stated
    "Mellan 2023 och 2024 ökade länets utsläpp från 3,65 till 3,99 miljoner ton.",
    # a sector, in the clause or in the sentence before
    "Transportsektorn i länet släppte ut cirka 2,6 miljoner ton år 2014.",
    "Utrikes transporter är noll utom 2023. Sigtuna har störst värde: 120 445 ton 2023.",
    # consumption-based emissions are another quantity
    "Konsumtionsbaserade utsläpp för länets invånare var cirka 10 ton per person 2019.",
    # no place we have: the organisation Region Stockholm, a bare "Stockholm", no place at all
    "Region Stockholms direkta utsläpp var 163 000 ton CO2e 2023.",
    "Klimatarena Stockholm räknar med 2 ton per invånare 2020.",
    "Utsläppen var 2,7 ton per capita 2014.",
    # no year, or only a plan's name or a future target year
    "Länets direkta utsläpp ligger runt 4 miljoner ton CO2e.",
    "Enligt RUFS 2050 är länets utsläpp 4 miljoner ton.",
    "Länets utsläpp ska vara 1 miljon ton 2040.",
    # a sentence about releases explains its own numbers
    "Länets utsläpp 2015 är 5 174 547 ton i versionen från 2025.",
    # a carbon budget
    "Koldioxidbudget: för länet återstod drygt 42 miljoner ton CO2 från 2022.",
])
def test_not_checkable(text):
    assert claims(text) == []


def test_default_place_from_document_metadata():
    text = "Kommunens utsläpp var 121 153 ton 2024."
    assert claims(text) == []
    nacka = place_named("Nacka")
    assert [c.place for c in claims(text, default_place=nacka)] == [nacka]


def test_approximation_words_are_recorded():
    found = claims("Enligt källan var länets utsläpp cirka 3,6 miljoner ton 2022.")
    assert found[0].approximate


def test_place_table_matches_the_population_file():
    pop = pd.read_csv(STATISTICS / "population.csv", dtype={"kommun_code": str})
    county = pop[pop["kommun_code"].str.startswith("01")][["kommun_code", "kommun"]]
    assert set(COUNTY_MUNICIPALITIES) == set(county.drop_duplicates().itertuples(index=False,
                                                                                  name=None))
    assert place_named("Stockholms län") == COUNTY and place_named("Sverige") == SWEDEN


# ---------------------------------------------------------------- checking against the data


def test_known_case_2006_missing_and_2016_from_release_2025(stats):
    first, second = check_claims(claims(SEED), stats, source_title="Utsläpp per invånare")
    # 2006: no release has it; the neighbours come from the latest release (county Totalt row /
    # sum of the 26 municipalities' population): 2005 6 554 816,04 / 1 889 945 and
    # 2010 6 258 506,97 / 2 054 343.
    assert first.kind == "missing" and first.ours is None
    assert [y for y, _ in first.neighbours] == [2005, 2010]
    assert first.neighbours[0][1] == pytest.approx(6_554_816.04 / 1_889_945)
    assert first.neighbours[1][1] == pytest.approx(6_258_506.97 / 2_054_343)
    # 2016: the latest release lacks it, so the previous one (sum of the 26 municipalities'
    # Totalt rows, 4 968 382,52 t) over the county's population 31 Dec 2016 (2 269 060).
    assert second.kind == "differs"
    assert second.ours == pytest.approx(4_968_382.52 / 2_269_060)
    assert round(second.ours, 2) == 2.19
    assert second.dataset == "emissions_by_sector_release2025"
    assert second.release == "SMHI 2025 (senaste år 2023)"
    assert "2 269 060 invånare" in second.method and "4 968 383 t CO2e" in second.method


def test_text_shows_both_values_reason_and_choice(stats):
    first, second = check_claims(claims(SEED), stats, source_title="Utsläpp per invånare",
                                 source_id=2)
    text = describe(second)
    assert "”Utsläpp per invånare” [2]" in text
    assert "”2,6 ton per person”" in text and "2,19 t CO2e/inv" in text
    assert "äldre publicering" in text and "Svaret använder statistiken" in text
    missing = describe(first)
    assert "saknas – ingen utgåva har 2006" in missing
    assert "2005: 3,47 t CO2e/inv; 2010: 3,05 t CO2e/inv" in missing
    block = consistency_markdown([first, second])
    assert block.startswith("**Dokument och statistik") and block.count("\n- ") == 2
    assert consistency_markdown([]) == ""


def test_2015_per_inhabitant_comes_from_the_latest_release(stats):
    claim = claims("År 2015 var utsläppen i länet 2,5 ton per invånare.")[0]
    found = check_claim(claim, stats)
    # County Totalt row 2015 (5 147 285,75 t) / population 2 231 439.
    assert found.ours == pytest.approx(5_147_285.75 / 2_231_439)
    assert round(found.ours, 2) == 2.31
    assert found.dataset == "emissions_by_sector_county"


def test_agreeing_claims_are_not_reported(stats):
    text = ("Totala utsläpp i länet var 3,7 miljoner ton 2022. "
            "Sveriges territoriella utsläpp 2023 var 44,2 miljoner ton CO2e. "
            "År 2015 var utsläppen i länet 2,31 ton per invånare.")
    found = claims(text)
    assert len(found) == 3
    # 3 652 296,39 t rounds to 3,7 Mt; Sweden 2023 = sum of the nine SMHI sectors, 44 163 071,85 t.
    assert check_claims(found, stats) == []


def test_revised_national_total_differs_and_names_naturvardsverket(stats):
    claim = claims("Enligt Naturvårdsverket var Sveriges utsläpp 44,4 miljoner ton 2023.")[0]
    found = check_claim(claim, stats)
    assert found.kind == "differs"
    assert found.ours == pytest.approx(44_163_071.85)
    assert any("Naturvårdsverkets" in r for r in found.reasons)
    assert "(≈ 44,16 Mt CO2e)" in describe(found)


def test_municipality_per_inhabitant(stats):
    claim = claims("Stockholms stad hade 5,4 ton per invånare 1990.")[0]
    found = check_claim(claim, stats)
    # Stockholm (0180) Totalt 1990: 2 077 359,373 t; population 31 Dec 1990: 674 452.
    assert found.ours == pytest.approx(2_077_359.373 / 674_452)


def test_tolerance_follows_the_written_precision():
    [claim] = claims("Länets utsläpp var 3,7 miljoner ton 2022.")
    assert agrees(claim, 3_650_000) and agrees(claim, 3_749_999)
    assert not agrees(claim, 3_640_000)
    [rough] = claims("Länets utsläpp var cirka 3,7 miljoner ton 2022.")
    assert agrees(rough, 3_610_000) and not agrees(rough, 3_590_000)


def test_check_passages_skips_profiles_and_repeats(stats):
    meta = DocumentMeta(title="Utsläpp per invånare i Stockholms län")
    doc = Chunk("docs/a.md:abc:0", "docs/a.md", SEED, 0, meta=meta)
    same = Chunk("docs/b.md:abc:0", "docs/b.md", SEED, 0, meta=meta)
    profile = Chunk("statistik/x:abc:0", "statistik/x",
                    "Stockholms läns utsläpp var 9 ton per invånare 2015.", 0)
    found = check_passages([Passage(doc, 0.9), Passage(same, 0.9), Passage(profile, 0.9)], stats,
                           source_ids={"docs/a.md:abc:0": 1})
    assert [(d.claim.year, d.kind, d.source_id) for d in found] == [
        (2006, "missing", 1), (2016, "differs", 1)]
    assert found[0].public()["document_value"] == 5.2
