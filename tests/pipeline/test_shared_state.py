"""Several instances, one truth (issue 13): app instances and writers on different "hosts" (each
a process with a store folder of its own) sharing one chroma server and one PostgreSQL.

- two app instances: a question on each lands in one audit table, feedback given on one is
  listed by the other, a release loaded through one is used by the other on its next question;
- two `ingest.py` writers: the second gets the lock error naming the holder; the holder killed
  with -9 releases the lock (PostgreSQL ends its session) and a re-run is clean;
- PostgreSQL stopped in the middle of a release: a clear error, nothing half-written, and the
  next run after the restart is clean.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.answer.answering import Assistant
from assistant.config import PROJECT_ROOT, Settings
from assistant.pipeline.ingestion import Ingestor, last_report
from assistant.stores.audit import AuditLog
from assistant.stores.database import DatabaseUnavailable
from assistant.stores.embeddings import get_embeddings
from tests.conftest import PostgresCluster, cli_env
from tests.pipeline.test_ingestion import (
    DOCS,
    TINY_MANIFEST,
    county_statistics,
    run_cli,
    statistics_state,
    write_docs,
    write_statistics,
)
from tests.pipeline.test_reliability_concurrency import write_corpus

QUESTION = "Hur stora var Nackas utsläpp per invånare 2024?"  # reads the population
NACKA_2024 = 112112  # knowledge/statistics/population.csv


@pytest.fixture
def shared(server_settings: Settings, postgres_url: str) -> Settings:
    """The chroma server and a PostgreSQL database of this test's own; three documents."""
    settings = server_settings.with_(database_url=postgres_url)
    write_docs(settings.knowledge_dir, DOCS)
    return settings


def ingest(settings: Settings, **kwargs: Any) -> Any:
    return Ingestor(settings, embeddings=get_embeddings(settings), **kwargs)


def tiny_release(tmp_path: Path, value: float) -> tuple[Path, Path]:
    import yaml

    data, manifest = tmp_path / f"tiny-{value}.csv", tmp_path / f"tiny-{value}.manifest.yaml"
    data.write_text(f"kommun_code,value\n0180,{value}\n", "utf-8")
    manifest.write_text(yaml.safe_dump({**TINY_MANIFEST, "release": f"Test {value}"}), "utf-8")
    return data, manifest


