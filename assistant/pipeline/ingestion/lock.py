"""One writer at a time: ChromaDB silently loses vectors with two.

`write_lock` holds, for a whole writing run, an exclusive fcntl lock on
`<store_dir>/ingest.lock` (embedded: one host), or with `KLIMAT_DATABASE_URL` a PostgreSQL
advisory lock, which holds across hosts and is released by the server when the writer's
connection goes, also when the writer is killed.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.config import Settings
from assistant.errors import UserFacingError
from assistant.stores import database

LOCK_NAME = "ingest.lock"
ADVISORY_LOCK = "klimatassistenten.ingest"  # one per database: every host writing to it
BUSY = ("En annan inläsning av kunskapsbasen pågår redan{holder}. Vänta tills den är klar och "
        "försök sedan igen.")


class IngestLocked(UserFacingError):
    """Another writer holds the store's write lock."""


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    """Exclusive, non-blocking: the advisory lock in the shared database when there is one,
    else the lock file `<store_dir>/ingest.lock`. Raises IngestLocked naming the holder."""
    if settings.database_url:
        with database.advisory_lock(settings.database_url, ADVISORY_LOCK, _locked):
            yield
        return
    settings.store_dir.mkdir(parents=True, exist_ok=True)
    path = settings.store_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise IngestLocked(BUSY.format(holder=""),
                               f"{path} is locked by {holder or 'another process'}") from e
        # Who holds it, for the message above; the kernel drops the lock if we die.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(),
                  0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _locked(holder: database.Holder | None) -> IngestLocked:
    named = str(holder) if holder else "en annan process"
    return IngestLocked(BUSY.format(holder=f" ({named})"),
                        f"advisory lock {ADVISORY_LOCK} is locked by {named}")


def lock_holder(settings: Settings) -> str | None:
    """Who holds the write lock right now ("pid 123 since ..."), or None when it is free."""
    if settings.database_url:
        holder = database.lock_holder(settings.database_url, ADVISORY_LOCK)
        return str(holder) if holder else None
    try:
        with write_lock(settings):
            return None
    except IngestLocked as e:
        return e.detail.split(" is locked by ", 1)[-1]
