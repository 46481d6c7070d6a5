"""Driving a Streamlit page in Playwright: waiting for reruns, asking, running axe-core.

Streamlit marks its root `[data-testid=stApp]` with `data-test-script-state`; "notRunning"
means the last rerun has finished and the DOM holds everything it rendered.
"""

from __future__ import annotations

from typing import Any

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGES = '[data-testid="stChatMessage"]'
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 900}
# The first question loads the embedding model; on 2 shared cores that can take a while.
ANSWER_TIMEOUT_MS = 180_000


def wait_idle(page: Any, timeout: float = ANSWER_TIMEOUT_MS) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page: Any, base_url: str, path: str = "") -> None:
    page.goto(f"{base_url}/{path}")
    # The first run of a page is only done once its title is there and the script has stopped.
    page.wait_for_selector("h1", timeout=ANSWER_TIMEOUT_MS)
    wait_idle(page)


def wait_for_answer(page: Any, messages_before: int) -> Any:
    """Wait until the rerun that answers has finished; returns the new assistant message.
    Counting messages avoids the race where the page still says "notRunning" from before."""
    page.wait_for_function(
        "([sel, idle, n]) => document.querySelectorAll(sel).length >= n"
        " && document.querySelector(idle) !== null",
        arg=[MESSAGES, IDLE, messages_before + 2], timeout=ANSWER_TIMEOUT_MS)
    return page.locator(MESSAGES).nth(messages_before + 1)


def ask(page: Any, question: str) -> Any:
    """Type a question into the chat input and press Enter, as a user does."""
    before = message_count(page)
    box = page.locator(CHAT_INPUT)
    box.click()
    box.press_sequentially(question, delay=5)
    box.press("Enter")
    return wait_for_answer(page, before)


def message_count(page: Any) -> int:
    """How many chat messages the page shows once the last rerun has finished (a count taken
    during a rerun may miss the message being drawn)."""
    wait_idle(page)
    return int(page.locator(MESSAGES).count())


def wait_for_box(locator: Any, min_width: float, min_height: float) -> None:
    """Wait until the element is laid out at least this large (charts size themselves after
    the first paint)."""
    locator.page.wait_for_function(
        "([el, w, h]) => { const r = el.getBoundingClientRect();"
        " return r.width > w && r.height > h; }",
        arg=[locator.element_handle(), min_width, min_height], timeout=ANSWER_TIMEOUT_MS)


def fit_viewport(page: Any) -> None:
    """Make the window as tall as the content. Streamlit scrolls inside its own containers, so a
    "full page" screenshot is only the window; and axe cannot measure the contrast of text
    scrolled out of view (it reports it as incomplete), so it should all be on screen."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'#stMain, [data-testid=stMain], [data-testid=stSidebarContent],"
        " [data-testid=stAppScrollToBottomContainer]')].map(e => e.scrollHeight), 900)")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height + 200, 12_000)})
    page.wait_for_timeout(300)  # let the charts re-lay out at the new size


def restore_viewport(page: Any) -> None:
    page.set_viewport_size(VIEWPORT)


def run_axe(page: Any, axe_source: str, exclude: list[str] | None = None) -> dict[str, Any]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the whole page, everything on screen."""
    fit_viewport(page)
    try:
        page.add_script_tag(content=axe_source)
        return page.evaluate(
            """async ([tags, exclude]) => {
                const r = await axe.run({include: [document], exclude: exclude.map(s => [s])},
                                        {runOnly: {type: 'tag', values: tags}});
                const slim = list => list.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                              html: n.html.slice(0, 160),
                                              summary: (n.failureSummary || '').slice(0, 300)}))
                }));
                return {violations: slim(r.violations), incomplete: slim(r.incomplete)};
            }""", [WCAG_TAGS, exclude or []])
    finally:
        restore_viewport(page)


def report_axe(name: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Print every violation (and what axe could not decide) for the closing note; return the
    serious and critical violations."""
    print(f"\naxe {name}: {len(result['violations'])} violation(s)")
    for kind in ("violations", "incomplete"):
        for v in result[kind]:
            label = "VIOLATION" if kind == "violations" else "needs review"
            print(f"  {label}: {v['id']} impact={v['impact']} nodes={len(v['nodes'])} "
                  f"- {v['help']}")
            for node in v["nodes"][:3]:
                print(f"      {node['target'][-120:]} | {node['summary'][:160]}")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def chart_text_contrast(chart: Any) -> list[tuple[str, float]]:
    """(text, contrast against the chart's white background) for every text in a vega-lite
    SVG chart. axe cannot measure text drawn in SVG over graphics (it reports it as needing
    review), so the chat test measures it with WCAG's relative-luminance formula."""
    return [(t, float(r)) for t, r in chart.evaluate(
        """root => {
            const lum = rgb => rgb.map(c => c / 255)
                .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
                .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
            return [...root.querySelectorAll('svg text')].filter(t => t.textContent.trim())
                .map(t => [t, getComputedStyle(t).fill.match(/\\d+(\\.\\d+)?/g)])
                .filter(([, rgb]) => rgb)  // fill "none": nothing drawn
                .map(([t, rgb]) => [t.textContent.trim(),
                                    1.05 / (lum(rgb.slice(0, 3).map(Number)) + 0.05)]);
        }""")]
