"""Parse untrusted files in a child process with hard limits on time and memory.

A PDF, DOCX, XLSX or HTML file from outside is parsed by a fresh Python process that first caps
its own address space (RLIMIT_AS) and CPU time (RLIMIT_CPU); the parent kills it when the wall
clock runs out. Whatever the file does to the parser (a bomb that eats memory, an endless loop,
a crash in a C extension), the worst outcome is a `LoadError` with a Swedish message for that
one file, never a stalled or killed ingestion or app.

The child is started with `subprocess` rather than `multiprocessing.fork`: the parent has
chromadb and ONNX threads running, and a fresh interpreter inherits neither their locks nor
their memory. Results come back as JSON, not pickle, so even a compromised child cannot run code
in the parent. Markdown and plain text are parsed in-process: their loader is a linear scan
bounded by the size cap, and starting a child per file would dominate a sync of many notes.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT
from assistant.errors import LoadError
from assistant.models import Document, DocumentMeta, Section
from assistant.pipeline.loading import check_name, load_file, read_spreadsheet

# Formats whose parsers are large C/Python libraries facing attacker-controlled structure.
SANDBOXED_SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".xlsx"})


@dataclass(frozen=True)
class Limits:
    """Per file. 10 s and 512 MB are far above what any legitimate file in the knowledge base
    needs (the largest fixture PDF parses in < 0.5 s and 60 MB) and low enough that a hostile file
    cannot hurt the app or the writer."""

    wall_seconds: float = 10.0
    cpu_seconds: int = 10
    memory_mb: int = 512


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Measurement:
    """What parsing one file cost: wall time seen by the parent and the child's peak RSS (0 when
    the child was killed before it could report)."""

    seconds: float
    peak_rss_mb: float
    outcome: str  # "ok", "rejected" (a LoadError), "killed" (a limit or a crash)


# The last measurement in this process, for tests and reports (one writer per process).
last_measurement: Measurement | None = None


# ---------------------------------------------------------------------------------------------
# Public API


def load_document(path: str | Path, root: str | Path | None = None,
                  meta: DocumentMeta | None = None, *, max_mb: int,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """`loading.load_file`, in a limited child process for the untrusted formats."""
    path = Path(path)
    if path.suffix.lower() not in SANDBOXED_SUFFIXES:
        return load_file(path, root, meta, max_mb=max_mb)
    check_name(path)  # the child's reply is JSON text: a name that is not UTF-8 cannot travel
    args = {"path": str(path), "root": str(root) if root is not None else None,
            "meta": asdict(meta) if meta is not None else None, "max_mb": max_mb}
    return _document_from_json(_run("document", args, path, limits))


def read_spreadsheet_safely(path: str | Path, *, max_mb: int,
                            limits: Limits = DEFAULT_LIMITS) -> str:
    """`loading.read_spreadsheet` (XLSX -> CSV text) in a limited child process."""
    return str(_run("spreadsheet", {"path": str(path), "max_mb": max_mb}, Path(path), limits))


# ---------------------------------------------------------------------------------------------
# Parent side


def _run(task: str, args: dict[str, Any], path: Path, limits: Limits) -> Any:
    global last_measurement
    request = json.dumps({"task": task, "args": args, "limits": asdict(limits)}).encode()
    started = time.perf_counter()
    child = subprocess.Popen(_child_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=PROJECT_ROOT)
    try:
        out, err = child.communicate(request, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        peak = _peak_rss_mb(child.pid)  # read before the kill: afterwards /proc has forgotten
        child.kill()
        _reap(child)
        last_measurement = Measurement(time.perf_counter() - started, peak, "killed")
        raise LoadError(path, "Filen tog för lång tid att läsa och avvisades. Den kan vara "
                              "skadad eller konstruerad för att överbelasta systemet.",
                        f"wall-clock limit {limits.wall_seconds} s exceeded; child killed"
                        ) from None
    seconds = time.perf_counter() - started
    reply = _parse_reply(out)
    if reply is None:
        last_measurement = Measurement(seconds, 0.0, "killed")
        raise _crash_error(path, child.returncode, err, limits)
    last_measurement = Measurement(seconds, reply.get("peak_rss_mb", 0.0),
                                   "ok" if reply["ok"] else "rejected")
    if not reply["ok"]:
        raise LoadError(path, reply["user_message"], reply["detail"])
    return reply["value"]


def _reap(child: subprocess.Popen[bytes]) -> None:
    child.wait()
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()


def _peak_rss_mb(pid: int | str = "self") -> float:
    """Peak RSS of a process in MB. VmHWM, not getrusage: ru_maxrss survives exec, so a child
    would report the size of the (large) parent it was forked from."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    return 0.0


