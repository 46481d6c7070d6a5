"""The admin page through streamlit.testing.v1.AppTest: real files, a real (small) store, the
real e5 model. Every test also checks that no traceback reached the page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant import auth
from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.pipeline.ingestion import Ingestor
from assistant.stores.statistics import StatisticsStore

PASSWORD = "rätt lösenord för testet"
ADMIN = "anna.admin@regionstockholm.se"
SOURCE = PROJECT_ROOT / "knowledge"
DOCS = ("klimatkansliet.md", "klimatklivet.md")
DATASET = "national_emissions"
NEW_DOC = (
    "---\ntitle: Testprojektet Blåmesen\ndoc_type: fakta\n---\n\n# Testprojektet Blåmesen\n\n"
    "Blåmesen är ett påhittat projekt där Klimatkansliet under 2031 planterar "
    "tretusen ekar längs pendeltågsstationerna i Sigtuna för att binda koldioxid.\n"
)
NEW_QUESTION = "Vad är testprojektet Blåmesen?"
TIMEOUT = 120


def _admin_script() -> None:
    from assistant.ui.admin.page import run_admin_page

    run_admin_page()


def _chat_script() -> None:
    from assistant.ui.chat import run_chat_page

    run_chat_page()


@pytest.fixture(scope="module")
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small knowledge base (two documents, one dataset) ingested once per module; each test
    works on its own copy."""
    root = tmp_path_factory.mktemp("admin-template")
    knowledge = root / "knowledge"
    (knowledge / "docs").mkdir(parents=True)
    (knowledge / "statistics").mkdir()
    for name in DOCS:
        shutil.copy(SOURCE / "docs" / name, knowledge / "docs" / name)
    for name in (f"{DATASET}.csv", f"{DATASET}.manifest.yaml"):
        shutil.copy(SOURCE / "statistics" / name, knowledge / "statistics" / name)
    settings = Settings(knowledge_dir=knowledge, store_dir=root / "store", chroma_url="")
    report = Ingestor(settings).sync()
    assert report.ok, report.failures
    return root


