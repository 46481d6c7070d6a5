"""Does the approximate index still find every stored vector? A probe of a built store.

    python bench/bench_index_recall.py [--store DIR] [--n 11]

Each stored chunk and answer-unit vector is queried as itself, as `VectorStore.search` asks
Chroma (n candidates, the collection's own HNSW settings); a vector missing from its own top n
is one no question can reach in this process. HNSW is approximate: templated near-duplicates
after replaces are where it misses (docs/performance.md, "Near-duplicate chunks after
replaces"). Reads only; safe beside the app, not beside a running ingestion's writes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.config import get_settings
from assistant.stores.embeddings import get_embeddings
from assistant.stores.vectors import VectorStore


def unreachable(collection: object, n: int) -> tuple[int, list[str]]:
    """How many vectors the collection holds, and the ids not in their own top n."""
    got = collection.get(include=["embeddings"])
    ids, vectors = got["ids"], np.asarray(got["embeddings"])
    missed = [cid for cid, vector in zip(ids, vectors, strict=True)
              if cid not in collection.query(query_embeddings=[vector.tolist()], n_results=n,
                                             include=[])["ids"][0]]
    return len(ids), missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="store folder (default: the configured one)")
    parser.add_argument("--n", type=int, default=11,
                        help="candidates per query (search asks max(2k, k + 10))")
    args = parser.parse_args()
    settings = get_settings()
    if args.store:
        settings = settings.with_(store_dir=args.store)
    store = VectorStore(settings, get_embeddings(settings))
    for collection in (store.chunks, store.units):
        started = time.perf_counter()
        total, missed = unreachable(collection, args.n)
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        print(f"{collection.name}: {total} vectors, {len(missed)} not in their own top "
              f"{args.n} ({time.perf_counter() - started:.1f} s; max_neighbors "
              f"{hnsw.get('max_neighbors')}, ef_construction {hnsw.get('ef_construction')}, "
              f"ef_search {hnsw.get('ef_search')})")
        for cid in missed[:10]:
            print(f"  {cid}")


if __name__ == "__main__":
    main()
