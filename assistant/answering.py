"""Composing the answer: a question in, an `Answer` out, with no language model.

Figure questions go to the figures engine (numbers computed by code, cited to their dataset);
everything else is answered extractively: the best-supported sentences of the top passages, each
ending with a numbered citation whose quote is a verbatim substring of the cited chunk. When the
evidence is weak the answer is a refusal, not a loosely related quote.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.config import Settings, get_settings
from assistant.figures.request import DOCUMENT_REASONS, FigureRequest, Interpretation
from assistant.language import detect_language
from assistant.models import Answer, Language, Passage, Source

if TYPE_CHECKING:
    from assistant.figures.engine import FigureResult
    from assistant.retrieving import Retriever
    from assistant.statistics import StatisticsStore
    from assistant.storing import VectorStore

log = logging.getLogger(__name__)

MAX_SENTENCES = 4
# A word in more than this share of the chunks ("Stockholm", "utsläpp", "kommun") says nothing
# about whether a passage is on the question's topic. Measured on the golden and refusal sets:
# 0.5 refuses 96 % of off-topic questions and keeps 93 % of the golden ones answered.
COMMON_TERM_SHARE = 0.5
MAX_SENTENCES_PER_PASSAGE = 2
MIN_SENTENCE_CHARS = 25
QUOTE_MAX_CHARS = 300

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "empty": "Skriv en fråga, till exempel ”Vad är Klimatkansliet?” eller "
                 "”Hur stora var Nackas utsläpp 2024?”.",
        "too_long": "Frågan är för lång ({n} tecken; högst {max} tecken). Korta ner den till det "
                    "du vill veta, till exempel en kommun, ett år och vad du vill jämföra.",
        "intro": "Det här säger kunskapsbasen:",
        "refused": "Kunskapsbasen har inget som besvarar frågan ”{q}”. Den täcker Region "
                   "Stockholms och länets klimatarbete (RUFS 2050, Klimatfärdplan 2050, "
                   "Klimatkansliet, Klimatklivet, nationella mål) och utsläppsstatistik för "
                   "kommunerna. Försök formulera om frågan med de orden, eller fråga efter en "
                   "kommuns utsläpp ett visst år.",
        "sources_line": "Källa",
        "store_missing": "Kunskapsbasen är inte byggd ännu. Kör `python ingest.py` och försök "
                         "igen.",
        "error": "Något gick fel när frågan besvarades. Försök igen; om felet kvarstår, "
                 "kontakta Klimatkansliet.",
    },
    "en": {
        "empty": "Please type a question, for example “What is Klimatkansliet?” or "
                 "“What were Nacka's emissions in 2024?”.",
        "too_long": "The question is too long ({n} characters; at most {max}). Please shorten it "
                    "to what you want to know, e.g. a municipality, a year and a comparison.",
        "intro": "This is what the knowledge base says (the sources are in Swedish):",
        "refused": "The knowledge base has nothing that answers “{q}”. It covers the climate "
                   "work of Region Stockholm and the county (RUFS 2050, the climate roadmap "
                   "Klimatfärdplan 2050, Klimatkansliet, Klimatklivet, national targets) and "
                   "emission statistics for the municipalities. Try rephrasing with those "
                   "terms, or ask for a municipality's emissions in a given year.",
        "sources_line": "Source",
        "store_missing": "The knowledge base has not been built yet. Run `python ingest.py` "
                         "and try again.",
        "error": "Something went wrong while answering. Please try again; if it persists, "
                 "contact Klimatkansliet.",
    },
}


@dataclass
class Conversation:
    """What a follow-up question ("Och för Nacka?") needs from the turns before it."""

    last_request: FigureRequest | None = None
    turns: list[Answer] = field(default_factory=list)

    def remember(self, answer: Answer, request: FigureRequest | None) -> None:
        self.turns.append(answer)
        if request is not None:
            self.last_request = request


class Assistant:
    """The offline assistant. Heavy resources (model, store) are created once and reused."""

    def __init__(self, settings: Settings | None = None, *, embeddings=None,
                 store: VectorStore | None = None, stats: StatisticsStore | None = None) -> None:
        self.settings = settings or get_settings()
        self._embeddings = embeddings
        self._store = store
        self._stats = stats
        self._retriever: Retriever | None = None
        self._frequency: dict[str, float] | None = None

    # Resources are opened lazily so that a figure question never waits for the vector store and a
    # knowledge question never loads statistics it does not need.
    @property
    def embeddings(self):
        if self._embeddings is None:
            from assistant.embedding import get_embeddings

            self._embeddings = get_embeddings(self.settings)
        return self._embeddings

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            from assistant.storing import VectorStore

            self._store = VectorStore(self.settings, self.embeddings)
        return self._store

    @property
    def stats(self) -> StatisticsStore:
        if self._stats is None:
            from assistant.statistics import open_statistics

            self._stats = open_statistics(self.settings)
        return self._stats

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from assistant.retrieving import Retriever

            self._retriever = Retriever(self.settings, self.store, self.embeddings)
        return self._retriever

    def refresh_if_updated(self) -> bool:
        """Reopen the store and drop cached statistics when another process has finished an
        ingestion or loaded a statistics release since we opened them (a long-lived reader
        otherwise searches a stale index and answers from an old release)."""
        from assistant.statistics import statistics_changed

        stale_store = self._store is not None and self._store.is_stale()
        # Every writer, statistics loads included, bumps the store's generation marker, so the
        # statistics need a check of their own only in a process that never opened the store
        # (in server mode that check costs a client and a read per question).
        stale_stats = (self._store is None and self._stats is not None
                       and statistics_changed(self.settings, self._stats))
        if not (stale_store or stale_stats):
            return False
        if stale_store:
            self._store.reopen()
            self._retriever = None
            self._frequency = None
        self._stats = None
        return True

    def ask(self, question: str, conversation: Conversation | None = None, *,
            rewrite: bool = True) -> Answer:
        """Answer one question. `rewrite=False` leaves the optional language model's rewriting to
        the caller (the app streams it); with no model configured it changes nothing."""
        question = (question or "").strip()
        language = detect_language(question) if question else "sv"
        texts = TEXTS[language]
        if not question:
            return Answer(question, "clarify", texts["empty"], language)
        if len(question) > self.settings.max_question_chars:
            msg = texts["too_long"].format(n=len(question), max=self.settings.max_question_chars)
            return Answer(question[:200] + "…", "refused", msg, language)

        from assistant.figures.parsing import interpret

        previous = conversation.last_request if conversation else None
        reading = interpret(question, previous=previous)
        if reading.is_figure_question:
            answer = self._answer_figures(question, reading, language)
            request = reading.request if answer.status == "answered" else None
        else:
            answer = self._answer_from_documents(question, language)
            request = None
        answer = self._with_language_model(question, answer, reading, rewrite)
        if conversation is not None:
            conversation.remember(answer, request)
        return answer

    def _with_language_model(self, question: str, answer: Answer, reading: Interpretation,
                             rewrite: bool) -> Answer:
        """Optional layer: with no model configured this returns `answer` itself. The model may
        only rephrase a verified answer, or read a question the rules could not, through tools
        whose results the guard checks; it never adds a number of its own."""
        from assistant.llm import answer_with_tools, llm_configured
        from assistant.llm import rewrite as llm_rewrite

        if not llm_configured(self.settings):
            return answer
        if answer.status == "refused" and not reading.is_figure_question:
            return answer_with_tools(question, self, self.settings) or answer
        return llm_rewrite(answer, None, self.settings) if rewrite else answer

    # --- figures -------------------------------------------------------------------------------

    def _answer_figures(self, question: str, reading: Interpretation, language: Language) -> Answer:
        notes = list(reading.notes)

        def documents_instead() -> Answer | None:
            # A target, an organisation's own operations, a place or a year the statistics
            # lack: the documents may answer what the figures cannot.
            documents = self._answer_from_documents(question, language)
            return documents if documents.status == "answered" else None

        if reading.refuse and reading.reason in DOCUMENT_REASONS and (found := documents_instead()):
            return found
        if reading.clarify:
            return Answer(question, "clarify", reading.clarify, language, notes=notes)
        if reading.refuse:
            return Answer(question, "refused", reading.refuse, language, notes=notes)
        assert reading.request is not None
        from assistant.figures.engine import compute

        if not self.stats.datasets():
            return Answer(question, "refused", TEXTS[language]["store_missing"], language)
        result = compute(reading.request, self.stats)
        if result.status == "refused" and result.reason in DOCUMENT_REASONS and (
                found := documents_instead()):
            return found
        if result.status != "answered":
            return Answer(question, result.status, result.message, language,
                          notes=notes + list(result.caveats))
        sources = self._dataset_sources(result)
        citation = ", ".join(f"[{s.id}]" for s in sources)
        text = result.markdown.rstrip()
        if citation:
            text += f"\n\n{TEXTS[language]['sources_line']}: {citation}"
        # The engine's text already carries the reading notes and the caveats; repeating them as
        # notes would show every caveat twice.
        return Answer(question, "answered", text, language, figures=list(result.figures),
                      sources=sources, charts=list(result.charts), tables=list(result.tables),
                      reading=result.reading or reading.reading)

    def _dataset_sources(self, result: FigureResult) -> list[Source]:
        """Cite each dataset by its embedded profile chunk, so the quote can be checked in the
        store like any other citation; fall back to the manifest when the profile is missing."""
        sources: list[Source] = []
        for number, ref in enumerate(result.sources, start=1):
            chunk = self._profile_chunk(ref.get("dataset", ""))
            quote = ref.get("quote", "")
            if chunk is not None:
                quote = _pick_quote(chunk.text, prefer=ref.get("release", "")) or quote
            sources.append(Source(
                id=number,
                title=ref.get("title", ""),
                source=ref.get("source", ""),
                page=ref.get("release", ""),
                quote=quote,
                chunk_id=chunk.id if chunk else "",
                doc_id=chunk.doc_id if chunk else f"statistik/{ref.get('dataset', '')}",
                passage=chunk.text if chunk else quote,
                publisher=ref.get("source", ""),
            ))
        return sources

    def _profile_chunk(self, dataset_id: str):
        if not dataset_id:
            return None
        try:
            record = self.store.document(f"statistik/{dataset_id}")
            if record is None or not record.chunk_ids:
                return None
            chunks = self.store.get_chunks(record.chunk_ids[:1])
            return chunks[0] if chunks else None
        except Exception:  # the figure stands on the manifest alone; never fail the answer
            log.warning("no profile chunk for dataset %s", dataset_id, exc_info=True)
            return None

    # --- documents -----------------------------------------------------------------------------

    def _answer_from_documents(self, question: str, language: Language) -> Answer:
        texts = TEXTS[language]
        passages = self.retriever.retrieve(question)
        if not passages and self.store.count() == 0:
            return Answer(question, "refused", texts["store_missing"], language)
        evidence = [p for p in passages if p.score >= self.settings.min_score]
        terms = _content_terms(question)
        if not evidence or not self._on_topic(evidence, terms, language):
            best = f"{passages[0].score:.3f}" if passages else "–"
            log.info("refused: best score %s, terms %s", best, sorted(terms))
            return Answer(question, "refused", texts["refused"].format(q=_shorten(question)),
                          language)
        picked = _pick_sentences(evidence, terms)
        sources: list[Source] = []
        lines: list[str] = []
        numbers: dict[str, int] = {}
        for passage, sentence in picked:
            chunk = passage.chunk
            if chunk.id not in numbers:
                numbers[chunk.id] = len(numbers) + 1
                sources.append(_source_for(numbers[chunk.id], passage, sentence))
            lines.append(f"{_clean_markdown(sentence)} [{numbers[chunk.id]}]")
        text = texts["intro"] + "\n\n" + "\n\n".join(lines)
        discrepancies = self._check_against_statistics([p for p, _ in picked], numbers)
        if discrepancies:
            from assistant.consistency import consistency_markdown, describe

            text += "\n\n" + consistency_markdown(discrepancies)
            notes = [describe(d) for d in discrepancies]
        else:
            notes = []
        return Answer(question, "answered", text, language, sources=sources, notes=notes)

    def _on_topic(self, evidence: list[Passage], terms: set[str], language: Language) -> bool:
        """The embedding score alone lets an off-topic question about the weather in Stockholm
        match any text that mentions Stockholm. A Swedish question must share at least one of its
        distinctive words (rare in the knowledge base) with the evidence; English questions meet
        Swedish text, so for them the score decides alone."""
        if language != "sv" or not terms:
            return True
        frequency = self._term_frequency()
        distinctive = {t for t in terms if frequency.get(t, 0.0) < COMMON_TERM_SHARE}
        return _mentions_any(evidence, distinctive or terms)

    def _term_frequency(self) -> dict[str, float]:
        """Share of stored chunks each stemmed term occurs in; computed once per opened store."""
        if self._frequency is None:
            texts = self.store.all_texts()
            counts: Counter[str] = Counter()
            for text in texts:
                counts.update(_terms(text))
            self._frequency = {t: c / max(1, len(texts)) for t, c in counts.items()}
        return self._frequency

    def _check_against_statistics(self, passages: list[Passage], numbers: dict[str, int]) -> list:
        """Figures that documents state and the statistics can check are shown side by side."""
        from assistant.consistency import check_passages

        try:  # a failed check must never cost the answer
            return check_passages(passages, self.stats, source_ids=numbers)
        except Exception:
            log.warning("consistency check failed", exc_info=True)
            return []


# --- sentence selection (pure functions) -------------------------------------------------------

# Sentence ends, and every line break: documents keep one paragraph or list item per line, and
# statistics profiles one fact per line.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”(])|\s*\n\s*")
_WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+")
_STOPWORDS = frozenset(
    """
