"""The figure-question reader: golden cases (tests/golden/parser_cases.jsonl) plus unit tests of
place and sector matching. Pure Python, no store, no model: the whole file runs in seconds.

Each golden line is {"q": question, "prev": optional previous query, "expect": ...} where expect
is "none" (a knowledge question for retrieval), {"clarify": text}, {"refuse": text} (each may
name its "reason"), or the query: nested like `Query` ({"statistic": {...}, "selection":
{...}, "measure": {...}, "places": [codes], "period": {...}, "language", "notes"}); every field
not given must have its default, and "notes" lists one substring per expected note (no other
notes may appear).
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.figures.parsing import interpret, read_years
from assistant.figures.places import (
    AMBIGUOUS_NAMES,
    KOMMUNER,
    SVERIGE,
    find_place_matches,
    find_places,
    place_by_code,
    place_note,
)
from assistant.figures.query import Condition, Measure, Period, Query, Selection, Statistic
from assistant.figures.request import Interpretation, Place
from assistant.figures.sectors import find_ambiguous_sector_word, find_sector

GOLDEN = Path(__file__).parent.parent / "golden" / "parser_cases.jsonl"
PARTS = {"statistic": Statistic, "selection": Selection, "measure": Measure, "period": Period}


def _cases() -> list[dict[str, Any]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


CASES = _cases()


def _place(code: str) -> Place:
    place = place_by_code(code)
    assert place is not None, f"unknown code {code} in the golden file"
    return place


def query_of(spec: dict[str, Any]) -> Query:
    """A Query from a nested golden spec (places and the focus given as codes)."""
    parts: dict[str, Any] = {}
    for name, cls in PARTS.items():
        values = dict(spec.get(name, {}))
        if "focus" in values:
            values["focus"] = _place(values["focus"])
        if "condition" in values:
            values["condition"] = Condition(**values["condition"])
        if "sectors" in values:
            values["sectors"] = tuple(values["sectors"])
        parts[name] = cls(**values)
    return Query(**parts, places=tuple(_place(c) for c in spec.get("places", [])),
                 language=spec.get("language", "sv"))


def _plain(value: Any) -> Any:
    """A query part as JSON-like data: places as codes, tuples as lists."""
    if isinstance(value, Place):
        return value.code
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _assert_request(reading: Interpretation, expect: dict[str, Any]) -> None:
    assert reading.clarify is None and reading.refuse is None, reading
    request = reading.request
    assert request is not None, "expected a figure request, got none"
    wanted = _plain(query_of(expect))
    actual = _plain(request)
    for key in ("statistic", "selection", "measure", "period", "places", "language"):
        assert actual[key] == wanted[key], f"{key}: {actual[key]!r} != {wanted[key]!r}"
    notes = expect.get("notes", [])
    assert len(request.notes) == len(notes), request.notes
    for got, part in zip(request.notes, notes, strict=True):
        assert part in got
    assert reading.notes == request.notes
    prefix = "Reading: " if request.language == "en" else "Tolkning: "
    assert reading.reading.startswith(prefix) and len(reading.reading) > len(prefix) + 10


@pytest.mark.parametrize("case", CASES, ids=[c["q"][:60] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    previous = query_of(case["prev"]) if "prev" in case else None
    reading = interpret(case["q"], previous)
    expect = case["expect"]
    if expect == "none":
        assert reading == Interpretation(), reading
    elif "clarify" in expect:
        assert reading.request is None and reading.refuse is None, reading
        assert reading.clarify and expect["clarify"] in reading.clarify
        assert reading.reason == expect.get("reason", reading.reason) and reading.reason
    elif "refuse" in expect:
        assert reading.request is None and reading.clarify is None, reading
        assert reading.refuse and expect["refuse"] in reading.refuse
        assert reading.reason == expect.get("reason", reading.reason) and reading.reason
    else:
        _assert_request(reading, expect)


def test_golden_set_is_large_and_balanced() -> None:
    negatives = [c for c in CASES if c["expect"] == "none"]
    english = [c for c in CASES if isinstance(c["expect"], dict)
               and c["expect"].get("language") == "en"]
    follow_ups = [c for c in CASES if "prev" in c]
    assert len(CASES) >= 220
    assert len(negatives) >= 50
    assert len(english) >= 20
    assert len(follow_ups) >= 20
    assert len({c["q"] for c in CASES if "prev" not in c}) == len(
        [c for c in CASES if "prev" not in c]), "duplicate questions"


# ------------------------------------------------------------------------------ places


def test_the_table_has_all_290_municipalities_with_their_counties() -> None:
    assert len(KOMMUNER) == 290
    assert len({code for code, _, _ in KOMMUNER}) == 290
    stockholm = [name for code, name, lan in KOMMUNER if lan == "Stockholms län"]
    assert len(stockholm) == 26
    assert all(code.startswith("01") for code, _, lan in KOMMUNER if lan == "Stockholms län")


@pytest.mark.parametrize("name", ["Upplands Väsby", "Upplands-Bro", "Malung-Sälen", "Stockholm",
                                  "Gotland", "Falun", "Lilla Edet", "Dals-Ed", "Östra Göinge"])
def test_data_spelling_is_kept(name: str) -> None:
    assert name in {n for _, n, _ in KOMMUNER}


@pytest.mark.parametrize(("text", "code"), [
    ("Huddinges", "0126"), ("Täbys", "0160"), ("Danderyds", "0162"), ("Vaxholms", "0187"),
    ("Nynäshamns", "0192"), ("Lidingös", "0186"), ("Nacka kommun", "0182"),
    ("Nackas kommun", "0182"), ("Upplands Bro", "0139"), ("upplandsbro", "0139"),
    ("Upplands-Väsby", "0114"), ("upplands väsby", "0114"), ("Huddnge", "0126"),
    ("Sodertalje", "0181"), ("Södertälje", "0181"), ("Nacka municipality", "0182"),
    ("nacka", "0182"), ("Falu kommun", "2080"), ("Malung Sälen", "2023"),
    ("Region Gotland", "0980"),
    ("Borås", "1490"), ("Västerås", "1980"), ("Umea", "2480"), ("Gothenburg", "1480"),
    ("Väsby", "0114"), ("Håbo", "0305"), ("Habo", "0643"), ("Stockholms stad", "0180"),
])
def test_municipality_forms(text: str, code: str) -> None:
    found = find_places(f"Utsläppen i {text} 2024")
    assert [p.code for p, _ in found] == [code]


@pytest.mark.parametrize("text", ["länet", "Stockholms län", "regionen", "Stockholmsregionen",
                                  "hela länet", "the county", "Stockholm County", "Storstockholm",
                                  "Stockholms läns"])
def test_county_words(text: str) -> None:
    assert [p for p, _ in find_places(f"utsläppen i {text}")] == [
        Place("01", "Stockholms län", "lan")]


@pytest.mark.parametrize("text", ["Sverige", "riket", "hela landet", "nationellt", "Sweden",
                                  "Sveriges", "hela Sverige"])
def test_nation_words(text: str) -> None:
    assert [p for p, _ in find_places(f"utsläppen i {text}")] == [SVERIGE]


def test_places_come_in_order_of_appearance_with_their_words() -> None:
    found = find_places("Jämför Värmdös, Nacka kommuns och länets utsläpp")
    assert [(p.code, text) for p, text in found] == [
        ("0120", "Värmdös"), ("0182", "Nacka kommuns"), ("01", "länets")]


def test_bare_stockholm_is_the_city_with_a_note() -> None:
    (match,) = find_place_matches("Stockholms utsläpp")
    assert match.place == Place("0180", "Stockholm", "kommun")
    assert place_note(match, "sv") == ("Jag tolkar 'Stockholm' som Stockholms kommun (staden). "
                                       "Fråga om Stockholms län om du menar hela länet.")
    assert "City of Stockholm" in (place_note(match, "en") or "")
    (city,) = find_place_matches("Stockholms stad")
    assert city.place.code == "0180" and place_note(city) is None


@pytest.mark.parametrize("text", [
    "Vad ska vara med i planen?", "en ale är gott", "de bodde på en sala", "i en lund",
    "Are emissions falling?", "marken och skogen", "en kil", "kinda funny", "min eda",
])
def test_ordinary_words_are_not_municipalities(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize(("text", "code"), [("Vara kommun", "1470"), ("i Vara", "1470"),
                                            ("ale kommun", "1440"), ("Lunds", "1281"),
                                            ("Mora", "2062"), ("Sala", "1981")])
def test_ambiguous_names_with_capital_or_kommun(text: str, code: str) -> None:
    assert [p.code for p, _ in find_places(text)] == [code]


def test_ambiguous_names_are_listed_and_real() -> None:
    names = {n for _, n, _ in KOMMUNER}
    assert names >= AMBIGUOUS_NAMES
    assert {"Vara", "Ale", "Lund", "Mora", "Sala", "Eda", "Bjuv", "Gnesta", "Ljusdal"} <= (
        AMBIGUOUS_NAMES)


def test_other_counties_need_lan_when_the_name_is_also_a_municipality() -> None:
    assert [p.code for p, _ in find_places("Uppsala län")] == ["03"]
    assert [p.code for p, _ in find_places("Uppsala")] == ["0380"]
    assert [p.code for p, _ in find_places("Skåne")] == ["12"]


# ------------------------------------------------------------------------------ sectors


@pytest.mark.parametrize(("text", "sector"), [
    ("transporter", "Transporter"), ("trafik", "Transporter"), ("vägtrafiken", "Transporter"),
    ("bilar", "Transporter"), ("transportsektorn", "Transporter"), ("road traffic", "Transporter"),
    ("transportutsläppen", "Transporter"), ("traffic", "Transporter"),
    ("uppvärmning", "Egen uppvärmning av bostäder och lokaler"),
    ("egen uppvärmning", "Egen uppvärmning av bostäder och lokaler"),
    ("oljepannor", "Egen uppvärmning av bostäder och lokaler"),
    ("heating", "Egen uppvärmning av bostäder och lokaler"),
    ("uppvärmningsutsläpp", "Egen uppvärmning av bostäder och lokaler"),
    ("fjärrvärme", "El och fjärrvärme"), ("el", "El och fjärrvärme"),
    ("elproduktion", "El och fjärrvärme"), ("energiförsörjning", "El och fjärrvärme"),
    ("district heating", "El och fjärrvärme"), ("electricity", "El och fjärrvärme"),
    ("utrikes flyg", "Utrikes transporter"), ("flyg utrikes", "Utrikes transporter"),
    ("sjöfart utrikes", "Utrikes transporter"), ("internationella transporter",
                                                  "Utrikes transporter"),
    ("bunkring", "Utrikes transporter"), ("international aviation", "Utrikes transporter"),
    ("international shipping", "Utrikes transporter"),
    ("industri", "Industri (energi + processer)"), ("industrin", "Industri (energi + processer)"),
    ("industriutsläppen", "Industri (energi + processer)"),
    ("industry", "Industri (energi + processer)"),
    ("jordbruk", "Jordbruk"), ("lantbruk", "Jordbruk"), ("agriculture", "Jordbruk"),
    ("jordbrukets", "Jordbruk"),
    ("arbetsmaskiner", "Arbetsmaskiner"), ("byggmaskiner", "Arbetsmaskiner"),
    ("non-road machinery", "Arbetsmaskiner"),
    ("avfall", "Avfall (inkl.avlopp)"), ("avlopp", "Avfall (inkl.avlopp)"),
    ("waste", "Avfall (inkl.avlopp)"),
    ("produktanvändning", "Produktanvändning (inkl. lösningsmedel)"),
    ("lösningsmedel", "Produktanvändning (inkl. lösningsmedel)"),
])
def test_sector_words(text: str, sector: str) -> None:
    assert find_sector(f"utsläpp från {text} i Nacka") == sector


@pytest.mark.parametrize("text", ["elbilar i Nacka", "antal elbilar", "bilder från Nacka",
                                  "elever i skolan", "utsläpp i Nacka", "totala utsläppen"])
def test_not_sectors(text: str) -> None:
    assert find_sector(text) is None


def test_half_sector_words_are_flagged_unless_a_phrase_covers_them() -> None:
    assert find_ambiguous_sector_word("flygets utsläpp")[0] == "flygets"  # type: ignore[index]
    assert find_ambiguous_sector_word("energiutsläppen") is not None
    assert find_ambiguous_sector_word("utrikes flyget") is None
    assert find_ambiguous_sector_word("energiförsörjning") is None


# ------------------------------------------------------------------------------ years


@pytest.mark.parametrize(("text", "plain", "start", "end"), [
    ("2024", (2024,), None, None), ("år 2022", (2022,), None, None),
    ("sedan 2010", (), 2010, None), ("sedan år 2010", (), 2010, None),
    ("från 2015 till 2024", (), 2015, 2024), ("mellan 2015 och 2024", (), 2015, 2024),
    ("2015–2024", (), 2015, 2024), ("2015-2024", (), 2015, 2024),
    ("between 2010 and 2022", (), 2010, 2022), ("since 1990", (), 1990, None),
    ("2015 och 2024", (2015, 2024), None, None), ("fram till 2020", (), None, 2020),
    ("RUFS 2050", (), None, None), ("netto noll 2045", (), None, None),
    ("Klimatfärdplan 2050", (), None, None), ("målet 2045", (), None, None),
    ("senaste året", (), None, None), ("i fjol", (), None, None), ("år 2060", (2060,), None, None),
])
def test_years(text: str, plain: tuple[int, ...], start: int | None, end: int | None) -> None:
    years = read_years(text)
    assert (years.plain, years.from_year, years.to_year) == (plain, start, end)


def test_a_path_question_has_no_data_years() -> None:
    assert read_years("till 2045 från 2030", drop_targets=True).all == ()


# ------------------------------------------------------------------------------ contract


def test_exactly_one_verdict_or_none() -> None:
    for case in CASES:
        previous = query_of(case["prev"]) if "prev" in case else None
        reading = interpret(case["q"], previous)
        set_ = [x for x in (reading.request, reading.clarify, reading.refuse) if x is not None]
        assert len(set_) <= 1, case["q"]


def test_language_follows_the_question() -> None:
    sv = interpret("Hur stora var Nackas utsläpp 2024?")
    en = interpret("What were Nacka's emissions in 2024?")
    assert sv.request and sv.request.language == "sv"
    assert en.request and en.request.language == "en"
    assert "Which municipality" in (interpret("What were the emissions in 2024?").clarify or "")


def test_empty_question_is_not_a_figure_question() -> None:
    assert interpret("") == Interpretation()
    assert interpret("   ") == Interpretation()
