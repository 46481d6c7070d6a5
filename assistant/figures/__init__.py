"""Figure questions: reading them (parsing, places), computing them (compute, engine) and writing
numbers as text (formatting). This package file imports nothing on purpose: `statistics.py` uses
`compute` and `formatting`, and `engine` uses `statistics`, so eager imports here would be circular.
"""
