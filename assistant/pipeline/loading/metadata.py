"""Document metadata from outside the parser: front matter, a sidecar `<file>.meta.yaml`, or
the defaults, with the limits of hostile input.

Metadata is a handful of short fields: a block larger than MAX_METADATA_BYTES, or with YAML
anchors, aliases, tags or nesting, is not metadata but an attack on the parser
(`assistant.files.load_plain_yaml`). Front matter is found and split by python-frontmatter's
YAML handler, and parsed by the same limited loader. Each field is cut to its cap, with a
warning on the document; the admin form has the same caps (it reads them from here).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from assistant.errors import LoadError
from assistant.files import YamlRefused, load_plain_yaml, open_regular
from assistant.models import DocumentMeta

log = logging.getLogger(__name__)

MAX_METADATA_BYTES = 16_384
MAX_TOPICS = 20
# Per field; a longer value is cut (with a warning on the document).
MAX_META_CHARS = {"title": 300, "publisher": 200, "topics": 60, "source_url": 500,
                  "source_date": 30, "doc_type": 60, "kommun": 100, "language": 10}
SIDECAR_SUFFIX = ".meta.yaml"
ORIGINAL_NAME_KEY = "original_name"  # in an upload's sidecar: the name the user's file had
META_FIELDS = {f.name for f in fields(DocumentMeta)}
_FRONT_MATTER = frontmatter.YAMLHandler()  # detects and splits at the `---` lines


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter, the text after it) of a Markdown text, or (None, text) when it has none.
    Nothing is parsed here: see `parse_metadata`."""
    if not _FRONT_MATTER.detect(text):
        return None, text
    try:
        front, body = _FRONT_MATTER.split(text)
    except ValueError:  # an opening `---` without a closing one is a rule, not front matter
        return None, text
    return front, body


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def sidecar_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata of `<file>.meta.yaml` next to `path`, with the same limits as front matter
    ({} when there is none). Raises LoadError for a linked, oversized or malformed sidecar."""
    path = Path(path)
    data = read_sidecar(path)
    return parse_metadata(data, path, sidecar_path(path).name) if data is not None else {}


def read_sidecar(path: Path) -> bytes | None:
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


def parse_metadata(text: str | bytes, path: str | Path, where: str) -> dict[str, Any]:
    """Untrusted metadata (front matter, a sidecar) as {key: str | tuple[str, ...]}, parsed with
    limits: at most MAX_METADATA_BYTES, no anchors or aliases (a 449-byte alias bomb expands to
    gigabytes), no tags, a flat mapping whose values are scalars or a list of scalars (at most
    MAX_TOPICS). Anything else raises LoadError. Values are not cut here (see `_resolve_meta`).
    The admin page parses a chosen file's front matter with this too."""
    path = Path(path)
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_METADATA_BYTES:
        raise metadata_error(path, where, f"{size} bytes > {MAX_METADATA_BYTES} bytes",
                              f"är för stor (högst {MAX_METADATA_BYTES // 1024} kB)")
    try:
        value = load_plain_yaml(text, max_depth=2)
    except YamlRefused as e:
        raise metadata_error(path, where, e.detail, e.problem) from e
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


def _metadata_value(key: str, value: Any, path: Path, where: str) -> str | tuple[str, ...]:
    if isinstance(value, list):
        if len(value) > MAX_TOPICS:
            raise metadata_error(path, where, f"{key}: {len(value)} items > {MAX_TOPICS} "
                                  "(topics and other lists)", f"har för många ämnen (högst "
                                  f"{MAX_TOPICS})")
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    if isinstance(value, dict):  # a mapping key such as {a: b} as a value
        raise metadata_error(path, where, f"{key}: not a string", "får bara innehålla texter "
                              "och textlistor")
    # YAML turns 2024-03-01 into a date and 2024 into an int; metadata is text.
    return str(value).strip()


def metadata_error(path: Path, where: str, detail: str,
                    problem: str = "följer inte formatet") -> LoadError:
    return LoadError(path, f"Metadata ({where}) {problem}. Skriv metadata som enkla rader "
                           "`nyckel: värde` (ämnen som en lista).", f"{where}: {detail}")


def resolve_meta(path: Path, found: dict[str, Any], title_hint: str, sidecar: bytes | None,
                 explicit: DocumentMeta | None) -> tuple[DocumentMeta, list[str]]:
    """The document's metadata: `explicit`, else what the file carries (`found`, e.g. its front
    matter) updated by its sidecar, with each field cut to its cap; and the warnings."""
    if explicit is not None:
        return explicit, []
    raw = dict(found)
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
        raw["title"] = cut(title_hint, MAX_META_CHARS["title"]) or _title_from_name(
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
        return tuple(cut(t, cap) for t in topics), any(len(t) > cap for t in topics)
    text = " ".join(value) if isinstance(value, tuple) else str(value).strip()
    return cut(text, cap), len(text) > cap


def cut(text: str, cap: int) -> str:
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
