"""The one ChromaDB wrapper: chunks, answer units, the document registry, replace-without-mixing.

Collections: `<name>` holds chunks (cosine), `<name>_units` the answer units of every chunk with
their own vectors (what the composer scores), `<name>_documents` one record per document with its
active sha256 and chunk ids, `<name>_state` the generation marker and shared notes. A replace
writes the new chunks (and units) first, then switches the registry record, then deletes the old
ones; `search` returns only chunks whose `doc_sha` is the registry's active one, so a reader
never sees two versions or a half-written one, and a crash leaves orphans that
`remove_orphans()` (run by every sync) clears.

Works embedded (`PersistentClient(settings.chroma_dir)`) and against a server
(`HttpClient`, when `settings.chroma_url` is set), with the same code paths.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.models import Chunk, Document, DocumentMeta, Passage, Unit, version_of
from assistant.stores.embeddings import embedding_text, unit_embedding_text

log = logging.getLogger(__name__)

_CLIENTS = threading.Lock()  # creating a chroma client (see make_client)
UPSERT_BATCH = 500
GET_BATCH = 5000
# A search looks again (at most this often) when a writer changed a document during it.
SEARCH_RETRIES = 12
# HNSW's candidate list per query. Chroma's default (100) missed an exact top-24 chunk in 21 of
# 3 390 golden searches over fifteen builds of this base's 451 chunks (the graph differs with
# every build), once the best chunk itself; 200 missed none (docs/performance.md).
SEARCH_EF = 200
HEADING_JOIN = " › "
GENERATION_ID = "generation"
MODEL_KEY = "embedding_model"
DIMENSION_KEY = "embedding_dimension"
# Chunk metadata keys that map back onto Chunk/DocumentMeta fields; anything else is `extra`.
_CORE_KEYS = {"doc_id", "doc_sha", "title", "doc_type", "publisher", "source_url", "source_date",
              "topics", "kommun", "language", "heading_path", "page", "page_label", "position",
              "embed_sha"}


class StoreError(UserFacingError):
    """The vector store cannot be opened or used."""


class StoreModelMismatch(StoreError):
    """The store was built with another embedding model or dimension than the one configured."""


@dataclass(frozen=True)
class DocRecord:
    doc_id: str
    sha256: str
    title: str
    doc_type: str
    path: str
    chunk_ids: tuple[str, ...]
    chunk_count: int
    ingested_at: str  # ISO 8601, UTC
    kind: str = "document"
    chunking: str = ""  # chunker version and parameters the chunks were made with
    warnings: tuple[str, ...] = ()
    source_date: str = ""  # records written before this field existed read as ""


def make_client(settings: Settings) -> Any:
    """An HttpClient when `chroma_url` is set, else a PersistentClient on `chroma_dir`."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    # Chroma shares one system per path or URL within the process, and two clients created at
    # once from two threads (the app's warm-up and the admin page's writer) can both start it
    # and one stop it under the other ("Could not connect to tenant"): one at a time.
    with _CLIENTS:
        if settings.chroma_url:
            url = urlsplit(settings.chroma_url if "//" in settings.chroma_url
                           else f"http://{settings.chroma_url}")
            ssl = url.scheme == "https"
            return chromadb.HttpClient(host=url.hostname or "localhost",
                                       port=url.port or (443 if ssl else 8000), ssl=ssl,
                                       settings=chroma_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def drop_collections(settings: Settings, client: Any = None) -> None:
    """Delete every collection of the base (for a rebuild, possibly with another model)."""
    client = client or make_client(settings)
    existing = {c.name for c in client.list_collections()}
    for name in (settings.collection, f"{settings.collection}_documents",
                 f"{settings.collection}_units", f"{settings.collection}_state",
                 f"{settings.collection}_statistics"):
        if name in existing:
            client.delete_collection(name)


class VectorStore:
    def __init__(self, settings: Settings, embeddings: Any) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.model_id = str(embeddings.model_id)
        self.dimension = int(embeddings.dimension)
        self.embedded_last = (0, 0)  # (chunks, units) the last `embed` call encoded
        self._fresh: set[str] = set()
        self._open()

    # -- opening --------------------------------------------------------------------------

    def _open(self) -> None:
        model_meta = {MODEL_KEY: self.model_id, DIMENSION_KEY: self.dimension}
        try:
            self.client = make_client(self.settings)
            self.chunks = self._collection(self.settings.collection, model_meta)
            self.registry = self._collection(f"{self.settings.collection}_documents", model_meta)
            self.units = self._collection(f"{self.settings.collection}_units", model_meta)
            self.state = self._collection(f"{self.settings.collection}_state", model_meta)
            self.opened_generation = self.generation()
        except StoreError:
            raise
        except Exception as e:
            where = self.settings.chroma_url or str(self.settings.chroma_dir)
            raise StoreError(f"Kunskapsbasen ({where}) kunde inte öppnas.",
                             f"{type(e).__name__}: {e}") from e

    def _collection(self, name: str, model_meta: dict[str, Any]) -> Any:
        # HNSW space is fixed at creation; get_or_create ignores metadata for an existing one.
        col = self.client.get_or_create_collection(
            name, embedding_function=None, metadata=model_meta,
            configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
        )
        found = col.metadata or {}
        if found.get(MODEL_KEY) == self.model_id and found.get(DIMENSION_KEY) == self.dimension:
            return col
        if MODEL_KEY not in found and col.count() == 0:
            col.modify(metadata={**found, **model_meta})  # an empty collection made elsewhere
            return col
        raise StoreModelMismatch(
            f"Kunskapsbasen byggdes med modellen {found.get(MODEL_KEY, 'okänd')} "
            f"({found.get(DIMENSION_KEY, '?')} dimensioner), men nu är modellen {self.model_id} "
            f"({self.dimension} dimensioner) vald. Bygg om kunskapsbasen: kör "
            "`python ingest.py --rebuild`.",
            f"collection {name!r} metadata {found} != {model_meta}",
        )

    def reopen(self) -> None:
        """Drop the process's cached chroma system and reconnect, so a long-lived reader sees
        what another process wrote (chroma caches the HNSW index per path)."""
        if not self.settings.chroma_url:
            with _CLIENTS:
                chromadb.api.client.SharedSystemClient.clear_system_cache()
        self._open()

    # -- the generation marker: how a long-lived reader learns that a writer has finished --

    def generation(self) -> int:
        got = self.state.get(ids=[GENERATION_ID], include=["metadatas"])
        return int(got["metadatas"][0]["value"]) if got["ids"] else 0

    def bump_generation(self) -> int:
        """Called by the writer after a sync that changed anything."""
        value = self.generation() + 1
        self.state.upsert(ids=[GENERATION_ID], embeddings=[self._unit_vector()],
                          metadatas=[{"value": value, "updated_at": _utc_now()}])
        self.opened_generation = value  # the writer's own view is current
        return value

    def is_stale(self) -> bool:
        """True when another process finished an ingestion after this store was opened. Reading
        the marker is a plain get, which is current across processes (the HNSW index is not)."""
        return self.generation() != self.opened_generation

    def put_note(self, key: str, text: str) -> None:
        """Keep a small text (e.g. the last ingestion report as JSON) in the shared state
        collection, so every process of a server-mode installation reads the same one."""
        self.state.upsert(ids=[f"note:{key}"], embeddings=[self._unit_vector()],
                          documents=[text], metadatas=[{"updated_at": _utc_now()}])

    def get_note(self, key: str) -> str | None:
        got = self.state.get(ids=[f"note:{key}"], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def reset(self) -> None:
        """Empty both collections (rebuild from scratch)."""
        drop_collections(self.settings, self.client)
        self._open()

    # -- writing --------------------------------------------------------------------------

    def replace_document(self, doc: Document, chunks: Sequence[Chunk],
                         vectors: Sequence[Sequence[float]] | None = None,
                         chunking: str = "",
                         unit_vectors: dict[str, Sequence[float]] | None = None) -> DocRecord:
        """Make `chunks` (and their answer units) the document's only visible content.
        `vectors` are computed from `embedding_text` and `unit_vectors` (keyed by
        `unit_embedding_text`) from the units when not given."""
        if vectors is None:
            vectors, unit_vectors = self.embed(chunks)
        elif unit_vectors is None:
            unit_vectors = self._encode(_unit_texts(chunks), {})
        if len(vectors) != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        ids = [c.id for c in chunks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate chunk ids in {doc.doc_id}")
        # 1. New version's chunks and units, invisible until the registry points at doc.sha256.
        for start in range(0, len(chunks), UPSERT_BATCH):
            part = chunks[start:start + UPSERT_BATCH]
            self.chunks.upsert(
                ids=[c.id for c in part],
                embeddings=[list(map(float, v)) for v in vectors[start:start + UPSERT_BATCH]],
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c, doc.sha256) for c in part],
            )
        self._put_units(doc, chunks, unit_vectors)
        # 2. Switch the active version.
        record = DocRecord(
            doc_id=doc.doc_id, sha256=doc.sha256, title=doc.meta.title,
            doc_type=doc.meta.doc_type, path=doc.path, chunk_ids=tuple(ids),
            chunk_count=len(ids), ingested_at=_utc_now(),
            kind=str(chunks[0].extra.get("kind", "document")) if chunks else "document",
            chunking=chunking, warnings=doc.warnings, source_date=doc.meta.source_date,
        )
        self.registry.upsert(ids=[doc.doc_id], embeddings=[self._unit_vector()],
                             documents=[doc.meta.title], metadatas=[_record_metadata(record)])
        # 3. Everything of this document that is not the active version (old chunks, and
        # orphans of a crashed earlier run) goes; and so does what the same version had before
        # when it is re-cut with another chunker (fewer chunks, other units, same sha).
        inactive = {"$and": [{"doc_id": doc.doc_id}, {"doc_sha": {"$ne": doc.sha256}}]}
        self.chunks.delete(where=inactive)
        self.units.delete(where=inactive)
        unit_ids = {f"{c.id}:u{u.index}" for c in chunks for u in c.units if u.answers}
        for col, keep in ((self.chunks, set(ids)), (self.units, unit_ids)):
            same = col.get(where={"$and": [{"doc_id": doc.doc_id},
                                           {"doc_sha": doc.sha256}]}, include=[])["ids"]
            stale = [i for i in same if i not in keep]
            for start in range(0, len(stale), GET_BATCH):
                col.delete(ids=stale[start:start + GET_BATCH])
        return record

    def embed(self, chunks: Sequence[Chunk],
              known: dict[str, Sequence[float]] | None = None
              ) -> tuple[list[list[float]], dict[str, list[float]]]:
        """Vectors for the chunks and for their answer units (keyed by `unit_embedding_text`).
        A text whose vector is in `known` (keyed by `text_key`, e.g. from the document's
        previous version) is not embedded again; a unit text met twice (chunk overlap) is
        embedded once. `embedded_last` says how many of each were really encoded."""
        chunk_texts = [embedding_text(c) for c in chunks]
        # A chunk that is one unit (a short section) is its own unit: its vector serves both.
        alone = {_only_unit(c): text for c, text in zip(chunks, chunk_texts, strict=True)
                 if _only_unit(c)}
        unit_texts = _unit_texts(chunks)
        encoded = [t for t in unit_texts if t not in alone]
        vectors = self._encode(chunk_texts + encoded, known or {})
        fresh = self._fresh
        self.embedded_last = (len(set(chunk_texts) & fresh), len(set(encoded) & fresh))
        units = {t: vectors[alone[t]] if t in alone else vectors[t] for t in unit_texts}
        return [vectors[t] for t in chunk_texts], units

    def _encode(self, texts: Sequence[str],
                known: dict[str, Sequence[float]]) -> dict[str, list[float]]:
        missing = [t for t in dict.fromkeys(texts) if text_key(t) not in known]
        fresh = self.embeddings.embed_documents(missing) if missing else []
        self._fresh = set(missing)
        by_key = {text_key(t): list(v) for t, v in zip(missing, fresh, strict=True)}
        return {t: by_key.get(text_key(t)) or [float(x) for x in known[text_key(t)]]
                for t in texts}

    def known_vectors(self, doc_id: str) -> dict[str, list[float]]:
        """Vectors already stored for a document (any version), by `text_key` of what was
        embedded: a changed document re-embeds only the chunks and units that changed."""
        known: dict[str, list[float]] = {}
        for col in (self.chunks, self.units):
            got = col.get(where={"doc_id": doc_id}, include=["embeddings", "metadatas"])
            for md, vector in zip(got["metadatas"], got["embeddings"], strict=True):
                if md and md.get("embed_sha"):
                    known[str(md["embed_sha"])] = [float(x) for x in vector]
        return known

    def _put_units(self, doc: Document, chunks: Sequence[Chunk],
                   unit_vectors: dict[str, Sequence[float]]) -> None:
        ids, vectors, texts, metas = [], [], [], []
        for chunk in chunks:
            for unit in chunk.units:
                if not unit.answers:
                    continue
                embedded = unit_embedding_text(unit)
                ids.append(f"{chunk.id}:u{unit.index}")
                vectors.append([float(x) for x in unit_vectors[embedded]])
                texts.append(unit.display)
                metas.append({"chunk_id": chunk.id, "doc_id": doc.doc_id, "doc_sha": doc.sha256,
                              "index": unit.index, "kind": unit.kind, "quote": unit.text,
                              "part_of": -1 if unit.part_of is None else unit.part_of,
                              "embed_sha": text_key(embedded)})
        for start in range(0, len(ids), UPSERT_BATCH):
            end = start + UPSERT_BATCH
            self.units.upsert(ids=ids[start:end], embeddings=vectors[start:end],
                              documents=texts[start:end], metadatas=metas[start:end])

    def delete_document(self, doc_id: str) -> int:
        """Remove a document; returns how many chunks were deleted. The registry record goes
        first, so readers stop seeing the chunks before they are deleted."""
        existing = self.chunks.get(where={"doc_id": doc_id}, include=[])["ids"]
        self.registry.delete(ids=[doc_id])
        for start in range(0, len(existing), GET_BATCH):
            self.chunks.delete(ids=existing[start:start + GET_BATCH])
        self.units.delete(where={"doc_id": doc_id})
        return len(existing)

    # -- reading --------------------------------------------------------------------------

    def documents(self) -> list[DocRecord]:
        records = [_record_from_metadata(md) for _, _, md in
                   self._iter_all(self.registry, include=["metadatas"])]
        return sorted(records, key=lambda r: r.doc_id)

    def document(self, doc_id: str) -> DocRecord | None:
        got = self.registry.get(ids=[doc_id], include=["metadatas"])
        return _record_from_metadata(got["metadatas"][0]) if got["ids"] else None

    def count(self) -> int:
        """Number of stored chunks (including any invisible orphans)."""
        return self.chunks.count()

    def search(self, vector: Sequence[float], k: int,
               where: dict[str, Any] | None = None) -> list[Passage]:
        """Top-k active chunks by cosine similarity (score = 1 - cosine distance)."""
        total = self.chunks.count()
        if total == 0 or k <= 0:
            return []
        # Inactive chunks (a replace in progress, orphans) are filtered out after the query,
        # so ask for extra candidates and widen until k survive or the collection is exhausted.
        n = min(total, max(2 * k, k + 10))
        # Every sha the registry showed as active during this call, newest last. The query and
        # the registry read are two snapshots: when a replace switches in between, the query
        # holds only the old chunks and the registry names the new sha. Comparing with the
        # newest read alone would then show the reader neither version.
        seen: dict[str, list[str]] = {}
        last_read: dict[str, str] | None = None
        retries = 0
        while True:
            try:
                result = self.chunks.query(query_embeddings=[list(map(float, vector))],
                                           n_results=n, where=where or None,
                                           include=["documents", "metadatas", "distances"])
            except chromadb.errors.InternalError as e:
                # chroma 1.5.9 fails a query whose index hit was deleted by a concurrent
                # writer ("Error finding id"); the next query no longer sees that record.
                if "Error finding id" not in str(e) or retries >= SEARCH_RETRIES:
                    raise
                retries += 1
                continue
            # A chunk deleted between the index lookup and the metadata fetch comes back
            # without metadata (server mode): it is no longer there, so it is no candidate.
            candidates = [(cid, text, md, dist) for cid, text, md, dist in
                          zip(result["ids"][0], result["documents"][0], result["metadatas"][0],
                              result["distances"][0], strict=True) if md and text is not None]
            doc_ids = {md["doc_id"] for _, _, md, _ in candidates}
            read = self._active_shas(doc_ids)
            for doc_id, sha in read.items():
                if sha not in seen.setdefault(doc_id, []):
                    seen[doc_id].append(sha)
            present: dict[str, set[str]] = {}
            for _, _, md, _ in candidates:
                present.setdefault(md["doc_id"], set()).add(str(md.get("doc_sha")))
            # One version per document: the newest active one the query holds.
            chosen = {d: next((s for s in reversed(seen.get(d, [])) if s in shas), None)
                      for d, shas in present.items()}
            passages = [Passage(chunk_from_record(cid, text, md), 1.0 - float(dist))
                        for cid, text, md, dist in candidates
                        if chosen[md["doc_id"]] == md.get("doc_sha")]
            # A document whose candidates are all of a version we never saw active was switched
            # more than once within this call (or is being deleted, or left over by a crash
            # until the next sync removes it): look again, a bounded number of times.
            unsettled = {d for d in present if chosen[d] is None}
            # Look again only while a writer is switching those documents (the registry moved
            # since the last look): a version left over by a crash does not settle by waiting.
            # A reader starved of CPU can see a switch in each of several looks, so the wait
            # grows a little each time.
            moving = last_read is None or any(read.get(d) != last_read.get(d) for d in unsettled)
            last_read = read
            if unsettled and moving and retries < SEARCH_RETRIES:
                retries += 1
                time.sleep(min(0.05, 0.001 * 2 ** retries))
                continue
            if len(passages) >= k or len(candidates) < n:
                return passages[:k]
            # `total` was counted before a writer may have added a version's chunks.
            total = max(total, self.chunks.count())
            if n >= total:
                return passages[:k]
            n = min(total, n * 4)

    def nearest_unit_chunks(self, vector: Sequence[float], n: int,
                            versions: Mapping[str, str] | None = None) -> list[str]:
        """The chunks of the `n` answer units nearest `vector`, nearest first, of active
        document versions only. A chunk that ranks low as a whole can hold the one sentence
        that answers (a goal in a list under a short heading). `versions` (doc id -> version,
        `Chunk.version`) are the versions an earlier search chose: a writer may switch a
        document between that search and this one, and one answer must never cite two
        versions of a document, so a chunk of another version of those is left out."""
        if n <= 0 or self.units.count() == 0:
            return []
        got = self.units.query(query_embeddings=[list(map(float, vector))], n_results=n,
                               include=["metadatas"])
        metas = [md for md in got["metadatas"][0] if md]
        active = self._active_shas({str(md["doc_id"]) for md in metas})
        chosen = versions or {}

        def usable(md: dict[str, Any]) -> bool:
            doc_id, sha = str(md["doc_id"]), str(md.get("doc_sha"))
            version = version_of(sha)
            return active.get(doc_id) == sha and chosen.get(doc_id, version) == version

        return list(dict.fromkeys(str(md["chunk_id"]) for md in metas if usable(md)))

    def passages_of(self, chunk_ids: Sequence[str], vector: Sequence[float]) -> list[Passage]:
        """These chunks as passages scored against `vector` (cosine), in the order asked for."""
        import numpy as np

        if not chunk_ids:
            return []
        got = self.chunks.get(ids=list(chunk_ids), include=["documents", "metadatas",
                                                            "embeddings"])
        q = np.asarray(vector, dtype=np.float32)
        found = {cid: Passage(chunk_from_record(cid, text, md),
                              float(np.asarray(emb, dtype=np.float32) @ q))
                 for cid, text, md, emb in zip(got["ids"], got["documents"], got["metadatas"],
                                               got["embeddings"], strict=True)}
        return [found[c] for c in chunk_ids if c in found]

    def units_of(self, chunk_ids: Sequence[str]) -> dict[str, list[tuple[Unit, list[float]]]]:
        """The answer units of these chunks with their vectors, in reading order per chunk."""
        found: dict[str, list[tuple[Unit, list[float]]]] = {cid: [] for cid in chunk_ids}
        if not chunk_ids:
            return found
        got = self.units.get(where={"chunk_id": {"$in": list(dict.fromkeys(chunk_ids))}},
                             include=["embeddings", "documents", "metadatas"])
        for display, md, vector in zip(got["documents"], got["metadatas"], got["embeddings"],
                                       strict=True):
            part_of = int(md.get("part_of", -1))
            unit = Unit(index=int(md["index"]), kind=str(md["kind"]),  # type: ignore[arg-type]
                        text=str(md["quote"]), display=str(display),
                        part_of=None if part_of < 0 else part_of)
            found[str(md["chunk_id"])].append((unit, [float(x) for x in vector]))
        for rows in found.values():
            rows.sort(key=lambda row: row[0].index)
        return found

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by id, in the order asked for; unknown ids are skipped."""
        found: dict[str, Chunk] = {}
        for start in range(0, len(ids), GET_BATCH):
            got = self.chunks.get(ids=list(ids[start:start + GET_BATCH]),
                                  include=["documents", "metadatas"])
            for cid, text, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                found[cid] = chunk_from_record(cid, text, md)
        return [found[i] for i in ids if i in found]

    def all_texts(self) -> list[str]:
        """Every active chunk's text with its heading path (for corpus statistics)."""
        active = {r.doc_id: r.sha256 for r in self.documents()}
        return [f"{text} {md.get('heading_path', '')}"
                for _, text, md in self._iter_all(self.chunks, include=["documents", "metadatas"])
                if active.get(md.get("doc_id")) == md.get("doc_sha")]

    def chunk_versions(self) -> dict[str, dict[str, str]]:
        """doc_id -> {chunk id: the document version (sha256) it belongs to}, over every stored
        chunk, visible or not: what `verify` compares with the registry."""
        found: dict[str, dict[str, str]] = {}
        for cid, _, md in self._iter_all(self.chunks, include=["metadatas"]):
            found.setdefault(str(md.get("doc_id")), {})[cid] = str(md.get("doc_sha"))
        return found

    def orphans(self) -> list[str]:
        """Chunk ids no reader can see: their document is gone or they belong to an inactive
        version (left behind by an interrupted replace)."""
        active = {r.doc_id: r.sha256 for r in self.documents()}
        return [cid for cid, _, md in self._iter_all(self.chunks, include=["metadatas"])
                if active.get(md.get("doc_id")) != md.get("doc_sha")]

    def orphan_units(self) -> list[str]:
        active = {r.doc_id: r.sha256 for r in self.documents()}
        return [uid for uid, _, md in self._iter_all(self.units, include=["metadatas"])
                if active.get(md.get("doc_id")) != md.get("doc_sha")]

    def tune_search(self) -> list[str]:
        """Raise `ef_search` to SEARCH_EF on collections made before it was set (a store built
        by an older version). A write: only the ingestion, holding the write lock, calls it.
        Returns the names of the collections changed."""
        changed = []
        for col in (self.chunks, self.units):
            hnsw = (col.configuration or {}).get("hnsw") or {}
            if int(hnsw.get("ef_search") or 0) < SEARCH_EF:
                col.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
                changed.append(col.name)
        if changed:
            log.info("ef_search raised to %d on %s", SEARCH_EF, ", ".join(changed))
        return changed

    def remove_orphans(self) -> int:
        """Remove chunks (and answer units) no reader can see; returns the number of chunks."""
        ids = self.orphans()
        for start in range(0, len(ids), GET_BATCH):
            self.chunks.delete(ids=ids[start:start + GET_BATCH])
        units = self.orphan_units()
        for start in range(0, len(units), GET_BATCH):
            self.units.delete(ids=units[start:start + GET_BATCH])
        if ids or units:
            log.info("removed %d orphan chunks and %d orphan units", len(ids), len(units))
        return len(ids)

    # -- helpers --------------------------------------------------------------------------

    def _active_shas(self, doc_ids: set[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        got = self.registry.get(ids=sorted(doc_ids), include=["metadatas"])
        return {md["doc_id"]: md["sha256"] for md in got["metadatas"]}

    def _unit_vector(self) -> list[float]:
        # Registry records are looked up by id, never by similarity; any valid vector will do.
        return [1.0] + [0.0] * (self.dimension - 1)

    @staticmethod
    def _iter_all(col: Any, include: list[str]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
        offset = 0
        while True:
            got = col.get(include=include, limit=GET_BATCH, offset=offset)
            docs = got.get("documents") or [None] * len(got["ids"])
            yield from zip(got["ids"], docs, got["metadatas"], strict=True)
            if len(got["ids"]) < GET_BATCH:
                return
            offset += GET_BATCH


def _only_unit(chunk: Chunk) -> str:
    """The embedding text of a chunk's only unit when the unit is the whole chunk, else ""."""
    answers = [u for u in chunk.units if u.answers]
    if len(chunk.units) == 1 and answers and answers[0].text == chunk.text.strip():
        return unit_embedding_text(answers[0])
    return ""


def _unit_texts(chunks: Sequence[Chunk]) -> list[str]:
    return list(dict.fromkeys(unit_embedding_text(u) for c in chunks for u in c.units
                              if u.answers))


def text_key(text: str) -> str:
    """What identifies an embedded text: its vector depends on nothing else (the model is fixed
    per store)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- metadata mapping (flat scalars only: chroma rejects lists, dicts and None) ---------------


def chunk_metadata(chunk: Chunk, doc_sha: str) -> dict[str, str | int | float | bool]:
    meta = chunk.meta or DocumentMeta(title="")
    md: dict[str, str | int | float | bool] = {
        "doc_id": chunk.doc_id,
        "doc_sha": doc_sha,
        "title": meta.title,
        "doc_type": meta.doc_type,
        "publisher": meta.publisher,
        "source_url": meta.source_url,
        "source_date": meta.source_date,
        "topics": ",".join(meta.topics),
        "kommun": meta.kommun,
        "language": meta.language,
        "heading_path": HEADING_JOIN.join(chunk.heading_path),
        "position": chunk.position,
        "kind": "document",
        "embed_sha": text_key(embedding_text(chunk)),
    }
    if chunk.page is not None:
        md["page"] = chunk.page
    if chunk.page_label:
        md["page_label"] = chunk.page_label
    # Extra keys (kind, year, dataset, kommun of a profile...) win over the defaults above.
    md.update({k: v for k, v in chunk.extra.items() if isinstance(v, (str, int, float, bool))})
    return md


def chunk_from_record(chunk_id: str, text: str, md: dict[str, Any]) -> Chunk:
    meta = DocumentMeta(
        title=str(md.get("title", "")),
        doc_type=str(md.get("doc_type", "")),
        publisher=str(md.get("publisher", "")),
        source_url=str(md.get("source_url", "")),
        source_date=str(md.get("source_date", "")),
        topics=tuple(t for t in str(md.get("topics", "")).split(",") if t),
        kommun=str(md.get("kommun", "")),
        language="en" if md.get("language") == "en" else "sv",
    )
    heading = str(md.get("heading_path", ""))
    return Chunk(
        id=chunk_id,
        doc_id=str(md["doc_id"]),
        text=text,
        position=int(md.get("position", 0)),
        heading_path=tuple(heading.split(HEADING_JOIN)) if heading else (),
        page=int(md["page"]) if "page" in md else None,
        page_label=str(md["page_label"]) if "page_label" in md else None,
        meta=meta,
        extra={k: v for k, v in md.items() if k not in _CORE_KEYS},
    )


def _record_metadata(r: DocRecord) -> dict[str, str | int]:
    return {"doc_id": r.doc_id, "sha256": r.sha256, "title": r.title, "doc_type": r.doc_type,
            "path": r.path, "chunk_ids": json.dumps(list(r.chunk_ids)),
            "chunk_count": r.chunk_count, "ingested_at": r.ingested_at, "kind": r.kind,
            "chunking": r.chunking, "warnings": json.dumps(list(r.warnings), ensure_ascii=False),
            "source_date": r.source_date}


def _record_from_metadata(md: dict[str, Any]) -> DocRecord:
    return DocRecord(
        doc_id=str(md["doc_id"]), sha256=str(md["sha256"]), title=str(md.get("title", "")),
        doc_type=str(md.get("doc_type", "")), path=str(md.get("path", "")),
        chunk_ids=tuple(json.loads(md.get("chunk_ids") or "[]")),
        chunk_count=int(md.get("chunk_count", 0)), ingested_at=str(md.get("ingested_at", "")),
        kind=str(md.get("kind", "document")), chunking=str(md.get("chunking", "")),
        warnings=tuple(json.loads(md.get("warnings") or "[]")),
        source_date=str(md.get("source_date", "")),
    )
