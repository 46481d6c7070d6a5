"""Files on disk -> `Document`s: one loader per file type, chosen by suffix.

Every loader returns the same `Parsed` shape (sections plus whatever metadata the file itself
carries); metadata is then resolved in one place: an explicit `DocumentMeta`, else front matter
and a sidecar `<file>.meta.yaml`, else defaults with a warning on the document.

Everything that can go wrong with a file raises `LoadError`, with a Swedish message for the
person who supplied the file and a precise detail for the log.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from assistant.errors import UserFacingError, printable, utf8_problem
from assistant.models import Document, DocumentMeta, Section

log = logging.getLogger(__name__)

# Limits for hostile or accidental inputs. Uploads are also capped by settings.max_upload_mb.
MAX_PDF_PAGES = 2000
MAX_PDF_DECOMPRESSED_BYTES = 50_000_000  # per stream; pypdf's own default is 75 MB
MAX_TEXT_CHARS = 5_000_000  # extracted text per document (~5,000 pages of prose)
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED_BYTES = 100_000_000
MAX_ZIP_RATIO = 100  # uncompressed / compressed; Office XML is typically 5-20
# Parts that are binary by nature (images, embedded fonts); everything else is scanned for DTDs.
BINARY_PART_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf",
                        ".wmf", ".odttf", ".ttf", ".bin")
MAX_SHEET_CELLS = 5_000_000  # an XLSX statistics sheet; the largest shipped CSV has ~0.4 M
# Metadata (front matter or a sidecar) is a handful of short fields: a block larger than this,
# or with YAML anchors, aliases, tags or nesting, is not metadata but an attack on the parser.
MAX_METADATA_BYTES = 16_384
MAX_METADATA_EVENTS = 2_000
MAX_TOPICS = 20
# Per field; a longer value is cut (with a warning on the document). The admin form has the
# same caps (admin_ui reads them from here).
MAX_META_CHARS = {"title": 300, "publisher": 200, "topics": 60, "source_url": 500,
                  "source_date": 30, "doc_type": 60, "kommun": 100, "language": 10}
MAX_HEADING_CHARS = 300  # a heading is part of every chunk's citation and embedding text
READ_BLOCK = 1 << 20

SIDECAR_SUFFIX = ".meta.yaml"
ORIGINAL_NAME_KEY = "original_name"  # in an upload's sidecar: the name the user's file had
STATISTICS_DIR = "statistics"  # loaded by assistant.statistics, not as documents
IGNORED_NAMES = {"readme.md", "readme.txt", "readme", "thumbs.db", "desktop.ini"}


class LoadError(UserFacingError):
    """A file that cannot become a Document."""

    def __init__(self, path: str | Path, user_message: str, detail: str = "") -> None:
        super().__init__(user_message, detail)
        self.path = str(path)
        self.args = (f"{path}: {self.detail}",)  # the log line names the file


@dataclass
class Parsed:
    """What a loader found in a file, before metadata is resolved."""

    sections: list[Section]
    meta: dict[str, Any] = field(default_factory=dict)  # metadata carried by the file itself
    title_hint: str = ""  # first heading or the file's own title property


# ---------------------------------------------------------------------------------------------
# Public API


def discover(root: Path) -> list[Path]:
    """Documents under `root` that a loader can read, sorted; skips statistics, sidecars,
    READMEs, hidden files, office lock files and symbolic links (see `skipped_links`)."""
    return [p for p in _walk(root)[0] if p.suffix.lower() in LOADERS]


def unsupported_files(root: Path) -> list[Path]:
    """Files under `root` that look like documents but have no loader (reported, not loaded)."""
    return [p for p in _walk(root)[0] if p.suffix.lower() not in LOADERS]


def skipped_links(root: Path) -> list[Path]:
    """Symbolic links under `root` (to files or folders, inside or outside it, broken or not),
    sorted. A link is never read or followed: its target could be anything on the machine
    (`passwd.txt -> /etc/passwd`), so each one is named in the run's report instead."""
    return _walk(root)[1]


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
    _check_inside(path, root)
    data = _read_bytes(path, max_mb)
    sidecar = _read_sidecar(path) if meta is None else None
    parsed = _run_loader(loader, data, path)
    sections = [s for s in parsed.sections if s.text.strip()]
    if not sections:
        raise LoadError(path, "Filen innehåller ingen text som kan läsas (är det en skannad "
                              "bild?).", "no extractable text")
    text_chars = sum(len(s.text) for s in sections)
    if text_chars > MAX_TEXT_CHARS:
        raise LoadError(path, "Filen innehåller för mycket text för att läsas in. Dela upp den.",
                        f"{text_chars} characters > {MAX_TEXT_CHARS}")
    resolved, warnings = _resolve_meta(path, parsed, sidecar, meta)
    return Document(
        doc_id=doc_id,
        path=doc_id if root is not None else path.name,
        meta=resolved,
        sections=tuple(sections),
        sha256=_version_hash(data, sidecar, meta),
        warnings=tuple(warnings),
    )


