"""The admin page: region staff keep the knowledge base current while others keep asking.

Only an admin sees anything beyond the login (see `assistant.auth`). Everything that writes goes
through `assistant.ingestion` (one writer at a time, a generation marker the chat notices), so
this module only collects input, shows progress and explains the outcome in Swedish. Like the
chat page, it never shows a traceback: every section runs in `_guarded`, which turns a failure
into a sentence and logs the details.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from assistant import auth
from assistant.audit import AuditLog
from assistant.config import Settings, get_settings
from assistant.ingestion import (
    PROFILE_PREFIX,
    IngestLocked,
    Ingestor,
    IngestReport,
    InventoryRow,
    last_report,
    save_upload,
)
from assistant.loading import (
    FRONT_MATTER,
    MAX_META_CHARS,
    MAX_METADATA_BYTES,
    META_FIELDS,
    STATISTICS_DIR,
    LoadError,
    document_id,
    parse_metadata,
    sidecar_metadata,
)
from assistant.rendering import escape
from assistant.statistics import DATASET_ID, Manifest, StatisticsError, open_statistics
from assistant.ui import shared_assistant
from assistant.uploads import REPLACES_KEY

log = logging.getLogger(__name__)

T = TypeVar("T")

DOC_SUFFIXES = ("pdf", "docx", "html", "htm", "md", "markdown", "txt")
DATA_SUFFIXES = ("csv", "xlsx")
MANIFEST_SUFFIXES = ("yaml", "yml")
MAX_HINT_BYTES = MAX_METADATA_BYTES + 4096  # front matter and the first heading after it
# The upload form's caps: the loader's per-field caps, a date's length, and the topics joined.
FORM_MAX_CHARS = {**MAX_META_CHARS, "source_date": 10, "topics": 300}
# The types the shipped knowledge base uses, plus a few a region office will need.
DOC_TYPES = ("vägledning", "fakta", "plan", "metod", "lagstiftning", "finansiering",
             "statistikbeskrivning", "rapport", "beslut", "övrigt")
DATE_TEXT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
GENERIC_ERROR = ("Något gick fel i administrationen. Försök igen; kvarstår felet, kontakta den "
                 "som förvaltar tjänsten (detaljerna finns i appens logg).")
TAB_TITLES = ("Innehåll", "Ladda upp", "Ersätt eller ta bort", "Statistik",
              "Senaste inläsningen", "Återkoppling")
DISABLED_TEXT = (
    "**Administrationen är avstängd**, eftersom inget administratörslösenord är angivet.\n\n"
    "Så slår du på den:\n"
    "1. Kör `python -m assistant.auth hash` på servern och skriv ett lösenord (minst "
    f"{auth.MIN_PASSWORD_CHARS} tecken).\n"
    f"2. Sätt miljövariabeln `{auth.PASSWORD_HASH_ENV}` till raden som skrivs ut.\n"
    "3. Starta om appen.\n\n"
    "Med inloggning via organisationens konto (OIDC) i stället: lägg in ett `[auth]`-avsnitt i "
    f"`.streamlit/secrets.toml` och ange administratörernas e-postadresser i "
    f"`{auth.ADMIN_USERS_ENV}`."
)

UNIT_CHANGE_LABEL = "Enheten ändras avsiktligt"  # the CLI's --allow-unit-change
RUN_NAMES = {"sync": "inläsning av hela kunskapsmappen", "add": "inläsning av enskilda filer",
             "remove": "borttagning av dokument", "stats load": "inläsning av statistik",
             "rebuild": "ombyggnad av kunskapsbasen"}

# Session-state keys. None of them is a widget key, so a browser cannot set them.
LOGIN_KEY = "_admin_login"
NONCE_KEY = "_admin_nonce"  # part of widget keys: bumped after a write to clear the inputs
RESULT_KEY = "_admin_result"  # the outcome of the last write, shown after the rerun
DELETE_KEY = "_admin_delete_pending"


@dataclass(frozen=True)
class Identity:
    name: str
    method: str  # "lösenord" | "OIDC"


@dataclass(frozen=True)
class FileResult:
    name: str  # the file name as uploaded: shown, never used as a path
    outcome: str  # Swedish: Tillagd, Uppdaterad, Oförändrad, Misslyckades, Borttagen …
    explanation: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == "Misslyckades"


# ------------------------------------------------------------------------------ page


def run_admin_page() -> None:
    st.title("Administration av kunskapsbasen")
    settings = get_settings()
    identity = _guarded(_login_gate, settings)
    if identity is None:
        return
    _account_bar(identity)
    _show_last_result()
    sections: tuple[Callable[[Settings], None], ...] = (
        _inventory_tab, _upload_tab, _change_tab, _statistics_tab, _last_run_tab, _feedback_tab)
    for tab, section in zip(st.tabs(TAB_TITLES), sections, strict=True):
        with tab:
            _guarded(section, settings)


def _guarded(section: Callable[..., T], *args: Any) -> T | None:
    """Run one part of the page; a failure becomes a Swedish message, never a traceback."""
    try:
        return section(*args)
    except IngestLocked as e:
        st.warning(e.user_message)
    except Exception as e:
        log.error("admin page: %s failed", section.__name__, exc_info=True)
        st.error(_user_message(e) or GENERIC_ERROR)
    return None


def _user_message(error: BaseException) -> str:
    # LoadError, StoreError, StatisticsError, IngestLocked and upload errors all carry one.
    return str(getattr(error, "user_message", "") or "")


# ------------------------------------------------------------------------------ login


def _login_gate(settings: Settings) -> Identity | None:
    """The admin's identity, or None after rendering the login (or why there is none)."""
    config = auth.AdminConfig.from_settings(settings)
    section = auth.oidc_section(st.secrets)
    if section is not None:
        return _oidc_gate(section, config)
    return _password_gate(config)


