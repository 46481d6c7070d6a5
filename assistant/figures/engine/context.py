"""What one computation collects: figures, text, charts, tables, sources and caveats.

Every operation writes through a `Context`: numbers become text only through
`assistant/text.py`, sentences come from `figures/texts`, and a refusal or a question back
leaves the computation as a `Stop` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.figures.engine.data import Data
from assistant.figures.query import Place, Query
from assistant.figures.restate import place_name
from assistant.figures.texts import t
from assistant.models import Chart, Figure, Status
from assistant.stores.statistics import Manifest
from assistant.text import format_signed, format_value


@dataclass
class FigureResult:
    status: Status
    figures: list[Figure] = field(default_factory=list)
    markdown: str = ""
    charts: list[Chart] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    message: str = ""
    reason: str | None = None  # why refused/clarify: a `figures.request.Reason`
    # The reading restated with the years actually used ("Tolkning: ..."), first in `markdown`.
    reading: str = ""


class Stop(Exception):
    """Leave the computation with a refusal or a question back."""

    def __init__(self, status: Status, message: str, reason: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason


def refuse(message: str, reason: str = "no_data") -> Stop:
    return Stop("refused", message, reason)


def clarify(message: str, reason: str = "ambiguous") -> Stop:
    return Stop("clarify", message, reason)


class Context:
    def __init__(self, query: Query, data: Data):
        self.query = query
        self.data = data
        self.lang = query.language
        self.en = query.language == "en"
        self.figures: list[Figure] = []
        self.paragraphs: list[str] = []
        self.charts: list[Chart] = []
        self.tables: list[dict[str, Any]] = []
        self.caveats: list[str] = []
        self._used: list[str] = []

    # --- language and text

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def fmt(self, value: float, unit: str) -> str:
        return format_value(value, unit, self.lang)

    def fmt_fig(self, figure: Figure) -> str:
        return self.fmt(figure.value, figure.unit)

    def signed(self, value: float, unit: str) -> str:
        return format_signed(value, unit, self.lang)

    def name(self, place: Place) -> str:
        return place_name(place, self.lang)

    def write(self, paragraph: str) -> None:
        self.paragraphs.append(paragraph)

    def caveat(self, key: str, **values: object) -> str:
        """Add the caveat to the answer (once); returns its text, for a figure to carry."""
        text = self.t(key, **values)
        if text not in self.caveats:
            self.caveats.append(text)
        return text

    # --- data

    def use(self, dataset_id: str) -> Manifest:
        if dataset_id not in self._used:
            self._used.append(dataset_id)
        return self.data.manifest(dataset_id)

    def figure(self, label: str, value: float, unit: str, place: Place, year: int | str,
               sector: str, method: str, dataset: str,
               inputs: tuple[dict[str, Any], ...] = (), caveats: tuple[str, ...] = ()) -> Figure:
        manifest = self.use(dataset)
        fig = Figure(label=label, value=float(value), unit=unit, kommun=place.name, year=year,
                     sector=sector, method=method, source=manifest.source_label(),
                     release=manifest.release, dataset=dataset, inputs=tuple(inputs),
                     caveats=caveats)
        self.figures.append(fig)
        return fig

    def table(self, title: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.tables.append({"title": title, "rows": rows})

    # --- result

    def result(self, reading: str) -> FigureResult:
        notes = [f"*{note}*" for note in self.query.notes]
        caveat_block = [f"- {c}" for c in self.caveats]
        header = self.t("caveats_header")
        parts = [f"**{reading.split(': ', 1)[0]}:** {reading.split(': ', 1)[1]}"] if (
            ": " in reading) else []
        parts += notes + self.paragraphs + ([header + "\n" + "\n".join(caveat_block)]
                                            if caveat_block else [])
        return FigureResult("answered", figures=self.figures, markdown="\n\n".join(parts),
                            charts=self.charts, tables=self.tables, sources=self._sources(),
                            caveats=self.caveats, reading=reading)

    def _sources(self) -> list[dict[str, str]]:
        sources = []
        for dataset_id in self._used:
            m = self.data.manifest(dataset_id)
            sources.append({"dataset": dataset_id, "title": m.title,
                            "source": m.source_url or m.source_organisation,
                            "release": m.release, "quote": m.first_sentence})
        return sources