def document_id(path: Path, root: str | Path | None) -> str:
    """POSIX path relative to root; the bare file name for files outside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sidecar_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata of `<file>.meta.yaml` next to `path`, with the same limits as front matter
    ({} when there is none). Raises LoadError for a linked, oversized or malformed sidecar."""
    path = Path(path)
    data = _read_sidecar(path)
    return parse_metadata(data, path, sidecar_path(path).name) if data is not None else {}


def file_version(path: Path) -> str:
    """The sha256 `load_file` would give the file (bytes plus sidecar), without parsing it: how
    `verify` and the inventory notice a file that changed since it was ingested. Raises
    LoadError for a link or an unreadable file."""
    path = Path(path)
    h = hashlib.sha256()  # streamed: the same digest as _version_hash, at any file size
    with open_regular(path) as f:
        while block := f.read(READ_BLOCK):
            h.update(block)
    sidecar = _read_sidecar(path)
    if sidecar is not None:
        h.update(b"\0sidecar\0" + sidecar)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Discovery and reading


def _walk(root: Path) -> tuple[list[Path], list[Path]]:
    """(regular files, symbolic links) under root, both sorted. Walks with `os.scandir` and
    never follows a link, so a linked folder is one skipped entry, not a tree to read."""
    root = Path(root)
    if root.is_symlink() or not root.is_dir():
        return [], []
    files: list[Path] = []
    links: list[Path] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = Path(entry.path)
                rel = path.relative_to(root)
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    links.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file(follow_symlinks=False) and _is_candidate(rel):
                    files.append(path)
    return sorted(files), sorted(links)


def _is_candidate(rel: Path) -> bool:
    if rel.parts[0] == STATISTICS_DIR or rel.name.endswith(SIDECAR_SUFFIX):
        return False
    return rel.name.lower() not in IGNORED_NAMES and not rel.name.startswith("~$")


def check_name(path: str | Path) -> None:
    """A file whose name is not UTF-8 cannot become a document (ChromaDB, the report and the
    page all need text): refused by name, before any parser sees it."""
    problem = utf8_problem(str(path))
    if problem:
        raise LoadError(printable(str(path)), "Filnamnet innehåller tecken som inte är giltig "
                                              "UTF-8. Byt namn på filen och läs in den igen.",
                        f"file name: {problem}")


def _check_inside(path: Path, root: str | Path | None) -> None:
    """Never read a link, nor a path that resolves outside the folder it was found in (a real
    file reached through a linked parent folder)."""
    check_name(path)
    if path.is_symlink():
        raise LoadError(path, "Filen är en symbolisk länk och läses inte in. Kopiera in själva "
                              "filen i stället.", f"{path} is a symlink to {os.readlink(path)}")
    if root is None:
        return
    root = Path(root)
    lexically_inside = Path(os.path.normpath(path.absolute())).is_relative_to(
        Path(os.path.normpath(root.absolute())))
    if lexically_inside and not path.resolve().is_relative_to(root.resolve()):
        raise LoadError(path, "Filen ligger utanför mappen som läses in (via en länkad mapp) och "
                              "läses inte.", f"{path.resolve()} is outside {root}")


