"""Hostile Markdown and HTML from documents in the real browser: every string of
tests/hostile/markdown.json, in every place an answer shows document text (tests/e2e/
hostile_page.py), rendered by Streamlit's own Markdown in Chromium. The DOM may hold no image
from another host, no `javascript:` (or other non-http) link, no event handler, no tag the
strings try to smuggle in, and no KaTeX: the strings are there as text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import streamlit_server
from tests.e2e.streamlit_page import ANSWER_TIMEOUT_MS, IDLE, VIEWPORT

PAGE = "tests/e2e/hostile_page.py"
END = "Slut på sidan med fientliga texter."

# Everything in the main area that came from a string instead of from Streamlit itself: tags
# the strings smuggle in, event handlers, script URLs, anything but a link that points at the
# outside host, images from another host, KaTeX. The one link a string can still make is
# Streamlit's autolink of a bare http(s) URL, which shows that very URL: a link whose text
# hides another target is reported.
ACTIVE = """() => {
    const main = document.getElementById('stMain');
    const smuggled = ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'form', 'video',
                      'audio', 'math', 'style', 'frame', 'frameset', 'link', 'input'];
    const scriptish = /^\\s*(javascript|vbscript|data):/i;
    const found = [];
    for (const el of [main, ...main.querySelectorAll('*')]) {
        const tag = el.tagName.toLowerCase();
        if (smuggled.includes(tag) && !el.closest('[data-testid="stCheckbox"]')) {
            found.push(`tag <${tag}>`);
        }
        if (el.classList.contains('katex')) found.push('KaTeX');
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) found.push(`<${tag} ${a.name}>`);
            if (['href', 'src', 'action', 'formaction', 'data', 'srcset', 'xlink:href']
                    .includes(a.name) && scriptish.test(a.value)) {
                found.push(`<${tag} ${a.name}="${a.value.slice(0, 80)}">`);
            }
            if (tag !== 'a' && a.value.includes('evil.example')) {
                found.push(`<${tag} ${a.name}="${a.value.slice(0, 80)}">`);
            }
        }
        if (tag === 'a' && el.hasAttribute('href')) {
            const href = el.getAttribute('href');
            let shown = href;
            try { shown = decodeURIComponent(href); } catch (e) { /* keep it encoded */ }
            const text = el.innerText.trim();
            if (href.startsWith('#')) continue;  // a heading's own anchor
            if (!/^https?:\\/\\/[^/]/i.test(href)) found.push(`<a href="${href.slice(0, 80)}">`);
            else if (text !== shown && text !== href) {
                found.push(`<a href="${href.slice(0, 60)}">${text.slice(0, 40)}</a>`);
            }
        }
    }
    for (const img of document.querySelectorAll('img, image, picture source')) {
        const src = img.getAttribute('src') || img.getAttribute('href')
                    || img.getAttribute('srcset') || '';
        if (src && !src.startsWith('data:image/')
            && new URL(src, location.href).host !== location.host) {
            found.push(`<img src="${src.slice(0, 80)}">`);
        }
    }
    return found;
}"""


@pytest.fixture(scope="module")
def hostile_url(chromium_path: str, artifacts: Path) -> Iterator[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with streamlit_server(PAGE, env, artifacts / "streamlit-hostile.log") as url:
        yield url


@pytest.fixture
def page(browser: Any, hostile_url: str) -> Iterator[Any]:
    """This module's page needs no built store, so not the app's server either."""
    context = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        yield page
    finally:
        context.close()


def test_hostile_strings_are_text_in_the_browser(page: Any, hostile_url: str,
                                                 shot: Any) -> None:
    from tests.pipeline.test_hostile import hostile_strings

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(hostile_url)
    main = page.locator("#stMain")
    expect(main.get_by_text(END)).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_selector(IDLE, timeout=ANSWER_TIMEOUT_MS)
    # Open every citation and figure panel, so their contents are rendered too.
    summaries = main.locator('[data-testid="stExpander"] summary')
    expect(summaries.first).to_be_visible()
    page.evaluate("""() => document.querySelectorAll(
        '#stMain [data-testid="stExpander"] details:not([open]) > summary')
        .forEach(s => s.click())""")
    expect(main.locator('[data-testid="stExpander"] details:not([open])')).to_have_count(0)
    expect(main.locator("blockquote").first).to_be_visible()
    page.wait_for_selector(IDLE, timeout=ANSWER_TIMEOUT_MS)
    shot("hostile-all-open")

    # The strings are on the page, as text.
    for marker in ("onerror=alert(1)", "javascript:alert(1)", "evil.example/pixel.png",
                   "<script>alert(1)</script>", "![a[b]](//evil.example/nested.png)"):
        expect(main).to_contain_text(marker)
    assert len(hostile_strings()) >= 30
    # Nothing of them is active: checked once everything above has rendered.
    assert page.evaluate(ACTIVE) == []
    outside = [u for u in requests if "evil.example" in u]
    assert outside == [], outside  # the browser never even asked the outside host
    print(f"{len(hostile_strings())} hostile strings rendered as text; "
          f"{main.locator('[data-testid=stExpander]').count()} panels open")
