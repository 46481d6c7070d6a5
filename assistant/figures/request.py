"""The contract between reading a figure question and computing it, and with the arbiter.

The reader (`figures.parsing.interpret`, implemented in `figures/reader/`) turns text into an
`Interpretation`; the engine (`figures.engine.compute`) turns its `request`, a `Query`
(`figures/query.py`), into figures. Neither knows how the other works.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.figures.query import Level, Place, Query

# The name the rest of the application used for a figure request before the question algebra;
# the request *is* the query.
FigureRequest = Query

# Why a figure reading cannot be computed as asked. The arbiter between figures and documents
# reads these: some mean "the documents may answer this instead" (a place the statistics do not
# know, a year no release has, a target, an organisation's own operations), others mean "ask the
# user" (an ambiguous place or sector, a word the reading could not use).
Reason = Literal[
    "incomplete",  # a word that changes the operation was not used by the reading (coverage)
    "unsupported",  # an operation or measure the algebra lacks
    "unknown_place",  # a place the statistics do not have (a district, a place abroad, a typo)
    "missing_year",  # a year no release has (2006), a year before 1990 or in the future
    "no_data",  # a measure the data lacks (a gas, LULUCF below national level)
    "target",  # a target or plan, not a data value ("Vilket mål har ...", path to 2030)
    "own_operations",  # an organisation's own operations (Region Stockholm's own emissions)
    "ambiguous",  # an ambiguous place, sector or follow-up: a question back
    "needs_place",  # a measure with nothing to compute it for
]


@dataclass(frozen=True)
class Interpretation:
    """The reader's verdict. Exactly one of request / clarify / refuse is set, or none of them
    when the question is not about figures at all (then retrieval answers it).

    `reason` says why clarify/refuse (see `Reason`); `reading` is the one-line restatement of a
    request in the question's language ("Tolkning: ..."), shown first in every figure answer and
    as "reading" in the CLI JSON."""

    request: Query | None = None
    clarify: str | None = None  # a concrete question back, e.g. "Menar du Stockholms kommun ..."
    refuse: str | None = None  # why it cannot be computed, e.g. a year no release has
    notes: tuple[str, ...] = field(default_factory=tuple)
    reason: Reason | None = None
    reading: str = ""
    # Words of the question outside the reader's vocabulary (reader/coverage.py): a reading can
    # be complete as far as the figures go and still leave them unread.
    unread: tuple[str, ...] = ()

    @property
    def is_figure_question(self) -> bool:
        return self.request is not None or self.clarify is not None or self.refuse is not None


__all__ = ["FigureRequest", "Interpretation", "Level", "Place", "Query",
           "Reason"]