def open_regular(path: str | Path) -> BinaryIO:
    """Open a file for reading without following a link (O_NOFOLLOW) and check on the open
    file that it is a regular file, not a pipe or a device that would block or never end.
    Raises LoadError. The caller checks the size with `os.fstat` before reading."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError as e:
        if path.is_symlink():
            raise LoadError(path, "Filen är en symbolisk länk och läses inte in.",
                            f"O_NOFOLLOW: {e}") from e
        raise LoadError(path, "Filen kunde inte läsas.", f"{type(e).__name__}: {e}") from e
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise LoadError(path, "Det här är ingen vanlig fil och den läses inte.",
                        f"mode {stat.filemode(mode)}")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


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


def _read_sidecar(path: Path) -> bytes | None:
    side = sidecar_path(path)
    if side.is_symlink():
        raise LoadError(path, f"Sidofilen {side.name} är en symbolisk länk och läses inte.",
                        f"{side} is a symlink to {os.readlink(side)}")
    if not side.is_file():
        return None
    with open_regular(side) as f:
        data = f.read(MAX_METADATA_BYTES + 1)
    if len(data) > MAX_METADATA_BYTES:
        raise LoadError(path, f"Metadata ({side.name}) är för stor (högst "
                              f"{MAX_METADATA_BYTES // 1024} kB).",
                        f"{len(data)} bytes > {MAX_METADATA_BYTES} bytes")
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


# ---------------------------------------------------------------------------------------------
# Text formats: Markdown and plain text


def _decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252 that Swedish Office exports
    often use; refuses bytes that are not text at all."""
    if b"\0" in data[:8192]:
        raise LoadError(path, "Filen innehåller binärdata och är inte en textfil, trots "
                              "filändelsen.", "NUL byte in text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            raise LoadError(path, "Filens teckenkodning kunde inte läsas. Spara den som UTF-8.",
                            f"neither UTF-8 nor cp1252: {e}") from e
    control = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if control > 0.01 * min(len(text), 8192):
        raise LoadError(path, "Filen innehåller binärdata och är inte en textfil, trots "
                              "filändelsen.", f"{control} control characters in first 8 kB")
    return text.replace("\r\n", "\n").replace("\r", "\n")


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


def _load_markdown(data: bytes, path: Path) -> Parsed:
    text = _decode_text(data, path)
    meta: dict[str, Any] = {}
    m = FRONT_MATTER.match(text[:MAX_METADATA_BYTES + 16])
    if m:
        meta = parse_metadata(m.group(1), path, "front matter")
        text = text[m.end():]
    elif text.startswith("---") and FRONT_MATTER.match(text[:MAX_TEXT_CHARS]):
        raise _metadata_error(path, "front matter", f"block larger than {MAX_METADATA_BYTES} "
                              "bytes", f"är för stor (högst {MAX_METADATA_BYTES // 1024} kB)")
    sections, first_heading = _markdown_sections(text)
    return Parsed(sections, meta, first_heading)


