"""The Streamlit chat: renders `Answer`s, knows nothing about how they are made.

Everything a user sees is Swedish. No exception ever reaches the page: `ask_safely`
(assistant/ui/shared.py) turns every failure into a sentence the user can act on, and logs the
details.
"""

from __future__ import annotations

import logging
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from assistant.answer.answering import Conversation
from assistant.answer.press import press_statement
from assistant.config import get_settings
from assistant.errors import UserFacingError
from assistant.models import Answer, Chart, Figure, Source
from assistant.ui.export import answer_markdown
from assistant.ui.rendering import answer_markdown as answer_text
from assistant.ui.rendering import escape, link, marked_passage, safe_markdown, safe_url
from assistant.ui.shared import ask_safely, shared_assistant

log = logging.getLogger(__name__)

APP_TITLE = "Klimatassistenten"
EXAMPLES = (
    "Vad är Klimatkansliet?",
    "Vad säger klimatfärdplanen om transporter?",
    "Hur har Huddinges utsläpp per invånare förändrats sedan 2010?",
    "Vilken årlig minskning behöver Nacka för netto noll 2045?",
    "Visa utvecklingen för Stockholms län sedan 1990",
    "Vilken kommun i länet har lägst transportutsläpp per invånare?",
)
CHART_TEXT = "#333333"  # 12.6:1 on white
STATUS_LABELS = {"refused": "Kunskapsbasen saknar svar", "clarify": "Behöver förtydligas"}
INTRO = (
    "Klimatassistenten är en AI-assistent för Klimatkansliet i Region Stockholm. Den svarar "
    "bara utifrån kunskapsbasen och utsläppsstatistiken: varje påstående har en källa och varje "
    "siffra är beräknad ur statistiken. Kontrollera källorna innan du använder ett svar."
)


def set_page_language() -> None:
    """Streamlit renders <html lang="en"> and offers no setting (streamlit#8399); screen readers
    need the page's real language (WCAG 3.1.1). The component iframe shares the origin."""
    st.iframe("<script>window.parent.document.documentElement.lang = 'sv';</script>",
              height=1, tab_index=-1, alt="Sätter sidans språk till svenska")


