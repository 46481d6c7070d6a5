"""The reader's question algebra, its coverage rule and its contract with the arbiter.

Pure Python, no store: `interpret` only. The golden readings are in parser_cases.jsonl
(test_figures_parsing.py); the 86 coverage negatives in figures_negatives.jsonl are checked
here at the reader and in test_figures_analytic.py end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.arbiter import DOCUMENT_REASONS
from assistant.figures.parsing import interpret
from assistant.figures.places import STOCKHOLMS_LAN
from assistant.figures.query import Condition, Measure, Period, Query, Selection, Statistic
from assistant.figures.request import Interpretation, Place

NEGATIVES = [json.loads(line) for line in (Path(__file__).parent.parent / "golden"
                                           / "figures_negatives.jsonl").read_text().splitlines()
             if line.strip()]
NACKA = Place("0182", "Nacka", "kommun")
TABY = Place("0160", "Täby", "kommun")
SIGTUNA = Place("0191", "Sigtuna", "kommun")


def request(question: str, previous: Query | None = None) -> Query:
    reading = interpret(question, previous)
    assert reading.request is not None, reading
    return reading.request


# ---------------------------------------------------------------- the four questions


def test_a_count_of_municipalities_by_a_threshold_on_a_change() -> None:
    q = request("Hur många kommuner i länet har minskat med mer än 30 procent sedan 2005?")
    assert q.statistic == Statistic("change")
    assert q.selection == Selection("filter", "kommuner", "lan", "asc", answer="count",
                                    condition=Condition("below", -30.0, as_decrease=True))
    assert q.period == Period(from_year=2005) and q.places == ()


def test_a_mean_over_years_is_not_a_change() -> None:
    q = request("Vad var Täbys genomsnittliga utsläpp 2021–2023?")
    assert (q.statistic, q.places, q.period) == (Statistic("mean"), (TABY,),
                                                 Period(from_year=2021, to_year=2023))


def test_the_sector_that_increased_most_is_a_ranking_of_sectors_by_change() -> None:
    q = request("Vilken sektor har ökat mest i Sigtuna sedan 2010?")
    assert q.statistic == Statistic("change") and q.places == (SIGTUNA,)
    assert (q.selection.kind, q.selection.units, q.selection.order) == ("ranking", "sektorer",
                                                                       "desc")
    assert q.measure.sectors == () and q.period == Period(from_year=2010)


def test_below_the_county_is_a_filter_with_the_county_as_reference() -> None:
    q = request("Vilka kommuner har lägre utsläpp per invånare än länet?")
    assert q.measure == Measure(per_capita=True) and q.statistic == Statistic("value")
    assert q.selection == Selection("filter", order="asc",
                                    condition=Condition("below", reference="county"))


# ---------------------------------------------------------------- the other operations


@pytest.mark.parametrize(("question", "statistic"), [
    ("Vad var den genomsnittliga årliga minskningen av Nackas utsläpp mellan 2015 och 2024?",
     Statistic("rate")),
    ("Hur snabbt har Nackas utsläpp minskat per år sedan 1990?", Statistic("rate")),
    ("Vad är medelvärdet av de årliga förändringarna av Nackas utsläpp 2020–2024?",
     Statistic("rate", rate="mean_change")),
    ("Hur mycket släppte Nacka ut sammanlagt 2020–2024?", Statistic("sum")),
    ("Hur stor andel av länets utsläpp står Nacka för?", Statistic("share", share_of="county")),
    ("Hur mycket måste transportutsläppen i Nacka minska per år för att nå transportmålet?",
     Statistic("path", target="transport_2030")),
    ("What is the average annual rate of change of Nacka's emissions since 2015?",
     Statistic("rate")),
])
def test_statistics_of_one_place(question: str, statistic: Statistic) -> None:
    q = request(question)
    assert q.statistic == statistic and q.places == (NACKA,)


def test_the_transport_target_is_the_transport_sector() -> None:
    q = request("Är Stockholms län i fas med transportmålet till 2030?")
    assert q.measure.sectors == ("Transporter",) and q.places == (STOCKHOLMS_LAN,)
    industry = interpret("Hur mycket måste Nackas industriutsläpp minska för att nå "
                         "transportmålet?")
    assert industry.clarify and industry.reason == "target"


def test_rankings_by_rate_and_of_years() -> None:
    fastest = request("Vilken kommun i länet har minskat sina utsläpp snabbast sedan 2015?")
    assert fastest.statistic == Statistic("rate") and fastest.selection.limit == 1
    assert fastest.selection.order == "asc"  # the largest decrease first
    year = request("Vilket år var utsläppen högst i Nacka?")
    assert (year.selection.units, year.selection.limit, year.places) == ("år", 1, (NACKA,))


def test_a_yes_no_about_one_place_is_a_filter_of_that_place() -> None:
    q = request("Har Nacka minskat sina utsläpp med mer än 10 procent sedan 2015?")
    assert q.selection.kind == "filter" and q.places == (NACKA,)
    assert q.selection.condition == Condition("below", -10.0, as_decrease=True)


def test_thresholds_with_thousands_separators_and_units() -> None:
    q = request("Vilka kommuner i länet hade mer än 300 000 ton utsläpp 2024?")
    assert q.selection.condition == Condition("above", 300000.0)
    q = request("Hur många kommuner i länet har fler än 1 laddpunkt per 100 invånare?")
    assert q.measure == Measure("charging", per_capita=True)
    assert q.selection.answer == "count"


def test_an_increase_without_a_threshold_is_above_zero() -> None:
    q = request("Vilka kommuner i länet har ökat sina utsläpp sedan 2015?")
    assert q.selection.condition == Condition("above", 0.0) and q.selection.answer == "list"


def test_counties_are_filtered_as_counties() -> None:
    q = request("Vilka län har minskat sina utsläpp med mer än 40 procent sedan 1990?")
    assert (q.selection.units, q.selection.scope) == ("lan", "riket")


# ---------------------------------------------------------------- the reading, restated


def test_every_request_is_restated_in_the_question_language() -> None:
    sv = interpret("Hur många kommuner i länet har minskat med mer än 30 procent sedan 2005?")
    assert sv.reading.startswith("Tolkning: hur många av kommunerna i Stockholms län")
    assert "minskade mer än 30 %" in sv.reading and "2005" in sv.reading
    en = interpret("Which municipalities have lower emissions per capita than the county?")
    assert en.reading.startswith("Reading: the municipalities of Stockholm County")
    assert "are lower than the county's own value" in en.reading


def test_an_open_year_is_restated_as_the_latest_year() -> None:
    assert "det senaste året i statistiken" in interpret("Hur stora är Nackas utsläpp?").reading


# ---------------------------------------------------------------- coverage


@pytest.mark.parametrize("case", NEGATIVES, ids=[c["question"][:60] for c in NEGATIVES])
def test_coverage_negative_gets_no_request(case: dict) -> None:
    reading = interpret(case["question"])
    assert reading.request is None, reading.reading
    assert bool(reading.clarify) != bool(reading.refuse), reading
    assert reading.reason == case["reason"], (reading.reason, reading.clarify or reading.refuse)


def test_the_negative_set_is_large_and_covers_every_reason() -> None:
    assert len(NEGATIVES) >= 80
    assert {c["reason"] for c in NEGATIVES} >= {"incomplete", "unsupported", "unknown_place",
                                                 "missing_year", "no_data", "target",
                                                 "own_operations", "ambiguous", "needs_place"}
    assert len([c for c in NEGATIVES if c["question"].isascii()]) >= 15  # English ones


def test_an_unused_word_is_named_with_what_can_be_computed() -> None:
    reading = interpret("Hur stora var Sigtunas utsläpp exklusive utrikes transporter 2024?")
    assert reading.reason == "incomplete" and reading.clarify
    assert "”exklusive”" in reading.clarify
    assert "Det jag kan räkna ut är utsläpp av växthusgaser i Sigtuna 2024" in reading.clarify


def test_a_second_year_or_place_a_ranking_cannot_use_is_not_dropped() -> None:
    assert interpret("Vilken kommun hade högst utsläpp 2015 och 2024?").reason == "incomplete"
    assert interpret("Vad var Nackas högsta utsläpp?").reason == "incomplete"


# ---------------------------------------------------------------- the arbiter's contract


@pytest.mark.parametrize(("question", "reason"), [
    ("Hur mycket har Region Stockholms egna utsläpp minskat sedan 2011?", "own_operations"),
    ("Region Stockholms klimatpåverkan från den egna verksamheten", "own_operations"),
    ("Hur stora är regionens egna utsläpp?", "own_operations"),
    ("Vilket mål har Sverige för transporterna till 2030?", "target"),
    ("Hur mycket ska utsläppen minska till 2030 enligt RUFS?", "target"),
    ("Hur stora var utsläppen i Kista 2024?", "unknown_place"),
    ("Hur stora är utsläppen på Arlanda?", "unknown_place"),
])
def test_reasons_the_documents_may_answer(question: str, reason: str) -> None:
    reading = interpret(question)
    assert reading.request is None and reading.reason == reason
    assert reason in DOCUMENT_REASONS


def test_a_year_no_release_has_is_the_engines_to_flag() -> None:
    # The reader does not know which years the loaded releases have; it reads the year, and
    # the engine refuses with reason "missing_year" (test_figures_engine.py).
    q = request("Hur stora var länets utsläpp per invånare 2006?")
    assert q.period.year == 2006 and q.places == (STOCKHOLMS_LAN,)
    assert interpret("Hur stora var Nackas utsläpp 1985?").reason == "missing_year"


@pytest.mark.parametrize("question", [
    "Vad säger klimatfärdplanen om transporter?", "Vad gör Klimatkansliet för Nacka?",
    "Berätta om Nacka", "Var ligger Solna?", "Vad innebär målet om netto noll 2045 för Nacka?",
])
def test_document_questions_and_bare_places_are_not_figure_questions(question: str) -> None:
    assert interpret(question) == Interpretation()


def test_region_stockholms_utslapp_is_the_organisation_not_the_county() -> None:
    """"Region Stockholms utsläpp" names the organisation's own emissions (163 000 t in 2023,
    in the documents), not the county's territorial 3,99 Mt: the brief's rule that a county
    figure for the Region's own operations is worse than a refusal. Only "i regionen" is the
    territory."""
    reading = interpret("Hur stora är Region Stockholms utsläpp?")
    assert reading.request is None and reading.reason == "own_operations"
    territory = interpret("Hur stora var utsläppen i regionen 2024?")
    assert territory.request and territory.request.places == (STOCKHOLMS_LAN,)


# ---------------------------------------------------------------- follow-ups of new operations


def test_follow_ups_change_the_measure_scope_and_period_of_a_filter() -> None:
    first = request("Hur många kommuner i länet har minskat med mer än 30 procent sedan 2005?")
    per = request("Och per invånare?", first)
    assert per.measure.per_capita and per.selection == first.selection
    sweden = request("Och i hela landet?", first)
    assert sweden.selection.scope == "riket"
    since = request("Och sedan 2010?", first)
    assert since.period.from_year == 2010 and since.selection == first.selection


def test_follow_up_of_a_rate_moves_its_start() -> None:
    first = request("Vad var den genomsnittliga årliga minskningen av Nackas utsläpp mellan "
                    "2015 och 2024?")
    later = request("Och för Värmdö?", first)
    assert later.statistic == Statistic("rate") and later.places[0].name == "Värmdö"
    assert later.period == first.period
