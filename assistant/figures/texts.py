"""Every sentence the figures show a user, in Swedish and English, in one place.

The phrases are data, `assistant/data/figure_phrases.toml`, grouped by who says them: `reader`
(questions back, refusals), `restate` (the one-line reading, "Tolkning: ..."), `engine` (the
answers) and `indicators` (the answers about the other datasets). `t(key, language, **values)`
returns the phrase for `key` in `language` with `values` filled in (`str.format`). Numbers are
never written there: they arrive as values already formatted by `assistant/text.py`.
"""

from __future__ import annotations

import tomllib

from assistant.language import Language
from assistant.reference import DATA_DIR

PHRASES_TOML = DATA_DIR / "figure_phrases.toml"
GROUPS = ("reader", "restate", "engine", "indicators")


def _read_phrases() -> dict[str, tuple[str, str]]:
    with PHRASES_TOML.open("rb") as handle:
        groups = tomllib.load(handle)
    phrases: dict[str, tuple[str, str]] = {}
    for group in GROUPS:
        for key, texts in groups[group].items():
            if key in phrases:
                raise RuntimeError(f"{PHRASES_TOML.name}: the phrase {key!r} is defined twice")
            phrases[key] = (texts["sv"], texts["en"])
    return phrases


PHRASES: dict[str, tuple[str, str]] = _read_phrases()


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
