"""What the admin page's tabs share: the guard that turns a failure into a sentence, the one
writer (an `Ingestor` that embeds under the chat's lock), and how a write's outcome is kept
across the rerun and shown."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from assistant.config import Settings
from assistant.pipeline.ingestion import IngestLocked, Ingestor
from assistant.pipeline.maintenance import InventoryRow
from assistant.reference import is_profile
from assistant.ui.rendering import escape
from assistant.ui.shared import shared_assistant

log = logging.getLogger(__name__)


T = TypeVar("T")
DOC_SUFFIXES = ("pdf", "docx", "html", "htm", "md", "markdown", "txt")
GENERIC_ERROR = ("Något gick fel i administrationen. Försök igen; kvarstår felet, kontakta den "
                 "som förvaltar tjänsten (detaljerna finns i appens logg).")
NONCE_KEY = "_admin_nonce"  # part of widget keys: bumped after a write to clear the inputs
RESULT_KEY = "_admin_result"  # the outcome of the last write, shown after the rerun


@dataclass(frozen=True)
class FileResult:
    name: str  # the file name as uploaded: shown, never used as a path
    outcome: str  # Swedish: Tillagd, Uppdaterad, Oförändrad, Misslyckades, Borttagen …
    explanation: str = ""

    @property
    def failed(self) -> bool:
        return self.outcome == "Misslyckades"


def guarded(section: Callable[..., T], *args: Any) -> T | None:
    """Run one part of the page; a failure becomes a Swedish message, never a traceback."""
    try:
        return section(*args)
    except IngestLocked as e:
        st.warning(e.user_message)
    except Exception as e:
        log.error("admin page: %s failed", section.__name__, exc_info=True)
        st.error(user_message(e) or GENERIC_ERROR)
    return None


def user_message(error: BaseException) -> str:
    # LoadError, StoreError, StatisticsError, IngestLocked and upload errors all carry one.
    return str(getattr(error, "user_message", "") or "")


def ingestor(settings: Settings, progress: Callable[[int, int, str], None] | None = None
             ) -> Ingestor:
    """The page's writer: its own store, embedding with the chat's model under the chat's lock
    (one document at a time, so questions are answered between documents)."""
    shared = shared_assistant()
    # Bring the chat's store up to date first. Otherwise a question during our write could find
    # an older generation and reopen, which swaps ChromaDB's per-process cache under our client.
    # (Not under the embedding lock: the refresh waits for questions, which wait for that lock.)
    shared.assistant.refresh_if_updated()
    return Ingestor(settings, embeddings=shared.resources.locked_embeddings(), progress=progress)


def upload_cap_mb(settings: Settings) -> int:
    """The widget's cap overrides server.maxUploadSize, so never let it exceed that."""
    server_cap = int(st.get_option("server.maxUploadSize") or settings.max_upload_mb)
    return max(1, min(settings.max_upload_mb, server_cap))


def nonce() -> int:
    return int(st.session_state.get(NONCE_KEY, 0))


def finish_write(results: list[FileResult], summary: str) -> None:
    """Keep the outcome for the next run, clear the inputs (new widget keys) and rerun, so a
    second click cannot upload the same files again."""
    st.session_state[RESULT_KEY] = {"results": results, "summary": summary}
    st.session_state[NONCE_KEY] = nonce() + 1
    st.rerun()


def show_last_result() -> None:
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
        results_table(results)
    if st.button("Dölj resultatet", key="admin-hide-result"):
        st.session_state.pop(RESULT_KEY, None)
        st.rerun()


def results_table(results: Sequence[FileResult]) -> None:
    st.dataframe(pd.DataFrame([{"Fil": r.name, "Resultat": r.outcome,
                                "Förklaring": r.explanation} for r in results]),
                 hide_index=True, width="stretch")


def when(iso: str) -> str:
    """'2025-03-01T12:34:56Z' -> '2025-03-01 12:34 UTC' (the stores keep UTC)."""
    return f"{iso[:16].replace('T', ' ')} UTC" if iso else ""


def is_document(row: InventoryRow) -> bool:
    return row.kind != "profile" and not is_profile(row.doc_id)
