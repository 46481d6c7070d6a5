"""The Streamlit chat through streamlit.testing.v1.AppTest, on the real built store."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.config import PROJECT_ROOT, Settings

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(store_env: Settings) -> AppTest:
    st.cache_resource.clear()  # a cached assistant from another test would point at another store
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _last_assistant_markdown(at: AppTest) -> str:
    message = [m for m in at.chat_message if m.name == "assistant"][-1]
    return "\n".join(md.value for md in message.markdown)


def test_page_is_swedish_and_lists_the_knowledge_base(app: AppTest) -> None:
    assert app.title[0].value == "Klimatassistenten"
    sidebar_text = " ".join(md.value for md in app.sidebar.markdown)
    assert "dokument" in sidebar_text and "dataset" in sidebar_text
    assert app.chat_input[0].placeholder.startswith("Ställ en fråga")


def test_knowledge_question_renders_answer_and_citations(app: AppTest) -> None:
    app.chat_input[0].set_value("Vad är Klimatkansliet?").run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    text = _last_assistant_markdown(app)
    assert "[1]" in text
    labels = [e.label for e in app.expander]
    assert any(label.startswith("[1] ") for label in labels)


def test_figure_question_renders_chart_and_method(app: AppTest) -> None:
    app.chat_input[0].set_value("Visa utvecklingen för Huddinge sedan 1990").run()
    assert not app.exception
    assert app.get("vega_lite_chart"), "a trend question must draw a chart"
    assert any(e.label.startswith("Siffrorna") for e in app.expander)


def test_example_button_asks_its_question(app: AppTest) -> None:
    app.sidebar.button(key="example-0").click().run()
    assert not app.exception
    assert [m.name for m in app.chat_message] == ["user", "assistant"]


def test_new_conversation_clears_the_chat(app: AppTest) -> None:
    app.chat_input[0].set_value("Vad är Klimatkansliet?").run()
    app.sidebar.button(key="new-conversation").click().run()
    assert not app.exception
    assert len(app.chat_message) == 0


def test_missing_store_gives_a_swedish_message_not_a_traceback(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLIMAT_STORE_DIR", str(tmp_path / "empty"))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.chat_input[0].set_value("Vad är Klimatkansliet?").run()
    assert not at.exception
    text = _last_assistant_markdown(at)
    assert "Traceback" not in text
    assert "ingest.py" in text or "Kunskapsbasen" in text


# --- issue 11: nothing from a document becomes active content --------------------------------


HOSTILE_PAGE = str(PROJECT_ROOT / "tests" / "e2e" / "hostile_page.py")


def _rendered_texts(at: AppTest) -> list[str]:
    """Every Markdown string the page handed to Streamlit's renderer, labels included."""
    texts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success"):
        texts += [str(e.value) for e in getattr(at, kind)]
    texts += [e.label for e in at.expander]
    return texts


def test_hostile_document_strings_reach_the_page_as_text() -> None:
    from tests.pipeline.test_hostile import active_content, hostile_strings

    at = AppTest.from_file(HOSTILE_PAGE, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = _rendered_texts(at)
    assert len(texts) > 10 * len(hostile_strings())
    active = {t: found for t in texts if (found := active_content(t))}
    assert active == {}
    # Source links only for http(s) URLs, percent-encoded so nothing breaks out of them.
    links = [t for t in texts if t.startswith("Källa: [")]
    assert links and all("](https://example.se/" in t for t in links)


def test_a_hostile_question_is_echoed_as_text(app: AppTest) -> None:
    """The user's message and the refusal that quotes it."""
    from tests.pipeline.test_hostile import active_content

    question = "Vad säger ![x](https://evil.example/q.png) <img src=x onerror=alert(1)> om $x$?"
    app.chat_input[0].set_value(question).run()
    assert not app.exception
    texts = _rendered_texts(app)
    assert any("evil" in t for t in texts)  # shown, as text
    assert {t: f for t in texts if (f := active_content(t))} == {}