def _markdown_sections(text: str) -> tuple[list[Section], str]:
    """Split at ATX headings (ignoring '#' inside fenced code); each section's heading_path is
    the chain of headings above it. Heading lines themselves are not part of the text."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    first_heading = ""
    in_fence = False

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(Section(body, tuple(h for _, h in stack)))
        lines.clear()

    for line in text.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else ATX_HEADING.match(line)
        if heading is None:
            lines.append(line)
            continue
        flush()
        level, title = len(heading.group(1)), _cut(heading.group(2), MAX_HEADING_CHARS)
        first_heading = first_heading or title
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
    flush()
    return sections, first_heading


def _load_text(data: bytes, path: Path) -> Parsed:
    return Parsed([Section(_decode_text(data, path).strip())])


# ---------------------------------------------------------------------------------------------
# PDF


def _load_pdf(data: bytes, path: Path) -> Parsed:
    import pypdf
    from pypdf.errors import LimitReachedError, PdfReadError

    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise LoadError(path, "Filen är inte en giltig PDF.", "no %PDF- header")
    # pypdf's decompression caps are process-wide defaults; tighten them for this read only.
    limits = {"zlib_maximum_output_length": MAX_PDF_DECOMPRESSED_BYTES,
              "maximum_declared_stream_length": MAX_PDF_DECOMPRESSED_BYTES}
    with pypdf.apply_configuration(**limits):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                _unlock_pdf(reader, path)
            n_pages = len(reader.pages)
        except LimitReachedError as e:  # pypdf's own caps, e.g. a looping page tree
            raise LoadError(path, "PDF-filen har en orimligt stor sidstruktur och avvisades.",
                            f"LimitReachedError: {e}") from e
        except PdfReadError as e:
            raise LoadError(path, "PDF-filen är skadad och kunde inte läsas.",
                            f"PdfReadError: {e}") from e
        if n_pages > MAX_PDF_PAGES:
            raise LoadError(path, f"PDF-filen har för många sidor ({n_pages}). Högst "
                                  f"{MAX_PDF_PAGES} sidor kan läsas in; dela upp filen.",
                            f"{n_pages} pages > {MAX_PDF_PAGES}")
        labels = reader.page_labels if "/PageLabels" in reader.trailer["/Root"] else None
        try:
            sections = _pdf_sections(reader, labels, path)
        except LimitReachedError as e:  # e.g. millions of operators in one content stream
            raise LoadError(path, "PDF-filen är orimligt stor eller komplex och avvisades.",
                            f"LimitReachedError: {e}") from e
        title = str(reader.metadata.title or "") if reader.metadata else ""
    return Parsed(sections, {}, title.strip())


def _pdf_sections(reader: Any, labels: list[str] | None, path: Path) -> list[Section]:
    sections = []
    extracted = 0
    for i, page in enumerate(reader.pages):
        text = _clean_pdf_text(page.extract_text() or "")
        extracted += len(text)
        if extracted > MAX_TEXT_CHARS:
            raise LoadError(path, "PDF-filen innehåller för mycket text för att läsas in.",
                            f"more than {MAX_TEXT_CHARS} characters by page {i + 1}")
        label = labels[i] if labels and i < len(labels) else None
        sections.append(Section(text, page=i + 1, page_label=label))
    return sections


def _unlock_pdf(reader: Any, path: Path) -> None:
    """Open PDFs that are only owner-password protected (restrictions but readable); reject the
    ones that need a password to read."""
    try:
        unlocked = reader.decrypt("")
    except Exception as e:  # unsupported algorithm (e.g. AES without `cryptography`)
        raise LoadError(path, "PDF-filen är krypterad och kan inte läsas. Spara en version "
                              "utan lösenord eller kryptering.", f"decrypt failed: {e}") from e
    if not unlocked:
        raise LoadError(path, "PDF-filen är lösenordsskyddad och kan inte läsas. Spara en "
                              "version utan lösenord.", "encrypted with a user password")


def _clean_pdf_text(text: str) -> str:
    # Join words hyphenated across line breaks ("klimat-\nplan" -> "klimatplan").
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    text = re.sub(r"[ \t]+", " ", text)
    return text.strip()


# ---------------------------------------------------------------------------------------------
# DOCX


HEADING_STYLE = re.compile(r"^(?:heading|rubrik)\s*(\d)$", re.I)


def _load_docx(data: bytes, path: Path) -> Parsed:
    import docx
    from docx.table import Table

    _check_zip(data, path)
    document = docx.Document(io.BytesIO(data))
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    title = _cut(document.core_properties.title or "", MAX_HEADING_CHARS)

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            sections.append(Section(body, tuple(h for _, h in stack)))
        lines.clear()

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
            continue
        text = block.text.strip()
        level = _docx_heading_level(block)
        if level is None:
            if text:
                lines.append(text)
            continue
        if not text:
            continue
        text = _cut(text, MAX_HEADING_CHARS)
        if level == 0:  # the "Title" style names the document, it is not a section
            title = title or text
            continue
        flush()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, text))
    flush()
    first_heading = title or (sections[0].heading_path[0] if sections and
                              sections[0].heading_path else "")
    return Parsed(sections, {}, first_heading)


def _docx_heading_level(paragraph: Any) -> int | None:
    style = paragraph.style
    if style is None:
        return None
    for name in (style.name or "", style.style_id or ""):
        if name.lower() in ("title", "rubrik"):
            return 0
        m = HEADING_STYLE.match(name)
        if m:
            return int(m.group(1))
    return None


def _table_lines(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [c.text.strip() for c in row.cells]
        # Merged cells repeat their text in python-docx; keep each value once per row.
        unique = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
        if unique:
            rows.append(" | ".join(unique))
    return rows


def _check_zip(data: bytes, path: Path, kind: str = "Word-dokument") -> None:
    """Refuse zip bombs and XML entity tricks before any XML parser sees the parts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise LoadError(path, f"Filen är skadad eller inte ett giltigt {kind}.",
                        f"BadZipFile: {e}") from e
    with archive:
        infos = archive.infolist()
        problem = _zip_size_problem(infos)
        if problem:
            raise LoadError(path, "Filen avvisades: den packas upp till orimligt mycket data "
                                  "(möjlig zip-bomb).", problem)
        for info in infos:
            if info.is_dir() or info.filename.lower().endswith(BINARY_PART_SUFFIXES):
                continue
            _scan_part(archive, info, path)


