"""File bytes -> sections of text: one loader per format, chosen by suffix (`LOADERS`).

Every loader returns the same `Parsed` shape (sections plus whatever metadata the file itself
carries). Limits for hostile or accidental inputs are here, per format: page counts,
decompressed sizes, zip bombs, XML entities, sheet sizes. PDF, DOCX, HTML and XLSX are parsed in
a resource-limited child process (assistant/pipeline/sandbox.py).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import LoadError
from assistant.models import Section
from assistant.pipeline.loading.metadata import (
    MAX_METADATA_BYTES,
    cut,
    metadata_error,
    parse_metadata,
    split_front_matter,
)

# Uploads are also capped by settings.max_upload_mb.
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
MAX_HEADING_CHARS = 300  # a heading is part of every chunk's citation and embedding text


@dataclass
class Parsed:
    """What a loader found in a file, before metadata is resolved."""

    sections: list[Section]
    meta: dict[str, Any] = field(default_factory=dict)  # metadata carried by the file itself
    title_hint: str = ""  # first heading or the file's own title property


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


ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


def _load_markdown(data: bytes, path: Path) -> Parsed:
    text = _decode_text(data, path)
    meta: dict[str, Any] = {}
    front, body = split_front_matter(text)
    if front is not None:
        if len(front.encode("utf-8")) > MAX_METADATA_BYTES:
            raise metadata_error(path, "front matter", f"block larger than {MAX_METADATA_BYTES} "
                                 "bytes", f"är för stor (högst {MAX_METADATA_BYTES // 1024} kB)")
        meta = parse_metadata(front, path, "front matter")
        text = body
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
        level, title = len(heading.group(1)), cut(heading.group(2), MAX_HEADING_CHARS)
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

    check_zip(data, path)
    document = docx.Document(io.BytesIO(data))
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    title = cut(document.core_properties.title or "", MAX_HEADING_CHARS)

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
        text = cut(text, MAX_HEADING_CHARS)
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


def check_zip(data: bytes, path: Path, kind: str = "Word-dokument") -> None:
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


def sheet_as_csv(sheet: Any, path: Path) -> str:
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
