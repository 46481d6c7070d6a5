"""What every page of the app shares: one assistant, one set of resources (model, stores and
the embedding lock, assistant/resources.py) and the audit log, per process; and the one way a
question is asked, so no exception ever reaches the page."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from assistant.answer.answering import TEXTS, Assistant, Conversation
from assistant.config import get_settings
from assistant.models import Answer
from assistant.reference import is_profile
from assistant.resources import Resources
from assistant.stores.audit import AuditLog

log = logging.getLogger(__name__)


class SharedAssistant:
    """One assistant per process (model and store are shared by all sessions); the resources'
    lock keeps the embedding model, which is not documented as thread-safe, to one caller at a
    time: the chat holds it per question, the admin page's writer per embedding call."""

    def __init__(self) -> None:
        settings = get_settings()
        self.resources = Resources(settings)
        self.assistant = Assistant(settings, resources=self.resources)
        self.audit = AuditLog.from_settings(settings)
        self.lock = self.resources.lock

    def ask(self, question: str, conversation: Conversation) -> Answer:
        with self.lock:
            self.assistant.refresh_if_updated()
            # The language model (if any) is streamed by the page, outside the lock.
            return self.assistant.ask(question, conversation, rewrite=False)

    def inventory(self) -> dict[str, Any]:
        with self.lock:
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


@st.cache_resource(show_spinner="Laddar kunskapsbasen …")
def shared_assistant() -> SharedAssistant:
    return SharedAssistant()


def ask_safely(question: str, conversation: Conversation) -> Answer:
    try:
        return shared_assistant().ask(question, conversation)
    except Exception as exc:
        log.error("answering failed", exc_info=True)
        message = getattr(exc, "user_message", "") or TEXTS["sv"]["error"]
        return Answer(question[:200], "refused", message)