def run_chat_page() -> None:
    st.title(APP_TITLE)
    st.caption(INTRO)
    state = st.session_state
    state.setdefault("messages", [])  # dicts: {"role": "user", "text"} | {"role": "assistant", ...}
    state.setdefault("conversation", Conversation())
    shared_assistant()  # the first call of the process starts the warm-up in the background

    _sidebar()
    for index, message in enumerate(state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(escape(message["text"]))
            else:
                render_answer(message["answer"], key=f"a{index}", answer_id=message["id"])

    pending = state.pop("pending_question", None)
    typed = st.chat_input("Ställ en fråga om klimatarbetet eller utsläppen …",
                          max_chars=get_settings().max_question_chars)
    question = typed or pending
    if question:
        state.messages.append({"role": "user", "text": question})
        with st.chat_message("user"):
            st.markdown(escape(question))
        with st.chat_message("assistant"):
            with st.spinner("Söker i kunskapsbasen …"):
                answer = ask_safely(question, state.conversation)
            answer = _stream_language_model(answer)
            answer_id = shared_assistant().record(answer) if answer.question else ""
            render_answer(answer, key=f"a{len(state.messages)}", answer_id=answer_id)
        state.messages.append({"role": "assistant", "answer": answer, "id": answer_id})
    # Last, so the question field is on the page before the store has been opened.
    _sidebar_inventory()


def _stream_language_model(answer: Answer) -> Answer:
    """With a language model configured, stream its rewrite token by token, then show what the
    guard let through: the model's text, or the verified offline answer with a notice."""
    from assistant.llm.client import llm_configured
    from assistant.llm.rewrite import stream_rewrite

    settings = get_settings()
    if not llm_configured(settings) or answer.status != "answered":
        return answer
    try:
        placeholder = st.empty()
        stream = stream_rewrite(answer, settings)
        with placeholder.container():
            st.caption("Språkmodellen formulerar svaret; det kontrolleras innan det visas.")
            st.write_stream(stream)
        placeholder.empty()
        return stream.result
    except Exception:  # any failure of the optional layer leaves the verified answer
        log.error("language model stream failed", exc_info=True)
        return answer


def _sidebar() -> None:
    with st.sidebar:
        st.header("Exempel på frågor")
        for i, example in enumerate(EXAMPLES):
            if st.button(example, key=f"example-{i}", width="stretch"):
                st.session_state.pending_question = example
        st.divider()
        if st.button("Ny konversation", key="new-conversation", width="stretch",
                     help="Tömmer chatten; följdfrågor börjar om från början."):
            st.session_state.messages = []
            st.session_state.conversation = Conversation()
            st.rerun()


def _sidebar_inventory() -> None:
    with st.sidebar:
        st.header("Kunskapsbasen")
        try:
            inventory = shared_assistant().inventory()
        except Exception as exc:
            log.error("inventory failed", exc_info=True)
            st.warning(getattr(exc, "user_message", "") or
                       "Kunskapsbasen kunde inte läsas. Kör `python ingest.py` och ladda om.")
            return
        docs = inventory["documents"]
        st.markdown(f"**{len(docs)} dokument** och **{len(inventory['datasets'])} dataset**.")
        with st.expander("Dataset och utgåvor"):
            for ds in inventory["datasets"]:
                st.markdown(f"- **{escape(ds.title, inline=True)}** – "
                            f"{escape(ds.release, inline=True)} "
                            f"({escape(ds.source_organisation, inline=True)})")
        with st.expander("Dokument"):
            for doc in sorted(docs, key=lambda d: d.title):
                st.markdown(f"- {escape(doc.title, inline=True)}")


def render_answer(answer: Answer, key: str, answer_id: str = "") -> None:
    """Every string of an answer comes from documents, data or the user: it goes through
    assistant.ui.rendering (composed Markdown made safe, everything else escaped)."""
    if answer.status in STATUS_LABELS:
        st.markdown(f"**{STATUS_LABELS[answer.status]}**")
    st.markdown(answer_text(answer))
    for note in answer.notes:
        st.info(safe_markdown(note))
    for chart in answer.charts:
        render_chart(chart)
    if answer.figures:
        render_figures(answer.figures, answer.tables, key)
    if answer.sources:
        render_sources(answer.sources)
    if answer.status == "answered":
        render_press_tools(answer, key)
    if answer_id:
        render_feedback(answer_id, key)


def render_chart(chart: Chart) -> None:
    frame = pd.DataFrame(list(chart.rows))
    if frame.empty:
        return
    y_title = f"{chart.y} ({chart.unit})" if chart.unit else chart.y
    if chart.kind == "line":
        x = alt.X(f"{chart.x}:O", title="År")
        marks = alt.Chart(frame).mark_line(point=True)
    else:
        x = alt.X(f"{chart.x}:N", title=None, sort="-y")
        marks = alt.Chart(frame).mark_bar()
    encoding: dict[str, Any] = {"x": x, "y": alt.Y(f"{chart.y}:Q", title=y_title),
                                "tooltip": list(frame.columns)}
    if chart.series and chart.series in frame.columns:
        encoding["color"] = alt.Color(f"{chart.series}:N", title=None)
    # Streamlit's chart theme draws axis and legend text in #808495, 3.8:1 on white (WCAG 1.4.3
    # needs 4.5:1); the description becomes the chart's accessible name for screen readers.
    spec = (marks.encode(**encoding)
            .properties(title=chart.title, description=_chart_description(chart))
            .configure(locale=SWEDISH_CHART_LOCALE,
                       axis={"labelColor": CHART_TEXT, "titleColor": CHART_TEXT},
                       legend={"labelColor": CHART_TEXT, "titleColor": CHART_TEXT}))
    st.altair_chart(spec, width="stretch")


# Axis numbers as in the answer text: 400 000, 2,5 (Vega's d3 number locale).
SWEDISH_CHART_LOCALE = {"number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3],
                                   "currency": ["", " kr"], "minus": "\u2212"}}


def _chart_description(chart: Chart) -> str:
    kind = "Linjediagram" if chart.kind == "line" else "Stapeldiagram"
    return (f"{kind}: {chart.title}. Samma värden finns i tabellen under "
            "”Siffrorna, indata och metod”.")


