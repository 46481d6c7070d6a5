"""The chat in a real browser, the way a new user meets it: ask a figure question and a knowledge
question, check the answer, chart and citations, copy the press statement, export the answer as
Markdown and send feedback. A screenshot of every step goes to test-artifacts/e2e/."""

from __future__ import annotations

import uuid
from typing import Any

from streamlit_page import ask, chart_text_contrast, open_page, wait_idle

from assistant.audit import AuditLog

FIGURE_QUESTION = "Visa utvecklingen för Huddinge sedan 1990"
KNOWLEDGE_QUESTION = "Vad är Klimatkansliet?"


def test_ask_verify_export_and_give_feedback(page: Any, app_server: Any, shot: Any,
                                              artifacts: Any) -> None:
    open_page(page, app_server.url)
    assert "AI-assistent" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    shot("start")

    # A figure question: computed figures and a chart drawn by vega-lite.
    figure_answer = ask(page, FIGURE_QUESTION)
    assert "Huddinge" in figure_answer.inner_text()
    chart = figure_answer.locator('[data-testid="stVegaLiteChart"]')
    chart.locator("canvas, svg").first.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, box
    assert "diagram" in (chart.get_attribute("aria-label") or "").lower()  # a name for readers
    texts = chart_text_contrast(chart)
    assert texts, "the chart is expected as SVG with axis texts"
    low = [(t, round(r, 2)) for t, r in texts if r < 4.5]
    assert not low, f"chart text below WCAG 1.4.3's 4.5:1: {low}"
    assert figure_answer.get_by_text("Siffrorna, indata och metod").is_visible()
    shot("figure-answer")

    # A knowledge question: cited text and a list of sources that opens to the quote.
    answer = ask(page, KNOWLEDGE_QUESTION)
    text = answer.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    assert any("Klimatkansliet" in t and "[1]" in t for t in text), text
    assert answer.get_by_text("Källor", exact=True).is_visible()
    first_source = answer.locator('[data-testid="stExpander"] summary').filter(has_text="[1]")
    first_source.click()
    quote = answer.locator('[data-testid="stExpander"]').filter(has_text="[1]").locator(
        "blockquote")
    quote.wait_for(state="visible")
    assert len(quote.inner_text().strip()) > 20
    shot("citation-open")

    # The press statement: a toggle shows it in a code block with a copy button.
    # The label takes the click (the switch input itself sits under Streamlit's styling).
    answer.get_by_text("Visa pressuttalande", exact=True).click()
    code = answer.locator('[data-testid="stCode"]')
    code.wait_for(state="visible")
    wait_idle(page)
    assert answer.get_by_role("switch", name="Visa pressuttalande").is_checked()
    statement = code.locator("code").inner_text()
    assert "Klimatkansliet" in statement and "Källor:" in statement, statement
    code.hover()  # the copy button shows on hover, as for a mouse user
    copy = code.get_by_role("button", name="Copy to clipboard")
    assert copy.count() == 1
    copy.click()
    try:
        copied = page.evaluate("() => navigator.clipboard.readText()")
    except Exception as exc:  # headless Chromium may keep the clipboard to itself
        print(f"clipboard not readable here ({exc}); checked the text and the button instead")
    else:
        assert copied.strip() == statement.strip()
    shot("press-statement")

    # The Markdown export arrives as a real download.
    with page.expect_download() as info:
        answer.get_by_role("button", name="Exportera svaret (Markdown)").click()
    download = info.value
    assert download.suggested_filename == "klimatassistenten-svar.md"
    saved = artifacts / "klimatassistenten-svar.md"
    download.save_as(saved)
    markdown = saved.read_text("utf-8")
    assert KNOWLEDGE_QUESTION in markdown and "Klimatkansliet" in markdown and "[1]" in markdown
    wait_idle(page)
    shot("exported")

    # Feedback: "Nej" with a comment, then a thank-you, and the audit log has it.
    # Letters only: the audit log redacts digit runs that look like phone numbers.
    marker = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])
    comment = f"Testkommentar {marker}"
    answer.locator('[data-testid="stExpander"] summary').filter(
        has_text="Var svaret till hjälp?").click()
    answer.get_by_text("Nej, inte till hjälp").click()
    answer.get_by_label("Kommentar (valfri; skriv inga personuppgifter)").fill(comment)
    answer.get_by_role("button", name="Skicka återkoppling").click()
    answer.get_by_text("Tack för din återkoppling!").first.wait_for(state="visible")
    wait_idle(page)
    shot("feedback-sent")
    audit = AuditLog.from_settings(app_server.settings)
    assert audit is not None
    sent = [e for e in audit.recent_feedback(50) if e.comment == comment]
    assert sent and not sent[0].helpful
