"""The things that flow through the assistant, from a file on disk to an answer on screen.

loading    -> Document (with Sections)
chunking   -> Chunk (with its answer Units)
retrieving -> Passage (a Chunk with its score)
figures    -> Figure
answering  -> Answer (with Sources and Figures)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["answered", "refused", "clarify"]
Language = Literal["sv", "en"]


@dataclass(frozen=True)
class Section:
    """A run of text under one heading path (Markdown/DOCX) or on one page (PDF)."""

    text: str
    heading_path: tuple[str, ...] = ()
    page: int | None = None  # 1-based PDF page index
    page_label: str | None = None  # the printed page label, when the PDF has one


@dataclass(frozen=True)
class DocumentMeta:
    title: str
    doc_type: str = "vägledning"
    publisher: str = ""
    source_url: str = ""
    source_date: str = ""  # ISO date (YYYY-MM-DD or YYYY)
    topics: tuple[str, ...] = ()
    kommun: str = ""  # optional: the municipality a document is about
    language: Language = "sv"


@dataclass(frozen=True)
class Document:
    """A loaded source document. `doc_id` is stable across edits (derived from its path)."""

    doc_id: str
    path: str  # relative to the knowledge dir, or the original file name of an upload
    meta: DocumentMeta
    sections: tuple[Section, ...]
    sha256: str  # of the file's bytes: the unit of change detection
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


UnitKind = Literal["sentence", "list", "row"]
UnitRole = Literal["answer", "announce", "refer", "meta", "source"]


@dataclass(frozen=True)
class Unit:
    """One answer unit of a chunk (assistant/units.py): a sentence, a list with its lead-in, or a
    table row with its header. `text` is verbatim in the chunk (the quote); `display` is how an
    answer writes it."""

    index: int  # position among the chunk's units
    kind: UnitKind
    text: str
    display: str
    role: UnitRole = "answer"  # only "answer" units may carry an answer
    part_of: int | None = None  # an item of a long list points at the list's unit

    @property
    def answers(self) -> bool:
        return self.role == "answer"


def version_of(sha256: str) -> str:
    """The part of a document version's sha256 that its chunk ids carry."""
    return sha256[:12]


@dataclass(frozen=True)
class Chunk:
    """One embedded unit. Its id is `{doc_id}:{version_of(sha256)}:{position}`: a new version of a
    document gets new ids, so old and new chunks never overwrite each other mid-update."""

    id: str
    doc_id: str
    text: str
    position: int
    heading_path: tuple[str, ...] = ()
    page: int | None = None
    page_label: str | None = None
    meta: DocumentMeta | None = None
    # Extra flat metadata stored in the vector store (e.g. kind="profile", dataset, kommun, year).
    extra: dict[str, str | int | float | bool] = field(default_factory=dict)
    units: tuple[Unit, ...] = ()  # cut at ingest; stored with their own vectors

    @property
    def version(self) -> str:
        """The document version this chunk belongs to: the `version_of` in its id."""
        parts = self.id.rsplit(":", 2)
        return parts[1] if len(parts) == 3 else ""

    @property
    def section_label(self) -> str:
        if self.page_label or self.page:
            return f"s. {self.page_label or self.page}"
        return " › ".join(self.heading_path)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its similarity (cosine, higher is better)."""

    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Source:
    """One numbered citation: what the reader clicks to check a claim."""

    id: int
    title: str
    source: str  # URL, or the file path inside the knowledge base
    page: str  # page label or heading path
    quote: str  # verbatim substring of the chunk's text
    chunk_id: str = ""
    doc_id: str = ""
    passage: str = ""  # the full chunk text, for the expandable citation
    publisher: str = ""
    source_date: str = ""

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source, "page": self.page,
                "quote": self.quote}


@dataclass(frozen=True)
class Figure:
    """A number computed by code from the stored statistics, with everything needed to check it."""

    label: str
    value: float
    unit: str
    kommun: str  # the place: municipality, "Stockholms län" or "Sverige"
    year: int | str  # one year, or "2010–2024" for a change
    sector: str  # SMHI sector name, "Totalt", or "" when not an emissions figure
    method: str  # the formula in words with its inputs
    source: str  # dataset and publisher, e.g. "SMHI, Nationella emissionsdatabasen"
    release: str  # data vintage, e.g. "SMHI 2026 (senaste år 2024)"
    dataset: str = ""
    inputs: tuple[dict[str, Any], ...] = ()  # the rows the value was computed from
    caveats: tuple[str, ...] = ()

    def public(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "unit": self.unit, "kommun": self.kommun,
                "year": self.year, "sector": self.sector, "method": self.method,
                "source": self.source, "release": self.release}


@dataclass(frozen=True)
class Chart:
    """Data for a chart the UI draws: a trend (x = year) or a ranking (x = place)."""

    kind: Literal["line", "bar"]
    title: str
    x: str
    y: str
    unit: str
    rows: tuple[dict[str, Any], ...]
    series: str = ""  # column that separates lines, e.g. "kommun"


@dataclass
class Answer:
    question: str
    status: Status
    answer: str  # Markdown
    language: Language = "sv"
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)  # {"title", "rows": [...]}
    notes: list[str] = field(default_factory=list)  # interpretation notes, caveats
    # How the question was read, in one line ("Tolkning: ..."); "" for a document answer that
    # needed no reading.
    reading: str = ""
    # What the arbiter chose (assistant/arbiter.py): "figures", "documents", "claim",
    # "refused" or "clarify"; internal, for tests, the audit log and the logs.
    route: str = ""
    # Why a figure reading could not be computed (a `figures.request.Reason`), or "" when it
    # could; the arbiter reads it to decide whether the documents may answer instead.
    reason: str = ""

    def public(self) -> dict[str, Any]:
        """The CLI contract (`python -m assistant ask --json`)."""
        return {
            "question": self.question,
            "status": self.status,
            "reading": self.reading,
            "answer": self.answer,
            "figures": [f.public() for f in self.figures],
            "sources": [s.public() for s in self.sources],
        }

    def full(self) -> dict[str, Any]:
        return asdict(self)
