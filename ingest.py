"""Keep Klimatassistentens knowledge base current from the command line.

    python ingest.py [PATHS...] [--rebuild] [--no-prune]   sync the knowledge folder (= sync)
    python ingest.py sync [PATHS...] [--no-prune]          the same, spelled out
    python ingest.py add PATHS... [--no-copy]              add/update files or folders
    python ingest.py remove DOC_ID... [--keep-file]        withdraw documents
    python ingest.py list                                  the inventory
    python ingest.py status                                counts, store, model, last run
    python ingest.py rebuild                               empty the store, ingest everything
    python ingest.py verify                                check the store against the folder
    python ingest.py stats load DATA [--manifest M] [--allow-unit-change]
                                                           load a statistics release (CSV/XLSX)
    python ingest.py stats list                            the loaded statistics releases
    python ingest.py db upgrade                            create or upgrade the database schema

Every command takes --json (machine-readable output on stdout), -q/--quiet (no progress bar)
and -v/--verbose. Exit codes: 0 all good; 1 failures (listed; verify: problems found); 2 usage
error, the write lock held by another run, or a store that cannot be used (unreachable server
or database, built with another embedding model).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.config import Settings, get_settings
from assistant.errors import UserFacingError, utf8_problem
from assistant.pipeline.ingestion import Ingestor, IngestReport
from assistant.stores.database import describe, upgrade_stores

EXIT_OK, EXIT_FAILURES, EXIT_UNUSABLE = 0, 1, 2

Command = Callable[[argparse.Namespace, Ingestor], int]


# ---------------------------------------------------------------------------------------------
# Parsers


def _common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="ingen förloppsindikator")
    parser.add_argument("-v", "--verbose", action="store_true", help="mer loggning")
    return parser


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    return _common(argparse.ArgumentParser(prog=f"ingest.py {prog}".strip(),
                                           description=description))


def build_parser() -> argparse.ArgumentParser:
    """The default command (sync), which also takes the legacy `--rebuild`."""
    parser = _parser("", "Läs in kunskapsbasen (dokument och statistik) i Klimatassistentens "
                         "databas. Andra kommandon: add, remove, list, status, rebuild, verify, "
                         "stats load, stats list (ingest.py KOMMANDO --help).")
    parser.add_argument("paths", nargs="*", metavar="SÖKVÄG",
                        help="filer eller mappar i kunskapsmappen (standard: hela mappen)")
    parser.add_argument("--rebuild", action="store_true",
                        help="töm databasen och bygg om allt (t.ex. efter modellbyte)")
    parser.add_argument("--no-prune", action="store_true",
                        help="ta inte bort dokument som saknas på disk")
    _unit_change_option(parser)
    return parser


def _unit_change_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-unit-change", action="store_true",
                        help="godta att en statistikutgåva har en annan enhet än den inlästa "
                             "(annars avvisas den)")


def _sync_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    parser.prog = "ingest.py sync"
    return parser


def _add_parser() -> argparse.ArgumentParser:
    parser = _parser("add", "Lägg till eller uppdatera filer och mappar. Filer utanför "
                            "kunskapsmappen kopieras in under docs/uploads/ med ett genererat "
                            "namn (en sidofil <fil>.meta.yaml bredvid originalet följer med).")
    parser.add_argument("paths", nargs="+", metavar="SÖKVÄG")
    parser.add_argument("--no-copy", action="store_true",
                        help="kopiera inte in filer utanför kunskapsmappen (de avvisas)")
    return parser


def _remove_parser() -> argparse.ArgumentParser:
    parser = _parser("remove", "Dra tillbaka dokument: filen raderas ur kunskapsmappen och "
                               "dokumentet ur databasen.")
    parser.add_argument("doc_ids", nargs="+", metavar="DOC_ID",
                        help="dokumentets id, t.ex. docs/klimatplan.pdf (se ingest.py list)")
    parser.add_argument("--keep-file", action="store_true",
                        help="ta bara bort ur databasen; filen ligger kvar och läses in igen "
                             "vid nästa fullständiga inläsning om den inte flyttas")
    return parser


def _stats_parser() -> argparse.ArgumentParser:
    parser = _parser("stats", "Statistik: läs in en ny utgåva eller lista de inlästa.")
    parser.add_argument("action", choices=["load", "list"])
    parser.add_argument("data", nargs="?", metavar="CSV|XLSX", help="datafilen (för load)")
    parser.add_argument("--manifest", metavar="M",
                        help="manifestet (standard: <datafil>.manifest.yaml bredvid datafilen)")
    _unit_change_option(parser)
    return parser


# ---------------------------------------------------------------------------------------------
# Commands


def run_sync(args: argparse.Namespace, ingestor: Ingestor) -> int:
    report = ingestor.sync(paths=args.paths or None, prune=not args.no_prune,
                           rebuild=args.rebuild, allow_unit_change=args.allow_unit_change)
    return _print_report(args, report)


def run_rebuild(args: argparse.Namespace, ingestor: Ingestor) -> int:
    return _print_report(args, ingestor.sync(rebuild=True))


def run_add(args: argparse.Namespace, ingestor: Ingestor) -> int:
    return _print_report(args, ingestor.add(args.paths, copy=not args.no_copy))


def run_remove(args: argparse.Namespace, ingestor: Ingestor) -> int:
    return _print_report(args, ingestor.remove(args.doc_ids, delete_files=not args.keep_file))


def run_list(args: argparse.Namespace, ingestor: Ingestor) -> int:
    rows = ingestor.inventory()
    if args.json:
        _print_json([asdict(r) for r in rows])
        return EXIT_OK
    table = [(r.doc_id, r.title, r.doc_type, r.source_date, str(r.chunks),
              r.ingested_at.replace("+00:00", "Z"), r.status_label) for r in rows]
    header = ("Id", "Titel", "Typ", "Datum", "Avsnitt", "Senast inläst", "Status")
    print(_table(header, table))
    print(f"\n{sum(r.kind == 'document' for r in rows)} dokument, "
          f"{sum(r.kind == 'profile' for r in rows)} statistikprofiler.")
    return EXIT_OK


def run_status(args: argparse.Namespace, ingestor: Ingestor) -> int:
    status = ingestor.status()
    if args.json:
        _print_json(status.to_dict())
    else:
        print(status.summary())
    return EXIT_OK


def run_verify(args: argparse.Namespace, ingestor: Ingestor) -> int:
    report = ingestor.verify()
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILURES


def run_stats(args: argparse.Namespace, ingestor: Ingestor) -> int:
    if args.action == "list":
        return _stats_list(args, ingestor.settings)
    if not args.data:
        return report_error(args, "Ange datafilen: ingest.py stats load FIL.csv --manifest "
                                  "FIL.manifest.yaml.", "stats load without a data file")
    data = Path(args.data)
    manifest = Path(args.manifest) if args.manifest else data.with_name(
        f"{data.stem}.manifest.yaml")
    for path in (data, manifest):
        if not path.is_file():
            return report_error(args, f"Filen {path} finns inte.", f"{path} does not exist")
    return _print_report(args, ingestor.load_statistics(
        data, manifest, allow_unit_change=args.allow_unit_change))


def _db_parser() -> argparse.ArgumentParser:
    parser = _parser("db", "Databasen: skapa eller uppgradera tabellerna (statistik, "
                           "loggning, körningsrapporter) till den version programmet behöver. "
                           "Kan köras flera gånger; görs annars vid första användningen.")
    parser.add_argument("action", choices=["upgrade"])
    return parser


def run_db(args: argparse.Namespace, ingestor: Ingestor) -> int:
    versions = upgrade_stores(ingestor.settings)
    if args.json:
        _print_json(versions)
    else:
        where = describe(ingestor.settings.database_url) if ingestor.settings.database_url \
            else str(ingestor.settings.store_dir)
        print(f"Databasen ({where}) har schemaversion "
              + ", ".join(f"{component} {version}" for component, version in versions.items())
              + ".")
    return EXIT_OK


def _stats_list(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.resources import Resources

    datasets = Resources(settings).stats.datasets()
    if args.json:
        _print_json([asdict(d) for d in datasets])
        return EXIT_OK
    rows = [(d.id, d.title, d.release, str(d.rows), d.loaded_at, d.sha256[:12])
            for d in datasets]
    print(_table(("Id", "Titel", "Utgåva", "Rader", "Inläst", "sha256"), rows))
    return EXIT_OK


# argv[0] selects one of these; anything else is the default sync with the legacy options.
COMMANDS: dict[str, tuple[Callable[[], argparse.ArgumentParser], Command]] = {
    "sync": (_sync_parser, run_sync),
    "add": (_add_parser, run_add),
    "remove": (_remove_parser, run_remove),
    "list": (lambda: _parser("list", "Lista kunskapsbasens dokument och profiler."), run_list),
    "status": (lambda: _parser("status", "Visa kunskapsbasens tillstånd."), run_status),
    "rebuild": (lambda: _parser("rebuild", "Töm databasen och läs in allt från "
                                           "kunskapsmappen igen."), run_rebuild),
    "verify": (lambda: _parser("verify", "Kontrollera att databasen stämmer med "
                                         "kunskapsmappen."), run_verify),
    "stats": (_stats_parser, run_stats),
    "db": (_db_parser, run_db),
}


# ---------------------------------------------------------------------------------------------
# Running


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        make_parser, command = COMMANDS[argv[0]]
        args = make_parser().parse_args(argv[1:])
    else:
        command, args = run_sync, build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    problem = _argv_problem(argv)
    if problem:  # a name that is not UTF-8 fails far from here (the store, JSON): say it now
        logging.getLogger("ingest").info("invalid argument: %s", problem)
        return report_error(args, "Ett argument innehåller tecken som inte är giltig UTF-8 "
                                  "(troligen ett filnamn). Byt namn på filen eller ställ in "
                                  "terminalen på UTF-8.", problem, log_detail=False)
    settings = get_settings()
    progress = None if args.quiet or not sys.stderr.isatty() else TqdmProgress()
    try:
        return command(args, Ingestor(settings, progress=progress))
    except UserFacingError as e:  # the lock, the stores, the statistics, the database
        return report_error(args, e.user_message, e.detail)
    except Exception as e:  # e.g. the chroma server went away mid-run
        logging.getLogger("ingest").error("command aborted", exc_info=args.verbose)
        return report_error(args, "Kommandot avbröts av ett oväntat fel. Kör igen med -v för "
                                  "detaljer; dokument som redan lästs in är kvar.",
                            f"{type(e).__name__}: {e}")
    finally:
        if progress is not None:
            progress.close()


def _print_report(args: argparse.Namespace, report: IngestReport) -> int:
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILURES


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _argv_problem(argv: Sequence[str]) -> str:
    for position, arg in enumerate(argv, start=1):
        problem = utf8_problem(arg)
        if problem:
            return f"argument {position}: {problem}"
    return ""


def report_error(args: argparse.Namespace, user_message: str, detail: str,
                 log_detail: bool = True) -> int:
    if log_detail:
        logging.getLogger("ingest").warning("%s", detail)
    if args.json:
        print(json.dumps({"error": user_message, "detail": detail}, ensure_ascii=False))
    else:
        print(f"Fel: {user_message}", file=sys.stderr)
    return EXIT_UNUSABLE


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [min(40, max(len(h), *(len(r[i]) for r in rows))) if rows else len(h)
              for i, h in enumerate(header)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(tuple("-" * w for w in widths)),
                      *(line(r) for r in rows)])


def _fit(text: str, width: int) -> str:
    return (text if len(text) <= width else text[:width - 1] + "…").ljust(width)


class TqdmProgress:
    """A tqdm bar on stderr per phase (documents, then statistics profiles); only on a
    terminal, so logs and --json output stay clean."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int, label: str) -> None:
        from tqdm import tqdm

        if total == 0:
            return
        if self.bar is None or self.bar.total != total:
            self.close()
            self.bar = tqdm(total=total, file=sys.stderr, unit="dok", dynamic_ncols=True,
                            leave=False)
        self.bar.n = done
        self.bar.set_postfix_str(label[-40:], refresh=False)
        self.bar.refresh()
        if not label:  # the phase finished
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


if __name__ == "__main__":
    sys.exit(main())
