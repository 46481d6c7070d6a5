"""Which files of a folder are documents: found without ever following a link.

`discover` walks with `os.scandir` and never follows a symbolic link, so a linked folder is one
skipped entry (named in the run's report), not a tree to read; statistics, sidecars, READMEs,
hidden files and office lock files are not documents. `document_id` is a document's identity:
its POSIX path relative to the knowledge folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.errors import LoadError, printable, utf8_problem
from assistant.pipeline.loading.formats import LOADERS
from assistant.pipeline.loading.metadata import SIDECAR_SUFFIX
from assistant.reference import STATISTICS_DIR

IGNORED_NAMES = {"readme.md", "readme.txt", "readme", "thumbs.db", "desktop.ini"}


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


def document_id(path: Path, root: str | Path | None) -> str:
    """POSIX path relative to root; the bare file name for files outside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return path.name


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


def check_inside(path: Path, root: str | Path | None) -> None:
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
