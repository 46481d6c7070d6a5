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
from streamlit_page import ask, open_page, page_language, report_axe, run_axe, wait_idle


def check(page: Any, axe_source: str, name: str) -> None:
    # Streamlit renders <html lang="en">; ui.set_page_language corrects it from an iframe.
    page.wait_for_function("() => document.documentElement.lang === 'sv'", timeout=10_000)
    assert page_language(page) == "sv"
    serious = report_axe(name, run_axe(page, axe_source))
    assert not serious, f"{name}: serious or critical axe violations: {serious}"


def test_chat_page_with_an_answer(page: Any, app_server: Any, axe_source: str,
                                  shot: Any) -> None:
    open_page(page, app_server.url)
    check(page, axe_source, "chat, empty")
    answer = ask(page, "Visa utvecklingen för Huddinge sedan 1990")
    answer.locator('[data-testid="stVegaLiteChart"]').locator("canvas, svg").first.wait_for()
    answer = ask(page, "Vad är Klimatkansliet?")
    # Everything an answer can show, opened, so axe sees it: citations, figures, the press
    # statement, the feedback form.
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        summary.click()
    answer.get_by_text("Visa pressuttalande", exact=True).click()
    answer.locator('[data-testid="stCode"]').wait_for()
    wait_idle(page)
    shot("chat-everything-open")
    check(page, axe_source, "chat with answers, all open")


@pytest.mark.parametrize("path, title", [("om", "Om Klimatassistenten"),
                                         ("tillganglighet", "Tillgänglighetsredogörelse")])
def test_information_pages(page: Any, app_server: Any, axe_source: str, shot: Any,
                           path: str, title: str) -> None:
    open_page(page, app_server.url, path)
    assert page.locator("h1").first.inner_text().strip() == title
    shot(path)
    check(page, axe_source, path)


def test_admin_page(page: Any, app_server: Any, axe_source: str, shot: Any) -> None:
    open_page(page, app_server.url, "admin")
    password = page.get_by_label("Administratörslösenord")
    check(page, axe_source, "admin login")

    # The error state after a wrong password.
    password.fill("fel-lösenord-123")
    password.press("Enter")
    page.get_by_text("Fel lösenord.").wait_for()
    wait_idle(page)
    shot("admin-wrong-password")
    check(page, axe_source, "admin wrong password")

    password.fill(app_server.admin_password)
    password.press("Enter")
    tabs = page.get_by_role("tab")
    tabs.first.wait_for()
    wait_idle(page)
    # Only the selected tab's panel is shown, so each is checked on its own.
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        name = tab.inner_text().strip()
        tab.click()
        wait_idle(page)
        shot(f"admin-tab-{index}")
        check(page, axe_source, f"admin, tab {name}")
