"""Each loader on a real file, and every kind of bad file rejected with a Swedish message."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from assistant.models import DocumentMeta
from assistant.pipeline.loading import LoadError, discover, load_file, unsupported_files

FIXTURES = Path(__file__).parent.parent / "fixtures"

MARKDOWN = """---
title: "Laddinfrastruktur i Stockholms län"
doc_type: fakta
publisher: Region Stockholm
source_url: https://example.se/ladd
source_date: 2024-05-01
topics: [transporter, el]
kommun: Nacka
---

# Laddinfrastruktur

Inledande text om laddning.

## Publika laddpunkter

Det finns många publika laddpunkter i länet.

```
# inte en rubrik, bara kod
```

### Snabbladdning

Snabbladdare längs stråken.

## Uppföljning

Följs upp varje år.
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_markdown_front_matter_and_heading_paths(tmp_path: Path) -> None:
    path = write(tmp_path / "docs" / "ladd.md", MARKDOWN)
    doc = load_file(path, root=tmp_path)

    assert doc.doc_id == "docs/ladd.md"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.meta == DocumentMeta(
        title="Laddinfrastruktur i Stockholms län", doc_type="fakta",
        publisher="Region Stockholm", source_url="https://example.se/ladd",
        source_date="2024-05-01", topics=("transporter", "el"), kommun="Nacka")
    assert doc.warnings == ()
    paths = [s.heading_path for s in doc.sections]
    assert paths == [
        ("Laddinfrastruktur",),
        ("Laddinfrastruktur", "Publika laddpunkter"),
        ("Laddinfrastruktur", "Publika laddpunkter", "Snabbladdning"),
        ("Laddinfrastruktur", "Uppföljning"),
    ]
    assert "# inte en rubrik" in doc.sections[1].text  # '#' inside a code fence is not a heading
    assert all("---" not in s.text and "title:" not in s.text for s in doc.sections)


def test_markdown_without_metadata_gets_defaults_and_warnings(tmp_path: Path) -> None:
    path = write(tmp_path / "utan-metadata.md", "# Min rubrik\n\nLite text om klimatet.\n")
    doc = load_file(path, root=tmp_path)
    assert doc.meta.title == "Min rubrik"
    assert doc.meta.doc_type == "vägledning"
    assert len(doc.warnings) == 2 and "metadata" in doc.warnings[0]


def test_txt_with_sidecar_metadata_and_title_from_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "klimat_rapport-2023.txt", "Utsläppen minskade under året.\n")
    assert load_file(path, root=tmp_path).meta.title == "Klimat rapport 2023"
    plain_sha = load_file(path, root=tmp_path).sha256

    write(tmp_path / "klimat_rapport-2023.txt.meta.yaml",
          "title: Klimatrapport 2023\ndoc_type: rapport\ntopics: utsläpp, uppföljning\n")
    doc = load_file(path, root=tmp_path)
    assert doc.meta.title == "Klimatrapport 2023"
    assert doc.meta.doc_type == "rapport"
    assert doc.meta.topics == ("utsläpp", "uppföljning")
    assert doc.warnings == ()
    assert doc.sha256 != plain_sha  # corrected metadata counts as a new version


def test_explicit_meta_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", MARKDOWN)
    meta = DocumentMeta(title="Uppladdad", doc_type="beslut")
    assert load_file(path, meta=meta).meta == meta
    assert load_file(path, meta=meta).doc_id == "a.md"


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "gammal.txt", "Växthusgaser och åtgärder i länet.".encode("cp1252"))
    assert "Växthusgaser och åtgärder" in load_file(path).text


def test_pdf_pages_and_printed_page_labels() -> None:
    doc = load_file(FIXTURES / "rapport.pdf", root=FIXTURES)
    assert doc.doc_id == "rapport.pdf"
    assert doc.meta.title == "Klimatrapport för Stockholms län"  # from the PDF's own metadata
    assert [(s.page, s.page_label) for s in doc.sections] == [
        (1, "i"), (2, "ii"), (3, "1"), (4, "2")]
    assert "Vägtrafiken är den största källan" in doc.sections[2].text
    assert "Åtgärder" in doc.sections[3].text


