"""Keyboard-only use of the chat (WCAG 2.1.1): no mouse from opening the page to reading the
first citation."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.streamlit_page import CHAT_INPUT, message_count, open_page, wait_for_answer

MAX_TABS = 60  # the sidebar, the answer's widgets and a wrap-around fit well within this

FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return {testid: '', tag: '', text: ''};
    const holder = e.closest('[data-testid]');
    return {testid: e.dataset.testid || (holder ? holder.dataset.testid : ''),
            tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim()};
}"""


def tab_until(page: Any, wanted: Any, trail: list[str]) -> int:
    """Press Tab until `wanted(focused)` holds; returns how many presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        trail.append(f"{focused['tag']}:{focused['testid']}:{focused['text'][:40]}")
        if wanted(focused):
            return presses
    raise AssertionError(f"not reached with {MAX_TABS} Tab presses; focus went: {trail}")


def test_chat_works_with_the_keyboard_alone(page: Any, app_server: Any, shot: Any) -> None:
    open_page(page, app_server.url)
    trail: list[str] = []

    # The skip link comes first and jumps past the sidebar to the chat.
    assert tab_until(page, lambda f: f["testid"] == "stSkipToContent", trail) == 1
    page.keyboard.press("Enter")
    presses = tab_until(page, lambda f: f["testid"] == "stChatInputTextArea", trail)
    print(f"chat input reached {presses} Tab(s) after the skip link; focus went: {trail}")
    shot("chat-input-focused")

    before = message_count(page)
    page.keyboard.type("Vad är Klimatkansliet?", delay=5)
    page.keyboard.press("Enter")
    answer = wait_for_answer(page, before)
    expect(answer).to_contain_text("Klimatkansliet")
    expect(page.locator(CHAT_INPUT)).to_have_value("")  # sent, not just typed

    trail.clear()
    presses = tab_until(page, lambda f: f["tag"] == "SUMMARY" and "[1]" in f["text"], trail)
    print(f"first citation reached after {presses} Tab(s); focus went: {trail}")
    page.keyboard.press("Enter")
    source = answer.locator('[data-testid="stExpander"]').filter(has_text="[1]")
    expect(source.locator("blockquote")).to_be_visible()
    expect(source.locator("details")).to_have_attribute("open", re.compile(".*"))
    shot("citation-opened-by-keyboard")

    # Space closes it again, as for any disclosure widget.
    page.keyboard.press("Space")
    expect(source.locator("blockquote")).to_be_hidden()