def _password_gate(config: auth.AdminConfig) -> Identity | None:
    if not config.password_enabled:
        st.info(DISABLED_TEXT)
        return None
    auth.parse_hash(config.password_hash)  # a broken setting says so instead of refusing all
    state = st.session_state
    tag = auth.fingerprint(config.password_hash)
    if state.get(LOGIN_KEY) == tag:
        return Identity("administratör", "lösenord")
    client = _client_address()
    wait = auth.THROTTLE.remaining(client)
    if wait > 0:
        st.error(f"För många felaktiga lösenord. Vänta {max(1, round(wait / 60))} minut(er) "
                 "och försök sedan igen.")
        return None
    box = st.empty()
    with box.container():
        st.markdown("Sidan är bara för dem som förvaltar kunskapsbasen. Logga in med "
                    "administratörslösenordet.")
        with st.form("admin-login", clear_on_submit=True):
            password = st.text_input("Administratörslösenord", type="password",
                                     max_chars=auth.MAX_PASSWORD_CHARS,
                                     autocomplete="current-password")
            submitted = st.form_submit_button("Logga in")
    if not submitted:
        return None
    if auth.verify_password(password, config.password_hash):
        auth.THROTTLE.success(client)
        state[LOGIN_KEY] = tag
        log.info("admin login with the password")
        box.empty()
        return Identity("administratör", "lösenord")
    time.sleep(auth.FAILURE_DELAY_SECONDS)  # slows guessing; scrypt alone is ~50 ms a try
    left = auth.THROTTLE.failure(client)
    log.warning("admin login: wrong password from %s (%d attempts left)",
                client or auth.UNKNOWN_CLIENT, left)
    st.error("Fel lösenord. " + (f"Du har {left} försök kvar innan inloggningen spärras en "
                                 "stund." if left else "Inloggningen är spärrad i fem minuter."))
    return None


