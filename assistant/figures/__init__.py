"""Figure questions: reading them into a `Query` (`reader/`, with `parsing.interpret` as the
public entry point), computing them (`compute.py` pure functions over `tables.py` indexes, the
`engine/` operations), the one registry of indicators and the targets, and every sentence shown
(`texts/`), numbers written by `assistant/text.py`. See docs/figures.md.

This package file imports nothing on purpose: the statistics profiles
(`assistant/pipeline/profiles.py`) use `compute` without the engine, and the engine reads
`assistant/stores/statistics`, so eager imports here would load what a caller does not need.
"""
