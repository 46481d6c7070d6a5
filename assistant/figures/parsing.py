"""The reader's public entry point, kept at this import path for the rest of the application:
`interpret(question, previous=None) -> Interpretation` and `read_years`. The implementation is
the `figures/reader/` package."""

from __future__ import annotations

from assistant.figures.reader import Years, interpret, read_years

__all__ = ["Years", "interpret", "read_years"]
