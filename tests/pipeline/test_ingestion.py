"""Ingestion end to end: real files, real ChromaDB, real e5 model, and the `ingest.py` CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline.ingestion import IngestLocked, Ingestor, write_lock
from assistant.stores.embeddings import E5Embeddings, get_embeddings
from assistant.stores.vectors import StoreModelMismatch, VectorStore
from tests.conftest import ALL_MODES, cli_env

FIXTURES = Path(__file__).parent.parent / "fixtures"

DOCS = {
    "docs/laddning.md": "---\ntitle: Laddning\ndoc_type: fakta\n---\n\n# Laddning\n\n"
                        "Publika laddpunkter för elbilar byggs ut längs de stora vägarna.\n",
    "docs/varme.md": "---\ntitle: Värme\n---\n\n# Värme\n\nFjärrvärmen produceras främst av "
                     "biobränslen och avfall.\n\n## Villor\n\nOljepannor har fasats ut.\n",
    "docs/cykel.txt": "Regionen bygger regionala cykelstråk mellan tätorterna.\n",
}


def write_docs(root: Path, docs: dict[str, str]) -> None:
    for rel, text in docs.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    """Every ingestion test runs twice: on disk and against a real ChromaDB server."""
    write_docs(store_settings.knowledge_dir, DOCS)
    return store_settings


def ingest(settings: Settings, **kwargs):
    return Ingestor(settings, embeddings=get_embeddings(settings)).sync(**kwargs)


def open_store(settings: Settings) -> VectorStore:
    return VectorStore(settings, get_embeddings(settings))


def test_first_sync_adds_everything_and_second_embeds_nothing(settings: Settings) -> None:
    first = ingest(settings)
    assert sorted(first.added) == sorted(DOCS) and first.ok
    assert first.chunks_embedded == 4  # varme.md has two sections
    store = open_store(settings)
    assert store.count() == 4 and [r.doc_id for r in store.documents()] == sorted(DOCS)

    second = ingest(settings)
    assert second.chunks_embedded == 0 and second.added == second.updated == []
    assert sorted(second.unchanged) == sorted(DOCS)
    assert open_store(settings).count() == 4
    assert "0 nya" in second.summary() and "Inga fel." in second.summary()
    json.dumps(second.to_dict())  # serialisable for --json


def test_changed_document_replaces_exactly_its_chunks(settings: Settings) -> None:
    ingest(settings)
    store = open_store(settings)
    old = store.document("docs/varme.md")
    others = {r.doc_id: r.chunk_ids for r in store.documents() if r.doc_id != "docs/varme.md"}
    before = store.count()

    write_docs(settings.knowledge_dir, {"docs/varme.md": "# Värme\n\nBara ett stycke nu om "
                                                         "fjärrvärme i länet.\n"})
    report = ingest(settings)
    assert report.updated == ["docs/varme.md"] and report.chunks_embedded == 1
    new = store.document("docs/varme.md")
    assert store.count() - before == new.chunk_count - old.chunk_count == -1
    assert store.get_chunks(list(old.chunk_ids)) == []
    assert {r.doc_id: r.chunk_ids for r in store.documents()
            if r.doc_id != "docs/varme.md"} == others


def test_removed_file_disappears(settings: Settings) -> None:
    ingest(settings)
    ids = open_store(settings).document("docs/cykel.txt").chunk_ids
    (settings.knowledge_dir / "docs/cykel.txt").unlink()
    report = ingest(settings)
    assert report.removed == ["docs/cykel.txt"]
    store = open_store(settings)
    assert store.document("docs/cykel.txt") is None and store.get_chunks(list(ids)) == []
    assert store.count() == 3


def test_bad_files_fail_with_messages_while_the_others_ingest(settings: Settings) -> None:
    docs = settings.knowledge_dir / "docs"
    for name in ("corrupt.pdf", "binary.md", "empty.md", "encrypted.pdf"):
        (docs / name).write_bytes((FIXTURES / name).read_bytes())
    (docs / "bild.png").write_bytes(b"\x89PNG\r\n")
    report = ingest(settings)
    assert sorted(report.added) == sorted(DOCS)
    failed = {f.path: f.message for f in report.failures}
    assert set(failed) == {"docs/corrupt.pdf", "docs/binary.md", "docs/empty.md",
                           "docs/encrypted.pdf", "docs/bild.png"}
    assert "lösenord" in failed["docs/encrypted.pdf"] and "tom" in failed["docs/empty.md"]
    assert not report.ok and "5 fel" in report.summary()
    assert open_store(settings).orphans() == []


def test_a_broken_new_version_keeps_the_previous_one(settings: Settings) -> None:
    ingest(settings)
    (settings.knowledge_dir / "docs/laddning.md").write_bytes(b"\0\1\2 trasig")
    report = ingest(settings)
    assert [f.path for f in report.failures] == ["docs/laddning.md"]
    assert report.removed == []
    assert open_store(settings).document("docs/laddning.md") is not None


def test_pdf_docx_and_html_through_the_whole_pipeline(settings: Settings) -> None:
    for name in ("rapport.pdf", "klimatplan.docx", "laddinfrastruktur.html"):
        (settings.knowledge_dir / "docs" / name).write_bytes((FIXTURES / name).read_bytes())
    report = ingest(settings)
    assert report.ok and len(report.added) == 6
    store = open_store(settings)
    hit = store.search(store.embeddings.embed_query("Vilken är den största källan till "
                                                    "utsläpp i länet?"), 1)[0]
    assert hit.chunk.doc_id == "docs/rapport.pdf" and hit.chunk.page_label == "1"
    assert any("Ingen metadata" in w for w in report.warnings)


def test_sync_of_given_paths_does_not_prune(settings: Settings) -> None:
    ingest(settings)
    (settings.knowledge_dir / "docs/cykel.txt").unlink()
    path = settings.knowledge_dir / "docs/laddning.md"
    path.write_text("# Laddning\n\nNy text om laddstolpar i länet.\n", encoding="utf-8")
    report = ingest(settings, paths=[path])
    assert report.updated == ["docs/laddning.md"] and report.removed == []
    assert open_store(settings).document("docs/cykel.txt") is not None


def test_files_outside_the_knowledge_folder_are_refused(settings: Settings, tmp_path: Path
                                                         ) -> None:
    outside = tmp_path / "utanfor.md"
    outside.write_text("# Utanför\n\nText som inte ligger i kunskapsmappen.\n", encoding="utf-8")
    report = ingest(settings, paths=[outside, settings.knowledge_dir / "docs/cykel.txt"])
    assert report.added == ["docs/cykel.txt"]
    assert "utanför kunskapsmappen" in report.failures[0].message


def test_empty_knowledge_folder_does_not_wipe_the_store(settings: Settings) -> None:
    ingest(settings)
    for rel in DOCS:
        (settings.knowledge_dir / rel).unlink()
    report = ingest(settings)
    assert report.removed == [] and not report.ok
    assert "inget togs bort" in report.failures[0].message
    assert len(open_store(settings).documents()) == 3


@ALL_MODES
def test_second_writer_gets_a_clear_error(settings: Settings) -> None:
    with write_lock(settings), pytest.raises(IngestLocked) as err:
        ingest(settings)
    assert "En annan inläsning" in err.value.user_message
    assert f"pid {os.getpid()}" in err.value.detail
    assert ingest(settings).ok  # released afterwards


def test_model_change_requires_rebuild(settings: Settings) -> None:
    class RelabelledE5(E5Embeddings):
        model_id = "test/another-model"

    Ingestor(settings, embeddings=RelabelledE5()).sync()
    with pytest.raises(StoreModelMismatch) as err:
        ingest(settings)
    assert "--rebuild" in err.value.user_message
    report = ingest(settings, rebuild=True)
    assert sorted(report.added) == sorted(DOCS) and open_store(settings).count() == 4


def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "ingest.py"), *args],
                          env=cli_env(settings),
                          capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT)


@ALL_MODES
def test_cli_json_exit_codes_and_lock(settings: Settings) -> None:
    done = run_cli(settings, "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(json.loads(done.stdout)["added"]) == sorted(DOCS)

    (settings.knowledge_dir / "docs/trasig.md").write_bytes(b"\0\0\0")
    failed = run_cli(settings)
    assert failed.returncode == 1
    assert "docs/trasig.md" in failed.stdout and "0 nya" in failed.stdout

    with write_lock(settings):
        locked = run_cli(settings)
    assert locked.returncode == 2 and "En annan inläsning" in locked.stderr

    assert run_cli(settings, "--bogus").returncode == 2


# --- the life cycle API the CLI and the admin page share -------------------------------------

TINY_MANIFEST = {
    "id": "tiny", "title": "Liten tabell", "description": "En liten tabell för tester.",
    "source_organisation": "Test", "source_url": "", "via": "", "release": "Test 2026",
    "release_year": 2026, "unit": "t", "years": [], "level": "kommun", "key": ["kommun_code"],
    "columns": {"kommun_code": {"type": "str", "description": "Kod."},
                "value": {"type": "float", "description": "Värde."}},
    "caveats": [],
}


def write_statistics(settings: Settings, csv_text: str = "kommun_code,value\n0180,1.5\n",
                     release: str = "Test 2026") -> Path:
    import yaml

    folder = settings.knowledge_dir / "statistics"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.csv").write_text(csv_text, encoding="utf-8")
    manifest = folder / "tiny.manifest.yaml"
    manifest.write_text(yaml.safe_dump({**TINY_MANIFEST, "release": release}), encoding="utf-8")
    return manifest


def test_save_upload_names_files_itself_and_keeps_the_original_name(settings: Settings) -> None:
    from assistant.pipeline.uploads import save_upload

    data = (FIXTURES / "rapport.pdf").read_bytes()
    path = save_upload(settings, data, "../../etc/Min rapport.pdf",
                       {"title": "Min rapport", "topics": ["el"], "bogus": "x"})
    assert path.parent == settings.knowledge_dir / "docs" / "uploads"
    assert path.name == f"{__import__('hashlib').sha256(data).hexdigest()[:16]}.pdf"
    sidecar = path.with_name(path.name + ".meta.yaml").read_text(encoding="utf-8")
    assert "original_name: Min rapport.pdf" in sidecar and "bogus" not in sidecar
    report = ingest(settings, paths=[path])
    doc_id = f"docs/uploads/{path.name}"
    assert report.added == [doc_id] and open_store(settings).document(doc_id).title == "Min rapport"


@pytest.mark.parametrize("data, name, phrase", [
    (b"", "tom.md", "tom"),
    (b"   \n", "tom.md", "tom"),
    (b"MZ\x90\x00", "program.exe", "stöds inte"),
    (b"\0\1\2\3binary", "falsk.md", "binärdata"),
    (b"%PDF-1.4 trasig", "trasig.pdf", "skadad"),
])
def test_save_upload_refuses_bad_files_and_writes_nothing(settings: Settings, data: bytes,
                                                          name: str, phrase: str) -> None:
    from assistant.pipeline.loading import LoadError
    from assistant.pipeline.uploads import save_upload

    with pytest.raises(LoadError) as err:
        save_upload(settings, data, name, {})
    assert phrase in err.value.user_message
    uploads = settings.knowledge_dir / "docs" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_save_upload_replaces_in_place_and_refuses_a_broken_replacement(settings: Settings
                                                                        ) -> None:
    from assistant.pipeline.loading import LoadError
    from assistant.pipeline.uploads import save_upload

    ingest(settings)
    old_chunks = open_store(settings).document("docs/laddning.md").chunk_ids
    with pytest.raises(LoadError):
        save_upload(settings, b"\0\0\0", "ny.md", {"replaces": "docs/laddning.md"})
    with pytest.raises(LoadError) as err:
        save_upload(settings, b"# Ny\n\nText.\n", "ny.txt", {"replaces": "docs/laddning.md"})
    assert "samma filtyp" in err.value.user_message
    with pytest.raises(LoadError):
        save_upload(settings, b"# Ny\n\nText.\n", "ny.md", {"replaces": "../utanfor.md"})
    path = save_upload(settings, b"# Laddning\n\nHelt ny text om laddstolpar.\n",
                       "laddning-v2.md", {"title": "Laddning", "replaces": "docs/laddning.md"})
    assert path == settings.knowledge_dir / "docs" / "laddning.md"
    report = ingest(settings, paths=[path])
    assert report.updated == ["docs/laddning.md"]
    assert open_store(settings).get_chunks(list(old_chunks)) == []


def test_remove_deletes_file_sidecar_and_chunks_and_refuses_what_is_not_a_document(
        settings: Settings) -> None:
    from assistant.pipeline.ingestion import Ingestor

    write_statistics(settings)
    ingest(settings)
    sidecar = settings.knowledge_dir / "docs" / "cykel.txt.meta.yaml"
    sidecar.write_text("title: Cykel\n", encoding="utf-8")
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    generation = open_store(settings).generation()
    report = ingestor.remove(["docs/cykel.txt", "../knowledge/docs/varme.md", "statistik/tiny",
                              "/etc/passwd", "docs/finns-inte.md"])
    assert report.removed == ["docs/cykel.txt"]
    assert [f.path for f in report.failures] == ["../knowledge/docs/varme.md", "statistik/tiny",
                                                 "/etc/passwd", "docs/finns-inte.md"]
    assert not (settings.knowledge_dir / "docs" / "cykel.txt").exists() and not sidecar.exists()
    store = open_store(settings)
    assert store.document("docs/cykel.txt") is None and store.generation() == generation + 1
    assert (settings.knowledge_dir / "docs" / "varme.md").exists()

    kept = ingestor.remove(["docs/varme.md"], delete_files=False)
    assert kept.removed == ["docs/varme.md"] and (settings.knowledge_dir / "docs/varme.md").exists()
    assert {r.doc_id: r.status for r in ingestor.inventory()}["docs/varme.md"] == "new"


def test_inventory_statuses_and_verify_problems(settings: Settings) -> None:
    from assistant.pipeline.ingestion import Ingestor, last_report

    ingest(settings)
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    assert ingestor.verify().ok
    docs = settings.knowledge_dir / "docs"
    (docs / "laddning.md").write_text("# Laddning\n\nÄndrad men inte inläst.\n", encoding="utf-8")
    (docs / "cykel.txt").unlink()
    (docs / "ny.md").write_text("# Ny\n\nEn ny fil som ingen läst in.\n", encoding="utf-8")
    status = {r.doc_id: r.status for r in ingestor.inventory()}
    assert status == {"docs/laddning.md": "changed", "docs/cykel.txt": "missing",
                      "docs/ny.md": "new", "docs/varme.md": "ok"}
    store = open_store(settings)
    varme = store.document("docs/varme.md")
    store.chunks.delete(ids=[varme.chunk_ids[0]])  # damage: a chunk lost
    store.chunks.upsert(ids=["docs/gone.md:abc:0"], embeddings=[[1.0] + [0.0] * 383],
                        documents=["x"], metadatas=[{"doc_id": "docs/gone.md", "doc_sha": "abc"}])
    problems = {(p.check, p.subject) for p in ingestor.verify().errors}
    assert problems == {("chunks", "docs/varme.md"), ("orphans", "docs/gone.md"),
                        ("files", "docs/laddning.md"), ("files", "docs/cykel.txt"),
                        ("files", "docs/ny.md")}
    report = ingestor.sync()
    assert last_report(settings).to_dict() == report.to_dict()
    store.chunks.delete(ids=[varme.chunk_ids[1]] if len(varme.chunk_ids) > 1 else [])
    ingestor.sync(rebuild=True)
    assert ingestor.verify().ok


def test_load_statistics_installs_a_new_release_and_keeps_the_old_on_error(
        settings: Settings, tmp_path: Path) -> None:
    import openpyxl

    from assistant.pipeline.ingestion import Ingestor
    from assistant.stores.statistics import StatisticsStore

    manifest = write_statistics(settings)
    ingest(settings)
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    book = openpyxl.Workbook()
    for row in (["kommun_code", "value"], ["0180", 2.5], ["0182", 3.0]):
        book.active.append(row)
    book.save(tmp_path / "tiny-2027.xlsx")
    report = ingestor.load_statistics(tmp_path / "tiny-2027.xlsx", manifest)
    assert report.ok and report.datasets[0].status == "loaded"
    folder = settings.knowledge_dir / "statistics"
    assert (folder / "tiny.xlsx").is_file() and not (folder / "tiny.csv").exists()
    stats = StatisticsStore(settings.stats_path)
    assert stats.frame("tiny")["value"].tolist() == [2.5, 3.0]
    (tmp_path / "bad.csv").write_text("kommun_code,value\n0180,inte ett tal\n", encoding="utf-8")
    bad = ingestor.load_statistics(tmp_path / "bad.csv", manifest)
    assert not bad.ok and "inte ett tal" in bad.failures[0].message
    assert stats.frame("tiny")["value"].tolist() == [2.5, 3.0] and (folder / "tiny.xlsx").exists()
    assert ingest(settings).unchanged and ingestor.verify().ok


def test_server_mode_statistics_are_shared(server_settings: Settings, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Two instances with different store_dirs answer from the same release; a new release
    reaches the second one, and so does the last run's report."""
    import assistant.stores.statistics.sharing as statistics
    from assistant.pipeline.ingestion import Ingestor, last_report
    from assistant.stores.statistics.sharing import open_statistics, statistics_changed

    monkeypatch.setattr(statistics, "SHARED_PART_CHARS", 16)  # force a release into parts
    writer = server_settings
    write_docs(writer.knowledge_dir, DOCS)
    manifest = write_statistics(writer, "kommun_code,value\n0180,1.5\n0182,2.5\n0183,3.5\n")
    folder = writer.knowledge_dir / "statistics"
    (folder / "other.csv").write_text("kommun_code,value\n0180,1.0\n", encoding="utf-8")
    (folder / "other.manifest.yaml").write_text(
        manifest.read_text(encoding="utf-8").replace("id: tiny", "id: other"), encoding="utf-8")
    ingestor = Ingestor(writer, embeddings=get_embeddings(writer))
    assert ingestor.sync().ok

    reader = writer.with_(store_dir=tmp_path / "other-instance")
    cache = open_statistics(reader)
    assert [(d.id, d.sha256) for d in cache.datasets()] == \
        [(d.id, d.sha256) for d in open_statistics(writer).datasets()]
    assert cache.frame("tiny")["value"].tolist() == [1.5, 2.5, 3.5]
    assert not statistics_changed(reader, cache)

    new = tmp_path / "tiny-2027.csv"
    new.write_text("kommun_code,value\n0180,9.5\n", encoding="utf-8")
    assert ingestor.load_statistics(new, manifest).ok
    assert statistics_changed(reader, cache)
    assert open_statistics(reader).frame("tiny")["value"].tolist() == [9.5]
    assert last_report(reader).command == "stats load"
    assert ingestor.verify().ok

    (writer.knowledge_dir / "statistics" / "tiny.csv").unlink()
    report = ingestor.sync()
    assert "statistics/tiny" in report.removed and "statistik/tiny" in report.removed
    assert [d.id for d in open_statistics(reader).datasets()] == ["other"]


