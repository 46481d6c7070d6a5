"""Statistics releases, all or nothing: build and check everything, then switch.

A run's changed datasets (one release from `ingest.py stats load` or the admin page, or every
changed release of the statistics folder in a sync) are first loaded into a *candidate*: a copy
of the statistics store in a scratch file. Every profile is built from the candidate and the
profiles that changed are embedded. Only when all of that has worked does the switch run,
system of record first:

1. the files in the knowledge folder (a `stats load`; a sync finds them there already),
2. the shared store on the chroma server (server mode without a shared database),
3. the tables, every dataset of the run in ONE transaction (the SQLite file, or the shared
   PostgreSQL, where every instance sees the old release or the new one),
4. the profiles in the vector store, and the removal of profiles no dataset gives any more.

When a step of the switch fails, the steps already done are undone in reverse order (the old
files, releases, tables and profiles come back) and `ReleaseFailed` says so; the ingestion
writes it into the run's report. A writer killed in the middle of the switch leaves a state the
next run completes: releases that are live are not changed again, and the profiles are always
rebuilt from what is live.

When the candidate of several releases cannot be built, each release is tried on its own, so
one broken dataset in the folder does not keep the others out.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.errors import UserFacingError
from assistant.figures.compute import MissingDataError
from assistant.files import write_atomically
from assistant.models import Document
from assistant.pipeline.datasets import DATA_SUFFIXES, Change, manifest_for
from assistant.pipeline.profiles import profiles as profiles_of
from assistant.stores.statistics import LoadResult, Release, StatisticsError, StatisticsStore
from assistant.stores.statistics.sharing import SharedStatistics

log = logging.getLogger(__name__)

CANDIDATE_PREFIX = ".candidate-statistics-"

Progress = Callable[[int, int, str], None]


class ProfileSink(Protocol):
    """The profile documents in the vector store, as the ingestion keeps them."""

    def needs(self, doc: Document) -> bool:
        """Whether the registry holds another version (or none) of this profile."""

    def prepare(self, doc: Document) -> Any:
        """Chunk and embed, without writing anything."""

    def commit(self, doc: Document, prepared: Any) -> None:
        """Make the prepared version the live one."""

    def delete(self, doc_id: str) -> None: ...

    def profile_ids(self) -> set[str]:
        """The profiles the registry holds now."""


class Step(Protocol):
    """One step of the switch: `undo` puts back what `do` changed."""

    def do(self) -> None: ...

    def undo(self) -> None: ...


class ReleaseFailed(StatisticsError):
    """Nothing of the release is live: it was never switched, or the switch was undone."""


@dataclass(frozen=True)
class Rejected:
    change: Change
    message: str  # Swedish
    detail: str


@dataclass
class Outcome:
    """What is live after a successful run."""

    results: list[LoadResult] = field(default_factory=list)  # the releases that went live
    unloaded: list[str] = field(default_factory=list)  # datasets removed
    rejected: list[Rejected] = field(default_factory=list)  # changes kept out (not switched)
    profiles: list[Document] = field(default_factory=list)  # every profile, as now live
    written: list[str] = field(default_factory=list)  # profiles added or replaced
    removed: list[str] = field(default_factory=list)  # profiles no dataset gives any more


@dataclass
class _Plan:
    changes: list[Change]
    profiles: list[Document]
    prepared: dict[str, tuple[Document, Any]] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Public API


def release(stats: StatisticsStore, shared: SharedStatistics | None, changes: Sequence[Change],
            sink: ProfileSink, scratch: Path, *, first_steps: Sequence[Step] = (),
            progress: Progress | None = None) -> Outcome:
    """Build and check `changes` with their profiles, then switch. Changes whose candidate
    cannot be built are `rejected` (nothing of them goes live); raises ReleaseFailed when the
    switch failed and was undone, or when not even the live statistics give profiles."""
    _remove_old_candidates(scratch)
    accepted, rejected, profiles = _check_candidates(stats, list(changes), scratch)
    plan = _Plan(accepted, profiles)
    _prepare(plan, sink, progress)
    # A release that was kept out installs nothing; one that is live already is re-installed
    # as it is (the files may have been moved).
    steps: list[Step] = list(first_steps) if accepted or not changes else []
    if accepted:
        if shared is not None:
            steps.append(_Publish(shared, accepted))
        steps.append(_SwapTables(stats, accepted))
    steps.append(_SwapProfiles(sink, plan, _live_profiles(stats)))
    _switch(steps, accepted)
    return Outcome(results=[c.loaded() for c in accepted if c.release is not None],
                   unloaded=[c.dataset_id for c in accepted if c.release is None],
                   rejected=rejected, profiles=profiles, written=sorted(plan.prepared),
                   removed=plan.stale)


# ---------------------------------------------------------------------------------------------
# Building and checking


def _check_candidates(stats: StatisticsStore, changes: list[Change], scratch: Path
                      ) -> tuple[list[Change], list[Rejected], list[Document]]:
    """(accepted changes, rejected ones, the profiles of live + accepted). All together first;
    when that fails with several changes, one at a time on top of those already accepted."""
    try:
        return changes, [], _candidate_profiles(stats, changes, scratch)
    except ReleaseFailed as e:
        if not changes:
            raise  # the live statistics themselves give no profiles
        if len(changes) == 1:
            return [], [Rejected(changes[0], e.user_message, e.detail)], \
                _candidate_profiles(stats, [], scratch)
    accepted: list[Change] = []
    rejected: list[Rejected] = []
    profiles: list[Document] = []
    for change in changes:
        try:
            profiles = _candidate_profiles(stats, [*accepted, change], scratch)
        except ReleaseFailed as e:
            rejected.append(Rejected(change, e.user_message, e.detail))
        else:
            accepted.append(change)
    return accepted, rejected, profiles if accepted else _candidate_profiles(stats, [], scratch)


def _candidate_profiles(stats: StatisticsStore, changes: list[Change],
                        scratch: Path) -> list[Document]:
    """Every profile the statistics give once `changes` are live, built in a scratch copy of
    the store (the live one when there are no changes). Raises ReleaseFailed."""
    if not changes:
        return _profiles_of(stats, changes)
    Path(scratch).mkdir(parents=True, exist_ok=True)  # a shared database writes no other file
    fd, name = tempfile.mkstemp(prefix=CANDIDATE_PREFIX, suffix=".sqlite", dir=scratch)
    os.close(fd)
    path = Path(name)
    candidate = None
    try:
        candidate = stats.copy_to(path)
        candidate.apply([(c.release, c.table) for c in changes if c.release is not None],
                        [c.dataset_id for c in changes if c.release is None])
        return _profiles_of(candidate, changes)
    finally:
        if candidate is not None:
            candidate.close()
        path.unlink(missing_ok=True)


def _profiles_of(store: StatisticsStore, changes: list[Change]) -> list[Document]:
    try:
        return profiles_of(store)
    except Exception as e:  # e.g. MissingDataError: population lacks the emissions' last year
        names = ", ".join(c.name for c in changes) or "Den inlästa statistiken"
        what = "den nya utgåvan" if changes else "statistiken"
        log.warning("profiles could not be built with %s: %r", names, e)
        raise ReleaseFailed(f"{names}: nyckeltalen (profilerna) kunde inte byggas ur {what} "
                            f"({_reason(e)}). Ingenting har ändrats; den tidigare utgåvan gäller.",
                            f"profiles failed: {type(e).__name__}: {e}") from e


def _prepare(plan: _Plan, sink: ProfileSink, progress: Progress | None) -> None:
    """Embed the profiles that changed (the slow part), before anything is switched."""
    todo = [p for p in plan.profiles if sink.needs(p)]
    for i, doc in enumerate(todo):
        if progress is not None:
            progress(i, len(todo), doc.doc_id)
        try:
            plan.prepared[doc.doc_id] = (doc, sink.prepare(doc))
        except Exception as e:
            names = ", ".join(c.name for c in plan.changes) or "Statistiken"
            raise ReleaseFailed(f"{names}: profilen {doc.doc_id} kunde inte göras sökbar "
                                f"({_reason(e)}). Ingenting har ändrats.",
                                f"prepare {doc.doc_id}: {type(e).__name__}: {e}") from e
    if progress is not None:
        progress(len(todo), len(todo), "")
    live = {p.doc_id for p in plan.profiles}
    plan.stale = sorted(sink.profile_ids() - live)


def _live_profiles(stats: StatisticsStore) -> dict[str, Document] | None:
    """The profiles as they are before the switch, to put back should it fail."""
    try:
        return {p.doc_id: p for p in profiles_of(stats)}
    except Exception:
        log.warning("the live statistics give no profiles; a failed switch cannot restore them",
                    exc_info=True)
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, UserFacingError):
        return error.user_message.rstrip(".")
    if isinstance(error, MissingDataError):
        return error.detail
    return "ett oväntat fel, se loggen"


def _remove_old_candidates(scratch: Path) -> None:
    """Candidates left by a writer that was killed (we hold the write lock: none is in use)."""
    for old in Path(scratch).glob(f"{CANDIDATE_PREFIX}*.sqlite"):
        old.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Switching


def _switch(steps: list[Step], changes: list[Change]) -> None:
    done: list[Step] = []
    try:
        for step in steps:
            step.do()
            done.append(step)
    except Exception as e:
        log.error("statistics switch failed; undoing %d step(s)", len(done), exc_info=True)
        unrestored = _undo([*done, step])
        names = ", ".join(c.name for c in changes) or "Statistiken"
        after = ("den tidigare utgåvan är återställd." if not unrestored else
                 "återställningen misslyckades för "
                 f"{', '.join(unrestored)}; kör `python ingest.py verify` och läs in igen.")
        raise ReleaseFailed(f"{names}: ett fel uppstod när den nya utgåvan skulle börja gälla "
                            f"({_reason(e)}); {after}",
                            f"switch failed at {type(step).__name__}: {type(e).__name__}: {e}"
                            ) from e


def _undo(steps: list[Step]) -> list[str]:
    """Undo in reverse order; returns the steps that could not be undone."""
    failed = []
    for step in reversed(steps):
        try:
            step.undo()
        except Exception:
            log.exception("could not undo %s", type(step).__name__)
            failed.append(type(step).__name__.lstrip("_"))
    return failed


class InstallFiles:
    """`stats load`: the release's data file and manifest into the statistics folder as
    `<id>.<csv|xlsx>` and `<id>.manifest.yaml` (the folder is the system of record, so a
    rebuild brings it back); another data file of the dataset (a CSV replaced by an XLSX) goes.
    `undo` puts the previous files back exactly."""

    def __init__(self, folder: Path, data_path: Path, manifest_path: Path,
                 dataset_id: str) -> None:
        self.folder = Path(folder)
        self.sources = {self.folder / f"{dataset_id}{Path(data_path).suffix.lower()}":
                        Path(data_path),
                        manifest_for(self.folder / f"{dataset_id}.csv"): Path(manifest_path)}
        self.dataset_id = dataset_id
        self.backup: dict[Path, bytes] = {}

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.glob(f"{self.dataset_id}.*") if not p.is_symlink()
                and (p.suffix.lower() in DATA_SUFFIXES or p in self.sources)]

    def do(self) -> None:
        self.backup = {p: p.read_bytes() for p in self._files()}
        self.folder.mkdir(parents=True, exist_ok=True)
        # Data first, then manifest: both renames are atomic, and a crash in between leaves a
        # pair the next sync checks (the old release stays live if they do not match).
        for target, source in self.sources.items():
            if source.resolve() != target.resolve():
                write_atomically(target, source.read_bytes())
        for other in self._files():
            if other not in self.sources:
                other.unlink()

    def undo(self) -> None:
        for path in self._files():
            if path not in self.backup:
                path.unlink()
        for path, data in self.backup.items():
            write_atomically(path, data)


class _Publish:
    """Server mode: the releases on the shared store first; `undo` republishes the old."""

    def __init__(self, shared: SharedStatistics, changes: list[Change]) -> None:
        self.shared = shared
        self.changes = changes
        self.previous: list[tuple[str, Release | None]] = []

    def do(self) -> None:
        live = self.shared.signature()
        for change in self.changes:
            wanted = change.release.sha256 if change.release is not None else None
            if live.get(change.dataset_id) == wanted:
                continue
            self.previous.append((change.dataset_id, self.shared.fetch(change.dataset_id)))
            if change.release is None:
                self.shared.remove(change.dataset_id)
            else:
                self.shared.publish(change.release)

    def undo(self) -> None:
        for dataset_id, old in reversed(self.previous):
            if old is None:
                self.shared.remove(dataset_id)
            else:
                self.shared.publish(old)


class _SwapTables:
    """Every table of the run in one transaction; `undo` restores the snapshot."""

    def __init__(self, stats: StatisticsStore, changes: list[Change]) -> None:
        self.stats = stats
        self.changes = changes
        self.snapshot: dict[str, Any] | None = None

    def do(self) -> None:
        self.snapshot = self.stats.snapshot([c.dataset_id for c in self.changes])
        self.stats.apply([(c.release, c.table) for c in self.changes if c.release is not None],
                         [c.dataset_id for c in self.changes if c.release is None])

    def undo(self) -> None:
        if self.snapshot is not None:
            self.stats.restore(self.snapshot)


class _SwapProfiles:
    """The prepared profiles in, the stale ones out; `undo` re-embeds the old versions of the
    profiles it touched (and removes the ones that did not exist)."""

    def __init__(self, sink: ProfileSink, plan: _Plan, old: dict[str, Document] | None) -> None:
        self.sink = sink
        self.plan = plan
        self.old = old
        self.touched: list[str] = []

    def do(self) -> None:
        for doc_id, (doc, prepared) in self.plan.prepared.items():
            self.touched.append(doc_id)  # before the write: a half-done write is undone too
            self.sink.commit(doc, prepared)
        for doc_id in self.plan.stale:
            self.touched.append(doc_id)
            self.sink.delete(doc_id)

    def undo(self) -> None:
        if self.old is None:
            raise RuntimeError("the profiles before the switch are unknown")
        for doc_id in reversed(self.touched):
            old = self.old.get(doc_id)
            if old is None:
                self.sink.delete(doc_id)
            else:
                self.sink.commit(old, self.sink.prepare(old))
