"""The statistics store: loading, validation against the manifest, atomic replacement, frames and
profiles. Small datasets are written to tmp_path; the real ones come from knowledge/statistics."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import assistant.pipeline.datasets as datasets
import assistant.stores.statistics as stats_api
import assistant.stores.statistics.sharing as sharing
import assistant.stores.statistics.store as statistics_store
from assistant import text
from assistant.pipeline.datasets import load_dataset, load_directory
from assistant.pipeline.profiles import profiles as profiles_of
from assistant.stores.statistics import (
    Manifest,
    StatisticsError,
    StatisticsStore,
    Table,
    unit_changes,
)

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge" / "statistics"

MANIFEST = {
    "id": "tiny",
    "title": "Liten testtabell",
    "description": "En liten tabell för tester. Den har två kommuner.",
    "source_organisation": "Testmyndigheten",
    "source_url": "",
    "via": "",
    "release": "Test 2026",
    "release_year": 2026,
    "unit": "t CO2e",
    "years": [2023, 2024],
    "level": "kommun",
    "key": ["kommun_code", "year"],
    "columns": {
        "kommun_code": {"type": "str", "description": "Kommunkod.", "required": True},
        "kommun": {"type": "str", "description": "Namn.", "required": True},
        "year": {"type": "int", "description": "År.", "required": True},
        "value": {"type": "float", "description": "Värde.", "required": True},
        "note": {"type": "str", "description": "Kommentar.", "required": False},
    },
    "caveats": ["Bara för test."],
}
GOOD = ("kommun_code,kommun,year,value,note\n"
        "0114,Upplands Väsby,2024,1.5,\n"
        "0182,Nacka,2024,121152.559,ok\n")


def write(folder: Path, csv_text: str | bytes, manifest: dict | None = None) -> tuple[Path, Path]:
    csv_path = folder / "tiny.csv"
    data = csv_text if isinstance(csv_text, bytes) else csv_text.encode("utf-8")
    csv_path.write_bytes(data)
    manifest_path = folder / "tiny.manifest.yaml"
    manifest_path.write_text(yaml.safe_dump(manifest or MANIFEST, allow_unicode=True),
                             encoding="utf-8")
    return csv_path, manifest_path


@pytest.fixture
def store(tmp_path: Path, database_url: str) -> StatisticsStore:
    """The store on SQLite and on PostgreSQL (a database of the test's own)."""
    return StatisticsStore(database_url or tmp_path / "store" / "statistics.sqlite")


@pytest.fixture
def loaded(store: StatisticsStore, tmp_path: Path) -> StatisticsStore:
    result = load_dataset(store, *write(tmp_path, GOOD))
    assert result.status == "loaded"
    return store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def real_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[StatisticsStore]:
    """The shipped release, loaded once per module into SQLite and once into PostgreSQL."""
    cluster = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    url = cluster.new_database() if cluster else ""
    store = StatisticsStore(url or tmp_path_factory.mktemp("stats") / "statistics.sqlite")
    results = load_directory(store, KNOWLEDGE)
    assert [r.status for r in results] == ["loaded"] * len(results), results
    yield store
    if cluster:
        cluster.drop_database(url)


# ---------------------------------------------------------------- loading


def test_load_then_unchanged(store: StatisticsStore, tmp_path: Path) -> None:
    paths = write(tmp_path, GOOD)
    first = load_dataset(store, *paths)
    second = load_dataset(store, *paths)
    assert (first.status, first.rows) == ("loaded", 2)
    assert (second.status, second.rows) == ("unchanged", 2)
    info = store.datasets()[0]
    assert (info.id, info.title, info.release, info.rows) == ("tiny", "Liten testtabell",
                                                              "Test 2026", 2)
    assert len(info.sha256) == 64


def test_new_data_replaces_old_release(loaded: StatisticsStore, tmp_path: Path) -> None:
    result = load_dataset(loaded, *write(tmp_path, GOOD.replace("1.5", "2.5")))
    assert result.status == "loaded"
    assert loaded.frame("tiny")["value"].tolist() == [2.5, 121152.559]


def test_frame_types_keep_leading_zeros(loaded: StatisticsStore) -> None:
    df = loaded.frame("tiny")
    assert df["kommun_code"].tolist() == ["0114", "0182"]
    assert str(df["kommun_code"].dtype) == "str"
    assert df["year"].dtype == "int64"
    assert df["value"].dtype == "float64"
    assert df["note"].isna().tolist() == [True, False]


def test_frame_is_a_copy(loaded: StatisticsStore) -> None:
    df = loaded.frame("tiny")
    df.loc[0, "value"] = -1.0
    df["kommun"] = "x"
    assert loaded.frame("tiny").loc[0, "value"] == 1.5


def test_real_frames(real_store: StatisticsStore) -> None:
    plans = real_store.frame("climate_plans")
    assert str(plans["climate_plan_year_adopted"].dtype) == "Int64"
    emissions = real_store.frame("emissions_by_sector")
    assert len(emissions) == 29000
    assert emissions["kommun_code"].iloc[0] == "0114"
    county = real_store.frame("emissions_by_sector_county")
    assert sorted(county["lan_code"].unique())[:2] == ["00", "01"]
    assert len(real_store.datasets()) == 12


def test_frame_from_several_threads(real_store: StatisticsStore) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        sizes = list(pool.map(lambda _: len(real_store.frame("population")), range(12)))
    assert sizes == [22040] * 12


def test_manifest_roundtrip(real_store: StatisticsStore) -> None:
    m = real_store.manifest("emissions_by_sector")
    assert m.release == "SMHI 2026 (senaste år 2024)"
    assert m.years == (1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024)
    assert m.key == ("kommun_code", "year", "sector")
    assert m.columns["kommun_code"].type == "str"
    assert m.source_label() == "SMHI, Nationella emissionsdatabasen (via Klimatkollen)"
    population = real_store.manifest("population")
    assert population.years[0] == 1950 and population.years[-1] == 2025


def test_every_shipped_manifest_is_valid() -> None:
    for path in sorted(KNOWLEDGE.glob("*.manifest.yaml")):
        manifest = Manifest.from_file(path)
        assert (KNOWLEDGE / f"{manifest.id}.csv").exists()
        assert 2 <= len(text.split_sentences(manifest.description)) <= 4, manifest.id


def test_remove(loaded: StatisticsStore) -> None:
    loaded.remove("tiny")
    assert loaded.datasets() == []
    with pytest.raises(StatisticsError, match="inte inläst"):
        loaded.frame("tiny")


# ---------------------------------------------------------------- validation failures


def assert_old_release_kept(store: StatisticsStore) -> None:
    assert store.frame("tiny")["value"].tolist() == [1.5, 121152.559]
    assert store.datasets()[0].rows == 2


@pytest.mark.parametrize(("csv_text", "message"), [
    ("kommun_code,kommun,year,value\n0182,Nacka,2024,1\n", "saknade kolumner: note"),
    ("kommun_code,kommun,year,value,note,extra\n0182,Nacka,2024,1,,x\n",
     "okända kolumner: extra"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,1,\n0114,Väsby,tjugo,2,\n",
     "rad 3, kolumn year: ”tjugo” är inte ett heltal"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,\"1,5\",\n",
     "rad 2, kolumn value: ”1,5” är inte ett tal"),
    ("kommun_code,kommun,year,value,note\n0182,,2024,1,\n",
     "rad 2, kolumn kommun: värde saknas"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,1,\n0182,Nacka,2024,2,\n",
     "rad 3: nyckeln (kommun_code=0182, year=2024) finns redan på rad 2"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,1,=HYPERLINK(\"x\")\n",
     "rad 2, kolumn note: texten ”=HYPERLINK(\"x\")” börjar med ="),
    ("kommun_code,kommun,year,value,note\n0182,@Nacka,2024,1,\n", "kolumn kommun"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,1\n", "rad 2: 4 fält"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2019,1,\n",
     "året 2019 finns inte bland manifestets år"),
    ("", "är tom"),
    ("kommun_code,kommun,year,value,note\n", "inga datarader"),
    ("kommun_code,kommun,year,value,note\n0182,Nacka,2024,nan,\n", "inte ett ändligt tal"),
])
def test_invalid_csv_is_rejected_and_old_release_kept(
        loaded: StatisticsStore, tmp_path: Path, csv_text: str, message: str) -> None:
    with pytest.raises(StatisticsError) as info:
        load_dataset(loaded, *write(tmp_path, csv_text))
    assert message in info.value.user_message
    assert "tiny.csv" in info.value.user_message
    assert_old_release_kept(loaded)


def test_bad_encoding_names_the_line(loaded: StatisticsStore, tmp_path: Path) -> None:
    latin1 = "kommun_code,kommun,year,value,note\n0114,Upplands Väsby,2024,1,\n".encode("latin-1")
    with pytest.raises(StatisticsError) as info:
        load_dataset(loaded, *write(tmp_path, latin1))
    assert "inte UTF-8: ogiltig byte på rad 2" in info.value.user_message
    assert_old_release_kept(loaded)


def test_utf8_bom_is_accepted(store: StatisticsStore, tmp_path: Path) -> None:
    result = load_dataset(store, *write(tmp_path, "\ufeff" + GOOD))
    assert result.status == "loaded"


def test_negative_numbers_are_not_formulas(store: StatisticsStore, tmp_path: Path) -> None:
    result = load_dataset(store, *write(tmp_path, GOOD.replace("1.5", "-54240000.0")))
    assert result.status == "loaded"


def test_failure_inside_the_transaction_rolls_back(loaded: StatisticsStore, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash half-way through writing (here: a malformed row reaching SQLite) leaves the old
    table and manifest row untouched."""
    def broken(data: bytes, manifest: Manifest, name: str) -> Table:
        header = ("kommun_code", "kommun", "year", "value", "note")
        return Table(header, [("0182", "Nacka", 2024, 9.0, None), ("0114", "Väsby")])

    monkeypatch.setattr(statistics_store, "read_and_validate", broken)
    with pytest.raises(Exception):  # noqa: B017 - sqlite3.ProgrammingError, any is fine here
        load_dataset(loaded, *write(tmp_path, GOOD.replace("1.5", "7.5")))
    assert_old_release_kept(loaded)


def test_manifest_id_must_match_file_name(store: StatisticsStore, tmp_path: Path) -> None:
    with pytest.raises(StatisticsError, match="id ska vara filnamnet"):
        load_dataset(store, *write(tmp_path, GOOD, {**MANIFEST, "id": "other"}))


@pytest.mark.parametrize(("change", "message"), [
    ({"level": "stad"}, "level måste vara en av"),
    ({"key": ["kommun_code", "missing"]}, "okända: missing"),
    ({"key": ["note"]}, "nyckelkolumnerna note måste vara required"),
    ({"release_year": "2026"}, "release_year måste vara ett heltal"),
    ({"years": "alla"}, "years måste vara en lista"),
    ({"columns": {"a": {"type": "date", "description": "x"}}}, "type str, int eller float"),
    ({"title": ""}, "title måste vara en icke-tom text"),
])
def test_invalid_manifest(store: StatisticsStore, tmp_path: Path, change: dict,
                          message: str) -> None:
    with pytest.raises(StatisticsError, match=message):
        load_dataset(store, *write(tmp_path, GOOD, {**MANIFEST, **change}))


def test_missing_manifest_field(store: StatisticsStore, tmp_path: Path) -> None:
    manifest = {k: v for k, v in MANIFEST.items() if k != "release"}
    with pytest.raises(StatisticsError, match="fälten release saknas"):
        load_dataset(store, *write(tmp_path, GOOD, manifest))


def test_load_directory_continues_after_a_failure(store: StatisticsStore,
                                                  tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder, GOOD)
    for name in ("climate_plans", "ev_charging_2025"):
        shutil.copy(KNOWLEDGE / f"{name}.csv", folder)
        shutil.copy(KNOWLEDGE / f"{name}.manifest.yaml", folder)
    (folder / "climate_plans.csv").write_bytes(b"\xff\xfe broken")
    (folder / "orphan.csv").write_text("a\n1\n", encoding="utf-8")
    results = {r.dataset_id: r for r in load_directory(store, folder)}
    assert {k: r.status for k, r in results.items()} == {
        "climate_plans": "failed", "ev_charging_2025": "loaded", "orphan": "failed",
        "tiny": "loaded"}
    assert "inte UTF-8" in results["climate_plans"].message
    assert "manifest saknas" in results["orphan"].message


# ---------------------------------------------------------------- profiles


def test_profiles_are_deterministic_and_complete(real_store: StatisticsStore) -> None:
    first, second = profiles_of(real_store), profiles_of(real_store)
    assert [(d.doc_id, d.sha256) for d in first] == [(d.doc_id, d.sha256) for d in second]
    ids = [d.doc_id for d in first]
    assert len(ids) == 12 + 26 + 1
    assert "statistik/emissions_by_sector" in ids and "statistik/kommun/0182" in ids
    assert "statistik/kommun/01" in ids


def test_dataset_profile_text(real_store: StatisticsStore) -> None:
    doc = next(d for d in profiles_of(real_store) if d.doc_id == "statistik/emissions_by_sector")
    assert doc.meta.doc_type == "statistikbeskrivning"
    assert "Publicering: SMHI 2026 (senaste år 2024)." in doc.text
    assert real_store.manifest("emissions_by_sector").description in doc.text
    assert "Utrikes transporter" in doc.text  # the caveats are part of the profile


def test_kommun_profile_numbers(real_store: StatisticsStore) -> None:
    profiles = {d.doc_id: d for d in profiles_of(real_store)}
    nacka = profiles["statistik/kommun/0182"]
    assert nacka.meta.kommun == "Nacka"
    assert "2024: 121 153 t CO2e" in nacka.text
    assert "1,08 t CO2e/inv" in nacka.text  # 121 152.559 / 112 112
    assert "Största sektor 2024: Transporter" in nacka.text
    assert "Klimat- och miljöprogram 2025-2040, antagen 2025" in nacka.text
    county = profiles["statistik/kommun/01"]
    assert county.meta.kommun == "Stockholms län"
    assert "3 985 334 t CO2e" in county.text and "2 473 307 invånare" in county.text
    assert "−45,3 %" in county.text  # (3 985 334.33 − 7 280 958.47) / 7 280 958.47
    sigtuna = profiles["statistik/kommun/0191"]
    assert "Utrikes transporter med 104 160 t CO2e" in sigtuna.text


def test_profile_sha_follows_the_text(real_store: StatisticsStore) -> None:
    import hashlib

    doc = profiles_of(real_store)[0]
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_frame_after_external_reload(loaded: StatisticsStore, tmp_path: Path) -> None:
    """A second store object (another process) replaces the data; the cache notices."""
    other = StatisticsStore(loaded.location)
    assert isinstance(loaded.frame("tiny"), pd.DataFrame)
    load_dataset(other, *write(tmp_path, GOOD.replace("1.5", "3.5")))
    assert loaded.frame("tiny")["value"].tolist() == [3.5, 121152.559]


# ---------------------------------------------------------------- XLSX and the shared store


def test_xlsx_release_is_validated_like_csv(store: StatisticsStore, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for row in (["kommun_code", "kommun", "year", "value", "note"],
                ["0114", "Upplands Väsby", 2024.0, 1.5, None],
                ["0182", "Nacka", 2024, 121152.559, "ok"]):
        book.active.append(row)
    book.save(tmp_path / "tiny.xlsx")
    _, manifest = write(tmp_path, GOOD)
    (tmp_path / "tiny.csv").unlink()
    result = load_dataset(store, tmp_path / "tiny.xlsx", manifest)
    assert result.status == "loaded" and result.rows == 2
    frame = store.frame("tiny")
    assert frame["year"].tolist() == [2024, 2024] and frame["kommun_code"].tolist() == ["0114",
                                                                                       "0182"]
    # The same figures as CSV are the same release: the identity is the normalised text.
    csv_store = StatisticsStore(tmp_path / "csv.sqlite")
    load_dataset(csv_store, *write(tmp_path, GOOD))
    assert csv_store.signature() == store.signature()


class FakeShared(sharing.SharedStatistics):
    """The shared store's logic on a dict instead of a chroma collection."""

    def __init__(self) -> None:
        self.releases: dict[str, stats_api.Release] = {}

    def signature(self) -> dict[str, str]:
        return {k: r.sha256 for k, r in self.releases.items()}

    def publish(self, release: stats_api.Release) -> None:
        self.releases[release.manifest.id] = release

    def remove(self, dataset_id: str) -> None:
        self.releases.pop(dataset_id, None)

    def fetch(self, dataset_id: str) -> stats_api.Release | None:
        return self.releases.get(dataset_id)


def test_materialise_follows_the_shared_store_and_never_goes_back(tmp_path: Path) -> None:
    shared = FakeShared()
    writer = StatisticsStore(tmp_path / "writer.sqlite")
    datasets.load_one(writer, *write(tmp_path, GOOD), shared)
    cache = StatisticsStore(tmp_path / "cache.sqlite")
    assert shared.materialise(cache) == ["tiny"] and cache.signature() == writer.signature()
    assert shared.materialise(cache) == []

    newer = datasets.read_release(*write(tmp_path, GOOD.replace("1.5", "2.5")))
    older = shared.releases["tiny"]
    datasets.load_one(cache, *write(tmp_path, GOOD.replace("1.5", "2.5")))
    # A refresh that read the old shared release must not overwrite the newer local one:
    table = stats_api.read_and_validate(older.csv, older.manifest, "tiny.csv")
    assert not cache.install(older.manifest, older.manifest_text, table, older.sha256,
                              expect=older.sha256)
    assert cache.signature()["tiny"] == newer.sha256

    shared.remove("tiny")
    assert shared.materialise(cache) == ["tiny"] and cache.datasets() == []


# ---------------------------------------------------------------- issue 11: links


def test_a_linked_data_file_or_manifest_is_never_read(store: StatisticsStore,
                                                      tmp_path: Path) -> None:
    csv_path, manifest_path = write(tmp_path, GOOD)
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "tiny.csv").symlink_to(csv_path)
    (folder / "tiny.manifest.yaml").symlink_to(manifest_path)
    assert datasets.data_files(folder) == []
    for data, manifest in ((folder / "tiny.csv", manifest_path),
                           (csv_path, folder / "tiny.manifest.yaml")):
        with pytest.raises(StatisticsError) as err:
            datasets.read_release(data, manifest)
        assert "länk" in err.value.user_message
    assert store.datasets() == []


def test_a_manifest_with_yaml_aliases_is_refused_without_expanding(tmp_path: Path) -> None:
    """`licence: *bomb` went through str(): a few hundred bytes became gigabytes."""
    import json
    import resource
    import subprocess
    import sys

    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{c}: &{c} [{','.join(f'*{p}' for _ in range(9))}]"
               for p, c in zip("abcdefg", "bcdefgh", strict=True)]
    text = yaml.safe_dump({**MANIFEST}, allow_unicode=True) + "\n".join(levels) + "\n"
    text = text.replace("licence", "x-licence") + "licence: *h\n"
    _, manifest_path = write(tmp_path, GOOD)
    manifest_path.write_text(text, encoding="utf-8")
    code = ("import json; from pathlib import Path\n"
            "from assistant.stores.statistics import Manifest, StatisticsError\n"
            "try:\n"
            f"    Manifest.from_file(Path({str(manifest_path)!r}))\n"
            "    print(json.dumps({'loaded': True}))\n"
            "except StatisticsError as e:\n"
            "    print(json.dumps({'user_message': e.user_message, 'detail': e.detail}))\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 * 1024 ** 2, 400 * 1024 ** 2))

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, preexec_fn=limit, cwd=KNOWLEDGE.parent.parent)
    assert done.returncode == 0, done.stderr[-1500:]
    result = json.loads(done.stdout)
    assert "alias" in result["detail"] or "anchor" in result["detail"], result


# ---------------------------------------------------------------- issue 11: plausibility


def _with_units(**changes: Any) -> dict:
    columns = {**MANIFEST["columns"],
               "value": {"type": "float", "description": "Utsläpp.", "unit": "t CO2e",
                         "required": True}}
    return {**MANIFEST, "columns": columns, **changes}


@pytest.mark.parametrize("csv_text, manifest, words", [
    (GOOD.replace("121152.559", "-3.5"), _with_units(), ["negativ", "rad 3", "value"]),
    (GOOD.replace("0182,Nacka", "0199,Påhittad"), _with_units(), ["okänd kommunkod", "0199"]),
    (GOOD, _with_units(years=[2023, 2099]), ["2099", "release_year"]),
    ("kommun_code,kommun,year,value,note\n0114,Upplands Väsby,2024,0,\n",
     {**MANIFEST, "columns": {**MANIFEST["columns"], "value": {
         "type": "int", "description": "Folkmängd.", "unit": "invånare"}}},
     ["folkmängd", "0"]),
])
def test_implausible_releases_are_refused(store: StatisticsStore, tmp_path: Path,
                                          csv_text: str, manifest: dict,
                                          words: list[str]) -> None:
    with pytest.raises(StatisticsError) as err:
        load_dataset(store, *write(tmp_path, csv_text, manifest))
    for word in words:
        assert word in err.value.user_message, err.value.user_message
    assert store.datasets() == []


NATIONAL = {**MANIFEST, "level": "riket", "key": ["category", "year"], "columns": {
    "category": {"type": "str", "description": "Kategori."},
    "year": {"type": "int", "description": "År."},
    "value": {"type": "float", "description": "Värde.", "unit": "se kolumnen unit"},
    "unit": {"type": "str", "description": "Enhet för raden."}}}
NATIONAL_CSV = ("category,year,value,unit\nterritorial,2024,47490000.0,t CO2e\n"
                "lulucf,2024,-41000000.0,t CO2\n")


def test_negative_emissions_need_a_lulucf_declaration(store: StatisticsStore,
                                                      tmp_path: Path) -> None:
    """A row's own unit column counts too; a dataset that includes land use (LULUCF) declares
    it in the manifest, and only then may its emissions be negative."""
    with pytest.raises(StatisticsError) as err:
        load_dataset(store, *write(tmp_path, NATIONAL_CSV, NATIONAL))
    assert "negativ" in err.value.user_message and "lulucf" in err.value.user_message
    assert load_dataset(store, *write(tmp_path, NATIONAL_CSV, {**NATIONAL, "lulucf": True})
                              ).status == "loaded"
    with pytest.raises(StatisticsError):
        Manifest.from_dict({**NATIONAL, "lulucf": "ja"})


def test_the_unit_is_validated_and_a_change_is_detected() -> None:
    with pytest.raises(StatisticsError) as err:
        Manifest.from_dict({**MANIFEST, "unit": "t CO2e <img src=x onerror=alert(1)>"})
    assert "unit" in err.value.user_message
    old, new = Manifest.from_dict(_with_units()), Manifest.from_dict(_with_units(unit="kt CO2e"))
    assert unit_changes(old, old) == []
    changes = unit_changes(old, new)
    assert changes and "t CO2e" in changes[0] and "kt CO2e" in changes[0]
    column = Manifest.from_dict({**_with_units(), "columns": {
        **_with_units()["columns"], "value": {"type": "float", "description": "x",
                                              "unit": "Mt CO2e"}}})
    assert any("value" in c for c in unit_changes(old, column))
