"""Reading and writing files that may be hostile or may be read while they are written.

Every module that opens a file someone else supplied (a document, a sidecar, a statistics
release, a manifest) opens it with `open_regular`: no symbolic link is followed and nothing but
a regular file is read, so a link to `/etc/passwd` or a FIFO cannot stall or leak. Every module
that writes a file others read (the run report, an upload's sidecar, an installed release)
writes it with `write_atomically`, so a reader sees the old file or the new one, never half.
YAML written by people (front matter, sidecars, manifests) is parsed with `load_plain_yaml`:
plain data only, nothing that expands.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from assistant.errors import LoadError

READ_BLOCK = 1 << 20
# A YAML document of metadata is a handful of short fields: more parser events than this is
# not metadata but an attack on the parser.
MAX_YAML_EVENTS = 2_000


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


def write_atomically(path: str | Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` through a hidden temporary file in the same
    folder and one rename: a reader, or a crash, never meets a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


class YamlRefused(ValueError):
    """YAML that uses a feature plain data never needs (see `load_plain_yaml`)."""

    def __init__(self, detail: str, problem: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.problem = problem  # Swedish, completes "Metadata (...) ..."


def load_plain_yaml(text: str | bytes, max_depth: int) -> Any:
    """`yaml.safe_load`, after the events were checked: no alias or anchor (shared references
    become exponential copies as soon as anything walks them), no tag, at most
    MAX_YAML_EVENTS events and collections nested at most `max_depth` deep, with a mapping
    at the top. Raises YamlRefused, or yaml.YAMLError for bad syntax. Used for front matter,
    sidecars and statistics manifests."""
    depth = 0
    for count, event in enumerate(yaml.parse(text, Loader=yaml.SafeLoader)):
        if count > MAX_YAML_EVENTS:
            raise YamlRefused(f"more than {MAX_YAML_EVENTS} YAML events", "är för stor")
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