def test_docx_headings_become_heading_paths() -> None:
    doc = load_file(FIXTURES / "klimatplan.docx", root=FIXTURES)
    assert doc.meta.title == "Klimatplan för Exempelkommun"
    by_path = {s.heading_path: s.text for s in doc.sections}
    assert by_path[()] == "Kommunfullmäktige antog klimatplanen år 2024."
    assert "nettonollutsläpp senast år 2045" in by_path[("Mål",)]
    assert "kollektivtrafik, cykel och gång" in by_path[("Mål", "Transporter")]
    assert "Andel elbilar | 50 procent" in by_path[("Uppföljning",)]  # table rows kept


def test_html_main_text_without_navigation_or_cookie_banner() -> None:
    doc = load_file(FIXTURES / "laddinfrastruktur.html", root=FIXTURES)
    text = doc.text
    assert "Snabbladdare placeras längs de större vägarna" in text
    for noise in ("kakor", "Startsida", "Box 22550", "Hälso- och sjukvård"):
        assert noise not in text
    assert doc.meta.title == "Laddinfrastruktur i länet"
    assert ("Laddinfrastruktur i länet", "Uppföljning") in [s.heading_path for s in doc.sections]


@pytest.mark.parametrize("name, phrase", [
    ("empty.md", "tom"),
    ("binary.md", "binärdata"),
    ("corrupt.pdf", "skadad"),
    ("encrypted.pdf", "lösenord"),
    ("make_fixtures.py", "stöds inte"),
])
def test_bad_files_raise_load_error_with_swedish_message(name: str, phrase: str) -> None:
    with pytest.raises(LoadError) as err:
        load_file(FIXTURES / name, root=FIXTURES)
    assert phrase in err.value.user_message
    assert err.value.detail and err.value.path.endswith(name)


def test_oversize_file_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path / "stor.txt", "klimat " * 200_000)  # 1.4 MB
    with pytest.raises(LoadError) as err:
        load_file(path, max_mb=1)
    assert "för stor" in err.value.user_message


def test_pdf_with_only_whitespace_is_rejected(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    make_fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_fixtures)
    make_fixtures.make_pdf(tmp_path / "skannad.pdf", [[" "], [""]], labels=False)
    with pytest.raises(LoadError) as err:
        load_file(tmp_path / "skannad.pdf")
    assert "ingen text" in err.value.user_message


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Hej")
    d.save(buffer)
    return buffer.getvalue()


def _rezip(original: bytes, extra: dict[str, bytes], *, replace: dict[str, bytes] | None = None
           ) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out.getvalue()


def test_docx_zip_bomb_is_rejected_before_parsing(tmp_path: Path) -> None:
    bomb = _rezip(_docx_bytes(), {"word/media/padding.bin": b"\0" * 30_000_000})
    assert len(bomb) < 200_000
    path = write(tmp_path / "bomb.docx", bomb)
    with pytest.raises(LoadError) as err:
        load_file(path)
    assert "zip-bomb" in err.value.user_message
    assert "ratio" in err.value.detail


def test_docx_with_too_many_entries_is_rejected(tmp_path: Path) -> None:
    many = _rezip(_docx_bytes(), {f"customXml/item{i}.bin": b"x" for i in range(1200)})
    with pytest.raises(LoadError) as err:
        load_file(write(tmp_path / "many.docx", many))
    assert "zip-bomb" in err.value.user_message


def test_docx_with_xml_entities_is_rejected(tmp_path: Path) -> None:
    original = _docx_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        body = z.read("word/document.xml")
    evil = body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>', 1)
    path = write(tmp_path / "entities.docx",
                 _rezip(original, {}, replace={"word/document.xml": evil}))
    with pytest.raises(LoadError) as err:
        load_file(path)
    assert "XML" in err.value.user_message


