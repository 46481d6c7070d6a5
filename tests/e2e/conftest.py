"""Real-browser fixtures: one `streamlit run app.py` per session against the built store, one
headless Debian Chromium driven by Playwright, and a fresh browser context per test.

Playwright's own browser download (`playwright install`) fails on this network, so the tests
use the distribution's Chromium at /usr/bin/chromium (override: KLIMAT_E2E_CHROMIUM). In CI
(`CI=true`) anything missing - the browser, the playwright package, axe-core - fails the run;
elsewhere the tests skip and say why.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant import auth
from assistant.config import PROJECT_ROOT, Settings
from tests.e2e.streamlit_page import VIEWPORT, fit_viewport, restore_viewport

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "e2e"
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("KLIMAT_E2E_CHROMIUM", "/usr/bin/chromium")
# The flags this machine needs: root needs --no-sandbox, and without the networking flags
# Chromium keeps dialling Google's hosts, which the closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
SERVER_START_SECONDS = 120


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    """CI must run the browser tests, so there a missing piece fails; locally it skips."""
    if in_ci():
        pytest.fail(f"real-browser tests cannot run: {reason}")
    print(f"\nSKIP real-browser tests: {reason}")
    pytest.skip(f"real-browser tests cannot run: {reason}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM then SIGKILL, by this pid only: other engineers run their own servers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@dataclass(frozen=True)
class App:
    url: str
    admin_password: str
    settings: Settings
    log_path: Path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium_path() -> str:
    # Checked before the (slow) store build, so a machine without a browser skips at once.
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the playwright package is not installed (pip install playwright)")
    return CHROMIUM


@pytest.fixture(scope="session")
def store_settings_for_app(request: pytest.FixtureRequest) -> Settings:
    """The session's built store; KLIMAT_E2E_STORE_DIR names an already built one instead, so
    iterating on these tests locally does not re-ingest the knowledge base (minutes) each run."""
    prebuilt = os.environ.get("KLIMAT_E2E_STORE_DIR", "")
    if prebuilt and not in_ci():
        return Settings(store_dir=Path(prebuilt), knowledge_dir=PROJECT_ROOT / "knowledge",
                        chroma_url="")
    return request.getfixturevalue("built_settings")


@contextmanager
def streamlit_server(script: str, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`streamlit run SCRIPT` on a free loopback port; yields its URL once it is healthy, and
    stops exactly that process afterwards."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.address",
             "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false",
             # Others edit the tree while the tests run: no watcher, no "source changed" banner.
             "--server.fileWatcherType", "none"],
            cwd=PROJECT_ROOT, env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"streamlit did not start (exit code {proc.poll()}):\n{tail}")
            time.sleep(0.5)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_server(chromium_path: str, store_settings_for_app: Settings,
               artifacts: Path) -> Iterator[App]:
    """`streamlit run app.py` on a free loopback port, reading the session's built store."""
    built_settings = store_settings_for_app
    password = secrets.token_urlsafe(18)  # a test-only admin password, only its hash is set
    env = {**os.environ, "KLIMAT_STORE_DIR": str(built_settings.store_dir),
           "KLIMAT_KNOWLEDGE_DIR": str(built_settings.knowledge_dir),
           "KLIMAT_ADMIN_PASSWORD_HASH": auth.hash_password(password),
           "PYTHONUNBUFFERED": "1"}
    for name in ("KLIMAT_CHROMA_URL", "KLIMAT_LLM_BASE_URL", "KLIMAT_LLM_MODEL",
                 "KLIMAT_LLM_API_KEY", "KLIMAT_ADMIN_USERS", "KLIMAT_AUDIT"):
        env.pop(name, None)
    log_path = artifacts / "streamlit-server.log"
    with streamlit_server("app.py", env, log_path) as url:
        yield App(url, password, built_settings, log_path)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as pw:
        try:
            # Playwright gives every launch a new, empty temporary profile (--user-data-dir)
            # and removes it on close.
            chromium = pw.chromium.launch(executable_path=chromium_path, headless=True,
                                          args=CHROMIUM_ARGS)
        except Error as exc:
            unavailable(f"Chromium at {chromium_path} did not start: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, app_server: App) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="sv-SE",
                                  accept_downloads=True)
    try:
        # Headless Chromium may refuse these; the copy test then checks text and button only.
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_server.url)
    except Exception as exc:
        print(f"clipboard permissions unavailable: {exc}")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def shot(page: Any, artifacts: Path, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`shot("step")` writes test-artifacts/e2e/<test>-<nn>-<step>.png."""
    counter = iter(range(1, 100))

    def take(step: str) -> Path:
        test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")  # ids: å, spaces
        path = artifacts / f"{test}-{next(counter):02d}-{step}.png"
        fit_viewport(page)  # the whole conversation, not just the window
        try:
            page.screenshot(path=str(path))
        finally:
            restore_viewport(page)
        return path

    return take


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS.relative_to(PROJECT_ROOT)} is missing (run `npm ci`)")
    return AXE_JS.read_text("utf-8")