def _client_address() -> str | None:
    """The connection's address, for the login throttle (None for a local connection)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection (e.g. a test harness)
        return None
    return address if isinstance(address, str) and address else None


def _oidc_gate(section: Any, config: auth.AdminConfig) -> Identity | None:
    providers = auth.oidc_providers(section)
    if not providers:
        st.error("Inloggningen via organisationens konto är felaktigt inställd (avsnittet "
                 "[auth] i secrets.toml saknar client_id). Kontakta den som förvaltar tjänsten.")
        return None
    user = dict(st.user.to_dict())
    if not user.get("is_logged_in"):
        st.markdown("Sidan är bara för dem som förvaltar kunskapsbasen. Logga in med ditt "
                    "organisationskonto.")
        for provider in providers:
            label = "Logga in" if provider is None else f"Logga in med {provider}"
            if st.button(label, key=f"admin-login-{provider or 'oidc'}"):
                st.login(provider)
        return None
    decision = auth.authorise_oidc_user(user, config.users)
    if not decision.allowed:
        log.warning("admin page refused for an OIDC user (%s)", decision.who or "no e-mail")
        st.error(decision.message)
        if st.button("Logga ut", key="admin-logout"):
            st.logout()
        return None
    return Identity(decision.who, "OIDC")


def _account_bar(identity: Identity) -> None:
    left, right = st.columns([4, 1])
    with left:
        st.caption(f"Inloggad som {escape(identity.name)} (via {identity.method}).")
    with right:
        if st.button("Logga ut", key="admin-logout"):
            st.session_state.pop(LOGIN_KEY, None)
            if identity.method == "OIDC":
                st.logout()
            st.rerun()


# ------------------------------------------------------------------------------ shared helpers


class _LockedEmbeddings:
    """The chat and this page share one embedding model (`get_embeddings` caches it per
    process), which is not documented as thread-safe: the page embeds under the chat's lock,
    one document at a time, so questions are answered between documents."""

    def __init__(self, inner: Any, lock: Any) -> None:
        self._inner = inner
        self._lock = lock

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._inner.embed_query(text)

    def __getattr__(self, name: str) -> Any:  # model_id, dimension, …
        return getattr(self._inner, name)


def _ingestor(settings: Settings, progress: Callable[[int, int, str], None] | None = None
              ) -> Ingestor:
    shared = shared_assistant()
    # Bring the chat's store up to date first. Otherwise a question during our write could find
    # an older generation and reopen, which swaps ChromaDB's per-process cache under our client.
    with shared.lock:
        shared.assistant.refresh_if_updated()
    embeddings = _LockedEmbeddings(shared.assistant.embeddings, shared.lock)
    return Ingestor(settings, embeddings=embeddings, progress=progress)


def _upload_cap_mb(settings: Settings) -> int:
    """The widget's cap overrides server.maxUploadSize, so never let it exceed that."""
    server_cap = int(st.get_option("server.maxUploadSize") or settings.max_upload_mb)
    return max(1, min(settings.max_upload_mb, server_cap))


def _nonce() -> int:
    return int(st.session_state.get(NONCE_KEY, 0))


def _finish_write(results: list[FileResult], summary: str) -> None:
    """Keep the outcome for the next run, clear the inputs (new widget keys) and rerun, so a
    second click cannot upload the same files again."""
    st.session_state[RESULT_KEY] = {"results": results, "summary": summary}
    st.session_state[NONCE_KEY] = _nonce() + 1
    st.rerun()


def _show_last_result() -> None:
    outcome = st.session_state.get(RESULT_KEY)
    if not outcome:
        return
    results: list[FileResult] = outcome["results"]
    failed = sum(r.failed for r in results)
    message = escape(outcome["summary"])
    if failed and failed == len(results):
        st.error(message)
    elif failed:
        st.warning(message)
    else:
        st.success(message)
    if results:
        _results_table(results)
    if st.button("Dölj resultatet", key="admin-hide-result"):
        st.session_state.pop(RESULT_KEY, None)
        st.rerun()


def _results_table(results: Sequence[FileResult]) -> None:
    st.dataframe(pd.DataFrame([{"Fil": r.name, "Resultat": r.outcome,
                                "Förklaring": r.explanation} for r in results]),
                 hide_index=True, width="stretch")


def _when(iso: str) -> str:
    """'2025-03-01T12:34:56Z' -> '2025-03-01 12:34 UTC' (the stores keep UTC)."""
    return f"{iso[:16].replace('T', ' ')} UTC" if iso else ""


# ------------------------------------------------------------------------------ inventory


def _is_document(row: InventoryRow) -> bool:
    return row.kind != "profile" and not row.doc_id.startswith(PROFILE_PREFIX)


def _inventory_tab(settings: Settings) -> None:
    rows = _ingestor(settings).inventory()
    documents = [r for r in rows if _is_document(r)]
    profiles = len(rows) - len(documents)
    datasets = open_statistics(settings).datasets()
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
            "Inläst": _when(d.loaded_at)} for d in datasets]),
            hide_index=True, width="stretch", key="admin-inventory-datasets")
    else:
        st.markdown("Ingen statistik är inläst.")


def _document_row(row: InventoryRow) -> dict[str, Any]:
    return {"Titel": row.title, "Typ": row.doc_type, "Datum": row.source_date,
            "Textavsnitt": row.chunks, "Senast inläst": _when(row.ingested_at),
            "Status": row.status_label, "Fel vid senaste inläsningen": row.message,
            "Varningar": " ".join(row.warnings), "Id": row.doc_id}


