"""The optional language model reads a question the rules could not, through two typed tools:
`berakna_siffra` (a figure computed by the engine) and `sok_dokument` (a document search). The
tools are the only facts its answer may use, and the guard checks the answer against them.

The model reaches the assistant only through `Tools`, a protocol of the two things the tools
need; the answering `Assistant` implements it. So this package never imports the answering one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.config import Settings
from assistant.language import detect_language
from assistant.llm import prompts
from assistant.llm.client import make_chat_model
from assistant.llm.rewrite import QUESTION_LOG_CHARS, as_data, passage_source, text_limit, verify
from assistant.models import Answer, Chart, Figure, Language, Passage, Source
from assistant.reference import SECTORS, TOTAL, dataset_profile_id

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

    from assistant.figures.engine import FigureResult
    from assistant.figures.query import Query

log = logging.getLogger(__name__)

MAX_TOOL_CALLS = 3
TOOL_PASSAGES = 3  # passages per sok_dokument call


class Tools(Protocol):
    """What the tools need from the assistant."""

    def compute_figures(self, request: Query) -> FigureResult:
        """The figures engine's result for a request (statistics of the live release)."""

    def search_documents(self, question: str) -> list[Passage]:
        """Retrieved passages for a question, best first, with their scores."""


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

    tools: Tools
    language: Language
    min_score: float
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
        request = figure_request(call, self.language)
        try:
            result = self.tools.compute_figures(request)
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
        passages = [p for p in self.tools.search_documents(call.fraga)
                    if p.score >= self.min_score][:TOOL_PASSAGES]
        self.readings.append(f"sökning ”{call.fraga}”")
        found = []
        for passage in passages:
            source = passage_source(len(self.sources) + 1, passage)
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
                  doc_id=dataset_profile_id(ref.get("dataset", "")), passage=quote,
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


def answer_with_tools(question: str, tools: Tools, settings: Settings, *,
                      model: BaseChatModel | None = None,
                      tool_choice: str | None = "auto") -> Answer | None:
    """Let the model read a question the rule-based parser could not, choosing tools with typed
    arguments. Returns a guarded Answer, or None when no model is configured, the model used no
    tool, the tools found nothing, or the guard rejected the text (the caller then keeps its
    offline answer)."""
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

    model = model or make_chat_model(settings)
    if model is None:
        return None
    language = detect_language(question)
    rules = "\n".join(f"- {r}" for r in prompts.RULES_SV)
    user = (f"{rules}\n- {prompts.ANSWER_LANGUAGE[language]}\n\n{prompts.TOOLS_SV}\n\n"
            f"{prompts.QUESTION_LABEL} {question}")
    messages: list[BaseMessage] = [SystemMessage(prompts.SYSTEM_SV), HumanMessage(user)]
    session = ToolSession(tools, language, settings.min_score)
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
                    "\n".join(session.markdown), text_limit(settings))
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

