"""The coverage rule: a reading must account for every word that matters.

The reader records the operation-changing words its builder used (`Reading.use`). A signal the
question contains but the reading did not use, a place, a sector or a year the query leaves out,
makes the reading incomplete: the answer is then a question back that says what *can* be
computed, never the nearest operation the reader knows.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from assistant.figures.query import Query
from assistant.figures.reader.reading import Reading
from assistant.figures.reader.signals import UNSUPPORTED, find_signals
from assistant.figures.reader.words import split_words
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


def unread_words(r: Reading) -> tuple[str, ...]:
    """The question's words that none of the reader's tables knows (places, years, numbers and
    small words aside): "direkta", "miljöbarometern", "personbilarna". They do not change the
    reading; the arbiter (assistant/arbiter.py) hands the question to the documents when the
    documents speak to them."""
    places = {w for m in r.places for w in split_words(m.text)}
    return tuple(w for w in dict.fromkeys(r.words.items)
                 if len(w) > 3 and not w.isdigit() and w not in places and not _known(w))


@cache
def _vocabulary() -> frozenset[str]:
    """Every word of the reader's tables (signals, sectors, indicators, places' helper words),
    but not those that send a question to the documents (knowledge phrases, targets)."""
    from assistant.figures import indicators, sectors
    from assistant.figures.reader import signals as signal_tables
    from assistant.figures.reader import vocabulary

    documents_side = {"KNOWLEDGE_PHRASES", "KNOWLEDGE_STEMS", "TARGET_STEMS", "CAUSE_PHRASES",
                      "TARGET_QUESTION_STEMS", "PLAN_STEMS", "ACCORDING_TO",
                      "OWN_OPERATIONS_PHRASES", "ORGANISATION_NAMES"}
    found: set[str] = set()
    for module in (vocabulary, signal_tables, sectors, indicators):
        for name, value in vars(module).items():
            if name.isupper() and name not in documents_side:
                found.update(w for text in _strings(value) for w in split_words(text))
    return frozenset(found)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "__dataclass_fields__"):  # an indicator's labels
        for field_name in value.__dataclass_fields__:
            yield from _strings(getattr(value, field_name))


def _known(word: str) -> bool:
    vocabulary = _vocabulary()
    return word in STOP_WORDS or word in vocabulary or any(
        len(w) >= 4 and (word.startswith(w) or w.startswith(word)) for w in vocabulary)


# Small words of questions in both languages, never content.
STOP_WORDS = frozenset("""
    vilken vilket vilka vilkas vems något några någon mycket många stora stort större flera
    olika andra annan annat även också bara redan fortfarande ungefär cirka omkring kring under
    efter innan medan sedan därför eftersom alltså också finns fanns funnits hade haft varit
    blev blivit skulle kunde kunna borde måste ville vill gäller gällde själva detta denna dessa
    which what where when would could should there their these those about after before since
    being been does have with from that this than then they them were will your into over
    mellan sina sitt stod står snabbt snabbast helhet inom respektive enligt between came show
    account developed stämmer sant miljoner meter kilometer procent kronor stycken antal
""".split())  # noqa: SIM905 - a word list reads best as text


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
    return replace(interpretation, reading=reading, unread=unread_words(r))
