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
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from assistant.config import Settings
from assistant.errors import LoadError
from assistant.files import READ_BLOCK, open_regular, write_atomically
from assistant.pipeline.loading import LOADERS, document_id
from assistant.pipeline.loading.metadata import (
    MAX_META_CHARS,
    MAX_METADATA_BYTES,
    META_FIELDS,
    ORIGINAL_NAME_KEY,
    parse_metadata,
    sidecar_path,
)
from assistant.pipeline.sandbox import load_document
from assistant.reference import STATISTICS_DIR

UPLOADS_DIR = "docs/uploads"
REPLACES_KEY = "replaces"  # in `meta`: the doc_id whose file the upload replaces in place


def save_upload(settings: Settings, data: bytes, original_name: str,
                meta: dict[str, Any] | None = None) -> Path:
    """Write an uploaded file into the knowledge folder and return its path. With
    `meta["replaces"] = doc_id` the new bytes replace that document's file in place (same
    doc_id, so ingestion swaps the versions atomically). Raises LoadError (Swedish message)
    for empty, oversized, unknown or unreadable files; nothing is written then."""
    name, suffix = _safe_name(original_name)
    _check_type(name, suffix)
    if not data or not data.strip():
        raise LoadError(name, "Filen är tom.", f"upload of {len(data or b'')} bytes")
    _check_size(settings, len(data), name)
    return _save(settings, name, suffix, meta, lambda f: f.write(data))


def import_file(settings: Settings, path: Path, within: Path | None = None) -> Path:
    """Copy a file from outside the knowledge folder in (`ingest.py add`), keeping the
    metadata of a sidecar next to it when there is one. The file is opened without following
    a link and its size checked before a byte is read, then streamed into place; with
    `within` (the folder being added), a path that resolves outside it is refused."""
    path = Path(path)
    name, suffix = _safe_name(path.name)
    _check_type(name, suffix)
    if within is not None and not path.resolve().is_relative_to(Path(within).resolve()):
        raise LoadError(path, "Filen ligger utanför mappen som läggs till (via en länkad mapp) "
                              "och läses inte.", f"{path.resolve()} is outside {within}")
    meta = _outside_sidecar(path)
    with open_regular(path) as source:
        _check_size(settings, os.fstat(source.fileno()).st_size, name)
        limit = settings.max_upload_mb * 1024 * 1024
        return _save(settings, name, suffix, meta, lambda f: _copy(source, f, limit, name))


# ---------------------------------------------------------------------------------------------


def _save(settings: Settings, name: str, suffix: str, meta: dict[str, Any] | None,
          write: Callable[[BinaryIO], Any]) -> Path:
    """Stage the bytes under a hidden name (discovery skips it), check that they parse in the
    sandbox, then move the sidecar and the file into place."""
    meta = dict(meta or {})
    replaces = str(meta.pop(REPLACES_KEY, "") or "")
    folder = (_replacement_target(settings, replaces, suffix, name).parent if replaces else
              settings.knowledge_dir / UPLOADS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    staged, digest = _stage(folder, suffix, write)
    try:
        if not _has_content(staged):
            raise LoadError(name, "Filen är tom.", "upload with no content")
        target = (_replacement_target(settings, replaces, suffix, name) if replaces else
                  folder / f"{digest[:16]}{suffix}")
        _check_parses(settings, staged, name)
        write_atomically(sidecar_path(target), _sidecar_text(meta, name).encode("utf-8"))
        os.replace(staged, target)  # the sidecar first: a file never appears without its meta
    finally:
        staged.unlink(missing_ok=True)
    return target


def _safe_name(original_name: str) -> tuple[str, str]:
    name = Path(str(original_name or "")).name[:200]  # never a path, whatever the browser sent
    return name, Path(name).suffix.lower()


def _outside_sidecar(path: Path) -> dict[str, Any]:
    """The metadata of `<file>.meta.yaml` next to an outside file, with the loader's limits;
    a linked sidecar is refused like a linked file."""
    side = sidecar_path(path)
    if side.is_symlink():
        raise LoadError(path, f"Sidofilen {side.name} är en symbolisk länk och läses inte.",
                        f"{side} is a symlink")
    if not side.is_file():
        return {}
    with open_regular(side) as f:
        data = f.read(MAX_METADATA_BYTES + 1)
    try:
        return parse_metadata(data.decode("utf-8"), path, side.name)
    except UnicodeDecodeError as e:
        raise LoadError(path, f"Sidofilen {side.name} kunde inte läsas (inte UTF-8).",
                        repr(e)) from e


def _copy(source: BinaryIO, target: BinaryIO, limit: int, name: str) -> None:
    copied = 0
    while block := source.read(READ_BLOCK):
        copied += len(block)
        if copied > limit:  # the file grew after the size check
            raise LoadError(name, "Filen är för stor.", f"more than {limit} bytes read")
        target.write(block)


def _has_content(path: Path) -> bool:
    with path.open("rb") as f:
        while block := f.read(READ_BLOCK):
            if block.strip():
                return True
    return False


# ---------------------------------------------------------------------------------------------


def _check_type(name: str, suffix: str) -> None:
    if suffix not in LOADERS:
        known = ", ".join(sorted(LOADERS))
        raise LoadError(name, f"Filtypen {suffix or '(ingen ändelse)'} stöds inte. Tillåtna "
                              f"typer: {known}.", f"upload suffix {suffix!r} not allowed")


def _check_size(settings: Settings, size: int, name: str) -> None:
    limit = settings.max_upload_mb * 1024 * 1024
    if size > limit:
        raise LoadError(name, f"Filen är för stor ({size / 1024 / 1024:.1f} MB). Största "
                              f"tillåtna storlek är {settings.max_upload_mb} MB.",
                        f"{size} bytes > {settings.max_upload_mb} MB")


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
        cap = MAX_META_CHARS.get(key, MAX_META_CHARS["title"])
        if isinstance(value, (list, tuple)):
            clean[key] = [str(v)[:cap] for v in value]
        else:
            clean[key] = str(value)[:cap]
    clean[ORIGINAL_NAME_KEY] = original_name
    return yaml.safe_dump(clean, allow_unicode=True, sort_keys=True)


class _Hashing:
    """A file object that hashes what is written through it: the same bytes uploaded twice get
    the same name, so the second upload is a no-op, not a copy."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.inner.write(data)


def _stage(folder: Path, suffix: str, write: Callable[[BinaryIO], Any]) -> tuple[Path, str]:
    """The bytes in a hidden file in `folder` (discovery skips dot-names, so a sync never sees
    a half-written upload) and their sha256."""
    fd, name = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            hashing = _Hashing(f)
            write(hashing)  # type: ignore[arg-type]
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), hashing.sha.hexdigest()


def _check_parses(settings: Settings, staged: Path, name: str) -> None:
    """Parse in the sandbox now, so the uploader gets the error at once and a broken file
    never replaces a working version in the knowledge folder."""
    try:
        load_document(staged, max_mb=settings.max_upload_mb)
    except LoadError as e:
        raise LoadError(name, e.user_message, e.detail) from e
