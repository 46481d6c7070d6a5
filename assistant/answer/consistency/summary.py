"""What an answer says when its sources state figures: the full paragraph per discrepancy
(`describe`) and the compact summary an answer carries (`summary_markdown`)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.consistency.checking import Check, Discrepancy
from assistant.reference import PREVIOUS
from assistant.text import format_value

_QUANTITY_TEXT = {"total": "utsläppen", "per_capita": "utsläppen per invånare"}


def describe(d: Discrepancy) -> str:
    """One Swedish paragraph: the document's value, ours, the likely reason, which one is used."""
    claim = d.claim
    where = f"”{d.source_title}”" if d.source_title else "Ett dokument"
    cite = f" [{d.source_id}]" if d.source_id is not None else ""
    lead = (f"{where}{cite} anger {_QUANTITY_TEXT[claim.quantity]} för {claim.place.name} "
            f"år {claim.year} till ”{claim.stated}”.")
    if d.ours is None:
        ours = f" Statistiken: saknas – ingen utgåva har {claim.year}."
        if d.neighbours:
            near = "; ".join(f"{year}: {format_value(value, claim.unit)}"
                             for year, value in d.neighbours)
            ours += f" Närmaste år som finns: {near} ({d.neighbours_release})."
        why = " Uppgiften kan inte kontrolleras, och saknade år fylls aldrig i genom interpolering."
    else:
        shown = format_value(d.ours, claim.unit)
        if claim.quantity == "total" and claim.scale >= 1e6:
            shown += f" (≈ {format_value(d.ours / 1e6, 'Mt CO2e', decimals=2)})"
        ours = f" Statistiken ger {shown}: {d.method}."
        why = " Troliga orsaker: " + "; ".join(d.reasons) + "."
    return f"{lead}{ours}{why} {d.used}"


def consistency_markdown(discrepancies: Sequence[Discrepancy]) -> str:
    """The section an answer appends when its sources state figures the statistics dispute."""
    if not discrepancies:
        return ""
    lines = ["**Dokument och statistik stämmer inte överens**", ""]
    lines += [f"- {describe(d)}" for d in discrepancies]
    return "\n".join(lines)




_SHORT = {
    "sv": {"heading": "Dokument och statistik", "total": "utsläppen", "per_capita":
           "utsläppen per invånare", "missing": "statistiken saknar {year}",
           "near": "närmaste år: {near}",
           "agrees": "stämmer", "ours": "statistiken: {value} ({release})",
           "why": "Trolig orsak till skillnaden: {reasons}.",
           "generic": "dokumentet bygger på en äldre publicering eller en annan metod (SMHI "
                      "räknar om hela tidsserien varje år)",
           "previous": "statistikens värde för {year} kommer från den föregående publiceringen "
                       "({release})",
           "used": "Svaret räknar med statistikens värden; dokumentets uppgifter för år som "
                   "statistiken saknar återges som dokumentets egna och fylls aldrig i."},
    "en": {"heading": "Documents and statistics", "total": "emissions", "per_capita":
           "emissions per inhabitant", "missing": "the statistics have no value for {year}",
           "near":
           "nearest years: {near}", "agrees": "agrees", "ours": "statistics: {value} "
           "({release})", "why": "Likely reason for the difference: {reasons}.",
           "generic": "the document uses an older release or another method (SMHI revises the "
                      "whole series every year)",
           "previous": "the statistics' value for {year} comes from the previous release "
                       "({release})",
           "used": "The answer relies on the statistics' values; the document's figures for "
                   "years the statistics lack are given as the document's own and never filled "
                   "in."},
}


def summary_markdown(checks: Sequence[Check], language: str = "sv",
                     limit: int | None = None) -> str:
    """A few lines for an answer: each figure the documents state, the statistics' value beside
    it, and one line on the likely reason (the full method of each value is in `describe`).
    With `limit`, the closing lines and then the last figures give way until it fits."""
    text = _summary(checks, language)
    while limit is not None and len(text) > limit and len(checks) > 1:
        checks = checks[:-1]
        text = _summary(checks, language, closing=False)
    return text


def _summary(checks: Sequence[Check], language: str = "sv", closing: bool = True) -> str:
    if not checks:
        return ""
    t = _SHORT["en" if language == "en" else "sv"]
    lines = [f"**{t['heading']}**", ""]
    reasons: list[str] = []
    for check in checks:
        claim = check.claim
        cite = f" [{check.source_id}]" if check.source_id is not None else ""
        what = f"{t[claim.quantity]}, {claim.place.name} {claim.year}"
        if check.ours.value is None:
            d = check.discrepancy
            verdict = t["missing"].format(year=claim.year)
            if d is not None and d.neighbours:
                near = ", ".join(f"{y} {format_value(v, claim.unit)}" for y, v in d.neighbours)
                verdict += "; " + t["near"].format(near=near)
        else:
            verdict = t["ours"].format(value=format_value(check.ours.value, claim.unit),
                                       release=check.ours.release)
            if check.agrees:
                verdict += f", {t['agrees']}"
            else:
                reasons += list(claim.scope_hints) if language != "en" else []
                if check.ours.dataset == PREVIOUS:
                    reasons.append(t["previous"].format(year=claim.year,
                                                        release=check.ours.release))
        lines.append(f"- ”{claim.stated}”{cite} ({what}) – {verdict}.")
    if any(not c.agrees for c in checks):
        if any(c.ours.value is not None and not c.agrees for c in checks):
            reasons.append(t["generic"])
            lines += ["", t["why"].format(reasons="; ".join(dict.fromkeys(reasons)))]
        if closing:
            lines += ["", t["used"]]
    return "\n".join(lines)
