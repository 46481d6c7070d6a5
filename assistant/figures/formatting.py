"""The one place where a number becomes text.

Swedish: space as thousands separator, decimal comma and the real minus sign (U+2212), as the
Swedish Language Council recommends: `121 153`, `−47,9`. English: `121,153`, `-47.9`.
Every figure shown to a user goes through `format_value` (or `format_number`), so a value on
screen is always the stored Figure value rounded, never a retyped number.
"""

from __future__ import annotations

import math

MINUS = "\u2212"

# Decimals per unit: tonnes are only meaningful to about 1 t (data README), per-inhabitant values
# to hundredths, percentages to tenths.
UNIT_DECIMALS: dict[str, int] = {
    "t CO2e": 0,
    "t CO2e/år": 0,
    "t CO2e/inv": 2,
    "t CO2e/inv/år": 3,
    "t CO2": 0,
    "poäng (0–2)": 0,
    "bilar per laddpunkt": 1,
    "%": 1,
    "procentenheter": 1,
    "m/inv": 2,
    "m": 0,
    "invånare": 0,
    "bilar": 0,
    "laddpunkter": 0,
    "laddpunkter/100 inv": 2,
    "kommuner": 0,
    "län": 0,
    "sektorer": 0,
    "år": 0,
    "%/år": 2,
}

# How a unit is written in English answers; the Figure keeps the Swedish unit.
UNIT_EN: dict[str, str] = {
    "t CO2e/år": "t CO2e/year",
    "t CO2e/inv": "t CO2e per inhabitant",
    "t CO2e/inv/år": "t CO2e per inhabitant per year",
    "poäng (0–2)": "points (0–2)",
    "bilar per laddpunkt": "cars per charging point",
    "procentenheter": "percentage points",
    "m/inv": "m per inhabitant",
    "invånare": "inhabitants",
    "bilar": "cars",
    "laddpunkter": "charging points",
    "laddpunkter/100 inv": "charging points per 100 inhabitants",
    "kommuner": "municipalities",
    "län": "counties",
    "sektorer": "sectors",
    "år": "",
    "%/år": "% per year",
}


def format_number(value: float, decimals: int = 0, language: str = "sv") -> str:
    """Round `value` to `decimals` and write it the Swedish (or English) way."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    # A value that rounds to zero gets no sign: "−0,0" would suggest a decrease that is not there.
    negative = value < 0 and any(ch not in "0.," for ch in text)
    if language == "en":
        return f"-{text}" if negative else text
    text = text.replace(",", " ").replace(".", ",")
    return f"{MINUS}{text}" if negative else text


def decimals_for(unit: str, value: float | None = None) -> int:
    """Sensible precision for a unit; unknown units get 2 decimals for small values, else 0."""
    if unit in UNIT_DECIMALS:
        return UNIT_DECIMALS[unit]
    if value is not None and abs(value) < 100:
        return 2
    return 0


def format_unit(unit: str, language: str = "sv") -> str:
    if language == "en":
        return UNIT_EN.get(unit, unit)
    return unit


def format_value(value: float, unit: str, language: str = "sv",
                 decimals: int | None = None) -> str:
    """A number with its unit: `121 153 t CO2e`, `−47,9 %` (Swedish), `-47.9%` (English)."""
    places = decimals_for(unit, value) if decimals is None else decimals
    number = format_number(value, places, language)
    if unit == "%":
        return f"{number} %" if language != "en" else f"{number}%"
    if unit == "år":  # a year is written as a year, without thousands separator
        return str(round(value))
    shown = format_unit(unit, language)
    return f"{number} {shown}" if shown else number


def format_signed(value: float, unit: str, language: str = "sv") -> str:
    """Like format_value but with an explicit plus sign for increases (used for changes)."""
    text = format_value(value, unit, language)
    places = decimals_for(unit, value)
    if value > 0 and format_number(value, places, language).strip("0,. ") != "":
        return f"+{text}"
    return text


def format_year_range(start: int, end: int) -> str:
    """`2010–2022` with an en dash, the form used for Figure.year of a change."""
    return f"{start}\u2013{end}"
