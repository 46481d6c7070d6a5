"""Retrieved passages -> a cited document answer, built from answer units.

Every answer unit of the retrieved passages (assistant/units.py; embedded at ingest) is scored
against the question: its semantic similarity to the question's vector, the question's
distinctive words (Swedish stems weighted by rarity), its numbers and names, what kind of answer
the question asks for (a list, a year, an amount), and the rank of its passage. The answer leads
with the one to three units that answer, each with its citation; then, when it adds something,
"Mer ur källorna" with the rest of the best unit's paragraph. Units that only announce, refer
elsewhere or speak about the document are never picked (their `role` is not "answer").

The same scores decide whether the documents answer at all (`Composition.strong`): the refusal
gate is calibrated per language on the answer-level golden set (docs/answering.md).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.models import Language, Passage, Source, Unit
from assistant.text import numbers, terms, words

log = logging.getLogger(__name__)

QUOTE_MAX_CHARS = 300
ANSWER_MAX_CHARS = 1200
MORE_MAX_CHARS = 420
# A unit that begins like this leans on the sentence before it ("Det innebär att ..."): the
# answer shows that sentence too.
_ANAPHORA = re.compile(r"^(det|den|detta|denna|dessa|de|där|därför|därmed|därefter|dessutom|"
                       r"samtidigt|också|även|sedan|då|han|hon|it|this|these|they)\b", re.I)
_LIST_QUESTION = re.compile(r"\b(vilka|vilken|vilket|which|what are|list|nämn|räkna upp|"
                            r"vad (ingår|innehåller|omfattar)|vilka är|what)\b", re.I)
_WHEN_QUESTION = re.compile(r"\b(när|vilket år|vilket datum|sedan när|when|what year)\b", re.I)
_AMOUNT_QUESTION = re.compile(r"\b(hur (mycket|många|stor|stora|stort|mycke)|how (much|many|big|"
                              r"large)|vilken (andel|nivå|budget)|hur länge|how long|belopp)\b",
                              re.I)
_WHO_QUESTION = re.compile(r"\b(vem|vilka (aktörer|organisationer|kommuner)|vilken (myndighet|"
                           r"organisation|aktör)|who|which (organisation|agency))\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_AMOUNT = re.compile(r"\d")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÅÄÖ][a-zåäöé]+")


@dataclass(frozen=True)
class Weights:
    """How the unit score is made. Chosen on the answer-level golden set (docs/answering.md);
    the refusal thresholds are per language because an English question meets Swedish text
    with lower similarities."""

    semantic: float = 1.0
    lexical: float = 0.2
    context: float = 0.3
    passage: float = 0.8
    rank: float = 0.015
    number: float = 0.10
    kind: float = 0.03
    second_margin: float = 0.16
    second_lexical: float = 0.15
    second_semantic: float = 0.02
    # The refusal gate: a passage this close answers; a passage that is a little less close
    # answers when it holds this share of the question's distinctive words.
    min_unit: dict[str, float] = field(default_factory=lambda: {"sv": 0.80, "en": 0.775})
    min_passage: dict[str, float] = field(default_factory=lambda: {"sv": 0.855, "en": 0.83})
    min_passage_covered: dict[str, float] = field(
        default_factory=lambda: {"sv": 0.83, "en": 0.805})
    min_coverage: float = 0.30
    # Whatever the scores, the passages must hold some of the question's own words (place
    # names aside): "Vad blir det för väder i Stockholm i morgon?" scores 0.865 against a text
    # about Region Stockholm's targets, but shares no word with it.
    min_any_coverage: float = 0.10


    def score(self, f: Features) -> float:
        return (self.semantic * f.semantic + self.lexical * f.lexical + self.context * f.context
                + self.passage * f.passage - self.rank * f.rank + self.number * f.number
                + self.kind * f.kind)


    def with_min_score(self, min_score: float) -> Weights:
        """The gate moved as a whole to another Swedish passage threshold (KLIMAT_MIN_SCORE)."""
        shift = min_score - self.min_passage["sv"]
        return replace(self, min_passage={k: v + shift for k, v in self.min_passage.items()},
                       min_passage_covered={k: v + shift
                                            for k, v in self.min_passage_covered.items()})


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Features:
    """What the score of one unit is made of (kept for tuning and for the logs)."""

    semantic: float  # cosine of the unit's vector and the question's
    lexical: float  # share of the question's (rarity-weighted) words in the unit
    # the same for question words in the unit's headings and title but not in the unit:
    # measured, an answering sentence rarely repeats the words of the question its section
    # heading already has (counting all heading words instead lost 3 points of fact recall)
    context: float
    passage: float  # cosine of the unit's passage and the question
    rank: int  # the passage's rank
    number: float  # share of the question's numbers in the unit
    kind: float  # the unit is the kind of answer asked for (a list, a year, an amount)


@dataclass(frozen=True)
class Candidate:
    passage: Passage
    rank: int
    unit: Unit
    score: float
    semantic: float
    lexical: float
    features: Features | None = None
    lead: int | None = None  # a list's earlier unit whose evidence it inherited
    topical: float = 0.0  # `lexical` without the place names


@dataclass
class Composition:
    """What the documents say about a question: the chosen units (best first), whether that is
    strong enough to answer, and the pieces of the answer text."""

    candidates: list[Candidate]
    chosen: list[Candidate]
    strong: bool
    reason: str = ""  # why not strong, for the logs
    lines: list[str] = field(default_factory=list)
    more: str = ""
    sources: list[Source] = field(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        seen: dict[str, Passage] = {}
        for c in self.chosen:
            seen.setdefault(c.passage.chunk.id, c.passage)
        return list(seen.values())

    @property
    def best(self) -> Candidate | None:
        return self.chosen[0] if self.chosen else None

    def text(self) -> str:
        body = "\n\n".join(self.lines)
        return f"{body}\n\n{self.more}" if self.more else body


class CorpusTerms:
    """How rare each stemmed word is in the knowledge base: a word in half the chunks says
    nothing about whether a passage is on the question's topic."""

    def __init__(self, texts: Sequence[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(terms(text))
        self.n = max(1, len(texts))
        self.share = {t: c / self.n for t, c in counts.items()}

    def weight(self, term: str) -> float:
        share = self.share.get(term, 0.0)
        return math.log(1.0 + 1.0 / (share + 0.5 / self.n))

    def distinctive(self, question_terms: set[str], limit: float = 0.5) -> set[str]:
        return {t for t in question_terms if self.share.get(t, 0.0) < limit}

    def known_terms(self, question_terms: set[str]) -> set[str]:
        """Question words as the knowledge base spells them: a compound the base never uses
        ("klimatklivspengar") is read as its known parts ("klimatkliv", "pengar")."""
        out: set[str] = set()
        for term in question_terms:
            if term in self.share or len(term) < 8:
                out.add(term)
                continue
            parts = self._split_compound(term)
            out |= set(parts) if parts else {term}
        return out

    def _split_compound(self, term: str) -> tuple[str, ...]:
        for cut in range(len(term) - 3, 4, -1):
            head, tail = term[:cut], term[cut:]
            for head_form in (head, head.rstrip("s")):
                if head_form in self.share and len(head_form) >= 5:
                    tail_known = tail in self.share or any(
                        t.startswith(tail) for t in self._prefix_index(tail[:3]))
                    return (head_form, tail) if tail_known else (head_form,)
        return ()

    def _prefix_index(self, prefix: str) -> list[str]:
        if not hasattr(self, "_by_prefix"):
            self._by_prefix: dict[str, list[str]] = {}
            for t in self.share:
                self._by_prefix.setdefault(t[:3], []).append(t)
        return self._by_prefix.get(prefix, [])


def place_terms(question: str) -> set[str]:
    """The stems of the place names in a question. A place name alone never makes a question on
    topic: the statistics profile of every municipality contains its name."""
    stems: set[str] = set()
    for name in named_places(question, every_level=True):
        stems |= terms(name)
    # "Region Stockholm" names the organisation this base is about: those words are the topic.
    return stems | (terms(_ORGANISATION.sub(" ", question)) & _place_words())


def named_places(question: str, every_level: bool = False) -> list[str]:
    """The municipalities, districts and places abroad a question names, as written (with
    `every_level`, the county and Sweden too). "Region Stockholm" is the organisation this
    knowledge base is about, not a place."""
    from assistant.figures.places import find_districts, find_foreign_places, find_places

    question = _ORGANISATION.sub(" ", question)
    try:
        names = [matched for place, matched in find_places(question)
                 if every_level or place.level == "kommun"]
        names += [district for district, _ in find_districts(question)]
        names += find_foreign_places(question)
    except Exception:  # the place finder is a help here, never a reason to fail
        log.warning("place finder failed", exc_info=True)
        return []
    return list(dict.fromkeys(names))


_ORGANISATION = re.compile(r"\bRegion Stockholms?\b", re.I)


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words that name a place or a level of government, not a topic (stemmed once, on first
    use: importing this module loads no stemmer)."""
    return frozenset(terms("län länet länets kommun kommunen kommunens kommuner stockholm "
                           "stockholms region regionen regionens sverige sveriges county "
                           "municipality sweden stockholmsregionen"))


def question_terms(question: str, language: Language) -> set[str]:
    """The question's words as the (Swedish) knowledge base would write them."""
    if language == "en":
        from assistant.answer.glossary import swedish_words

        return terms(swedish_words(question))
    return terms(question)


def compose(question: str, language: Language, query_vector: Sequence[float],
            passages: Sequence[Passage], units: dict[str, list[tuple[Unit, list[float]]]],
            corpus: CorpusTerms, weights: Weights = DEFAULT_WEIGHTS) -> Composition:
    """Score every answer unit of `passages`, choose the answer, decide if it is strong."""
    candidates = score_units(question, query_vector, passages, units, corpus, weights,
                             language)
    chosen = choose(candidates, weights)
    strong, reason = _strength(question, language, passages, chosen, corpus, weights)
    composition = Composition(candidates, chosen, strong, reason)
    if strong:
        _write(composition, question)
    return composition


def score_units(question: str, query_vector: Sequence[float], passages: Sequence[Passage],
                units: dict[str, list[tuple[Unit, list[float]]]], corpus: CorpusTerms,
                weights: Weights = DEFAULT_WEIGHTS, language: Language = "sv"
                ) -> list[Candidate]:
    import numpy as np

    q = np.asarray(query_vector, dtype=np.float32)
    places = place_terms(question)
    asked = corpus.known_terms({t for t in question_terms(question, language)
                                if not t.isdigit()} - places) | places
    asked_numbers = numbers(question)
    total = sum(corpus.weight(t) for t in asked) or 1.0
    wants = _wants(question)
    count = _asked_count(question)
    out: list[Candidate] = []
    for rank, passage in enumerate(passages):
        chunk = passage.chunk
        heading = terms(" ".join(chunk.heading_path) + " " + (chunk.meta.title if chunk.meta
                                                               else ""))
        rows = units.get(chunk.id, [])
        if not rows:
            continue
        semantic = np.asarray([v for _, v in rows], dtype=np.float32) @ q
        unit_terms = [terms(u.display) for u, _ in rows]
        lexical = [sum(corpus.weight(t) for t in asked & own) / total for own in unit_terms]
        for i, (unit, _) in enumerate(rows):
            sem, lex = float(semantic[i]), lexical[i]
            lead = None
            # A list is read in the light of the sentences just before it ("Visionen bryts ned i
            # fyra mål." + "Regionen ska vara: - …"), and a sentence that refers back ("Den
            # behandlar ändå också …") in the light of the one it refers to: it inherits their
            # evidence, and the answer shows the sentence it inherited from.
            reach = (1, 2) if unit.kind == "list" else (1,) if _ANAPHORA.match(
                unit.display) else ()
            for back in reach:
                if i - back >= 0 and rows[i - back][0].index == unit.index - back:
                    inherited = float(semantic[i - back]) - 0.01 * back
                    if inherited > sem or lexical[i - back] - 0.05 * back > lex:
                        lead = rows[i - back][0].index
                    sem = max(sem, inherited)
                    lex = max(lex, lexical[i - back] - 0.05 * back)
            own = unit_terms[i]
            context = sum(corpus.weight(t) for t in (asked & heading) - own) / total
            topical = sum(corpus.weight(t) for t in (asked - places) & own) / total
            number = (len(asked_numbers & numbers(unit.display)) / len(asked_numbers)
                      if asked_numbers else 0.0)
            features = Features(sem, lex, context, passage.score, rank, number,
                                _kind_match(wants, unit, count))
            out.append(Candidate(passage, rank, unit, weights.score(features), sem, lex,
                                 features, lead, topical))
    out.sort(key=lambda c: -c.score)
    return out


def choose(candidates: list[Candidate], weights: Weights = DEFAULT_WEIGHTS) -> list[Candidate]:
    """The best unit, and up to two more that score nearly as well and say something else."""
    if not candidates:
        return []
    best = candidates[0]
    chosen = [best]
    for c in candidates[1:]:
        if len(chosen) == 3 or c.score < best.score - weights.second_margin:
            break
        if any(_overlaps(c, other) for other in chosen) or not _on_point(c, best, weights):
            continue
        chosen.append(c)
    return _with_antecedents(chosen, candidates)


def _on_point(c: Candidate, best: Candidate, weights: Weights) -> bool:
    """A further unit must stand on its own: from the best unit's passage, sharing the
    question's words, or nearly as close to the question as the best unit. A high passage score
    alone would bring a neighbouring topic's list into every answer."""
    context = c.features.context if c.features else 0.0
    return (c.passage.chunk.id == best.passage.chunk.id
            or c.topical + context >= weights.second_lexical
            or c.semantic >= best.semantic - weights.second_semantic)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    if a.unit.display == b.unit.display:
        return True  # the same sentence in two overlapping chunks
    if a.passage.chunk.id != b.passage.chunk.id:
        return a.unit.text in b.unit.text or b.unit.text in a.unit.text
    return a.unit.part_of == b.unit.index or b.unit.part_of == a.unit.index


def _with_antecedents(chosen: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """A chosen unit that starts with "Det"/"Därför"/... brings the unit before it."""
    by_place = {(c.passage.chunk.id, c.unit.index): c for c in candidates}
    out: list[Candidate] = []
    for c in chosen:
        before = None
        if c.lead is not None:
            before = by_place.get((c.passage.chunk.id, c.lead))
        elif _ANAPHORA.match(c.unit.display) and c.unit.index > 0 and c.unit.kind == "sentence":
            before = by_place.get((c.passage.chunk.id, c.unit.index - 1))
        if before is not None and not any(_overlaps(before, o) for o in out + chosen):
            out.append(before)
        if not any(_overlaps(c, o) for o in out):
            out.append(c)
    return out


def _wants(question: str) -> set[str]:
    wants = set()
    if _LIST_QUESTION.search(question):
        wants.add("list")
    if _WHEN_QUESTION.search(question):
        wants.add("year")
    if _AMOUNT_QUESTION.search(question):
        wants.add("amount")
    if _WHO_QUESTION.search(question):
        wants.add("name")
    return wants


_COUNT_WORDS = {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
                "nio": 9, "tio": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _asked_count(question: str) -> int | None:
    """"Vilka fyra mål …" -> 4: a list of that many items is the answer."""
    for word in words(question.lower()):
        if word in _COUNT_WORDS:
            return _COUNT_WORDS[word]
    return None


def _kind_match(wants: set[str], unit: Unit, count: int | None = None) -> float:
    text = unit.display
    score = 0.0
    if "list" in wants and unit.kind in ("list", "row"):
        score += 1.0
    if count is not None and unit.kind == "list" and text.count("\n- ") == count:
        score += 3.0
    if "year" in wants and _YEAR.search(text):
        score += 1.0
    if "amount" in wants and _AMOUNT.search(text):
        score += 1.0
    if "name" in wants and _NAME.search(text):
        score += 0.5
    return score


def _strength(question: str, language: Language, passages: Sequence[Passage],
              chosen: list[Candidate], corpus: CorpusTerms,
              weights: Weights) -> tuple[bool, str]:
    """Strong evidence: the best passage very close to the question, or close and sharing
    most of the question's distinctive words (place names do not count), and an answer unit
    close enough. Calibrated per language on the golden sets (docs/answering.md)."""
    if not passages or not chosen:
        return False, "no passages"
    best, top = chosen[0], passages[0].score
    if best.semantic < weights.min_unit[language]:
        return False, f"best unit {best.semantic:.3f}"
    cover = coverage(question, passages[:3], corpus, language)
    missing = _years_missing(question, passages[:3]) + _places_missing(question, passages[:3])
    if missing:
        # Asked for Värmdö in 2010, the passages speak of the county in 2020: that answers
        # another question.
        return False, f"the evidence never mentions {', '.join(missing)}"
    if cover < weights.min_any_coverage:
        return False, f"no word of the question in the evidence (coverage {cover:.2f})"
    if top >= weights.min_passage[language]:
        return True, ""
    if top >= weights.min_passage_covered[language] and cover >= weights.min_coverage:
        return True, ""
    return False, f"best passage {top:.3f}, coverage {cover:.2f}"


_ASKED_YEAR = re.compile(r"\b(19[5-9]\d|20[0-5]\d)\b")


def _evidence_text(passages: Sequence[Passage]) -> str:
    return " ".join(f"{p.chunk.text} {' '.join(p.chunk.heading_path)} "
                    f"{p.chunk.meta.title if p.chunk.meta else ''}" for p in passages)


def _years_missing(question: str, passages: Sequence[Passage]) -> list[str]:
    text = _evidence_text(passages)
    return [y for y in dict.fromkeys(_ASKED_YEAR.findall(question)) if y not in text]


def _places_missing(question: str, passages: Sequence[Passage]) -> list[str]:
    seen = terms(_evidence_text(passages))
    return [name for name in named_places(question) if not terms(name) <= seen]


def coverage(question: str, passages: Sequence[Passage], corpus: CorpusTerms,
             language: Language = "sv") -> float:
    """The share (weighted by rarity) of the question's words, place names left out, that the
    passages contain in their text, headings or title."""
    asked = corpus.known_terms({t for t in question_terms(question, language)
                                if not t.isdigit()} - place_terms(question))
    total = sum(corpus.weight(t) for t in asked)
    if not total:
        return 0.0
    seen: set[str] = set()
    for passage in passages:
        chunk = passage.chunk
        title = chunk.meta.title if chunk.meta else ""
        seen |= terms(f"{chunk.text} {' '.join(chunk.heading_path)} {title}")
    return sum(corpus.weight(t) for t in asked & seen) / total


# --- writing the answer --------------------------------------------------------------------------

def _write(composition: Composition, question: str) -> None:
    numbers_by_chunk: dict[str, int] = {}
    sources: list[Source] = []
    lines: list[str] = []
    used = 0
    for c in _reading_order(composition.chosen):
        chunk = c.passage.chunk
        if chunk.id not in numbers_by_chunk:
            numbers_by_chunk[chunk.id] = len(numbers_by_chunk) + 1
            sources.append(source_for(numbers_by_chunk[chunk.id], c.passage, c.unit.text))
        line = f"{_display(c.unit)} [{numbers_by_chunk[chunk.id]}]"
        if lines and used + len(line) > ANSWER_MAX_CHARS:
            break
        lines.append(line)
        used += len(line) + 2
    composition.lines = lines
    composition.sources = sources
    best = composition.chosen[0]
    more = more_from_source(best, composition.chosen, composition.candidates)
    if more:
        text = f"**Mer ur källorna:** {more} [{numbers_by_chunk[best.passage.chunk.id]}]"
        if used + len(text) <= ANSWER_MAX_CHARS:
            composition.more = text


def _reading_order(chosen: list[Candidate]) -> list[Candidate]:
    """Best unit first; units of the same chunk stay together in the order they are written."""
    groups: dict[str, list[Candidate]] = {}
    for c in chosen:
        groups.setdefault(c.passage.chunk.id, []).append(c)
    return [c for group in groups.values() for c in sorted(group, key=lambda c: c.unit.index)]


def _display(unit: Unit) -> str:
    if unit.kind == "list":
        lead, *items = unit.display.split("\n")
        return "\n".join([lead, *items]) if items else lead
    return unit.display


def more_from_source(best: Candidate, chosen: list[Candidate],
                     candidates: list[Candidate]) -> str:
    """The most relevant paragraph of the best unit's passage (a list the paragraph leads into
    included), without what the chosen units already say: the context a reader needs around
    the answer. Paragraphs are ranked by their two best units."""
    chunk = best.passage.chunk
    text = chunk.text
    shown = [c.unit.text for c in chosen]
    paragraphs: dict[int, list[Candidate]] = {}
    for c in candidates:
        if c.passage.chunk.id != chunk.id or c.unit.part_of is not None:
            continue
        at = text.find(c.unit.text)
        if at >= 0:
            paragraphs.setdefault(text.rfind("\n\n", 0, at), []).append(c)
    ranked = sorted(paragraphs.values(), key=lambda units: -_paragraph_score(units))
    for units in ranked:
        new = [c for c in sorted(units, key=lambda c: c.unit.index)
               if not any(c.unit.text in s or s in c.unit.text for s in shown)]
        sentences = " ".join(c.unit.display for c in new if "\n" not in c.unit.display)
        lists = [c.unit.display for c in new if "\n" in c.unit.display]
        if len(words(sentences)) < 6 and not lists:
            continue
        if len(sentences) > MORE_MAX_CHARS:
            cut = sentences.rfind(". ", 0, MORE_MAX_CHARS)
            sentences = (sentences[:cut + 1] if cut > 80
                         else sentences[:MORE_MAX_CHARS].rsplit(" ", 1)[0] + " …")
        return "\n".join([m for m in [sentences] if m] + lists)
    return ""


def _paragraph_score(units: list[Candidate]) -> float:
    top = sorted((c.score for c in units), reverse=True)[:2]
    return sum(top) / len(top)


def source_for(number: int, passage: Passage, quote: str) -> Source:
    chunk = passage.chunk
    meta = chunk.meta
    return Source(
        id=number,
        title=meta.title if meta and meta.title else chunk.doc_id,
        source=(meta.source_url if meta and meta.source_url else chunk.doc_id),
        page=section_label(chunk),
        quote=verbatim_quote(quote),
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        passage=chunk.text,
        publisher=meta.publisher if meta else "",
        source_date=meta.source_date if meta else "",
    )


_LEAD_MARKUP = re.compile(r"^(?:[-*•]\s+|\d+\.\s+)?(?:\*\*[^*]{1,60}\*\*\s+)?")


def verbatim_quote(text: str) -> str:
    """A quote stays a verbatim substring of the chunk: shortened by cutting, never rewording
    (a leading list marker or bold label off, an overlong tail off)."""
    quote = text[_LEAD_MARKUP.match(text).end():] or text
    return quote if len(quote) <= QUOTE_MAX_CHARS else quote[:QUOTE_MAX_CHARS]


def section_label(chunk) -> str:
    """Page for PDFs, else the heading path without the document title (already the title)."""
    if chunk.page or chunk.page_label:
        return chunk.section_label
    path = list(chunk.heading_path)
    if path and chunk.meta and path[0] == chunk.meta.title:
        path = path[1:]
    return " › ".join(path) or "Inledning"