def _zip_size_problem(infos: list[zipfile.ZipInfo]) -> str:
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"{len(infos)} zip entries > {MAX_ZIP_ENTRIES}"
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        return f"{total} uncompressed bytes > {MAX_ZIP_UNCOMPRESSED_BYTES}"
    if total / packed > MAX_ZIP_RATIO:
        return f"compression ratio {total / packed:.0f} > {MAX_ZIP_RATIO}"
    return ""


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Stream one part looking for DTDs/entities. Every part is scanned, not only *.xml: a
    sheet or document part may be named anything its relationships point at. Reading stops at
    the declared size (+1 to notice a lie), so a forged header cannot inflate more than the
    size checks allowed."""
    seen = 0
    tail = b""
    with archive.open(info) as part:
        while block := part.read(1 << 20):
            seen += len(block)
            if seen > info.file_size:
                raise LoadError(path, "Filen är skadad (felaktig storlek i arkivet).",
                                f"{info.filename} larger than declared")
            window = tail + block
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise LoadError(path, "Filen avvisades: den innehåller otillåtna "
                                      "XML-deklarationer.", f"DTD/entity in {info.filename}")
            tail = block[-16:]


# ---------------------------------------------------------------------------------------------
# HTML


def _load_html(data: bytes, path: Path) -> Parsed:
    import trafilatura

    if b"\0" in data[:8192]:
        raise LoadError(path, "Filen innehåller binärdata och är inte en HTML-sida.",
                        "NUL byte in HTML file")
    # Markdown output keeps the page's headings, so sections get heading paths as for .md;
    # trafilatura drops navigation, cookie banners and footers.
    markdown = trafilatura.extract(data, output_format="markdown", include_comments=False,
                                   include_tables=True, include_formatting=True,
                                   include_links=False, include_images=False)
    if not markdown:
        raise LoadError(path, "Ingen huvudtext kunde hittas på HTML-sidan.",
                        "trafilatura found no main content")
    sections, first_heading = _markdown_sections(markdown)
    page_meta = trafilatura.bare_extraction(data, with_metadata=True, only_with_metadata=False)
    title = (getattr(page_meta, "title", None) or "").strip() if page_meta else ""
    meta = {"source_url": page_meta.url} if page_meta is not None and page_meta.url else {}
    return Parsed(sections, meta, first_heading or title)


# ---------------------------------------------------------------------------------------------
# XLSX statistics (validated against a manifest by assistant.statistics, not a Document)


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
    _check_zip(data, path, kind="Excel-dokument")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:
        raise LoadError(path, "Filen är skadad eller inte ett giltigt Excel-dokument.",
                        f"{type(e).__name__}: {e}") from e
    try:
        return _sheet_as_csv(book.worksheets[0], path)
    finally:
        book.close()


def _sheet_as_csv(sheet: Any, path: Path) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cells = 0
    width: int | None = None  # the header's: openpyxl pads rows to the sheet's widest column
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
        if cells > MAX_SHEET_CELLS:
            raise LoadError(path, "Kalkylbladet är för stort för att läsas in.",
                            f"more than {MAX_SHEET_CELLS} cells")
        values = [_cell_text(v) for v in row]
        if not any(values):
            continue
        if width is None:
            while values[-1] == "":
                values.pop()
            width = len(values)
        elif not any(values[width:]):  # empty cells past the header are padding, not data
            values = values[:width] + [""] * (width - len(values))
        writer.writerow(values)
    return out.getvalue()


def _cell_text(value: Any) -> str:
    """Excel stores every number as a float; 2024.0 must read as the integer year 2024."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