# --- issue 11: links are never read, outside files are streamed ------------------------------


def _all_chunk_texts(settings: Settings) -> str:
    store = open_store(settings)
    return "\n".join(c.text for c in store.get_chunks(
        [cid for r in store.documents() for cid in r.chunk_ids]))


def test_add_of_a_folder_never_copies_what_a_link_points_at(tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=tmp_path / "knowledge", store_dir=tmp_path / "store",
                        chroma_url="")
    write_docs(settings.knowledge_dir, {"docs/a.md": "# A\n\nEn text om länets klimatarbete.\n"})
    secret = tmp_path / "elsewhere" / "hemlig.md"
    write_docs(tmp_path / "elsewhere", {"hemlig.md": "# Hemlig\n\nHemligt lösenord 12345.\n"})
    source = tmp_path / "inkommande"
    write_docs(source, {"bra.md": "# Bra\n\nCykelstråken byggs ut mellan tätorterna.\n"})
    (source / "passwd.txt").symlink_to("/etc/passwd")
    (source / "hemlig.md").symlink_to(secret)
    (source / "etc").symlink_to("/etc", target_is_directory=True)

    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    report = ingestor.add([source])
    assert len(report.added) == 1 and report.ok, report.summary()
    assert sorted(Path(p).name for p in report.skipped_links) == ["etc", "hemlig.md",
                                                                  "passwd.txt"]
    assert "länk" in report.summary() and "passwd.txt" in report.summary()
    copied = [p.read_bytes() for p in (settings.knowledge_dir / "docs").rglob("*")
              if p.is_file()]
    assert not any(b"root:" in c or b"Hemligt" in c for c in copied)
    texts = _all_chunk_texts(settings)
    assert "root:" not in texts and "Hemligt" not in texts

    # The argument itself a link: refused, named, nothing copied.
    report = ingestor.add([source / "passwd.txt"])
    assert report.added == [] and not report.ok
    assert "länk" in report.failures[0].message
    assert "root:" not in _all_chunk_texts(settings)


