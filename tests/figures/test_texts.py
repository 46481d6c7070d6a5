"""The figures' texts module: every phrase key the code uses exists, in both languages, with the
same placeholders; nothing else in the package writes a user-facing sentence."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assistant.figures.targets import TARGETS
from assistant.figures.texts import PHRASES, alternatives, joined, t

PACKAGE = Path(__file__).resolve().parents[2] / "assistant" / "figures"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_0-9]+)["']""")
# Keys the code builds from a name: (prefix, names, suffix).
BUILT = [
    ("l_", ("rate", "mean_change", "mean", "sum"), ""),
    ("", ("rate", "mean_change", "mean", "sum"), "_text"),
    ("what_", ("mean_change", "mean", "sum"), ""),
    ("by_", ("mean", "sum"), "_m"),
    ("by_", ("mean", "sum"), ""),
    ("r_", ("mean", "sum"), ""),
    ("th_", ("kommuner", "lan", "sektorer", "år"), ""),
    ("which_years_", ("mean", "sum"), ""),
    ("path_", tuple(TARGETS), ""),
    ("path_below_", tuple(TARGETS), ""),
    ("path_line_", tuple(TARGETS), ""),
    ("path_convention_", tuple(TARGETS), ""),
    ("caveat_", tuple(TARGETS), ""),
    ("ref_", ("county", "sweden", "county_mean", "sweden_mean"), ""),
]


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "texts" not in path.parts:
            keys.update(k for k in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
                        if not k.endswith("_"))  # a prefix of a built key
    for prefix, names, suffix in BUILT:
        keys.update(f"{prefix}{name}{suffix}" for name in names)
    return keys


def test_every_key_the_code_uses_exists() -> None:
    missing = sorted(k for k in used_keys() if k not in PHRASES)
    assert not missing, missing


@pytest.mark.parametrize("key", sorted(PHRASES))
def test_both_languages_take_the_same_values(key: str) -> None:
    sv, en = PHRASES[key]
    # the English may name a value in its English form: {fuel_en} / {fuel_name} for {fuel}
    fields = [{re.sub(r"_(en|name)$", "", f) for _, f, _, _ in string.Formatter().parse(text)
               if f} for text in (sv, en)]
    assert fields[0] == fields[1], key
    assert sv.strip() and en.strip()


def test_phrases_are_filled_per_language() -> None:
    assert t("what_sector", "sv", sector="Jordbruk") == "sektorn Jordbruk"
    assert t("what_sector", "en", sector="Jordbruk") == "sector Jordbruk"
    assert joined(["a", "b", "c"], "sv") == "a, b och c"
    assert alternatives(["a", "b"], "en") == "a or b"