och att det som en ett är av för på i med till den de om har inte var vad vilka vilken vilket
hur när där så kan ska skall sig man vi du jag han hon dem deras dess sin sitt sina eller men
också från under efter mellan mot genom utan över alla allt andra någon något några mer mest
bara även detta denna dessa vara varit blir bli blev får fick finns gör göra gjort enligt säger
säga sa inom vid hos ur samt sedan då nu här mycket många stor stora the a an and or of to in
on for with by at from is are was were be been what which who how when where why does do did
can could should would about this that these those it its as
""".split()  # noqa: SIM905 - a word list reads best as text
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish")


def _terms(text: str) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    words = [w for w in words if w not in _STOPWORDS and (len(w) > 2 or w.isdigit())]
    return set(_stemmer().stemWords(words))


def _content_terms(question: str) -> set[str]:
    """Words that carry the question's topic. Numbers are left out: a year such as 2023 occurs in
    half the knowledge base and says nothing about whether a passage is on topic."""
    return {t for t in _terms(question) if not t.isdigit()}


def _mentions_any(passages: list[Passage], terms: set[str]) -> bool:
    """A passage that shares no content word with the question is only loosely related: the
    embedding score alone lets 'Melodifestivalen' match a text about festivals of any kind."""
    if not terms:
        return True
    return any(terms & _terms(p.chunk.text + " " + " ".join(p.chunk.heading_path))
               for p in passages)


def split_sentences(text: str) -> list[str]:
    parts = (s.strip() for s in _SENTENCE_END.split(text))
    return [s for s in parts if s]


def _pick_sentences(passages: list[Passage], terms: set[str]) -> list[tuple[Passage, str]]:
    scored: list[tuple[float, int, int, Passage, str]] = []
    for rank, passage in enumerate(passages):
        heading_terms = _terms(" ".join(passage.chunk.heading_path))
        for index, sentence in enumerate(split_sentences(passage.chunk.text)):
            if not _answer_material(sentence):
                continue
            overlap = len(terms & (_terms(sentence) | heading_terms))
            # The passage's own rank matters most; word overlap picks sentences inside it, and an
            # early sentence (usually the topic sentence) wins a tie.
            score = passage.score * 10 + overlap - 0.05 * index - 0.5 * rank
            scored.append((score, rank, index, passage, sentence))
    scored.sort(key=lambda row: -row[0])
    chosen: list[tuple[int, int, Passage, str]] = []
    per_passage: dict[str, int] = {}
    for _, rank, index, passage, sentence in scored:
        if per_passage.get(passage.chunk.id, 0) >= MAX_SENTENCES_PER_PASSAGE:
            continue
        per_passage[passage.chunk.id] = per_passage.get(passage.chunk.id, 0) + 1
        chosen.append((rank, index, passage, sentence))
        if len(chosen) == MAX_SENTENCES:
            break
    # Read in source order: best passage first, sentences as they stand in it.
    chosen.sort(key=lambda row: (row[0], row[1]))
    return [(passage, sentence) for _, _, passage, sentence in chosen]


_META_SENTENCE = re.compile(r"^(det här|detta) dokument|^dokumentet |^this document", re.I)
_LEAD_MARKUP = re.compile(r"^(?:[-*•]\s+|\d+\.\s+)?(?:\*\*[^*]{1,60}\*\*\s+)?")


def _answer_material(sentence: str) -> bool:
    """Headings, lead-ins to a list ("… fem huvuduppgifter:"), bare source lines and sentences
    about the document itself say nothing on their own."""
    return (len(sentence) >= MIN_SENTENCE_CHARS and not sentence.startswith("#")
            and not sentence.rstrip().endswith(":") and "http" not in sentence
            and not _META_SENTENCE.search(sentence))


def _pick_quote(text: str, prefer: str = "") -> str:
    sentences = [s for s in split_sentences(text) if len(s) >= MIN_SENTENCE_CHARS]
    if not sentences:
        return text[:QUOTE_MAX_CHARS]
    preferred = [s for s in sentences if prefer and prefer in s]
    return _verbatim_prefix((preferred or sentences)[0])


def _verbatim_prefix(sentence: str) -> str:
    """A quote must stay a verbatim substring of the chunk, so shorten by cutting, never by
    rewording: a leading list marker or bold label is cut off, and so is an overlong tail."""
    quote = sentence[_LEAD_MARKUP.match(sentence).end():] or sentence
    return quote if len(quote) <= QUOTE_MAX_CHARS else quote[:QUOTE_MAX_CHARS]


def _source_for(number: int, passage: Passage, sentence: str) -> Source:
    chunk = passage.chunk
    meta = chunk.meta
    return Source(
        id=number,
        title=meta.title if meta else chunk.doc_id,
        source=(meta.source_url if meta and meta.source_url else chunk.doc_id),
        page=_section_label(chunk),
        quote=_verbatim_prefix(sentence),
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        passage=chunk.text,
        publisher=meta.publisher if meta else "",
        source_date=meta.source_date if meta else "",
    )


def _section_label(chunk) -> str:
    """Page for PDFs, else the heading path without the document title (already the title)."""
    if chunk.page or chunk.page_label:
        return chunk.section_label
    path = list(chunk.heading_path)
    if path and chunk.meta and path[0] == chunk.meta.title:
        path = path[1:]
    return " › ".join(path) or "Inledning"


def _clean_markdown(sentence: str) -> str:
    sentence = re.sub(r"^\s*(?:[-*•]|\d+\.)\s+", "", sentence)
    sentence = sentence.replace("**", "").replace("__", "")
    sentence = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", sentence)  # no links or images in answers
    return " ".join(sentence.split())


def _shorten(question: str, limit: int = 120) -> str:
    return question if len(question) <= limit else question[:limit] + "…"
