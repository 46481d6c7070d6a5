"""`ingest.py` subcommands: human summary, --json, and the exit codes scripts rely on. Most run
in-process (`ingest.main`, one model load); one test runs the real script in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import ingest
from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline.ingestion import write_lock

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST = {
    "id": "tiny", "title": "Liten tabell", "description": "En liten tabell för tester.",
    "source_organisation": "Test", "source_url": "", "via": "", "release": "Test 2026",
    "release_year": 2026, "unit": "t", "years": [], "level": "kommun", "key": ["kommun_code"],
    "columns": {"kommun_code": {"type": "str", "description": "Kod."},
                "value": {"type": "float", "description": "Värde."}},
    "caveats": [],
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    knowledge = tmp_path / "knowledge"
    (knowledge / "docs").mkdir(parents=True)
    (knowledge / "docs" / "laddning.md").write_text(
        "---\ntitle: Laddning\nsource_date: 2024-05-01\n---\n\n# Laddning\n\nPublika "
        "laddpunkter byggs ut längs de stora vägarna i länet.\n", encoding="utf-8")
    stats = knowledge / "statistics"
    stats.mkdir()
    (stats / "tiny.csv").write_text("kommun_code,value\n0180,1.5\n", encoding="utf-8")
    (stats / "tiny.manifest.yaml").write_text(yaml.safe_dump(MANIFEST), encoding="utf-8")
    monkeypatch.setenv("KLIMAT_KNOWLEDGE_DIR", str(knowledge))
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("KLIMAT_CHROMA_URL", raising=False)
    return Settings(knowledge_dir=knowledge, store_dir=tmp_path / "store")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = ingest.main(list(argv))
    return code, capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code, out = run(capsys, *argv, "--json")
    return code, json.loads(out)


def test_lifecycle_add_list_status_remove_verify(env: Settings, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys)  # the default command is sync, as `make run` uses it
    assert code == 0 and "2 nya" in out and "Inga fel." in out  # + the profile

    outside = tmp_path / "elsewhere" / "Rapport 2024 (slutlig).pdf"
    outside.parent.mkdir()
    outside.write_bytes((FIXTURES / "rapport.pdf").read_bytes())
    (outside.parent / f"{outside.name}.meta.yaml").write_text("title: Slutrapport\n",
                                                              encoding="utf-8")
    code, report = run_json(capsys, "add", str(outside))
    assert code == 0 and len(report["added"]) == 1
    added = report["added"][0]
    assert added.startswith("docs/uploads/") and added.endswith(".pdf") and "Rapport" not in added
    assert (env.knowledge_dir / added).read_bytes() == outside.read_bytes()

    code, rows = run_json(capsys, "list")
    by_id = {r["doc_id"]: r for r in rows}
    assert code == 0 and by_id[added]["title"] == "Slutrapport"
    assert by_id["docs/laddning.md"]["source_date"] == "2024-05-01"
    assert {r["status"] for r in rows} == {"ok"} and "statistik/tiny" in by_id
    code, out = run(capsys, "list")
    assert "Slutrapport" in out and "Inläst" in out

    code, status = run_json(capsys, "status")
    assert code == 0 and status["documents"] == 2 and status["mode"] == "embedded"
    assert [d["id"] for d in status["datasets"]] == ["tiny"]
    assert status["last_run"]["command"] == "add" and status["generation"] >= 2

    code, report = run_json(capsys, "remove", added)
    assert code == 0 and report["removed"] == [added]
    assert not (env.knowledge_dir / added).exists()
    assert not (env.knowledge_dir / f"{added}.meta.yaml").exists()

    code, out = run(capsys, "verify")
    assert code == 0 and "konsekvent" in out


def test_failures_and_problems_exit_1(env: Settings, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    run(capsys)
    code, report = run_json(capsys, "remove", "docs/finns-inte.md")
    assert code == 1 and "finns inte" in report["failures"][0]["message"]

    (env.knowledge_dir / "docs" / "laddning.md").write_text("# Ändrad\n\nNy text här.\n",
                                                            encoding="utf-8")
    code, result = run_json(capsys, "verify")
    assert code == 1 and result["ok"] is False
    assert result["problems"][0]["subject"] == "docs/laddning.md"

    (env.knowledge_dir / "docs" / "trasig.pdf").write_bytes(b"%PDF-1.4 trasig")
    code, out = run(capsys, "add", str(env.knowledge_dir / "docs"))
    assert code == 1 and "docs/trasig.pdf" in out and "1 uppdaterade" in out
    code, status = run_json(capsys, "status")
    assert [f["path"] for f in status["last_run"]["failures"]] == ["docs/trasig.pdf"]
    code, result = run_json(capsys, "verify")  # a rejected file is a warning, not an error
    assert code == 0 and result["problems"][0]["severity"] == "warning"


def test_stats_load_and_list(env: Settings, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    release = tmp_path / "tiny-2027.csv"
    release.write_text("kommun_code,value\n0180,2.5\n0182,3.5\n", encoding="utf-8")
    manifest = env.knowledge_dir / "statistics" / "tiny.manifest.yaml"
    code, report = run_json(capsys, "stats", "load", str(release), "--manifest", str(manifest))
    assert code == 0 and report["datasets"][0]["status"] == "loaded"
    assert (env.knowledge_dir / "statistics" / "tiny.csv").read_bytes() == release.read_bytes()

    bad = tmp_path / "tiny-bad.csv"
    bad.write_text("kommun_code,value\n0180,=1+1\n", encoding="utf-8")
    code, out = run(capsys, "stats", "load", str(bad), "--manifest", str(manifest))
    assert code == 1 and "inte ett tal" in out
    code, rows = run_json(capsys, "stats", "list")
    assert code == 0 and rows[0]["rows"] == 2  # the 2027 release is still the one loaded
    code, out = run(capsys, "stats", "list")
    assert "Test 2026" in out


def test_usage_errors_and_the_lock_exit_2(env: Settings,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        ingest.main(["remove"])
    assert exit_.value.code == 2
    code, _ = run(capsys, "stats", "load", "/finns/inte.csv")
    assert code == 2
    with write_lock(env):
        code, error = run_json(capsys, "add", str(env.knowledge_dir / "docs"))
    assert code == 2 and "En annan inläsning" in error["error"]


def test_the_real_script_in_a_subprocess(env: Settings) -> None:
    environment = {**os.environ, "KLIMAT_KNOWLEDGE_DIR": str(env.knowledge_dir),
                   "KLIMAT_STORE_DIR": str(env.store_dir)}
    environment.pop("KLIMAT_CHROMA_URL", None)
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "ingest.py"), "rebuild", "--json"],
                          env=environment, capture_output=True, text=True, timeout=300,
                          cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["command"] == "rebuild" and sorted(report["added"]) == [
        "docs/laddning.md", "statistik/tiny"]
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal


# ---------------------------------------------------------------- issue 11: invalid UTF-8


def _run_bytes(*argv: bytes) -> subprocess.CompletedProcess[bytes]:
    """A CLI with raw bytes in argv, as a shell passes a name that is not UTF-8."""
    return subprocess.run([sys.executable, *argv], capture_output=True, timeout=300,
                          cwd=PROJECT_ROOT, env=os.environ.copy())


@pytest.mark.parametrize("argv", [
    (b"-m", b"assistant", b"ask", b"Vad \xff\xfe \xe4r det?"),
    (b"ingest.py", b"add", b"/tmp/\xff.md"),
    (b"ingest.py", b"stats", b"load", b"/tmp/\xff.csv"),
])
def test_invalid_utf8_in_argv_is_a_swedish_error_not_a_traceback(env: Settings,
                                                                 argv: tuple[bytes, ...]) -> None:
    done = _run_bytes(*argv)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "Traceback" not in err and "UTF-8" in err
    assert "surrogate" not in err  # the detail only with --verbose
    verbose = _run_bytes(*argv, b"--verbose" if argv[0] == b"-m" else b"-v")
    detail = verbose.stderr.decode("utf-8", "replace")
    assert verbose.returncode == 2 and "Traceback" not in detail and "0xff" in detail


def test_a_file_name_that_is_not_utf8_is_refused_by_name(env: Settings) -> None:
    (env.knowledge_dir / "docs").joinpath(os.fsdecode(b"trasigt-\xff.md")).write_text(
        "# Trasigt namn\n\nText om klimatet i länet.\n", encoding="utf-8")
    done = _run_bytes(b"ingest.py", b"--json")
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1 and "Traceback" not in err, err
    report = json.loads(done.stdout)
    failure = next(f for f in report["failures"] if "trasigt" in f["path"])
    assert "UTF-8" in failure["message"]
    assert "docs/laddning.md" in report["added"]
    assert (env.store_dir / "last_run.json").is_file()


def test_a_new_unit_needs_allow_unit_change_in_stats_load_and_sync(
        env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    release = tmp_path / "tiny.csv"
    release.write_text("kommun_code,value\n0180,0.0015\n", encoding="utf-8")
    manifest = tmp_path / "tiny.manifest.yaml"
    manifest.write_text(yaml.safe_dump({**MANIFEST, "unit": "kt"}), encoding="utf-8")
    code, out = run(capsys, "stats", "load", str(release), "--manifest", str(manifest))
    assert code == 1 and "--allow-unit-change" in out and "”kt”" in out
    code, report = run_json(capsys, "stats", "load", str(release), "--manifest", str(manifest),
                            "--allow-unit-change")
    assert code == 0 and report["datasets"][0]["status"] == "loaded"

    # The same rule when a manifest in the folder changes its unit.
    folder = env.knowledge_dir / "statistics"
    (folder / "tiny.manifest.yaml").write_text(yaml.safe_dump({**MANIFEST, "unit": "Mt"}),
                                               encoding="utf-8")
    code, out = run(capsys)
    assert code == 1 and "--allow-unit-change" in out
    code, out = run(capsys, "sync", "--allow-unit-change")
    assert code == 0, out
    code, rows = run_json(capsys, "stats", "list")
    assert rows[0]["unit"] == "Mt"
