"""Files on disk -> `Document`s: find them (`discovery`), parse them (`formats`, one loader per
file type), and resolve their metadata in one place (`metadata`: an explicit `DocumentMeta`,
else front matter and a sidecar `<file>.meta.yaml`, else defaults with a warning).

Everything that can go wrong with a file raises `LoadError`, with a Swedish message for the
person who supplied the file and a precise detail for the log.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from assistant.errors import LoadError
from assistant.files import READ_BLOCK, open_regular
from assistant.models import Document, DocumentMeta
from assistant.pipeline.loading.discovery import (
    check_inside,
    check_name,
    discover,
    document_id,
    skipped_links,
    unsupported_files,
)
from assistant.pipeline.loading.formats import (
    LOADERS,
    MAX_SHEET_CELLS,
    MAX_TEXT_CHARS,
    Parsed,
    check_zip,
    sheet_as_csv,
)
from assistant.pipeline.loading.metadata import read_sidecar, resolve_meta

__all__ = ["LOADERS", "MAX_SHEET_CELLS", "LoadError", "check_name", "discover", "document_id",
           "file_version", "load_file", "read_spreadsheet", "skipped_links", "unsupported_files"]

log = logging.getLogger(__name__)


def load_file(
    path: str | Path,
    root: str | Path | None = None,
    meta: DocumentMeta | None = None,
    *,
    max_mb: int | None = None,
) -> Document:
    """Read one file into a Document. `doc_id` is the POSIX path relative to `root` (the file
    name when there is no root). Raises LoadError."""
    path = Path(path)
    doc_id = document_id(path, root)
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        known = ", ".join(sorted(LOADERS))
        raise LoadError(path, f"Filtypen {suffix or '(ingen ändelse)'} stöds inte. "
                              f"Tillåtna typer: {known}.", f"no loader for suffix {suffix!r}")
    check_inside(path, root)
    data = _read_bytes(path, max_mb)
    sidecar = read_sidecar(path) if meta is None else None
    parsed = _run_loader(loader, data, path)
    sections = [s for s in parsed.sections if s.text.strip()]
    if not sections:
        raise LoadError(path, "Filen innehåller ingen text som kan läsas (är det en skannad "
                              "bild?).", "no extractable text")
    text_chars = sum(len(s.text) for s in sections)
    if text_chars > MAX_TEXT_CHARS:
        raise LoadError(path, "Filen innehåller för mycket text för att läsas in. Dela upp den.",
                        f"{text_chars} characters > {MAX_TEXT_CHARS}")
    resolved, warnings = resolve_meta(path, parsed.meta, parsed.title_hint, sidecar, meta)
    return Document(
        doc_id=doc_id,
        path=doc_id if root is not None else path.name,
        meta=resolved,
        sections=tuple(sections),
        sha256=_version_hash(data, sidecar, meta),
        warnings=tuple(warnings),
    )


def file_version(path: Path) -> str:
    """The sha256 `load_file` would give the file (bytes plus sidecar), without parsing it: how
    `verify` and the inventory notice a file that changed since it was ingested. Raises
    LoadError for a link or an unreadable file."""
    path = Path(path)
    h = hashlib.sha256()  # streamed: the same digest as _version_hash, at any file size
    with open_regular(path) as f:
        while block := f.read(READ_BLOCK):
            h.update(block)
    sidecar = read_sidecar(path)
    if sidecar is not None:
        h.update(b"\0sidecar\0" + sidecar)
    return h.hexdigest()


def _read_bytes(path: Path, max_mb: int | None, *, check_size: bool = True) -> bytes:
    """The file's bytes (see `open_regular`); the size is checked on the open file before
    anything is read, and reading stops one byte past the cap whatever `stat` said (a file
    may grow while we read)."""
    if max_mb is None and check_size:
        from assistant.config import get_settings

        max_mb = get_settings().max_upload_mb
    limit = max_mb * 1024 * 1024 if check_size and max_mb is not None else None
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if limit is not None and size > limit:
            raise LoadError(path, f"Filen är för stor ({size / 1024 / 1024:.1f} MB). "
                                  f"Största tillåtna storlek är {max_mb} MB.",
                            f"{size} bytes > {max_mb} MB")
        data = _read_capped(f, limit, path, max_mb)
    if check_size and not data.strip():
        raise LoadError(path, "Filen är tom.", f"{len(data)} bytes, no content")
    return data


def _read_capped(f: BinaryIO, limit: int | None, path: Path, max_mb: int | None) -> bytes:
    try:
        if limit is None:
            return f.read()
        data = f.read(limit + 1)
    except OSError as e:
        raise LoadError(path, "Filen kunde inte läsas.", f"{type(e).__name__}: {e}") from e
    if len(data) > limit:
        raise LoadError(path, f"Filen är för stor. Största tillåtna storlek är {max_mb} MB.",
                        f"more than {limit} bytes read")
    return data


def _run_loader(loader: Callable[[bytes, Path], Parsed], data: bytes, path: Path) -> Parsed:
    try:
        return loader(data, path)
    except (LoadError, MemoryError, RecursionError):
        raise  # resource exhaustion is reported as such by the sandbox, not as a corrupt file
    except ImportError as e:  # e.g. lxml_html_clean missing: our installation, not the file
        log.error("a parser dependency is missing for %s: %s", path, e)
        raise LoadError(path, f"Installationen saknar ett programpaket som behövs för att läsa "
                              f"{path.suffix or 'filen'}-filer ({e.name or 'okänt paket'}). "
                              "Filen är inte fel; kontakta den som förvaltar tjänsten.",
                        f"configuration error: missing dependency: {e}") from e
    except Exception as e:  # a parser choking on a bad file must not look like our bug
        log.warning("loader failed for %s", path, exc_info=True)
        raise LoadError(path, "Filen är skadad eller har ett format som inte kunde läsas.",
                        f"{type(e).__name__}: {e}") from e


def _version_hash(data: bytes, sidecar: bytes | None, meta: DocumentMeta | None) -> str:
    """sha256 of the file's bytes; when metadata comes from outside the file (sidecar or an
    explicit DocumentMeta) it is hashed in too, so a corrected title also counts as a change."""
    h = hashlib.sha256(data)
    if sidecar is not None:
        h.update(b"\0sidecar\0" + sidecar)
    if meta is not None:
        h.update(b"\0meta\0" + repr(meta).encode())
    return h.hexdigest()


def read_spreadsheet(path: str | Path, max_mb: int) -> str:
    """The first worksheet of an XLSX file as CSV text (UTF-8, comma-separated), so it is
    validated exactly like a CSV release. openpyxl parses with defusedxml (entity bombs
    refused) in read-only mode (streamed rows), behind the same zip checks as DOCX."""
    import openpyxl

    path = Path(path)
    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise LoadError(path, "XLSX-filer kan inte läsas säkert på den här installationen.",
                        "openpyxl.DEFUSEDXML is False: install defusedxml")
    data = _read_bytes(path, max_mb)
    check_zip(data, path, kind="Excel-dokument")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:
        raise LoadError(path, "Filen är skadad eller inte ett giltigt Excel-dokument.",
                        f"{type(e).__name__}: {e}") from e
    try:
        return sheet_as_csv(book.worksheets[0], path)
    finally:
        book.close()