def test_discover_skips_statistics_sidecars_readme_and_hidden(tmp_path: Path) -> None:
    for rel in ["docs/a.md", "docs/b.pdf", "docs/sub/c.txt", "docs/b.pdf.meta.yaml",
                "README.md", "statistics/x.csv", "statistics/notes.md", ".git/HEAD.md",
                "docs/~$lock.docx", "docs/bild.png"]:
        write(tmp_path / rel, "x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["docs/a.md", "docs/b.pdf", "docs/sub/c.txt"]
    assert [p.name for p in unsupported_files(tmp_path)] == ["bild.png"]


def test_doc_id_outside_root_is_the_file_name(tmp_path: Path) -> None:
    src = shutil.copy(FIXTURES / "klimatplan.docx", tmp_path / "plan.docx")
    assert load_file(src, root=tmp_path / "elsewhere").doc_id == "plan.docx"


# --- links and paths outside the folder (issue 11) -------------------------------------------


def _knowledge_with_links(tmp_path: Path) -> tuple[Path, Path]:
    """A knowledge folder with one real document and every kind of link; the outside folder
    holds what the links point at."""
    root, outside = tmp_path / "knowledge", tmp_path / "outside"
    write(root / "docs" / "riktig.md", "# Riktig\n\nEn vanlig text om klimatet i länet.\n")
    write(outside / "hemlig.md", "# Hemlig\n\nDetta får aldrig läsas in.\n")
    (root / "docs" / "passwd.txt").symlink_to("/etc/passwd")
    (root / "docs" / "inne.md").symlink_to(root / "docs" / "riktig.md")  # even inside: a link
    (root / "docs" / "mapp").symlink_to(outside, target_is_directory=True)
    (root / "docs" / "trasig.md").symlink_to(tmp_path / "finns-inte.md")
    return root, outside


def test_discovery_never_follows_a_link_and_names_each(tmp_path: Path) -> None:
    from assistant.pipeline.loading import skipped_links

    root, _ = _knowledge_with_links(tmp_path)
    assert [p.relative_to(root).as_posix() for p in discover(root)] == ["docs/riktig.md"]
    assert unsupported_files(root) == []
    assert [p.relative_to(root).as_posix() for p in skipped_links(root)] == [
        "docs/inne.md", "docs/mapp", "docs/passwd.txt", "docs/trasig.md"]


def test_a_link_or_a_path_resolving_outside_the_root_is_never_read(tmp_path: Path) -> None:
    root, _ = _knowledge_with_links(tmp_path)
    for path in (root / "docs" / "passwd.txt", root / "docs" / "inne.md"):
        with pytest.raises(LoadError) as err:
            load_file(path, root=root)
        assert "länk" in err.value.user_message
    # A real file reached through a linked folder resolves outside the root.
    with pytest.raises(LoadError) as err:
        load_file(root / "docs" / "mapp" / "hemlig.md", root=root)
    assert "utanför" in err.value.user_message


def test_a_linked_sidecar_is_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "doc.txt", "Utsläppen minskade under året i hela länet.\n")
    write(tmp_path / "elsewhere.yaml", "title: Från någon annanstans\n")
    (tmp_path / "doc.txt.meta.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(LoadError) as err:
        load_file(path, root=tmp_path)
    assert "länk" in err.value.user_message


# --- front matter with limits (issue 11) -----------------------------------------------------


LAUGHS_FRONT_MATTER = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "title: *h\n"
    "---\n\n# Skratt\n\nText.\n"
)


def _load_bounded(path: Path, memory_mb: int = 400, seconds: int = 30) -> dict[str, str]:
    """load_file in a child with an address-space cap, so a regression cannot eat the
    machine: returns {"ok": title} or {"user_message", "detail"}."""
    import json
    import resource
    import subprocess
    import sys

    code = ("import json, sys; from assistant.pipeline.loading import LoadError, load_file\n"
            "try:\n"
            f"    d = load_file({str(path)!r}, max_mb=20)\n"
            "    print(json.dumps({'ok': d.meta.title[:100]}))\n"
            "except LoadError as e:\n"
            "    print(json.dumps({'user_message': e.user_message, 'detail': e.detail}))\n")

    def limit() -> None:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=limit,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_yaml_aliases_in_front_matter_are_refused_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "skratt.md", LAUGHS_FRONT_MATTER)
    assert path.stat().st_size < 600
    result = _load_bounded(path)
    assert "user_message" in result, result
    assert "Metadata" in result["user_message"]
    assert "anchor" in result["detail"] or "alias" in result["detail"]


