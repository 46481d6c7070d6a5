"""The admin page: region staff keep the knowledge base current while others keep asking.

Only an admin sees anything beyond the login (login.py, rules in assistant/auth.py).
Everything that writes goes through `assistant.pipeline.ingestion` (one writer at a time, a
generation marker the chat notices), so each tab (one module each) only collects input, shows
progress and explains the outcome in Swedish. Like the chat page, it never shows a traceback:
every tab runs in `guarded`, which turns a failure into a sentence and logs the details.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assistant.config import Settings, get_settings
from assistant.ui.admin import change, feedback, inventory, last_run, statistics, upload
from assistant.ui.admin.common import guarded, show_last_result
from assistant.ui.admin.login import account_bar, login_gate

TAB_TITLES = ("Innehåll", "Ladda upp", "Ersätt eller ta bort", "Statistik",
              "Senaste inläsningen", "Återkoppling")


def run_admin_page() -> None:
    st.title("Administration av kunskapsbasen")
    settings = get_settings()
    identity = guarded(login_gate, settings)
    if identity is None:
        return
    account_bar(identity)
    show_last_result()
    sections: tuple[Callable[[Settings], None], ...] = (
        inventory.render, upload.render, change.render, statistics.render, last_run.render,
        feedback.render)
    for tab, section in zip(st.tabs(TAB_TITLES), sections, strict=True):
        with tab:
            guarded(section, settings)
