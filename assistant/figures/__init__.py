"""Figure questions: reading them into a `Query` (`reader/`, with `parsing.interpret` as the
public entry point), computing them (`compute.py` pure functions over `tables.py` indexes, the
`engine/` operations), the one registry of indicators and the targets, and every sentence shown
(`texts/`), numbers written by `formatting.py`. See docs/figures.md.

This package file imports nothing on purpose: `statistics.py` uses `compute` and `formatting`,
and `engine` uses `statistics`, so eager imports here would be circular.
"""
