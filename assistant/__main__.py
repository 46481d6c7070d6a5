"""Command line: `python -m assistant ask "FRÅGA" [--json]`.

The JSON printed by `ask --json` is a contract other tools and the tests rely on:
{"question", "status", "answer", "figures": [...], "sources": [...]} (see models.Answer.public).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant.errors import utf8_problem  # the package sets the environment defaults first

log = logging.getLogger("assistant")

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Klimatassistenten: ställ en fråga till kunskapsbasen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="ställ en fråga")
    ask.add_argument("question", help="frågan, på svenska eller engelska")
    ask.add_argument("--json", action="store_true", help="skriv svaret som ett JSON-objekt")
    ask.add_argument("--press", action="store_true",
                     help="skriv ett pressuttalande (siffror, år, utgåva och källor)")
    ask.add_argument("--verbose", action="store_true", help="logga detaljer till stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return EXIT_USAGE if exc.code else EXIT_OK
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    problem = utf8_problem(args.question)
    if problem:  # a terminal or script that does not send UTF-8
        log.info("invalid question: %s", problem)
        print("Fel: Frågan innehåller tecken som inte är giltig UTF-8. Skriv frågan igen, eller "
              "ställ in terminalen på UTF-8.", file=sys.stderr)
        return EXIT_USAGE
    return _ask(args.question, as_json=args.json, press=args.press, verbose=args.verbose)


def _ask(question: str, *, as_json: bool, press: bool = False, verbose: bool = False) -> int:
    from assistant.answer.answering import TEXTS, Assistant
    from assistant.language import detect_language
    from assistant.models import Answer

    try:
        assistant = Assistant()
        answer = assistant.ask(question)
        code = EXIT_OK
        if press:
            return _press(answer, assistant, as_json=as_json)
    except Exception as exc:  # the user gets a sentence; the traceback only with --verbose
        log.error("failed to answer %r: %s: %s", question[:200], type(exc).__name__, exc,
                  exc_info=verbose)
        language = detect_language(question or "")
        message = _user_message(exc) or TEXTS[language]["error"]
        answer = Answer(question[:200], "refused", message, language)
        code = EXIT_ERROR
    if as_json:
        print(json.dumps(answer.public(), ensure_ascii=False, indent=2))
    else:
        print(_as_text(answer))
    return code


def _press(answer, assistant, *, as_json: bool) -> int:
    from assistant.answer.press import press_statement

    try:
        statement = press_statement(answer, stats=assistant.stats)
    except ValueError as exc:  # refused/clarify: there is nothing to state
        statement, code = str(exc), EXIT_ERROR
    else:
        code = EXIT_OK
    if as_json:
        print(json.dumps({**answer.public(), "press": statement}, ensure_ascii=False, indent=2))
    else:
        print(statement)
    return code


def _user_message(exc: Exception) -> str:
    return getattr(exc, "user_message", "") or ""


def _as_text(answer) -> str:
    lines = [answer.answer]
    for note in answer.notes:
        lines.append(f"OBS: {note}")
    if answer.sources:
        lines.append("")
        for s in answer.sources:
            where = f", {s.page}" if s.page else ""
            lines.append(f"[{s.id}] {s.title}{where} – {s.source}\n    ”{s.quote}”")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