@pytest.fixture
def settings(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             password_hash: str) -> Iterator[Settings]:
    """The environment points the app at a fresh copy of the template, with an admin
    password configured."""
    shutil.copytree(template / "knowledge", tmp_path / "knowledge")
    shutil.copytree(template / "store", tmp_path / "store")
    monkeypatch.setenv("KLIMAT_KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.setenv(auth.PASSWORD_HASH_ENV, password_hash)
    for name in ("KLIMAT_CHROMA_URL", "KLIMAT_LLM_BASE_URL", "KLIMAT_LLM_MODEL",
                 "KLIMAT_LLM_API_KEY", auth.ADMIN_USERS_ENV, "KLIMAT_MAX_UPLOAD_MB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(auth, "FAILURE_DELAY_SECONDS", 0.0)
    auth.THROTTLE.reset()  # the process-wide login counter: each test starts with none
    st.cache_resource.clear()  # a cached assistant from another test points at another store
    yield get_settings()
    st.cache_resource.clear()
    auth.THROTTLE.reset()


def _admin() -> AppTest:
    at = AppTest.from_function(_admin_script, default_timeout=TIMEOUT)
    at.run()
    _no_traceback(at)
    return at


def _logged_in() -> AppTest:
    at = _admin()
    at.text_input[0].input(PASSWORD)
    _button(at, "Logga in").click()
    at.run()
    _no_traceback(at)
    assert at.tabs, "the admin content must be shown after the right password"
    return at


def _no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert "Traceback" not in _all_text(at)


def _all_text(at: AppTest) -> str:
    parts: list[str] = []
    for kind in ("markdown", "caption", "text", "error", "warning", "info", "success",
                 "subheader", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def _button(at: AppTest, label: str) -> Any:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def _by_label(elements: Any, label: str) -> Any:
    matches = [e for e in elements if e.label == label]
    assert matches, f"no element {label!r} in {[e.label for e in elements]}"
    return matches[0]


def _inventory_titles(at: AppTest) -> list[str]:
    frame = next(df.value for df in at.dataframe if "Titel" in df.value.columns)
    return list(frame["Titel"])


def _results(at: AppTest) -> list[dict[str, str]]:
    frame = next(df.value for df in at.dataframe if "Resultat" in df.value.columns)
    return frame.to_dict("records")


def _store_titles(settings: Settings) -> set[str]:
    return {r.title for r in Ingestor(settings).inventory()}


# ------------------------------------------------------------------------------ access


def test_not_logged_in_shows_only_the_login_form(settings: Settings) -> None:
    at = _admin()
    assert at.title[0].value == "Administration av kunskapsbasen"
    assert [t.label for t in at.text_input] == ["Administratörslösenord"]
    assert at.text_input[0].proto.type == at.text_input[0].proto.PASSWORD  # masked
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.tabs and not at.dataframe and not at.file_uploader
    assert "Klimatkansliet" not in _all_text(at)


def test_admin_is_disabled_without_a_configured_hash(settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(auth.PASSWORD_HASH_ENV)
    at = _admin()
    assert "avstängd" in at.info[0].value and "python -m assistant.auth hash" in at.info[0].value
    assert not at.text_input and not at.tabs


def test_wrong_password_is_refused_and_repeated_failures_lock_the_session(
        settings: Settings) -> None:
    at = _admin()
    at.text_input[0].input("fel lösenord")
    _button(at, "Logga in").click()
    at.run()
    _no_traceback(at)
    assert "Fel lösenord" in at.error[0].value and not at.tabs
    for _ in range(auth.MAX_FAILURES - 1):
        at.text_input[0].input("fortfarande fel")
        _button(at, "Logga in").click()
        at.run()
    _no_traceback(at)
    assert "spärrad" in at.error[0].value
    at.run()
    assert "För många felaktiga lösenord" in at.error[0].value
    assert not at.text_input, "a locked session gets no password field, not even for the right one"


def test_right_password_shows_the_inventory(settings: Settings) -> None:
    at = _logged_in()
    assert [t.label for t in at.tabs] == ["Innehåll", "Ladda upp", "Ersätt eller ta bort",
                                          "Statistik", "Senaste inläsningen", "Återkoppling"]
    titles = _inventory_titles(at)
    assert len(titles) == 2 and any(t.startswith("Klimatkansliet") for t in titles)
    datasets = next(df.value for df in at.dataframe if "Utgåva" in df.value.columns)
    assert list(datasets["Id"]) == [DATASET]
    text = _all_text(at)
    assert "**2 dokument**" in text and "på disk" in text


def test_logging_out_returns_to_the_login_form(settings: Settings) -> None:
    at = _logged_in()
    _button(at, "Logga ut").click()
    at.run()
    _no_traceback(at)
    assert not at.tabs and [t.label for t in at.text_input] == ["Administratörslösenord"]


def test_oidc_user_outside_the_allow_list_is_refused(settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(auth.ADMIN_USERS_ENV, ADMIN)
    at = AppTest.from_function(_admin_script, default_timeout=TIMEOUT)
    at.secrets["auth"] = {"client_id": "klimat", "client_secret": "x", "cookie_secret": "y",
                          "redirect_uri": "http://localhost:8501/oauth2callback",
                          "server_metadata_url": "https://login.example/.well-known/openid"}
    at.user = {"is_logged_in": False}
    at.run()
    _no_traceback(at)
    assert [b.label for b in at.button] == ["Logga in"] and not at.text_input and not at.tabs

    at.user = {"is_logged_in": True, "email": "someone.else@regionstockholm.se"}
    at.run()
    _no_traceback(at)
    assert "inte behörighet" in at.error[0].value and not at.tabs

    at.user = {"is_logged_in": True, "email": ADMIN.upper(), "email_verified": True}
    at.run()
    _no_traceback(at)
    assert at.tabs and ADMIN in _all_text(at)


# ------------------------------------------------------------------------------ writes


def test_uploaded_markdown_is_in_the_inventory_and_the_chat_finds_it(
        settings: Settings) -> None:
    chat = AppTest.from_function(_chat_script, default_timeout=TIMEOUT).run()
    chat.chat_input[0].set_value("Vad är Klimatkansliet?").run()  # the chat's store is open
    _no_traceback(chat)

    at = _logged_in()
    at.file_uploader[0].upload("blåmes projekt.md", NEW_DOC.encode(), "text/markdown")
    at.run()
    _no_traceback(at)
    # Prefilled from the front matter; the publisher is what the admin adds.
    assert _by_label(at.text_input, "Titel").value == "Testprojektet Blåmesen"
    _by_label(at.text_input, "Utgivare").input("Klimatkansliet")
    _button(at, "Läs in 1 fil(er)").click()
    at.run()
    _no_traceback(at)
    assert [(r["Fil"], r["Resultat"]) for r in _results(at)] == [("blåmes projekt.md", "Tillagd")]
    assert "Testprojektet Blåmesen" in _inventory_titles(at)
    assert not at.file_uploader[0].value, "the upload widget is cleared after the ingestion"
    uploads = list((settings.knowledge_dir / "docs" / "uploads").glob("*.md"))
    assert len(uploads) == 1 and "blåmes" not in uploads[0].name  # never the uploaded name

    chat.chat_input[0].set_value(NEW_QUESTION).run()
    _no_traceback(chat)
    answer = [m for m in chat.chat_message if m.name == "assistant"][-1]
    text = "\n".join(md.value for md in answer.markdown)
    assert "tretusen ekar" in text or "Sigtuna" in text, text
    assert any("Blåmesen" in e.label for e in chat.expander), "the new document is cited"


def test_bad_uploads_are_refused_in_swedish_and_nothing_is_written(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLIMAT_MAX_UPLOAD_MB", "1")
    before = _store_titles(settings)
    at = _logged_in()
    at.file_uploader[0].set_value([
        ("stor.md", b"# Stor\n\n" + b"text " * 300_000, "text/markdown"),
        ("tom.md", b"", "text/markdown"),
        ("bild.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
         "text/markdown"),
    ])
    at.run()
    _no_traceback(at)
    _button(at, "Läs in 3 fil(er)").click()
    at.run()
    _no_traceback(at)
    results = {r["Fil"]: r for r in _results(at)}
    assert {r["Resultat"] for r in results.values()} == {"Misslyckades"}
    assert "Största tillåtna storlek är 1 MB" in results["stor.md"]["Förklaring"]
    assert "tom" in results["tom.md"]["Förklaring"]
    assert results["bild.md"]["Förklaring"], "a binary file named .md is refused with a reason"
    assert "0 av 3" in at.error[0].value
    uploads = settings.knowledge_dir / "docs" / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
    assert _store_titles(settings) == before


def test_delete_needs_a_confirmation(settings: Settings) -> None:
    at = _logged_in()
    doc_id = "docs/klimatklivet.md"
    _by_label(at.selectbox, "Dokument att ersätta eller ta bort").set_value(doc_id)
    at.run()
    _button(at, "Ta bort dokumentet …").click()
    at.run()
    _no_traceback(at)
    assert "Vill du verkligen ta bort" in at.warning[0].value
    assert (settings.knowledge_dir / doc_id).exists(), "nothing happens before the confirmation"
    _button(at, "Avbryt").click()
    at.run()
    assert not any("Vill du verkligen" in w.value for w in at.warning)

    _by_label(at.selectbox, "Dokument att ersätta eller ta bort").set_value(doc_id)
    at.run()
    _button(at, "Ta bort dokumentet …").click()
    at.run()
    _button(at, "Ja, ta bort dokumentet").click()
    at.run()
    _no_traceback(at)
    assert [r["Resultat"] for r in _results(at)] == ["Borttagen"]
    assert not (settings.knowledge_dir / doc_id).exists()
    assert not any(t.startswith("Klimatklivet") for t in _inventory_titles(at))
    assert doc_id not in {r.doc_id for r in Ingestor(settings).inventory()}


def test_replace_keeps_the_doc_id_and_swaps_the_content(settings: Settings) -> None:
    doc_id = "docs/klimatklivet.md"
    at = _logged_in()
    _by_label(at.selectbox, "Dokument att ersätta eller ta bort").set_value(doc_id)
    at.run()
    _by_label(at.file_uploader, "Ny version av dokumentet").upload("ny.md", NEW_DOC.encode(),
                                                                   "text/markdown")
    at.run()
    _button(at, "Ersätt dokumentet").click()
    at.run()
    _no_traceback(at)
    assert [(r["Fil"], r["Resultat"]) for r in _results(at)] == [("ny.md", "Uppdaterad")]
    assert (settings.knowledge_dir / doc_id).read_text(encoding="utf-8") == NEW_DOC
    rows = {r.doc_id: r for r in Ingestor(settings).inventory()}
    assert rows[doc_id].title == "Testprojektet Blåmesen"
    assert not (settings.knowledge_dir / "docs" / "uploads").exists()


def test_replacement_of_another_type_is_refused(settings: Settings) -> None:
    doc_id = "docs/klimatklivet.md"
    before = (settings.knowledge_dir / doc_id).read_bytes()
    at = _logged_in()
    _by_label(at.selectbox, "Dokument att ersätta eller ta bort").set_value(doc_id)
    at.run()
    _by_label(at.file_uploader, "Ny version av dokumentet").upload("ny.txt", b"Ny text.",
                                                                   "text/plain")
    at.run()
    _button(at, "Ersätt dokumentet").click()
    at.run()
    _no_traceback(at)
    assert "samma filtyp" in at.error[0].value and "Ingenting har ändrats" in at.error[0].value
    assert (settings.knowledge_dir / doc_id).read_bytes() == before


def test_broken_statistics_release_is_refused_and_the_old_one_still_answers(
        settings: Settings) -> None:
    stats = StatisticsStore(settings.stats_path)
    old = next(d for d in stats.datasets() if d.id == DATASET)
    at = _logged_in()
    _by_label(at.selectbox, "Dataset").set_value(DATASET)
    at.run()
    broken = b"category,year,value\nterritorialFossilEmissions,2024,inte ett tal\n"
    _by_label(at.file_uploader, "Data (CSV eller XLSX)").upload("ny utgåva.csv", broken,
                                                               "text/csv")
    at.run()
    _button(at, "Läs in utgåvan").click()
    at.run()
    _no_traceback(at)
    result = _results(at)[0]
    assert result["Resultat"] == "Misslyckades" and result["Förklaring"]
    assert "den gamla utgåvan gäller" in at.error[0].value.lower()
    now = next(d for d in StatisticsStore(settings.stats_path).datasets() if d.id == DATASET)
    assert (now.sha256, now.rows, now.release) == (old.sha256, old.rows, old.release)

    from assistant.answer.answering import Assistant

    answer = Assistant(settings).ask("Vad är Sveriges utsläpp från markanvändning (LULUCF)?")
    assert answer.figures and all(f.release == old.release for f in answer.figures)
    last_run = next(df.value for df in at.dataframe if "Fel" in df.value.columns)
    assert len(last_run) == 1 and last_run["Fel"][0] == result["Förklaring"]


def test_new_release_with_an_uploaded_manifest_replaces_the_old_one(settings: Settings) -> None:
    folder = settings.knowledge_dir / "statistics"
    data = (folder / f"{DATASET}.csv").read_text(encoding="utf-8")
    assert ",2024,-54240000.0," in data
    manifest = (folder / f"{DATASET}.manifest.yaml").read_text(encoding="utf-8")
    manifest = manifest.replace("release: Naturvårdsverket, hämtat 2026-01-25",
                                "release: Naturvårdsverket, hämtat 2026-06-01")
    at = _logged_in()
    _by_label(at.radio, "Manifest").set_value("Ladda upp ett nytt manifest")
    at.run()
    _by_label(at.file_uploader, "Manifest (YAML)").upload("m.yaml", manifest.encode(),
                                                         "application/yaml")
    _by_label(at.file_uploader, "Data (CSV eller XLSX)").upload(
        "data.csv", data.replace(",2024,-54240000.0,", ",2024,-50000000.0,").encode(), "text/csv")
    at.run()
    _button(at, "Läs in utgåvan").click()
    at.run()
    _no_traceback(at)
    assert [r["Resultat"] for r in _results(at)] == ["Inläst"]
    info = next(d for d in StatisticsStore(settings.stats_path).datasets() if d.id == DATASET)
    assert "2026-06-01" in info.release
    assert "2026-06-01" in (folder / f"{DATASET}.manifest.yaml").read_text(encoding="utf-8")
    assert not list(folder.glob("data*")) and not list(folder.glob("m.*"))

    from assistant.answer.answering import Assistant

    answer = Assistant(settings).ask("Vad är Sveriges utsläpp från markanvändning (LULUCF)?")
    assert [f.value for f in answer.figures] == [-50_000_000.0]


def test_a_running_ingestion_is_reported_not_raised(settings: Settings) -> None:
    from assistant.pipeline.ingestion import write_lock

    at = _logged_in()
    at.file_uploader[0].upload("blåmes.md", NEW_DOC.encode(), "text/markdown")
    at.run()
    with write_lock(settings):  # as if `ingest.py` were running
        _button(at, "Läs in 1 fil(er)").click()
        at.run()
    _no_traceback(at)
    result = _results(at)[0]
    assert result["Resultat"] == "Misslyckades"
    assert "En annan inläsning" in result["Förklaring"]


def test_the_app_lists_the_admin_page(settings: Settings) -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT).run()
    _no_traceback(at)
    # AppTest keeps st.navigation's pages (private, but the only way to see them headless).
    pages = {info.get("url_pathname"): info.get("page_name")
             for info in at._registered_pages.values()}
    assert pages.get("admin") == "Administration"


def test_feedback_and_last_run_are_listed(settings: Settings) -> None:
    from assistant.models import Answer
    from assistant.stores.audit import AuditLog

    audit = AuditLog.from_settings(settings)
    answer_id = audit.record(Answer("Vad gör Klimatkansliet?", "answered", "Det stöttar [1]."))
    audit.feedback(answer_id, False, "Svaret saknade kontaktuppgifter")
    at = _logged_in()
    feedback = next(df.value for df in at.dataframe if "Omdöme" in df.value.columns)
    assert list(feedback["Omdöme"]) == ["Inte till hjälp"]
    assert list(feedback["Kommentar"]) == ["Svaret saknade kontaktuppgifter"]
    assert "**1 svar**" in _all_text(at)


# ------------------------------------------------------------------------------ issue 11


def test_the_upload_form_reads_front_matter_with_the_loaders_limits(tmp_path: Path) -> None:
    """The form's prefill parses a chosen file's front matter in the server process: an alias
    bomb (a few hundred bytes, gigabytes once walked) and oversized values get no further than
    in the loader. Run in a child with an address-space cap, so a regression cannot take the
    test process (or the machine) with it."""
    import json
    import resource
    import subprocess
    import sys

    from tests.pipeline.test_loading import LAUGHS_FRONT_MATTER

    cases = {"skratt.md": LAUGHS_FRONT_MATTER,
             "lang.md": f"---\ntitle: {'T' * 5000}\n---\n\n# Rubrik\n\nText.\n"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = ("import json, sys; from pathlib import Path\n"
            "from assistant.ui.admin.upload import file_hints\n"
            f"folder = Path({str(tmp_path)!r})\n"
            "print(json.dumps({p.name: file_hints(p.name, p.read_bytes())\n"
            "                  for p in sorted(folder.glob('*.md'))}))\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (600 * 1024 ** 2, 600 * 1024 ** 2))

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, preexec_fn=limit, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr[-1500:]
    hints = json.loads(done.stdout)
    assert hints["skratt.md"]["title"] == "Skratt"  # the heading, not the refused front matter
    assert len(hints["lang.md"]["title"]) <= 300


def test_a_new_browser_session_gets_no_new_tries(settings: Settings,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """The lockout counted in st.session_state: a new session (a new tab, a cleared cookie)
    started from zero. The count lives in the process now, and every lockout is logged."""
    at = _admin()
    for _ in range(auth.MAX_FAILURES):
        at.text_input[0].input("fel lösenord")
        _button(at, "Logga in").click()
        at.run()
    _no_traceback(at)
    assert "spärrad" in at.error[0].value
    assert any("locked" in r.getMessage() for r in caplog.records if r.name == "assistant.auth")
    fresh = _admin()  # another browser session, same process
    assert "För många felaktiga lösenord" in fresh.error[0].value
    assert not fresh.text_input


def test_a_new_unit_is_refused_unless_the_admin_confirms_it(settings: Settings) -> None:
    folder = settings.knowledge_dir / "statistics"
    data = (folder / f"{DATASET}.csv").read_text(encoding="utf-8").replace(",t CO2e\n",
                                                                          ",kt CO2e\n")
    manifest = (folder / f"{DATASET}.manifest.yaml").read_text(encoding="utf-8").replace(
        "unit: t CO2e\n", "unit: kt CO2e\n")
    assert "unit: kt CO2e" in manifest
    before = StatisticsStore(settings.stats_path).manifest(DATASET).unit

    def load(confirm: bool) -> AppTest:
        at = _logged_in()
        _by_label(at.radio, "Manifest").set_value("Ladda upp ett nytt manifest")
        at.run()
        _by_label(at.file_uploader, "Manifest (YAML)").upload("m.yaml", manifest.encode(),
                                                             "application/yaml")
        _by_label(at.file_uploader, "Data (CSV eller XLSX)").upload("data.csv", data.encode(),
                                                                   "text/csv")
        if confirm:
            _by_label(at.checkbox, "Enheten ändras avsiktligt").check()
        at.run()
        _button(at, "Läs in utgåvan").click()
        at.run()
        _no_traceback(at)
        return at

    refused = _results(load(confirm=False))[0]
    assert refused["Resultat"] == "Misslyckades" and "enhet" in refused["Förklaring"]
    assert StatisticsStore(settings.stats_path).manifest(DATASET).unit == before == "t CO2e"
    assert [r["Resultat"] for r in _results(load(confirm=True))] == ["Inläst"]
    assert StatisticsStore(settings.stats_path).manifest(DATASET).unit == "kt CO2e"


def test_the_last_run_names_every_skipped_link(settings: Settings) -> None:
    (settings.knowledge_dir / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    assert Ingestor(settings).sync().skipped_links == ["docs/passwd.txt"]
    at = _logged_in()
    links = next(df.value for df in at.dataframe if "Överhoppad länk" in df.value.columns)
    assert list(links["Överhoppad länk"]) == ["docs/passwd.txt"]
    assert any("symbolisk" in w.value for w in at.warning)
