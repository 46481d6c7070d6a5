"""The optional language model: rewrites a verified answer into prose, and reads hard questions
through tools. It is never the source of a fact.

With `KLIMAT_LLM_BASE_URL` and `KLIMAT_LLM_MODEL` unset nothing here runs and the offline answer is
the product. When a model is configured, every text it writes goes through `guard.check`; if the
guard rejects it, or the endpoint times out or fails, the user gets the offline answer with a
notice, and the reason is logged. One code path (LangChain's `ChatOpenAI`) serves llama.cpp,
Ollama (`http://localhost:11434/v1`), vLLM and hosted OpenAI-compatible endpoints.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant import prompts
from assistant.config import Settings
from assistant.figures.compute import SECTORS, TOTAL
from assistant.guard import GuardResult, check, quarantined_tokens, split_instructions
from assistant.models import Answer, Chart, Figure, Language, Passage, Source

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.answering import Assistant

log = logging.getLogger(__name__)

MAX_PASSAGES = 6  # more than the offline answer ever cites; keeps the prompt inside small contexts
MAX_PASSAGE_CHARS = 1500
MAX_TOOL_CALLS = 3
TOOL_PASSAGES = 3  # passages per sok_dokument call
LOCAL_API_KEY = "ingen-nyckel"  # local servers want some key; never fall back to OPENAI_API_KEY
QUESTION_LOG_CHARS = 120


# --- configuration and client -------------------------------------------------------------------

def llm_configured(settings: Settings) -> bool:
    """A model is used only when both the endpoint and the model name are set."""
    return bool(settings.llm_base_url.strip() and settings.llm_model.strip())


@cache  # one class, built on first use, so importing this module never imports langchain-openai
def _null_safe_chat_openai() -> type:
    from langchain_openai import ChatOpenAI

    class NullSafeChatOpenAI(ChatOpenAI):
        """LangChain replays an assistant tool-call turn with `content: null`; llama.cpp's server
        answers that with HTTP 500. An empty string means the same to every server."""

        def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None,
                                 **kwargs: Any) -> dict:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            for message in payload.get("messages", []):
                if message.get("role") == "assistant" and message.get("content") is None:
                    message["content"] = ""
            return payload

    return NullSafeChatOpenAI


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no model is configured.

    The token cap goes in `extra_body` as `max_tokens`: langchain-openai sends its own
    `max_tokens` as `max_completion_tokens`, which llama.cpp and older Ollama ignore, and an
    uncapped local model generates until its context is full. Retries are off so a slow server
    costs one timeout, not three.
    """
    if not llm_configured(settings):
        return None
    chat_class = _null_safe_chat_openai()
    return chat_class(
        base_url=settings.llm_base_url.strip(),
        model=settings.llm_model.strip(),
        api_key=settings.llm_api_key or LOCAL_API_KEY,
        timeout=settings.llm_timeout,
        max_retries=0,
        temperature=0,
        extra_body={"max_tokens": settings.llm_max_tokens},
    )


