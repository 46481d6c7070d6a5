"""The admin page's tab with the users' feedback and the audit log's counts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.stores.audit import AuditLog
from assistant.ui.admin.common import when
from assistant.ui.rendering import escape


def render(settings: Settings) -> None:
    audit = AuditLog.from_settings(settings)
    if audit is None:
        st.markdown("Loggningen av svar och återkoppling är avstängd (KLIMAT_AUDIT=off).")
        return
    stats = audit.stats()
    st.markdown(
        f"**{stats.answers} svar** loggade; återkoppling: **{stats.helpful}** till hjälp och "
        f"**{stats.not_helpful}** inte till hjälp. Svar per utfall: "
        + (", ".join(f"{escape(k)} {v}" for k, v in stats.by_status.items()) or "inga") + ".")
    st.caption(
        f"Poster äldre än {audit.retention_days} dagar raderas (inget före "
        f"{audit.retention_until().isoformat()} sparas). Frågor och kommentarer lagras med "
        "e-post, telefonnummer, personnummer och presenterade namn borttagna; andra namn kan "
        "finnas kvar.")
    entries = audit.recent_feedback(50)
    if not entries:
        st.markdown("Ingen återkoppling ännu.")
        return
    st.dataframe(pd.DataFrame([{
        "Tid": when(e.created_at), "Omdöme": "Till hjälp" if e.helpful else "Inte till hjälp",
        "Kommentar": e.comment, "Fråga": e.question, "Utfall": e.status,
        "Svar": e.answer[:300] + ("…" if len(e.answer) > 300 else "")} for e in entries]),
        hide_index=True, width="stretch", key="admin-feedback")
