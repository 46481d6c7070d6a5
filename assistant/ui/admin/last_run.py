"""The admin page's tab with the last writing run: its errors, skipped links and summary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.pipeline.ingestion import last_report
from assistant.ui.admin.common import when
from assistant.ui.rendering import escape

RUN_NAMES = {"sync": "inläsning av hela kunskapsmappen", "add": "inläsning av enskilda filer",
             "remove": "borttagning av dokument", "stats load": "inläsning av statistik",
             "rebuild": "ombyggnad av kunskapsbasen"}


def render(settings: Settings) -> None:
    report = last_report(settings)
    if report is None:
        st.markdown("Ingen inläsning är registrerad ännu.")
        return
    what = RUN_NAMES.get(report.command, report.command)
    st.markdown(f"Senaste körningen: {escape(what)}, startad {when(report.started_at)}.")
    if report.failures:
        st.warning(f"Senaste inläsningen hade {len(report.failures)} fel.")
        st.dataframe(pd.DataFrame([{"Fil": f.path, "Fel": f.message} for f in report.failures]),
                     hide_index=True, width="stretch", key="admin-last-failures")
    else:
        st.success("Senaste inläsningen hade inga fel.")
    if report.skipped_links:
        st.warning(f"{len(report.skipped_links)} symbolisk(a) länk(ar) hoppades över: länkar läses "
                   "aldrig in, eftersom de kan peka på vilken fil som helst på servern. Kopiera "
                   "in själva filerna i stället.")
        st.dataframe(pd.DataFrame({"Överhoppad länk": report.skipped_links}), hide_index=True,
                     width="stretch", key="admin-last-links")
    st.markdown("**Sammanfattning**")
    st.text(report.summary())
