"""Every sentence the figures show a user, in Swedish and English, in one place.

`t(key, language, **values)` returns the phrase for `key` in `language` with `values` filled in
(`str.format`). The phrases are grouped by who says them: `reader` (questions back, refusals),
`restate` (the one-line reading, "Tolkning: ..."), `engine` (the answers) and `indicators` (the
answers about the other datasets). Numbers are never
written here: they arrive as values already formatted by `assistant/text.py`.
"""

from __future__ import annotations

from assistant.figures.texts.engine import ENGINE
from assistant.figures.texts.indicators import INDICATOR_PHRASES
from assistant.figures.texts.reader import READER
from assistant.figures.texts.restate import RESTATE
from assistant.language import Language

_GROUPS = (READER, RESTATE, ENGINE, INDICATOR_PHRASES)
PHRASES: dict[str, tuple[str, str]] = {k: v for group in _GROUPS for k, v in group.items()}
if len(PHRASES) != sum(len(group) for group in _GROUPS):
    raise RuntimeError("a phrase key is defined twice in figures/texts")


def t(key: str, language: Language, **values: object) -> str:
    sv, en = PHRASES[key]
    return (en if language == "en" else sv).format(**values)


def either(language: Language, sv: str, en: str) -> str:
    """For the few words that are data, not phrases (a unit name, a list joiner)."""
    return en if language == "en" else sv


def joined(items: list[str], language: Language) -> str:
    """"a, b och c" / "a, b and c"."""
    word = " och " if language == "sv" else " and "
    return ", ".join(items[:-1]) + word + items[-1] if len(items) > 1 else "".join(items)


def alternatives(items: list[str], language: Language) -> str:
    """"a, b eller c" / "a, b or c"."""
    word = " eller " if language == "sv" else " or "
    return ", ".join(items[:-1]) + word + items[-1] if len(items) > 1 else "".join(items)