def _store_mode(settings: Settings) -> str:
    if settings.chroma_url:
        return f"ChromaDB-server på {settings.chroma_url}"
    return f"på disk i {settings.chroma_dir}"


# ------------------------------------------------------------------------------ upload


def _upload_tab(settings: Settings) -> None:
    st.markdown(
        "Ladda upp en eller flera filer (PDF, Word, HTML, Markdown eller text), högst "
        f"{_upload_cap_mb(settings)} MB per fil. Fyll i uppgifterna om varje dokument och läs in "
        "dem; resultatet visas fil för fil.")
    files = st.file_uploader(
        "Dokument att lägga till", type=list(DOC_SUFFIXES), accept_multiple_files=True,
        max_upload_size=_upload_cap_mb(settings), key=f"admin-upload-{_nonce()}")
    if not files:
        return
    with st.form(f"admin-upload-form-{_nonce()}"):
        metas = [_metadata_fields(f, i) for i, f in enumerate(files)]
        submitted = st.form_submit_button(f"Läs in {len(files)} fil(er)", type="primary")
    if submitted:
        _ingest_uploads(settings, files, metas)


def _metadata_fields(file: Any, index: int) -> dict[str, str]:
    """Per-file metadata, prefilled from the file. Blank fields are left out, so what the file
    says itself (front matter) still counts."""
    hints = _file_hints(file.name, file.getvalue())
    key = f"admin-meta-{_nonce()}-{index}"
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


def _file_hints(name: str, data: bytes) -> dict[str, str]:
    """Defaults for the form: Markdown front matter or first heading, else the file name."""
    hints: dict[str, str] = {}
    if Path(name).suffix.lower() in (".md", ".markdown") and data:
        text = data[:MAX_HINT_BYTES].decode("utf-8", errors="replace")
        match = FRONT_MATTER.match(text)
        if match:
            try:  # in the server process: the loader's limits (no aliases, size, flat values)
                front = parse_metadata(match.group(1), name, "front matter")
            except LoadError:
                front = {}
            for field in ("title", "doc_type", "publisher", "source_url", "source_date",
                          "kommun", "topics"):
                value = front.get(field)
                if value:
                    text_value = ", ".join(value) if isinstance(value, tuple) else value
                    hints[field] = text_value[:FORM_MAX_CHARS.get(field, 300)]
        body = text[match.end():] if match else text  # a YAML comment is not a heading
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
                results.append(FileResult(file.name, "Misslyckades", _user_message(e) or
                                          "Filen kunde inte sparas."))
                continue
            saved[document_id(path, settings.knowledge_dir)] = (file.name, path)
            st.write(f"Sparade {escape(file.name)}.")
        if saved:
            results += _sync_saved(settings, saved)
        failed = sum(r.failed for r in results)
        status.update(label=f"Klart: {len(results) - failed} av {len(results)} fil(er) inlästa.",
                      state="error" if failed else "complete")
    _finish_write(results, f"Uppladdningen är klar: {len(results) - failed} av {len(results)} "
                           f"fil(er) inlästa, {failed} misslyckades.")


def _sync_saved(settings: Settings, saved: dict[str, tuple[str, Path]]) -> list[FileResult]:
    bar = st.progress(0.0, text="Läser in …")
    names = {doc_id: name for doc_id, (name, _) in saved.items()}

    def progress(done: int, total: int, label: str) -> None:
        if total:
            shown = escape(names.get(label, label), inline=True)  # progress text is Markdown
            bar.progress(min(1.0, done / total),
                         text=f"Fil {min(done + 1, total)} av {total}: {shown}" if label
                         else "Klart.")

    try:
        report = _ingestor(settings, progress).sync(paths=[p for _, p in saved.values()])
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


# ------------------------------------------------------------------------------ replace, delete