# --- building the prompt ------------------------------------------------------------------------

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_HIDDEN_ELEMENT = re.compile(
    r"<(\w+)[^>]*style\s*=\s*[\"'][^\"']*(?:display\s*:\s*none|visibility\s*:\s*hidden"
    r"|color\s*:\s*(?:#fff\b|#ffffff|white)|font-size\s*:\s*0)[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_RAW_URL = re.compile(r"(?:\b(?:https?|ftp|file|data|javascript):|\bwww\.)\S+", re.IGNORECASE)
_BLOB = re.compile(r"[A-Za-z0-9+/=_-]{40,}")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


def strip_markup(text: str) -> str:
    """What a reader of the rendered page would see as text: no hidden comments or hidden
    elements, no tags, no images, no link targets or addresses, no encoded blobs."""
    text = _HTML_COMMENT.sub(" ", text)
    text = _HIDDEN_ELEMENT.sub(" ", text)
    text = _MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _REF_DEFINITION.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _RAW_URL.sub("[adress borttagen]", text)
    text = _BLOB.sub("[kodad text borttagen]", text)
    text = _INVISIBLE.sub("", text)
    return text.replace("<", "‹").replace(">", "›")  # a lone "<" can no longer open a tag


def as_data(text: str, limit: int = MAX_PASSAGE_CHARS) -> str:
    """A passage as the model sees it: markup stripped (so nothing hidden or linked can be
    copied into the answer), sentences that address the model held back, and no angle brackets,
    so a document can neither close its <kalla> block nor speak outside it."""
    kept, _ = split_instructions(strip_markup(text))
    kept = re.sub(r"[ \t]+", " ", kept).strip()
    return kept if len(kept) <= limit else kept[:limit] + " …"


def held_back(sources: Sequence[Source]) -> tuple[list[str], list[str]]:
    """The instruction-like sentences removed from the sources, and the tokens only they hold."""
    dropped: list[str] = []
    kept: list[str] = []
    for source in sources:
        text, removed = split_instructions(strip_markup(source.passage or source.quote))
        kept.append(text)
        dropped += removed
    return dropped, quarantined_tokens(dropped, " ".join(kept))


def _figure_line(figure: Figure, language: Language, sources: Sequence[Source]) -> str:
    from assistant.figures.formatting import format_value

    where = ", ".join(str(p) for p in (figure.kommun, figure.year, figure.sector) if p)
    line = f"- {figure.label}: {format_value(figure.value, figure.unit, language)} ({where})"
    cited = [s.id for s in sources if figure.dataset and s.doc_id == f"statistik/{figure.dataset}"]
    return line + (f" [{cited[0]}]" if cited else "")


def _sources_block(sources: Sequence[Source]) -> str:
    blocks = [f'<kalla id="{s.id}" titel="{as_data(s.title, 200)}">\n'
              f"{as_data(s.passage or s.quote)}\n</kalla>" for s in sources]
    return prompts.SOURCES_HEADER + "\n" + "\n".join(blocks)


def build_messages(question: str, sources: Sequence[Source], figures: Sequence[Figure],
                   language: Language) -> list[BaseMessage]:
    """System turn plus a user turn that repeats the rules (Gemma templates drop the system
    turn), then the data, then the question last so it is nearest the answer."""
    from langchain_core.messages import HumanMessage, SystemMessage

    rules = "\n".join(f"- {r}" for r in (*prompts.RULES_SV, prompts.ANSWER_LANGUAGE[language]))
    parts = [rules, _sources_block(sources)]
    if figures:
        lines = "\n".join(_figure_line(f, language, sources) for f in figures)
        parts.append(f"{prompts.FIGURES_HEADER}\n{lines}")
    parts.append(f"{prompts.QUESTION_LABEL} {question}\n{prompts.ANSWER_LABEL}")
    return [SystemMessage(prompts.SYSTEM_SV + "\n" + rules), HumanMessage("\n\n".join(parts))]


def _passage_source(number: int, passage: Passage) -> Source:
    chunk = passage.chunk
    meta = chunk.meta
    return Source(
        id=number,
        title=meta.title if meta else chunk.doc_id,
        source=meta.source_url if meta and meta.source_url else chunk.doc_id,
        page=chunk.section_label,
        quote=chunk.text[:300],
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        passage=chunk.text,
        publisher=meta.publisher if meta else "",
        source_date=meta.source_date if meta else "",
    )


def sources_for(answer: Answer, passages: Sequence[Passage] | None) -> list[Source]:
    """The answer's own sources, then any further passages numbered after them, so every [n]
    the model may write has a Source the UI can show."""
    sources = list(answer.sources)
    known = {s.chunk_id for s in sources if s.chunk_id}
    for passage in passages or ():
        if len(sources) >= MAX_PASSAGES:
            break
        if passage.chunk.id not in known:
            known.add(passage.chunk.id)
            sources.append(_passage_source(len(sources) + 1, passage))
    return sources


# --- the guard, applied -------------------------------------------------------------------------

_FORBIDDEN = (prompts.SOURCES_HEADER, prompts.FIGURES_HEADER, "<kalla", "</kalla", "‹kalla")
_PROMPT_TEXT = "\n".join((prompts.SYSTEM_SV, *prompts.RULES_SV, prompts.TOOLS_SV,
                          prompts.TOOL_RESULT_NOTE))


def verify(text: str, question: str, figures: Sequence[Figure], sources: Sequence[Source],
           reference_text: str = "", max_chars: int = 2500) -> GuardResult:
    """Run the guard with what the model was shown: the sources as data (so a number hidden in
    an HTML comment or an injected sentence does not count), the figures, the question, and
    text computed by code. Tokens only found in held-back instructions are forbidden."""
    _, tokens = held_back(sources)
    # The title is shown with each passage, so a number in it ("SMHI 2026") has a source too.
    shown = [as_data(f"{s.title}\n{s.passage or s.quote}") for s in sources]
    return check(
        text, figures, shown, len(sources),
        question=question, reference_text=reference_text,
        allowed_urls=[s.source for s in sources if s.source.startswith(("http://", "https://"))],
        forbidden=(*_FORBIDDEN, *tokens), prompt=_PROMPT_TEXT, max_chars=max_chars,
    )


def _max_chars(settings: Settings) -> int:
    # A token is rarely more than six characters; anything longer did not respect the cap.
    return max(400, settings.llm_max_tokens * 6)


def _accept(answer: Answer, text: str, sources: list[Source]) -> Answer:
    note = prompts.NOTE_REWRITTEN[answer.language]
    return replace(answer, answer=text.strip(), sources=sources, notes=[*answer.notes, note])


def fallback(answer: Answer, reason: str) -> Answer:
    """The offline answer, unchanged, with a visible notice; the reason goes to the log only."""
    log.warning("llm answer not used (%s) for question %r", reason,
                answer.question[:QUESTION_LOG_CHARS])
    return replace(answer, notes=[*answer.notes, prompts.NOTE_FALLBACK[answer.language]])


def _finish(answer: Answer, text: str, sources: list[Source], settings: Settings) -> Answer:
    # Only a figure answer's text is made by code; a document answer's text is quoted from the
    # passages, which are checked as passages (without their held-back sentences).
    reference = answer.answer if answer.figures else ""
    result = verify(text, answer.question, answer.figures, sources, reference,
                    _max_chars(settings))
    if not result.ok:
        log.debug("rejected model text: %r", text[:500])
        return fallback(answer, f"guard rejected: {result}")
    return _accept(answer, text, sources)


def _rewritable(answer: Answer) -> bool:
    # Refusals and clarifying questions are exact on purpose; a model would only blur them.
    return answer.status == "answered"


# --- rewriting ----------------------------------------------------------------------------------

def rewrite(answer: Answer, passages: list[Passage] | None, settings: Settings, *,
            model: BaseChatModel | None = None) -> Answer:
    """The answer in the model's words if the guard accepts them, else the original answer with
    a notice. Unchanged when no model is configured or the answer is not an answer."""
    model = model or make_chat_model(settings)
    if model is None or not _rewritable(answer):
        return answer
    sources = sources_for(answer, passages)
    messages = build_messages(answer.question, sources, answer.figures, answer.language)
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # timeouts, refused connections, HTTP errors: never the user's
        return fallback(answer, f"model error: {type(exc).__name__}: {str(exc)[:200]}")
    return _finish(answer, reply.text, sources, settings)


@dataclass
class StreamingRewrite:
    """Iterate to get the model's tokens as they arrive; afterwards `.result` is the guarded
    Answer (the rewrite, or the offline answer with a notice). The UI shows the tokens in a
    placeholder and replaces them with `.result` when the stream ends."""

    answer: Answer
    settings: Settings
    passages: list[Passage] | None = None
    model: BaseChatModel | None = None
    _result: Answer | None = field(default=None, init=False, repr=False)

    def __iter__(self) -> Iterator[str]:
        return self._generate()

    @property
    def result(self) -> Answer:
        if self._result is None:
            for _ in self:  # the caller did not read the stream: read it now
                pass
        assert self._result is not None
        return self._result

    @property
    def rewritten(self) -> bool:
        """True when the model's text was accepted (the UI keeps what it streamed)."""
        return self.result.answer != self.answer.answer

    def _generate(self) -> Iterator[str]:
        model = self.model or make_chat_model(self.settings)
        if model is None or not _rewritable(self.answer):
            self._result = self.answer
            yield self.answer.answer
            return
        sources = sources_for(self.answer, self.passages)
        messages = build_messages(self.answer.question, sources, self.answer.figures,
                                  self.answer.language)
        tokens: list[str] = []
        problem = "stream abandoned"  # stays so if the consumer stops reading (GeneratorExit)
        try:
            problem = yield from self._stream_tokens(model, messages, tokens)
        except Exception as exc:  # timeouts, refused connections, HTTP errors
            problem = f"model error: {type(exc).__name__}: {str(exc)[:200]}"
        finally:
            if self._result is None:
                self._result = (fallback(self.answer, problem) if problem else
                                _finish(self.answer, "".join(tokens), sources, self.settings))

    def _stream_tokens(self, model: BaseChatModel, messages: list[BaseMessage],
                       tokens: list[str]) -> Generator[str, None, str]:
        """Yield tokens; return "" when the stream ended by itself, else why it was cut off."""
        deadline = time.monotonic() + self.settings.llm_timeout
        limit = _max_chars(self.settings)
        length = 0
        for chunk in model.stream(messages):
            token = chunk.text
            if token:
                tokens.append(token)
                length += len(token)
                yield token
            if length > limit:
                return f"guard rejected: too long (over {limit} characters while streaming)"
            if time.monotonic() > deadline:
                return f"timeout: stream exceeded {self.settings.llm_timeout:g} s"
        return ""


def stream_rewrite(answer: Answer, settings: Settings, passages: list[Passage] | None = None,
                   *, model: BaseChatModel | None = None) -> StreamingRewrite:
    """`for token in stream_rewrite(...)` streams; `.result` then holds the guarded Answer."""
    return StreamingRewrite(answer, settings, passages, model)


# --- tool use -----------------------------------------------------------------------------------

FigureKind = Literal["value", "change", "share", "trend", "ranking", "comparison", "path_2045"]
# Built from the data module's own list, so the schema the model sees never drifts from the data.
SectorName = Literal[(TOTAL, *SECTORS)]  # type: ignore[valid-type]


class BeraknaSiffra(BaseModel):
    """Arguments of the figures tool (its description for the model is in prompts)."""

    model_config = ConfigDict(title="berakna_siffra", extra="forbid", json_schema_extra={
        "description": prompts.TOOL_FIGURE_DESCRIPTION})

    kommun: str = Field(description="Kommunens namn, 'Stockholms län' eller 'Sverige'",
                        min_length=2, max_length=60)
    typ: FigureKind = Field("value", description="value = ett år, change = förändring mellan "
                            "två år, share = sektorns andel, trend = serie, ranking = rangordning "
                            "i länet, comparison = jämför kommuner, path_2045 = takt till 2045")
    ar: int | None = Field(None, ge=1990, le=2045, description="Året (tomt = senaste året)")
    fran_ar: int | None = Field(None, ge=1990, le=2045, description="Första året (change/trend)")
    till_ar: int | None = Field(None, ge=1990, le=2045, description="Sista året (change/trend)")
    sektor: SectorName | None = Field(None, description="SMHI:s huvudsektor; tomt = totalt")
    per_invanare: bool = Field(False, description="Per invånare i stället för totalt")
    jamfor_med: list[str] = Field(default_factory=list, max_length=4,
                                  description="Fler kommuner att jämföra med (comparison)")


class SokDokument(BaseModel):
    """Arguments of the search tool."""

    model_config = ConfigDict(title="sok_dokument", extra="forbid", json_schema_extra={
        "description": prompts.TOOL_SEARCH_DESCRIPTION})

    fraga: str = Field(description="Vad du söker, med egna ord", min_length=3, max_length=300)


class ToolError(ValueError):
    """A tool call the app refuses to run: the message is returned to the model as data."""


@dataclass
class ToolSession:
    """What the tools found during one question: the only facts the final answer may use."""

    assistant: Assistant
    language: Language
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)

    def run(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        try:
            if name == "berakna_siffra":
                return self.figure(BeraknaSiffra.model_validate(args))
            if name == "sok_dokument":
                return self.search(SokDokument.model_validate(args))
            raise ToolError(f"okänt verktyg: {name}")
        except ValidationError as exc:
            log.info("tool %s: invalid arguments %s: %s", name, args, exc.errors()[:3])
            return {"fel": f"ogiltiga argument: {_validation_summary(exc)}"}
        except ToolError as exc:
            log.info("tool %s refused: %s", name, exc)
            return {"fel": str(exc)}

    def figure(self, call: BeraknaSiffra) -> dict[str, Any]:
        from assistant.figures.engine import compute

        request = figure_request(call, self.language)
        try:
            result = compute(request, self.assistant.stats)
        except Exception as exc:  # the engine is another module; its failure is a tool error
            log.warning("figures engine failed for %s", request, exc_info=True)
            raise ToolError("beräkningen misslyckades") from exc
        self.readings.append(_describe(call))
        if result.status != "answered":
            return {"status": result.status, "meddelande": result.message}
        first = len(self.sources) + 1
        self.sources += [_dataset_source(first + i, ref) for i, ref in enumerate(result.sources)]
        self.figures += list(result.figures)
        self.charts += list(result.charts)
        self.tables += list(result.tables)
        self.markdown.append(result.markdown)
        return {"status": "answered", "text": as_data(result.markdown, 2000),
                "kallor": list(range(first, len(self.sources) + 1))}

    def search(self, call: SokDokument) -> dict[str, Any]:
        settings = self.assistant.settings
        passages = [p for p in self.assistant.retriever.retrieve(call.fraga)
                    if p.score >= settings.min_score][:TOOL_PASSAGES]
        self.readings.append(f"sökning ”{call.fraga}”")
        found = []
        for passage in passages:
            source = _passage_source(len(self.sources) + 1, passage)
            self.sources.append(source)
            found.append({"id": source.id, "titel": source.title,
                          "text": as_data(source.passage, 1000)})
        return {"kallor": found} if found else {"kallor": [], "meddelande": "inget hittades"}


def _validation_summary(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3])


