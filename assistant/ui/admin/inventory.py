"""The admin page's first tab: what the knowledge base holds."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.pipeline.maintenance import InventoryRow
from assistant.resources import Resources
from assistant.stores.database import describe
from assistant.ui.admin.common import ingestor, is_document, when


def render(settings: Settings) -> None:
    rows = ingestor(settings).inventory()
    documents = [r for r in rows if is_document(r)]
    profiles = len(rows) - len(documents)
    datasets = Resources(settings).stats.datasets()
    chunks = sum(int(r.chunks or 0) for r in rows)
    st.markdown(f"**{len(documents)} dokument**, **{len(datasets)} dataset** och {profiles} "
                f"statistikprofiler; sammanlagt {chunks} textavsnitt att söka i.")
    st.markdown(f"Lagring: {_store_mode(settings)}.")
    st.subheader("Dokument")
    if documents:
        st.dataframe(pd.DataFrame([_document_row(r) for r in documents]), hide_index=True,
                     width="stretch", key="admin-inventory-documents")
    else:
        st.markdown("Kunskapsbasen har inga dokument ännu.")
    st.subheader("Statistik")
    if datasets:
        st.dataframe(pd.DataFrame([{
            "Dataset": d.title, "Id": d.id, "Utgåva": d.release, "Rader": d.rows,
            "Inläst": when(d.loaded_at)} for d in datasets]),
            hide_index=True, width="stretch", key="admin-inventory-datasets")
    else:
        st.markdown("Ingen statistik är inläst.")


def _document_row(row: InventoryRow) -> dict[str, Any]:
    return {"Titel": row.title, "Typ": row.doc_type, "Datum": row.source_date,
            "Textavsnitt": row.chunks, "Senast inläst": when(row.ingested_at),
            "Status": row.status_label, "Fel vid senaste inläsningen": row.message,
            "Varningar": " ".join(row.warnings), "Id": row.doc_id}


def _store_mode(settings: Settings) -> str:
    where = (f"ChromaDB-server på {settings.chroma_url}" if settings.chroma_url
             else f"på disk i {settings.chroma_dir}")
    if settings.database_url:
        where += f", statistik och logg i PostgreSQL ({describe(settings.database_url)})"
    return where
