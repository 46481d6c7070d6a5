"""One writer at a time: ChromaDB silently loses vectors with two.

`write_lock` holds an exclusive fcntl lock on `<store_dir>/ingest.lock` for a whole writing run.
It guards one host; in server mode, writers on different machines must be coordinated outside
it (the shared-state backend the operations plan names would hold this lock instead).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.config import Settings
from assistant.errors import UserFacingError

LOCK_NAME = "ingest.lock"


class IngestLocked(UserFacingError):
    """Another writer holds the store's write lock."""


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """Exclusive, non-blocking lock on `<store_dir>/ingest.lock`. It guards one host: in server
    mode, writers on different machines must be coordinated outside this lock."""
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    path = settings.store_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise IngestLocked(
                "En annan inläsning av kunskapsbasen pågår redan. Vänta tills den är klar och "
                "försök sedan igen.", f"{path} is locked by {holder or 'another process'}",
            ) from e
        # Who holds it, for the message above; the kernel drops the lock if we die.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(),
                  0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def lock_holder(settings: Settings) -> str | None:
    """Who holds the write lock right now ("pid 123 since ..."), or None when it is free."""
    try:
        with write_lock(settings):
            return None
    except IngestLocked as e:
        return e.detail.split(" is locked by ", 1)[-1]
