"""Klimatassistenten – the Streamlit app. Thin on purpose: pages live in assistant/ui/ (chat,
information pages, admin).

Run with `make run` (sets up, builds the store if needed, binds to 127.0.0.1). Importing the
package first sets the process's environment defaults (assistant/__init__.py).
"""

import streamlit as st

from assistant.ui import chat, pages
from assistant.ui.admin import page as admin

st.set_page_config(page_title=chat.APP_TITLE, page_icon="🌍", layout="wide",
                   menu_items={"Get help": None, "Report a bug": None, "About": None})
chat.set_page_language()
app_pages = [
    st.Page(chat.run_chat_page, title="Fråga assistenten", icon="💬", url_path="chatt",
            default=True),
    st.Page(pages.run_about_page, title="Om tjänsten", icon="ℹ️", url_path="om"),
    st.Page(pages.run_accessibility_page, title="Tillgänglighet", icon="♿",
            url_path="tillganglighet"),
    st.Page(admin.run_admin_page, title="Administration", icon="🔒", url_path="admin"),
]
st.navigation(app_pages).run()