def _describe(call: BeraknaSiffra) -> str:
    parts = [call.kommun, *call.jamfor_med, call.typ]
    parts += [str(y) for y in (call.ar, call.fran_ar, call.till_ar) if y]
    parts.append(call.sektor or TOTAL)
    if call.per_invanare:
        parts.append("per invånare")
    return ", ".join(parts)


def _dataset_source(number: int, ref: dict[str, Any]) -> Source:
    quote = ref.get("quote", "")
    return Source(id=number, title=ref.get("title", ""), source=ref.get("source", ""),
                  page=ref.get("release", ""), quote=quote,
                  doc_id=f"statistik/{ref.get('dataset', '')}", passage=quote,
                  publisher=ref.get("source", ""))


def figure_request(call: BeraknaSiffra, language: Language):
    """Turn checked tool arguments into the engine's Query; places must exist."""
    from assistant.figures.query import Measure, Period, Query, Selection, Statistic

    place = resolve_place(call.kommun)
    others = tuple(resolve_place(name) for name in call.jamfor_med)
    sectors = () if call.sektor in (None, TOTAL) else (call.sektor,)
    measure = Measure(sectors=sectors, per_capita=call.per_invanare)
    if call.typ == "ranking":
        focus = place if place.level == "kommun" else None
        return Query(selection=Selection("ranking", focus=focus), measure=measure,
                     period=Period(year=call.ar), language=language)
    statistic = {"value": "value", "comparison": "value", "change": "change", "share": "share",
                 "trend": "series", "path_2045": "path"}[call.typ]
    return Query(statistic=Statistic(statistic), measure=measure, places=(place, *others),
                 period=Period(year=call.ar, from_year=call.fran_ar, to_year=call.till_ar),
                 language=language)