class Instance:
    """tests/pipeline/instance.py in a process of its own: one app instance."""

    def __init__(self, settings: Settings) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.pipeline.instance"], cwd=PROJECT_ROOT,
            env={**cli_env(settings), "PYTHONUNBUFFERED": "1"}, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.reply() == {"ready": True}

    def reply(self) -> Any:
        line = self.proc.stdout.readline()
        assert line, f"the instance exited with {self.proc.wait()}"
        return json.loads(line)

    def __call__(self, op: str, **args: Any) -> Any:
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        return self.reply()

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def instances(shared: Settings, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    """Two instances on two "hosts": the same servers, a store folder each, and a base with
    Nacka's statistics."""
    county_statistics(shared, codes="0182,")  # Nacka only: one place profile, not 26
    assert ingest(shared).sync().ok
    one = Instance(shared.with_(store_dir=tmp_path / "host-a"))
    try:
        other = Instance(shared.with_(store_dir=tmp_path / "host-b"))
    except BaseException:
        one.close()
        raise
    yield one, other
    one.close()
    other.close()


def population(answer: dict[str, Any]) -> list[float]:
    """Nacka's population in 2024 as the answer's figures state it."""
    return [f["value"] for f in answer["figures"] if f["label"].startswith("Folkmängd")
            and f["kommun"] == "Nacka" and f["year"] == 2024]


def test_two_instances_share_the_audit_log_the_feedback_and_the_releases(
        shared: Settings, instances: tuple[Instance, Instance], tmp_path: Path) -> None:
    one, other = instances
    first, second = one("ask", question=QUESTION), other("ask", question=QUESTION)
    assert population(first) == population(second) == [NACKA_2024], (first, second)
    log = AuditLog(shared.database_url)
    assert log.answer(first["id"]) is not None and log.answer(second["id"]) is not None
    assert log.stats().answers == 2

    assert one("feedback", id=first["id"], helpful=False, comment="stämmer det?") == {"ok": True}
    assert other("recent_feedback") == [[first["id"], False, "stämmer det?"]]

    data, manifest = tmp_path / "population.csv", tmp_path / "population.manifest.yaml"
    folder = shared.knowledge_dir / "statistics"
    data.write_text((folder / "population.csv").read_text("utf-8").replace(
        f"Nacka,2024,{NACKA_2024}", "Nacka,2024,120000"), "utf-8")
    shutil.copy(folder / "population.manifest.yaml", manifest)
    loaded = one("load", data=str(data), manifest=str(manifest))
    assert loaded["ok"], loaded["summary"]
    assert population(other("ask", question=QUESTION)) == [120000]
    assert population(one("ask", question=QUESTION)) == [120000]


def test_a_second_host_gets_the_lock_error_and_a_killed_holder_releases_it(
        shared: Settings, ingest_process: Any, tmp_path: Path) -> None:
    write_corpus(shared.knowledge_dir, 60, version=1, probes=0)
    holder = ingest_process(shared.with_(store_dir=tmp_path / "host-a"))
    assert holder.wait_for(0.1, timeout=300) and holder.proc.poll() is None, holder.output
    second_host = shared.with_(store_dir=tmp_path / "host-b")
    refused = run_cli(second_host)
    assert refused.returncode == 2, refused.stderr
    assert "En annan inläsning" in refused.stderr and f"pid {holder.pid}" in refused.stderr

    holder.kill()  # SIGKILL: its connection goes, and PostgreSQL ends the session and its lock
    done = run_cli(second_host, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["failures"] == []
    verified = ingest(second_host).verify()
    assert verified.ok, verified.summary()


def test_postgresql_stopped_in_the_middle_of_a_release(shared: Settings, postgres: PostgresCluster,
                                                       tmp_path: Path) -> None:
    """The server goes away while the release's profiles are embedded: the switch fails with
    the database's Swedish message and undoes the files; the CLI says so with exit 2; after the
    restart the state is the old release, and the same release then goes in cleanly."""
    write_statistics(shared)
    assert ingest(shared).sync().ok
    before = statistics_state(shared)
    data, manifest = tiny_release(tmp_path, 2.5)
    stopped: list[bool] = []

    def stop_once(done: int, total: int, label: str) -> None:
        if not stopped:
            postgres.stop()
            stopped.append(True)

    try:
        report = ingest(shared, progress=stop_once).load_statistics(data, manifest)
        assert stopped and not report.ok
        assert "Databasen (PostgreSQL) går inte att nå" in report.failures[0].message, \
            report.summary()
        cli = run_cli(shared, "stats", "load", str(data), "--manifest", str(manifest))
        assert cli.returncode == 2 and "Databasen (PostgreSQL)" in cli.stderr, cli.stderr
        # The app: a figure question gets the Swedish message (ask_safely shows it), a document
        # question is still answered from the chroma server.
        assistant = Assistant(shared, embeddings=get_embeddings(shared))
        with pytest.raises(DatabaseUnavailable, match="går inte att nå"):
            assistant.ask("Hur stora var Nackas utsläpp 2024?", rewrite=False)
        answer = assistant.ask("Byggs publika laddpunkter för elbilar ut?", rewrite=False)
        assert answer.status == "answered", answer.answer
    finally:
        if stopped:
            postgres.start()
    assert statistics_state(shared) == before
    after = ingest(shared).load_statistics(data, manifest)
    assert after.ok, after.summary()
    assert statistics_state(shared)["tables"] != before["tables"]
    saved = last_report(shared)
    assert saved is not None and saved.command == "stats load" and saved.ok
    assert ingest(shared).verify().ok
