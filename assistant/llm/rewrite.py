"""The optional language model rephrases a verified answer; it is never the source of a fact.

Every text it writes goes through `guard.check`; if the guard rejects it, or the endpoint times
out or fails, the user gets the offline answer with a notice, and the reason is logged. What the
model is shown is built here too: the sources as data (markup stripped, instruction-like
sentences held back), the computed figures, and the question last.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.llm import prompts
from assistant.llm.client import make_chat_model
from assistant.llm.guard import GuardResult, check, quarantined_tokens, split_instructions
from assistant.models import Answer, Figure, Language, Passage, Source
from assistant.reference import dataset_profile_id
from assistant.text import format_value

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

MAX_PASSAGES = 6  # more than the offline answer ever cites; keeps the prompt inside small contexts
MAX_PASSAGE_CHARS = 1500
QUESTION_LOG_CHARS = 120


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
    where = ", ".join(str(p) for p in (figure.kommun, figure.year, figure.sector) if p)
    line = f"- {figure.label}: {format_value(figure.value, figure.unit, language)} ({where})"
    cited = [s.id for s in sources
             if figure.dataset and s.doc_id == dataset_profile_id(figure.dataset)]
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


def passage_source(number: int, passage: Passage) -> Source:
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
            sources.append(passage_source(len(sources) + 1, passage))
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


def text_limit(settings: Settings) -> int:
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
                    text_limit(settings))
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
        limit = text_limit(self.settings)
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
