"""The statistics as documents: one short Swedish profile per dataset, and the key figures of
each municipality of Stockholms län and of the county, so a retrieval question like "Hur går
det för Nacka?" finds the right numbers. Profiles are chunked and embedded like documents
(document ids `statistik/<dataset>` and `statistik/kommun/<code>`, assistant/reference.py); their
numbers are computed with the figures' own functions (assistant/figures/compute.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from assistant.figures import compute
from assistant.models import Document, DocumentMeta, Section
from assistant.reference import (
    BASE_YEAR,
    CONSUMPTION,
    COUNTY,
    EMISSIONS,
    EV,
    PLANS,
    POPULATION,
    STATISTICS_DIR,
    STOCKHOLM_COUNTY,
    STOCKHOLM_COUNTY_NAME,
    dataset_profile_id,
    place_profile_id,
)
from assistant.stores.statistics.backend import StatisticsReader
from assistant.text import format_signed, format_value


def profiles(store: StatisticsReader) -> list[Document]:
    """One document per dataset, and one per municipality of Stockholms län plus the county."""
    documents = [dataset_profile(store, info.id) for info in store.datasets()]
    return documents + _place_profiles(store)


def dataset_profile(store: StatisticsReader, dataset_id: str) -> Document:
    m = store.manifest(dataset_id)
    years = _years_text(m.years)
    lines = [
        f"{m.title}.",
        m.description,
        f"Källa: {m.source_label()}." + (f" Länk: {m.source_url}" if m.source_url else ""),
        f"Publicering: {m.release}.",
        f"Enhet: {m.unit}." if m.unit else "",
        f"År: {years}." if years else "",
        "Förbehåll: " + " ".join(m.caveats) if m.caveats else "",
    ]
    text = "\n".join(line for line in lines if line)
    meta = DocumentMeta(title=m.title, doc_type="statistikbeskrivning",
                        publisher=m.source_organisation, source_url=m.source_url,
                        source_date=str(m.release_year), topics=("statistik", m.id))
    return _document(dataset_profile_id(m.id), f"{STATISTICS_DIR}/{m.id}.csv", meta, text)


def _years_text(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    if len(years) > 3 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def _document(doc_id: str, path: str, meta: DocumentMeta, text: str) -> Document:
    # The version is the text itself: unchanged data gives an unchanged profile, so ingestion
    # does not re-embed it.
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id=doc_id, path=path, meta=meta, sections=(Section(text=text),),
                    sha256=sha)


def _place_profiles(store: StatisticsReader) -> list[Document]:
    """Short key-figure texts for the 26 municipalities of Stockholms län and the county, so a
    retrieval question like "Hur går det för Nacka?" finds the right numbers."""
    if not (store.has(EMISSIONS) and store.has(POPULATION)):
        return []
    emissions, population = store.frame(EMISSIONS), store.frame(POPULATION)
    release = store.manifest(EMISSIONS).release
    year = int(emissions["year"].max())
    extras = _ProfileExtras.from_store(store)
    documents = []
    for code in compute.county_codes(emissions, STOCKHOLM_COUNTY):
        name = str(emissions.loc[emissions["kommun_code"] == code, "kommun"].iloc[0])
        lines = [f"{name} (kommunkod {code}), Stockholms län: nyckeltal ur statistiken."]
        lines += _emission_lines(
            total=lambda y, c=code: compute.kommun_emissions(emissions, c, y),
            sectors=compute.sector_values(emissions, code, year),
            people=compute.population(population, [code], year), year=year, release=release)
        lines += extras.lines(code)
        documents.append(_place_document(code, name, lines))
    if store.has(COUNTY):
        county = store.frame(COUNTY)
        codes = compute.county_codes(population, STOCKHOLM_COUNTY)
        lines = [f"{STOCKHOLM_COUNTY_NAME} (länskod {STOCKHOLM_COUNTY}): nyckeltal ur "
                 "statistiken."]
        lines += _emission_lines(
            total=lambda y: compute.region_emissions(county, "lan", STOCKHOLM_COUNTY, y)[0],
            sectors=compute.sector_values(county, STOCKHOLM_COUNTY, year,
                                          code_column="lan_code"),
            people=compute.population(population, codes, year), year=year, release=release)
        lines += extras.county_lines(codes)
        documents.append(_place_document(STOCKHOLM_COUNTY, STOCKHOLM_COUNTY_NAME, lines))
    return documents


def _emission_lines(total, sectors: dict[str, float], people: int, year: int,
                    release: str) -> list[str]:
    latest, base = total(year), total(BASE_YEAR)
    _, pct = compute.change(base, latest)
    biggest, value, part = compute.sector_shares(sectors, latest)[0]
    abroad = sectors.get("Utrikes transporter", 0.0)
    lines = [
        f"Territoriella utsläpp av växthusgaser {year}: {format_value(latest, 't CO2e')} "
        f"(publicering: {release}).",
        f"Utsläpp per invånare {year}: "
        f"{format_value(compute.per_capita(latest, people), 't CO2e/inv')} "
        f"(folkmängd 31 december {year}: {format_value(people, 'invånare')}).",
        f"Förändring {BASE_YEAR}–{year}: {format_signed(pct, '%')} "
        f"(från {format_value(base, 't CO2e')}).",
        f"Största sektor {year}: {biggest}, {format_value(value, 't CO2e')} "
        f"({format_value(part, '%')} av totalen).",
    ]
    if abroad > 0:
        # SMHI allocated international transport to municipalities only for 2023-2024.
        lines.append(f"I totalen {year} ingår Utrikes transporter med "
                     f"{format_value(abroad, 't CO2e')}, som SMHI bara fördelar på kommuner "
                     "2023–2024; totalen är därför inte helt jämförbar med tidigare år.")
    return lines


@dataclass(frozen=True)
class _ProfileExtras:
    """The non-emission tables a profile mentions; each is optional."""

    plans: pd.DataFrame | None
    cars: pd.DataFrame | None
    consumption: pd.DataFrame | None

    @classmethod
    def from_store(cls, store: StatisticsReader) -> _ProfileExtras:
        def frame(dataset_id: str) -> pd.DataFrame | None:
            return store.frame(dataset_id) if store.has(dataset_id) else None

        return cls(frame(PLANS), frame(EV), frame(CONSUMPTION))

    def lines(self, code: str) -> list[str]:
        lines = self._car_lines([code])
        if self.consumption is not None:
            value, year = compute.consumption(self.consumption, "kommun", code)
            lines.append(f"Konsumtionsbaserade utsläpp per invånare {year} (modellerad "
                         f"uppskattning från SEI): {format_value(value, 't CO2e/inv')}.")
        if self.plans is not None:
            lines.append(_plan_line(compute.climate_plan(self.plans, code)))
        return lines

    def county_lines(self, codes: list[str]) -> list[str]:
        lines = self._car_lines(codes)
        if self.consumption is not None:
            value, year = compute.consumption(self.consumption, "lan", STOCKHOLM_COUNTY)
            lines.append(f"Konsumtionsbaserade utsläpp per invånare {year} (modellerad "
                         f"uppskattning från SEI): {format_value(value, 't CO2e/inv')}.")
        if self.plans is not None:
            with_plan, count = compute.plans_count(self.plans, codes)
            lines.append(f"Kommuner med klimatplan i Klimatkollens lista: {with_plan} av {count}.")
        return lines

    def _car_lines(self, codes: list[str]) -> list[str]:
        if self.cars is None:
            return []
        year = int(self.cars["year"].max())
        ev = compute.ev_share(self.cars, codes, year)
        return [f"Laddbara bilars andel av nyregistrerade personbilar {year}: "
                f"{format_value(ev.share_pct, '%')} (Trafikanalys; bilar räknas i ägarens "
                "kommun)."]


def _plan_line(plan: compute.ClimatePlan) -> str:
    if not plan.exists:
        return f"Klimatplan: ingen i Klimatkollens lista ({plan.name or 'Plan saknas.'})."
    adopted = f", antagen {plan.year}" if plan.year else ""
    return f"Klimatplan: {plan.name or 'namn saknas'}{adopted}. Länk: {plan.link}"


def _place_document(code: str, name: str, lines: list[str]) -> Document:
    meta = DocumentMeta(title=f"Nyckeltal för {name}", doc_type="statistikprofil",
                        publisher="Klimatassistenten (beräknat ur statistiken)",
                        topics=("statistik", "kommunprofil"), kommun=name)
    return _document(place_profile_id(code), f"{STATISTICS_DIR}/kommun/{code}", meta,
                     "\n".join(lines))
