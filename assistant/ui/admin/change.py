"""The admin page's tab to replace a document with a new version or withdraw it."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.pipeline.loading import document_id
from assistant.pipeline.loading.metadata import META_FIELDS, sidecar_metadata
from assistant.pipeline.maintenance import InventoryRow
from assistant.pipeline.uploads import REPLACES_KEY, save_upload
from assistant.ui.admin.common import (
    DOC_SUFFIXES,
    GENERIC_ERROR,
    FileResult,
    finish_write,
    ingestor,
    is_document,
    nonce,
    upload_cap_mb,
    user_message,
)
from assistant.ui.admin.upload import sync_saved
from assistant.ui.rendering import escape

log = logging.getLogger(__name__)


DELETE_KEY = "_admin_delete_pending"


def render(settings: Settings) -> None:
    rows = [r for r in ingestor(settings).inventory() if is_document(r)]
    if not rows:
        st.markdown("Kunskapsbasen har inga dokument att ersätta eller ta bort.")
        return
    titles = {r.doc_id: r.title for r in rows}
    doc_id = st.selectbox("Dokument att ersätta eller ta bort", list(titles), index=None,
                          format_func=lambda d: f"{titles[d]} ({d})",
                          placeholder="Välj ett dokument", key=f"admin-change-doc-{nonce()}")
    if doc_id is None:
        return
    row = next(r for r in rows if r.doc_id == doc_id)
    _replace_section(settings, row)
    _delete_section(settings, row)


def _replace_section(settings: Settings, row: InventoryRow) -> None:
    st.subheader("Ersätt med en ny version")
    st.markdown("Den nya versionen ska vara av samma filtyp. Den behåller dokumentets id och "
                "de uppgifter som angavs vid uppladdningen; den gamla versionen gäller tills den "
                "nya är helt inläst.")
    new = st.file_uploader("Ny version av dokumentet", type=list(DOC_SUFFIXES),
                           max_upload_size=upload_cap_mb(settings),
                           key=f"admin-replace-{nonce()}")
    if not st.button("Ersätt dokumentet", key=f"admin-replace-go-{nonce()}",
                     disabled=new is None):
        return
    try:  # same checks as an upload; the old file stays until the new one has passed them
        path = save_upload(settings, new.getvalue(), new.name,
                           {**sidecar_meta(settings, row.doc_id), REPLACES_KEY: row.doc_id})
    except Exception as e:
        log.warning("replacement refused: %s", e)
        st.error(f"{escape(new.name)}: {escape(user_message(e) or GENERIC_ERROR)} "
                 "Ingenting har ändrats.")
        return
    with st.status(f"Ersätter {escape(row.title)} …", expanded=True) as status:
        results = sync_saved(settings, {document_id(path, settings.knowledge_dir):
                                         (new.name, path)})
        status.update(label="Klart.", state="error" if results[0].failed else "complete")
    finish_write(results, f"Ersättningen av ”{row.title}” är klar." if not results[0].failed
                  else f"”{row.title}” kunde inte ersättas; den gamla versionen gäller.")


def sidecar_meta(settings: Settings, doc_id: str) -> dict[str, Any]:
    """The metadata given at upload (the sidecar file), so a new version keeps it; a document
    described by its own front matter has none, and the new version's front matter counts."""
    try:
        raw = sidecar_metadata(settings.knowledge_dir / doc_id)
    except LoadError as e:
        log.warning("unreadable sidecar for %s (%s); the new version gets none", doc_id, e.detail)
        raw = {}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in raw.items()
            if k in META_FIELDS}


def _delete_section(settings: Settings, row: InventoryRow) -> None:
    st.subheader("Ta bort dokumentet")
    state = st.session_state
    if state.get(DELETE_KEY) != row.doc_id:
        st.markdown("Dokumentet tas bort ur kunskapsbasen och filen raderas ur kunskapsmappen.")
        if st.button("Ta bort dokumentet …", key=f"admin-delete-{nonce()}"):
            state[DELETE_KEY] = row.doc_id
            st.rerun()
        return
    st.warning(f"Vill du verkligen ta bort ”{escape(row.title)}” ({escape(row.doc_id)})? "
               "Det går inte att ångra; chatten slutar citera dokumentet direkt.")
    confirm, cancel = st.columns(2)
    with confirm:
        if st.button("Ja, ta bort dokumentet", key=f"admin-delete-confirm-{nonce()}",
                     type="primary"):
            state.pop(DELETE_KEY, None)
            report = ingestor(settings).remove([row.doc_id], delete_files=True)
            gone = row.doc_id in report.removed
            failures = [f.message for f in report.failures]
            result = FileResult(row.title, "Borttagen" if gone else "Misslyckades",
                                " ".join(failures) or ("Dokumentet och filen är borttagna."
                                                       if gone else "Dokumentet hittades inte."))
            finish_write([result], f"”{row.title}” är borttaget." if gone
                          else f"”{row.title}” kunde inte tas bort.")
    with cancel:
        if st.button("Avbryt", key=f"admin-delete-cancel-{nonce()}"):
            state.pop(DELETE_KEY, None)
            st.rerun()