def resolve_place(name: str):
    """Exactly one place by name, through the parser's own place index: the model's arguments
    often fit the schema but not the world ("1991-2020" as a municipality)."""
    from assistant.figures.places import find_places

    found = {place for place, _ in find_places(name)}
    if len(found) != 1:
        raise ToolError(f"okänd eller otydlig plats: {name[:60]}")
    return found.pop()


def answer_with_tools(question: str, assistant: Assistant, settings: Settings, *,
                      model: BaseChatModel | None = None,
                      tool_choice: str | None = "auto") -> Answer | None:
    """Let the model read a question the rule-based parser could not, choosing tools with typed
    arguments. Returns a guarded Answer, or None when no model is configured, the model used no
    tool, the tools found nothing, or the guard rejected the text (the caller then keeps its
    offline answer)."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

    from assistant.language import detect_language

    model = model or make_chat_model(settings)
    if model is None:
        return None
    language = detect_language(question)
    rules = "\n".join(f"- {r}" for r in prompts.RULES_SV)
    user = (f"{rules}\n- {prompts.ANSWER_LANGUAGE[language]}\n\n{prompts.TOOLS_SV}\n\n"
            f"{prompts.QUESTION_LABEL} {question}")
    messages: list[BaseMessage] = [SystemMessage(prompts.SYSTEM_SV), HumanMessage(user)]
    session = ToolSession(assistant, language)
    try:
        bound = model.bind_tools([BeraknaSiffra, SokDokument], tool_choice=tool_choice)
        call_turn = bound.invoke(messages)
        calls = list(getattr(call_turn, "tool_calls", []) or [])[:MAX_TOOL_CALLS]
        if not calls:
            invalid = [c.get("error", "")[:120] for c in getattr(call_turn, "invalid_tool_calls",
                                                                  [])]
            log.info("tools: the model called no tool for %r%s", question[:QUESTION_LOG_CHARS],
                     f" (invalid tool call: {invalid})" if invalid else "")
            return None
        messages.append(AIMessage(content="", tool_calls=calls))
        for call in calls:
            output = session.run(call["name"], call.get("args") or {})
            log.info("tool %s(%s) -> %s", call["name"], call.get("args"), _short(output))
            messages.append(ToolMessage(json.dumps(output, ensure_ascii=False),
                                        tool_call_id=call.get("id") or call["name"]))
        if not session.sources and not session.figures:
            log.info("tools: nothing found for %r", question[:QUESTION_LOG_CHARS])
            return None
        messages.append(HumanMessage(prompts.TOOL_RESULT_NOTE))
        reply = model.invoke(messages)
    except Exception as exc:
        log.warning("tools: model error %s: %s", type(exc).__name__, str(exc)[:200])
        return None
    return _tool_answer(question, language, session, reply.text, settings)


def _tool_answer(question: str, language: Language, session: ToolSession, text: str,
                 settings: Settings) -> Answer | None:
    result = verify(text, question, session.figures, session.sources,
                    "\n".join(session.markdown), _max_chars(settings))
    if not result.ok:
        log.warning("tools: guard rejected the answer to %r: %s",
                    question[:QUESTION_LOG_CHARS], result)
        log.debug("rejected model text: %r", text[:500])
        return None
    notes = [prompts.NOTE_TOOLS[language].format(reading="; ".join(session.readings)),
             prompts.NOTE_REWRITTEN[language]]
    return Answer(question, "answered", text.strip(), language, figures=session.figures,
                  sources=session.sources, charts=session.charts, tables=session.tables,
                  notes=notes)


def _short(output: dict[str, Any]) -> str:
    return json.dumps(output, ensure_ascii=False)[:200]
