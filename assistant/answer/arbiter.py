"""One arbiter between the figures engine and the documents.

Every question is read by the figure reader *and* answered from the documents (one query
embedding, reused); this table then chooses, so that a document question that mentions a metric
word or a place is never claimed by the figure engine, and a figure the documents state for the
Region's own operations is never replaced by the county's territorial statistics:

1. A claim ("Stämmer det att …?") that the documents state strongly -> `claim`: the document's
   claim cited, the statistics' values beside it, a verdict with the reason for a difference.
2. The figure reading is complete and the data computes it -> `figures` (with the
   documents-vs-statistics check when a retrieved passage states the same figure), unless the
   question holds distinctive words the figure reader does not know ("Region Stockholms
   *direkta* utsläpp", "enligt stadens *miljöbarometer*") and the documents, strong, speak to
   them: then `documents`.
3. The figures cannot answer for a reason the documents may cover (a place or a year the data
   lacks, a target, an organisation's own operations, an operation the algebra lacks, an
   incomplete reading) and the documents are strong -> `documents`, with what the statistics
   can and cannot check.
4. Otherwise a figure question -> `figure_message`: the engine's question back or refusal;
   a question back (no place, an ambiguous word) gives way to strong documents only when they
   speak to words the figure reader does not know.
5. Not a figure question, documents strong -> `documents`.
6. Neither speaks -> `refused`.

"Strong" is the composer's verdict (assistant/composing.py): a passage and an answer unit close
enough to the question, and (Swedish) a distinctive word of the question in the evidence. A place
name alone never makes a question on topic: it is a common word of the knowledge base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Route = Literal["claim", "figures", "documents", "figure_message", "refused"]

# Reasons for which the documents may hold the answer the statistics cannot give.
DOCUMENT_REASONS = frozenset({"incomplete", "unsupported", "unknown_place", "missing_year",
                              "no_data", "target", "own_operations"})
# A question back ("which place?") gives way to the documents only when they speak to words
# the figure reader does not know ("Klimatkommunernas medlemmar"); "Hur stora var utsläppen
# 2024?" is asked back.
ASK_BACK_REASONS = frozenset({"needs_place", "ambiguous"})

_CLAIM = re.compile(
    r"^\s*(stämmer det( verkligen)?( att)?|är det (sant|riktigt|korrekt)( att)?|"
    r"stämmer (påståendet|uppgiften)( att)?|har jag rätt i att|is it (true|correct|right) that|"
    r"does it hold that|is the claim)\b", re.I)


@dataclass(frozen=True)
class Decision:
    route: Route
    why: str  # one line for the logs and the audit


def is_claim(question: str) -> bool:
    return bool(_CLAIM.search(question))


def strip_claim(question: str) -> str:
    """The statement inside a claim question ("Stämmer det att X?" -> "X")."""
    return _CLAIM.sub("", question).strip(" ,?") or question


def decide(*, claim: bool, figure_question: bool, figure_answered: bool,
           figure_reason: str | None, documents_strong: bool,
           unread_in_documents: bool = False) -> Decision:
    """The table above, row by row."""
    if claim and documents_strong:
        return Decision("claim", "a claim the documents state")
    if figure_answered and documents_strong and unread_in_documents:
        return Decision("documents", "the documents speak to words the figure reading does "
                                     "not read")
    if figure_answered:
        return Decision("figures", "the figure reading is complete and the data answers")
    if figure_question:
        if documents_strong and (figure_reason in DOCUMENT_REASONS or (
                figure_reason in ASK_BACK_REASONS and unread_in_documents)):
            return Decision("documents", f"figures cannot answer ({figure_reason}); the "
                                         "documents can")
        return Decision("figure_message", f"figures ask back or refuse ({figure_reason})")
    if documents_strong:
        return Decision("documents", "a document question with strong evidence")
    return Decision("refused", "neither the figures nor the documents speak to it")