def _change_tab(settings: Settings) -> None:
    rows = [r for r in _ingestor(settings).inventory() if _is_document(r)]
    if not rows:
        st.markdown("Kunskapsbasen har inga dokument att ersätta eller ta bort.")
        return
    titles = {r.doc_id: r.title for r in rows}
    doc_id = st.selectbox("Dokument att ersätta eller ta bort", list(titles), index=None,
                          format_func=lambda d: f"{titles[d]} ({d})",
                          placeholder="Välj ett dokument", key=f"admin-change-doc-{_nonce()}")
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
                           max_upload_size=_upload_cap_mb(settings),
                           key=f"admin-replace-{_nonce()}")
    if not st.button("Ersätt dokumentet", key=f"admin-replace-go-{_nonce()}",
                     disabled=new is None):
        return
    try:  # same checks as an upload; the old file stays until the new one has passed them
        path = save_upload(settings, new.getvalue(), new.name,
                           {**_sidecar_meta(settings, row.doc_id), REPLACES_KEY: row.doc_id})
    except Exception as e:
        log.warning("replacement refused: %s", e)
        st.error(f"{escape(new.name)}: {escape(_user_message(e) or GENERIC_ERROR)} "
                 "Ingenting har ändrats.")
        return
    with st.status(f"Ersätter {escape(row.title)} …", expanded=True) as status:
        results = _sync_saved(settings, {document_id(path, settings.knowledge_dir):
                                         (new.name, path)})
        status.update(label="Klart.", state="error" if results[0].failed else "complete")
    _finish_write(results, f"Ersättningen av ”{row.title}” är klar." if not results[0].failed
                  else f"”{row.title}” kunde inte ersättas; den gamla versionen gäller.")


def _sidecar_meta(settings: Settings, doc_id: str) -> dict[str, Any]:
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
        if st.button("Ta bort dokumentet …", key=f"admin-delete-{_nonce()}"):
            state[DELETE_KEY] = row.doc_id
            st.rerun()
        return
    st.warning(f"Vill du verkligen ta bort ”{escape(row.title)}” ({escape(row.doc_id)})? "
               "Det går inte att ångra; chatten slutar citera dokumentet direkt.")
    confirm, cancel = st.columns(2)
    with confirm:
        if st.button("Ja, ta bort dokumentet", key=f"admin-delete-confirm-{_nonce()}",
                     type="primary"):
            state.pop(DELETE_KEY, None)
            report = _ingestor(settings).remove([row.doc_id], delete_files=True)
            gone = row.doc_id in report.removed
            failures = [f.message for f in report.failures]
            result = FileResult(row.title, "Borttagen" if gone else "Misslyckades",
                                " ".join(failures) or ("Dokumentet och filen är borttagna."
                                                       if gone else "Dokumentet hittades inte."))
            _finish_write([result], f"”{row.title}” är borttaget." if gone
                          else f"”{row.title}” kunde inte tas bort.")
    with cancel:
        if st.button("Avbryt", key=f"admin-delete-cancel-{_nonce()}"):
            state.pop(DELETE_KEY, None)
            st.rerun()


# ------------------------------------------------------------------------------ statistics


def _statistics_tab(settings: Settings) -> None:
    st.markdown(
        "Läs in en ny utgåva av ett dataset: en CSV- eller XLSX-fil och dess manifest. Filen "
        "kontrolleras mot manifestet innan något byts ut; är den felaktig gäller den gamla "
        "utgåvan.")
    datasets = {d.id: d for d in open_statistics(settings).datasets()}
    nonce = _nonce()
    choice = st.radio("Manifest", ("Ett befintligt dataset", "Ladda upp ett nytt manifest"),
                      horizontal=True, key=f"admin-stats-mode-{nonce}")
    dataset_id: str | None = None
    manifest_file = None
    if choice == "Ett befintligt dataset":
        dataset_id = st.selectbox(
            "Dataset", list(datasets), index=None, placeholder="Välj ett dataset",
            format_func=lambda d: f"{datasets[d].title} – {datasets[d].release}",
            key=f"admin-stats-dataset-{nonce}")
    else:
        manifest_file = st.file_uploader("Manifest (YAML)", type=list(MANIFEST_SUFFIXES),
                                         key=f"admin-stats-manifest-{nonce}")
    data_file = st.file_uploader("Data (CSV eller XLSX)", type=list(DATA_SUFFIXES),
                                 max_upload_size=_upload_cap_mb(settings),
                                 key=f"admin-stats-data-{nonce}")
    allow_unit_change = st.checkbox(
        UNIT_CHANGE_LABEL, key=f"admin-stats-unit-{nonce}",
        help="Kryssa bara i när den nya utgåvan avsiktligt anger sina värden i en annan enhet "
             "än den inlästa (t.ex. kt i stället för t). Annars avvisas en ändrad enhet.")
    ready = data_file is not None and (dataset_id is not None or manifest_file is not None)
    if st.button("Läs in utgåvan", key=f"admin-stats-go-{nonce}", disabled=not ready):
        _load_release(settings, data_file, dataset_id, manifest_file, allow_unit_change)


