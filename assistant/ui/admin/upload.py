"""The admin page's upload tab: new documents with their metadata, checked and saved before
anything is ingested, then ingested one by one with a result per file."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.pipeline.ingestion import IngestLocked, IngestReport
from assistant.pipeline.loading import document_id
from assistant.pipeline.loading.metadata import (
    MAX_META_CHARS,
    MAX_METADATA_BYTES,
    parse_metadata,
    split_front_matter,
)
from assistant.pipeline.uploads import save_upload
from assistant.ui.admin.common import (
    DOC_SUFFIXES,
    FileResult,
    finish_write,
    ingestor,
    nonce,
    upload_cap_mb,
    user_message,
)
from assistant.ui.rendering import escape

log = logging.getLogger(__name__)


MAX_HINT_BYTES = MAX_METADATA_BYTES + 4096  # front matter and the first heading after it
# The upload form's caps: the loader's per-field caps, a date's length, and the topics joined.
FORM_MAX_CHARS = {**MAX_META_CHARS, "source_date": 10, "topics": 300}
# The types the shipped knowledge base uses, plus a few a region office will need.
DOC_TYPES = ("vägledning", "fakta", "plan", "metod", "lagstiftning", "finansiering",
             "statistikbeskrivning", "rapport", "beslut", "övrigt")
DATE_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def render(settings: Settings) -> None:
    st.markdown(
        "Ladda upp en eller flera filer (PDF, Word, HTML, Markdown eller text), högst "
        f"{upload_cap_mb(settings)} MB per fil. Fyll i uppgifterna om varje dokument och läs in "
        "dem; resultatet visas fil för fil.")
    files = st.file_uploader(
        "Dokument att lägga till", type=list(DOC_SUFFIXES), accept_multiple_files=True,
        max_upload_size=upload_cap_mb(settings), key=f"admin-upload-{nonce()}")
    if not files:
        return
    with st.form(f"admin-upload-form-{nonce()}"):
        metas = [_metadata_fields(f, i) for i, f in enumerate(files)]
        submitted = st.form_submit_button(f"Läs in {len(files)} fil(er)", type="primary")
    if submitted:
        _ingest_uploads(settings, files, metas)


def _metadata_fields(file: Any, index: int) -> dict[str, str]:
    """Per-file metadata, prefilled from the file. Blank fields are left out, so what the file
    says itself (front matter) still counts."""
    hints = file_hints(file.name, file.getvalue())
    key = f"admin-meta-{nonce()}-{index}"
    st.subheader(f"Fil {index + 1}: {escape(file.name)}")
    doc_type = hints.get("doc_type", "vägledning")
    types = DOC_TYPES if doc_type in DOC_TYPES else (doc_type, *DOC_TYPES)
    meta = {
        "title": st.text_input("Titel", value=hints.get("title", ""),
                               max_chars=FORM_MAX_CHARS["title"], key=f"{key}-title"),
        "doc_type": st.selectbox("Dokumenttyp", types, index=types.index(doc_type),
                                 key=f"{key}-type"),
        "publisher": st.text_input("Utgivare", value=hints.get("publisher", ""),
                                   max_chars=FORM_MAX_CHARS["publisher"],
                                   key=f"{key}-publisher"),
        "source_url": st.text_input("Källans webbadress (valfri)",
                                    value=hints.get("source_url", ""),
                                    max_chars=FORM_MAX_CHARS["source_url"],
                                    key=f"{key}-url", placeholder="https://…"),
        "source_date": st.text_input("Dokumentets datum (ÅÅÅÅ-MM-DD eller ÅÅÅÅ)",
                                     value=hints.get("source_date", ""),
                                     max_chars=FORM_MAX_CHARS["source_date"],
                                     key=f"{key}-date"),
        "topics": st.text_input("Ämnen (skilj med kommatecken)", value=hints.get("topics", ""),
                                max_chars=FORM_MAX_CHARS["topics"], key=f"{key}-topics"),
        "kommun": st.text_input("Kommun som dokumentet gäller (valfri)",
                                value=hints.get("kommun", ""), max_chars=FORM_MAX_CHARS["kommun"],
                                key=f"{key}-kommun"),
    }
    return {k: v.strip() for k, v in meta.items() if v and v.strip()}


def file_hints(name: str, data: bytes) -> dict[str, str]:
    """Defaults for the form: Markdown front matter or first heading, else the file name."""
    hints: dict[str, str] = {}
    if Path(name).suffix.lower() in (".md", ".markdown") and data:
        text = data[:MAX_HINT_BYTES].decode("utf-8", errors="replace")
        block, body = split_front_matter(text)
        if block is not None:
            try:  # in the server process: the loader's limits (no aliases, size, flat values)
                front = parse_metadata(block, name, "front matter")
            except LoadError:
                front = {}
            for field in ("title", "doc_type", "publisher", "source_url", "source_date",
                          "kommun", "topics"):
                value = front.get(field)
                if value:
                    text_value = ", ".join(value) if isinstance(value, tuple) else value
                    hints[field] = text_value[:FORM_MAX_CHARS.get(field, 300)]
        body = body if block is not None else text  # a YAML comment is not a heading
        heading = re.search(r"^#\s+(.+)$", body, re.M)
        if "title" not in hints and heading:
            hints["title"] = heading.group(1).strip()[:FORM_MAX_CHARS["title"]]
    if "title" not in hints:
        stem = re.sub(r"[_\-]+", " ", Path(name).stem).strip()
        hints["title"] = stem[:1].upper() + stem[1:]
    return hints


def _metadata_problems(meta: dict[str, str]) -> list[str]:
    problems = []
    if not meta.get("title"):
        problems.append("titel saknas")
    if meta.get("source_date") and not DATE_TEXT.match(meta["source_date"]):
        problems.append("datumet ska skrivas ÅÅÅÅ-MM-DD eller ÅÅÅÅ")
    if meta.get("source_url") and not meta["source_url"].startswith(("https://", "http://")):
        problems.append("webbadressen ska börja med https://")
    return problems


def _ingest_uploads(settings: Settings, files: Sequence[Any],
                    metas: Sequence[dict[str, str]]) -> None:
    problems = [(f.name, p) for f, m in zip(files, metas, strict=True)
                if (p := _metadata_problems(m))]
    if problems:
        for name, items in problems:
            st.error(f"{escape(name)}: {'; '.join(items)}.")
        st.markdown("Rätta uppgifterna ovan och försök igen. Ingenting har lästs in.")
        return
    results: list[FileResult] = []
    saved: dict[str, tuple[str, Path]] = {}  # doc_id -> (uploaded name, path on disk)
    with st.status(f"Läser in {len(files)} fil(er) …", expanded=True) as status:
        for file, meta in zip(files, metas, strict=True):
            st.write(f"Kontrollerar {escape(file.name)} …")
            try:  # checks type, size, emptiness and that it parses, before writing anything
                path = save_upload(settings, file.getvalue(), file.name, meta)
            except Exception as e:
                log.warning("upload of a file refused: %s", e)
                results.append(FileResult(file.name, "Misslyckades", user_message(e) or
                                          "Filen kunde inte sparas."))
                continue
            saved[document_id(path, settings.knowledge_dir)] = (file.name, path)
            st.write(f"Sparade {escape(file.name)}.")
        if saved:
            results += sync_saved(settings, saved)
        failed = sum(r.failed for r in results)
        status.update(label=f"Klart: {len(results) - failed} av {len(results)} fil(er) inlästa.",
                      state="error" if failed else "complete")
    finish_write(results, f"Uppladdningen är klar: {len(results) - failed} av {len(results)} "
                           f"fil(er) inlästa, {failed} misslyckades.")


def sync_saved(settings: Settings, saved: dict[str, tuple[str, Path]]) -> list[FileResult]:
    bar = st.progress(0.0, text="Läser in …")
    names = {doc_id: name for doc_id, (name, _) in saved.items()}

    def progress(done: int, total: int, label: str) -> None:
        if total:
            shown = escape(names.get(label, label), inline=True)  # progress text is Markdown
            bar.progress(min(1.0, done / total),
                         text=f"Fil {min(done + 1, total)} av {total}: {shown}" if label
                         else "Klart.")

    try:
        report = ingestor(settings, progress).sync(paths=[p for _, p in saved.values()])
    except IngestLocked as e:
        return [FileResult(name, "Misslyckades", f"{e.user_message} Filen är sparad och läses "
                           "in vid nästa inläsning.") for name, _ in saved.values()]
    bar.progress(1.0, text="Klart.")
    return _file_results(report, names)


def _file_results(report: IngestReport, names: dict[str, str]) -> list[FileResult]:
    """One plain-Swedish line per document of the report."""
    failures = {f.path: f.message for f in report.failures}
    results = []
    for doc_id, name in names.items():
        notes = " ".join(w.removeprefix(f"{doc_id}: ") for w in report.warnings
                         if w.startswith(f"{doc_id}: "))
        if doc_id in failures:
            results.append(FileResult(name, "Misslyckades", failures[doc_id]))
        elif doc_id in report.added:
            results.append(FileResult(name, "Tillagd", notes or "Dokumentet är sökbart nu."))
        elif doc_id in report.updated:
            results.append(FileResult(name, "Uppdaterad", notes or "Den nya versionen gäller."))
        elif doc_id in report.unchanged:
            results.append(FileResult(name, "Oförändrad", "Samma innehåll fanns redan."))
        else:
            results.append(FileResult(name, "Misslyckades", "Inläsningen gav inget resultat "
                                       "för filen; se Senaste inläsningen."))
    return results