def test_sync_names_links_in_the_knowledge_folder_and_reads_none(tmp_path: Path) -> None:
    settings = Settings(knowledge_dir=tmp_path / "knowledge", store_dir=tmp_path / "store",
                        chroma_url="")
    write_docs(settings.knowledge_dir, {"docs/a.md": "# A\n\nEn text om länets klimatarbete.\n"})
    (settings.knowledge_dir / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    (settings.knowledge_dir / "docs" / "etc").symlink_to("/etc", target_is_directory=True)
    (settings.knowledge_dir / "statistics").mkdir()
    (settings.knowledge_dir / "statistics" / "x.csv").symlink_to("/etc/passwd")

    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    report = ingestor.sync()
    assert report.added == ["docs/a.md"], report.summary()
    assert report.skipped_links == ["docs/etc", "docs/passwd.txt", "statistics/x.csv"]
    assert "root:" not in _all_chunk_texts(settings)
    # Named paths inside the folder: a link or a file under a linked folder is refused.
    report = ingestor.sync(paths=[settings.knowledge_dir / "docs" / "passwd.txt",
                                  settings.knowledge_dir / "docs" / "etc" / "hostname"])
    assert report.added == [] and len(report.failures) == 2, report.summary()
    assert all("länk" in f.message for f in report.failures)
    assert ingestor.verify().ok


def _import_bounded(knowledge: Path, path: Path) -> dict[str, str]:
    """`import_file` in a child with a 400 MB address-space cap and a 60 s bound, so that a
    regression that reads a huge file whole (or blocks on a pipe) fails instead of eating
    the shared machine."""
    import resource

    code = ("import json; from pathlib import Path\n"
            "from assistant.config import Settings\n"
            "from assistant.errors import LoadError\n"
            "from assistant.pipeline.uploads import import_file\n"
            f"s = Settings(knowledge_dir=Path({str(knowledge)!r}), max_upload_mb=1)\n"
            "try:\n"
            f"    print(json.dumps({{'saved': str(import_file(s, Path({str(path)!r})))}}))\n"
            "except LoadError as e:\n"
            "    print(json.dumps({'user_message': e.user_message}))\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 * 1024 ** 2, 400 * 1024 ** 2))

    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60, preexec_fn=limit, cwd=PROJECT_ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"import_file({path.name}) blocked for 60 s")
    assert done.returncode == 0, done.stderr[-1500:]
    return json.loads(done.stdout)


def test_import_checks_the_size_before_reading_and_refuses_special_files(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    big = tmp_path / "stor.md"
    with big.open("wb") as f:  # sparse: 2 GB on paper, nothing on disk
        f.truncate(2 * 1024 ** 3)
    assert "för stor" in _import_bounded(knowledge, big)["user_message"]
    fifo = tmp_path / "ror.md"
    os.mkfifo(fifo)  # reading it would block for ever
    assert "vanlig fil" in _import_bounded(knowledge, fifo)["user_message"]
    assert not (knowledge / "docs").exists()


# --- issue 11: statistics releases are all-or-nothing ------------------------------------------

SHIPPED_STATS = PROJECT_ROOT / "knowledge" / "statistics"


# Three municipalities of Stockholms län: a release changes three place profiles (enough to fail
# the third and roll back two) instead of the county's 26, each of which is embedded.
THREE_PLACES = ("0180,", "0182,", "0184,")


def county_statistics(settings: Settings, codes: str | tuple[str, ...] = THREE_PLACES) -> Path:
    """emissions_by_sector and population for the municipalities whose codes start with
    `codes` (the place profiles need both); returns the statistics folder."""
    folder = settings.knowledge_dir / "statistics"
    folder.mkdir(parents=True, exist_ok=True)
    for dataset in ("emissions_by_sector", "population"):
        lines = (SHIPPED_STATS / f"{dataset}.csv").read_text("utf-8").splitlines(keepends=True)
        (folder / f"{dataset}.csv").write_text(
            lines[0] + "".join(line for line in lines[1:] if line.startswith(codes)), "utf-8")
        shutil.copy(SHIPPED_STATS / f"{dataset}.manifest.yaml", folder)
    return folder


def population_release(tmp_path: Path, last_year: int) -> tuple[Path, Path]:
    """A population release that is valid on its own but ends at `last_year`."""
    import yaml

    lines = (SHIPPED_STATS / "population.csv").read_text("utf-8").splitlines(keepends=True)
    data = tmp_path / f"population-{last_year}.csv"
    data.write_text(lines[0] + "".join(line for line in lines[1:] if line.startswith(THREE_PLACES)
                                       and int(line.split(",")[2]) <= last_year), "utf-8")
    manifest = yaml.safe_load((SHIPPED_STATS / "population.manifest.yaml").read_text("utf-8"))
    manifest["years"] = {"from": 1950, "to": last_year}
    manifest["release"] = f"SCB, folkmängd 31 december (1950–{last_year})"
    path = tmp_path / f"population-{last_year}.manifest.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    return data, path


def statistics_state(settings: Settings) -> dict[str, object]:
    """Everything a release touches: the live tables, the profiles in the registry, the files
    in the statistics folder (and the shared store in server mode)."""
    from assistant.stores.statistics import StatisticsStore
    from assistant.stores.statistics.sharing import shared_statistics

    store = open_store(settings)
    state: dict[str, object] = {
        "tables": StatisticsStore(settings.statistics_location).signature(),
        "profiles": {r.doc_id: r.sha256 for r in store.documents()
                     if r.doc_id.startswith("statistik/")},
        "files": {p.name: p.read_bytes() for p in
                  sorted((settings.knowledge_dir / "statistics").iterdir())},
    }
    if settings.chroma_url and not settings.database_url:
        state["shared"] = shared_statistics(settings).signature()
    return state


def _synced_county_base(settings: Settings) -> tuple[Ingestor, dict]:
    """The documents and the county's statistics ingested: the ingestor, and the statistics'
    state to compare with after a release."""
    write_docs(settings.knowledge_dir, DOCS)
    county_statistics(settings)
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    assert ingestor.sync().ok
    return ingestor, statistics_state(settings)


def test_a_release_that_breaks_the_profiles_changes_nothing_and_is_reported(
        store_settings: Settings, tmp_path: Path) -> None:
    """A population release ending in 2020 is valid on its own, but the place profiles need
    2024 (the emissions' last year). Before: the table went live, the profiles stayed old, no
    report was written and verify was clean. Now nothing changes and the report says why."""
    from assistant.pipeline.ingestion import last_report

    settings = store_settings
    ingestor, before = _synced_county_base(settings)
    assert "statistik/kommun/0182" in before["profiles"]

    report = ingestor.load_statistics(*population_release(tmp_path, 2020))
    assert not report.ok and report.failures, report.summary()
    assert "2024" in report.failures[0].message
    assert "ingenting" in report.failures[0].message.lower()
    assert statistics_state(settings) == before
    saved = last_report(settings)
    assert saved is not None and saved.command == "stats load" and saved.failures
    verified = ingestor.verify()
    assert verified.ok, verified.summary()
    assert any(p.check == "report" and p.severity == "warning" for p in verified.problems)

    # The same release dropped into the folder: the sync refuses it the same way.
    data, manifest = population_release(tmp_path, 2020)
    folder = settings.knowledge_dir / "statistics"
    shutil.copy(data, folder / "population.csv")
    shutil.copy(manifest, folder / "population.manifest.yaml")
    report = ingestor.sync()
    assert any(f.path == "statistics/population.csv" and "2024" in f.message
               for f in report.failures), report.summary()
    after = statistics_state(settings)
    assert after["tables"] == before["tables"] and after["profiles"] == before["profiles"]
    assert ingestor.verify().ok


def test_a_failure_during_the_switch_rolls_back_what_was_switched(
        store_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vector store fails after the files, the server's copy (server mode), the table
    swap and the first profiles: all of them come back, and the report says so."""
    settings = store_settings
    ingestor, before = _synced_county_base(settings)
    data, manifest = population_release(tmp_path, 2025)
    data.write_text(data.read_text("utf-8").replace(",2024,", ",2024,1"), "utf-8")  # new numbers

    calls = {"n": 0}
    original = VectorStore.replace_document

    def failing(self: VectorStore, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(VectorStore, "replace_document", failing)
    report = ingestor.load_statistics(data, manifest)
    monkeypatch.setattr(VectorStore, "replace_document", original)
    assert calls["n"] >= 3 and not report.ok
    assert "återställd" in report.failures[0].message, report.summary()
    assert statistics_state(settings) == before
    assert ingestor.verify().ok
    assert ingestor.load_statistics(data, manifest).ok  # the same release goes in afterwards
    assert statistics_state(settings)["tables"] != before["tables"]
    assert ingestor.verify().ok


def test_a_new_unit_needs_allow_unit_change(tmp_path: Path) -> None:
    import yaml

    settings = Settings(knowledge_dir=tmp_path / "knowledge", store_dir=tmp_path / "store",
                        chroma_url="")
    write_docs(settings.knowledge_dir, DOCS)
    manifest = write_statistics(settings)
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    assert ingestor.sync().ok
    changed = tmp_path / "tiny.manifest.yaml"
    changed.write_text(yaml.safe_dump({**TINY_MANIFEST, "unit": "kt"}), "utf-8")
    data = tmp_path / "tiny.csv"
    data.write_text("kommun_code,value\n0180,0.0015\n", "utf-8")

    report = ingestor.load_statistics(data, changed)
    assert not report.ok and "--allow-unit-change" in report.failures[0].message
    assert "”t”" in report.failures[0].message and "”kt”" in report.failures[0].message
    assert yaml.safe_load(manifest.read_text("utf-8"))["unit"] == "t"
    report = ingestor.load_statistics(data, changed, allow_unit_change=True)
    assert report.ok, report.summary()
    from assistant.stores.statistics import StatisticsStore

    assert StatisticsStore(settings.stats_path).manifest("tiny").unit == "kt"


def test_verify_sees_statistics_that_disagree_with_their_profiles(tmp_path: Path) -> None:
    """The state the old code left behind (a table swapped under stale profiles) is an error in
    verify, and so is a live release that is not the one the last report says it loaded."""
    from assistant.pipeline.datasets import read_release
    from assistant.stores.statistics import StatisticsStore

    settings = Settings(knowledge_dir=tmp_path / "knowledge", store_dir=tmp_path / "store",
                        chroma_url="")
    write_docs(settings.knowledge_dir, DOCS)
    county_statistics(settings)
    ingestor = Ingestor(settings, embeddings=get_embeddings(settings))
    assert ingestor.sync().ok and ingestor.verify().ok
    data, manifest = population_release(tmp_path, 2025)
    data.write_text(data.read_text("utf-8").replace(",2024,", ",2024,1"), "utf-8")
    StatisticsStore(settings.stats_path).load_release(read_release(data, manifest,
                                                                    check_name=False))
    problems = {p.check for p in ingestor.verify().errors}
    assert {"profiles", "report"} <= problems, ingestor.verify().summary()
