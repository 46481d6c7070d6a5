"""A page that shows every string of tests/hostile/markdown.json in every place a document, a
manifest or a user puts text into an answer, rendered by the chat's own functions (no store
needed). tests/test_app.py runs it in AppTest; tests/e2e/test_hostile_browser.py serves it with
`streamlit run` and inspects the DOM in Chromium."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `streamlit run` puts this folder first, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from assistant.answer.answering import TEXTS  # noqa: E402
from assistant.models import Answer, Figure, Source  # noqa: E402
from assistant.ui import chat as ui  # noqa: E402
from assistant.ui.rendering import escape  # noqa: E402

CORPUS = ROOT / "tests" / "hostile" / "markdown.json"
END = "Slut på sidan med fientliga texter."


def hostile_answer(text: str) -> Answer:
    sources = [Source(1, title=text, source=text, page=text, quote=text,
                      passage=f"{text} Mer text.", publisher=text, source_date=text,
                      doc_id="docs/x.md"),
               Source(2, title=text, source=f"https://example.se/{text}", page="", quote=text,
                      publisher="https://example.se")]
    figure = Figure(label=text, value=1.0, unit="t CO2e", kommun=text, year=2024, sector=text,
                    method=text, source=text, release=text, caveats=(text,))
    return Answer(text, "answered", f"Det här säger kunskapsbasen:\n\n{text} [1]",
                  figures=[figure], sources=sources, notes=[text],
                  tables=[{"title": text, "rows": [{"a": text}]}])


def render() -> None:
    st.title("Fientliga texter")
    for i, text in enumerate(json.loads(CORPUS.read_text("utf-8"))):
        with st.chat_message("user"):
            st.markdown(escape(text))  # as run_chat_page shows the user's message
        with st.chat_message("assistant"):
            ui.render_answer(hostile_answer(text), key=f"h{i}")
            ui.render_answer(Answer(text, "refused", TEXTS["sv"]["refused"].format(q=text)),
                             key=f"r{i}")
    st.markdown(END)


render()