@pytest.mark.parametrize("front, detail", [
    ("title: &t Ankare\npublisher: x\n", "anchor"),
    ("title: !!binary aGVq\n", "tag"),
    ("title: !!python/object:os.system x\n", "tag"),
    ("title:\n  nested: mapping\n", "not a string"),
    ("topics: [[a, b], c]\n", "not a string"),
    ("title: " + "x" * 40_000 + "\n", "bytes"),
    ("topics: [" + ", ".join(f"t{i}" for i in range(200)) + "]\n", "topics"),
])
def test_front_matter_outside_the_limits_is_refused(tmp_path: Path, front: str,
                                                    detail: str) -> None:
    path = write(tmp_path / "doc.md", f"---\n{front}---\n\n# Rubrik\n\nText om klimatet.\n")
    with pytest.raises(LoadError) as err:
        load_file(path, root=tmp_path)
    assert "Metadata" in err.value.user_message
    assert detail in err.value.detail


def test_sidecar_metadata_has_the_same_limits(tmp_path: Path) -> None:
    path = write(tmp_path / "doc.txt", "Utsläppen minskade under året i hela länet.\n")
    write(tmp_path / "doc.txt.meta.yaml", "t: &t x\ntitle: *t\n")
    with pytest.raises(LoadError) as err:
        load_file(path, root=tmp_path)
    assert "alias" in err.value.detail or "anchor" in err.value.detail


def test_long_titles_publishers_and_headings_are_capped(tmp_path: Path) -> None:
    from assistant.pipeline.loading.formats import MAX_HEADING_CHARS
    from assistant.pipeline.loading.metadata import MAX_META_CHARS

    long_title = "Titel " * 100  # 600 characters: allowed in the block, capped in the meta
    heading = "Rubrik " * 150_000  # a 1 MB heading line becomes the title hint and a path
    path = write(tmp_path / "doc.md", f"---\ntitle: {long_title}\npublisher: {'P' * 5000}\n"
                                      f"---\n\n# {heading}\n\nText om klimatet.\n")
    doc = load_file(path, root=tmp_path)
    assert len(doc.meta.title) <= MAX_META_CHARS["title"]
    assert len(doc.meta.publisher) <= MAX_META_CHARS["publisher"]
    assert all(len(h) <= MAX_HEADING_CHARS for s in doc.sections for h in s.heading_path)
    assert any("förkorta" in w for w in doc.warnings)
    untitled = write(tmp_path / "utan.md", f"# {heading}\n\nText om klimatet.\n")
    assert len(load_file(untitled, root=tmp_path).meta.title) <= MAX_META_CHARS["title"]


# --- dependencies (issue 11) -------------------------------------------------------------------


def test_lxml_html_clean_is_a_declared_dependency() -> None:
    """trafilatura needs it (through justext) for every HTML file; constraints.txt alone is not
    enough, an install without the constraints must get it too."""
    import re
    import tomllib

    project = tomllib.loads((FIXTURES.parent.parent / "pyproject.toml").read_text("utf-8"))
    names = {re.split(r"[=<>\[ ;]", d, maxsplit=1)[0].lower().replace("-", "_")
             for d in project["project"]["dependencies"]}
    assert {"lxml_html_clean", "python_stdnum"} <= names


def test_a_missing_parser_dependency_is_a_configuration_error(tmp_path: Path) -> None:
    """Without lxml_html_clean every HTML file failed as "Filen är skadad": the file was fine,
    the installation was not, and the message must say so."""
    import json
    import subprocess
    import sys

    code = ("import json, sys; sys.modules['lxml_html_clean'] = None  # as if not installed\n"
            "from assistant.pipeline.loading import LoadError, load_file\n"
            "try:\n"
            f"    load_file({str(FIXTURES / 'laddinfrastruktur.html')!r}, max_mb=20)\n"
            "    print(json.dumps({'loaded': True}))\n"
            "except LoadError as e:\n"
            "    print(json.dumps({'user_message': e.user_message, 'detail': e.detail}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, cwd=FIXTURES.parent.parent)
    result = json.loads(done.stdout)
    assert "skadad" not in result["user_message"]
    assert "Installationen saknar" in result["user_message"]
    assert "configuration error" in result["detail"]