def _load_release(settings: Settings, data_file: Any, dataset_id: str | None,
                  manifest_file: Any, allow_unit_change: bool = False) -> None:
    suffix = Path(data_file.name).suffix.lower().lstrip(".")
    with tempfile.TemporaryDirectory(prefix="klimat-stats-") as tmp:
        try:
            if suffix not in DATA_SUFFIXES:
                raise StatisticsError("Statistiken måste vara en CSV- eller XLSX-fil.")
            manifest_path = _manifest_path(settings, Path(tmp), dataset_id, manifest_file)
        except StatisticsError as e:
            st.error(f"{escape(e.user_message)} Den gamla utgåvan gäller.")
            return
        dataset_id = manifest_path.name.removesuffix(".manifest.yaml")
        # Named after the dataset, never after the uploaded file (load_statistics checks it).
        data_path = Path(tmp) / f"{dataset_id}.{suffix}"
        data_path.write_bytes(data_file.getvalue())
        with st.spinner("Kontrollerar och läser in statistiken …"):
            report = _ingestor(settings).load_statistics(data_path, manifest_path,
                                                         allow_unit_change=allow_unit_change)
    result = _release_result(report, dataset_id, data_file.name)
    _finish_write([result], "Den nya utgåvan är inläst." if not result.failed else
                  "Utgåvan lästes inte in; den gamla utgåvan gäller.")


def _manifest_path(settings: Settings, tmp: Path, dataset_id: str | None,
                   manifest_file: Any) -> Path:
    """The chosen dataset's manifest in the knowledge folder, or the uploaded one checked and
    written to `tmp` under its own id. Raises StatisticsError with a Swedish message."""
    if manifest_file is None:
        if dataset_id is None or not DATASET_ID.match(dataset_id):
            raise StatisticsError("Välj ett dataset.")
        current = settings.knowledge_dir / STATISTICS_DIR / f"{dataset_id}.manifest.yaml"
        if not current.is_file():
            raise StatisticsError(f"Manifestet för {dataset_id} finns inte i kunskapsmappen "
                                  f"({STATISTICS_DIR}/{dataset_id}.manifest.yaml). Ladda upp "
                                  "manifestet i stället.")
        # A copy: the release is installed over the folder's own manifest.
        path = tmp / current.name
        path.write_bytes(current.read_bytes())
        return path
    data = manifest_file.getvalue()
    if not data:
        raise StatisticsError("Manifestet är tomt.")
    # The same limits as a manifest in the knowledge folder; every problem names its field.
    manifest = Manifest.from_text(data, origin="Manifestet")
    path = tmp / f"{manifest.id}.manifest.yaml"
    path.write_bytes(data)
    return path


def _release_result(report: IngestReport, dataset_id: str, name: str) -> FileResult:
    loaded = [d for d in report.datasets if d.dataset_id == dataset_id]
    if loaded and loaded[0].status == "loaded" and not report.failures:
        return FileResult(name, "Inläst", loaded[0].message)
    if loaded and loaded[0].status == "unchanged" and not report.failures:
        return FileResult(name, "Oförändrad", "Samma utgåva fanns redan.")
    reasons = [f.message for f in report.failures] or [d.message for d in loaded]
    return FileResult(name, "Misslyckades", " ".join(reasons) or "Statistiken lästes inte in.")


# ------------------------------------------------------------------------------ last run


def _last_run_tab(settings: Settings) -> None:
    report = last_report(settings)
    if report is None:
        st.markdown("Ingen inläsning är registrerad ännu.")
        return
    what = RUN_NAMES.get(report.command, report.command)
    st.markdown(f"Senaste körningen: {escape(what)}, startad {_when(report.started_at)}.")
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


# ------------------------------------------------------------------------------ feedback


def _feedback_tab(settings: Settings) -> None:
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
        "Tid": _when(e.created_at), "Omdöme": "Till hjälp" if e.helpful else "Inte till hjälp",
        "Kommentar": e.comment, "Fråga": e.question, "Utfall": e.status,
        "Svar": e.answer[:300] + ("…" if len(e.answer) > 300 else "")} for e in entries]),
        hide_index=True, width="stretch", key="admin-feedback")