def render_figures(figures: list[Figure], tables: list[dict[str, Any]], key: str) -> None:
    with st.expander("Siffrorna, indata och metod"):
        rows = [{
            "Vad": f.label, "Värde": f.value, "Enhet": f.unit, "Plats": f.kommun, "År": str(f.year),
            "Sektor": f.sector, "Källa": f.source, "Utgåva": f.release,
        } for f in figures]
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"{key}-figures")
        for f in figures:
            st.markdown(f"**{escape(f.label, inline=True)}:** {escape(f.method)}")
            for caveat in f.caveats:
                st.caption(escape(caveat))
        for i, table in enumerate(tables):
            st.markdown(f"**{escape(table.get('title', 'Indata'), inline=True)}**")
            st.dataframe(pd.DataFrame(table.get("rows", [])), hide_index=True,
                         key=f"{key}-table-{i}")


def render_sources(sources: list[Source]) -> None:
    st.markdown("**Källor**")
    for s in sources:
        where = f" – {s.page}" if s.page else ""
        # Labels render Markdown too (links, images): the title is escaped like any text.
        with st.expander(f"[{s.id}] {escape(s.title + where, inline=True)}"):
            st.markdown(f"> {escape(s.quote, inline=True)}")
            if safe_url(s.source):
                st.markdown(f"Källa: {link(s.source, s.source)}")
            elif s.source == s.doc_id or not s.doc_id:
                st.markdown(f"Fil i kunskapsbasen: {escape(s.source, inline=True)}")
            else:  # a source_url that is no http(s) address is shown, never linked
                st.markdown(f"Källa: {escape(s.source, inline=True)} (fil i kunskapsbasen: "
                            f"{escape(s.doc_id, inline=True)})")
            details = ", ".join(x for x in (s.publisher, s.source_date) if x)
            if details:
                # Not st.caption: a caption fades its links too (3.0:1, below WCAG 1.4.3's 4.5:1),
                # and publishers here are often URLs.
                st.markdown(escape(details, inline=True))
            if s.passage and s.passage != s.quote:
                st.markdown("Hela stycket (det citerade i fetstil):")
                st.markdown(marked_passage(s.passage, s.quote))


def render_press_tools(answer: Answer, key: str) -> None:
    left, right = st.columns(2)
    with left:
        show = st.toggle("Visa pressuttalande", key=f"{key}-press",
                         help="Ett kort uttalande med siffror, år, datautgåva och källor.")
    with right:
        st.download_button("Exportera svaret (Markdown)", answer_markdown(answer),
                           file_name="klimatassistenten-svar.md", mime="text/markdown",
                           key=f"{key}-export")
    if show:
        try:
            statement = press_statement(answer, stats=shared_assistant().assistant.stats)
        except ValueError as exc:
            st.warning(str(exc))
        else:
            st.caption("Pressuttalande – kopiera med knappen uppe till höger i rutan.")
            st.code(statement, language=None, wrap_lines=True)


def render_feedback(answer_id: str, key: str) -> None:
    state = st.session_state
    if state.get(f"{key}-sent"):
        st.caption("Tack för din återkoppling!")
        return
    with st.expander("Var svaret till hjälp?"):
        with st.form(key=f"{key}-feedback", border=False):
            vote = st.radio("Ditt omdöme", ["Ja, till hjälp", "Nej, inte till hjälp"],
                            index=None, horizontal=True, key=f"{key}-vote")
            comment = st.text_input("Kommentar (valfri; skriv inga personuppgifter)",
                                    key=f"{key}-comment", max_chars=1000)
            sent = st.form_submit_button("Skicka återkoppling")
        if sent:
            if vote is None:
                st.warning("Välj Ja eller Nej innan du skickar.")
                return
            audit = shared_assistant().audit
            try:
                stored = audit is not None and audit.feedback(answer_id, vote.startswith("Ja"),
                                                              comment)
            except UserFacingError as e:  # the shared database is down: say so, keep the page
                log.error("feedback not stored: %s", e.detail)
                st.error(e.user_message)
                return
            if stored:
                state[f"{key}-sent"] = True
                st.success("Tack för din återkoppling!")
