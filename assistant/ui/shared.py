"""What every page of the app shares: one assistant, one set of resources (model, stores and
the embedding lock, assistant/resources.py) and the audit log, per process; and the one way a
question is asked, so no exception ever reaches the page."""

from __future__ import annotations

import logging
import threading
from typing import Any

import streamlit as st

from assistant.answer.answering import TEXTS, Assistant, Conversation
from assistant.config import Settings, get_settings
from assistant.models import Answer
from assistant.reference import is_profile
from assistant.resources import Resources
from assistant.stores.audit import AuditLog

log = logging.getLogger(__name__)


class SharedAssistant:
    """One assistant per process (model and store are shared by all sessions). Sessions ask at
    the same time: only the embedding call runs one at a time (the resources' lock, which the
    admin page's writer takes per embedding call too), and a store refresh waits for the
    questions in flight (`Resources.gate`)."""

    def __init__(self, settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        self.resources = Resources(settings)
        self.assistant = Assistant(settings, resources=self.resources)
        self.audit = AuditLog.from_settings(settings)
        self.warmed = threading.Event()

    def warm_in_background(self) -> threading.Thread:
        """Load the model, open the store and index the statistics in a thread of its own, so
        the page renders meanwhile and the first question finds them ready (a question asked
        before then builds what it needs itself, each part once)."""
        thread = threading.Thread(target=self._warm, name="klimat-warm", daemon=True)
        thread.start()
        return thread

    def _warm(self) -> None:
        try:
            self.assistant.warm()
        except Exception:  # a question reports the same problem to its user; never the warm-up
            log.warning("warming the assistant failed", exc_info=True)
        finally:
            self.warmed.set()

    def ask(self, question: str, conversation: Conversation) -> Answer:
        self.assistant.refresh_if_updated()
        # The language model (if any) is streamed by the page, outside the assistant.
        return self.assistant.ask(question, conversation, rewrite=False)

    def inventory(self) -> dict[str, Any]:
        with self.resources.gate.reading():
            documents = [d for d in self.assistant.store.documents()
                         if not is_profile(d.doc_id)]
            return {"documents": documents, "datasets": self.assistant.stats.datasets()}

    def record(self, answer: Answer) -> str:
        if self.audit is None:
            return ""
        try:
            return self.audit.record(answer)
        except Exception:  # the audit log must never cost the user an answer
            log.error("audit record failed", exc_info=True)
            return ""


@st.cache_resource(show_spinner=False)
def shared_assistant() -> SharedAssistant:
    """Built once per process, cheaply (nothing heavy is loaded here): the warm-up runs in the
    background, so the first page is drawn at once."""
    shared = SharedAssistant()
    shared.warm_in_background()
    return shared


def ask_safely(question: str, conversation: Conversation) -> Answer:
    try:
        return shared_assistant().ask(question, conversation)
    except Exception as exc:
        log.error("answering failed", exc_info=True)
        message = getattr(exc, "user_message", "") or TEXTS["sv"]["error"]
        return Answer(question[:200], "refused", message)