LOADERS: dict[str, Callable[[bytes, Path], Parsed]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".html": _load_html,
    ".htm": _load_html,
}


# ---------------------------------------------------------------------------------------------
# Metadata


META_FIELDS = {f.name for f in fields(DocumentMeta)}


def parse_metadata(text: str | bytes, path: str | Path, where: str) -> dict[str, Any]:
    """Untrusted metadata (front matter, a sidecar) as {key: str | tuple[str, ...]}, parsed with
    limits: at most MAX_METADATA_BYTES, no anchors or aliases (a 449-byte alias bomb expands to
    gigabytes), no tags, a flat mapping whose values are scalars or a list of scalars (at most
    MAX_TOPICS). Anything else raises LoadError. Values are not cut here (see `_resolve_meta`).
    The admin page parses a chosen file's front matter with this too."""
    path = Path(path)
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_METADATA_BYTES:
        raise _metadata_error(path, where, f"{size} bytes > {MAX_METADATA_BYTES} bytes",
                              f"är för stor (högst {MAX_METADATA_BYTES // 1024} kB)")
    try:
        value = load_plain_yaml(text, max_depth=2)
    except YamlRefused as e:
        raise _metadata_error(path, where, e.detail, e.problem) from e
    except yaml.YAMLError as e:
        raise LoadError(path, f"Metadata ({where}) kunde inte läsas: kontrollera YAML-syntaxen.",
                        f"YAML error in {where}: {e}") from e
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise LoadError(path, f"Metadata ({where}) måste vara nyckel: värde-par.",
                        f"{where} is a {type(value).__name__}, not a mapping")
    return {str(k): _metadata_value(str(k), v, path, where) for k, v in value.items()
            if v is not None}


