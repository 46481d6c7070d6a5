"""The statistics' own value for a claim, computed the way the figures engine computes it, and
whether it agrees with what the document wrote (within the document's own rounding).

When a passage used in an answer quotes an older figure (for example the county's 5,2 → 2,6 ton
per inhabitant 2006–2016) that the SMHI statistics in the store do not reproduce, the reader
must see both values, the likely reason and which one the answer relies on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pandas as pd

from assistant.answer.consistency.claims import Claim, Quantity, find_claims, place_named
from assistant.figures import compute
from assistant.figures.request import Place
from assistant.models import Passage
from assistant.reference import COUNTY as COUNTY_EMISSIONS
from assistant.reference import EMISSIONS, POPULATION, PREVIOUS, is_profile
from assistant.text import format_number, format_value

log = logging.getLogger(__name__)

UNIT_TOTAL = "t CO2e"

# Used only when the store cannot give the manifest (the manifests are the authority).
_FALLBACK_RELEASES = {
    COUNTY_EMISSIONS: "SMHI 2026 (senaste år 2024)",
    EMISSIONS: "SMHI 2026 (senaste år 2024)",
    PREVIOUS: "SMHI 2025 (senaste år 2023)",
    POPULATION: "SCB, folkmängd 31 december",
}


class FrameSource(Protocol):
    """What the check needs from the statistics (`StatisticsReader`)."""

    def frame(self, dataset_id: str) -> pd.DataFrame: ...


@dataclass(frozen=True)
class OurValue:
    value: float | None  # None: no release has the year
    dataset: str
    release: str
    method: str  # how it was computed, with its inputs, in Swedish
    source: str = ""


@dataclass(frozen=True)
class Discrepancy:
    """A document figure that the statistics contradict ("differs") or cannot confirm because
    no release has the year ("missing")."""

    claim: Claim
    kind: Literal["differs", "missing"]
    ours: float | None
    dataset: str
    release: str
    method: str
    reasons: tuple[str, ...]
    used: str  # which value the answer uses, and why
    neighbours: tuple[tuple[int, float], ...] = ()  # nearest years the statistics do have
    neighbours_release: str = ""
    source_title: str = ""  # the document the claim comes from
    source_id: int | None = None  # its citation number in the answer, when known

    @property
    def unit(self) -> str:
        return self.claim.unit

    def public(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "place": self.claim.place.name, "year": self.claim.year,
            "quantity": self.claim.quantity, "unit": self.unit, "document_value": self.claim.value,
            "document_text": self.claim.stated, "ours": self.ours, "dataset": self.dataset,
            "release": self.release, "method": self.method, "reasons": list(self.reasons),
            "used": self.used, "source_title": self.source_title,
        }


def _release(stats: FrameSource, dataset_id: str) -> str:
    manifest = getattr(stats, "manifest", None)
    if manifest is not None:
        try:
            return manifest(dataset_id).release
        except Exception:  # a label is not worth failing an answer for
            log.warning("no manifest for %s", dataset_id, exc_info=True)
    return _FALLBACK_RELEASES.get(dataset_id, dataset_id)


def _years(df: pd.DataFrame) -> set[int]:
    return {int(y) for y in df["year"].unique()}


def _latest_dataset(place: Place) -> str:
    return EMISSIONS if place.level == "kommun" else COUNTY_EMISSIONS


def _codes(place: Place, df: pd.DataFrame) -> list[str]:
    if place.level == "kommun":
        return [place.code]
    return compute.county_codes(df, place.code)


def _emissions(place: Place, year: int, stats: FrameSource) -> tuple[float, str, str] | None:
    """(t CO2e, dataset, method) from the release that has the year, or None: the one release
    rule of the figures engine (`compute.release_with`), the latest release first and the
    previous one only for years the latest lacks; a value is always taken whole from one
    release."""
    latest_id = _latest_dataset(place)
    candidates = ((dataset, _years(stats.frame(dataset))) for dataset in (latest_id, PREVIOUS))
    dataset = compute.release_with(candidates, [year])
    if dataset is None:
        return None
    frame = stats.frame(dataset)
    if place.level == "kommun":
        return (compute.kommun_emissions(frame, place.code, year), dataset,
                f"SMHI:s totalrad för {place.name} {year}")
    if dataset == latest_id:
        value, summed = compute.region_emissions(frame, place.level, place.code, year)
        what = "summan av SMHI:s nio sektorer" if summed else "SMHI:s totalrad"
        return value, dataset, f"{what} för {place.name} {year}"
    codes = _codes(place, frame)
    value = compute.municipalities_sum(frame, codes, year)
    note = " (utan utsläpp som SMHI inte fördelar på kommuner)" if place.level == "riket" else ""
    return (value, dataset,
            f"summan av {format_number(len(codes))} kommuners totalrader för {place.name} "
            f"{year}{note}")


def our_value(place: Place, year: int, quantity: Quantity, stats: FrameSource) -> OurValue:
    """Our value for a claim, computed the way the figures engine computes it."""
    found = _emissions(place, year, stats)
    if found is None:
        return OurValue(None, "", "", f"ingen utgåva av SMHI-statistiken har år {year}")
    emissions, dataset, method = found
    release = _release(stats, dataset)
    if quantity == "total":
        return OurValue(emissions, dataset, release, f"{method} ({release})")
    pop_df = stats.frame(POPULATION)
    people = compute.population(pop_df, _codes(place, pop_df), year)
    value = compute.per_capita(emissions, people)
    return OurValue(value, dataset, release,
                    f"{format_value(emissions, UNIT_TOTAL)} ({method}, {release}) / "
                    f"{format_value(people, 'invånare')} (SCB, folkmängd 31 december {year})")


def neighbours(place: Place, year: int, quantity: Quantity, stats: FrameSource
               ) -> tuple[tuple[int, float], ...]:
    """The nearest years before and after `year` that the latest release has, with our values:
    context for a year that is missing (never used to fill it in)."""
    years = sorted(_years(stats.frame(_latest_dataset(place))))
    before = [y for y in years if y < year][-1:]
    after = [y for y in years if y > year][:1]
    result = []
    for near in before + after:
        value = our_value(place, near, quantity, stats).value
        if value is not None:
            result.append((near, value))
    return tuple(result)


def agrees(claim: Claim, ours: float) -> bool:
    """Does our value round to what the document wrote? Within half a unit of the last written
    digit, or a whole unit when the document says "cirka", "knappt" and the like."""
    step = 10.0 ** -claim.decimals
    tolerance = step if claim.approximate else step / 2
    difference = abs(ours / claim.scale - claim.value / claim.scale)
    return difference <= tolerance + 1e-9


def _reasons(claim: Claim, ours: OurValue) -> tuple[str, ...]:
    if ours.value is None:
        return (f"ingen utgåva av SMHI-statistiken i kunskapsbasen har år {claim.year}, så "
                "uppgiften kan inte kontrolleras (saknade år fylls aldrig i genom interpolering)",)
    reasons = list(claim.scope_hints)
    reasons.append("dokumentet bygger på en äldre publicering eller en annan metod: "
                   "SMHI räknar om hela tidsserien varje år, och äldre regionala serier räknade "
                   "till exempel elens utsläpp med nordisk medelelmix")
    if ours.dataset == PREVIOUS:
        reasons.append(f"statistikens värde för {claim.year} kommer från den föregående "
                       f"publiceringen ({ours.release}), eftersom den senaste saknar året")
    if claim.quantity == "per_capita":
        reasons.append("befolkningsunderlaget kan skilja (statistiken delar med SCB:s folkmängd "
                       "31 december samma år)")
    return tuple(reasons)


def check_claim(claim: Claim, stats: FrameSource, source_title: str = "",
                source_id: int | None = None) -> Discrepancy | None:
    """None when the statistics agree with the document; else what differs and why."""
    try:
        ours = our_value(claim.place, claim.year, claim.quantity, stats)
    except compute.MissingDataError as exc:
        log.info("cannot check %s: %s", claim.stated, exc.detail)
        ours = OurValue(None, "", "", exc.detail)
    if ours.value is not None and agrees(claim, ours.value):
        return None
    if ours.value is None:
        used = ("Svaret återger uppgiften som dokumentets egen och räknar bara med "
                "SMHI-statistiken i kunskapsbasen.")
        near = neighbours(claim.place, claim.year, claim.quantity, stats)
        near_release = _release(stats, _latest_dataset(claim.place))
    else:
        used = (f"Svaret använder statistiken ({ours.release}), eftersom den är beräknad ur "
                "kunskapsbasens data med en känd och redovisad metod.")
        near, near_release = (), ""
    return Discrepancy(
        claim=claim,
        kind="missing" if ours.value is None else "differs",
        ours=ours.value,
        dataset=ours.dataset,
        release=ours.release,
        method=ours.method,
        reasons=_reasons(claim, ours),
        used=used,
        neighbours=near,
        neighbours_release=near_release,
        source_title=source_title,
        source_id=source_id,
    )


def check_claims(claims: Iterable[Claim], stats: FrameSource, source_title: str = "",
                 source_id: int | None = None) -> list[Discrepancy]:
    """The claims the statistics contradict or cannot confirm, in the order given."""
    found = (check_claim(c, stats, source_title, source_id) for c in claims)
    return [d for d in found if d is not None]


def check_passages(passages: Sequence[Passage], stats: FrameSource,
                   source_ids: dict[str, int] | None = None) -> list[Discrepancy]:
    """Check every retrieved document passage (not the statistics' own profiles); each claim
    is reported once even when several passages repeat it.

    Args:
        source_ids: chunk id -> citation number in the answer, so the text can say "[2]".
    """
    return [c.discrepancy for c in check_all(passages, stats, source_ids)
            if c.discrepancy is not None]




@dataclass(frozen=True)
class Check:
    """One checked claim, agreeing or not, with our value (for the answer's short summary)."""

    claim: Claim
    ours: OurValue
    agrees: bool
    source_id: int | None = None
    discrepancy: Discrepancy | None = None


def check_all(passages: Sequence[Passage], stats: FrameSource,
              source_ids: dict[str, int] | None = None,
              keep: Callable[[Claim], bool] | None = None) -> list[Check]:
    """Every checkable claim of the document passages (statistics profiles skipped, repeats
    once), agreeing or not; `keep` narrows them (e.g. to the figures a question names)."""
    seen: set[tuple[str, int, str, float]] = set()
    result: list[Check] = []
    for passage in passages:
        chunk = passage.chunk
        if is_profile(chunk.doc_id):
            continue
        meta = chunk.meta
        default = place_named(meta.kommun) if meta and meta.kommun else None
        number = (source_ids or {}).get(chunk.id)
        for claim in find_claims(chunk.text, default_place=default):
            key = (claim.place.code, claim.year, claim.quantity, claim.value)
            if key in seen or (keep is not None and not keep(claim)):
                continue
            seen.add(key)
            title = meta.title if meta else chunk.doc_id
            found = check_claim(claim, stats, title, number)
            ours = (our_value(claim.place, claim.year, claim.quantity, stats) if found is None
                    else OurValue(found.ours, found.dataset, found.release, found.method))
            result.append(Check(claim, ours, found is None, number, found))
    return result
