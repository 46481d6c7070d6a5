"""Server mode: the app and `ingest.py` talking to one real `chroma run` on 127.0.0.1.

The session fixture `chroma_server` starts the server (a failure to start is an error in CI, a
skip elsewhere); each test works in a collection of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.models import Document, DocumentMeta, Section
from assistant.pipeline.chunking import chunk_document
from assistant.stores.embeddings import get_embeddings
from assistant.stores.vectors import StoreError, VectorStore
from tests.conftest import free_port, heartbeat_ok, unique_collection


def note(doc_id: str, text: str, version: str = "1") -> Document:
    return Document(doc_id=doc_id, path=doc_id, sections=(Section(text, ("Rubrik",)),),
                    meta=DocumentMeta(title=doc_id), sha256=(version * 64)[:64])


def put(store: VectorStore, doc: Document) -> None:
    store.replace_document(doc, chunk_document(doc, 900, 120))


def test_server_answers_heartbeat(chroma_server: str) -> None:
    assert chroma_server.startswith("http://127.0.0.1:") and heartbeat_ok(chroma_server)


def test_two_clients_see_each_other_at_once(server_settings: Settings) -> None:
    """Unlike two embedded processes, two HttpClients share one index: no reopen needed."""
    e5 = get_embeddings(server_settings)
    writer, reader = VectorStore(server_settings, e5), VectorStore(server_settings, e5)
    vector = e5.embed_query("laddpunkter för elbilar")
    assert reader.search(vector, 1) == []
    put(writer, note("docs/ladd.md", "Publika laddpunkter för elbilar byggs ut i länet."))
    hits = reader.search(vector, 1)
    assert hits and hits[0].chunk.doc_id == "docs/ladd.md"
    assert reader.generation() == 0 and not reader.is_stale()
    writer.bump_generation()
    assert reader.is_stale()  # the marker is shared through the server
    reader.reopen()
    assert not reader.is_stale() and reader.opened_generation == 1


def test_collections_of_different_tests_are_separate(server_settings: Settings,
                                                     tmp_path: Path) -> None:

    e5 = get_embeddings(server_settings)
    put(VectorStore(server_settings, e5), note("docs/a.md", "Första samlingens dokument."))
    other = VectorStore(server_settings.with_(collection=unique_collection()), e5)
    assert other.count() == 0 and other.documents() == []


def test_ingest_cli_writes_to_the_server_not_to_disk(server_settings: Settings,
                                                     ingest_process: Any) -> None:
    """`ingest.py` with KLIMAT_CHROMA_URL set: the chunks land on the server, where an already
    open reader (the app) finds them without reopening; no embedded store appears on disk."""
    knowledge = server_settings.knowledge_dir
    (knowledge / "docs").mkdir(parents=True)
    (knowledge / "docs" / "sol.md").write_text(
        "---\ntitle: Solceller\n---\n\nKommunen sätter solceller på alla förskoletak.\n",
        encoding="utf-8")
    e5 = get_embeddings(server_settings)
    reader = VectorStore(server_settings, e5)
    generation = reader.generation()

    code, out = ingest_process(server_settings).join(300)
    assert code == 0, out
    hits = reader.search(e5.embed_query("solceller på förskolor"), 1)
    assert hits and hits[0].chunk.doc_id == "docs/sol.md"
    assert reader.generation() == generation + 1 and reader.is_stale()
    assert not server_settings.chroma_dir.exists()

    code, out = ingest_process(server_settings).join(300)  # nothing changed: nothing written
    assert code == 0 and reader.generation() == generation + 1, out


def test_unreachable_server_is_a_clear_store_error(tmp_path: Path) -> None:
    settings = Settings(store_dir=tmp_path, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError) as err:
        VectorStore(settings, get_embeddings(settings))
    assert "kunde inte öppnas" in err.value.user_message
    assert settings.chroma_url in err.value.user_message


def test_store_settings_runs_in_both_modes(store_settings: Settings) -> None:
    """The fixture that store/ingestion tests adopt to run embedded and against the server."""
    e5 = get_embeddings(store_settings)
    store = VectorStore(store_settings, e5)
    put(store, note("docs/cykel.md", "Regionen bygger cykelstråk mellan tätorterna."))
    put(store, note("docs/cykel.md", "Cykelstråken byggs ut, ny version.", version="2"))
    assert store.count() == 1 and store.orphans() == []
    assert store.search(e5.embed_query("cykelstråk"), 1)[0].chunk.id.split(":")[1] == "2" * 12
    assert bool(store_settings.chroma_url) == (not store_settings.chroma_dir.exists())
