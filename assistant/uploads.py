"""Files from outside the knowledge folder -> files inside it, safely named.

The admin page (an upload) and `ingest.py add` (a file elsewhere on disk) both go through
`save_upload`: the bytes are checked (size, type, parseable within the sandbox limits) BEFORE
anything appears in the knowledge folder, then written under `docs/uploads/` with a generated
name (a sha256 prefix plus a suffix from the allow-list; the user's file name is never a path),
next to a sidecar `<file>.meta.yaml` with the metadata and the original name. Ingesting the
saved file is a separate step (`Ingestor.sync(paths=[path])`), so one function does each thing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from assistant.config import Settings
from assistant.loading import (
    LOADERS,
    META_FIELDS,
    ORIGINAL_NAME_KEY,
    STATISTICS_DIR,
    LoadError,
    document_id,
    sidecar_path,
)
from assistant.sandbox import load_document

UPLOADS_DIR = "docs/uploads"
REPLACES_KEY = "replaces"  # in `meta`: the doc_id whose file the upload replaces in place
MAX_META_CHARS = 2000  # per value: metadata is a title or a URL, not a document


def save_upload(settings: Settings, data: bytes, original_name: str,
                meta: dict[str, Any] | None = None) -> Path:
    """Write an uploaded file into the knowledge folder and return its path. With
    `meta["replaces"] = doc_id` the new bytes replace that document's file in place (same
    doc_id, so ingestion swaps the versions atomically). Raises LoadError (Swedish message)
    for empty, oversized, unknown or unreadable files; nothing is written then."""
    meta = dict(meta or {})
    replaces = str(meta.pop(REPLACES_KEY, "") or "")
    name = Path(str(original_name or "")).name[:200]  # never a path, whatever the browser sent
    suffix = Path(name).suffix.lower()
    _check_bytes(settings, data, name, suffix)
    target = (_replacement_target(settings, replaces, suffix, name) if replaces else
              settings.knowledge_dir / UPLOADS_DIR / f"{_content_name(data)}{suffix}")
    sidecar = _sidecar_text(meta, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = _stage(target.parent, data, suffix)
    try:
        _check_parses(settings, staged, name)
        _write_atomically(sidecar_path(target), sidecar.encode("utf-8"))
        os.replace(staged, target)  # the sidecar first: a file never appears without its meta
    finally:
        staged.unlink(missing_ok=True)
    return target


def import_file(settings: Settings, path: Path) -> Path:
    """Copy a file from outside the knowledge folder in (`ingest.py add`), keeping the
    metadata of a sidecar next to it when there is one."""
    path = Path(path)
    side = sidecar_path(path)
    meta: dict[str, Any] = {}
    if side.is_file():
        try:
            loaded = yaml.safe_load(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise LoadError(path, f"Sidofilen {side.name} kunde inte läsas.", repr(e)) from e
        meta = loaded if isinstance(loaded, dict) else {}
    try:
        data = path.read_bytes()
    except OSError as e:
        raise LoadError(path, "Filen kunde inte läsas.", f"{type(e).__name__}: {e}") from e
    return save_upload(settings, data, path.name, meta)


# ---------------------------------------------------------------------------------------------


def _check_bytes(settings: Settings, data: bytes, name: str, suffix: str) -> None:
    if suffix not in LOADERS:
        known = ", ".join(sorted(LOADERS))
        raise LoadError(name, f"Filtypen {suffix or '(ingen ändelse)'} stöds inte. Tillåtna "
                              f"typer: {known}.", f"upload suffix {suffix!r} not allowed")
    if not data or not data.strip():
        raise LoadError(name, "Filen är tom.", f"upload of {len(data or b'')} bytes")
    limit = settings.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise LoadError(name, f"Filen är för stor ({len(data) / 1024 / 1024:.1f} MB). Största "
                              f"tillåtna storlek är {settings.max_upload_mb} MB.",
                        f"{len(data)} bytes > {settings.max_upload_mb} MB")


def _content_name(data: bytes) -> str:
    # The same bytes uploaded twice get the same name: the second upload is a no-op, not a copy.
    return hashlib.sha256(data).hexdigest()[:16]


def _replacement_target(settings: Settings, doc_id: str, suffix: str, name: str) -> Path:
    root = settings.knowledge_dir.resolve()
    target = (root / doc_id).resolve()
    inside = target.is_relative_to(root) and document_id(target, root) == doc_id
    if not inside or doc_id.split("/")[0] == STATISTICS_DIR or not target.is_file():
        raise LoadError(name, "Dokumentet som ska ersättas finns inte i kunskapsmappen.",
                        f"replaces={doc_id!r} is not a document file under {root}")
    if target.suffix.lower() != suffix:
        raise LoadError(name, f"Den nya versionen måste vara av samma filtyp som den gamla "
                              f"({target.suffix}). Ladda upp den som ett nytt dokument och ta "
                              "bort det gamla i stället.", f"{suffix} != {target.suffix}")
    return target


def _sidecar_text(meta: dict[str, Any], original_name: str) -> str:
    """Only known metadata fields, as plain strings or lists of strings."""
    clean: dict[str, Any] = {}
    for key, value in meta.items():
        if key not in META_FIELDS or value in (None, "", [], ()):
            continue
        if isinstance(value, (list, tuple)):
            clean[key] = [str(v)[:MAX_META_CHARS] for v in value]
        else:
            clean[key] = str(value)[:MAX_META_CHARS]
    clean[ORIGINAL_NAME_KEY] = original_name
    return yaml.safe_dump(clean, allow_unicode=True, sort_keys=True)


def _stage(folder: Path, data: bytes, suffix: str) -> Path:
    # A dot-name: discovery skips hidden files, so a sync never sees a half-written upload.
    fd, name = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=folder)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return Path(name)


def _check_parses(settings: Settings, staged: Path, name: str) -> None:
    """Parse in the sandbox now, so the uploader gets the error at once and a broken file
    never replaces a working version in the knowledge folder."""
    try:
        load_document(staged, max_mb=settings.max_upload_mb)
    except LoadError as e:
        raise LoadError(name, e.user_message, e.detail) from e


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
