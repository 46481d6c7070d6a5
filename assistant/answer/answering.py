"""A question in, an `Answer` out, with no language model.

Every question is read by the figure reader and answered from the documents (the query is
embedded once); the arbiter (assistant/arbiter.py) chooses figures, documents, a claim check, the
figure engine's question back, or a refusal. Figures are computed by code and cited to their
dataset; document answers are composed from answer units (assistant/composing.py), each with a
numbered citation whose quote is a verbatim substring of the cited chunk. When the evidence is
weak the answer is a refusal, not a loosely related quote.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.answer.arbiter import Decision, decide, is_claim, strip_claim
from assistant.answer.composing import (
    ANSWER_MAX_CHARS,
    DEFAULT_WEIGHTS,
    Composition,
    CorpusTerms,
    compose,
    verbatim_quote,
)
from assistant.answer.consistency import check_all, summary_markdown
from assistant.answer.glossary import swedish_words
from assistant.config import Settings, get_settings
from assistant.figures.request import FigureRequest, Interpretation
from assistant.language import detect_language
from assistant.models import Answer, Chunk, Language, Passage, Source, Unit
from assistant.reference import dataset_profile_id
from assistant.resources import Resources
from assistant.text import format_value, numbers, sentences, terms

if TYPE_CHECKING:
    from assistant.answer.retrieving import Retriever
    from assistant.figures.engine import FigureResult
    from assistant.figures.query import Query
    from assistant.stores.vectors import VectorStore

log = logging.getLogger(__name__)

# The documents' half of figure questions, beside their figures' half (one per session asking at
# once; more wait their turn).
_HALVES = ThreadPoolExecutor(max_workers=8, thread_name_prefix="klimat-documents")

# Passages the composer looks at; the first `top_k` of them are the citable evidence.
COMPOSE_PASSAGES = 6
# Answer units searched directly, and how many passages their chunks may add (measured on the
# golden set: docs/answering.md).
NEAREST_UNITS = 6
UNIT_PASSAGES = 2
MIN_QUOTE_CHARS = 25

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "empty": "Skriv en fråga, till exempel ”Vad är Klimatkansliet?” eller "
                 "”Hur stora var Nackas utsläpp 2024?”.",
        "too_long": "Frågan är för lång ({n} tecken; högst {max} tecken). Korta ner den till det "
                    "du vill veta, till exempel en kommun, ett år och vad du vill jämföra.",
        "intro": "",
        "refused": "Kunskapsbasen har inget som besvarar frågan ”{q}”. Den täcker Region "
                   "Stockholms och länets klimatarbete (RUFS 2050, Klimatfärdplan 2050, "
                   "Klimatkansliet, Klimatklivet, nationella mål) och utsläppsstatistik för "
                   "kommunerna. Försök formulera om frågan med de orden, eller fråga efter en "
                   "kommuns utsläpp ett visst år.",
        "sources_line": "Källa",
        "statistics": "Statistiken",
        "claim_documents": "Kunskapsbasen",
        "claim_verdict": "Bedömning",
        "claim_agrees": "Ja. Uppgiften stämmer med statistiken (se ovan).",
        "claim_differs": "Inte enligt statistiken: {pairs}.",
        "claim_partly": "Delvis: de år som statistiken har stämmer.",
        "claim_missing": "Statistiken saknar {years}, så den delen kan inte kontrolleras; den "
                         "återges som dokumentets egen uppgift.",
        "claim_unchecked": "Statistiken kan inte kontrollera just den här uppgiften (den gäller "
                           "inte en kommuns, länets eller Sveriges totala utsläpp eller utsläpp "
                           "per invånare ett visst år). Svaret återger vad dokumentet säger.",
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
        "intro": "From the knowledge base (the sources are in Swedish):",
        "refused": "The knowledge base has nothing that answers “{q}”. It covers the climate "
                   "work of Region Stockholm and the county (RUFS 2050, the climate roadmap "
                   "Klimatfärdplan 2050, Klimatkansliet, Klimatklivet, national targets) and "
                   "emission statistics for the municipalities. Try rephrasing with those "
                   "terms, or ask for a municipality's emissions in a given year.",
        "sources_line": "Source",
        "statistics": "The statistics",
        "claim_documents": "The knowledge base",
        "claim_verdict": "Assessment",
        "claim_agrees": "Yes. The statement agrees with the statistics (see above).",
        "claim_differs": "Not according to the statistics: {pairs}.",
        "claim_partly": "Partly: the years the statistics have agree.",
        "claim_missing": "The statistics lack {years}, so that part cannot be checked; it is "
                         "given as the document's own figure.",
        "claim_unchecked": "The statistics cannot check this particular statement (it is not a "
                           "municipality's, the county's or Sweden's total emissions or "
                           "emissions per inhabitant in a given year). The answer gives what "
                           "the document says.",
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


@dataclass
class DocumentEvidence:
    """What retrieval and the composer found for one question."""

    passages: list[Passage]
    composition: Composition | None
    store_empty: bool = False

    @property
    def strong(self) -> bool:
        return self.composition is not None and self.composition.strong


class Assistant:
    """The offline assistant. Heavy resources (model, store) are created once and reused."""

    def __init__(self, settings: Settings | None = None, *, embeddings=None,
                 store: VectorStore | None = None, stats=None,
                 resources: Resources | None = None) -> None:
        self.settings = settings or get_settings()
        self.resources = resources or Resources(self.settings, embeddings=embeddings,
                                                store=store, stats=stats)
        self._retriever: Retriever | None = None
        self._corpus: CorpusTerms | None = None
        # dataset id -> its statistics profile's first chunk (what a figure answer cites), per
        # opened store: two store reads a figure answer would otherwise make for every source
        self._profiles: dict[str, Chunk] = {}
        self._building = threading.Lock()  # the first questions of several sessions at once
        self.weights = DEFAULT_WEIGHTS.with_min_score(self.settings.min_score)

    # The resources open lazily (assistant/resources.py): a figure question never waits for the
    # vector store and a knowledge question never loads statistics it does not need.
    @property
    def embeddings(self):
        """The model under the resources' lock: the one step of a question that runs one at a
        time; everything else runs beside the other sessions' questions."""
        return self.resources.locked_embeddings()

    @property
    def store(self) -> VectorStore:
        return self.resources.store

    @property
    def stats(self):
        return self.resources.stats

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from assistant.answer.retrieving import Retriever

            with self._building:
                if self._retriever is None:
                    self._retriever = Retriever(self.settings, self.store, self.embeddings)
        return self._retriever

    @property
    def corpus(self) -> CorpusTerms:
        """Word rarity over the stored chunks; computed once per opened store."""
        if self._corpus is None:
            with self._building:
                if self._corpus is None:
                    self._corpus = CorpusTerms(self.store.all_texts())
        return self._corpus

    def refresh_if_updated(self) -> bool:
        """Reopen the store and drop cached statistics when another process has finished an
        ingestion or loaded a statistics release since we opened them. The check is a read
        beside the other questions; only a real refresh waits for them to finish."""
        if not any(self.resources.stale()):
            return False
        with self.resources.gate.writing():
            store_reopened, stats_dropped = self.resources.refresh_if_updated()
            if store_reopened:
                self._retriever = None
                self._corpus = None
                self._profiles = {}
        return stats_dropped

    def warm(self) -> None:
        """Build what the first questions would otherwise wait for: the model (and one query
        through it), the store, the statistics tables with their indexes, the profile chunks a
        figure answer cites and the corpus statistics. The app runs this in the background while
        its first page renders; the CLI does not (it loads only what its one question needs)."""
        from assistant.figures.engine import warm as warm_figures

        with self.resources.gate.reading():
            self.store.count()
            self.embeddings.embed_query("uppvärmning")
            datasets = self.stats.datasets()
            if datasets:
                warm_figures(self.stats)
            for dataset in datasets:
                self._profile_chunk(dataset.id)
            _ = self.corpus

    # --- what the language model's tools may use (assistant.llm.tools.Tools) -----------------

    def compute_figures(self, request: Query) -> FigureResult:
        """A figure request computed by the engine from the statistics."""
        from assistant.figures.engine import compute

        return compute(request, self.stats)

    def search_documents(self, question: str) -> list[Passage]:
        """The passages retrieval finds for a question, best first, with their scores."""
        return self.retriever.retrieve(question)

    def ask(self, question: str, conversation: Conversation | None = None, *,
            rewrite: bool = True) -> Answer:
        """Answer one question. `rewrite=False` leaves the optional language model's rewriting to
        the caller (the app streams it); with no model configured it changes nothing. Questions
        from several threads run at once; a store refresh waits for them (`Resources.gate`)."""
        with self.resources.gate.reading():
            return self._ask(question, conversation, rewrite)

    def _ask(self, question: str, conversation: Conversation | None, rewrite: bool) -> Answer:
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
        claim = is_claim(question)
        reading = interpret(strip_claim(question) if claim else question, previous=previous)
        figures, evidence = None, None
        if reading.is_figure_question:
            # The two halves of a figure question at once: the documents' half waits mostly in
            # the model and the store (native code, which lets the figures' Python run).
            documents = _HALVES.submit(self._documents, question, language)
            try:
                figures = self._answer_figures(question, reading, language)
            finally:
                wait([documents])  # never leave it running past this question (the gate)
            evidence = documents.result()
        else:
            evidence = self._documents(question, language)
        decision = decide(claim=claim, figure_question=figures is not None,
                          figure_answered=figures is not None and figures.status == "answered",
                          figure_reason=(figures.reason or None) if figures else None,
                          documents_strong=evidence.strong,
                          unread_in_documents=self._documents_read(reading.unread, evidence,
                                                                    language))
        log.info("route %s: %s", decision.route, decision.why)
        answer = self._answer(question, language, decision, figures, evidence)
        # What the user got: figures, documents, a claim check, a refusal or a question back.
        answer.route = (answer.status if decision.route == "figure_message"
                        else decision.route)
        request = (reading.request if decision.route == "figures" and answer.status == "answered"
                   else None)
        answer = self._with_language_model(question, answer, reading, rewrite)
        if conversation is not None:
            conversation.remember(answer, request)
        return answer

    def _documents_read(self, unread: tuple[str, ...], evidence: DocumentEvidence,
                        language: Language) -> bool:
        """Do the documents' chosen passages hold a distinctive word the figure reader left
        unread (an English word read through the glossary)?"""
        if not unread or not evidence.strong or evidence.composition is None:
            return False
        words = " ".join(unread)
        if language == "en":
            words = swedish_words(words)
        asked = {t for t in terms(words) if self.corpus.share.get(t, 0.0) < 0.2}
        seen: set[str] = set()
        for passage in evidence.composition.passages:
            seen |= terms(passage.chunk.text)
        return bool(asked & seen)

    def _answer(self, question: str, language: Language, decision: Decision,
                figures: Answer | None, evidence: DocumentEvidence) -> Answer:
        if decision.route == "figures" and figures is not None:
            return self._with_document_check(figures, evidence)
        if decision.route == "figure_message" and figures is not None:
            return figures
        if decision.route == "claim":
            return self._answer_claim(question, language, evidence, figures)
        if decision.route == "documents":
            return self._answer_documents(question, language, evidence, figures)
        if evidence.store_empty and figures is None:
            return Answer(question, "refused", TEXTS[language]["store_missing"], language)
        return Answer(question, "refused", TEXTS[language]["refused"].format(q=_shorten(question)),
                      language)

    def _with_language_model(self, question: str, answer: Answer, reading: Interpretation,
                             rewrite: bool) -> Answer:
        """Optional layer: with no model configured this returns `answer` itself. The model may
        only rephrase a verified answer, or read a question the rules could not, through tools
        whose results the guard checks; it never adds a number of its own."""
        from assistant.llm.client import llm_configured
        from assistant.llm.rewrite import rewrite as llm_rewrite
        from assistant.llm.tools import answer_with_tools

        if not llm_configured(self.settings):
            return answer
        if answer.status == "refused" and not reading.is_figure_question:
            return answer_with_tools(question, self, self.settings) or answer
        return llm_rewrite(answer, None, self.settings) if rewrite else answer

    # --- figures -------------------------------------------------------------------------------

    def _answer_figures(self, question: str, reading: Interpretation, language: Language) -> Answer:
        notes = list(reading.notes)
        if reading.clarify:
            return Answer(question, "clarify", reading.clarify, language, notes=notes,
                          reason=reading.reason or "ambiguous")
        if reading.refuse:
            return Answer(question, "refused", reading.refuse, language, notes=notes,
                          reason=reading.reason or "no_data")
        assert reading.request is not None
        if not self.stats.datasets():
            return Answer(question, "refused", TEXTS[language]["store_missing"], language)
        result = self.compute_figures(reading.request)
        if result.status != "answered":
            return Answer(question, result.status, result.message, language,
                          notes=notes + list(result.caveats),
                          reason=result.reason or ("no_data" if result.status == "refused"
                                                   else "ambiguous"))
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
                quote = _profile_quote(chunk.text, prefer=ref.get("release", "")) or quote
            sources.append(Source(
                id=number,
                title=ref.get("title", ""),
                source=ref.get("source", ""),
                page=ref.get("release", ""),
                quote=quote,
                chunk_id=chunk.id if chunk else "",
                doc_id=chunk.doc_id if chunk else dataset_profile_id(ref.get("dataset", "")),
                passage=chunk.text if chunk else quote,
                publisher=ref.get("source", ""),
            ))
        return sources

    def _profile_chunk(self, dataset_id: str) -> Chunk | None:
        if not dataset_id:
            return None
        found = self._profiles.get(dataset_id)
        if found is None:
            found = self._read_profile_chunk(dataset_id)
            if found is not None:  # a missing profile is looked for again at the next question
                self._profiles[dataset_id] = found
        return found

    def _read_profile_chunk(self, dataset_id: str) -> Chunk | None:
        try:
            record = self.store.document(dataset_profile_id(dataset_id))
            if record is None or not record.chunk_ids:
                return None
            chunks = self.store.get_chunks(record.chunk_ids[:1])
            return chunks[0] if chunks else None
        except Exception:  # the figure stands on the manifest alone; never fail the answer
            log.warning("no profile chunk for dataset %s", dataset_id, exc_info=True)
            return None

    # --- documents -----------------------------------------------------------------------------

    def _documents(self, question: str, language: Language) -> DocumentEvidence:
        """Retrieve with one query embedding, then let the composer score the answer units."""
        try:
            vector = self.embeddings.embed_query(_query_text(question, language))
            k = max(self.settings.top_k, COMPOSE_PASSAGES)
            found = self.store.search(vector, 2 * k)
            if not found:
                return DocumentEvidence([], None, store_empty=self.store.count() == 0)
            passages, units = self._passages(vector, found, k)
            composition = compose(question, language, vector, passages, units, self.corpus,
                                  self.weights)
        except Exception as exc:
            from assistant.errors import UserFacingError

            if isinstance(exc, UserFacingError):
                raise
            log.exception("document retrieval failed")
            raise
        if not composition.strong:
            log.info("documents weak: %s", composition.reason)
        return DocumentEvidence(passages, composition)

    def _passages(self, vector: Sequence[float], found: list[Passage], k: int
                  ) -> tuple[list[Passage], dict[str, list[tuple[Unit, list[float]]]]]:
        """The k best passages that have answer units, then up to `UNIT_PASSAGES` more: the
        chunks of the answer units nearest the question that the chunk ranking left out (a
        goal in a list under a short heading ranks low as a whole chunk). They come last, so
        the refusal gate, which reads the best three passages, is unchanged."""
        versions = {p.chunk.doc_id: p.chunk.version for p in found}
        nearest = self.store.nearest_unit_chunks(vector, NEAREST_UNITS, versions)
        by_id = {p.chunk.id: p for p in found}
        # One read for the units of both: the chunks found and those of the nearest units.
        units = self.store.units_of(list(by_id) + [c for c in nearest if c not in by_id])
        # A passage with no answer unit (a source list, a bare heading, a municipality's
        # statistics profile: pipeline/chunking.py) cannot answer.
        passages = [p for p in found if units.get(p.chunk.id)][:k]
        taken = {p.chunk.id for p in passages}
        extra = [cid for cid in nearest if cid not in taken][:UNIT_PASSAGES]
        by_id.update({p.chunk.id: p for p in self.store.passages_of(
            [cid for cid in extra if cid not in by_id], vector)})
        passages += [by_id[cid] for cid in extra if cid in by_id and units.get(cid)]
        return passages, units

    def _answer_documents(self, question: str, language: Language, evidence: DocumentEvidence,
                          figures: Answer | None) -> Answer:
        composition = evidence.composition
        assert composition is not None
        texts = TEXTS[language]
        numbers = {s.chunk_id: s.id for s in composition.sources}
        checks = self._checks(composition.passages, numbers)
        shown = checks if any(not c.agrees for c in checks) else []
        check = ""
        if shown:
            check = summary_markdown(shown, language, limit=ANSWER_MAX_CHARS // 2)
        elif figures is not None and figures.answer and figures.status != "answered":
            # The figures engine could not answer this question itself; say what it can and
            # cannot check, in its own words ("Statistiken har inga uppgifter för 2006 ...").
            check = f"*{texts['statistics']}:* {figures.answer}"
        text = _within(ANSWER_MAX_CHARS, texts["intro"], composition.lines, check,
                       composition.more)
        text, sources = _cited_only(text, composition.sources)
        return Answer(question, "answered", text, language,
                      sources=sources, notes=_method_notes(shown, language),
                      reason=figures.reason if figures else "")

    def _with_document_check(self, answer: Answer, evidence: DocumentEvidence) -> Answer:
        """A figure answer beside a passage that states a figure for the same place and year
        gets the documents-vs-statistics comparison."""
        if not evidence.strong or evidence.composition is None:
            return answer
        shown = {(f.kommun, f.year) for f in answer.figures}
        checks = self._checks(evidence.composition.passages, {},
                              keep=lambda c: (c.place.name, c.year) in shown)
        if not any(not c.agrees for c in checks):
            return answer
        answer.answer += "\n\n" + summary_markdown(checks, answer.language)
        answer.notes += _method_notes(checks, answer.language)
        return answer

    def _answer_claim(self, question: str, language: Language, evidence: DocumentEvidence,
                      figures: Answer | None) -> Answer:
        """The document's claim cited, the statistics' values beside it, and a verdict."""
        composition = evidence.composition
        assert composition is not None
        texts = TEXTS[language]
        asked = numbers(question)
        parts = [f"**{texts['claim_documents']}:** " + composition.text()]
        by_chunk = {s.chunk_id: s.id for s in composition.sources}
        checks = self._checks(composition.passages, by_chunk,
                              keep=lambda c: bool(numbers(c.stated) & asked))
        if checks:
            parts.append(summary_markdown(checks, language))
        parts.append(f"**{texts['claim_verdict']}:** {_claim_verdict(texts, checks)}")
        return Answer(question, "answered", "\n\n".join(parts), language,
                      sources=composition.sources, notes=_method_notes(checks, language),
                      reason=figures.reason if figures else "")

    def _checks(self, passages: list[Passage], source_ids: dict[str, int],
                keep=None) -> list:
        """Figures the documents state, checked against the statistics (never fails the
        answer: a broken check leaves the answer without it)."""
        try:
            return check_all(passages, self.stats, source_ids, keep=keep)
        except Exception:
            log.warning("consistency check failed", exc_info=True)
            return []


def _within(limit: int, intro: str, lines: list[str], check: str, more: str) -> str:
    """A document answer of at most `limit` characters: the units that answer first (at least
    one), then the check against the statistics, then "Mer ur källorna" if there is room."""
    head = [intro] if intro else []
    kept: list[str] = []
    for line in lines:
        if kept and len("\n\n".join(head + kept + [line, check])) > limit:
            break
        kept.append(line)
    parts = head + kept + ([check] if check else [])
    if more and len("\n\n".join([*parts, more])) <= limit:
        parts.insert(len(head) + len(kept), more)
    return "\n\n".join(parts)


def _cited_only(text: str, sources: list[Source]) -> tuple[str, list[Source]]:
    """The sources the text still cites after the length budget, numbered 1, 2, … again."""
    cited = [s for s in sources if f"[{s.id}]" in text]
    if len(cited) == len(sources):
        return text, sources
    new = {s.id: n for n, s in enumerate(cited, start=1)}
    text = re.sub(r"\[(\d{1,3})\]", lambda m: f"[{new.get(int(m.group(1)), m.group(1))}]",
                  text)
    return text, [replace(s, id=new[s.id]) for s in cited]


def _method_notes(checks: list, language: Language) -> list[str]:
    """How each statistics value beside a document's figure was computed, with its inputs."""
    label = "How the statistics' value is computed" if language == "en" else (
        "Så räknas statistikens värde")
    return [f"{label} ({c.claim.place.name} {c.claim.year}): {c.ours.method}"
            for c in checks if c.ours.value is not None]


def _claim_verdict(texts: dict[str, str], checks: list) -> str:
    if not checks:
        return texts["claim_unchecked"]
    differing = [c for c in checks if c.ours.value is not None and not c.agrees]
    missing = [c for c in checks if c.ours.value is None]
    if differing:
        pairs = "; ".join(f"”{c.claim.stated}” {c.claim.year} mot "
                          f"{format_value(c.ours.value, c.claim.unit)}" for c in differing)
        verdict = texts["claim_differs"].format(pairs=pairs)
    elif missing:
        verdict = texts["claim_partly"]
    else:
        return texts["claim_agrees"]
    if missing:
        years = ", ".join(str(c.claim.year) for c in missing)
        verdict += " " + texts["claim_missing"].format(years=years)
    return verdict


def _profile_quote(text: str, prefer: str = "") -> str:
    found = [s for s in sentences(text) if len(s) >= MIN_QUOTE_CHARS]
    if not found:
        return text[:300]
    preferred = [s for s in found if prefer and prefer in s]
    return verbatim_quote((preferred or found)[0])


def _query_text(question: str, language: Language) -> str:
    """What is embedded for retrieval: an English question gets the Swedish words of its
    domain terms beside it, so that it meets the Swedish sources as a Swedish question would
    (measured on the golden set: English fact recall 0.70 -> 0.91, docs/answering.md)."""
    if language == "en":
        question = f"{question} {swedish_words(question)}"
    return question


def _shorten(question: str, limit: int = 120) -> str:
    return question if len(question) <= limit else question[:limit] + "…"