class YamlRefused(ValueError):
    """YAML that uses a feature plain data never needs (see `load_plain_yaml`)."""

    def __init__(self, detail: str, problem: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.problem = problem  # Swedish, completes "Metadata (...) ..."


def load_plain_yaml(text: str | bytes, max_depth: int) -> Any:
    """`yaml.safe_load`, after the events were checked: no alias or anchor (shared references
    become exponential copies as soon as anything walks them), no tag, at most
    MAX_METADATA_EVENTS events and collections nested at most `max_depth` deep, with a mapping
    at the top. Raises YamlRefused, or yaml.YAMLError for bad syntax. Used for front matter,
    sidecars and statistics manifests."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
        if count > MAX_METADATA_EVENTS:
            raise YamlRefused(f"more than {MAX_METADATA_EVENTS} YAML events", "är för stor")
        if isinstance(event, yaml.AliasEvent):
            raise YamlRefused(f"YAML alias *{event.anchor}",
                              "använder YAML-alias (*namn), som inte är tillåtna")
        if getattr(event, "anchor", None) is not None:
            raise YamlRefused(f"YAML anchor &{event.anchor}",
                              "använder YAML-ankare (&namn), som inte är tillåtna")
        if getattr(event, "tag", None) is not None:
            raise YamlRefused(f"YAML tag {event.tag}",
                              "använder YAML-taggar (!…), som inte är tillåtna")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth or (depth == 1 and not isinstance(event, yaml.MappingStartEvent)):
                raise YamlRefused("a nested value is not a string or a list of strings",
                                  "får bara innehålla texter och textlistor")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.safe_load(text)  # checked: nothing in it can expand


def _metadata_value(key: str, value: Any, path: Path, where: str) -> str | tuple[str, ...]:
    if isinstance(value, list):
        if len(value) > MAX_TOPICS:
            raise _metadata_error(path, where, f"{key}: {len(value)} items > {MAX_TOPICS} "
                                  "(topics and other lists)", f"har för många ämnen (högst "
                                  f"{MAX_TOPICS})")
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    if isinstance(value, dict):  # a mapping key such as {a: b} as a value
        raise _metadata_error(path, where, f"{key}: not a string", "får bara innehålla texter "
                              "och textlistor")
    # YAML turns 2024-03-01 into a date and 2024 into an int; metadata is text.
    return str(value).strip()


def _metadata_error(path: Path, where: str, detail: str,
                    problem: str = "följer inte formatet") -> LoadError:
    return LoadError(path, f"Metadata ({where}) {problem}. Skriv metadata som enkla rader "
                           "`nyckel: värde` (ämnen som en lista).", f"{where}: {detail}")


def _resolve_meta(path: Path, parsed: Parsed, sidecar: bytes | None,
                  explicit: DocumentMeta | None) -> tuple[DocumentMeta, list[str]]:
    if explicit is not None:
        return explicit, []
    raw = dict(parsed.meta)
    if sidecar is not None:
        raw.update(parse_metadata(sidecar, path, sidecar_path(path).name))
    # An upload's sidecar records the name the file had on the user's computer; it is not
    # document metadata, but it makes a far better default title than the generated file name.
    original_name = str(raw.pop(ORIGINAL_NAME_KEY, "") or "")[:MAX_META_CHARS["title"]]
    warnings = []
    if not raw:
        warnings.append("Ingen metadata hittades (front matter eller sidofil "
                        f"{path.name}{SIDECAR_SUFFIX}); standardvärden används.")
    unknown = sorted(set(raw) - META_FIELDS)
    if unknown:
        log.info("%s: ignoring unknown metadata keys %s", path, unknown[:20])
    if not str(raw.get("title") or "").strip():
        raw["title"] = _cut(parsed.title_hint, MAX_META_CHARS["title"]) or _title_from_name(
            Path(original_name or path.name))
        warnings.append(f"Titel saknas i metadata; använder \"{raw['title']}\".")
    values = {}
    for key in sorted(META_FIELDS & set(raw)):
        value, was_cut = _meta_value(key, raw[key])
        values[key] = value
        if was_cut:
            warnings.append(f"Metadatafältet {key} var för långt och har förkortats till "
                            f"{MAX_META_CHARS.get(key, MAX_META_CHARS['title'])} tecken.")
    if values.get("language") not in ("sv", "en"):
        values.pop("language", None)
    return DocumentMeta(**values), warnings


def _meta_value(key: str, value: Any) -> tuple[Any, bool]:
    """The field as DocumentMeta holds it, cut to its cap; and whether it was cut."""
    cap = MAX_META_CHARS.get(key, MAX_META_CHARS["title"])
    if key == "topics":
        items = value if isinstance(value, (list, tuple)) else str(value).split(",")
        topics = [str(t).strip() for t in items if str(t).strip()][:MAX_TOPICS]
        return tuple(_cut(t, cap) for t in topics), any(len(t) > cap for t in topics)
    text = " ".join(value) if isinstance(value, tuple) else str(value).strip()
    return _cut(text, cap), len(text) > cap


def _cut(text: str, cap: int) -> str:
    """At most `cap` characters: a longer text is cut at a word and ends with an ellipsis."""
    text = str(text or "").strip()
    if len(text) <= cap:
        return text
    cut = text[:cap - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > cap // 2 else cut).rstrip() + "…"


def _title_from_name(path: Path) -> str:
    stem = re.sub(r"[_\-]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name
