"""axe-core (WCAG 2.0/2.1 A and AA rules) in the real browser on every page of the app: no
serious or critical violations. Every finding is printed (run with -s) for the closing note;
what axe cannot decide by itself ("needs review") is printed too.

No rule and no element is excluded: nothing serious is left that would need it. Should a future
Streamlit bring a violation inside its own widgets, exclude only that element, name it as
Streamlit-internal here, and describe it under "Kända brister" in ui.run_accessibility_page.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.ui.admin.page import TAB_TITLES
from tests.e2e.streamlit_page import ask, open_page, report_axe, run_axe, wait_idle


def check(page: Any, axe_source: str, name: str) -> None:
    # Streamlit renders <html lang="en">; ui.set_page_language corrects it from an iframe.
    expect(page.locator("html")).to_have_attribute("lang", "sv", timeout=10_000)
    serious = report_axe(name, run_axe(page, axe_source))
    assert not serious, f"{name}: serious or critical axe violations: {serious}"


def test_chat_page_with_an_answer(page: Any, app_server: Any, axe_source: str,
                                  shot: Any) -> None:
    open_page(page, app_server.url)
    check(page, axe_source, "chat, empty")
    answer = ask(page, "Visa utvecklingen för Huddinge sedan 1990")
    expect(answer.locator('[data-testid="stVegaLiteChart"]').locator("canvas, svg").first
           ).to_be_visible()
    answer = ask(page, "Vad är Klimatkansliet?")
    # Everything an answer can show, opened, so axe sees it: citations, figures, the press
    # statement, the feedback form.
    summaries = page.locator('#stMain [data-testid="stExpander"] summary')  # the app's <main>
    expect(summaries.first).to_be_visible()
    for summary in summaries.all():  # both answers are drawn (ask waited for the rerun)
        summary.click()
    answer.get_by_text("Visa pressuttalande", exact=True).click()
    expect(answer.locator('[data-testid="stCode"]')).to_be_visible()
    wait_idle(page)
    shot("chat-everything-open")
    check(page, axe_source, "chat with answers, all open")


@pytest.mark.parametrize("path, title", [("om", "Om Klimatassistenten"),
                                         ("tillganglighet", "Tillgänglighetsredogörelse")])
def test_information_pages(page: Any, app_server: Any, axe_source: str, shot: Any,
                           path: str, title: str) -> None:
    open_page(page, app_server.url, path)
    expect(page.locator("h1").first).to_have_text(title)
    shot(path)
    check(page, axe_source, path)


def test_admin_page(page: Any, app_server: Any, axe_source: str, shot: Any) -> None:
    open_page(page, app_server.url, "admin")
    password = page.get_by_label("Administratörslösenord")
    check(page, axe_source, "admin login")

    # The error state after a wrong password.
    password.fill("fel-lösenord-123")
    password.press("Enter")
    expect(page.get_by_text("Fel lösenord.")).to_be_visible()
    wait_idle(page)
    shot("admin-wrong-password")
    check(page, axe_source, "admin wrong password")

    password.fill(app_server.admin_password)
    password.press("Enter")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(len(TAB_TITLES))
    wait_idle(page)
    # Only the selected tab's panel is shown, so each is checked on its own.
    for index, name in enumerate(TAB_TITLES):
        tab = tabs.nth(index)
        expect(tab).to_have_text(name)
        tab.click()
        wait_idle(page)
        shot(f"admin-tab-{index}")
        check(page, axe_source, f"admin, tab {name}")
