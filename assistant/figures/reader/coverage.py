"""The coverage rule: a reading must account for every word that matters.

The reader records the operation-changing words its builder used (`Reading.use`). A signal the
question contains but the reading did not use, a place, a sector or a year the query leaves out,
makes the reading incomplete: the answer is then a question back that says what *can* be
computed, never the nearest operation the reader knows.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.figures.query import Query
from assistant.figures.reader.reading import Reading
from assistant.figures.reader.signals import UNSUPPORTED, find_signals
from assistant.figures.request import Interpretation
from assistant.figures.restate import restate
from assistant.figures.texts import joined, t


def unused_words(r: Reading, q: Query) -> list[str]:
    """The words of the question that change the answer and that `q` does not account for."""
    found = find_signals(r)
    missing = [text for name, text in found.items()
               if name not in r.uses and name not in UNSUPPORTED]
    missing += [m.text for m in r.places if not _place_used(q, m.place)]
    if q.measure.is_emissions and q.selection.units != "sektorer":
        missing += [m.text for m in r.sectors if m.sector not in q.measure.sectors]
    used_years = {q.period.year, q.period.from_year, q.period.to_year}
    if q.selection.units != "år":
        missing += [str(y) for y in r.years.all if y not in used_years]
    return list(dict.fromkeys(missing))


def _place_used(q: Query, place) -> bool:
    if place in q.places or place == q.selection.focus:
        return True
    if place.level == "kommun":
        return False
    # a county or Sweden sets the scope of a ranking or filter, is its reference, or is the
    # whole a share is taken of
    return q.selection.kind != "places" or (q.statistic.name == "share"
                                            and q.statistic.share_of != "total")


def check(r: Reading, interpretation: Interpretation) -> Interpretation:
    """The interpretation with its one-line reading, or a question back when words are unused."""
    q = interpretation.request
    if q is None:
        return interpretation
    reading = restate(q)
    missing = unused_words(r, q)
    if missing:
        words = joined(missing, r.language)
        what = reading.split(": ", 1)[1] if ": " in reading else reading
        message = t("incomplete", r.language, words=words, reading=what)
        return Interpretation(clarify=message, reason="incomplete")
    return replace(interpretation, reading=reading)