def _child_command() -> list[str]:
    # -c with an explicit sys.path entry: works from any working directory, and the child
    # imports only what the task needs.
    code = (f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r}); "
            "from assistant.pipeline.sandbox import child_main; child_main()")
    return [sys.executable, "-c", code]


def _parse_reply(out: bytes) -> dict[str, Any] | None:
    try:
        reply = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return reply if isinstance(reply, dict) and "ok" in reply else None


def _crash_error(path: Path, code: int | None, err: bytes, limits: Limits) -> LoadError:
    """The child died without answering: a resource limit (SIGXCPU, SIGKILL) or a crash."""
    tail = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
    if code in (-24, -9):  # SIGXCPU from RLIMIT_CPU; SIGKILL from the kernel when out of memory
        return LoadError(path, "Filen krävde för mycket datorkraft för att läsas och avvisades.",
                         f"child killed by signal {-code} (limits cpu {limits.cpu_seconds} s, "
                         f"memory {limits.memory_mb} MB)")
    return LoadError(path, "Filen kunde inte läsas: tolken avbröts. Filen kan vara skadad.",
                     f"child exited with code {code} without a result: {tail[0][:300]}")


def _document_from_json(data: dict[str, Any]) -> Document:
    meta = data["meta"]
    return Document(
        doc_id=data["doc_id"], path=data["path"],
        meta=DocumentMeta(**{**meta, "topics": tuple(meta["topics"])}),
        sections=tuple(Section(text=s["text"], heading_path=tuple(s["heading_path"]),
                               page=s["page"], page_label=s["page_label"])
                       for s in data["sections"]),
        sha256=data["sha256"], warnings=tuple(data["warnings"]),
    )


# ---------------------------------------------------------------------------------------------
# Child side


def child_main() -> None:
    """Read one JSON request from stdin, apply the limits, do the task, print one JSON reply."""
    request = json.loads(sys.stdin.buffer.read())
    _limit_self(Limits(**request["limits"]))
    sys.dont_write_bytecode = True
    try:
        value = _TASKS[request["task"]](**request["args"])
        reply: dict[str, Any] = {"ok": True, "value": value}
    except LoadError as e:
        reply = {"ok": False, "user_message": e.user_message, "detail": e.detail}
    except MemoryError:
        reply = {"ok": False, "detail": "MemoryError under RLIMIT_AS",
                 "user_message": "Filen krävde för mycket minne för att läsas och avvisades."}
    except RecursionError as e:
        reply = {"ok": False, "detail": f"RecursionError: {e}",
                 "user_message": "Filen är för djupt nästlad för att läsas och avvisades."}
    reply["peak_rss_mb"] = _peak_rss_mb()
    sys.stdout.write(json.dumps(reply, ensure_ascii=False))
    sys.stdout.flush()


def _limit_self(limits: Limits) -> None:
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The soft limit sends SIGXCPU; the hard one a second later is SIGKILL, in case it is caught.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing parser leaves no core dump


def _task_document(path: str, root: str | None, meta: dict[str, Any] | None,
                   max_mb: int) -> dict[str, Any]:
    explicit = DocumentMeta(**{**meta, "topics": tuple(meta["topics"])}) if meta else None
    return asdict(load_file(path, root, explicit, max_mb=max_mb))


def _task_spreadsheet(path: str, max_mb: int) -> str:
    return read_spreadsheet(path, max_mb)


_TASKS = {"document": _task_document, "spreadsheet": _task_spreadsheet}
