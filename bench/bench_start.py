"""Start times: `streamlit run app.py` to the first answered question in a real browser.

    .venv/bin/python bench/bench_start.py [--store DIR] [--runs N]

Per run a new `streamlit run app.py` (the browser tests' helper, tests/e2e/conftest.py) on the
store in KLIMAT_STORE_DIR (default .store/), and a new page in headless Debian Chromium driven
by Playwright (started once, before the timing). A user types the question as soon as the
question field is there. Printed per question: the server's start (process to health check),
the page's open (request to the question field on the page), and the first answer (the question
typed and sent to the answer drawn; goal < 5 s after the page opens), and the whole, from
`streamlit run` to the answer. The app warms in the background as soon as its first page
renders (assistant/ui/shared.py), so the answer waits only for what is not warm yet.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import machine

from assistant.config import get_settings
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.e2e.streamlit_page import CHAT_INPUT, VIEWPORT, ask

QUESTIONS = ("Vad är Klimatkansliet?", "Hur stora var Nackas utsläpp 2024?")


def one_run(browser, question: str, env: dict[str, str], log: Path) -> dict[str, float]:
    started = time.perf_counter()
    with streamlit_server("app.py", env, log) as url:
        healthy = time.perf_counter()
        context = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
        try:
            page = context.new_page()
            page.goto(f"{url}/")
            page.wait_for_selector(CHAT_INPUT, timeout=120_000)
            opened = time.perf_counter()
            answer = ask(page, question)
            answered = time.perf_counter()
            assert answer.inner_text().strip(), "an empty answer"
        finally:
            context.close()
    return {"server": healthy - started, "page": opened - healthy,
            "answer": answered - opened, "whole": answered - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="store directory (default: KLIMAT_STORE_DIR or .store)")
    parser.add_argument("--runs", type=int, default=3, help="new app processes per question")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    settings = get_settings()
    store = Path(args.store) if args.store else settings.store_dir
    env = {**os.environ, "KLIMAT_STORE_DIR": str(store),
           "KLIMAT_KNOWLEDGE_DIR": str(settings.knowledge_dir), "PYTHONUNBUFFERED": "1"}
    for name in ("KLIMAT_CHROMA_URL", "KLIMAT_LLM_BASE_URL", "KLIMAT_LLM_MODEL",
                 "KLIMAT_LLM_API_KEY", "KLIMAT_AUDIT"):
        env.pop(name, None)
    print(f"store {store}; {machine()}")
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            for question in QUESTIONS:
                runs = [one_run(browser, question, env, Path(tmp) / "streamlit.log")
                        for _ in range(args.runs)]
                parts = "  ".join(
                    f"{part} median {statistics.median(r[part] for r in runs):.2f} s "
                    f"(max {max(r[part] for r in runs):.2f})"
                    for part in ("server", "page", "answer", "whole"))
                print(f"“{question}”, {len(runs)} runs: {parts}  ({machine()})")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
